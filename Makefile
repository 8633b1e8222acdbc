# Gapscope: `make run` serves the dashboard and API over the demo data; `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

CARGO ?= cargo
BIN := target/release/gapscope
NPM ?= npm
WEB := frontend
# The database for `make run`: a SQLite file by default, or a postgres:// URL.
DATABASE_URL ?= gapscope.db
export DATABASE_URL

.PHONY: run build web web-deps test test-rust test-web test-browser lint fmt openapi client \
	bench clean-db help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

build: web ## Build the dashboard and the release binary that carries it
	$(CARGO) build --release --locked -p gapscope

web-deps: $(WEB)/node_modules/.package-lock.json

# npm ci only when the lockfile changed since the last install.
$(WEB)/node_modules/.package-lock.json: $(WEB)/package-lock.json $(WEB)/package.json
	cd $(WEB) && $(NPM) ci --no-audit --no-fund

web: web-deps ## Build the dashboard into frontend/dist (type-checked)
	cd $(WEB) && $(NPM) run build

run: build ## Build, load the demo data into an empty database, serve on 127.0.0.1:8080
	$(BIN) demo --dir demo
	@# Without GAPSCOPE_JWT_SECRET, serve in the clearly named dev mode (throw-away secret).
	$(if $(GAPSCOPE_JWT_SECRET),,GAPSCOPE_DEV_MODE=1) $(BIN) serve

test: lint test-rust test-web test-browser ## What CI runs: lints, Rust, dashboard and browser tests

test-rust: ## Unit, property, storage (SQLite and PostgreSQL) and API tests
	$(CARGO) test --workspace --locked --all-targets

test-web: web-deps ## The generated client is current; the dashboard type-checks; its unit tests
	cd $(WEB) && $(NPM) run check:client && $(NPM) run typecheck && $(NPM) test

test-browser: web ## Every page in headless Chromium; screenshots in target/
	scripts/ensure-chromium.sh
	$(CARGO) build --locked -p gapscope
	cd $(WEB) && GAPSCOPE_BIN=$(CURDIR)/target/debug/gapscope GAPSCOPE_DEMO_DIR=$(CURDIR)/demo \
	  SCREENSHOT_DIR=$(CURDIR)/target/screenshots $(NPM) run e2e

lint: ## Formatting and clippy, warnings are errors
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt: ## Format the code
	$(CARGO) fmt --all

openapi: ## Rewrite the committed spec from the code, and the dashboard's client from it
	$(CARGO) run --quiet --locked -p gapscope -- openapi > openapi/openapi.json
	$(MAKE) client

client: web-deps ## Regenerate the dashboard's TypeScript client from the committed spec
	cd $(WEB) && $(NPM) run gen

bench: ## Speed and memory on both backends (release; needs PostgreSQL)
	$(CARGO) run --release --locked -p gapscope-bench -- --backend both

clean-db: ## Delete the local SQLite database of `make run`
	rm -f gapscope.db gapscope.db-wal gapscope.db-shm

# Gapscope: `make run` serves the API over the demo data; `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

CARGO ?= cargo
BIN := target/release/gapscope
# The database for `make run`: a SQLite file by default, or a postgres:// URL.
DATABASE_URL ?= gapscope.db
export DATABASE_URL

.PHONY: run build test lint fmt openapi bench clean-db help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

build: ## Build the release binary
	$(CARGO) build --release --locked -p gapscope

run: build ## Build, load the demo data into an empty database, serve on 127.0.0.1:8080
	$(BIN) demo --dir demo
	@# Without GAPSCOPE_JWT_SECRET, serve in the clearly named dev mode (throw-away secret).
	$(if $(GAPSCOPE_JWT_SECRET),,GAPSCOPE_DEV_MODE=1) $(BIN) serve

test: lint ## Everything CI checks: lints, unit, property, storage (SQLite and PostgreSQL), API
	$(CARGO) test --workspace --locked --all-targets

lint: ## Formatting and clippy, warnings are errors
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt: ## Format the code
	$(CARGO) fmt --all

openapi: ## Rewrite the committed spec from the code
	$(CARGO) run --quiet --locked -p gapscope -- openapi > openapi/openapi.json

bench: ## Speed and memory checks on both backends (release build; needs PostgreSQL; not part of `make test`)
	$(CARGO) run --release --locked -p gapscope-bench -- --backend both

clean-db: ## Delete the local SQLite database of `make run`
	rm -f gapscope.db gapscope.db-wal gapscope.db-shm

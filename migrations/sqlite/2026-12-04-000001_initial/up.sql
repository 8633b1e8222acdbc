-- Gapscope initial schema, SQLite flavour. Keep in step with migrations/postgres.
-- Ids are INTEGER PRIMARY KEY (the 64-bit rowid); timestamps are TIMESTAMP text in UTC.

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    settings TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE account_managers (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    team TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (org_id, external_id)
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    annual_value DOUBLE PRECISION,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (org_id, external_id)
);

CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    account_manager_id BIGINT NOT NULL REFERENCES account_managers (id),
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    reason TEXT NOT NULL,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
-- At most one open assignment per account.
CREATE UNIQUE INDEX assignments_one_open ON assignments (account_id) WHERE valid_to IS NULL;
CREATE INDEX assignments_account_from ON assignments (account_id, valid_from);
CREATE INDEX assignments_org_am ON assignments (org_id, account_manager_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    external_id TEXT NOT NULL,
    role TEXT NOT NULL,
    UNIQUE (org_id, external_id)
);
CREATE INDEX contacts_account ON contacts (account_id);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (org_id, key)
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('ltr', 'satisfaction', 'ease', 'other')),
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL,
    UNIQUE (org_id, key)
);

CREATE TABLE cycles (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    key TEXT NOT NULL,
    performance_min INTEGER NOT NULL,
    performance_max INTEGER NOT NULL,
    importance_form TEXT NOT NULL CHECK (importance_form IN ('rating', 'pick', 'none')),
    importance_min INTEGER,
    importance_max INTEGER,
    pick_k INTEGER,
    outcome_indicator_id BIGINT REFERENCES indicators (id),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (org_id, key)
);

CREATE TABLE imports (
    id TEXT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    file_name TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    row_count BIGINT NOT NULL DEFAULT 0,
    responses_inserted BIGINT NOT NULL DEFAULT 0,
    responses_updated BIGINT NOT NULL DEFAULT 0,
    responses_unchanged BIGINT NOT NULL DEFAULT 0,
    cycles_created BIGINT NOT NULL DEFAULT 0,
    categories_created BIGINT NOT NULL DEFAULT 0,
    indicators_created BIGINT NOT NULL DEFAULT 0,
    account_managers_created BIGINT NOT NULL DEFAULT 0,
    accounts_created BIGINT NOT NULL DEFAULT 0,
    contacts_created BIGINT NOT NULL DEFAULT 0,
    assignments_changed BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX imports_org_created ON imports (org_id, created_at);

CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    cycle_id BIGINT NOT NULL REFERENCES cycles (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    account_manager_id BIGINT NOT NULL REFERENCES account_managers (id),
    external_id TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    comment TEXT,
    import_id TEXT NOT NULL REFERENCES imports (id),
    UNIQUE (org_id, cycle_id, external_id),
    UNIQUE (cycle_id, contact_id)
);
CREATE INDEX responses_cycle_account ON responses (cycle_id, account_id);
CREATE INDEX responses_contact ON responses (contact_id);
CREATE INDEX responses_account_manager ON responses (account_manager_id);
CREATE INDEX responses_import ON responses (import_id);

CREATE TABLE ratings (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    response_id BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    importance INTEGER,
    performance INTEGER,
    PRIMARY KEY (response_id, category_id)
);

CREATE TABLE indicator_values (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    response_id BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    value INTEGER NOT NULL,
    PRIMARY KEY (response_id, indicator_id)
);

-- Aggregates: one row per (cycle, account, AM of record, contact role[, category | indicator]),
-- recomputed from ratings for every (cycle, account) an import touches, in the same transaction.
CREATE TABLE agg_category (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    cycle_id BIGINT NOT NULL REFERENCES cycles (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    account_manager_id BIGINT NOT NULL REFERENCES account_managers (id),
    role TEXT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    importance_n BIGINT NOT NULL,
    importance_sum BIGINT NOT NULL,
    performance_n BIGINT NOT NULL,
    performance_sum BIGINT NOT NULL,
    top_box_n BIGINT NOT NULL,
    bottom_box_n BIGINT NOT NULL,
    pair_n BIGINT NOT NULL,
    sum_x BIGINT NOT NULL,
    sum_y BIGINT NOT NULL,
    sum_xx BIGINT NOT NULL,
    sum_yy BIGINT NOT NULL,
    sum_xy BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, account_id, account_manager_id, role, category_id)
);

CREATE TABLE agg_indicator (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    cycle_id BIGINT NOT NULL REFERENCES cycles (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    account_manager_id BIGINT NOT NULL REFERENCES account_managers (id),
    role TEXT NOT NULL,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    n BIGINT NOT NULL,
    sum BIGINT NOT NULL,
    promoters BIGINT NOT NULL,
    detractors BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, account_id, account_manager_id, role, indicator_id)
);

CREATE TABLE agg_response (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    cycle_id BIGINT NOT NULL REFERENCES cycles (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    account_manager_id BIGINT NOT NULL REFERENCES account_managers (id),
    role TEXT NOT NULL,
    responses BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, account_id, account_manager_id, role)
);

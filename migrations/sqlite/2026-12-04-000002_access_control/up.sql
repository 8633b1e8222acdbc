-- Access control (issue 3), SQLite flavour. Keep in step with migrations/postgres.
-- Users log in with a password; integration tokens authenticate machines; the audit log
-- records every privileged write.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    -- Trimmed and lower-cased by the store; unique across all organizations, so a login
    -- names one user without naming an organization.
    email TEXT NOT NULL UNIQUE,
    -- Argon2id PHC string.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'account_manager', 'analyst')),
    account_manager_id BIGINT REFERENCES account_managers (id),
    team TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    password_changed_at TIMESTAMP NOT NULL,
    -- Session tokens issued before this instant are dead (password change, logout everywhere,
    -- disabling).
    tokens_valid_after TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- An account-manager user sees one AM's data: the link is set exactly for that role.
    CHECK ((role = 'account_manager') = (account_manager_id IS NOT NULL))
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'import', 'admin')),
    -- Hex SHA-256 of the secret; the secret itself is never stored.
    secret_digest TEXT NOT NULL,
    created_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_org ON api_tokens (org_id);

-- Append-only. The actor ids carry no foreign key on purpose: the history outlives deleted
-- users and tokens (the `actor` label keeps it readable).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    org_id BIGINT REFERENCES organizations (id),
    at TIMESTAMP NOT NULL,
    actor_user_id BIGINT,
    actor_token_id BIGINT,
    actor TEXT NOT NULL,
    client_addr TEXT,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    "before" TEXT,
    "after" TEXT
);
CREATE INDEX audit_log_org_at ON audit_log (org_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

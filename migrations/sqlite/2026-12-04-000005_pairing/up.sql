-- Pairing proposals (METHOD.md section 8) and the moves applied from them, SQLite flavour.
-- Keep in step with migrations/postgres.

-- One optimiser run kept for review: its scope and parameters as given, and its result (the
-- domain's `Pairing`) as JSON. `status` follows what was applied: none of the moves
-- (`proposed`), some (`partially_applied`) or all (`applied`); `applied_at` is the latest
-- application.
CREATE TABLE pairing_proposals (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    scope TEXT NOT NULL,
    parameters TEXT NOT NULL,
    result TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'applied', 'partially_applied')),
    applied_at TIMESTAMP,
    CHECK ((status = 'proposed') = (applied_at IS NULL))
);
CREATE INDEX pairing_proposals_org_created ON pairing_proposals (org_id, created_at);

-- Each move applied from a proposal, with the assignment it opened: at most once per
-- (proposal, account).
CREATE TABLE pairing_applied_moves (
    proposal_id BIGINT NOT NULL REFERENCES pairing_proposals (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    assignment_id BIGINT NOT NULL REFERENCES assignments (id),
    applied_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, account_id)
);

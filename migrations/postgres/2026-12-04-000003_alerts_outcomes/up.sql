-- Alerts (METHOD.md section 7), cycle closing and renewal outcomes, PostgreSQL flavour. Keep
-- in step with migrations/sqlite.

-- The lowest answer of each indicator cell (the detractor rule reads it), rebuilt from the raw
-- values for the cells that exist (README rule 6); the store fills it on every recompute.
ALTER TABLE agg_indicator ADD COLUMN min_value BIGINT;
UPDATE agg_indicator SET min_value = (
    SELECT MIN(v.value)
    FROM indicator_values v
    JOIN responses s ON s.id = v.response_id
    JOIN contacts c ON c.id = s.contact_id
    WHERE s.cycle_id = agg_indicator.cycle_id
      AND s.account_id = agg_indicator.account_id
      AND s.account_manager_id = agg_indicator.account_manager_id
      AND c.role = agg_indicator.role
      AND v.indicator_id = agg_indicator.indicator_id
);

-- Set once, when the cycle is closed; the `unassessed` rule looks at the owners at that instant.
ALTER TABLE cycles ADD COLUMN closed_at TIMESTAMP;

-- One alert per (account, rule, category, cycle). `category_id` 0 means "no category": a NULL
-- would never collide in the UNIQUE constraint on either backend, so re-evaluation could
-- duplicate an alert.
CREATE TABLE alerts (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    cycle_id BIGINT NOT NULL REFERENCES cycles (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    -- The AM who held the account in the cycle: the AM of record of its latest response there,
    -- or (unassessed) its owner when the cycle closed.
    account_manager_id BIGINT NOT NULL REFERENCES account_managers (id),
    rule TEXT NOT NULL CHECK (rule IN ('detractor', 'critical_gap', 'hidden_risk', 'score_drop',
        'category_decline', 'unassessed')),
    category_id BIGINT NOT NULL DEFAULT 0,
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    magnitude DOUBLE PRECISION NOT NULL,
    detail TEXT NOT NULL,
    -- JSON, e.g. the detractor responses' external ids.
    evidence TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, cycle_id, account_id, rule, category_id)
);
CREATE INDEX alerts_org_created ON alerts (org_id, created_at);
CREATE INDEX alerts_org_am ON alerts (org_id, account_manager_id);

-- Append-only: the lifecycle of every alert, never lost. The actor id carries no foreign key,
-- as in audit_log: the history outlives deleted users.
CREATE TABLE alert_events (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    alert_id BIGINT NOT NULL REFERENCES alerts (id),
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id BIGINT,
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'escalated', 'reopened', 'acknowledged',
        'resolved')),
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    note TEXT
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

CREATE FUNCTION alert_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'alert_events is append-only';
END;
$$;
CREATE TRIGGER alert_events_no_update BEFORE UPDATE ON alert_events
    FOR EACH ROW EXECUTE FUNCTION alert_events_append_only();
CREATE TRIGGER alert_events_no_delete BEFORE DELETE ON alert_events
    FOR EACH ROW EXECUTE FUNCTION alert_events_append_only();

-- Renewal decisions, one per account and decision day.
CREATE TABLE outcomes (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    renewed BOOLEAN NOT NULL,
    decided_on DATE NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, account_id, decided_on)
);

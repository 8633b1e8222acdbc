-- Alert events `deescalated` (re-evaluation lowered the severity) and `cleared` (re-evaluation
-- no longer found the alert and resolved it), SQLite flavour. Keep in step with
-- migrations/postgres.
--
-- SQLite cannot alter a CHECK constraint, so `alert_events` is rebuilt with the wider one:
-- same columns, rows, ids, index and append-only triggers. Dropping the old table drops its
-- triggers first and fires none; no table references `alert_events`.
CREATE TABLE alert_events_new (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    alert_id BIGINT NOT NULL REFERENCES alerts (id),
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id BIGINT,
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'escalated', 'deescalated', 'reopened',
        'acknowledged', 'resolved', 'cleared')),
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    note TEXT
);
INSERT INTO alert_events_new (id, org_id, alert_id, at, actor, actor_user_id, kind, severity,
    note)
SELECT id, org_id, alert_id, at, actor, actor_user_id, kind, severity, note FROM alert_events;
DROP TABLE alert_events;
ALTER TABLE alert_events_new RENAME TO alert_events;
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

CREATE TRIGGER alert_events_no_update BEFORE UPDATE ON alert_events
BEGIN
    SELECT RAISE(ABORT, 'alert_events is append-only');
END;
CREATE TRIGGER alert_events_no_delete BEFORE DELETE ON alert_events
BEGIN
    SELECT RAISE(ABORT, 'alert_events is append-only');
END;

-- Back to the five event kinds. Events are never deleted, so this fails (CHECK) while any
-- `deescalated` or `cleared` event exists rather than losing history.
CREATE TABLE alert_events_old (
    id INTEGER PRIMARY KEY,
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
INSERT INTO alert_events_old (id, org_id, alert_id, at, actor, actor_user_id, kind, severity,
    note)
SELECT id, org_id, alert_id, at, actor, actor_user_id, kind, severity, note FROM alert_events;
DROP TABLE alert_events;
ALTER TABLE alert_events_old RENAME TO alert_events;
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

CREATE TRIGGER alert_events_no_update BEFORE UPDATE ON alert_events
BEGIN
    SELECT RAISE(ABORT, 'alert_events is append-only');
END;
CREATE TRIGGER alert_events_no_delete BEFORE DELETE ON alert_events
BEGIN
    SELECT RAISE(ABORT, 'alert_events is append-only');
END;

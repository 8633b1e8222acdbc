-- Alert events `deescalated` (re-evaluation lowered the severity) and `cleared` (re-evaluation
-- no longer found the alert and resolved it), PostgreSQL flavour. Keep in step with
-- migrations/sqlite (which has to rebuild the table to widen the CHECK).
ALTER TABLE alert_events DROP CONSTRAINT alert_events_kind_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_kind_check
    CHECK (kind IN ('raised', 'escalated', 'deescalated', 'reopened', 'acknowledged',
        'resolved', 'cleared'));

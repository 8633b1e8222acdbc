-- Back to the five event kinds. Events are never deleted, so this fails (CHECK) while any
-- `deescalated` or `cleared` event exists rather than losing history.
ALTER TABLE alert_events DROP CONSTRAINT alert_events_kind_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_kind_check
    CHECK (kind IN ('raised', 'escalated', 'reopened', 'acknowledged', 'resolved'));

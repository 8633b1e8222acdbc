DROP TABLE outcomes;
DROP TRIGGER alert_events_no_delete ON alert_events;
DROP TRIGGER alert_events_no_update ON alert_events;
DROP FUNCTION alert_events_append_only();
DROP TABLE alert_events;
DROP TABLE alerts;
ALTER TABLE cycles DROP COLUMN closed_at;
ALTER TABLE agg_indicator DROP COLUMN min_value;

DROP TABLE outcomes;
DROP TRIGGER alert_events_no_delete;
DROP TRIGGER alert_events_no_update;
DROP TABLE alert_events;
DROP TABLE alerts;
ALTER TABLE cycles DROP COLUMN closed_at;
ALTER TABLE agg_indicator DROP COLUMN min_value;

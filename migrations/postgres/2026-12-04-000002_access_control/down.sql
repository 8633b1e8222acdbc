DROP TRIGGER audit_log_no_delete ON audit_log;
DROP TRIGGER audit_log_no_update ON audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE users;

-- When a session was last used, for the idle timeout (a session also ends 8 hours after sign-in,
-- by expires_at). Written at most once a minute per session, so reads stay reads.
-- Kept in step with the other backend's 0009_session_idle.sql.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;

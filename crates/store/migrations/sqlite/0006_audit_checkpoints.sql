-- Checkpoints of the access log's head: entry count, last id and hash, time, and an HMAC-SHA256
-- under a key kept outside the database (src/audit_checkpoint.rs). This is the database's copy;
-- the authoritative one is the append-only checkpoint file beside the key. `kind` is
-- 'checkpoint' or 'restore' (a backup was restored: the head moved back on purpose).
-- Kept in step with postgres/0006_audit_checkpoints.sql.
CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entries INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    head TEXT NOT NULL,
    at TEXT NOT NULL,
    mac TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;

-- People, families, users, sessions, the access log and the case timeline.
-- Kept in step with postgres/0002_people_access.sql.
CREATE TABLE families (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

ALTER TABLE persons ADD COLUMN cpr TEXT;
ALTER TABLE persons ADD COLUMN family_id INTEGER REFERENCES families (id);
ALTER TABLE persons ADD COLUMN family_role TEXT;
CREATE UNIQUE INDEX persons_cpr_key ON persons (cpr);
CREATE INDEX persons_name ON persons (name);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER REFERENCES units (id),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    CONSTRAINT users_username_key UNIQUE (username)
);

ALTER TABLE cases ADD COLUMN referred_by_user_id INTEGER REFERENCES users (id);
ALTER TABLE cases ADD COLUMN assigned_user_id INTEGER REFERENCES users (id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Append-only: the triggers refuse changes; the hash chain detects changes made around them.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    action TEXT NOT NULL,
    person_id INTEGER,
    case_id INTEGER,
    detail TEXT NOT NULL,
    remote TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_case ON audit_events (case_id);
CREATE INDEX audit_events_person ON audit_events (person_id);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    kind TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id);

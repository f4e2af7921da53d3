-- Every change to a service is kept as a version: who, when, what changed, and the whole
-- service as it was. Kept in step with postgres/0003_service_versions.sql.
CREATE TABLE service_versions (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    changed TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    CONSTRAINT service_versions_key UNIQUE (service_id, version)
);

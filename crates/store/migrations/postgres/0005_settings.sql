-- The municipality's settings (ladder, deadlines, thresholds): one row, id 1, holding them as a
-- versioned snapshot (`{"format": N, "data": …}`, see src/snapshot.rs), and who changed them
-- when. No row means the built-in defaults. Kept in step with sqlite/0005_settings.sql.
CREATE TABLE settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    snapshot TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by BIGINT REFERENCES users (id)
);

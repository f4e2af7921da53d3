-- The municipality's settings (ladder, deadlines, thresholds): one row, id 1, holding them as a
-- versioned snapshot (`{"format": N, "data": …}`, see src/snapshot.rs), and who changed them
-- when. No row means the built-in defaults. Kept in step with postgres/0005_settings.sql.
CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    snapshot TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by INTEGER REFERENCES users (id)
);

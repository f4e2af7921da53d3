-- The case journal: one row per contact (`journal_entries`) and one row per version of it
-- (`journal_versions`). A correction inserts a new version; no version is ever updated, so
-- what was written first stays readable beside the correction. Practitioners are two columns
-- (one or two on a contact: the domain's rule), participants a comma-separated list of codes,
-- so the journal of a case is one indexed query without child tables.
-- Kept in step with postgres/0014_journal.sql.
CREATE TABLE journal_entries (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    created_at TEXT NOT NULL
);
CREATE INDEX journal_entries_by_case ON journal_entries (case_id, id);

CREATE TABLE journal_versions (
    entry_id INTEGER NOT NULL REFERENCES journal_entries (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    kind TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    -- Danish local time of day, `HH:MM`.
    start_time TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    place TEXT NOT NULL,
    participants TEXT NOT NULL,
    practitioner_1 INTEGER NOT NULL REFERENCES users (id),
    practitioner_2 INTEGER REFERENCES users (id),
    note TEXT NOT NULL,
    written_at TEXT NOT NULL,
    -- Empty for the console (it has no account).
    written_by INTEGER REFERENCES users (id),
    PRIMARY KEY (entry_id, version),
    CONSTRAINT journal_two_practitioners CHECK (practitioner_2 IS NULL OR practitioner_2 <> practitioner_1)
);

-- Strengthened family treatment (styrket familiebehandling): the service's flag; on the journal,
-- planned or flexible time, whether the family may read an entry, and a multi-family group
-- session's other cases (comma-separated ids, like `participants`, so a case's journal stays
-- one query); a case's three phases (one row per case, replaced when corrected); and the
-- network map's dated snapshots with their people. Old rows read as planned, internal and
-- without other families. Kept in step with postgres/0024_family_treatment.sql.
ALTER TABLE services ADD COLUMN family_treatment BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE journal_versions ADD COLUMN flexible BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE journal_versions ADD COLUMN family_may_read BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE journal_versions ADD COLUMN group_cases TEXT NOT NULL DEFAULT '';

CREATE TABLE treatment_phases (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    phase1_start TEXT,
    phase1_end TEXT,
    phase2_start TEXT,
    phase2_end TEXT,
    phase3_start TEXT,
    phase3_end TEXT,
    written_at TEXT NOT NULL,
    written_by INTEGER REFERENCES users (id)
);

CREATE TABLE network_maps (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    taken_on TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by INTEGER REFERENCES users (id)
);
CREATE INDEX network_maps_case ON network_maps (case_id, taken_on);

CREATE TABLE network_people (
    map_id INTEGER NOT NULL REFERENCES network_maps (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    closeness TEXT NOT NULL CHECK (closeness IN ('close', 'medium', 'distant')),
    PRIMARY KEY (map_id, position)
);

-- The committee report: its configuration (which services are rows, their paragraph, label,
-- order and the leader's remarks) as one row, id 1, holding a versioned snapshot (see
-- src/snapshot.rs); no row means the rows come from the catalogue's report flag. And the
-- editions saved for a committee meeting: the whole report as sent (rows, remarks, figures and
-- the comparison) as a snapshot, so it reopens unchanged however the cases change later.
-- Kept in step with postgres/0008_report_editions.sql.
CREATE TABLE report_config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    snapshot TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by INTEGER REFERENCES users (id)
);

CREATE TABLE report_editions (
    id INTEGER PRIMARY KEY,
    meeting_on TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    as_of TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id)
);

CREATE INDEX report_editions_meeting ON report_editions (meeting_on);

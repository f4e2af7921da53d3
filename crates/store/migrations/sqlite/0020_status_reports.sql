-- Status reports on running cases: the period, the text, the family's reading (day and
-- remarks), the leader's approval and the sending to the referring caseworker, each with who
-- and when, and the follow-up it was written for (its report deadline is met once it is
-- sent). Times are UTC (RFC 3339 text). Kept in step with the other backend's
-- 0020_status_reports.sql.
CREATE TABLE status_reports (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    follow_up_number INTEGER NOT NULL CHECK (follow_up_number >= 1),
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'sent')),
    family_read_on TEXT,
    family_remarks TEXT NOT NULL DEFAULT '',
    written_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    approved_by INTEGER REFERENCES users (id),
    approved_at TEXT,
    sent_by INTEGER REFERENCES users (id),
    sent_at TEXT
);
CREATE INDEX status_reports_by_case ON status_reports (case_id);
CREATE INDEX status_reports_sent ON status_reports (sent_at) WHERE sent_at IS NOT NULL;

-- Follow-up meetings held on a case: the deadline of a follow-up goes away only when one is
-- recorded here (the due one is number held + 1, `domain::deadlines::due_follow_up`). Kept in
-- step with postgres/0015_follow_ups.sql.
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    number INTEGER NOT NULL,
    held_on TEXT NOT NULL,
    attendees TEXT NOT NULL,
    decision TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    CONSTRAINT follow_ups_number_once UNIQUE (case_id, number)
);

-- Self-referral from the public catalogue. A unit's contact details for "Kontakt os" on every
-- service page (empty until the unit sets them), and the citizens' enquiries (henvendelser) in
-- the delivering unit's inbox: contact details, the child's first name and age or birth date,
-- the difficulties in their own words, and how the unit handled it (accepted as a case, or
-- answered and closed with a note). `receipt` is the number the citizen is given (random, never
-- the id). The retention rule erases the personal fields 12 months after closing and sets
-- `erased_on`; the row stays for counts. Kept in step with postgres/0012_enquiries.sql.
ALTER TABLE units ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN address TEXT NOT NULL DEFAULT '';

CREATE TABLE enquiries (
    id INTEGER PRIMARY KEY,
    receipt TEXT NOT NULL,
    service_id INTEGER NOT NULL REFERENCES services (id),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    received_at TEXT NOT NULL,
    -- The Danish date it arrived (the application's today), for the retention rule's count.
    received_on TEXT NOT NULL,
    parent_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    child_first_name TEXT NOT NULL,
    child_age INTEGER,
    child_birth_date TEXT,
    difficulties TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'closed')),
    answer TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    closed_by INTEGER REFERENCES users (id),
    case_id INTEGER REFERENCES cases (id),
    erased_on TEXT,
    CONSTRAINT enquiries_receipt_key UNIQUE (receipt)
);
CREATE INDEX enquiries_unit ON enquiries (unit_id, status);

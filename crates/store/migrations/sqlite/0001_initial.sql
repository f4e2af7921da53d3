-- Initial schema. Kept in step with migrations/postgres/0001_initial.sql: same tables, same
-- columns, same constraint names; only the types differ (dates are ISO text here).
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    CONSTRAINT units_name_key UNIQUE (name)
);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    legal_refs TEXT NOT NULL,
    target_group TEXT NOT NULL,
    quality_goals TEXT NOT NULL,
    activities TEXT NOT NULL,
    citizen_tasks TEXT NOT NULL,
    time_use TEXT NOT NULL,
    duration TEXT NOT NULL,
    other TEXT NOT NULL,
    status TEXT NOT NULL,
    approval_body TEXT,
    approval_date TEXT,
    ladder_step INTEGER NOT NULL,
    access TEXT NOT NULL,
    delivery TEXT NOT NULL,
    age_min INTEGER,
    age_max INTEGER,
    capacity INTEGER,
    in_report BOOLEAN NOT NULL,
    talks INTEGER,
    first_follow_up_months INTEGER,
    follow_up_every_months INTEGER,
    requires_consent BOOLEAN NOT NULL,
    no_notes BOOLEAN NOT NULL,
    themes TEXT NOT NULL,
    CONSTRAINT services_unit_name_key UNIQUE (unit_id, name)
);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    birth_date TEXT
);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    person_id INTEGER NOT NULL REFERENCES persons (id),
    referral_source TEXT NOT NULL,
    enrolled_on TEXT NOT NULL,
    started_on TEXT,
    closed_on TEXT,
    closure_reason TEXT,
    note TEXT NOT NULL,
    -- Bumped by every change, so a transition never overwrites one made concurrently.
    version INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT cases_start_after_enrolment CHECK (started_on IS NULL OR started_on >= enrolled_on),
    CONSTRAINT cases_close_after_start CHECK (closed_on IS NULL OR closed_on >= COALESCE(started_on, enrolled_on)),
    CONSTRAINT cases_closure_reason_with_date CHECK ((closed_on IS NULL) = (closure_reason IS NULL))
);

CREATE INDEX cases_service_enrolled ON cases (service_id, enrolled_on);
-- The report reads open cases and cases started in a period; these keep it off the full table.
CREATE INDEX cases_open ON cases (closed_on, service_id, enrolled_on, started_on);
CREATE INDEX cases_started ON cases (started_on, service_id, enrolled_on);

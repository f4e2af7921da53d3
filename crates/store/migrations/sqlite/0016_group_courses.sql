-- Group courses (`domain::group_course`): a course of a group service with its leaders, its
-- session plan (each session keeps its planned date; a moved one has a new date, a cancelled
-- one a reason), its participants (a case on the service's waiting list, enrolled while seats
-- last: the store counts seats inside the transaction, on SQLite under the one writer's lock (BEGIN IMMEDIATE), on PostgreSQL under a row lock on the
-- course), attendance per session and participant, the pre-talk (forsamtale) of a case, and
-- the school holidays the municipality edits. Kept in step with postgres/0016_group_courses.sql.
CREATE TABLE school_holidays (
    id INTEGER PRIMARY KEY,
    school_year INTEGER NOT NULL,
    name TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id)
);

CREATE TABLE group_courses (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    name TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    max_families INTEGER,
    min_age INTEGER NOT NULL,
    max_age INTEGER NOT NULL,
    place TEXT NOT NULL,
    weekday TEXT NOT NULL,
    start_time TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    interval_code TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    end_sessions INTEGER,
    end_until TEXT,
    step_built BOOLEAN NOT NULL,
    continuous_intake BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id)
);
CREATE INDEX group_courses_service ON group_courses (service_id);

CREATE TABLE group_course_leaders (
    course_id INTEGER NOT NULL REFERENCES group_courses (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX group_course_leaders_user ON group_course_leaders (user_id);

CREATE TABLE group_sessions (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES group_courses (id),
    number INTEGER NOT NULL,
    planned_on TEXT NOT NULL,
    held_on TEXT NOT NULL,
    start_time TEXT NOT NULL,
    cancelled_reason TEXT,
    changed_at TEXT,
    changed_by INTEGER REFERENCES users (id),
    CONSTRAINT group_sessions_number_once UNIQUE (course_id, number)
);

CREATE TABLE group_participants (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES group_courses (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    family_key TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    enrolled_by INTEGER REFERENCES users (id),
    CONSTRAINT group_participants_once UNIQUE (course_id, case_id)
);
CREATE INDEX group_participants_case ON group_participants (case_id);

CREATE TABLE group_attendance (
    session_id INTEGER NOT NULL REFERENCES group_sessions (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    status TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    PRIMARY KEY (session_id, case_id)
);

CREATE TABLE pre_talks (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    held_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id)
);
CREATE INDEX pre_talks_case ON pre_talks (case_id);

-- Goals on a case in the family's own words (child, parent or family level), ended by setting
-- ended_on (never deleted), their ratings 1–10 on a date, and instrument scores
-- (`domain::measurement` owns the instruments' ranges; the checks here are a last guard).
-- Kept in step with postgres/0017_goals_measurements.sql.
CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    level TEXT NOT NULL,
    text TEXT NOT NULL,
    set_on TEXT NOT NULL,
    ended_on TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id)
);
CREATE INDEX goals_case ON goals (case_id);

CREATE TABLE goal_ratings (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goals (id),
    rated_on TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 10),
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id)
);
CREATE INDEX goal_ratings_goal ON goal_ratings (goal_id, rated_on);

CREATE TABLE measurements (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    instrument TEXT NOT NULL,
    measured_on TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 40),
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id)
);
CREATE INDEX measurements_case ON measurements (case_id, instrument, measured_on);

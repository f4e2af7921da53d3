-- What a service's rules ask to be recorded on a case before it starts or reports
-- (`domain::service_rules`): consents (the date and who gave it; § 109's mother's consent,
-- § 71.2's parents' consent to a contact report) and the decision supervised contact needs
-- (§ 71.3: date, frequency, duration, supervisor). Rows are only added; the newest decision
-- counts, so an earlier one stays as history. Kept in step with postgres/0022_consents_decisions.sql.
CREATE TABLE case_consents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    given_on TEXT NOT NULL,
    given_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id)
);
CREATE INDEX case_consents_case ON case_consents (case_id);
CREATE TABLE case_decisions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    decided_on TEXT NOT NULL,
    frequency TEXT NOT NULL,
    duration TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id)
);
CREATE INDEX case_decisions_case ON case_decisions (case_id);
-- The rules added after the first catalogue (maximum talks, status meeting, hours, contact
-- frequency, weekdays only, age check, lead time, consent before a report, decision) as one
-- JSON object (`services.rs`'s `MoreRules`); `{}` reads as none of them.
ALTER TABLE services ADD COLUMN more_rules TEXT NOT NULL DEFAULT '{}';

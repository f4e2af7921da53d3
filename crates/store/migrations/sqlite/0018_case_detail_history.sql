-- Corrections of a case's details after referral (the referral note, the referral source):
-- each change keeps the value it replaced, who changed it and when, so the history of what
-- the case said is never lost. And the indexes the case lists need at a million cases:
-- "Mine sager" (a practitioner's cases), the cases of a person (name search), and the started,
-- open cases a unit's deadlines are computed from (partial: a small part of all cases).
-- Kept in step with postgres/0018_case_detail_history.sql.
CREATE TABLE case_detail_changes (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    -- `note` or `referral_source`.
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    -- Empty for the console (it has no account).
    changed_by INTEGER REFERENCES users (id)
);
CREATE INDEX case_detail_changes_by_case ON case_detail_changes (case_id, id);
CREATE INDEX cases_assigned ON cases (assigned_user_id, enrolled_on);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_active ON cases (service_id, started_on, id) WHERE started_on IS NOT NULL AND closed_on IS NULL;

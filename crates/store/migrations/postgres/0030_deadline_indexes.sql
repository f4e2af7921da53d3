-- The front page's waiting lists per service read the waiting cases only; the deadlines
-- page's count and its practitioner filter through the stored next follow-up
-- (0026): a unit's count reads its services' ranges of (service_id, date), a practitioner's
-- their range of (assigned_user_id, date), instead of every open case's row. The first page
-- itself is the ordered cases_next_follow_up. Kept in step with sqlite/0030_deadline_indexes.sql.
CREATE INDEX cases_service_follow_up ON cases (service_id, next_follow_up_on) WHERE next_follow_up_on IS NOT NULL;
CREATE INDEX cases_assigned_follow_up ON cases (assigned_user_id, next_follow_up_on) WHERE next_follow_up_on IS NOT NULL;
CREATE INDEX cases_waiting ON cases (service_id, enrolled_on) WHERE started_on IS NULL AND closed_on IS NULL;

-- Closure and reopening: a closure may name the service the family moved on to and carry the
-- end report; reopening a closed case starts a new episode (a new row pointing at the episode it
-- continues), so the closed episode, its dates and every past period's report figures stay as
-- they were. At most one episode continues a given one. Kept in step with
-- sqlite/0013_closure_episodes.sql.
ALTER TABLE cases ADD COLUMN closure_next_service_id BIGINT REFERENCES services (id);
ALTER TABLE cases ADD COLUMN end_report TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN reopened_from BIGINT REFERENCES cases (id);
CREATE UNIQUE INDEX cases_reopened_from ON cases (reopened_from) WHERE reopened_from IS NOT NULL;

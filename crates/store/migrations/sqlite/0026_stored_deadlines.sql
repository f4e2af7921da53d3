-- Each open case's next follow-up, stored so a unit's deadlines and the front page read one
-- indexed range instead of computing every running case's deadline on each visit. The date is
-- derived (`domain::deadlines::due_follow_up` from the start, the follow-ups held and the
-- service's rule); the triggers mark a case stale whenever one of those facts changes, and the
-- application recomputes the stale ones before it reads deadlines, so no write path can forget.
-- Kept in step with postgres/0026_stored_deadlines.sql.
ALTER TABLE cases ADD COLUMN next_follow_up_on TEXT;
ALTER TABLE cases ADD COLUMN next_follow_up_number INTEGER;
ALTER TABLE cases ADD COLUMN deadline_stale BOOLEAN NOT NULL DEFAULT TRUE;

CREATE INDEX cases_next_follow_up ON cases (next_follow_up_on, id) WHERE next_follow_up_on IS NOT NULL;
CREATE INDEX cases_deadline_stale ON cases (id) WHERE deadline_stale;

CREATE TRIGGER cases_deadline_facts AFTER UPDATE OF started_on, closed_on, service_id ON cases
WHEN OLD.started_on IS NOT NEW.started_on OR OLD.closed_on IS NOT NEW.closed_on OR OLD.service_id IS NOT NEW.service_id
BEGIN
    UPDATE cases SET deadline_stale = TRUE WHERE id = NEW.id;
END;

CREATE TRIGGER follow_ups_deadline_held AFTER INSERT ON follow_ups
BEGIN
    UPDATE cases SET deadline_stale = TRUE WHERE id = NEW.case_id;
END;

CREATE TRIGGER follow_ups_deadline_removed AFTER DELETE ON follow_ups
BEGIN
    UPDATE cases SET deadline_stale = TRUE WHERE id = OLD.case_id;
END;

CREATE TRIGGER services_deadline_rule AFTER UPDATE OF first_follow_up_months, follow_up_every_months ON services
WHEN OLD.first_follow_up_months IS NOT NEW.first_follow_up_months OR OLD.follow_up_every_months IS NOT NEW.follow_up_every_months
BEGIN
    UPDATE cases SET deadline_stale = TRUE WHERE service_id = NEW.id AND closed_on IS NULL;
END;

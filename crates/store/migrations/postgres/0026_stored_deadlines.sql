-- Each open case's next follow-up, stored so a unit's deadlines and the front page read one
-- indexed range instead of computing every running case's deadline on each visit. The date is
-- derived (`domain::deadlines::due_follow_up` from the start, the follow-ups held and the
-- service's rule); the triggers mark a case stale whenever one of those facts changes, and the
-- application recomputes the stale ones before it reads deadlines, so no write path can forget.
-- Kept in step with sqlite/0026_stored_deadlines.sql.
ALTER TABLE cases ADD COLUMN next_follow_up_on DATE;
ALTER TABLE cases ADD COLUMN next_follow_up_number BIGINT;
ALTER TABLE cases ADD COLUMN deadline_stale BOOLEAN NOT NULL DEFAULT TRUE;

CREATE INDEX cases_next_follow_up ON cases (next_follow_up_on, id) WHERE next_follow_up_on IS NOT NULL;
CREATE INDEX cases_deadline_stale ON cases (id) WHERE deadline_stale;

CREATE FUNCTION cases_deadline_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.deadline_stale := TRUE;
    RETURN NEW;
END
$$;

CREATE TRIGGER cases_deadline_facts BEFORE UPDATE OF started_on, closed_on, service_id ON cases
FOR EACH ROW
WHEN (OLD.started_on IS DISTINCT FROM NEW.started_on OR OLD.closed_on IS DISTINCT FROM NEW.closed_on OR OLD.service_id IS DISTINCT FROM NEW.service_id)
EXECUTE FUNCTION cases_deadline_facts_changed();

CREATE FUNCTION follow_ups_deadline_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE cases SET deadline_stale = TRUE WHERE id = OLD.case_id;
        RETURN OLD;
    END IF;
    UPDATE cases SET deadline_stale = TRUE WHERE id = NEW.case_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER follow_ups_deadline_held AFTER INSERT ON follow_ups
FOR EACH ROW EXECUTE FUNCTION follow_ups_deadline_changed();

CREATE TRIGGER follow_ups_deadline_removed AFTER DELETE ON follow_ups
FOR EACH ROW EXECUTE FUNCTION follow_ups_deadline_changed();

CREATE FUNCTION services_deadline_rule_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases SET deadline_stale = TRUE WHERE service_id = NEW.id AND closed_on IS NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER services_deadline_rule AFTER UPDATE OF first_follow_up_months, follow_up_every_months ON services
FOR EACH ROW
WHEN (OLD.first_follow_up_months IS DISTINCT FROM NEW.first_follow_up_months OR OLD.follow_up_every_months IS DISTINCT FROM NEW.follow_up_every_months)
EXECUTE FUNCTION services_deadline_rule_changed();

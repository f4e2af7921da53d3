-- Whether a case's ORS/SRS series is off track (`domain::off_track`), stored so the leader's
-- front page reads the flagged cases through one small index instead of every running case's
-- scores on each visit. Derived like the stored deadlines (0026): a trigger marks the case
-- stale when a score is added, changed or removed, and the application recomputes the stale
-- ones before it reads the flags. The cases already measured start stale.
-- Kept in step with sqlite/0029_stored_off_track.sql.
ALTER TABLE cases ADD COLUMN off_track BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN off_track_stale BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE cases SET off_track_stale = TRUE WHERE id IN (SELECT case_id FROM measurements WHERE instrument IN ('ors', 'srs'));

CREATE INDEX cases_off_track ON cases (id) WHERE off_track;
CREATE INDEX cases_off_track_stale ON cases (id) WHERE off_track_stale;

CREATE FUNCTION measurements_off_track_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.instrument IN ('ors', 'srs') THEN
            UPDATE cases SET off_track_stale = TRUE WHERE id = OLD.case_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.instrument IN ('ors', 'srs') THEN
            UPDATE cases SET off_track_stale = TRUE WHERE id = NEW.case_id;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER measurements_off_track AFTER INSERT OR UPDATE OR DELETE ON measurements
FOR EACH ROW EXECUTE FUNCTION measurements_off_track_changed();

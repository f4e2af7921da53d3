-- Whether a case's ORS/SRS series is off track (`domain::off_track`), stored so the leader's
-- front page reads the flagged cases through one small index instead of every running case's
-- scores on each visit. Derived like the stored deadlines (0026): a trigger marks the case
-- stale when a score is added, changed or removed, and the application recomputes the stale
-- ones before it reads the flags. The cases already measured start stale.
-- Kept in step with postgres/0029_stored_off_track.sql.
ALTER TABLE cases ADD COLUMN off_track BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN off_track_stale BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE cases SET off_track_stale = TRUE WHERE id IN (SELECT case_id FROM measurements WHERE instrument IN ('ors', 'srs'));

CREATE INDEX cases_off_track ON cases (id) WHERE off_track;
CREATE INDEX cases_off_track_stale ON cases (id) WHERE off_track_stale;

CREATE TRIGGER measurements_off_track_added AFTER INSERT ON measurements
WHEN NEW.instrument IN ('ors', 'srs')
BEGIN
    UPDATE cases SET off_track_stale = TRUE WHERE id = NEW.case_id;
END;

CREATE TRIGGER measurements_off_track_changed AFTER UPDATE ON measurements
WHEN OLD.instrument IN ('ors', 'srs') OR NEW.instrument IN ('ors', 'srs')
BEGIN
    UPDATE cases SET off_track_stale = TRUE WHERE id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER measurements_off_track_removed AFTER DELETE ON measurements
WHEN OLD.instrument IN ('ors', 'srs')
BEGIN
    UPDATE cases SET off_track_stale = TRUE WHERE id = OLD.case_id;
END;

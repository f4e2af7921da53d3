-- Retention: the day a person's identity was removed (name, CPR, birth date, family) after the
-- retention period; their cases stay, with dates and codes, so closed periods' report figures
-- do not change. Kept in step with postgres/0010_retention.sql.
ALTER TABLE persons ADD COLUMN anonymised_on TEXT;

-- Retention: the day a person's identity was removed (name, CPR, birth date, family) after the
-- retention period; their cases stay, with dates and codes, so closed periods' report figures
-- do not change. Kept in step with sqlite/0010_retention.sql.
ALTER TABLE persons ADD COLUMN anonymised_on DATE;

-- Family-house access models (`domain::access_route`): the way each case came in (an
-- authority referral for every case so far), the child's expected birth date on a case opened
-- during pregnancy (before the child has a CPR number or a birth date), and which ways in a
-- service allows besides the authority referral (comma-separated codes; empty: only that).
-- Continuous-intake courses: a participation ended on a day frees its seat from then on.
-- Kept in step with postgres/0025_access_routes.sql.
ALTER TABLE cases ADD COLUMN access_route TEXT NOT NULL DEFAULT 'authority_referral';
ALTER TABLE cases ADD COLUMN expected_birth_on TEXT;
CREATE INDEX cases_enrolled ON cases (enrolled_on);
ALTER TABLE services ADD COLUMN access_routes TEXT NOT NULL DEFAULT '';
ALTER TABLE group_participants ADD COLUMN left_on TEXT;
ALTER TABLE group_participants ADD COLUMN left_reason TEXT;

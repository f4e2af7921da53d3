-- Anonymous counselling as courses of talks. A course has a random number the citizen may
-- quote (`A-7K3Q-92`), never a name; each talk records its number in the course, where the
-- counsellor guided the citizen (closed choices) and which counsellor logged it on which day
-- (staff, so they can correct their own entry the same day). Every text column is held to its
-- closed set of codes by a CHECK, so the database itself refuses a name, a CPR number or free
-- text; the table is rebuilt to add those checks to the columns of 0004. Kept in step with
-- postgres/0019_anonymous_courses.sql.
CREATE TABLE anonymous_courses (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE CHECK (number GLOB 'A-[2-9ABCDEFGHJKMNPQRSTUVWXYZ][2-9ABCDEFGHJKMNPQRSTUVWXYZ][2-9ABCDEFGHJKMNPQRSTUVWXYZ][2-9ABCDEFGHJKMNPQRSTUVWXYZ]-[2-9ABCDEFGHJKMNPQRSTUVWXYZ][2-9ABCDEFGHJKMNPQRSTUVWXYZ]'),
    service_id INTEGER NOT NULL REFERENCES services (id),
    opened_on TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    talks INTEGER NOT NULL DEFAULT 0 CHECK (talks >= 0)
);

CREATE TABLE anonymous_contacts_checked (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    occurred_on TEXT NOT NULL CHECK (occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    channel TEXT NOT NULL CHECK (channel IN ('in_person', 'phone', 'chat', 'mail')),
    seeker TEXT NOT NULL CHECK (seeker IN ('child', 'parent', 'family', 'other_adult')),
    age_band TEXT NOT NULL CHECK (age_band IN ('0-5', '6-12', '13-17', '18-22', '23-25', 'unknown')),
    topic TEXT NOT NULL CHECK (topic IN ('divorce', 'family_conflict', 'wellbeing', 'anxiety', 'school', 'parenting', 'other')),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
    course_id INTEGER REFERENCES anonymous_courses (id),
    talk_number INTEGER CHECK (talk_number >= 1),
    guided_onward TEXT NOT NULL DEFAULT 'none' CHECK (guided_onward IN ('none', 'service', 'gp', 'psychiatry', 'school_ppr', 'authority', 'volunteer', 'other')),
    guided_service_id INTEGER REFERENCES services (id),
    recorded_by INTEGER REFERENCES users (id),
    recorded_on TEXT CHECK (recorded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CHECK ((course_id IS NULL) = (talk_number IS NULL)),
    CHECK ((guided_onward = 'service') = (guided_service_id IS NOT NULL))
);
INSERT INTO anonymous_contacts_checked (id, service_id, occurred_on, channel, seeker, age_band, topic, minutes)
    SELECT id, service_id, occurred_on, channel, seeker, age_band, topic, minutes FROM anonymous_contacts;
DROP TABLE anonymous_contacts;
ALTER TABLE anonymous_contacts_checked RENAME TO anonymous_contacts;
CREATE INDEX anonymous_contacts_by_day ON anonymous_contacts (occurred_on, service_id);
CREATE UNIQUE INDEX anonymous_talks_in_course ON anonymous_contacts (course_id, talk_number);

-- Anonymous counselling: that a conversation took place, never who it was with. No column can
-- hold a name, a CPR number or free text; only the day is kept, not the time. Kept in step
-- with postgres/0004_anonymous_contacts.sql.
CREATE TABLE anonymous_contacts (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    occurred_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    seeker TEXT NOT NULL,
    age_band TEXT NOT NULL,
    topic TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480)
);
CREATE INDEX anonymous_contacts_by_day ON anonymous_contacts (occurred_on, service_id);

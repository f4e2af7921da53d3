-- The family around a case's child and the case's attachments. Both are personal data of the
-- case: retention deletes them with the person's identity (`retention.rs`). A family member is
-- overwritten when corrected (the access log says who changed it and when); an attachment's
-- bytes live in the row, so a failed upload leaves nothing behind and a backup holds them.
-- Kept in step with postgres/0021_family_attachments.sql.
CREATE TABLE case_family_members (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    relation TEXT NOT NULL,
    name TEXT NOT NULL,
    custody BOOLEAN NOT NULL,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    language TEXT NOT NULL,
    -- The language to interpret into; NULL when no interpreter is needed.
    interpreter_language TEXT,
    added_at TEXT NOT NULL,
    added_by INTEGER REFERENCES users (id),
    changed_at TEXT,
    changed_by INTEGER REFERENCES users (id)
);
CREATE INDEX case_family_members_by_case ON case_family_members (case_id, id);

CREATE TABLE case_attachments (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- Detected from the bytes: 'pdf', 'png' or 'jpeg'.
    file_type TEXT NOT NULL CHECK (file_type IN ('pdf', 'png', 'jpeg')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    content BLOB NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users (id)
);
CREATE INDEX case_attachments_by_case ON case_attachments (case_id, id);

-- CPR numbers at rest: persons.cpr holds the number sealed with XChaCha20-Poly1305 under a key
-- kept outside the database (store::cpr_crypt), and cpr_hash its keyed hash (HMAC-SHA256 of
-- the 10 digits), which is what exact search and uniqueness use. SQL has no key, so rows
-- written in clear before this migration are sealed by the application the first time it
-- opens the database with its key (Store::with_cpr_key), in one transaction.
-- cpr_key remembers the key's fingerprint, so a wrong key file is refused at startup instead
-- of making every CPR number unreadable.
-- Kept in step with the other backend's 0007_cpr_at_rest.sql.
ALTER TABLE persons ADD COLUMN cpr_hash TEXT;
DROP INDEX persons_cpr_key;
CREATE UNIQUE INDEX persons_cpr_hash_key ON persons (cpr_hash);

CREATE TABLE cpr_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
);

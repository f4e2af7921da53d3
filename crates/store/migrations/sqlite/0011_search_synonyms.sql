-- The public search's synonym list, edited by an administrator: searching `term` also searches
-- each of `alternatives` (comma-separated normalised words or phrases; a comma never occurs
-- inside one, since words are letters and digits). `position` keeps the order the administrator
-- wrote. Seeded with Danish defaults: a parent's words for the catalogue's words. Saving the
-- list replaces every row in one transaction. Kept in step with postgres/0011_search_synonyms.sql.
CREATE TABLE search_synonyms (
    position INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE,
    alternatives TEXT NOT NULL,
    changed_at TEXT,
    changed_by INTEGER REFERENCES users (id)
);

INSERT INTO search_synonyms (position, term, alternatives) VALUES
    (1, 'bange', 'angst, ængstelig, bekymret, utryg'),
    (2, 'angst', 'ængstelig, bekymring, bange'),
    (3, 'ængstelig', 'angst, bekymring'),
    (4, 'bekymret', 'angst, bekymring'),
    (5, 'skilsmisse', 'skilt, brud, samlivsophør, gået fra hinanden'),
    (6, 'skilt', 'skilsmisse, brud'),
    (7, 'brud', 'skilsmisse, samlivsophør'),
    (8, 'ondt i maven', 'mavepine, angst, bekymring, uro'),
    (9, 'mavepine', 'ondt i maven, angst, uro'),
    (10, 'ked af det', 'trist, tristhed, depression, mistrivsel, sorg'),
    (11, 'trist', 'ked af det, depression, mistrivsel'),
    (12, 'depression', 'efterfødselsreaktion, trist, mistrivsel'),
    (13, 'mobning', 'mobbet, mobbes, drillet, udenfor'),
    (14, 'mobbet', 'mobning, udenfor'),
    (15, 'sorg', 'død, dødsfald, tab, mistet, krise'),
    (16, 'død', 'sorg, dødsfald, krise'),
    (17, 'dødsfald', 'sorg, død, krise'),
    (18, 'vred', 'vrede, udadreagerende, konflikter, raserianfald'),
    (19, 'vrede', 'vred, udadreagerende, konflikter'),
    (20, 'ensom', 'ensomhed, venner, sociale'),
    (21, 'fødselsdepression', 'efterfødselsreaktion, depression, epds'),
    (22, 'gravid', 'graviditet, vordende, gravide'),
    (23, 'baby', 'spædbarn, nyfødt, spæd, spædbørn'),
    (24, 'barn', 'børn'),
    (25, 'teenager', 'unge, ung'),
    (26, 'misbrug', 'alkohol, hash, stoffer'),
    (27, 'vold', 'krisecenter, overgreb'),
    (28, 'handicap', 'diagnose, funktionsnedsættelse'),
    (29, 'samvær', 'kontakt, samværskonsulent'),
    (30, 'plejefamilie', 'anbragt, anbringelse, plejebørn');

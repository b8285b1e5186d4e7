-- The plan's own identity: made once when the file is created, kept when the
-- file is copied, made anew for a new year's plan. A workbook carries the uid,
-- and its checksum is keyed with the secret, so that a workbook from another
-- plan file (even one made from the same built-in data) is told apart.

CREATE TABLE plan_identity (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    uid     TEXT    NOT NULL CHECK (length(uid) = 32),
    secret  BLOB    NOT NULL CHECK (typeof(secret) = 'blob' AND length(secret) = 32)
);

INSERT INTO plan_identity (id, uid, secret) VALUES (1, lower(hex(randomblob(16))), randomblob(32));

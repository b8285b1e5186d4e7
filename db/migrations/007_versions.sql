-- Versions of the plan, kept inside the plan file whenever the packet or a
-- handout leaves the application (and when the user asks). A version names its
-- rows through a manifest of chunks: compressed canonical JSON of a few rows of
-- one table, or one picture. Each chunk is stored once, however many versions
-- hold it, so a version costs little more than what changed since the last one.
-- A version's manifest names one chunk per table, which names that table's
-- chunks of rows and of pictures.
-- A version is deleted, never edited; only its name may be given or changed.

CREATE TABLE versions (
    id        INTEGER PRIMARY KEY,
    made_at   TEXT    NOT NULL,               -- ISO 8601, local time with its offset
    what      TEXT    NOT NULL,               -- what was made: 資料１, 会議資料一式, 地域振興課のブック …
    name      TEXT    NOT NULL DEFAULT '',    -- given by the user: 6/3 課長確認用
    totals    TEXT    NOT NULL DEFAULT '[]',  -- JSON [[区分, 千円], …] at the time
    schema    INTEGER NOT NULL,               -- PRAGMA user_version the rows were read at
    manifest  BLOB    NOT NULL
);

CREATE TABLE version_chunks (
    id      INTEGER PRIMARY KEY,
    digest  BLOB    NOT NULL UNIQUE,  -- the first 16 bytes of the SHA-256 of data
    data    BLOB    NOT NULL
);

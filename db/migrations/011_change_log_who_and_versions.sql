-- 変更履歴 and the versions lead to each other: a line of the log says who made the change, and the line
-- written when a version is made names that version (「版を保存しました：版 3 資料１（6/3 課長確認用）」),
-- so that the window opens the 版 tab on it, and the changes since a version are the lines after its own.
-- A version's line follows the version's name when it is given or changed; the version may be deleted
-- since, and its line then stays as a record.

ALTER TABLE change_log ADD COLUMN who TEXT NOT NULL DEFAULT '';   -- the user's login name; '' before this step
ALTER TABLE change_log ADD COLUMN version_id INTEGER;             -- the version this line tells of, or NULL

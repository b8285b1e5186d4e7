-- 変更履歴: what the window changed in the plan, one line per change as the history panel shows it
-- (「Ⅱ-１ 細事業２ 金額 1,000 → 1,200」), with its time, so that it is still there after a restart.
-- Only the newest lines are kept (store/change_log.py); a line is never edited, except that a change
-- merged into the one before (typing on in one field) rewrites that line.

CREATE TABLE change_log (
    id    INTEGER PRIMARY KEY,
    at    TEXT    NOT NULL,   -- ISO 8601, local time with its offset
    text  TEXT    NOT NULL
);

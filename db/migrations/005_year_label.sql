-- The label printed for the plan's fiscal year when it is not the era of the
-- year's 1 April (documents of fiscal 2019 say 令和元年度, not 平成31年度).
-- Empty: the label follows the date.

ALTER TABLE plan ADD COLUMN year_label_override TEXT NOT NULL DEFAULT '';

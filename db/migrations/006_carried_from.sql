-- A plan carried over from last year's names that year here (令和６年度) while
-- its figures are a draft: the checks then name every figure still equal to
-- last year's. Empty once the plan says its figures were reviewed.

ALTER TABLE plan ADD COLUMN carried_from TEXT NOT NULL DEFAULT '';

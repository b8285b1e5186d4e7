-- A 区分 whose projects' items are listed one by one in the 事業別一覧表, each
-- with its own 前年度 and 課 (統合事業費). Earlier files said so only by every
-- item carrying a last-year figure; such 区分 are marked here.

ALTER TABLE categories ADD COLUMN lists_items INTEGER NOT NULL DEFAULT 0 CHECK (lists_items IN (0, 1));

UPDATE categories SET lists_items = 1
WHERE id IN (
    SELECT pillars.category_id
    FROM pillars JOIN projects ON projects.pillar_id = pillars.id JOIN items ON items.project_id = projects.id
    GROUP BY pillars.category_id
    HAVING count(*) = count(items.last_year)
);

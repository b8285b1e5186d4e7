-- A block may be printed above the one before it on the page they share: the
-- original's p.9 has Ⅱ-５ 区民スポーツ事業 above Ⅱ-４ 街の美化運動事業. The numbers
-- still follow the order of the projects.

ALTER TABLE projects ADD COLUMN print_first INTEGER NOT NULL DEFAULT 0 CHECK (print_first IN (0, 1));

-- The built-in 令和６年度 旭区 data as it was transcribed: Ⅱ-５ above Ⅱ-４, and the
-- 課 of Ⅱ-１ in the order of its 事業内容 (地域振興課、区政推進課 / 福祉保健課; the
-- 事業別一覧表 lists them in the order of the organisation chart).
UPDATE projects SET print_first = 1
WHERE name = '区民スポーツ事業' AND position = 4
  AND (SELECT ward FROM plan WHERE id = 1) = '旭区' AND (SELECT fiscal_year FROM plan WHERE id = 1) = 2024
  AND EXISTS (SELECT 1 FROM projects AS p WHERE p.pillar_id = projects.pillar_id AND p.position = 3
              AND p.name = '街の美化運動事業');

UPDATE project_sections
SET position = CASE (SELECT name FROM sections WHERE sections.id = project_sections.section_id)
               WHEN '地域振興課' THEN 0 WHEN '区政推進課' THEN 1 ELSE position END
WHERE project_id IN (SELECT id FROM projects WHERE name = 'あさひのつながり応援・発信事業')
  AND (SELECT ward FROM plan WHERE id = 1) = '旭区' AND (SELECT fiscal_year FROM plan WHERE id = 1) = 2024
  AND (SELECT group_concat(s.name, '、') FROM (
         SELECT sections.name AS name FROM project_sections AS ps JOIN sections ON sections.id = ps.section_id
         WHERE ps.project_id = project_sections.project_id ORDER BY ps.position) AS s)
      = '区政推進課、地域振興課、福祉保健課';

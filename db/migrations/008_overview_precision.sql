-- 予算のすがた: the 18 wards' figures are kept in 百万円, the precision their
-- shares are computed from (億円 figures rounded first gave 8.4 % for 8.5 %).
-- A row also keeps last year's figure (百万円), so that the checks can compare
-- each row with the row it was a year ago: two figures exchanged between rows
-- still add up, but they no longer match last year's.

ALTER TABLE overview_rows RENAME COLUMN city_amount TO city_million;
UPDATE overview_rows SET city_million = city_million * 100 WHERE city_million IS NOT NULL;
ALTER TABLE overview_rows ADD COLUMN last_amount INTEGER
    CHECK (last_amount IS NULL OR typeof(last_amount) = 'integer');

-- The built-in 令和６年度 旭区 data as it was transcribed: the 18区 figures in
-- 百万円 (see db/default/overview.yaml), the 区役所総務費 rows in the seed's order
-- with their figures, and the name 再配当予算 as printed.
UPDATE overview SET features = replace(features, '{予算再配当:', '{再配当予算:')
WHERE EXISTS (SELECT 1 FROM overview_rows WHERE parent_id IS NULL AND name = '予算再配当');
UPDATE overview_rows SET name = '再配当予算' WHERE parent_id IS NULL AND name = '予算再配当';

CREATE TEMP TABLE asahi_r6 AS
SELECT r.id AS id, f.city AS city FROM overview_rows AS r
JOIN (SELECT '個性ある区づくり推進費' AS name, 14400 AS old, 14360 AS city UNION ALL
      SELECT '自主企画事業費', 1800, 1820 UNION ALL
      SELECT '統合事務事業費', 800, 810 UNION ALL
      SELECT '区庁舎・区民利用施設管理費', 11700, 11730 UNION ALL
      SELECT '再配当予算', 124200, 124240 UNION ALL
      SELECT '区役所総務費', 7300, 7300 UNION ALL
      SELECT '身近なまちづくり', 20000, 20000 UNION ALL
      SELECT '子育て支援', 18600, 18600 UNION ALL
      SELECT '生活保護等', 71400, 71380 UNION ALL
      SELECT '福祉・保健', 7000, 6960) AS f
  ON f.name = r.name AND f.old = r.city_million
WHERE (SELECT ward FROM plan WHERE id = 1) = '旭区' AND (SELECT fiscal_year FROM plan WHERE id = 1) = 2024;
UPDATE overview_rows SET city_million = (SELECT city FROM asahi_r6 WHERE asahi_r6.id = overview_rows.id)
WHERE id IN (SELECT id FROM asahi_r6) AND (SELECT count(*) FROM asahi_r6) = 10;
DROP TABLE asahi_r6;

CREATE TEMP TABLE asahi_r6_rows AS
SELECT r.id AS id, f.amount AS amount, f.position AS position FROM overview_rows AS r
JOIN (SELECT '賦課徴収費' AS name, 1 AS old, 93 AS amount, 0 AS position UNION ALL
      SELECT '広報費', 206, 18, 1 UNION ALL
      SELECT '統計調査費', 18, 1, 2 UNION ALL
      SELECT '地域活動推進費等', 93, 206, 3) AS f
  ON f.name = r.name AND f.old = r.amount
WHERE r.parent_id IN (SELECT id FROM overview_rows WHERE name = '区役所総務費' AND amount = 318);
UPDATE overview_rows
SET amount = (SELECT amount FROM asahi_r6_rows AS f WHERE f.id = overview_rows.id),
    position = (SELECT position FROM asahi_r6_rows AS f WHERE f.id = overview_rows.id)
WHERE id IN (SELECT id FROM asahi_r6_rows) AND (SELECT count(*) FROM asahi_r6_rows) = 4
  AND (SELECT count(DISTINCT r.parent_id) FROM overview_rows AS r JOIN asahi_r6_rows AS f ON f.id = r.id) = 1;
DROP TABLE asahi_r6_rows;


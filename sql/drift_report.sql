-- Drift report: how schema @live differs from schema @want.
-- Usage in the sqlite3 shell, after .load ./libsrschema:
--   .parameter set @live 'starrocks://etl@fe1:9030/sales'   (or a .sql path)
--   .parameter set @want 'schema/'
--   .read sql/drift_report.sql

.print '== objects only on one side'
SELECT coalesce(w.table_name, l.table_name) AS table_name,
       CASE WHEN w.table_name IS NULL THEN 'only live' ELSE 'only wanted' END AS side
FROM sr_tables(@want) w FULL JOIN sr_tables(@live) l USING (table_name)
WHERE w.table_name IS NULL OR l.table_name IS NULL
ORDER BY 1;

.print '== table clauses that differ'
SELECT w.table_name, 'distributed_by' AS clause, l.distributed_by AS live, w.distributed_by AS wanted
FROM sr_tables(@want) w JOIN sr_tables(@live) l USING (table_name)
WHERE w.distributed_by IS NOT l.distributed_by
UNION ALL
-- a wanted table without BUCKETS accepts any bucket count (the guide's
-- "Note on Buckets")
SELECT w.table_name, 'buckets', l.buckets, w.buckets
FROM sr_tables(@want) w JOIN sr_tables(@live) l USING (table_name)
WHERE w.buckets IS NOT NULL AND w.buckets IS NOT l.buckets
UNION ALL
SELECT w.table_name, 'order_by', l.order_by, w.order_by
FROM sr_tables(@want) w JOIN sr_tables(@live) l USING (table_name)
WHERE w.order_by IS NOT l.order_by
UNION ALL
SELECT w.table_name, 'comment', l.comment, w.comment
FROM sr_tables(@want) w JOIN sr_tables(@live) l USING (table_name)
WHERE w.comment IS NOT l.comment
ORDER BY 1, 2;

.print '== columns that differ'
SELECT coalesce(w.table_name, l.table_name) AS table_name,
       coalesce(w.column_name, l.column_name) AS column_name,
       CASE WHEN w.column_name IS NULL THEN 'only live'
            WHEN l.column_name IS NULL THEN 'only wanted'
            ELSE 'changed' END AS what,
       l.type || iif(l.nullable, '', ' NOT NULL') || coalesce(' DEFAULT ' || l.default_value, '')
         || iif(l.comment <> '', ' COMMENT ' || quote(l.comment), '') AS live,
       w.type || iif(w.nullable, '', ' NOT NULL') || coalesce(' DEFAULT ' || w.default_value, '')
         || iif(w.comment <> '', ' COMMENT ' || quote(w.comment), '') AS wanted
FROM sr_columns(@want) w FULL JOIN sr_columns(@live) l USING (table_name, column_name)
WHERE table_name IN (SELECT table_name FROM sr_tables(@want) JOIN sr_tables(@live) USING (table_name))
  AND (w.type IS NOT l.type OR w.nullable IS NOT l.nullable
       OR w.default_value IS NOT l.default_value OR w.comment IS NOT l.comment)
ORDER BY 1, 2;

.print '== properties that differ'
SELECT table_name, key, l.value AS live, w.value AS wanted
FROM sr_properties(@want) w JOIN sr_properties(@live) l USING (table_name, key)
WHERE w.value IS NOT l.value
ORDER BY 1, 2;

-- Drift report: how schema @live differs from schema @want, compared with the
-- rules sr_diff plans with (doc/diff.md "Comparison rules"), so that every
-- difference sr_diff acts on shows here (test/drift_report.test checks it):
-- types with sr_type_equal, view and MV bodies with sr_query_equal, column,
-- index and key names case-insensitively, a property absent on one side only
-- when it has a default there, two defaults of their own side equal.
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
-- An object whose kind changed is dropped and created: only its kind shows.
WITH p AS (
  SELECT w.table_name, w.kind,
         l.kind AS l_kind, l.engine AS l_engine, l.partition_by AS l_part,
         l.distributed_by AS l_dist, l.buckets AS l_buckets, l.order_by AS l_order,
         l.comment AS l_comment, l.definition AS l_def, l.refresh AS l_refresh,
         l.view_columns AS l_vcols, l.view_column_comments AS l_vcomments,
         l.view_security AS l_security,
         l.key_type || ' KEY(' || l.key_columns || ')' AS l_key,
         w.engine AS w_engine, w.partition_by AS w_part,
         w.distributed_by AS w_dist, w.buckets AS w_buckets, w.order_by AS w_order,
         w.comment AS w_comment, w.definition AS w_def, w.refresh AS w_refresh,
         w.view_columns AS w_vcols, w.view_column_comments AS w_vcomments,
         w.view_security AS w_security,
         w.key_type || ' KEY(' || w.key_columns || ')' AS w_key,
         -- the sort key follows the key on both sides: a key change moves it
         (w.order_by = w.key_columns COLLATE NOCASE
          AND l.order_by = l.key_columns COLLATE NOCASE) AS follows_key
  FROM sr_tables(@want) w JOIN sr_tables(@live) l USING (table_name)
)
SELECT table_name, 'kind' AS clause, l_kind AS live, kind AS wanted
FROM p WHERE kind IS NOT l_kind
UNION ALL
SELECT table_name, 'engine', l_engine, w_engine
FROM p WHERE kind = l_kind AND w_engine IS NOT l_engine COLLATE NOCASE
UNION ALL
SELECT table_name, 'key', l_key, w_key
FROM p WHERE kind = l_kind AND w_key IS NOT l_key COLLATE NOCASE
UNION ALL
SELECT table_name, 'partition_by', l_part, w_part
FROM p WHERE kind = l_kind AND w_part IS NOT l_part
UNION ALL
SELECT table_name, 'distributed_by', l_dist, w_dist
FROM p WHERE kind = l_kind AND w_dist IS NOT l_dist COLLATE NOCASE
UNION ALL
-- a wanted table without BUCKETS accepts any bucket count (the guide's
-- "Note on Buckets")
SELECT table_name, 'buckets', l_buckets, w_buckets
FROM p WHERE kind = l_kind AND w_buckets IS NOT NULL AND w_buckets IS NOT l_buckets
UNION ALL
-- no stated sort key on the wanted side is nothing to change, for a table
SELECT table_name, 'order_by', l_order, w_order
FROM p WHERE kind = l_kind AND w_order IS NOT l_order COLLATE NOCASE
  AND (kind = 'MATERIALIZED VIEW' OR (w_order IS NOT NULL AND NOT follows_key))
UNION ALL
SELECT table_name, 'comment', l_comment, w_comment
FROM p WHERE kind = l_kind AND w_comment IS NOT l_comment
UNION ALL
SELECT table_name, 'definition', l_def, w_def
FROM p WHERE kind = l_kind AND kind <> 'TABLE' AND NOT sr_query_equal(w_def, l_def)
UNION ALL
SELECT table_name, 'refresh', l_refresh, w_refresh
FROM p WHERE kind = l_kind AND w_refresh IS NOT NULL AND w_refresh IS NOT l_refresh
UNION ALL
-- a column list stated on one side only is the query's own columns
SELECT table_name, 'view_columns',
       l_vcols || coalesce(' COMMENT ' || l_vcomments, ''),
       w_vcols || coalesce(' COMMENT ' || w_vcomments, '')
FROM p WHERE kind = l_kind AND w_vcols IS NOT NULL AND l_vcols IS NOT NULL
  AND (w_vcols IS NOT l_vcols COLLATE NOCASE OR w_vcomments IS NOT l_vcomments)
UNION ALL
SELECT table_name, 'view_security', l_security, w_security
FROM p WHERE kind = l_kind AND w_security IS NOT l_security
ORDER BY 1, 2;

.print '== columns that differ'
-- columns are matched by name case-insensitively, types compared as
-- StarRocks does (STRING = VARCHAR(65533)); an aggregate type stated on
-- one side only is the implicit one
SELECT coalesce(w.table_name, l.table_name) AS table_name,
       coalesce(w.column_name, l.column_name) AS column_name,
       CASE WHEN w.column_name IS NULL THEN 'only live'
            WHEN l.column_name IS NULL THEN 'only wanted'
            ELSE 'changed' END AS what,
       l.type || coalesce(' ' || l.agg_type, '') || iif(l.nullable, '', ' NOT NULL')
         || iif(l.auto_increment, ' AUTO_INCREMENT', '')
         || coalesce(' DEFAULT ' || l.default_value, '') || coalesce(' AS ' || l.generated, '')
         || iif(l.comment <> '', ' COMMENT ' || quote(l.comment), '') AS live,
       w.type || coalesce(' ' || w.agg_type, '') || iif(w.nullable, '', ' NOT NULL')
         || iif(w.auto_increment, ' AUTO_INCREMENT', '')
         || coalesce(' DEFAULT ' || w.default_value, '') || coalesce(' AS ' || w.generated, '')
         || iif(w.comment <> '', ' COMMENT ' || quote(w.comment), '') AS wanted
FROM sr_columns(@want) w
FULL JOIN sr_columns(@live) l
  ON l.table_name = w.table_name AND l.column_name = w.column_name COLLATE NOCASE
WHERE coalesce(w.table_name, l.table_name) IN (
        SELECT table_name FROM sr_tables(@want) tw JOIN sr_tables(@live) tl USING (table_name)
        WHERE tw.kind = 'TABLE' AND tl.kind = 'TABLE')
  AND (w.column_name IS NULL OR l.column_name IS NULL
       OR NOT sr_type_equal(w.type, l.type) OR w.nullable IS NOT l.nullable
       OR w.default_value IS NOT l.default_value OR w.comment IS NOT l.comment
       OR w.auto_increment IS NOT l.auto_increment OR w.generated IS NOT l.generated
       OR w.agg_type <> l.agg_type)
ORDER BY 1, 2;

.print '== properties that differ'
-- a key absent on one side has no default there (a default is listed with
-- origin 'default'); two values that are each their side's default are equal
SELECT coalesce(w.table_name, l.table_name) AS table_name,
       coalesce(w.key, l.key) AS key, l.value AS live, w.value AS wanted
FROM sr_properties(@want) w
FULL JOIN sr_properties(@live) l ON l.table_name = w.table_name AND l.key = w.key
WHERE coalesce(w.table_name, l.table_name) IN (
        SELECT table_name FROM sr_tables(@want) tw JOIN sr_tables(@live) tl USING (table_name)
        WHERE tw.kind = tl.kind AND tw.kind <> 'VIEW')
  AND CASE WHEN w.key IS NULL THEN l.origin <> 'default'
           WHEN l.key IS NULL THEN w.origin <> 'default'
           -- bucket_size goes with a DISTRIBUTED BY change, which resets it
           WHEN w.key = 'bucket_size' AND l.origin = 'default' AND w.origin <> 'default'
                AND EXISTS (SELECT 1 FROM sr_tables(@want) tw JOIN sr_tables(@live) tl
                            USING (table_name) WHERE table_name = w.table_name
                            AND (tw.distributed_by IS NOT tl.distributed_by COLLATE NOCASE
                                 OR (tw.buckets IS NOT NULL AND tw.buckets IS NOT tl.buckets)))
             THEN 1
           ELSE w.value IS NOT l.value AND NOT (w.origin = 'default' AND l.origin = 'default')
      END
ORDER BY 1, 2;

.print '== indexes that differ'
SELECT coalesce(w.table_name, l.table_name) AS table_name,
       coalesce(w.index_name, l.index_name) AS index_name,
       '(' || l.columns || ') USING ' || l.index_type
         || iif(l.properties <> '', ' (' || l.properties || ')', '')
         || iif(l.comment <> '', ' COMMENT ' || quote(l.comment), '') AS live,
       '(' || w.columns || ') USING ' || w.index_type
         || iif(w.properties <> '', ' (' || w.properties || ')', '')
         || iif(w.comment <> '', ' COMMENT ' || quote(w.comment), '') AS wanted
FROM sr_indexes(@want) w
FULL JOIN sr_indexes(@live) l
  ON l.table_name = w.table_name AND l.index_name = w.index_name COLLATE NOCASE
WHERE coalesce(w.table_name, l.table_name) IN (
        SELECT table_name FROM sr_tables(@want) tw JOIN sr_tables(@live) tl USING (table_name)
        WHERE tw.kind = 'TABLE' AND tl.kind = 'TABLE')
  AND (w.index_name IS NULL OR l.index_name IS NULL
       OR w.columns IS NOT l.columns COLLATE NOCASE
       OR w.index_type IS NOT l.index_type COLLATE NOCASE
       OR w.properties IS NOT l.properties OR w.comment IS NOT l.comment)
ORDER BY 1, 2;

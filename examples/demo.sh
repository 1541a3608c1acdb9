#!/bin/sh
# make demo: the drift report between the bundled "live" cluster dump and the
# desired schema, then the migration plan, in the sqlite3 shell.
set -e
cd "$(dirname "$0")/.."
run() {
  echo "sqlite3> $1"
}
cat <<'MSG'
libsrschema demo: examples/live/cluster.sql is what a StarRocks cluster prints
(SHOW CREATE TABLE); examples/desired/ is the schema kept in git.

MSG
sqlite3 -box :memory: <<'SQL'
.load ./libsrschema
.parameter set @live examples/live/cluster.sql
.parameter set @want examples/desired
.print '== the desired schema, canonical'
SELECT table_name, kind, key_type, key_columns, distributed_by, buckets FROM sr_tables(@want);
.read sql/drift_report.sql
SQL
if sqlite3 :memory: ".load ./libsrschema" "SELECT 1 FROM sr_diff('ddl:', 'ddl:', '{\"allow_empty\": true}')" >/dev/null 2>&1; then
sqlite3 -box :memory: <<'SQL'
.load ./libsrschema
.print '== the migration plan: SELECT * FROM sr_diff(live, desired)'
SELECT seq, table_name, action, sql, hazard, status
FROM sr_diff('examples/live/cluster.sql', 'examples/desired');
.print '== why some steps do not run'
SELECT seq, status, message FROM sr_diff('examples/live/cluster.sql', 'examples/desired')
WHERE status <> 'ok';
SQL
fi

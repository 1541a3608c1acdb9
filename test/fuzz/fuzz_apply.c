/* sr_apply_ddl's interpreter: arbitrary statements applied to a schema of
 * every kind of object; what it leaves is canonical, and each table still
 * renders to a CREATE that parses back. */
#include <stdint.h>

#include "plan/apply.h"
#include "common.h"

static const char kBase[] =
    "CREATE TABLE t (k INT NOT NULL, d DATE, s STRUCT<a INT, b "
    "ARRAY<VARCHAR(20)>> NULL, v VARCHAR(10) DEFAULT \"x\" COMMENT \"c\", "
    "INDEX i (v) USING BITMAP) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) "
    "BUCKETS 4 PROPERTIES (\"replication_num\" = \"1\");\n"
    "CREATE TABLE a (k INT, n BIGINT SUM DEFAULT \"0\") AGGREGATE KEY(k) "
    "PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN (\"10\")) "
    "DISTRIBUTED BY HASH(k);\n"
    "CREATE TABLE e (dt DATETIME, c VARCHAR(20)) DUPLICATE KEY(dt) PARTITION "
    "BY date_trunc('day', dt) DISTRIBUTED BY RANDOM;\n"
    "CREATE VIEW v (x) AS SELECT k FROM t;\n"
    "CREATE MATERIALIZED VIEW m REFRESH MANUAL AS SELECT k FROM t;\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sr_schema *s = sr_schema_new(fuzz_env());
  sr_err err = {0};
  if (!s)
    return 0;
  if (sr_parse_sql(s, "base", kBase, sizeof kBase - 1, &err) ||
      sr_schema_finish(s, &err)) {
    fprintf(stderr, "the base schema does not load: %s\n", err.msg);
    abort();
  }
  int applied = 0;
  if (!sr_apply_sql(s, "fuzz", (const char *)data, size, &applied, &err))
    fuzz_check_renders(s);
  sr_schema_free(s);
  return 0;
}

/* DDL text: parsed by the core on its exact bytes (as a mapped file
 * gives them), then as a `ddl:` source through every virtual table and
 * sr_diff in SQL. A schema that loads renders CREATEs that parse back, and
 * sr_diff of a schema against itself plans nothing. */
#include <sqlite3.h>
#include <stdint.h>

#include "common.h"

int sqlite3_srschema_init(sqlite3 *db, char **err,
                          const sqlite3_api_routines *api);

static sqlite3 *db;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  sqlite3_auto_extension((void (*)(void))sqlite3_srschema_init);
  if (sqlite3_open(":memory:", &db)) {
    fprintf(stderr, "cannot open a database\n");
    abort();
  }
  return 0;
}

static void core(const uint8_t *data, size_t size) {
  sr_schema *s = sr_schema_new(fuzz_env());
  sr_script sc = {0};
  sr_err err = {0};
  if (s && !sr_parse_script(s, &sc, "fuzz", (const char *)data, size, &err) &&
      !sr_script_check(s, &sc, &err) && !sr_schema_finish(s, &err))
    fuzz_check_renders(s);
  sr_schema_free(s);
}

/* Runs sql with ?1 bound to the source; the number of rows (-1: error). */
static int rows(const char *sql, const char *src, int n) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
    return -1;
  sqlite3_bind_text(st, 1, src, n, SQLITE_STATIC);
  int k = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    k++;
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? k : -1;
}

static void through_sql(const uint8_t *data, size_t size) {
  char *src = malloc(size + 4);
  if (!src)
    return;
  memcpy(src, "ddl:", 4);
  memcpy(src + 4, data, size);
  int n = (int)size + 4;
  static const char *const reads[] = {
      "SELECT * FROM sr_tables(?1)",
      "SELECT * FROM sr_columns(?1)",
      "SELECT * FROM sr_properties(?1)",
      "SELECT * FROM sr_indexes(?1)",
      "SELECT sr_create_ddl(?1, table_name), sr_table_json(?1, table_name) "
      "FROM sr_tables(?1)",
      "SELECT * FROM sr_diff(?1, 'ddl:CREATE TABLE t (k INT) DISTRIBUTED BY "
      "HASH(k)', '{\"allow_drop\": true}')",
      "SELECT * FROM sr_diff('ddl:CREATE TABLE t (k INT) DISTRIBUTED BY "
      "HASH(k)', ?1, '{\"allow_drop\": true, \"allow_empty\": true}')",
  };
  int loads = rows(reads[0], src, n) >= 0;
  for (size_t i = 1; i < sizeof reads / sizeof reads[0]; i++)
    rows(reads[i], src, n);
  if (loads) {
    int same = rows("SELECT * FROM sr_diff(?1, ?1, '{\"allow_empty\": true}')",
                    src, n);
    FUZZ_CHECK(same <= 0, "sr_diff of a schema against itself plans %d rows",
               same);
  }
  sqlite3_exec(db, "SELECT sr_refresh()", NULL, NULL, NULL);
  free(src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  core(data, size);
  through_sql(data, size);
  return 0;
}

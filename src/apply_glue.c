/* sr_apply_ddl('table:<prefix>', sql): runs CREATE / ALTER / DROP
 * statements against a table: schema offline (apply.c) and writes the
 * result back to <prefix>_tables/_columns/_properties/_indexes. All or
 * nothing: the rewrite runs inside a savepoint, and an error in any
 * statement leaves the tables as they were. */
#include <string.h>

#include "apply.h"
#include "glue.h"

SQLITE_EXTENSION_INIT3

#define APPLY_NAME "sr_apply_ddl"

static int exists(sqlite3 *db, const char *prefix) {
  sqlite3_stmt *st;
  int found = 0;
  char *sql = sqlite3_mprintf(
      "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view')"
      " AND name = '%q_tables'",
      prefix);
  if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  sqlite3_free(sql);
  return found;
}

/* The schema as it stands, or an empty one when the tables do not exist
 * yet (a script may start with CREATE TABLE). */
static sr_schema *load(sr_conn *c, const char *prefix, char **zErr) {
  sr_schema *s = NULL;
  if (!exists(c->db, prefix)) {
    if (!(s = sr_schema_new(c->env)))
      *zErr = sqlite3_mprintf("out of memory");
    return s;
  }
  return sr_table_load(c->db, prefix, c->env, &s, zErr) ? NULL : s;
}

static int run(sr_conn *c, const char *prefix, const char *sql, int *n,
               char **zErr) {
  sr_err err = {0};
  sr_schema *s = load(c, prefix, zErr);
  if (!s)
    return SQLITE_ERROR;
  if (sr_apply_sql(s, APPLY_NAME, sql, strlen(sql), n, &err)) {
    sr_schema_free(s);
    *zErr = sr_err_sqlite(&err);
    return SQLITE_ERROR;
  }
  char name[32];
  if (!sr_conn_put(c, s, name, sizeof name)) {
    *zErr = sqlite3_mprintf("out of memory");
    return SQLITE_NOMEM;
  }
  int rc = sr_table_store(c, prefix, name, zErr);
  sr_conn_drop(c, name);
  return rc;
}

/* Returns the number of statements applied. */
void sr_apply_ddl_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sr_conn *c = sqlite3_user_data(ctx);
  const char *src = (const char *)sqlite3_value_text(argv[0]);
  const char *sql = (const char *)sqlite3_value_text(argv[1]);
  if (!src || strncmp(src, "table:", 6) || !src[6])
    return sr_result_error(
        ctx, APPLY_NAME, "the first argument must be a table:<prefix> source");
  if (!sql)
    return sr_result_error(ctx, APPLY_NAME,
                           "the second argument (the statements) is NULL");
  char *zErr = NULL;
  int n = 0;
  int rc = sqlite3_exec(c->db, "SAVEPOINT sr_apply_ddl", NULL, NULL, &zErr);
  if (rc) {
    sr_result_error(ctx, APPLY_NAME, zErr ? zErr : sqlite3_errstr(rc));
    sqlite3_free(zErr);
    return;
  }
  rc = run(c, src + 6, sql, &n, &zErr);
  if (rc)
    sqlite3_exec(c->db, "ROLLBACK TO sr_apply_ddl", NULL, NULL, NULL);
  sqlite3_exec(c->db, "RELEASE sr_apply_ddl", NULL, NULL, NULL);
  if (rc)
    sqlite3_result_error(ctx, zErr ? zErr : sqlite3_errstr(rc), -1);
  else
    sqlite3_result_int(ctx, n);
  sqlite3_free(zErr);
}

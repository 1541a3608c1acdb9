/* sr_apply_ddl('table:<prefix>', sql): runs CREATE / ALTER / DROP
 * statements against a table: schema offline (apply.c) and writes the
 * result back to <prefix>_tables/_columns/_properties/_indexes. All or
 * nothing: the rewrite runs inside a savepoint, and an error in any
 * statement leaves the tables as they were. */
#include <string.h>

#include "glue/glue.h"
#include "plan/apply.h"

SQLITE_EXTENSION_INIT3

#define APPLY_NAME "sr_apply_ddl"

/* 1 when <prefix>_tables exists, 0 when not, else an SQLite error code
 * (as a negative number). */
static int exists(sqlite3 *db, const char *prefix) {
  sqlite3_stmt *st = NULL;
  char *sql = sqlite3_mprintf(
      "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view')"
      " AND name = '%q_tables'",
      prefix);
  int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  if (!rc) {
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
      return rc == SQLITE_ROW;
  }
  return -rc;
}

/* The schema as it stands, or an empty one when the tables do not exist
 * yet (a script may start with CREATE TABLE). */
int sr_apply_ddl_load(sr_conn *c, const char *prefix, sr_schema **s,
                      char **zErr) {
  int found = exists(c->db, prefix);
  *s = NULL;
  if (found < 0)
    return -found;
  if (found)
    return sr_table_load(c->db, prefix, c->env, s, zErr);
  *s = sr_schema_new(c->env);
  return *s ? SQLITE_OK : SQLITE_NOMEM;
}

static int run(sr_conn *c, const char *prefix, const char *sql, int *n,
               char **zErr) {
  sr_err err = {0};
  sr_schema *s;
  int rc = sr_apply_ddl_load(c, prefix, &s, zErr);
  if (rc)
    return rc;
  if (sr_apply_sql(s, APPLY_NAME, sql, strlen(sql), n, &err)) {
    sr_schema_free(s);
    *zErr = sr_err_sqlite(&err);
    return *zErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  char name[32];
  if (!sr_conn_put(c, s, name, sizeof name))
    return SQLITE_NOMEM;
  rc = sr_table_store(c, prefix, name, zErr);
  sr_conn_drop(c, name);
  return rc;
}

/* Returns the number of statements applied. */
void sr_apply_ddl_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sr_conn *c = sqlite3_user_data(ctx);
  const char *src, *sql;
  if (sr_arg_text(ctx, argv[0], APPLY_NAME, "the source", 0, &src) ||
      sr_arg_text(ctx, argv[1], APPLY_NAME, "the statements", 0, &sql))
    return;
  if (!src || strncmp(src, "table:", 6) || !src[6])
    return sr_result_error(
        ctx, APPLY_NAME, "the first argument must be a table:<prefix> source");
  if (!sql)
    return sr_result_error(ctx, APPLY_NAME,
                           "the second argument (the statements) is NULL");
  char *zErr = NULL;
  int n = 0;
  /* The statements that end the savepoint are prepared before anything
   * is written, so that running out of memory later cannot keep half a
   * rewrite: rolling back needs no new statement. */
  sqlite3_stmt *undo = NULL, *done = NULL;
  int rc =
      sqlite3_prepare_v2(c->db, "ROLLBACK TO sr_apply_ddl", -1, &undo, NULL);
  if (!rc)
    rc = sqlite3_prepare_v2(c->db, "RELEASE sr_apply_ddl", -1, &done, NULL);
  if (!rc)
    rc = sqlite3_exec(c->db, "SAVEPOINT sr_apply_ddl", NULL, NULL, &zErr);
  if (rc && rc != SQLITE_NOMEM && zErr) {
    sr_result_error(ctx, APPLY_NAME, zErr); /* e.g. a read-only database */
  } else if (!rc) {
    rc = run(c, src + 6, sql, &n, &zErr);
    if (rc)
      sqlite3_step(undo);
    sqlite3_step(done);
    /* Messages of run() name their source (sr_apply_ddl:1:2, table:w). */
    if (rc && rc != SQLITE_NOMEM && zErr)
      sqlite3_result_error(ctx, zErr, -1);
  }
  sqlite3_finalize(undo);
  sqlite3_finalize(done);
  if (rc == SQLITE_NOMEM || (rc && !zErr))
    sqlite3_result_error_nomem(ctx);
  else if (!rc)
    sqlite3_result_int(ctx, n);
  sqlite3_free(zErr);
}

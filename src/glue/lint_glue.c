/* sr_lint(source) as a table-valued function (issue 12): one row per
 * finding of lint.c. Files and ddl: text are linted as the source states
 * them (a table the server would refuse is a finding, not an error); live,
 * table: and in-memory sources as loaded, a live one with its cluster's
 * backends. */
#include <string.h>

#include "glue/glue.h"
#include "live/live.h"
#include "plan/lint.h"
#include "source/source.h"

SQLITE_EXTENSION_INIT3

enum { C_TABLE, C_COLUMN, C_RULE, C_SEVERITY, C_MESSAGE, C_SOURCE };

typedef struct lvtab {
  sqlite3_vtab base;
  sr_conn *conn;
} lvtab;

typedef struct lcursor {
  sqlite3_vtab_cursor base;
  sr_lint lint;
  int i;
} lcursor;

static int l_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                     sqlite3_vtab **pp, char **pzErr) {
  (void)argc, (void)argv, (void)pzErr;
  int rc = sr_vtab_connect(db,
                           "CREATE TABLE x(table_name TEXT, column_name TEXT,"
                           " rule TEXT, severity TEXT, message TEXT,"
                           " source HIDDEN)",
                           sizeof(lvtab), pp);
  if (!rc)
    ((lvtab *)*pp)->conn = aux;
  return rc;
}

static int l_best_index(sqlite3_vtab *p, sqlite3_index_info *info) {
  (void)p;
  return sr_vtab_args(info, C_SOURCE, 1, 1);
}

static int l_open(sqlite3_vtab *p, sqlite3_vtab_cursor **pp) {
  (void)p;
  int rc = sr_vtab_cursor(sizeof(lcursor), pp);
  if (!rc)
    sr_lint_init(&((lcursor *)*pp)->lint);
  return rc;
}

static int l_close(sqlite3_vtab_cursor *p) {
  lcursor *c = (lcursor *)p;
  sr_lint_free(&c->lint);
  sqlite3_free(c);
  return SQLITE_OK;
}

static int as_stated(const char *src) {
  return !sr_live_is_url(src) && strncmp(src, "table:", 6) &&
         strncmp(src, "mem:", 4);
}

/* Files and ddl: text, parsed but not made canonical: lint.c applies the
 * defaults table by table. */
static int lint_stated(sr_conn *conn, const char *src, sr_lint *l,
                       char **zErr) {
  sr_err err = {0};
  sr_schema *s = NULL;
  int rc = strncmp(src, "ddl:", 4) ? sr_file_parse(src, conn->env, &s, &err)
                                   : sr_ddl_parse(src + 4, conn->env, &s, &err);
  sr_lint_opts o = {0, -1, NULL};
  if (!rc)
    rc = sr_lint_schema(s, &o, l, &err);
  sr_schema_free(s);
  if (rc)
    *zErr = sqlite3_mprintf("sr_lint: %s", err.msg);
  return rc ? SQLITE_ERROR : SQLITE_OK;
}

/* A live source is checked against its cluster's backends; when they
 * cannot be read (SHOW BACKENDS needs the OPERATE privilege) lint.c says
 * so in a finding. */
static int lint_loaded(sr_conn *conn, const char *src, sr_lint *l,
                       char **zErr) {
  sr_cached *e = sr_conn_load(conn, src, zErr);
  if (!e)
    return SQLITE_ERROR;
  sr_lint_opts o = {1, -1, NULL};
  sr_err berr = {0}, err = {0};
  if (sr_live_is_url(src) &&
      sr_live_alive_backends(src, &o.alive_backends, &berr)) {
    o.alive_backends = -1;
    o.backends_error = berr.msg;
  }
  int rc = sr_lint_schema(e->schema, &o, l, &err);
  sr_cached_release(e);
  if (rc)
    *zErr = sqlite3_mprintf("sr_lint: %s", err.msg);
  return rc ? SQLITE_ERROR : SQLITE_OK;
}

static int l_filter(sqlite3_vtab_cursor *p, int idxNum, const char *idxStr,
                    int argc, sqlite3_value **argv) {
  (void)idxStr;
  lcursor *c = (lcursor *)p;
  lvtab *v = (lvtab *)p->pVtab;
  sr_lint_free(&c->lint);
  sr_lint_init(&c->lint);
  c->i = 0;
  const char *src = NULL;
  char *zErr = NULL;
  int rc = idxNum && argc
               ? sr_value_text(argv[0], "sr_lint", "the source", 0, &src, &zErr)
               : SQLITE_OK;
  if (!rc && !src)
    zErr = sqlite3_mprintf("sr_lint: a source is required, e.g. SELECT * "
                           "FROM sr_lint('schema/')"),
    rc = SQLITE_ERROR;
  if (!rc)
    rc = as_stated(src) ? lint_stated(v->conn, src, &c->lint, &zErr)
                        : lint_loaded(v->conn, src, &c->lint, &zErr);
  if (!rc)
    return SQLITE_OK;
  sqlite3_free(v->base.zErrMsg);
  v->base.zErrMsg = zErr;
  return zErr ? SQLITE_ERROR : SQLITE_NOMEM;
}

static int l_next(sqlite3_vtab_cursor *p) {
  ((lcursor *)p)->i++;
  return SQLITE_OK;
}

static int l_eof(sqlite3_vtab_cursor *p) {
  const lcursor *c = (const lcursor *)p;
  return c->i >= c->lint.n;
}

static int l_rowid(sqlite3_vtab_cursor *p, sqlite3_int64 *r) {
  *r = ((lcursor *)p)->i + 1;
  return SQLITE_OK;
}

static int l_column(sqlite3_vtab_cursor *p, sqlite3_context *ctx, int i) {
  const lcursor *c = (const lcursor *)p;
  const sr_finding *f = &c->lint.v[c->i];
  switch (i) {
  case C_TABLE:
    sr_result_text(ctx, f->table);
    break;
  case C_COLUMN:
    sr_result_text(ctx, f->column);
    break;
  case C_RULE:
    sr_result_text(ctx, f->rule);
    break;
  case C_SEVERITY:
    sr_result_text(ctx, sr_severity_name(f->severity));
    break;
  case C_MESSAGE:
    sr_result_text(ctx, f->message);
    break;
  default:
    break;
  }
  return SQLITE_OK;
}

const sqlite3_module sr_lint_module = {
    .iVersion = 0,
    .xConnect = l_connect,
    .xBestIndex = l_best_index,
    .xDisconnect = sr_vtab_disconnect,
    .xDestroy = sr_vtab_disconnect,
    .xOpen = l_open,
    .xClose = l_close,
    .xFilter = l_filter,
    .xNext = l_next,
    .xEof = l_eof,
    .xColumn = l_column,
    .xRowid = l_rowid,
};

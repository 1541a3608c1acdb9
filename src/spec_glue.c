/* JSON table specs in SQL (SPEC §4): sr_create_ddl(spec_json) and
 * sr_table_json(source, table). The 2-argument sr_create_ddl is in
 * funcs.c. */
#include <stdlib.h>
#include <string.h>

#include "glue.h"
#include "render.h"
#include "spec.h"

SQLITE_EXTENSION_INIT3

static void fail(sqlite3_context *ctx, const char *fn, const char *msg) {
  char *m = sqlite3_mprintf("%s: %s", fn, msg);
  sqlite3_result_error(ctx, m ? m : "out of memory", -1);
  sqlite3_free(m);
}

/* sr_create_ddl(spec_json): the canonical CREATE of a JSON spec, with the
 * connection's version and run mode (sr_config). */
static void create_ddl_json(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv) {
  (void)argc;
  sr_conn *c = sqlite3_user_data(ctx);
  const char *json = (const char *)sqlite3_value_text(argv[0]);
  if (!json)
    return;
  sr_schema *s = sr_schema_new(c->env);
  if (!s) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sr_err err = {0};
  sr_table *t = NULL;
  if (sr_spec_table(s, json, &t, &err)) {
    fail(ctx, "sr_create_ddl", err.msg);
  } else {
    sr_buf b;
    sr_buf_init(&b);
    sr_render_create(&b, t);
    if (sr_buf_str(&b))
      sqlite3_result_text(ctx, b.s, (int)b.n, SQLITE_TRANSIENT);
    else
      sqlite3_result_error_nomem(ctx);
    sr_buf_free(&b);
  }
  sr_schema_free(s);
}

/* sr_table_json(source, table): the JSON spec of a table of a source. */
static void table_json(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sr_cached *e;
  const sr_table *t = sr_conn_table(ctx, "sr_table_json", argv, &e);
  if (!t)
    return;
  char *json = sr_spec_json(t);
  if (json)
    sqlite3_result_text(ctx, json, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_error_nomem(ctx);
  free(json);
  sr_cached_release(e);
}

int sr_register_spec(sqlite3 *db, sr_conn *c) {
  /* The result depends on sr_config, so not DETERMINISTIC. */
  int rc = sqlite3_create_function(db, "sr_create_ddl", 1,
                                   SQLITE_UTF8 | SQLITE_INNOCUOUS, c,
                                   create_ddl_json, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "sr_table_json", 2,
                                 SQLITE_UTF8 | SQLITE_DIRECTONLY, c, table_json,
                                 NULL, NULL);
  return rc;
}

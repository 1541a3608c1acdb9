/* JSON table specs in SQL (SPEC §4): sr_create_ddl(spec_json) and
 * sr_table_json(source, table). The 2-argument sr_create_ddl is in
 * funcs.c. */
#include <stdlib.h>
#include <string.h>

#include "ddl/render.h"
#include "glue/glue.h"
#include "source/spec.h"

SQLITE_EXTENSION_INIT3

/* sr_create_ddl(spec_json): the canonical CREATE of a JSON spec, with the
 * connection's version and run mode (sr_config). */
void sr_create_ddl_json_fn(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv) {
  (void)argc;
  sr_conn *c = sqlite3_user_data(ctx);
  const char *json;
  if (sr_arg_text(ctx, argv[0], "sr_create_ddl", "the spec", 0, &json) || !json)
    return;
  sr_schema *s = sr_schema_new(c->env);
  if (!s) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sr_err err = {0};
  sr_table *t = NULL;
  if (sr_spec_table(s, json, &t, &err)) {
    sr_result_error(ctx, "sr_create_ddl", err.msg);
  } else {
    sr_buf b;
    sr_buf_init(&b);
    sr_render_create(&b, t);
    sr_result_buf(ctx, &b);
  }
  sr_schema_free(s);
}

/* sr_table_json(source, table): the JSON spec of a table of a source. */
void sr_table_json_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
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

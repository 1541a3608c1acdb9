/* Scalar functions of SPEC §4 that need neither the planner nor JSON
 * specs: sr_render_type, sr_type_equal, sr_query_equal,
 * sr_create_ddl(source, table),
 * sr_config, sr_refresh, sr_version. */
#include <stdio.h>
#include <string.h>

#include "core/features.h"
#include "core/query.h"
#include "core/types.h"
#include "ddl/render.h"
#include "glue/glue.h"
#include "live/live.h"

SQLITE_EXTENSION_INIT3

#define SR_EXT_VERSION "0.1.0"

void sr_render_type_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *s;
  if (sr_arg_text(ctx, argv[0], "sr_render_type", "the type", 1, &s) || !s)
    return;
  sr_arena a;
  sr_arena_init(&a);
  sr_err err = {0};
  const char *r = sr_type_canon(&a, s, strlen(s), NULL, &err);
  if (r)
    sqlite3_result_text(ctx, r, -1, SQLITE_TRANSIENT);
  else
    sr_result_error(ctx, "sr_render_type", err.msg);
  sr_arena_free(&a);
}

void sr_type_equal_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *x, *y;
  if (sr_arg_text(ctx, argv[0], "sr_type_equal", "the first type", 1, &x) ||
      sr_arg_text(ctx, argv[1], "sr_type_equal", "the second type", 1, &y) ||
      !x || !y)
    return;
  sr_arena a;
  sr_arena_init(&a);
  sr_err err = {0};
  sr_type *tx = sr_type_parse(&a, x, strlen(x), NULL, &err);
  sr_type *ty = tx ? sr_type_parse(&a, y, strlen(y), NULL, &err) : NULL;
  if (ty)
    sqlite3_result_int(ctx, sr_type_same(tx, ty));
  else
    sr_result_error(ctx, "sr_type_equal", err.msg);
  sr_arena_free(&a);
}

/* sr_diff's comparison of view and MV bodies, for drift SQL over the
 * definition column (sql/drift_report.sql). */
void sr_query_equal_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *x = (const char *)sqlite3_value_text(argv[0]);
  const char *y = (const char *)sqlite3_value_text(argv[1]);
  if (!x || !y)
    return;
  int r = sr_query_same(x, y);
  if (r < 0)
    sqlite3_result_error_nomem(ctx);
  else
    sqlite3_result_int(ctx, r);
}

void sr_create_ddl_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sr_cached *e;
  const sr_table *t = sr_conn_table(ctx, "sr_create_ddl", argv, &e);
  if (!t)
    return;
  sr_buf b;
  sr_buf_init(&b);
  sr_render_create(&b, t);
  sr_result_buf(ctx, &b);
  sr_cached_release(e);
}

static void config_result(sqlite3_context *ctx, const sr_conn *c,
                          const char *key) {
  if (!strcmp(key, "version")) {
    char v[24];
    sqlite3_result_text(ctx, sr_version_text(c->env.version, v, sizeof v), -1,
                        SQLITE_TRANSIENT);
  } else {
    sqlite3_result_text(ctx,
                        c->env.shared_data ? "shared_data" : "shared_nothing",
                        -1, SQLITE_STATIC);
  }
}

/* sr_config(key [, value]): settings for offline sources (SPEC §4). */
void sr_config_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  sr_conn *c = sqlite3_user_data(ctx);
  const char *key, *v = NULL;
  if (sr_arg_text(ctx, argv[0], "sr_config", "the key", 0, &key) ||
      (argc == 2 && sr_arg_text(ctx, argv[1], "sr_config", "the value", 0, &v)))
    return;
  if (!key || (strcmp(key, "version") && strcmp(key, "run_mode"))) {
    sqlite3_result_error(
        ctx, "sr_config: unknown key, expected 'version' or 'run_mode'", -1);
    return;
  }
  if (argc == 2) {
    if (!strcmp(key, "version")) {
      sr_version ver;
      if (!sr_version_parse(v, &ver) || !sr_version_known(ver)) {
        char *m = sqlite3_mprintf("sr_config: version must look like '3.3' "
                                  "or '3.3.5', %s",
                                  sr_version_known_text());
        sqlite3_result_error(ctx, m ? m : "out of memory", -1);
        sqlite3_free(m);
        return;
      }
      c->env.version = ver;
    } else if (v && !strcmp(v, "shared_data")) {
      c->env.shared_data = 1;
    } else if (v && !strcmp(v, "shared_nothing")) {
      c->env.shared_data = 0;
    } else {
      sqlite3_result_error(
          ctx, "sr_config: run_mode must be 'shared_nothing' or 'shared_data'",
          -1);
      return;
    }
  }
  config_result(ctx, c, key);
}

void sr_refresh_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  sr_conn *c = sqlite3_user_data(ctx);
  const char *src = NULL;
  if (argc && sr_arg_text(ctx, argv[0], "sr_refresh", "the source", 0, &src))
    return;
  sr_conn_refresh(c, src);
  sqlite3_result_int(ctx, 1);
}

void sr_version_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  char *v = sqlite3_mprintf("libsrschema " SR_EXT_VERSION
                            ", SQLite %s, libmariadb %s",
                            sqlite3_libversion(), sr_live_client_version());
  if (v)
    sqlite3_result_text(ctx, v, -1, sqlite3_free);
  else
    sqlite3_result_error_nomem(ctx);
}

/* Entry point: `.load ./libsrschema` runs sqlite3_srschema_init, the only
 * symbol the library exports (built with -fvisibility=hidden). Every SQL
 * function and module is registered from the one table below. */
#include "srschema.h"

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include "glue/glue.h"

/* SPEC §4: pure functions are DETERMINISTIC | INNOCUOUS; anything that may
 * touch the network (a source can be a live server) or changes the
 * connection's state or tables is DIRECTONLY. SAFE: harmless, but not
 * deterministic (the result depends on sr_config or on the libraries
 * loaded). */
#define PURE (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)
#define SAFE (SQLITE_UTF8 | SQLITE_INNOCUOUS)
#define DIRECT (SQLITE_UTF8 | SQLITE_DIRECTONLY)

typedef struct reg {
  const char *name;
  int nargs; /* functions; -1 = any number */
  int flags; /* PURE, SAFE or DIRECT; modules set theirs in xConnect */
  sr_sql_fn *fn;
  const sqlite3_module *module; /* instead of fn: a table-valued function */
  int owner; /* frees the connection state (sr_conn) when SQLite drops it */
} reg;

/* One row per function (per argument count) and per module. Adding one is
 * a row here; declare its C function in glue.h. */
static const reg kRegistry[] = {
    {"sr_version", 0, SAFE, sr_version_fn, NULL, 1},
    {"sr_tables", 0, 0, NULL, &sr_schema_module, 0},
    {"sr_columns", 0, 0, NULL, &sr_schema_module, 0},
    {"sr_properties", 0, 0, NULL, &sr_schema_module, 0},
    {"sr_indexes", 0, 0, NULL, &sr_schema_module, 0},
    {"sr_diff", 0, 0, NULL, &sr_diff_module, 0},
    {"sr_lint", 0, 0, NULL, &sr_lint_module, 0},
    {"sr_render_type", 1, PURE, sr_render_type_fn, NULL, 0},
    {"sr_type_equal", 2, PURE, sr_type_equal_fn, NULL, 0},
    {"sr_query_equal", 2, PURE, sr_query_equal_fn, NULL, 0},
    {"sr_create_ddl", 1, SAFE, sr_create_ddl_json_fn, NULL, 0},
    {"sr_create_ddl", 2, DIRECT, sr_create_ddl_fn, NULL, 0},
    {"sr_table_json", 2, DIRECT, sr_table_json_fn, NULL, 0},
    {"sr_config", 1, DIRECT, sr_config_fn, NULL, 0},
    {"sr_config", 2, DIRECT, sr_config_fn, NULL, 0},
    {"sr_refresh", 0, DIRECT, sr_refresh_fn, NULL, 0},
    {"sr_refresh", 1, DIRECT, sr_refresh_fn, NULL, 0},
    {"sr_alter_partition", 2, PURE, sr_alter_partition_fn, NULL, 0},
    {"sr_alter_distribution", 2, PURE, sr_alter_distribution_fn, NULL, 0},
    {"sr_alter_distribution", 3, PURE, sr_alter_distribution_fn, NULL, 0},
    {"sr_alter_order", 2, PURE, sr_alter_order_fn, NULL, 0},
    {"sr_alter_properties", 2, PURE, sr_alter_properties_fn, NULL, 0},
    {"sr_alter_properties", 3, PURE, sr_alter_properties_fn, NULL, 0},
    {"sr_add_column", 2, PURE, sr_add_column_fn, NULL, 0},
    {"sr_drop_column", 2, PURE, sr_drop_column_fn, NULL, 0},
    {"sr_modify_column", 2, PURE, sr_modify_column_fn, NULL, 0},
    {"sr_apply_ddl", 2, DIRECT, sr_apply_ddl_fn, NULL, 0},
    {"sr_apply", 0, 0, NULL, &sr_exec_module, 0},
    {"sr_exec", 0, 0, NULL, &sr_exec_module, 0},
};

static int register_one(sqlite3 *db, const reg *r, sr_conn *c) {
  void (*destroy)(void *) = r->owner ? sr_conn_free : NULL;
  if (r->module)
    return sqlite3_create_module_v2(db, r->name, r->module, c, destroy);
  return sqlite3_create_function_v2(db, r->name, r->nargs, r->flags, c, r->fn,
                                    NULL, NULL, destroy);
}

#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
    int sqlite3_srschema_init(sqlite3 *db, char **pzErrMsg,
                              const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  sr_conn *c = sr_conn_new(db);
  if (!c)
    return SQLITE_NOMEM;
  int owned = 0;
  for (size_t i = 0; i < sizeof kRegistry / sizeof kRegistry[0]; i++) {
    const reg *r = &kRegistry[i];
    int rc = register_one(db, r, c);
    /* SQLite calls the owner's destructor itself when that call fails. */
    owned |= r->owner;
    if (rc == SQLITE_OK)
      continue;
    if (!owned)
      sr_conn_free(c);
    if (pzErrMsg)
      *pzErrMsg = sqlite3_mprintf("libsrschema: cannot register %s: %s",
                                  r->name, sqlite3_errmsg(db));
    return rc;
  }
  return SQLITE_OK;
}

/* Entry point: `.load ./libsrschema` runs sqlite3_srschema_init. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <string.h>

#include "glue.h"

int sr_register_version(sqlite3 *db, sr_conn *c, void (*destroy)(void *));

static void conn_free(void *p) {
  sr_conn *c = p;
  sr_conn_refresh(c, NULL);
  while (c->cache)
    sr_conn_drop(c, c->cache->key);
  sqlite3_free(c);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_srschema_init(sqlite3 *db, char **pzErrMsg,
                              const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  sr_conn *c = sqlite3_malloc(sizeof *c);
  if (!c)
    return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  c->db = db;
  c->env.version = SR_VERSION_NEWEST;
  /* On failure SQLite calls conn_free itself. */
  int rc = sr_register_version(db, c, conn_free);
  if (!rc)
    rc = sr_register_vtabs(db, c);
  if (!rc)
    rc = sr_register_funcs(db, c);
  if (!rc)
    rc = sr_register_spec(db, c);
  if (!rc)
    rc = sr_register_diff(db, c);
  if (!rc)
    rc = sr_register_apply(db, c);
  if (rc && pzErrMsg)
    *pzErrMsg =
        sqlite3_mprintf("libsrschema: cannot register: %s", sqlite3_errstr(rc));
  return rc;
}

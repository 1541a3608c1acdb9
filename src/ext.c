/* Entry point: `.load ./libsrschema` runs sqlite3_srschema_init. The only
 * symbol the library exports (built with -fvisibility=hidden). */
#include "srschema.h"

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include "glue.h"

int sr_register_version(sqlite3 *db, sr_conn *c, void (*destroy)(void *));

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
  /* On failure SQLite calls sr_conn_free itself. */
  int rc = sr_register_version(db, c, sr_conn_free);
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

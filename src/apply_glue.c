/* Placeholder: sr_apply_ddl lands here. */
#include "glue.h"

SQLITE_EXTENSION_INIT3

int sr_register_apply(sqlite3 *db, sr_conn *c) {
  (void)db, (void)c;
  return SQLITE_OK;
}

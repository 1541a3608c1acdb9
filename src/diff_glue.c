/* Placeholder: sr_diff, the op functions and sr_apply_ddl land here. */
#include "glue.h"

SQLITE_EXTENSION_INIT3

int sr_register_diff(sqlite3 *db, sr_conn *c) {
  (void)db, (void)c;
  return SQLITE_OK;
}

/* Placeholder: sr_create_ddl(json) and sr_table_json land here. */
#include "glue.h"

SQLITE_EXTENSION_INIT3

int sr_register_spec(sqlite3 *db, sr_conn *c) {
  (void)db, (void)c;
  return SQLITE_OK;
}

/* What every glue file shares: the one definition of sqlite3_api, SQLite's
 * table of functions an extension calls through (set by the entry point,
 * ext.c), and results made from the core's strings and errors. It sits at
 * the bottom of the glue, so that no file depends on ext.c, which depends
 * on them all. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <string.h>

#include "glue.h"

void sr_result_text(sqlite3_context *ctx, const char *s) {
  if (s)
    sqlite3_result_text(ctx, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_null(ctx);
}

void sr_result_buf(sqlite3_context *ctx, sr_buf *b) {
  const char *s = sr_buf_str(b);
  if (s)
    sqlite3_result_text(ctx, s, (int)b->n, SQLITE_TRANSIENT);
  else
    sqlite3_result_error_nomem(ctx);
  sr_buf_free(b);
}

void sr_result_error(sqlite3_context *ctx, const char *fn, const char *msg) {
  /* "out of memory" from the core is SQLITE_NOMEM, like SQLite's own. */
  char *m =
      strcmp(msg, "out of memory") ? sqlite3_mprintf("%s: %s", fn, msg) : NULL;
  if (m)
    sqlite3_result_error(ctx, m, -1);
  else
    sqlite3_result_error_nomem(ctx);
  sqlite3_free(m);
}

char *sr_err_sqlite(const sr_err *err) {
  return sqlite3_mprintf("%s", err->set ? err->msg : "unknown error");
}

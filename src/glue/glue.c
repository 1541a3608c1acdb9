/* What every glue file shares: the one definition of sqlite3_api, SQLite's
 * table of functions an extension calls through (set by the entry point,
 * ext.c), and results made from the core's strings and errors. It sits at
 * the bottom of the glue, so that no file depends on ext.c, which depends
 * on them all. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <string.h>

#include "base/utf8.h"
#include "glue/glue.h"

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

int sr_value_text(sqlite3_value *v, const char *fn, const char *what, int utf8,
                  const char **out, char **zErr) {
  *out = NULL;
  *zErr = NULL;
  if (sqlite3_value_type(v) == SQLITE_NULL)
    return SQLITE_OK;
  const char *s = (const char *)sqlite3_value_text(v);
  if (!s)
    return SQLITE_NOMEM;
  size_t n = (size_t)sqlite3_value_bytes(v);
  const char *nul = memchr(s, 0, n);
  size_t bad = utf8 ? sr_text_fault(s, n) : nul ? (size_t)(nul - s) : n;
  if (bad == n) {
    *out = s;
    return SQLITE_OK;
  }
  char fault[48];
  sr_text_fault_name(s, bad, fault, sizeof fault);
  *zErr = sqlite3_mprintf("%s: %s at offset %lld of %s", fn, fault,
                          (long long)bad, what);
  return *zErr ? SQLITE_ERROR : SQLITE_NOMEM;
}

int sr_arg_text(sqlite3_context *ctx, sqlite3_value *v, const char *fn,
                const char *what, int utf8, const char **out) {
  char *zErr;
  int rc = sr_value_text(v, fn, what, utf8, out, &zErr);
  if (rc == SQLITE_NOMEM)
    sqlite3_result_error_nomem(ctx);
  else if (rc)
    sqlite3_result_error(ctx, zErr, -1);
  sqlite3_free(zErr);
  return rc != SQLITE_OK;
}

char *sr_err_sqlite(const sr_err *err) {
  return sqlite3_mprintf("%s", err->set ? err->msg : "unknown error");
}

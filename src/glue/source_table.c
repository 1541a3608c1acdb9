/* table:<prefix> sources: ordinary SQLite tables <prefix>_tables,
 * <prefix>_columns, <prefix>_properties and optionally <prefix>_indexes
 * with the columns of SPEC §2. Values are re-canonicalised on load, so
 * an UPDATE may write 'string' or 'int(11)'. */
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "ddl/defaults.h"
#include "ddl/schema_tables.h"
#include "glue/glue.h"

SQLITE_EXTENSION_INIT3

typedef struct tload {
  sqlite3 *db;
  const char *prefix;
  sr_schema *s;
  char **zErr;
} tload;

/* A message for *zErr (a format with the prefix and two strings). An
 * allocation failure makes it SQLITE_NOMEM, never an error without text. */
static int fail(tload *L, const char *fmt, const char *a, const char *b) {
  sqlite3_free(*L->zErr);
  *L->zErr = sqlite3_mprintf(fmt, L->prefix, a, b);
  return *L->zErr ? SQLITE_ERROR : SQLITE_NOMEM;
}

/* An SQLite error while reading table `what`. */
static int db_error(tload *L, int rc, const char *what) {
  if (rc == SQLITE_NOMEM)
    return SQLITE_NOMEM;
  return fail(L, "table:%s: cannot read %s: %s", what, sqlite3_errmsg(L->db));
}

/* 1 when the query finds a row, 0 when not; -1 with *rc set when it
 * cannot run (never "not found" for a query that failed). */
static int found(tload *L, char *sql, int *rc) {
  sqlite3_stmt *st = NULL;
  int r = sql ? sqlite3_prepare_v2(L->db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  if (!r) {
    r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r == SQLITE_ROW || r == SQLITE_DONE)
      return r == SQLITE_ROW;
  }
  *rc = db_error(L, r, "the schema");
  return -1;
}

static int has_table(tload *L, const char *suffix, int *rc) {
  return found(L,
               sqlite3_mprintf("SELECT 1 FROM sqlite_schema WHERE name = "
                               "'%q_%q'",
                               L->prefix, suffix),
               rc);
}

static int has_column(tload *L, const char *table, const char *col, int *rc) {
  return found(L,
               sqlite3_mprintf("SELECT 1 FROM pragma_table_info('%q_%q') "
                               "WHERE name = %Q",
                               L->prefix, table, col),
               rc);
}

/* SELECT the columns that are read back, in the description's order
 * (NULL for an optional column the table lacks). */
static int prepare(tload *L, const sr_tabledesc *d, sqlite3_stmt **st) {
  sqlite3_str *q = sqlite3_str_new(L->db);
  sqlite3_str_appendall(q, "SELECT ");
  int n = 0, rc = SQLITE_OK;
  for (int i = 0; i < d->ncols && !rc; i++) {
    const sr_coldesc *c = &d->cols[i];
    if (!c->read)
      continue;
    if (n++)
      sqlite3_str_appendall(q, ", ");
    if (c->optional && !has_column(L, d->name, c->name, &rc))
      sqlite3_str_appendall(q, "NULL");
    else
      sqlite3_str_appendf(q, "\"%w\"", c->name);
  }
  sqlite3_str_appendf(q, " FROM \"%w_%w\" ORDER BY %s", L->prefix, d->name,
                      d->order_by);
  char *sql = sqlite3_str_finish(q);
  if (rc || !sql) {
    sqlite3_free(sql);
    return rc ? rc : SQLITE_NOMEM;
  }
  rc = sqlite3_prepare_v2(L->db, sql, -1, st, NULL);
  sqlite3_free(sql);
  return rc ? db_error(L, rc, d->name) : SQLITE_OK;
}

/* Column j of row `row` of table d as a cell: both of SQLite's
 * conversions (integer first: reading text after it keeps both valid).
 * SR_NOMEM when SQLite cannot convert the value: it is never mistaken for
 * NULL. Text must be UTF-8 without NUL bytes (it may be emitted). */
static int cell(tload *L, const sr_tabledesc *d, const sr_coldesc *c,
                sqlite3_stmt *st, int j, int row, sr_val *v) {
  *v = (sr_val){SR_VAL_NULL, 0, NULL};
  if (sqlite3_column_type(st, j) == SQLITE_NULL)
    return SR_OK;
  v->i = sqlite3_column_int64(st, j);
  v->s = (const char *)sqlite3_column_text(st, j);
  v->type = SR_VAL_TEXT;
  if (!v->s)
    return SR_NOMEM;
  size_t n = (size_t)sqlite3_column_bytes(st, j);
  size_t bad = sr_text_fault(v->s, n);
  if (bad == n)
    return SR_OK;
  char what[48], where[96];
  sr_text_fault_name(v->s, bad, what, sizeof what);
  /* The row by its table's name; by its place when that is the fault. */
  const char *tn = j ? (const char *)sqlite3_column_text(st, 0) : NULL;
  int tn_n = tn ? sqlite3_column_bytes(st, 0) : 0;
  if (tn && sr_text_fault(tn, (size_t)tn_n) == (size_t)tn_n)
    sqlite3_snprintf(sizeof where, where, "a row of table '%s'", tn);
  else
    sqlite3_snprintf(sizeof where, where, "row %d (in %s order)", row,
                     d->order_by);
  sqlite3_free(*L->zErr);
  *L->zErr = sqlite3_mprintf("table:%s: %s_%s: column %s of %s: expected "
                             "UTF-8 text, found %s at offset %lld",
                             L->prefix, L->prefix, d->name, c->name, where,
                             what, (long long)bad);
  return *L->zErr ? SR_ERROR : SR_NOMEM;
}

/* Each row is read into the schema by the columns' readers; every row or
 * an error (a failed step is not the end of the rows). */
static int load(tload *L, const sr_tabledesc *d) {
  int rc = SQLITE_OK;
  if (d->optional && has_table(L, d->name, &rc) <= 0)
    return rc;
  sqlite3_stmt *st = NULL;
  rc = prepare(L, d, &st);
  if (rc)
    return rc;
  sr_err err = {0};
  sr_rowread r = {.s = L->s, .prefix = L->prefix, .err = &err};
  int step = SQLITE_DONE, row = 0;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    row++;
    for (int i = 0, j = 0; !rc && i < d->ncols; i++) {
      if (!d->cols[i].read)
        continue;
      sr_val v;
      rc = cell(L, d, &d->cols[i], st, j++, row, &v);
      if (!rc)
        rc = d->cols[i].read(&r, &v);
    }
    if (!rc && d->end_row)
      rc = d->end_row(&r);
  }
  int db_rc = !rc && step != SQLITE_DONE ? step : SQLITE_OK;
  sqlite3_finalize(st);
  if (db_rc)
    return db_error(L, db_rc, d->name);
  if (err.set && rc != SR_NOMEM) {
    sqlite3_free(*L->zErr);
    *L->zErr = sr_err_sqlite(&err);
    if (!*L->zErr)
      rc = SR_NOMEM;
  }
  return rc == SR_NOMEM ? SQLITE_NOMEM : rc ? SQLITE_ERROR : SQLITE_OK;
}

int sr_table_load(sqlite3 *db, const char *prefix, sr_env env, sr_schema **out,
                  char **zErr) {
  tload L = {db, prefix, sr_schema_new(env), zErr};
  if (!L.s)
    return SQLITE_NOMEM;
  int rc = SQLITE_OK;
  for (int i = 0; i < SR_ST_COUNT && !rc; i++)
    rc = load(&L, &sr_schema_tables[i]);
  if (!rc) {
    sr_err err = {0};
    if (sr_schema_finish(L.s, &err)) {
      sqlite3_free(*zErr);
      *zErr = sqlite3_mprintf("table:%s: %s", prefix, err.msg);
      rc = SQLITE_ERROR;
    }
  }
  if (!rc && !L.s->ntables) {
    char *w =
        sqlite3_mprintf("table:%s: %s_tables has no rows", prefix, prefix);
    L.s->what_read = w ? sr_arena_strdup(&L.s->arena, w) : NULL;
    sqlite3_free(w);
    if (!L.s->what_read)
      rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_NOMEM && !*zErr)
    *zErr = sqlite3_mprintf("out of memory");
  if (rc) {
    sr_schema_free(L.s);
    return rc;
  }
  *out = L.s;
  return SQLITE_OK;
}

/* "a TEXT, b INTEGER" or "a, b": the description's columns. */
static void column_list(sqlite3_str *q, const sr_tabledesc *d, int types) {
  for (int i = 0; i < d->ncols; i++)
    sqlite3_str_appendf(q, "%s\"%w\"%s%s", i ? ", " : "", d->cols[i].name,
                        types ? " " : "", types ? d->cols[i].type : "");
}

int sr_table_store(sr_conn *c, const char *prefix, const char *mem_name,
                   char **zErr) {
  int rc = SQLITE_OK;
  for (int i = 0; i < SR_ST_COUNT && !rc; i++) {
    const sr_tabledesc *d = &sr_schema_tables[i];
    sqlite3_str *q = sqlite3_str_new(c->db);
    sqlite3_str_appendf(q, "CREATE TABLE IF NOT EXISTS \"%w_%w\"(", prefix,
                        d->name);
    column_list(q, d, 1);
    sqlite3_str_appendf(q, "); DELETE FROM \"%w_%w\"; INSERT INTO \"%w_%w\"(",
                        prefix, d->name, prefix, d->name);
    column_list(q, d, 0);
    sqlite3_str_appendall(q, ") SELECT ");
    column_list(q, d, 0);
    sqlite3_str_appendf(q, " FROM sr_%s(%Q);", d->name, mem_name);
    char *sql = sqlite3_str_finish(q);
    if (!sql)
      return SQLITE_NOMEM;
    rc = sqlite3_exec(c->db, sql, NULL, NULL, zErr);
    sqlite3_free(sql);
  }
  return rc;
}

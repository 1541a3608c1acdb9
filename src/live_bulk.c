/* The bulk information_schema queries: a constant number per database,
 * whatever the number of tables (facts §2). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "live_reflect.h"

uint64_t sr_live_hash(uint64_t h, const char *s) {
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return (h ^ 0xff) * 1099511628211ull; /* separator */
}

int sr_live_hidden(const char *name) {
  return !strncmp(name, SR_HIDDEN_PREFIX, sizeof SR_HIDDEN_PREFIX - 1);
}

/* "SELECT <cols> FROM information_schema.<t> WHERE TABLE_SCHEMA = '<db>'" */
static char *bulk_sql(MYSQL *m, const char *cols, const char *table,
                      const char *db) {
  size_t dn = strlen(db), n = strlen(cols) + strlen(table) + 2 * dn + 96;
  char *sql = malloc(n), *q = malloc(2 * dn + 1);
  int ok = sql && q;
  if (ok) {
    mysql_real_escape_string(m, q, db, (unsigned long)dn);
    snprintf(sql, n,
             "SELECT %s FROM information_schema.%s WHERE TABLE_SCHEMA = '%s'",
             cols, table, q);
  }
  free(q);
  if (!ok)
    free(sql);
  return ok ? sql : NULL;
}

static MYSQL_RES *bulk(const sr_live *L, MYSQL *m, const char *cols,
                       const char *table, unsigned nf, sr_err *err) {
  char *sql = bulk_sql(m, cols, table, L->u.schema);
  if (!sql)
    return sr_oom(err), NULL;
  char doing[64];
  snprintf(doing, sizeof doing, "reading information_schema.%s", table);
  MYSQL_RES *r = sr_live_query(L, m, sql, nf, doing, err);
  free(sql);
  return r;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const sr_live_obj *)a)->name, ((const sr_live_obj *)b)->name);
}

static sr_live_obj *find(sr_live_objs *o, const char *name) {
  if (!name)
    return NULL;
  sr_live_obj key = {.name = name};
  return bsearch(&key, o->v, (size_t)o->n, sizeof key, by_name);
}

static int list_tables(const sr_live *L, MYSQL *m, sr_live_objs *o,
                       sr_err *err) {
  MYSQL_RES *r = bulk(L, m, "TABLE_NAME, TABLE_TYPE", "tables", 2, err);
  if (!r)
    return SR_ERROR;
  size_t n = (size_t)mysql_num_rows(r);
  o->v = calloc(n ? n : 1, sizeof *o->v);
  if (!o->v) {
    mysql_free_result(r);
    return sr_oom(err);
  }
  MYSQL_ROW row;
  int rc = SR_OK;
  while (!rc && (row = mysql_fetch_row(r))) {
    sr_live_obj *x = &o->v[o->n];
    if (!row[0] || !row[1])
      continue;
    if (!strcmp(row[1], "BASE TABLE"))
      x->type = 'T';
    else if (!strcmp(row[1], "VIEW"))
      x->type = 'V';
    else if (!strcmp(row[1], "MATERIALIZED VIEW"))
      x->type = 'V', x->is_mv = 1;
    else
      rc = sr_errf(err,
                   "%s: table %s has type '%s' (expected BASE TABLE or "
                   "VIEW)",
                   L->where, row[0], row[1]);
    if (!rc && !(x->name = sr_arena_strdup(&o->arena, row[0])))
      rc = sr_oom(err);
    if (!rc)
      o->n++;
  }
  mysql_free_result(r);
  if (!rc)
    qsort(o->v, (size_t)o->n, sizeof *o->v, by_name);
  return rc;
}

/* shared_data tables carry a storage volume (facts §1.7, corpus 52). */
static int has_storage_volume(const char *json) {
  cJSON *j = json ? cJSON_Parse(json) : NULL;
  int yes = j && cJSON_GetObjectItemCaseSensitive(j, "storage_volume");
  cJSON_Delete(j);
  return yes;
}

static int read_config(const sr_live *L, MYSQL *m, sr_live_objs *o,
                       sr_err *err) {
  MYSQL_RES *r = bulk(L, m,
                      "TABLE_NAME, TABLE_MODEL, DISTRIBUTE_TYPE, "
                      "PROPERTIES",
                      "tables_config", 4, err);
  if (!r)
    return SR_ERROR;
  MYSQL_ROW row;
  int rc = SR_OK;
  while (!rc && (row = mysql_fetch_row(r))) {
    sr_live_obj *x = find(o, row[0]);
    if (!x)
      continue; /* created after the listing: not part of this read */
    x->model = row[1] ? sr_arena_strdup(&o->arena, row[1]) : NULL;
    x->dist = row[2] ? sr_arena_strdup(&o->arena, row[2]) : NULL;
    if ((row[1] && !x->model) || (row[2] && !x->dist))
      rc = sr_oom(err);
    if (has_storage_volume(row[3]))
      o->shared_data = 1;
  }
  mysql_free_result(r);
  return rc;
}

static int read_columns(const sr_live *L, MYSQL *m, sr_live_objs *o,
                        sr_err *err) {
  MYSQL_RES *r = bulk(L, m, "TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION",
                      "columns", 3, err);
  if (!r)
    return SR_ERROR;
  MYSQL_ROW row;
  sr_live_obj *x = NULL;
  /* Rows come in any order: hash each table's names by ordinal. */
  while ((row = mysql_fetch_row(r))) {
    if (!row[0] || !row[1] || !row[2] || sr_live_hidden(row[1]))
      continue;
    if (!x || strcmp(x->name, row[0]))
      x = find(o, row[0]);
    if (!x)
      continue;
    x->ncols++;
    x->colhash += sr_live_hash(strtoull(row[2], NULL, 10), row[1]);
  }
  mysql_free_result(r);
  return SR_OK;
}

static int read_mvs(const sr_live *L, MYSQL *m, sr_live_objs *o, sr_err *err) {
  MYSQL_RES *r =
      bulk(L, m, "TABLE_NAME, REFRESH_TYPE", "materialized_views", 2, err);
  if (!r)
    return SR_ERROR;
  MYSQL_ROW row;
  while ((row = mysql_fetch_row(r))) {
    sr_live_obj *x = find(o, row[0]);
    /* Synchronous MVs (REFRESH_TYPE ROLLUP) are not tables (facts §2). */
    if (x && !(row[1] && !strcmp(row[1], "ROLLUP")))
      x->is_mv = 1;
  }
  mysql_free_result(r);
  return SR_OK;
}

int sr_live_bulk(const sr_live *L, MYSQL *m, sr_live_objs *o, sr_err *err) {
  if (list_tables(L, m, o, err))
    return SR_ERROR;
  if (!o->n)
    return SR_OK; /* an empty database needs nothing more */
  if (read_config(L, m, o, err) || read_columns(L, m, o, err) ||
      read_mvs(L, m, o, err))
    return SR_ERROR;
  return SR_OK;
}

void sr_live_objs_free(sr_live_objs *o) {
  for (int i = 0; i < o->n; i++)
    free(o->v[i].ddl);
  free(o->v);
  sr_arena_free(&o->arena);
  memset(o, 0, sizeof *o);
}

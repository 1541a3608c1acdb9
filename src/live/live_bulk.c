/* The bulk queries: a constant number per database, whatever the number
 * of tables (facts §2), always WHERE TABLE_SCHEMA = '<db>'. Two requests of
 * several statements (live_batch.h): the server check with the listing,
 * then what tables_config, columns and materialized_views say of the
 * objects listed. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ddl/defaults.h"
#include "live/live_batch.h"
#include "live/live_reflect.h"
#include "source/spec.h"

uint64_t sr_live_hash(uint64_t h, const char *s) {
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return (h ^ 0xff) * 1099511628211ull; /* separator */
}

int sr_live_hidden(const char *name) {
  return !strncmp(name, SR_HIDDEN_PREFIX, sizeof SR_HIDDEN_PREFIX - 1);
}

/* 'v', escaped as the connection's server expects. */
static void quote(sr_buf *b, MYSQL *m, const char *v) {
  size_t n = strlen(v);
  char *q = malloc(2 * n + 1);
  if (!q) {
    b->oom = 1;
    return;
  }
  mysql_real_escape_string(m, q, v, (unsigned long)n);
  sr_buf_putc(b, '\'');
  sr_buf_puts(b, q);
  sr_buf_putc(b, '\'');
  free(q);
}

/* "SELECT <cols> FROM information_schema.<t> WHERE TABLE_SCHEMA = '<db>'
 * [AND TABLE_NAME = '<name>']" */
static void bulk_sql(sr_buf *b, const sr_live *L, MYSQL *m, const char *cols,
                     const char *table, const char *name) {
  sr_buf_printf(b, "SELECT %s FROM information_schema.%s WHERE TABLE_SCHEMA = ",
                cols, table);
  quote(b, m, L->u.schema);
  if (name) {
    sr_buf_puts(b, " AND TABLE_NAME = ");
    quote(b, m, name);
  }
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

/* "StarRocks version 3.3.5-..." (facts §5); live.c reads the version. */
static int read_version(const sr_live *L, MYSQL_RES *r, sr_live_objs *o,
                        sr_err *err) {
  MYSQL_ROW row = mysql_fetch_row(r);
  const char *vc = row && row[0] ? row[0] : "";
  if (!strcasestr(vc, "starrocks"))
    return sr_errf(err, "%s: not a StarRocks server (version_comment '%.200s')",
                   L->where, vc);
  if (!(o->version_comment = sr_arena_strdup(&o->arena, vc)))
    return sr_oom(err);
  return SR_OK;
}

static int set_type(const sr_live *L, sr_live_obj *x, MYSQL_ROW row,
                    sr_err *err) {
  if (!strcmp(row[1], "BASE TABLE"))
    x->type = 'T';
  else if (!strcmp(row[1], "VIEW"))
    x->type = 'V';
  else if (!strcmp(row[1], "MATERIALIZED VIEW"))
    x->type = 'V', x->is_mv = 1;
  else
    return sr_errf(err,
                   "%s: table %s has type '%s' (expected BASE TABLE or VIEW)",
                   L->where, row[0], row[1]);
  return SR_OK;
}

static int read_tables(const sr_live *L, MYSQL_RES *r, sr_live_objs *o,
                       sr_err *err) {
  size_t n = (size_t)mysql_num_rows(r);
  if (!(o->v = calloc(n ? n : 1, sizeof *o->v)))
    return sr_oom(err);
  MYSQL_ROW row;
  int rc = SR_OK;
  while (!rc && (row = mysql_fetch_row(r))) {
    sr_live_obj *x = &o->v[o->n];
    if (!row[0] || !row[1])
      continue;
    rc = set_type(L, x, row, err);
    if (!rc && !(x->name = sr_arena_strdup(&o->arena, row[0])))
      rc = sr_oom(err);
    if (!rc)
      o->n++;
  }
  if (!rc)
    qsort(o->v, (size_t)o->n, sizeof *o->v, by_name);
  return rc;
}

/* shared_data tables carry a storage volume (facts §1.7, corpus 52): 1,
 * 0, or -1 when memory ran out reading the properties (never "no"). */
static int has_storage_volume(const char *json) {
  sr_err e = {0};
  cJSON *j = json ? sr_json_parse(json, strlen(json), &e) : NULL;
  if (!j)
    return json && !strcmp(e.msg, "out of memory") ? -1 : 0;
  int yes = cJSON_GetObjectItemCaseSensitive(j, "storage_volume") != NULL;
  cJSON_Delete(j);
  return yes;
}

static int read_config(const sr_live *L, MYSQL_RES *r, sr_live_objs *o,
                       sr_err *err) {
  (void)L;
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
    int sv = rc ? 0 : has_storage_volume(row[3]);
    if (sv < 0)
      rc = sr_oom(err);
    else if (sv)
      o->shared_data = 1;
  }
  return rc;
}

static int read_columns(const sr_live *L, MYSQL_RES *r, sr_live_objs *o,
                        sr_err *err) {
  (void)L, (void)err;
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
  return SR_OK;
}

static int read_mvs(const sr_live *L, MYSQL_RES *r, sr_live_objs *o,
                    sr_err *err) {
  (void)L, (void)err;
  MYSQL_ROW row;
  while ((row = mysql_fetch_row(r))) {
    sr_live_obj *x = find(o, row[0]);
    /* Synchronous MVs (REFRESH_TYPE ROLLUP) are not tables (facts §2). */
    if (x && !(row[1] && !strcmp(row[1], "ROLLUP")))
      x->is_mv = 1;
  }
  return SR_OK;
}

/* @@run_mode (4.1+, release notes 4.1, PR #69247): read case-insensitively,
 * '-' as '_'; a value neither names leaves the run mode to the
 * storage_volume rule (no recorded answer shows the spelling). */
static int read_run_mode(const sr_live *L, MYSQL_RES *r, sr_live_objs *o,
                         sr_err *err) {
  (void)L, (void)err;
  MYSQL_ROW row = mysql_fetch_row(r);
  char v[16] = {0};
  for (size_t i = 0; row && row[0] && row[0][i] && i + 1 < sizeof v; i++)
    v[i] = row[0][i] == '-' ? '_' : row[0][i];
  o->run_mode = !strcasecmp(v, "shared_data")      ? 2
                : !strcasecmp(v, "shared_nothing") ? 1
                                                   : 0;
  return SR_OK;
}

/* One bulk statement: SELECT cols [FROM information_schema.table ...]. */
typedef struct bulk_stmt {
  const char *cols, *table; /* table NULL: a plain SELECT */
  unsigned nf;              /* columns expected */
  int (*read)(const sr_live *L, MYSQL_RES *r, sr_live_objs *o, sr_err *err);
} bulk_stmt;

static const bulk_stmt listing[] = {
    {"@@version_comment", NULL, 1, read_version},
    {"TABLE_NAME, TABLE_TYPE", "tables", 2, read_tables}};
static const bulk_stmt details[] = {
    {"TABLE_NAME, TABLE_MODEL, DISTRIBUTE_TYPE, PROPERTIES", "tables_config", 4,
     read_config},
    {"TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION", "columns", 3, read_columns},
    {"TABLE_NAME, REFRESH_TYPE", "materialized_views", 2, read_mvs},
    {"@@run_mode", NULL, 1, read_run_mode}};

typedef struct bulk {
  const sr_live *L;
  MYSQL *m;
  sr_live_objs *o;
  const bulk_stmt *v;
} bulk;

static void bulk_stmt_sql(void *ctx, int i, sr_buf *b) {
  bulk *k = ctx;
  const bulk_stmt *s = &k->v[i];
  if (s->table)
    bulk_sql(b, k->L, k->m, s->cols, s->table, NULL);
  else
    sr_buf_printf(b, "SELECT %s", s->cols);
}

static void bulk_what(void *ctx, int i, char *buf, size_t n) {
  const bulk_stmt *s = &((bulk *)ctx)->v[i];
  if (s->table)
    snprintf(buf, n, "reading information_schema.%s", s->table);
  else
    snprintf(buf, n, "checking the server");
}

static int bulk_take(void *ctx, int i, MYSQL_RES *r, sr_err *err) {
  bulk *k = ctx;
  char what[64];
  bulk_what(ctx, i, what, sizeof what);
  if (sr_live_fields(k->L, r, k->v[i].nf, what, err))
    return SR_ERROR;
  return k->v[i].read(k->L, r, k->o, err);
}

/* An ERR for @@run_mode (a server without it: "Unknown system variable")
 * leaves the run mode to the other rules; any other ERR is the read's. */
static int bulk_refused(void *ctx, int i, sr_err *err) {
  (void)err;
  return ((bulk *)ctx)->v[i].read == read_run_mode ? SR_OK : SR_ERROR;
}

static int run(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
               const bulk_stmt *v, int n, sr_err *err) {
  bulk k = {L, m, o, v};
  sr_live_req q = {&k, bulk_stmt_sql, bulk_what, bulk_take, bulk_refused};
  return sr_live_run(L, m, single, &q, 0, n, err);
}

int sr_live_list(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                 sr_err *err) {
  return run(L, m, single, o, listing, 2, err);
}

int sr_live_details(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                    sr_err *err) {
  return run(L, m, single, o, details, o->ask_run_mode ? 4 : 3, err);
}

int sr_live_run_mode(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                     sr_err *err) {
  return run(L, m, single, o, details + 3, 1, err);
}

int sr_live_listed(const sr_live *L, MYSQL *m, const char *name, int *listed,
                   sr_err *err) {
  sr_buf sql;
  sr_buf_init(&sql);
  bulk_sql(&sql, L, m, "TABLE_NAME", "tables", name);
  if (!sr_buf_str(&sql))
    return sr_buf_free(&sql), sr_oom(err);
  MYSQL_RES *r =
      sr_live_query(L, m, sql.s, 1, "reading information_schema.tables", err);
  sr_buf_free(&sql);
  if (!r)
    return SR_ERROR;
  *listed = mysql_num_rows(r) > 0;
  mysql_free_result(r);
  return SR_OK;
}

void sr_live_objs_free(sr_live_objs *o) {
  for (int i = 0; i < o->n; i++)
    free(o->v[i].ddl);
  free(o->v);
  sr_arena_free(&o->arena);
  memset(o, 0, sizeof *o);
}

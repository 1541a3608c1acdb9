/* sr_tables, sr_columns, sr_properties, sr_indexes: eponymous virtual
 * tables whose hidden first argument is the source (SPEC §2). Their
 * columns and how each is written are schema_tables.c's; here is only the
 * walk over a loaded schema. */
#include <string.h>

#include "ddl/schema_tables.h"
#include "glue/glue.h"

SQLITE_EXTENSION_INIT3

typedef struct vtab {
  sqlite3_vtab base;
  sr_conn *conn;
  const sr_tabledesc *d;
} vtab;

typedef struct cursor {
  sqlite3_vtab_cursor base;
  sr_cached *e;
  int ti, sub;
  int nrows;       /* rows of table ti, -1 when not yet counted */
  const void *obj; /* the object of row sub of table ti */
  sqlite3_int64 rowid;
} cursor;

int sr_vtab_connect(sqlite3 *db, const char *schema, size_t size,
                    sqlite3_vtab **pp) {
  int rc = sqlite3_declare_vtab(db, schema);
  if (rc)
    return rc;
  sqlite3_vtab *v = sqlite3_malloc((int)size);
  if (!v)
    return SQLITE_NOMEM;
  memset(v, 0, size);
  *pp = v;
  /* May read a live server: not usable from views or triggers. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  return SQLITE_OK;
}

int sr_vtab_disconnect(sqlite3_vtab *p) {
  sqlite3_free(p);
  return SQLITE_OK;
}

/* CREATE TABLE x(<name> <type>, ..., source HIDDEN) */
static char *declaration(const sr_tabledesc *d) {
  sqlite3_str *q = sqlite3_str_new(NULL);
  sqlite3_str_appendall(q, "CREATE TABLE x(");
  for (int i = 0; i < d->ncols; i++)
    sqlite3_str_appendf(q, "\"%w\" %s, ", d->cols[i].name, d->cols[i].type);
  sqlite3_str_appendall(q, "source HIDDEN)");
  return sqlite3_str_finish(q);
}

/* One module serves the four tables: argv[0] is the name it was
 * registered under (ext.c), "sr_" and the description's name. */
static int x_connect(sqlite3 *db, void *pAux, int argc, const char *const *argv,
                     sqlite3_vtab **ppVtab, char **pzErr) {
  const sr_tabledesc *d = NULL;
  for (int i = 0; i < SR_ST_COUNT && argc > 0; i++)
    if (!strncmp(argv[0], "sr_", 3) &&
        !strcmp(argv[0] + 3, sr_schema_tables[i].name))
      d = &sr_schema_tables[i];
  if (!d) {
    *pzErr = sqlite3_mprintf("sr_schema_module: unknown table '%s'",
                             argc ? argv[0] : "");
    return SQLITE_ERROR;
  }
  char *decl = declaration(d);
  if (!decl)
    return SQLITE_NOMEM;
  int rc = sr_vtab_connect(db, decl, sizeof(vtab), ppVtab);
  sqlite3_free(decl);
  if (!rc) {
    ((vtab *)*ppVtab)->conn = pAux;
    ((vtab *)*ppVtab)->d = d;
  }
  return rc;
}

int sr_vtab_args(sqlite3_index_info *info, int first, int n, int needed) {
  int where[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
  for (int i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *k = &info->aConstraint[i];
    if (k->iColumn < first || k->iColumn >= first + n ||
        k->op != SQLITE_INDEX_CONSTRAINT_EQ)
      continue;
    if (!k->usable)
      return SQLITE_CONSTRAINT;
    where[k->iColumn - first] = i;
  }
  int argc = 0;
  info->idxNum = 0;
  for (int a = 0; a < n; a++) {
    if (where[a] < 0)
      continue;
    info->aConstraintUsage[where[a]].argvIndex = ++argc;
    info->aConstraintUsage[where[a]].omit = 1;
    info->idxNum |= 1 << a;
  }
  /* Without its arguments the call fails in xFilter with a message. */
  info->estimatedCost = (info->idxNum & needed) == needed ? 1000 : 1e12;
  return SQLITE_OK;
}

/* The source argument must be given by equality (table-valued call). */
static int x_best_index(sqlite3_vtab *p, sqlite3_index_info *info) {
  const vtab *v = (const vtab *)p;
  return sr_vtab_args(info, v->d->ncols, 1, 1);
}

int sr_vtab_cursor(size_t size, sqlite3_vtab_cursor **pp) {
  sqlite3_vtab_cursor *c = sqlite3_malloc((int)size);
  if (!c)
    return SQLITE_NOMEM;
  memset(c, 0, size);
  *pp = c;
  return SQLITE_OK;
}

static int x_open(sqlite3_vtab *p, sqlite3_vtab_cursor **pp) {
  (void)p;
  return sr_vtab_cursor(sizeof(cursor), pp);
}

static int x_close(sqlite3_vtab_cursor *p) {
  cursor *c = (cursor *)p;
  sr_cached_release(c->e);
  sqlite3_free(c);
  return SQLITE_OK;
}

static const sr_tabledesc *desc_of(const cursor *c) {
  return ((const vtab *)c->base.pVtab)->d;
}

/* Moves to the next row that exists, from (ti, sub) on. */
static void settle(cursor *c) {
  const sr_schema *s = c->e->schema;
  const sr_tabledesc *d = desc_of(c);
  while (c->ti < s->ntables) {
    const sr_table *t = s->tables[c->ti];
    if (c->nrows < 0)
      c->nrows = d->rows(t);
    if (c->sub < c->nrows) {
      c->obj = NULL; /* found when a column is read (not for count(*)) */
      return;
    }
    c->ti++;
    c->sub = 0;
    c->nrows = -1;
  }
}

static int x_filter(sqlite3_vtab_cursor *p, int idxNum, const char *idxStr,
                    int argc, sqlite3_value **argv) {
  (void)idxStr;
  cursor *c = (cursor *)p;
  vtab *v = (vtab *)p->pVtab;
  sr_cached_release(c->e);
  c->e = NULL;
  const char *src = NULL;
  char fn[32], *zErr = NULL;
  sqlite3_snprintf(sizeof fn, fn, "sr_%s", v->d->name);
  int rc = idxNum && argc
               ? sr_value_text(argv[0], fn, "the source", 0, &src, &zErr)
               : SQLITE_OK;
  if (rc) {
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = zErr;
    return rc;
  }
  if (!src) {
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = sqlite3_mprintf("sr_%s: a source argument is required, "
                                      "e.g. SELECT * FROM sr_%s('schema/')",
                                      v->d->name, v->d->name);
    return SQLITE_ERROR;
  }
  c->e = sr_conn_load(v->conn, src, &zErr);
  if (!c->e) {
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = zErr;
    return zErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  c->ti = c->sub = 0;
  c->nrows = -1;
  c->rowid = 1;
  settle(c);
  return SQLITE_OK;
}

static int x_next(sqlite3_vtab_cursor *p) {
  cursor *c = (cursor *)p;
  c->sub++;
  c->rowid++;
  settle(c);
  return SQLITE_OK;
}

static int x_eof(sqlite3_vtab_cursor *p) {
  const cursor *c = (const cursor *)p;
  return !c->e || c->ti >= c->e->schema->ntables;
}

static int x_rowid(sqlite3_vtab_cursor *p, sqlite3_int64 *r) {
  *r = ((cursor *)p)->rowid;
  return SQLITE_OK;
}

static int x_column(sqlite3_vtab_cursor *p, sqlite3_context *ctx, int i) {
  cursor *c = (cursor *)p;
  const sr_tabledesc *d = desc_of(c);
  if (i >= d->ncols)
    return SQLITE_OK; /* the hidden source column */
  const sr_table *t = c->e->schema->tables[c->ti];
  if (!c->obj)
    c->obj = d->row(t, c->sub);
  sr_cell cell = {.t = t, .obj = c->obj, .k = c->sub};
  sr_buf_init(&cell.b);
  if (d->cols[i].write(&cell))
    sqlite3_result_error_nomem(ctx);
  else if (cell.v.type == SR_VAL_INT)
    sqlite3_result_int64(ctx, cell.v.i);
  else
    sr_result_text(ctx, cell.v.type == SR_VAL_TEXT ? cell.v.s : NULL);
  sr_buf_free(&cell.b);
  return SQLITE_OK;
}

const sqlite3_module sr_schema_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only */
    .xConnect = x_connect,
    .xBestIndex = x_best_index,
    .xDisconnect = sr_vtab_disconnect,
    .xDestroy = sr_vtab_disconnect,
    .xOpen = x_open,
    .xClose = x_close,
    .xFilter = x_filter,
    .xNext = x_next,
    .xEof = x_eof,
    .xColumn = x_column,
    .xRowid = x_rowid,
};

/* sr_tables, sr_columns, sr_properties, sr_indexes: eponymous virtual
 * tables whose hidden first argument is the source (SPEC §2). */
#include <string.h>

#include "glue.h"
#include "render.h"

SQLITE_EXTENSION_INIT3

enum { V_TABLES, V_COLUMNS, V_PROPERTIES, V_INDEXES, V_COUNT };

typedef struct vdef {
  const char *name;
  const char *schema;
  int ncols; /* visible columns; the hidden source column comes last */
} vdef;

static const vdef kDefs[] = {
    {"sr_tables",
     "CREATE TABLE x(table_name TEXT, kind TEXT, engine TEXT, key_type TEXT,"
     " key_columns TEXT, comment TEXT, partition_by TEXT, distributed_by TEXT,"
     " buckets INTEGER, order_by TEXT, definition TEXT, refresh TEXT, ddl TEXT,"
     " partitions TEXT, view_columns TEXT, view_security TEXT,"
     " view_column_comments TEXT, source HIDDEN)",
     17},
    {"sr_columns",
     "CREATE TABLE x(table_name TEXT, ordinal INTEGER, column_name TEXT,"
     " type TEXT, nullable INTEGER, default_value TEXT, comment TEXT,"
     " is_key INTEGER, agg_type TEXT, auto_increment INTEGER, generated TEXT,"
     " source HIDDEN)",
     11},
    {"sr_properties",
     "CREATE TABLE x(table_name TEXT, key TEXT, value TEXT, origin TEXT,"
     " source HIDDEN)",
     4},
    {"sr_indexes",
     "CREATE TABLE x(table_name TEXT, index_name TEXT, columns TEXT,"
     " index_type TEXT, properties TEXT, comment TEXT, source HIDDEN)",
     6},
};

typedef struct vtab {
  sqlite3_vtab base;
  sr_conn *conn;
  int which; /* V_TABLES ... */
} vtab;

typedef struct cursor {
  sqlite3_vtab_cursor base;
  sr_cached *e;
  int ti, sub;
  int nrows; /* rows of table ti, -1 when not yet counted */
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

/* One module serves the four tables: argv[0] is the name it was
 * registered under (ext.c). */
static int x_connect(sqlite3 *db, void *pAux, int argc, const char *const *argv,
                     sqlite3_vtab **ppVtab, char **pzErr) {
  int which = 0;
  while (which < V_COUNT && (argc < 1 || strcmp(argv[0], kDefs[which].name)))
    which++;
  if (which == V_COUNT) {
    *pzErr = sqlite3_mprintf("sr_schema_module: unknown table '%s'",
                             argc ? argv[0] : "");
    return SQLITE_ERROR;
  }
  int rc = sr_vtab_connect(db, kDefs[which].schema, sizeof(vtab), ppVtab);
  if (!rc) {
    ((vtab *)*ppVtab)->conn = pAux;
    ((vtab *)*ppVtab)->which = which;
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
  return sr_vtab_args(info, kDefs[v->which].ncols, 1, 1);
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

static int visible_cols(const sr_table *t) {
  int n = 0;
  for (int i = 0; i < t->ncols; i++)
    n += !t->cols[i].hidden;
  return n;
}

static const sr_column *visible_col(const sr_table *t, int k) {
  for (int i = 0; i < t->ncols; i++)
    if (!t->cols[i].hidden && k-- == 0)
      return &t->cols[i];
  return NULL;
}

/* Rows a table contributes to this virtual table. Only tables have
 * columns here: a view's columns are derived from its query. */
static int rows_of(int which, const sr_table *t) {
  switch (which) {
  case V_TABLES:
    return 1;
  case V_COLUMNS:
    return t->kind == SR_KIND_TABLE ? visible_cols(t) : 0;
  case V_PROPERTIES:
    return t->kind == SR_KIND_VIEW ? 0 : t->nprops;
  default:
    return t->nidx;
  }
}

static int which_of(const cursor *c) {
  return ((const vtab *)c->base.pVtab)->which;
}

static void settle(cursor *c) {
  const sr_schema *s = c->e->schema;
  while (c->ti < s->ntables) {
    if (c->nrows < 0)
      c->nrows = rows_of(which_of(c), s->tables[c->ti]);
    if (c->sub < c->nrows)
      return;
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
  const char *name = kDefs[v->which].name;
  sr_cached_release(c->e);
  c->e = NULL;
  const char *src =
      idxNum && argc ? (const char *)sqlite3_value_text(argv[0]) : NULL;
  if (!src) {
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = sqlite3_mprintf(
        "%s: a source argument is required, e.g. SELECT * FROM %s('schema/')",
        name, name);
    return SQLITE_ERROR;
  }
  char *zErr = NULL;
  c->e = sr_conn_load(v->conn, src, &zErr);
  if (!c->e) {
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = zErr;
    return SQLITE_ERROR;
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

/* Names are shown bare (SPEC §2); only a name that would make a list
 * ambiguous (a comma, a backtick, blanks at its ends) is back-quoted, so a
 * table: source can split the list again. */
static void list_item(sr_buf *b, const char *name) {
  size_t n = strlen(name);
  if (strpbrk(name, ",`") || !n || name[0] == ' ' || name[n - 1] == ' ')
    sr_buf_ident(b, name);
  else
    sr_buf_puts(b, name);
}

static void list_result(sqlite3_context *ctx, const sr_strlist *l) {
  sr_buf b;
  sr_buf_init(&b);
  for (int i = 0; i < l->n; i++) {
    if (i)
      sr_buf_puts(&b, ", ");
    list_item(&b, l->v[i]);
  }
  sr_result_buf(ctx, &b);
}

static int has_comment(const sr_strlist *l) {
  for (int i = 0; i < l->n; i++)
    if (*l->v[i])
      return 1;
  return 0;
}

static void distributed_by(sqlite3_context *ctx, const sr_table *t) {
  sr_buf b;
  sr_buf_init(&b);
  if (t->dist_random) {
    sr_buf_puts(&b, "RANDOM");
  } else {
    sr_buf_puts(&b, "HASH(");
    for (int i = 0; i < t->dist_cols.n; i++) {
      if (i)
        sr_buf_puts(&b, ", ");
      list_item(&b, t->dist_cols.v[i]);
    }
    sr_buf_putc(&b, ')');
  }
  sr_result_buf(ctx, &b);
}

static void table_column(sqlite3_context *ctx, const sr_table *t, int i) {
  int tbl = t->kind == SR_KIND_TABLE, view = t->kind == SR_KIND_VIEW;
  switch (i) {
  case 0:
    sr_result_text(ctx, t->name);
    break;
  case 1:
    sr_result_text(ctx, sr_kind_name(t->kind));
    break;
  case 2:
    sr_result_text(ctx, view ? NULL : t->engine);
    break;
  case 3:
    sr_result_text(ctx, tbl ? sr_keytype_name(t->key_type) : NULL);
    break;
  case 4:
    if (tbl)
      list_result(ctx, &t->key_cols);
    break;
  case 5:
    sr_result_text(ctx, t->comment);
    break;
  case 6:
    sr_result_text(ctx, t->partition_by);
    break;
  case 7:
    if (!view)
      distributed_by(ctx, t);
    break;
  case 8:
    if (!view && t->buckets > 0)
      sqlite3_result_int(ctx, t->buckets);
    break;
  case 9:
    if (!view && t->order_by.n)
      list_result(ctx, &t->order_by);
    break;
  case 10:
    sr_result_text(ctx, t->definition);
    break;
  case 11:
    sr_result_text(ctx, t->refresh);
    break;
  case 12: {
    sr_buf b;
    sr_buf_init(&b);
    sr_render_create(&b, t);
    sr_result_buf(ctx, &b);
    break;
  }
  /* Beyond SPEC §2's columns: what a table: source needs to rebuild the
   * same DDL (pre-created partitions, a view's column list). */
  case 13:
    sr_result_text(ctx, t->partitions);
    break;
  case 14:
    if (view && t->view_cols.n)
      list_result(ctx, &t->view_cols);
    break;
  case 15:
    if (view)
      sr_result_text(ctx, t->view_security ? t->view_security : "NONE");
    break;
  case 16:
    if (view && has_comment(&t->view_comments))
      list_result(ctx, &t->view_comments);
    break;
  }
}

static void column_column(sqlite3_context *ctx, const sr_table *t, int k,
                          int i) {
  const sr_column *c = visible_col(t, k);
  switch (i) {
  case 0:
    sr_result_text(ctx, t->name);
    break;
  case 1:
    sqlite3_result_int(ctx, k + 1);
    break;
  case 2:
    sr_result_text(ctx, c->name);
    break;
  case 3:
    sr_result_text(ctx, c->type);
    break;
  case 4:
    sqlite3_result_int(ctx, c->nullable);
    break;
  case 5: {
    sr_arena a;
    sr_arena_init(&a);
    sr_result_text(ctx, sr_default_sql(&a, c));
    sr_arena_free(&a);
    break;
  }
  case 6:
    sr_result_text(ctx, c->comment);
    break;
  case 7:
    sqlite3_result_int(ctx, c->is_key);
    break;
  case 8:
    sr_result_text(ctx, c->agg_type);
    break;
  case 9:
    sqlite3_result_int(ctx, c->auto_increment);
    break;
  case 10:
    sr_result_text(ctx, c->generated);
    break;
  }
}

static void prop_column(sqlite3_context *ctx, const sr_table *t, int k, int i) {
  const sr_prop *p = &t->props[k];
  const char *v[] = {t->name, p->key, p->value,
                     p->is_default ? "default" : "set"};
  sr_result_text(ctx, v[i]);
}

static void index_column(sqlite3_context *ctx, const sr_table *t, int k,
                         int i) {
  const sr_index *x = &t->idx[k];
  switch (i) {
  case 0:
    sr_result_text(ctx, t->name);
    break;
  case 1:
    sr_result_text(ctx, x->name);
    break;
  case 2:
    list_result(ctx, &x->cols);
    break;
  case 3:
    sr_result_text(ctx, x->type);
    break;
  case 4:
    sr_result_text(ctx, x->properties);
    break;
  case 5:
    sr_result_text(ctx, x->comment);
    break;
  }
}

static int x_column(sqlite3_vtab_cursor *p, sqlite3_context *ctx, int i) {
  const cursor *c = (const cursor *)p;
  const sr_table *t = c->e->schema->tables[c->ti];
  switch (which_of(c)) {
  case V_TABLES:
    table_column(ctx, t, i);
    break;
  case V_COLUMNS:
    column_column(ctx, t, c->sub, i);
    break;
  case V_PROPERTIES:
    prop_column(ctx, t, c->sub, i);
    break;
  default:
    index_column(ctx, t, c->sub, i);
    break;
  }
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

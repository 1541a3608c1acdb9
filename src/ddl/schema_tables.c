/* The columns of the four schema tables (schema_tables.h, SPEC §2,
 * doc/schema-tables.md): for each, how the model is written into it and
 * how a table: source's value is read back. Values read back are
 * re-canonicalised (types, generated expressions), so an UPDATE may write
 * 'string' or 'int(11)'. */
#include "ddl/schema_tables.h"

#include <string.h>
#include <strings.h>

#include "core/expr.h"
#include "core/lexer.h"
#include "core/types.h"
#include "ddl/ddl_parse.h"
#include "ddl/render.h"

/* ---- writing cells -------------------------------------------------------
 */

static int w_text(sr_cell *c, const char *s) {
  c->v.type = s ? SR_VAL_TEXT : SR_VAL_NULL;
  c->v.s = s;
  return SR_OK;
}

static int w_int(sr_cell *c, long long i) {
  c->v.type = SR_VAL_INT;
  c->v.i = i;
  return SR_OK;
}

/* The text built in c->b. */
static int w_buf(sr_cell *c) {
  const char *s = sr_buf_str(&c->b);
  return s ? w_text(c, s) : SR_NOMEM;
}

static int w_list(sr_cell *c, const sr_strlist *l) {
  sr_render_names(&c->b, l, SR_NAMES_ROW);
  return w_buf(c);
}

static int w_table_name(sr_cell *c) { return w_text(c, c->t->name); }

/* ---- reading cells ---------------------------------------------------------
 */

/* The value's text copied into the schema (NULL for NULL). */
static int r_text_of(sr_rowread *r, const sr_val *v, const char **out) {
  *out = NULL;
  if (v->type == SR_VAL_NULL)
    return SR_OK;
  *out = sr_arena_strdup(&r->s->arena, v->s);
  return *out ? SR_OK : sr_oom(r->err);
}

/* The same, but NULL keeps the model's default ("" comments, OLAP). */
static int r_text_or_default(sr_rowread *r, const sr_val *v, const char **out) {
  return v->type == SR_VAL_NULL ? SR_OK : r_text_of(r, v, out);
}

/* "a, b" -> l (render.h: the inverse of SR_NAMES_ROW). */
static int split(sr_rowread *r, const char *v, sr_strlist *l) {
  return sr_names_split(r->s, v, l) ? sr_oom(r->err) : SR_OK;
}

static int r_list(sr_rowread *r, const sr_val *v, sr_strlist *l) {
  return split(r, v->type == SR_VAL_NULL ? NULL : v->s, l);
}

/* The row's table, named by a child table's row (columns, properties,
 * indexes). The tables were read ORDER BY table_name (byte order), so the
 * schema's binary search applies before sr_schema_finish sorts anything. */
static int r_parent(sr_rowread *r, const sr_val *v, const char *what) {
  const char *name = v->type == SR_VAL_NULL ? NULL : v->s;
  r->t = name ? sr_schema_find(r->s, name) : NULL;
  if (!r->t)
    return sr_errf(r->err, "table:%s: %s row for unknown table '%s'", r->prefix,
                   what, name ? name : "NULL");
  return SR_OK;
}

/* A free-text cell read with the grammar of .sql files (ddl_parse.h
 * sr_parse_*): text that reaches a statement must be the one clause it
 * stands for (issue 8). The error names the table: source, the row by its
 * key and the cell: "table:w: w_tables row (table_name 'v'): definition:1:16:
 * expected the end of the text, found ';'". */
typedef enum { F_TABLE, F_COLUMN, F_INDEX } field_row;

static int field_failed(sr_rowread *r, field_row row, const sr_err *e) {
  if (!strcmp(e->msg, "out of memory"))
    return sr_oom(r->err);
  const char *t = r->t->name ? r->t->name : "";
  if (row == F_TABLE)
    return sr_errf(r->err, "table:%s: %s_tables row (table_name '%s'): %s",
                   r->prefix, r->prefix, t, e->msg);
  const char *name = row == F_COLUMN ? ((sr_column *)r->obj)->name
                                     : ((sr_index *)r->obj)->name;
  return sr_errf(r->err, "table:%s: %s_%s row (table_name '%s', %s '%s'): %s",
                 r->prefix, r->prefix, row == F_COLUMN ? "columns" : "indexes",
                 t, row == F_COLUMN ? "column_name" : "index_name",
                 name ? name : "", e->msg);
}

/* ---- sr_tables -------------------------------------------------------------
 */

static int is_table(const sr_cell *c) { return c->t->kind == SR_KIND_TABLE; }
static int is_view(const sr_cell *c) { return c->t->kind == SR_KIND_VIEW; }

static int w_kind(sr_cell *c) { return w_text(c, sr_kind_name(c->t->kind)); }

static int w_engine(sr_cell *c) {
  return w_text(c, is_view(c) ? NULL : c->t->engine);
}

static int w_key_type(sr_cell *c) {
  return w_text(c, is_table(c) ? sr_keytype_name(c->t->key_type) : NULL);
}

static int w_key_columns(sr_cell *c) {
  return is_table(c) ? w_list(c, &c->t->key_cols) : w_text(c, NULL);
}

static int w_comment(sr_cell *c) { return w_text(c, c->t->comment); }

static int w_partition_by(sr_cell *c) { return w_text(c, c->t->partition_by); }

static int w_distributed_by(sr_cell *c) {
  if (is_view(c))
    return w_text(c, NULL);
  sr_render_dist_method(&c->b, c->t, SR_NAMES_ROW);
  return w_buf(c);
}

/* NULL when the server chooses the count (SPEC §2). */
static int w_buckets(sr_cell *c) {
  if (is_view(c) || c->t->buckets <= 0)
    return w_text(c, NULL);
  return w_int(c, c->t->buckets);
}

static int w_order_by(sr_cell *c) {
  if (is_view(c) || !c->t->order_by.n)
    return w_text(c, NULL);
  return w_list(c, &c->t->order_by);
}

static int w_definition(sr_cell *c) { return w_text(c, c->t->definition); }

static int w_refresh(sr_cell *c) { return w_text(c, c->t->refresh); }

static int w_ddl(sr_cell *c) {
  sr_render_create(&c->b, c->t);
  return w_buf(c);
}

static int w_partitions(sr_cell *c) { return w_text(c, c->t->partitions); }

static int w_view_columns(sr_cell *c) {
  if (!is_view(c) || !c->t->view_cols.n)
    return w_text(c, NULL);
  return w_list(c, &c->t->view_cols);
}

/* NONE is the default (docs CREATE VIEW). */
static int w_view_security(sr_cell *c) {
  if (!is_view(c))
    return w_text(c, NULL);
  return w_text(c, c->t->view_security ? c->t->view_security : "NONE");
}

static int has_comment(const sr_strlist *l) {
  for (int i = 0; i < l->n; i++)
    if (*l->v[i])
      return 1;
  return 0;
}

/* A list beside view_columns: one comment per column, "" when none. */
static int w_view_column_comments(sr_cell *c) {
  if (!is_view(c) || !has_comment(&c->t->view_comments))
    return w_text(c, NULL);
  return w_list(c, &c->t->view_comments);
}

static int r_table_name(sr_rowread *r, const sr_val *v) {
  sr_table *t = sr_schema_add(r->s);
  if (!t)
    return sr_oom(r->err);
  r->t = t;
  t->origin = "table";
  if (v->type == SR_VAL_NULL)
    return sr_errf(r->err, "table:%s: %s_tables has a NULL table_name",
                   r->prefix, r->prefix);
  return r_text_of(r, v, &t->name);
}

static int r_kind(sr_rowread *r, const sr_val *v) {
  static const char *const n[] = {"TABLE", "VIEW", "MATERIALIZED VIEW"};
  if (v->type == SR_VAL_NULL)
    return SR_OK; /* a table */
  for (int i = 0; i < 3; i++)
    if (!strcmp(v->s, n[i]))
      return r->t->kind = (sr_kind)i, SR_OK;
  return sr_errf(r->err, "table:%s: table '%s': unknown kind '%s'", r->prefix,
                 r->t->name, v->s);
}

static int r_engine(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL ||
      !sr_parse_engine(r->s, r->t, "engine", v->s, &e))
    return SR_OK;
  return field_failed(r, F_TABLE, &e);
}

static int r_key_type(sr_rowread *r, const sr_val *v) {
  if (v->type == SR_VAL_NULL)
    return SR_OK;
  for (sr_keytype k = SR_KEY_DUPLICATE; k <= SR_KEY_PRIMARY; k++)
    if (!strcmp(v->s, sr_keytype_name(k))) {
      r->t->key_type = k;
      r->t->stated |= SR_STATED_KEY;
      return SR_OK;
    }
  return sr_errf(r->err, "table:%s: table '%s': unknown key_type '%s'",
                 r->prefix, r->t->name, v->s);
}

static int r_key_columns(sr_rowread *r, const sr_val *v) {
  return r_list(r, v, &r->t->key_cols);
}

static int r_comment(sr_rowread *r, const sr_val *v) {
  return r_text_or_default(r, v, &r->t->comment);
}

/* The scheme; the pre-created partitions are the next column's. */
static int r_partition_by(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL)
    return SR_OK;
  if (sr_parse_partition(r->s, r->t, "partition_by", v->s, &e))
    return field_failed(r, F_TABLE, &e);
  if (!r->t->partitions)
    return SR_OK;
  sr_errf(&e, "partition_by:1:1: the pre-created partitions go in the "
              "partitions column");
  return field_failed(r, F_TABLE, &e);
}

/* HASH(a, b) or RANDOM */
static int r_distributed_by(sr_rowread *r, const sr_val *v) {
  sr_table *t = r->t;
  if (v->type == SR_VAL_NULL)
    return SR_OK;
  t->stated |= SR_STATED_DIST;
  const char *d = v->s;
  if (!strcmp(d, "RANDOM"))
    return t->dist_random = 1, SR_OK;
  if (!strcmp(d, "RANGE"))
    return t->dist_range = 1, SR_OK;
  size_t n = strlen(d);
  if (n < 6 || strncmp(d, "HASH(", 5) || d[n - 1] != ')')
    return sr_errf(r->err,
                   "table:%s: table '%s': distributed_by must be HASH(cols), "
                   "RANDOM or RANGE, got '%s'",
                   r->prefix, t->name, d);
  char *inner = sr_arena_strndup(&r->s->arena, d + 5, n - 6);
  return inner ? split(r, inner, &t->dist_cols) : sr_oom(r->err);
}

static int r_buckets(sr_rowread *r, const sr_val *v) {
  r->t->buckets = (int)v->i;
  return SR_OK;
}

/* '' reads as "not stated". */
static int r_order_by(sr_rowread *r, const sr_val *v) {
  if (v->type == SR_VAL_NULL || !*v->s)
    return SR_OK;
  if (r->t->kind == SR_KIND_TABLE)
    r->t->stated |= SR_STATED_ORDER;
  return split(r, v->s, &r->t->order_by);
}

static int r_definition(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL ||
      !sr_parse_query(r->s, r->t, "definition", v->s, &e))
    return SR_OK;
  return field_failed(r, F_TABLE, &e);
}

static int r_refresh(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL ||
      !sr_parse_refresh(r->s, r->t, "refresh", v->s, &e))
    return SR_OK;
  return field_failed(r, F_TABLE, &e);
}

static int r_partitions(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL)
    return SR_OK;
  if (!r->t->partition_by)
    sr_errf(&e, "partitions:1:1: pre-created partitions need a partition_by");
  else if (!sr_parse_partition_list(r->s, r->t, "partitions", v->s, &e))
    return SR_OK;
  return field_failed(r, F_TABLE, &e);
}

static int r_view_columns(sr_rowread *r, const sr_val *v) {
  return r_list(r, v, &r->t->view_cols);
}

static int r_view_security(sr_rowread *r, const sr_val *v) {
  sr_table *t = r->t;
  if (t->kind != SR_KIND_VIEW || v->type == SR_VAL_NULL)
    return SR_OK;
  if (strcasecmp(v->s, "NONE") && strcasecmp(v->s, "INVOKER"))
    return sr_errf(r->err,
                   "table:%s: view '%s': view_security '%s' is not NONE or "
                   "INVOKER",
                   r->prefix, t->name, v->s);
  t->view_security = strcasecmp(v->s, "INVOKER") ? NULL : "INVOKER";
  return SR_OK;
}

static int r_view_column_comments(sr_rowread *r, const sr_val *v) {
  sr_table *t = r->t;
  if (t->kind != SR_KIND_VIEW)
    return SR_OK;
  if (r_list(r, v, &t->view_comments))
    return SR_ERROR;
  if (t->view_comments.n && t->view_comments.n != t->view_cols.n)
    return sr_errf(r->err,
                   "table:%s: view '%s': view_column_comments needs one item "
                   "per view_columns entry",
                   r->prefix, t->name);
  return SR_OK;
}

/* Beyond SPEC §2's columns (partitions, view_*): what a table: source needs
 * to rebuild the same DDL; a hand-made table may omit them. */
static const sr_coldesc kTables[] = {
    {"table_name", "TEXT", 0, w_table_name, r_table_name},
    {"kind", "TEXT", 0, w_kind, r_kind},
    {"engine", "TEXT", 0, w_engine, r_engine},
    {"key_type", "TEXT", 0, w_key_type, r_key_type},
    {"key_columns", "TEXT", 0, w_key_columns, r_key_columns},
    {"comment", "TEXT", 0, w_comment, r_comment},
    {"partition_by", "TEXT", 0, w_partition_by, r_partition_by},
    {"distributed_by", "TEXT", 0, w_distributed_by, r_distributed_by},
    {"buckets", "INTEGER", 0, w_buckets, r_buckets},
    {"order_by", "TEXT", 0, w_order_by, r_order_by},
    {"definition", "TEXT", 0, w_definition, r_definition},
    {"refresh", "TEXT", 0, w_refresh, r_refresh},
    {"ddl", "TEXT", 0, w_ddl, NULL},
    {"partitions", "TEXT", 1, w_partitions, r_partitions},
    {"view_columns", "TEXT", 1, w_view_columns, r_view_columns},
    {"view_security", "TEXT", 1, w_view_security, r_view_security},
    {"view_column_comments", "TEXT", 1, w_view_column_comments,
     r_view_column_comments},
};

static int table_rows(const sr_table *t) {
  (void)t;
  return 1;
}

static const void *table_row(const sr_table *t, int k) {
  (void)k;
  return t;
}

/* ---- sr_columns ------------------------------------------------------------
 */

static const sr_column *col(const sr_cell *c) { return c->obj; }

static int w_ordinal(sr_cell *c) { return w_int(c, c->k + 1); }

static int w_column_name(sr_cell *c) { return w_text(c, col(c)->name); }

static int w_type(sr_cell *c) { return w_text(c, col(c)->type); }

static int w_nullable(sr_cell *c) { return w_int(c, col(c)->nullable); }

/* A literal as a StarRocks string literal (StarRocksLex.g4
 * SINGLE_QUOTED_TEXT: a backslash escapes the next character, '' is one
 * quote): quotes and backslashes doubled, so that r_default_value and the
 * DDL parser read back exactly the value. An expression as is; NULL for
 * none. */
static int w_default_value(sr_cell *c) {
  const sr_column *x = col(c);
  if (x->def_kind == SR_DEF_EXPR)
    return w_text(c, x->def_text);
  if (x->def_kind != SR_DEF_LITERAL)
    return w_text(c, NULL);
  sr_buf_putc(&c->b, '\'');
  for (const char *s = x->def_text; *s; s++) {
    if (*s == '\'' || *s == '\\')
      sr_buf_putc(&c->b, *s);
    sr_buf_putc(&c->b, *s);
  }
  sr_buf_putc(&c->b, '\'');
  return w_buf(c);
}

static int w_column_comment(sr_cell *c) { return w_text(c, col(c)->comment); }

static int w_is_key(sr_cell *c) { return w_int(c, col(c)->is_key); }

static int w_agg_type(sr_cell *c) { return w_text(c, col(c)->agg_type); }

static int w_auto_increment(sr_cell *c) {
  return w_int(c, col(c)->auto_increment);
}

static int w_generated(sr_cell *c) { return w_text(c, col(c)->generated); }

static int r_column_table(sr_rowread *r, const sr_val *v) {
  if (r_parent(r, v, "columns"))
    return SR_ERROR;
  r->obj = sr_table_add_column(r->s, r->t);
  return r->obj ? SR_OK : sr_oom(r->err);
}

static int bad_column(sr_rowread *r, const char *why) {
  return sr_errf(r->err, "table:%s: table '%s': bad column row: %s", r->prefix,
                 r->t->name, why);
}

static int r_column_name(sr_rowread *r, const sr_val *v) {
  sr_column *c = r->obj;
  if (v->type == SR_VAL_NULL)
    return bad_column(r, "column_name is NULL");
  return r_text_of(r, v, &c->name);
}

static int r_type(sr_rowread *r, const sr_val *v) {
  sr_column *c = r->obj;
  if (v->type == SR_VAL_NULL)
    return bad_column(r, "type is NULL");
  sr_err err = {0};
  c->type = sr_type_canon(&r->s->arena, v->s, strlen(v->s), NULL, &err);
  return c->type ? SR_OK : bad_column(r, err.msg);
}

static int r_nullable(sr_rowread *r, const sr_val *v) {
  sr_column *c = r->obj;
  c->nullable = (int)v->i;
  c->null_stated = 1;
  return SR_OK;
}

/* What follows DEFAULT in a file: 'x' (a literal), 0, CURRENT_TIMESTAMP,
 * (expr), NULL. */
static int r_default_value(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL ||
      !sr_parse_default(r->s, r->obj, "default_value", v->s, &e))
    return SR_OK;
  return field_failed(r, F_COLUMN, &e);
}

static int r_column_comment(sr_rowread *r, const sr_val *v) {
  return r_text_or_default(r, v, &((sr_column *)r->obj)->comment);
}

static int r_is_key(sr_rowread *r, const sr_val *v) {
  ((sr_column *)r->obj)->is_key = (int)v->i;
  return SR_OK;
}

static int r_agg_type(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL ||
      !sr_parse_agg_type(r->s, r->obj, "agg_type", v->s, &e))
    return SR_OK;
  return field_failed(r, F_COLUMN, &e);
}

static int r_auto_increment(sr_rowread *r, const sr_val *v) {
  ((sr_column *)r->obj)->auto_increment = (int)v->i;
  return SR_OK;
}

static int r_generated(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL ||
      !sr_parse_generated(r->s, r->obj, "generated", v->s, &e))
    return SR_OK;
  return field_failed(r, F_COLUMN, &e);
}

static const sr_coldesc kColumns[] = {
    {"table_name", "TEXT", 0, w_table_name, r_column_table},
    {"ordinal", "INTEGER", 0, w_ordinal, NULL},
    {"column_name", "TEXT", 0, w_column_name, r_column_name},
    {"type", "TEXT", 0, w_type, r_type},
    {"nullable", "INTEGER", 0, w_nullable, r_nullable},
    {"default_value", "TEXT", 0, w_default_value, r_default_value},
    {"comment", "TEXT", 0, w_column_comment, r_column_comment},
    {"is_key", "INTEGER", 0, w_is_key, r_is_key},
    {"agg_type", "TEXT", 0, w_agg_type, r_agg_type},
    {"auto_increment", "INTEGER", 0, w_auto_increment, r_auto_increment},
    {"generated", "TEXT", 0, w_generated, r_generated},
};

/* Only tables have columns here: a view's columns derive from its query,
 * and hidden partition columns are not listed. */
static int column_rows(const sr_table *t) {
  int n = 0;
  if (t->kind == SR_KIND_TABLE)
    for (int i = 0; i < t->ncols; i++)
      n += !t->cols[i].hidden;
  return n;
}

static const void *column_row(const sr_table *t, int k) {
  for (int i = 0; i < t->ncols; i++)
    if (!t->cols[i].hidden && k-- == 0)
      return &t->cols[i];
  return NULL;
}

/* ---- sr_properties ---------------------------------------------------------
 */

static const sr_prop *prop(const sr_cell *c) { return c->obj; }

static int w_key(sr_cell *c) { return w_text(c, prop(c)->key); }

static int w_value(sr_cell *c) { return w_text(c, prop(c)->value); }

static int w_origin(sr_cell *c) {
  return w_text(c, prop(c)->is_default ? "default" : "set");
}

static int r_prop_table(sr_rowread *r, const sr_val *v) {
  memset(&r->prop, 0, sizeof r->prop);
  return r_parent(r, v, "properties");
}

static int prop_null(sr_rowread *r, const char *what) {
  return sr_errf(r->err, "table:%s: table '%s': property %s is NULL", r->prefix,
                 r->t->name, what);
}

static int r_key(sr_rowread *r, const sr_val *v) {
  if (v->type == SR_VAL_NULL)
    return prop_null(r, "key");
  return r_text_of(r, v, &r->prop.key);
}

static int r_value(sr_rowread *r, const sr_val *v) {
  if (v->type == SR_VAL_NULL)
    return prop_null(r, "value");
  return r_text_of(r, v, &r->prop.value);
}

/* Rows come ORDER BY table_name, key: a repeated key is adjacent. */
static int end_prop(sr_rowread *r) {
  sr_table *t = r->t;
  const char *k = r->prop.key;
  if (t->nprops && !strcmp(t->props[t->nprops - 1].key, k))
    return sr_errf(r->err,
                   "table:%s: table '%s': property \"%s\" is given twice",
                   r->prefix, t->name, k);
  return sr_table_add_prop(r->s, t, k, r->prop.value) ? SR_OK : sr_oom(r->err);
}

static const sr_coldesc kProperties[] = {
    {"table_name", "TEXT", 0, w_table_name, r_prop_table},
    {"key", "TEXT", 0, w_key, r_key},
    {"value", "TEXT", 0, w_value, r_value},
    {"origin", "TEXT", 0, w_origin, NULL},
};

/* Views have none; MVs have theirs. */
static int prop_rows(const sr_table *t) {
  return t->kind == SR_KIND_VIEW ? 0 : t->nprops;
}

static const void *prop_row(const sr_table *t, int k) { return &t->props[k]; }

/* ---- sr_indexes ------------------------------------------------------------
 */

static const sr_index *idx(const sr_cell *c) { return c->obj; }

static int w_index_name(sr_cell *c) { return w_text(c, idx(c)->name); }

static int w_index_columns(sr_cell *c) { return w_list(c, &idx(c)->cols); }

static int w_index_type(sr_cell *c) { return w_text(c, idx(c)->type); }

static int w_index_properties(sr_cell *c) {
  return w_text(c, idx(c)->properties);
}

static int w_index_comment(sr_cell *c) { return w_text(c, idx(c)->comment); }

static int r_index_table(sr_rowread *r, const sr_val *v) {
  if (r_parent(r, v, "indexes"))
    return SR_ERROR;
  r->obj = sr_table_add_index(r->s, r->t);
  return r->obj ? SR_OK : sr_oom(r->err);
}

static int r_index_name(sr_rowread *r, const sr_val *v) {
  return r_text_of(r, v, &((sr_index *)r->obj)->name);
}

static int r_index_columns(sr_rowread *r, const sr_val *v) {
  return r_list(r, v, &((sr_index *)r->obj)->cols);
}

static int r_index_type(sr_rowread *r, const sr_val *v) {
  sr_err e = {0};
  if (v->type == SR_VAL_NULL ||
      !sr_parse_index_type(r->s, r->obj, "index_type", v->s, &e))
    return SR_OK;
  return field_failed(r, F_INDEX, &e);
}

/* With the type's defaults filled in, as a file's index gets them. */
static int r_index_properties(sr_rowread *r, const sr_val *v) {
  sr_index *x = r->obj;
  sr_err e = {0};
  if (!x->type) /* refused by end_index */
    return SR_OK;
  if (!sr_parse_index_props(r->s, x, "properties",
                            v->type == SR_VAL_NULL ? "" : v->s, &e))
    return SR_OK;
  return field_failed(r, F_INDEX, &e);
}

static int r_index_comment(sr_rowread *r, const sr_val *v) {
  return r_text_or_default(r, v, &((sr_index *)r->obj)->comment);
}

static int end_index(sr_rowread *r) {
  const sr_index *x = r->obj;
  if (x->name && x->type)
    return SR_OK;
  return sr_errf(r->err, "table:%s: table '%s': index row needs %s", r->prefix,
                 r->t->name, "index_name and index_type");
}

static const sr_coldesc kIndexes[] = {
    {"table_name", "TEXT", 0, w_table_name, r_index_table},
    {"index_name", "TEXT", 0, w_index_name, r_index_name},
    {"columns", "TEXT", 0, w_index_columns, r_index_columns},
    {"index_type", "TEXT", 0, w_index_type, r_index_type},
    {"properties", "TEXT", 0, w_index_properties, r_index_properties},
    {"comment", "TEXT", 0, w_index_comment, r_index_comment},
};

static int index_rows(const sr_table *t) { return t->nidx; }

static const void *index_row(const sr_table *t, int k) { return &t->idx[k]; }

/* ---- the tables ------------------------------------------------------------
 */

#define COLS(a) a, (int)(sizeof a / sizeof a[0])

const sr_tabledesc sr_schema_tables[SR_ST_COUNT] = {
    {"tables", COLS(kTables), "table_name", 0, table_rows, table_row, NULL},
    {"columns", COLS(kColumns), "table_name, ordinal", 0, column_rows,
     column_row, NULL},
    {"properties", COLS(kProperties), "table_name, key", 0, prop_rows, prop_row,
     end_prop},
    {"indexes", COLS(kIndexes), "table_name, rowid", 1, index_rows, index_row,
     end_index},
};

#include "plan/lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/features.h"
#include "core/lexer.h"
#include "core/properties.h"
#include "core/rules.h"
#include "core/types.h"
#include "ddl/defaults.h"

/* Where each rule's facts come from (doc/lint.md repeats them):
 *   KeysDesc     FE analysis/KeysDesc.java (analyze, checkColumnDefs)
 *   ColumnDef    FE analysis/ColumnDef.java (analyze)
 *   HashDist     FE sql/ast/HashDistributionDesc.java (toDistributionInfo)
 *   PKdoc        docs table_design/table_types/primary_key_table "Usage
 *                notes"
 *   Limits       docs reference/System_limit
 *   CT           docs sql-reference CREATE TABLE
 *   Factory      FE server/OlapTableFactory.java ("Unknown properties")
 *   PropAnalyzer FE common/util/PropertyAnalyzer.java
 *                (checkAvailableBackendsIsEnough) */

/* The encoded primary key may take 128 bytes (PKdoc: "the maximum length
 * of an encoded primary key value is 128 bytes"; BE config
 * primary_key_limit_size); a longer one fails the load with "primary key
 * size exceed the limit." (BE MemTable). */
enum { PK_LIMIT = 128 };

typedef struct ctx {
  sr_lint *l;
  sr_schema *s;
  const sr_lint_opts *o;
  int oom;
  int errors; /* error findings of the current table */
} ctx;

void sr_lint_init(sr_lint *l) {
  memset(l, 0, sizeof *l);
  sr_arena_init(&l->arena);
}

void sr_lint_free(sr_lint *l) {
  sr_arena_free(&l->arena);
  free(l->v);
  memset(l, 0, sizeof *l);
}

const char *sr_severity_name(sr_severity s) {
  return s == SR_SEV_ERROR ? "error" : "warning";
}

static char *vformat(sr_arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *m = n < 0 ? NULL : sr_arena_alloc(a, (size_t)n + 1);
  if (m)
    vsnprintf(m, (size_t)n + 1, fmt, ap);
  return m;
}

static void add(ctx *c, const sr_table *t, const char *col, const char *rule,
                sr_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void add(ctx *c, const sr_table *t, const char *col, const char *rule,
                sr_severity sev, const char *fmt, ...) {
  sr_lint *l = c->l;
  if (c->oom)
    return;
  if (l->n == l->cap) {
    int cap = l->cap ? 2 * l->cap : 16;
    sr_finding *v = realloc(l->v, (size_t)cap * sizeof *v);
    if (!v) {
      c->oom = 1;
      return;
    }
    l->v = v;
    l->cap = cap;
  }
  va_list ap;
  va_start(ap, fmt);
  char *m = vformat(&l->arena, fmt, ap);
  va_end(ap);
  sr_finding *f = &l->v[l->n];
  f->table = t ? sr_arena_strdup(&l->arena, t->name) : NULL;
  f->column = col ? sr_arena_strdup(&l->arena, col) : NULL;
  f->rule = rule;
  f->severity = sev;
  f->message = m;
  if (!m || (t && !f->table) || (col && !f->column)) {
    c->oom = 1;
    return;
  }
  l->n++;
  c->errors += sev == SR_SEV_ERROR;
}

static int kind_of(const sr_column *c, sr_tkind *k) {
  return c->type && sr_type_kind_of(c->type, k);
}

/* ---- keys -----------------------------------------------------------------
 */

static int key_known(const sr_table *t) {
  return t->kind == SR_KIND_TABLE && (t->stated & SR_STATED_KEY);
}

/* KeysDesc: "Key column(x) doesn't exist.", then "Key columns should be a
 * ordered prefix of the schema." */
static void key_prefix(ctx *c, const sr_table *t) {
  for (int i = 0; i < t->key_cols.n; i++) {
    if (!sr_table_column(t, t->key_cols.v[i])) {
      add(c, t, t->key_cols.v[i], "key_unknown_column", SR_SEV_ERROR,
          "key column '%s' is not a column of the table: StarRocks refuses "
          "it with \"Key column(%s) doesn't exist.\" (FE KeysDesc)",
          t->key_cols.v[i], t->key_cols.v[i]);
      return;
    }
  }
  for (int i = 0; i < t->key_cols.n; i++) {
    if (i < t->ncols && sr_name_eq(t->cols[i].name, t->key_cols.v[i]))
      continue;
    add(c, t, t->key_cols.v[i], "key_not_prefix", SR_SEV_ERROR,
        "key column '%s' is key column %d but column %d is '%s': StarRocks "
        "refuses it with \"Key columns should be a ordered prefix of the "
        "schema.\" (FE KeysDesc; docs Table types: \"Sort key columns must "
        "be defined prior to the other columns\"); list the key columns "
        "first, in the key's order",
        t->key_cols.v[i], i + 1, i + 1,
        i < t->ncols ? t->cols[i].name : "(none)");
    return;
  }
}

static void key_type(ctx *c, const sr_table *t, const sr_column *col) {
  sr_tkind k;
  if (!kind_of(col, &k))
    return;
  if (k == SR_T_FLOAT || k == SR_T_DOUBLE)
    add(c, t, col->name, "key_float", SR_SEV_ERROR,
        "key column '%s' is %s: StarRocks refuses it with \"Invalid data "
        "type of key column '%s': '%s', use decimal instead\" (FE ColumnDef; "
        "docs System limits: \"the key column cannot be of the FLOAT or "
        "DOUBLE type\")",
        col->name, col->type, col->name, col->type);
  else if (!sr_rule_key_kind(k))
    add(c, t, col->name, "key_complex", SR_SEV_ERROR,
        "key column '%s' is %s, which cannot be a key: StarRocks refuses it "
        "with \"Invalid data type of key column '%s': '%s'\" (FE ColumnDef)",
        col->name, col->type, col->name, col->type);
  else if (t->key_type == SR_KEY_PRIMARY &&
           !sr_rule_sort_kind(SR_KEY_PRIMARY, k))
    add(c, t, col->name, "pk_key_type", SR_SEV_ERROR,
        "primary key column '%s' is %s: StarRocks refuses it with \"primary "
        "key column[%s] type not supported\" (FE KeysDesc; docs Primary Key "
        "table: numeric, string and date types only)",
        col->name, col->type, col->name);
}

/* KeysDesc: PRIMARY KEY columns are NOT NULL; stating NULL is refused
 * ("primary key column[k] cannot be nullable"). Other models allow NULL
 * keys (corpus 03, 05: nullable DUPLICATE keys). */
static void key_nullable(ctx *c, const sr_table *t, const sr_column *col) {
  if (t->key_type == SR_KEY_PRIMARY && col->nullable && col->null_stated)
    add(c, t, col->name, "key_nullable", SR_SEV_ERROR,
        "primary key column '%s' is declared NULL: StarRocks refuses it with "
        "\"primary key column[%s] cannot be nullable\" (FE KeysDesc; docs "
        "Primary Key table: the primary key columns cannot be NULL); "
        "declare it NOT NULL",
        col->name, col->name);
}

static void keys(ctx *c, const sr_table *t) {
  if (!key_known(t))
    return;
  key_prefix(c, t);
  for (int i = 0; i < t->key_cols.n; i++) {
    const sr_column *col = sr_table_column(t, t->key_cols.v[i]);
    if (!col)
      continue; /* the loader names it (create_refused) */
    key_type(c, t, col);
    key_nullable(c, t, col);
  }
}

/* KeysDesc: "AGG_KEYS table should specify aggregate type for non-key
 * column[v]". */
static void agg_types(ctx *c, const sr_table *t) {
  if (!key_known(t) || t->key_type != SR_KEY_AGGREGATE)
    return;
  for (int i = 0; i < t->ncols; i++) {
    const sr_column *col = &t->cols[i];
    if (col->agg_type || col->generated || col->hidden ||
        sr_names_has(&t->key_cols, col->name))
      continue;
    add(c, t, col->name, "agg_value_without_type", SR_SEV_ERROR,
        "value column '%s' of an AGGREGATE KEY table has no aggregate type: "
        "StarRocks refuses it with \"AGG_KEYS table should specify aggregate "
        "type for non-key column[%s]\" (FE KeysDesc; docs Aggregate table); "
        "give it SUM, MAX, MIN, REPLACE, ... or make it a key column",
        col->name, col->name);
  }
}

/* ---- distribution ----------------------------------------------------------
 */

static void random_dist(ctx *c, const sr_table *t) {
  char why[120];
  if (t->kind != SR_KIND_TABLE || !t->dist_random ||
      !(c->o->canonical || (t->stated & SR_STATED_DIST)) ||
      !sr_rule_random_refusal(t, why, sizeof why))
    return;
  add(c, t, NULL, "random_distribution", SR_SEV_ERROR,
      "DISTRIBUTED BY RANDOM on a %s KEY table: StarRocks refuses it with "
      "\"%s\" (FE CreateTableAnalyzer; docs CREATE TABLE: random bucketing "
      "is for Duplicate Key tables); use DISTRIBUTED BY HASH(<key columns>)",
      sr_keytype_name(t->key_type), why);
}

/* HashDist: "Distribution column[c] is not key column" when the column is
 * aggregated, which every value column of a PRIMARY, UNIQUE or AGGREGATE
 * KEY table is (PRIMARY and UNIQUE values carry an implicit REPLACE). */
static void dist_keys(ctx *c, const sr_table *t) {
  if (t->kind != SR_KIND_TABLE || t->dist_random || t->dist_range ||
      t->key_type == SR_KEY_DUPLICATE)
    return;
  for (int i = 0; i < t->dist_cols.n; i++) {
    const char *d = t->dist_cols.v[i];
    if (sr_names_has(&t->key_cols, d) || !sr_table_column(t, d))
      continue;
    add(c, t, d, "distribution_column_not_key", SR_SEV_ERROR,
        "distribution column '%s' is not a key column of this %s KEY table: "
        "StarRocks refuses it with \"Distribution column[%s] is not key "
        "column\" (FE HashDistributionDesc; docs Primary Key table: \"The "
        "primary key columns must include partitioning and bucketing "
        "columns\")",
        d, sr_keytype_name(t->key_type), d);
  }
}

/* ---- partitioning
 * ------------------------------------------------------------ */

typedef void (*name_fn)(ctx *c, const sr_table *t, const char *name);

/* Calls fn for every column named in the expression text: identifiers
 * that name a column and are not function names. A hidden generated
 * partition column (corpus 24-26) stands for the columns of its
 * expression. */
static void columns_in(ctx *c, const sr_table *t, const char *text, int depth,
                       name_fn fn) {
  sr_lexer lx;
  sr_token tok, next;
  sr_err e = {0};
  sr_lex_init(&lx, "partition", text, strlen(text));
  if (sr_lex_next(&lx, &tok, &e))
    return;
  while (tok.kind != SR_TK_EOF) {
    if (sr_lex_next(&lx, &next, &e))
      return;
    if ((tok.kind == SR_TK_IDENT || tok.kind == SR_TK_QIDENT) &&
        !sr_tok_punct(&next, '(')) {
      char *name = sr_tok_value(&c->l->arena, &tok);
      const sr_column *col = name ? sr_table_column(t, name) : NULL;
      if (!name)
        c->oom = 1;
      else if (col && col->generated && col->hidden && depth == 0)
        columns_in(c, t, col->generated, 1, fn);
      else if (col)
        fn(c, t, col->name);
    }
    tok = next;
  }
}

static void partition_key(ctx *c, const sr_table *t, const char *name) {
  if (sr_names_has(&t->key_cols, name))
    return;
  add(c, t, name, "partition_column_not_key", SR_SEV_ERROR,
      "partition column '%s' is not a key column of this %s KEY table: "
      "StarRocks refuses it with \"The partition column could not be "
      "aggregated column and unique table's partition column must be key "
      "column.\" (FE partition analysis; docs Primary Key table: \"The "
      "primary key columns must include partitioning and bucketing "
      "columns\"); add it to the key",
      name, sr_keytype_name(t->key_type));
}

static void partitions(ctx *c, const sr_table *t) {
  if (t->kind == SR_KIND_TABLE && t->partition_by &&
      t->key_type != SR_KEY_DUPLICATE)
    columns_in(c, t, t->partition_by, 0, partition_key);
}

/* ---- primary key width
 * ------------------------------------------------------- */

/* Bytes a key value of this type may take: fixed sizes, or the declared
 * maximum of a string. */
static int key_bytes(ctx *c, const sr_column *col) {
  sr_err e = {0};
  sr_type *ty =
      sr_type_parse(&c->l->arena, col->type, strlen(col->type), NULL, &e);
  int is_var;
  int n = ty ? sr_rule_key_bytes(ty, &is_var) : 0;
  return n > 0 ? n : 0;
}

static void pk_width(ctx *c, const sr_table *t) {
  if (t->kind != SR_KIND_TABLE || t->key_type != SR_KEY_PRIMARY)
    return;
  long total = 0;
  const sr_column *widest = NULL;
  int wide = 0;
  for (int i = 0; i < t->key_cols.n; i++) {
    const sr_column *col = sr_table_column(t, t->key_cols.v[i]);
    int b = col ? key_bytes(c, col) : 0;
    total += b;
    if (b > wide)
      widest = col, wide = b;
  }
  if (total <= PK_LIMIT || !widest)
    return;
  add(c, t, widest->name, "pk_key_width", SR_SEV_WARNING,
      "the primary key may take %ld bytes (widest: '%s' %s), more than the "
      "%d bytes an encoded primary key may take: StarRocks accepts the "
      "table, but a load of a longer key fails with \"primary key size "
      "exceed the limit.\" (docs Primary Key table: \"the maximum length of "
      "an encoded primary key value is 128 bytes\"; BE primary_key_limit_size)",
      total, widest->name, widest->type, PK_LIMIT);
}

/* ---- properties -----------------------------------------------------------
 */

static void property(ctx *c, const sr_table *t, const sr_prop *p) {
  char needs[64], v[24];
  const char *source = NULL;
  switch (sr_property_status(p->key, c->s->env.version, needs, sizeof needs,
                             &source)) {
  case SR_PROP_KNOWN:
    return;
  case SR_PROP_NEWER:
    add(c, t, NULL, "property_version", SR_SEV_ERROR,
        "property '%s' needs %s and the source is for StarRocks %s: that "
        "version refuses it with \"Unknown properties: {%s=%s}\" (FE "
        "OlapTableFactory; %s)",
        p->key, needs, sr_version_text(c->s->env.version, v, sizeof v), p->key,
        p->value ? p->value : "", source);
    return;
  case SR_PROP_UNKNOWN:
    add(c, t, NULL, "unknown_property", SR_SEV_WARNING,
        "'%s' is not a property StarRocks documents for tables or "
        "materialized views: the server refuses a property it does not use "
        "with \"Unknown properties: {%s=%s}\" (FE OlapTableFactory; docs "
        "CREATE TABLE \"PROPERTIES\"); check its spelling",
        p->key, p->key, p->value ? p->value : "");
    return;
  }
}

static void properties(ctx *c, const sr_table *t) {
  if (t->kind == SR_KIND_VIEW)
    return;
  for (int i = 0; i < t->nprops; i++)
    property(c, t, &t->props[i]);
}

/* PropAnalyzer: a replication_num above the alive backends is refused
 * ("Table replication num should be less than of equal to the number of
 * available BE nodes"). Shared-data tables keep their data in object
 * storage: the rule is for shared-nothing clusters. */
static void replication(ctx *c, const sr_table *t) {
  if (c->o->alive_backends < 0 || c->s->env.shared_data ||
      t->kind == SR_KIND_VIEW)
    return;
  for (int i = 0; i < t->nprops; i++) {
    const sr_prop *p = &t->props[i];
    if (strcmp(p->key, "replication_num") &&
        strcmp(p->key, "default.replication_num"))
      continue;
    long n = p->value ? strtol(p->value, NULL, 10) : 0;
    if (n > c->o->alive_backends)
      add(c, t, NULL, "replication_num", SR_SEV_ERROR,
          "%s is %ld but the cluster has %d alive backend%s: StarRocks "
          "refuses such a table or partition with \"Table replication num "
          "should be less than of equal to the number of available BE "
          "nodes.\" (FE PropertyAnalyzer), and its tablets stay "
          "under-replicated",
          p->key, n, c->o->alive_backends,
          c->o->alive_backends == 1 ? "" : "s");
  }
}

/* ---- one table, the whole source -------------------------------------------
 */

/* What can be judged from what the source states, before defaults. */
static void stated_rules(ctx *c, const sr_table *t) {
  keys(c, t);
  agg_types(c, t);
  random_dist(c, t);
  properties(c, t);
}

/* What needs the canonical table (keys and distribution made explicit). */
static void canonical_rules(ctx *c, const sr_table *t) {
  dist_keys(c, t);
  partitions(c, t);
  pk_width(c, t);
  replication(c, t);
}

/* A table as parsed is made canonical as a file source would be; what the
 * loader refuses beyond the rules above is reported with its message. */
static void lint_table(ctx *c, sr_table *t) {
  c->errors = 0;
  stated_rules(c, t);
  if (c->errors)
    return;
  if (!c->o->canonical) {
    sr_err e = {0};
    if (sr_defaults_apply(c->s, t, &e)) {
      add(c, t, NULL, "create_refused", SR_SEV_ERROR,
          "%s (as StarRocks would refuse the CREATE; see doc/errors.md)",
          e.msg);
      return;
    }
  }
  canonical_rules(c, t);
}

int sr_lint_schema(sr_schema *s, const sr_lint_opts *o, sr_lint *l,
                   sr_err *err) {
  ctx c = {l, s, o, 0, 0};
  if (!s->ntables)
    add(&c, NULL, NULL, "empty_source", SR_SEV_ERROR,
        "the source holds no table, view or materialized view (%s): as a "
        "desired schema it would plan dropping every object, which sr_diff "
        "refuses unless allow_empty",
        s->what_read ? s->what_read : "nothing was read");
  if (o->backends_error)
    add(&c, NULL, NULL, "replication_num", SR_SEV_WARNING,
        "replication_num not checked against the cluster's backends: %s",
        o->backends_error);
  for (int i = 0; i < s->ntables && !c.oom; i++)
    lint_table(&c, s->tables[i]);
  return c.oom ? sr_oom(err) : SR_OK;
}

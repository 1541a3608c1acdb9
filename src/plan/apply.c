/* The DDL interpreter behind sr_apply_ddl (apply.h). Statement forms are
 * those of starrocks-facts.md §3.2; refusals follow the FE's
 * SchemaChangeHandler / Column.checkSchemaChangeAllowed (StarRocks
 * fe-core, read in the code corpus) and the error texts of facts §3.3.
 * CREATE statements are handed to the ddl_parse.c parser, so a table made
 * here is the table a file source would make. */
#include "plan/apply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "core/expr.h"
#include "core/features.h"
#include "core/rules.h"
#include "core/types.h"
#include "ddl/ddl_parse.h"
#include "ddl/defaults.h"
#include "ddl/render.h"

typedef struct ap {
  sr_parser p;
  sr_schema *s;
  sr_err *err;
  const char *name, *text;
  size_t n;
  sr_token stmt;    /* first token of the statement */
  sr_strlist added; /* columns added by this ALTER statement */
  int add_gen, add_plain;
  int implicit_order; /* sort key = key columns before this statement */
  const char *family; /* of this statement's clauses (clause_family) */
} ap;

typedef struct colpos {
  int first;
  const char *after;
  sr_token at;
} colpos;

#define TRY(x)                                                                 \
  do {                                                                         \
    if ((x) != SR_OK)                                                          \
      return SR_ERROR;                                                         \
  } while (0)

/* ---- tokens and messages ------------------------------------------------ */

static int fail(ap *a, const sr_token *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(ap *a, const sr_token *at, const char *fmt, ...) {
  char m[480];
  va_list v;
  va_start(v, fmt);
  vsnprintf(m, sizeof m, fmt, v);
  va_end(v);
  return sr_errf(a->err, "%s:%d:%d: %s", a->name, at->line, at->col, m);
}

/* Clauses newer than the configured server (facts §3.1, §3.2). */
static int needs(ap *a, sr_feature f, const char *what, const sr_token *at) {
  char need[64];
  if (sr_has(a->s->env.version, f))
    return SR_OK;
  return fail(a, at, "%s needs %s", what,
              sr_feature_needs(f, need, sizeof need));
}

static int kw(ap *a, const char *k) { return sr_tok_is(&a->p.tok, k); }
static int punct(ap *a, char c) { return sr_tok_punct(&a->p.tok, c); }
static int next(ap *a) { return sr_p_advance(&a->p); }

static int eat(ap *a, const char *k, int *hit) {
  *hit = kw(a, k);
  return *hit ? next(a) : SR_OK;
}

static int eatp(ap *a, char c, int *hit) {
  *hit = punct(a, c);
  return *hit ? next(a) : SR_OK;
}

static const char *str_tok(ap *a, const char *what) {
  if (a->p.tok.kind != SR_TK_STRING) {
    sr_p_error(&a->p, what);
    return NULL;
  }
  char *v = sr_tok_value(&a->s->arena, &a->p.tok);
  if (!v) {
    sr_oom(a->err);
    return NULL;
  }
  return next(a) ? NULL : v;
}

/* Moves to the ';' (or end) closing the statement; *end is its offset. */
static int to_end(ap *a, size_t *end) {
  while (!sr_p_at_end(&a->p))
    TRY(next(a));
  *end = a->p.tok.kind == SR_TK_EOF ? a->n : a->p.tok.off;
  return SR_OK;
}

/* Skips one clause this model does not describe (partition instances). */
static int skip_clause(ap *a) {
  int depth = 0;
  while (!sr_p_at_end(&a->p) && !(depth == 0 && punct(a, ','))) {
    /* '[' too: VALUES [("1"), ("2")) is balanced counted so */
    if (punct(a, '(') || punct(a, '['))
      depth++;
    if (punct(a, ')') || punct(a, ']'))
      depth--;
    TRY(next(a));
  }
  return SR_OK;
}

/* A sub-parse of text starting at (line0, col0) reports positions
 * relative to its own text, whose first plen columns are synthetic. */
static void reposition(sr_err *err, const char *name, int line0, int col0,
                       int plen) {
  size_t k = strlen(name);
  if (strncmp(err->msg, name, k) || err->msg[k] != ':')
    return;
  char *p = err->msg + k + 1, *e, *e2;
  long line = strtol(p, &e, 10), col = -1;
  if (e == p || *e != ':')
    return;
  char *rest = e + 1;
  long c = strtol(rest, &e2, 10);
  if (e2 != rest && *e2 == ':')
    col = c, rest = e2 + 1;
  char tail[480];
  snprintf(tail, sizeof tail, "%s", rest);
  if (line == 1 && col > plen)
    col = col - plen - 1 + col0;
  if (col < 0)
    snprintf(err->msg, sizeof err->msg, "%.60s:%ld:%s", name, line + line0 - 1,
             tail);
  else
    snprintf(err->msg, sizeof err->msg, "%.60s:%ld:%ld:%s", name,
             line + line0 - 1, col, tail);
}

/* ---- the model -------------------------------------------------------- */

/* Tables stay sorted by name (as sr_schema_finish leaves them), so that
 * lookups in a schema of thousands of tables are binary searches. *at is
 * where name is or would go among the first n tables. */
static int table_slot(const sr_schema *s, int n, const char *name, int *at) {
  int lo = 0, hi = n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2, c = strcmp(s->tables[mid]->name, name);
    if (!c)
      return *at = mid, 1;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return *at = lo, 0;
}

static int table_index(const sr_schema *s, const char *name) {
  int at;
  return table_slot(s, s->ntables, name, &at) ? at : -1;
}

static sr_table *table_named(const sr_schema *s, const char *name) {
  int i = table_index(s, name);
  return i < 0 ? NULL : s->tables[i];
}

static void table_remove(sr_schema *s, int i) {
  memmove(&s->tables[i], &s->tables[i + 1],
          sizeof(sr_table *) * (size_t)(s->ntables - i - 1));
  s->ntables--;
}

/* Moves the table at i to its sorted place (after a CREATE appended it
 * or a RENAME changed its name). */
static void table_resort(sr_schema *s, int i) {
  sr_table *t = s->tables[i];
  int at;
  table_remove(s, i);
  table_slot(s, s->ntables, t->name, &at);
  memmove(&s->tables[at + 1], &s->tables[at],
          sizeof(sr_table *) * (size_t)(s->ntables - at));
  s->tables[at] = t;
  s->ntables++;
}

static int index_of(const sr_schema *s, const sr_table *t) {
  for (int i = 0; i < s->ntables; i++)
    if (s->tables[i] == t)
      return i;
  return -1;
}

static int col_index(const sr_table *t, const char *name) {
  for (int i = 0; i < t->ncols; i++)
    if (sr_name_eq(t->cols[i].name, name))
      return i;
  return -1;
}

static void col_init(sr_column *c) {
  memset(c, 0, sizeof *c);
  c->nullable = 1;
  c->comment = "";
}

/* Lists may share their array (an implicit sort key is the key list), so
 * they are rebuilt, never edited in place. to == NULL removes. */
static int list_replace(ap *a, sr_strlist *l, const char *from,
                        const char *to) {
  if (!sr_names_has(l, from))
    return SR_OK;
  sr_strlist out = {0};
  for (int i = 0; i < l->n; i++) {
    const char *v = sr_name_eq(l->v[i], from) ? to : l->v[i];
    if (v && sr_strlist_add(a->s, &out, v))
      return sr_oom(a->err);
  }
  *l = out;
  return SR_OK;
}

static int str_eq(const char *x, const char *y) {
  return x == y || (x && y && !strcmp(x, y));
}

static int same_default(const sr_column *x, const sr_column *y) {
  return x->def_kind == y->def_kind && str_eq(x->def_text, y->def_text);
}

static int same_column(const sr_column *x, const sr_column *y) {
  return sr_name_eq(x->name, y->name) && !strcmp(x->type, y->type) &&
         x->nullable == y->nullable && same_default(x, y) &&
         str_eq(x->comment, y->comment) && x->is_key == y->is_key &&
         str_eq(x->agg_type, y->agg_type) &&
         x->auto_increment == y->auto_increment &&
         str_eq(x->generated, y->generated);
}

static sr_prop *prop_named(sr_table *t, const char *key) {
  for (int i = 0; i < t->nprops; i++)
    if (!strcmp(t->props[i].key, key))
      return &t->props[i];
  return NULL;
}

/* A stated value replaces a default one: fill_props drops is_default
 * entries and would otherwise bring the default back. */
static int prop_set(ap *a, sr_table *t, const char *key, const char *value) {
  sr_prop *p = prop_named(t, key);
  if (!p)
    return sr_table_add_prop(a->s, t, key, value) ? SR_OK : sr_oom(a->err);
  p->value = value;
  p->is_default = 0;
  return SR_OK;
}

static const char *here(ap *a, const sr_token *at) {
  char w[300];
  snprintf(w, sizeof w, "%s:%d:%d", a->name, at->line, at->col);
  return sr_arena_strdup(&a->s->arena, w);
}

/* Makes an edited table canonical again; what the server refuses at
 * CREATE (defaults.c) is refused here too, at the statement. */
static int canon(ap *a, sr_table *t, const sr_token *at) {
  if (!(t->origin = here(a, at)))
    return sr_oom(a->err);
  return sr_defaults_apply(a->s, t, a->err);
}

/* ---- column references in expressions ----------------------------------- */

typedef struct refwalk {
  const char *col, *to; /* to != NULL: rename into out */
  const char *src;
  size_t last;
  sr_buf out;
  int found;
  const sr_table *t; /* != NULL: every name is checked against t */
  const char *bad;   /* the first name that fails, and why: */
  const char *why;   /* a format with one %s */
} refwalk;

/* AlterTableClauseAnalyzer.visitAddColumnClause / visitModifyColumnClause
 * analyse a generated column's expression against the table: a name it
 * cannot find is Scope.resolveField's "Column '%s' cannot be resolved";
 * then "Expression can not refers to other generated columns: %s" and "..
 * AUTO_INCREMENT columns: %s" (recorded in test_materialized_column). */
static void check_ref(refwalk *w, const char *v) {
  const sr_column *c = NULL;
  for (int i = 0; i < w->t->ncols && !c; i++)
    if (sr_name_eq(w->t->cols[i].name, v))
      c = &w->t->cols[i];
  w->why = !c                  ? "Column '%s' cannot be resolved"
           : c->generated      ? "Expression can not refers to other generated "
                                 "columns: %s"
           : c->auto_increment ? "Expression can not refers to AUTO_INCREMENT "
                                 "columns: %s"
                               : NULL;
  if (w->why)
    w->bad = c ? c->name : v;
}

static void on_ref(ap *a, refwalk *w, const sr_token *t) {
  char *v = sr_tok_value(&a->s->arena, t);
  if (v && w->t && !w->bad)
    check_ref(w, v);
  if (!v || w->t || !sr_name_eq(v, w->col))
    return;
  w->found = 1;
  if (!w->to)
    return;
  sr_buf_add(&w->out, w->src + w->last, t->off - w->last);
  sr_buf_ident(&w->out, w->to);
  w->last = t->off + t->n;
}

/* A bare word StarRocks reserves: a column of that name is written
 * quoted, so the word is SQL (CAST(x AS INT), CASE .. END). */
static int bare_keyword(const sr_token *t) {
  char w[40];
  if (t->kind != SR_TK_IDENT || t->n >= sizeof w)
    return 0;
  memcpy(w, t->p, t->n);
  w[t->n] = 0;
  return sr_ident_needs_quotes(w);
}

/* Visits the identifiers of expr that are column names: not function
 * names, not STRUCT fields (after '.'), not keywords. */
static void walk_refs(ap *a, const char *expr, refwalk *w) {
  sr_lexer lx;
  sr_token before = {0}, prev = {0}, tok;
  sr_err e = {0};
  int have = 0;
  w->src = expr;
  sr_lex_init(&lx, "expr", expr, strlen(expr));
  for (;;) {
    if (sr_lex_next(&lx, &tok, &e))
      return;
    if (have && !sr_tok_punct(&tok, '(') && !sr_tok_punct(&before, '.') &&
        !bare_keyword(&prev))
      on_ref(a, w, &prev);
    have = tok.kind == SR_TK_IDENT || tok.kind == SR_TK_QIDENT;
    before = prev;
    prev = tok;
    if (tok.kind == SR_TK_EOF)
      return;
  }
}

static int gen_expr_rules(ap *a, const sr_table *t, const sr_column *c,
                          const sr_token *at) {
  refwalk w = {.t = t};
  walk_refs(a, c->generated, &w);
  return w.bad ? fail(a, at, w.why, w.bad) : SR_OK;
}

static int expr_refs(ap *a, const char *expr, const char *col) {
  refwalk w = {.col = col};
  if (expr)
    walk_refs(a, expr, &w);
  return w.found;
}

static const char *expr_rename(ap *a, const char *expr, const char *from,
                               const char *to) {
  refwalk w = {.col = from, .to = to};
  sr_buf_init(&w.out);
  walk_refs(a, expr, &w);
  sr_buf_puts(&w.out, expr + w.last);
  const char *s = sr_buf_str(&w.out);
  const char *r =
      s ? sr_expr_normalize(&a->s->arena, s, w.out.n, a->err) : NULL;
  if (!s)
    sr_oom(a->err);
  sr_buf_free(&w.out);
  return r;
}

static const sr_column *generated_user(const sr_table *t, const char *col,
                                       ap *a) {
  for (int i = 0; i < t->ncols; i++)
    if (t->cols[i].generated && !sr_name_eq(t->cols[i].name, col) &&
        expr_refs(a, t->cols[i].generated, col))
      return &t->cols[i];
  return NULL;
}

/* ---- keys ------------------------------------------------------------- */

/* Key columns are the leading columns: a changed key set is read off the
 * column order, an unchanged one keeps its order. A sort key that was the
 * key list follows it. */
static int rebuild_keys(ap *a, sr_table *t) {
  sr_strlist k = {0};
  int same = 1;
  for (int i = 0; i < t->ncols; i++) {
    if (!t->cols[i].is_key || t->cols[i].hidden)
      continue;
    same &= sr_names_has(&t->key_cols, t->cols[i].name);
    if (sr_strlist_add(a->s, &k, t->cols[i].name))
      return sr_oom(a->err);
  }
  if (!same || k.n != t->key_cols.n)
    t->key_cols = k;
  if (a->implicit_order)
    t->order_by = t->key_cols;
  return SR_OK;
}

/* Doris/StarRocks SchemaChangeHandler.createJob checks the new schema:
 * "Invalid column order. value should be after key. index[t]" (code). */
static int keys_lead(const sr_table *t) {
  int value = 0;
  for (int i = 0; i < t->ncols; i++) {
    if (t->cols[i].hidden)
      continue;
    if (!t->cols[i].is_key)
      value = 1;
    else if (value)
      return 0;
  }
  return 1;
}

static int check_order(ap *a, const sr_table *t, int was_ok) {
  if (!was_ok || keys_lead(t))
    return SR_OK;
  return fail(a, &a->stmt,
              "Invalid column order. value should be after key. index[%s]",
              t->name);
}

static void remove_indexes_on(sr_table *t, const char *col) {
  int k = 0;
  for (int i = 0; i < t->nidx; i++)
    if (!sr_names_has(&t->idx[i].cols, col))
      t->idx[k++] = t->idx[i];
  t->nidx = k;
}

/* bloom_filter_columns is a ", " list of names (facts §1.5): column from
 * renamed to `to`, or dropped when to is NULL. */
static int bloom_replace(ap *a, sr_table *t, const char *from, const char *to) {
  sr_prop *p = prop_named(t, "bloom_filter_columns");
  if (!p)
    return SR_OK;
  sr_strlist l = {0};
  if (sr_names_split(a->s, p->value, &l))
    return sr_oom(a->err);
  int k = 0;
  for (int i = 0; i < l.n; i++) {
    int hit = sr_name_eq(l.v[i], from);
    if (!hit || to)
      l.v[k++] = hit ? to : l.v[i];
  }
  l.n = k;
  const char *r = sr_names_join(&a->s->arena, &l);
  if (!r)
    return sr_oom(a->err);
  if (*r)
    p->value = r;
  else
    *p = t->props[--t->nprops]; /* no column left: the property goes */
  return SR_OK;
}

/* ---- ADD COLUMN ---------------------------------------------------------- */

static int position(ap *a, colpos *pos) {
  int hit;
  memset(pos, 0, sizeof *pos);
  pos->at = a->p.tok;
  TRY(eat(a, "FIRST", &hit));
  if (hit)
    return pos->first = 1, SR_OK;
  TRY(eat(a, "AFTER", &hit));
  if (hit && !(pos->after = sr_p_ident(&a->p, "a column name after AFTER")))
    return SR_ERROR;
  return SR_OK;
}

/* [TO rollup] [PROPERTIES (...)] after a column clause. */
static int column_tail(ap *a) {
  int hit;
  if (kw(a, "TO") || kw(a, "FROM"))
    return fail(a, &a->p.tok,
                "rollups are not part of the schema model: "
                "%.*s rollup is not supported",
                (int)a->p.tok.n, a->p.tok.p);
  TRY(eat(a, "PROPERTIES", &hit));
  if (!hit)
    return SR_OK;
  sr_table tmp = {0};
  return sr_p_properties(&a->p, &tmp, 0);
}

static int insert_column(ap *a, sr_table *t, int at, const sr_column *c) {
  if (!sr_table_add_column(a->s, t))
    return sr_oom(a->err);
  memmove(&t->cols[at + 1], &t->cols[at],
          sizeof(sr_column) * (size_t)(t->ncols - 1 - at));
  t->cols[at] = *c;
  return SR_OK;
}

static int last_key(const sr_table *t) {
  int k = -1;
  for (int i = 0; i < t->ncols; i++)
    if (t->cols[i].is_key)
      k = i;
  return k;
}

/* New ordinary columns go before generated ones (facts §1.3, corpus
 * 09/11/13); key columns after the last key column (checkAndAddColumn). */
static int add_position(ap *a, const sr_table *t, const sr_column *c,
                        const colpos *pos, int *at) {
  if (pos->first)
    return *at = 0, SR_OK;
  if (pos->after) {
    int k = col_index(t, pos->after);
    if (k < 0)
      return fail(a, &pos->at, "Column[%s] does not found", pos->after);
    if (t->cols[k].generated)
      return fail(a, &pos->at, "Can not add column after Generated Column");
    return *at = k + 1, SR_OK;
  }
  if (c->is_key)
    return *at = last_key(t) + 1, SR_OK;
  *at = t->ncols;
  if (!c->generated)
    for (int i = t->ncols - 1; i >= 0 && t->cols[i].generated; i--)
      *at = i;
  return SR_OK;
}

/* SchemaChangeHandler.addColumnInternal: aggregation method per model. */
static int add_model_rules(ap *a, const sr_table *t, sr_column *c,
                           const sr_token *at) {
  switch (t->key_type) {
  case SR_KEY_PRIMARY:
    if (c->is_key)
      return fail(a, at, "Can not add key column: %s for primary key table",
                  c->name);
    if (c->agg_type && strcmp(c->agg_type, "REPLACE"))
      return fail(a, at,
                  "Can not assign aggregation method on column in Primary data "
                  "model table: %s",
                  c->name);
    c->agg_type = NULL; /* implicit REPLACE, never printed */
    break;
  case SR_KEY_AGGREGATE:
    /* facts §3.3 (analyzer text of 3.x) */
    if (c->is_key && c->agg_type)
      return fail(a, at,
                  "Column definition is wrong. Cannot specify aggregate "
                  "function '%s' for key column '%s'.",
                  c->agg_type, c->name);
    /* 3.x: a column without aggregation method is a key column */
    if (!c->agg_type)
      c->is_key = 1;
    else if (sr_rule_sum_default_refused(c))
      return fail(a, at,
                  "The default value of '%s' with SUM aggregation function "
                  "must be zero",
                  c->name);
    break;
  case SR_KEY_UNIQUE:
    if (c->agg_type)
      return fail(a, at,
                  "Can not assign aggregation method on column in Unique data "
                  "model table: %s",
                  c->name);
    break;
  case SR_KEY_DUPLICATE:
    if (c->agg_type)
      return fail(a, at,
                  "Can not assign aggregation method on column in Duplicate "
                  "data model table: %s",
                  c->name);
    break;
  }
  if (!strcmp(c->type, "HLL") && t->key_type != SR_KEY_AGGREGATE)
    return fail(
        a, at,
        "HLL type column can only be in Aggregation data model table: %s",
        c->name);
  return SR_OK;
}

/* ddl_parse.c reads `AS expr` up to ',' or COMMENT, so a position
 * written after a generated column's expression ends up inside it. */
static int gen_has_position(const char *expr) {
  sr_lexer lx;
  sr_token tok;
  sr_err e = {0};
  int depth = 0;
  sr_lex_init(&lx, "expr", expr, strlen(expr));
  while (!sr_lex_next(&lx, &tok, &e) && tok.kind != SR_TK_EOF) {
    /* brackets as the parser's span counts them (lexer.h sr_nest) */
    depth += sr_tok_punct(&tok, '(') + sr_tok_punct(&tok, '[') -
             sr_tok_punct(&tok, ')') - sr_tok_punct(&tok, ']');
    if (!depth && (sr_tok_is(&tok, "AFTER") || sr_tok_is(&tok, "FIRST")))
      return 1;
  }
  return 0;
}

/* Generated and AUTO_INCREMENT rules (facts §3.3) and buildColumnForAdd. */
static int add_kind_rules(ap *a, const sr_column *c, const colpos *pos,
                          const sr_token *at) {
  if (c->auto_increment)
    return fail(a, at,
                "Column '%s' can not be AUTO_INCREMENT when ADD COLUMN..",
                c->name);
  if (c->generated) {
    if (pos->first || pos->after || gen_has_position(c->generated))
      return fail(a, pos->first || pos->after ? &pos->at : at,
                  "AFTER can not be set when ADD GENERATED COLUMN.");
    if (c->null_stated && !c->nullable)
      return fail(a, at, "Generated Column must be nullable column.");
    a->add_gen = 1;
  } else {
    a->add_plain = 1;
    /* AlterTableStatementAnalyzer.visitAddColumnClause:
     * ERR_NO_DEFAULT_FOR_FIELD (1364; StarRocks ErrorCode.java's text) */
    if (!c->nullable && c->def_kind == SR_DEF_NONE)
      return fail(a, at,
                  "Field '%s' is not null but doesn't have a default value",
                  c->name);
  }
  if (c->agg_type && pos->first)
    return fail(a, &pos->at, "Cannot add value column[%s] at first", c->name);
  if (a->add_gen && a->add_plain)
    return fail(
        a, at,
        "Can not add normal column and Generated Column in the same time.");
  return SR_OK;
}

/* An existing name: facts §3.3 texts; a repeat within one statement is
 * ignored when identical (checkAndAddColumn). */
static int add_existing(ap *a, const sr_table *t, const sr_column *old,
                        const sr_column *c, const sr_token *at, int *skip) {
  *skip = 0;
  if (!old)
    return SR_OK;
  if (sr_names_has(&a->added, c->name)) {
    if (same_column(old, c))
      return *skip = 1, SR_OK;
    return fail(a, at,
                "Repeatedly add same column with different definition: %s",
                c->name);
  }
  if (same_column(old, c))
    return fail(a, at,
                "Can not add column which already exists in base table: %s",
                c->name);
  sr_buf b;
  sr_buf_init(&b);
  sr_render_column(&b, t, old, 0);
  const char *r = sr_buf_str(&b);
  fail(a, at,
       "Can not add column which already exists in column id: %s, you can "
       "remove %s and try again.",
       c->name, r ? r : old->name);
  sr_buf_free(&b);
  return SR_ERROR;
}

static int add_column(ap *a, sr_table *t, sr_column *c, const colpos *pos,
                      const sr_token *at) {
  int k = 0, skip;
  TRY(add_kind_rules(a, c, pos, at));
  if (c->generated)
    TRY(gen_expr_rules(a, t, c, at));
  TRY(add_model_rules(a, t, c, at));
  int old = col_index(t, c->name);
  TRY(add_existing(a, t, old < 0 ? NULL : &t->cols[old], c, at, &skip));
  if (skip)
    return SR_OK;
  TRY(add_position(a, t, c, pos, &k));
  TRY(insert_column(a, t, k, c));
  return sr_strlist_add(a->s, &a->added, c->name) ? sr_oom(a->err) : SR_OK;
}

/* ADD COLUMN def [AFTER x|FIRST] | ADD COLUMN (def, def, ...) */
static int clause_add_column(ap *a, sr_table *t) {
  int hit;
  TRY(eatp(a, '(', &hit));
  do {
    sr_token at = a->p.tok;
    sr_column c;
    colpos pos;
    col_init(&c);
    TRY(sr_p_column_def(&a->p, t, &c));
    if (hit)
      memset(&pos, 0, sizeof pos);
    else
      TRY(position(a, &pos));
    TRY(add_column(a, t, &c, &pos, &at));
    if (!hit)
      return column_tail(a);
  } while (punct(a, ',') && next(a) == SR_OK);
  TRY(sr_p_expect_punct(&a->p, ')'));
  return column_tail(a);
}

/* ---- DROP COLUMN -------------------------------------------------------- */

/* SchemaChangeHandler.processDropColumn; partition and distribution
 * columns: facts §3.1. */
static int drop_rules(ap *a, const sr_table *t, const sr_column *c,
                      const sr_token *at) {
  const sr_column *g;
  if (t->key_type == SR_KEY_PRIMARY && c->is_key)
    return fail(a, at, "Can not drop key column in primary data model table");
  if (t->key_type == SR_KEY_PRIMARY && sr_names_has(&t->order_by, c->name))
    return fail(a, at, "Can not drop sort column in primary data model table");
  if (t->key_type == SR_KEY_UNIQUE && c->is_key)
    return fail(a, at, "Can not drop key column in Unique data model table");
  if (t->key_type == SR_KEY_AGGREGATE && c->is_key && sr_rule_has_replace(t))
    return fail(a, at,
                "Can not drop key column when table has value column with "
                "REPLACE aggregation method");
  if (expr_refs(a, t->partition_by, c->name))
    return fail(a, at, "Partition column[%s] cannot be dropped. index[%s]",
                c->name, t->name);
  if (!t->dist_random && sr_names_has(&t->dist_cols, c->name))
    return fail(a, at, "Distribution column[%s] cannot be dropped. index[%s]",
                c->name, t->name);
  /* AlterTableClauseAnalyzer.visitDropColumnClause (recorded in
   * test_materialized_column: "Getting analyzing error. Detail message:
   * Column: job can not be dropped, because expression of Generated
   * Column: mc will refer to it.") */
  if ((g = generated_user(t, c->name, a)))
    return fail(a, at,
                "Column: %s can not be dropped, because expression of "
                "Generated Column: %s will refer to it",
                c->name, g->name);
  /* SchemaChangeHandler.calculateShortKey: a sort key stated at CREATE
   * or by ORDER BY keeps its columns */
  if (!a->implicit_order && sr_names_has(&t->order_by, c->name))
    return fail(a, at, "Sort Key Column[%s] not exists in new schema", c->name);
  return SR_OK;
}

static int clause_drop_column(ap *a, sr_table *t) {
  sr_token at = a->p.tok;
  const char *name = sr_p_ident(&a->p, "a column name");
  if (!name)
    return SR_ERROR;
  TRY(column_tail(a));
  int k = col_index(t, name);
  if (k < 0)
    return fail(a, &at, "Column does not exists: %s", name);
  const char *cname = t->cols[k].name;
  TRY(drop_rules(a, t, &t->cols[k], &at));
  memmove(&t->cols[k], &t->cols[k + 1],
          sizeof(sr_column) * (size_t)(t->ncols - k - 1));
  t->ncols--;
  /* processDropColumn removes the indexes on the column */
  remove_indexes_on(t, cname);
  if (!a->implicit_order)
    TRY(list_replace(a, &t->order_by, cname, NULL));
  if (!t->order_by.n)
    a->implicit_order = 1; /* no sort column left: the keys sort */
  return bloom_replace(a, t, cname, NULL);
}

/* ---- MODIFY COLUMN ------------------------------------------------------ */

/* Column.checkSchemaChangeAllowed, in its order. */
static int change_allowed(ap *a, const sr_column *o, const sr_column *c,
                          const sr_token *at) {
  sr_err e = {0};
  sr_type *to = sr_type_parse(&a->s->arena, o->type, strlen(o->type), NULL, &e);
  sr_type *tn = sr_type_parse(&a->s->arena, c->type, strlen(c->type), NULL, &e);
  if (!to || !tn)
    return fail(a, at, "bad column type: %s", e.msg);
  /* rules.h: the server's matrix; lossy changes are accepted */
  sr_type_change v = sr_type_same(to, tn) ? SR_TC_SAFE
                     : sr_type_is_complex(to) || sr_type_is_complex(tn)
                         ? SR_TC_REFUSED
                         : sr_rule_type_change(to, tn);
  char why[200];
  if (v == SR_TC_REFUSED)
    return fail(a, at, "%s",
                sr_rule_type_change_why(v, o->type, c->type, why, sizeof why));
  if (o->is_key != c->is_key || !str_eq(o->agg_type, c->agg_type))
    return fail(a, at, "Can not change aggregation type");
  if (o->nullable && !c->nullable)
    return fail(a, at, "Can not change from nullable to non-nullable");
  if (!same_default(o, c))
    return fail(a, at, "Can not change default value");
  if (v == SR_TC_SHORTER || v == SR_TC_JSON_LEN)
    return fail(a, at, "%s",
                sr_rule_type_change_why(v, o->type, c->type, why, sizeof why));
  return SR_OK;
}

/* processModifyColumn: model checks, then fillKeyAndAggregationType. DUP
 * and UNIQUE key columns must repeat KEY, else the column would become a
 * value column ("Can not change aggregation type" below). */
static int modify_model_rules(ap *a, const sr_table *t, const sr_column *o,
                              sr_column *c, const sr_token *at) {
  switch (t->key_type) {
  case SR_KEY_PRIMARY:
    /* facts §3.3 */
    if (o && o->is_key)
      return fail(a, at, "Can not modify key column: %s for primary key table",
                  c->name);
    if (o && sr_names_has(&t->order_by, o->name))
      return fail(a, at,
                  "Can not modify sort column in primary data model table");
    /* facts §3.3: an aggregation method is ignored silently */
    c->is_key = o ? o->is_key : 0;
    c->agg_type = o ? o->agg_type : NULL;
    break;
  case SR_KEY_AGGREGATE:
    if (c->is_key && c->agg_type)
      return fail(a, at, "Can not assign aggregation method on key column: %s",
                  c->name);
    if (!c->agg_type)
      c->is_key = 1;
    break;
  case SR_KEY_UNIQUE:
  case SR_KEY_DUPLICATE:
    if (c->agg_type)
      return fail(a, at,
                  "Can not assign aggregation method on column in %s data "
                  "model table: %s",
                  t->key_type == SR_KEY_UNIQUE ? "Unique" : "Duplicate",
                  c->name);
    break;
  }
  return SR_OK;
}

/* RANGE(..) and expression partitioning (date_trunc / time_slice, an
 * ExpressionRangePartitionInfo) are range partitionings; LIST and
 * column-list partitionings are not. */
static int is_range(const sr_table *t) {
  const char *pb = t->partition_by;
  return pb && (!strncmp(pb, "RANGE(", 6) || !strncmp(pb, "date_trunc(", 11) ||
                !strncmp(pb, "time_slice(", 11));
}

static int modify_rules(ap *a, const sr_table *t, const sr_column *o,
                        const sr_column *c, const colpos *pos,
                        const sr_token *at) {
  if (!c->generated && generated_user(t, c->name, a))
    return fail(a, at,
                "Do not support modify column: %s, because it associates with "
                "the generated column",
                c->name);
  if (!o)
    return fail(a, at, "Column[%s] does not exists", c->name);
  if (pos->after && col_index(t, pos->after) < 0)
    return fail(a, &pos->at, "Column[%s] does not exists", pos->after);
  if (o->auto_increment)
    return fail(a, at, "Can't not modify a AUTO_INCREMENT column");
  if (!o->generated && c->generated)
    return fail(a, at,
                "Can not modify a non-generated column to a generated column");
  if (o->generated && !c->generated)
    return fail(a, at,
                "Can not modify a generated column to a non-generated column");
  if (c->generated)
    TRY(gen_expr_rules(a, t, c, at));
  if (!c->generated)
    TRY(change_allowed(a, o, c, at));
  sr_column same = *c;
  same.comment = o->comment;
  /* SchemaChangeHandler.createJob: the columns of a range partitioning and
   * of a HASH distribution keep their definition */
  if (is_range(t) && expr_refs(a, t->partition_by, o->name) &&
      !same_column(o, &same))
    return fail(a, at, "Can not modify partition column[%s]. index[%s]",
                o->name, t->name);
  if (!t->dist_random && sr_names_has(&t->dist_cols, o->name) &&
      !same_column(o, &same))
    return fail(a, at, "Can not modify distribution column[%s]. index[%s]",
                o->name, t->name);
  return SR_OK;
}

/* Replaces column k by c and moves it after pos (processModifyColumn). */
static int move_column(ap *a, sr_table *t, int k, const sr_column *c,
                       const colpos *pos) {
  if (!pos->first && !pos->after)
    return t->cols[k] = *c, SR_OK;
  int l = pos->first ? -1 : col_index(t, pos->after);
  if (l == k)
    return fail(a, &pos->at, "Column[%s] modify position is invalid",
                pos->after);
  memmove(&t->cols[k], &t->cols[k + 1],
          sizeof(sr_column) * (size_t)(t->ncols - k - 1));
  t->ncols--;
  return insert_column(a, t, l > k ? l : l + 1, c);
}

static int modify_def(ap *a, sr_table *t, sr_column *c, const colpos *pos,
                      const sr_token *at) {
  int k = col_index(t, c->name);
  const sr_column *o = k < 0 ? NULL : &t->cols[k];
  TRY(modify_model_rules(a, t, o, c, at));
  TRY(modify_rules(a, t, o, c, pos, at));
  c->name = o->name; /* "retain old column name" */
  return move_column(a, t, k, c, pos);
}

/* ---- STRUCT fields ------------------------------------------------------- */

/* [*]: one token in StarRocks (StarRocksLex.g4 ARRAY_ELEMENT: '[*]'), so
 * written without blanks. */
static int array_element(ap *a) {
  size_t at = a->p.tok.off;
  TRY(next(a));
  if (!punct(a, '*') || a->p.tok.off != at + 1)
    return sr_p_error(&a->p, "'*' right after '[' ([*] has no blanks)");
  TRY(next(a));
  if (!punct(a, ']') || a->p.tok.off != at + 2)
    return sr_p_error(&a->p, "']' right after '[*' ([*] has no blanks)");
  return next(a);
}

/* a.b.[*].c: names or [*] joined by '.' (StarRocks.g4 nestedFieldName:
 * subfieldName (DOT subfieldName)*, so `b[*]` is refused there too):
 * parents then the field name. */
static int field_path(ap *a, sr_strlist *path) {
  for (;;) {
    const char *v = "[*]";
    if (punct(a, '['))
      TRY(array_element(a));
    else if (!(v = sr_p_ident(&a->p, "a field name")))
      return SR_ERROR;
    if (sr_strlist_add(a->s, path, v))
      return sr_oom(a->err);
    if (punct(a, '['))
      return sr_p_error(&a->p, "'.' before [*]");
    if (!punct(a, '.'))
      return SR_OK;
    TRY(next(a));
  }
}

static int type_here(ap *a, const char **out) {
  sr_err e = {0};
  size_t used = 0, off = a->p.tok.off;
  sr_token at = a->p.tok;
  if (at.kind == SR_TK_EOF)
    return sr_p_error(&a->p, "a field type");
  *out = sr_type_canon(&a->s->arena, a->text + off, a->n - off, &used, &e);
  if (!*out)
    return fail(a, &at, "bad field type: %s", e.msg);
  while (a->p.tok.kind != SR_TK_EOF && a->p.tok.off < off + used)
    TRY(next(a));
  return SR_OK;
}

static int field_pos(const sr_type *st, const char *name) {
  for (int i = 0; i < st->nfields; i++)
    if (sr_name_eq(st->fields[i].name, name))
      return i;
  return -1;
}

/* getModifiedType: the STRUCT the path's parents lead to. */
static int struct_at(ap *a, sr_type *ty, const sr_strlist *path,
                     const char *col, const char *verb, sr_type **out,
                     const char **oname, const sr_token *at) {
  const char *name = col;
  for (int i = 0; i + 1 < path->n; i++) {
    if (ty->kind == SR_T_STRUCT) {
      int k = field_pos(ty, path->v[i]);
      if (k < 0)
        return fail(a, at, "Field[%s] not exist in Field[%s]", path->v[i],
                    name);
      ty = ty->fields[k].type;
    } else {
      ty = ty->elem;
    }
    name = path->v[i];
    if (ty->kind != SR_T_STRUCT && ty->kind != SR_T_ARRAY)
      return fail(a, at,
                  "Field %s is invalid, add/drop field only support for Struct",
                  name);
  }
  if (ty->kind != SR_T_STRUCT)
    return fail(a, at, "Field %s is invalid, %s field only support for Struct",
                name, verb);
  *out = ty;
  *oname = name;
  return SR_OK;
}

static int field_insert(ap *a, sr_type *st, int at, const char *name,
                        sr_type *ft) {
  sr_field *f = sr_arena_alloc(&a->s->arena,
                               sizeof(sr_field) * (size_t)(st->nfields + 1));
  if (!f)
    return sr_oom(a->err);
  memcpy(f, st->fields, sizeof(sr_field) * (size_t)at);
  f[at].name = name;
  f[at].type = ft;
  memcpy(f + at + 1, st->fields + at,
         sizeof(sr_field) * (size_t)(st->nfields - at));
  st->fields = f;
  st->nfields++;
  return SR_OK;
}

static int add_field(ap *a, sr_type *st, const char *fname, const char *ftype,
                     const colpos *pos, const char *parent,
                     const sr_token *at) {
  sr_err e = {0};
  int k = st->nfields;
  if (field_pos(st, fname) >= 0)
    return fail(a, at, "Field[%s] already exists in Field[%s]", fname, parent);
  if (pos->first)
    k = 0;
  if (pos->after && (k = field_pos(st, pos->after) + 1) == 0)
    return fail(a, &pos->at, "Field[%s] is not exist in Field[%s]", pos->after,
                parent);
  sr_type *ft = sr_type_parse(&a->s->arena, ftype, strlen(ftype), NULL, &e);
  if (!ft)
    return fail(a, at, "bad field type: %s", e.msg);
  return field_insert(a, st, k, fname, ft);
}

static int drop_field(ap *a, sr_type *st, const char *fname, const char *parent,
                      const char *col, const sr_token *at) {
  int k = field_pos(st, fname);
  if (k < 0)
    return fail(a, at, "Field[%s] is not exist in Field[%s]", fname, parent);
  if (st->nfields == 1)
    return fail(
        a, at,
        "Field[%s] is the last field of column[%s], can not drop any more.",
        fname, col);
  memmove(&st->fields[k], &st->fields[k + 1],
          sizeof(sr_field) * (size_t)(st->nfields - k - 1));
  st->nfields--;
  return SR_OK;
}

static int field_rules(ap *a, const sr_table *t, const sr_column *c,
                       const char *verb, const sr_token *at) {
  TRY(needs(a, SR_F_STRUCT_FIELDS, *verb == 'A' ? "ADD FIELD" : "DROP FIELD",
            at));
  /* SchemaChangeHandler.analyzeAndCreateJob, AddFieldClause /
   * DropFieldClause */
  if (!sr_rule_has_fse(&a->s->env, t))
    return fail(a, at,
                "%s field for struct column require table enable fast schema "
                "evolution",
                *verb == 'A' ? "Add" : "Drop");
  if (strncmp(c->type, "STRUCT", 6) && strncmp(c->type, "ARRAY", 5))
    return fail(a, at,
                "Column[%s] type is invalid, %s field only support Struct",
                c->name, *verb == 'A' ? "add" : "drop");
  return SR_OK;
}

/* MODIFY COLUMN c ADD FIELD path T [AFTER f|FIRST] | DROP FIELD path
 * (processAddField / processDropField). */
static int clause_field(ap *a, sr_table *t, sr_column *c, int add,
                        const sr_token *at) {
  sr_strlist path = {0};
  const char *ftype = NULL, *parent = NULL;
  colpos pos = {0};
  sr_err e = {0};
  sr_type *st = NULL;
  TRY(next(a));
  TRY(sr_p_expect(&a->p, "FIELD"));
  sr_token fat = a->p.tok;
  TRY(field_path(a, &path));
  if (add)
    TRY(type_here(a, &ftype));
  if (add)
    TRY(position(a, &pos));
  TRY(field_rules(a, t, c, add ? "ADD" : "DROP", at));
  sr_type *ty = sr_type_parse(&a->s->arena, c->type, strlen(c->type), NULL, &e);
  if (!ty)
    return fail(a, at, "bad column type: %s", e.msg);
  TRY(struct_at(a, ty, &path, c->name, add ? "add" : "drop", &st, &parent,
                &fat));
  const char *fname = path.v[path.n - 1];
  if (add)
    TRY(add_field(a, st, fname, ftype, &pos, parent, &fat));
  else
    TRY(drop_field(a, st, fname, parent, c->name, &fat));
  sr_buf b;
  sr_buf_init(&b);
  sr_type_render(&b, ty);
  const char *r = sr_buf_str(&b);
  c->type = r ? sr_arena_strdup(&a->s->arena, r) : NULL;
  sr_buf_free(&b);
  if (!c->type)
    return sr_oom(a->err);
  remove_indexes_on(t, c->name); /* as processAddField does */
  return SR_OK;
}

/* MODIFY COLUMN c <definition> [AFTER x|FIRST] | c COMMENT '..' |
 * c ADD FIELD .. | c DROP FIELD .. */
static int clause_modify_column(ap *a, sr_table *t) {
  sr_parser save = a->p;
  sr_token at = a->p.tok;
  const char *name = sr_p_ident(&a->p, "a column name");
  if (!name)
    return SR_ERROR;
  int k = col_index(t, name);
  if ((kw(a, "COMMENT") || kw(a, "ADD") || kw(a, "DROP")) && k < 0)
    return fail(a, &at, "Column[%s] does not exists", name);
  if (kw(a, "COMMENT")) {
    TRY(next(a));
    return (t->cols[k].comment = str_tok(a, "a comment string")) ? SR_OK
                                                                 : SR_ERROR;
  }
  if (kw(a, "ADD") || kw(a, "DROP"))
    return clause_field(a, t, &t->cols[k], kw(a, "ADD"), &at);
  a->p = save;
  sr_column c;
  colpos pos;
  col_init(&c);
  TRY(sr_p_column_def(&a->p, t, &c));
  TRY(position(a, &pos));
  TRY(column_tail(a));
  return modify_def(a, t, &c, &pos, &at);
}

/* ---- RENAME COLUMN --------------------------------------------------------
 */

/* RANGE(..) / LIST(..) are kept upper case around the normalised
 * column list, as ddl_parse.c writes them. */
static const char *partition_rename(ap *a, const char *pb, const char *from,
                                    const char *to) {
  size_t m = !strncmp(pb, "RANGE(", 6) ? 6 : !strncmp(pb, "LIST(", 5) ? 5 : 0;
  if (!m)
    return expr_rename(a, pb, from, to);
  char *inner = sr_arena_strndup(&a->s->arena, pb + m, strlen(pb) - m - 1);
  const char *r = inner ? expr_rename(a, inner, from, to) : NULL;
  sr_buf b;
  sr_buf_init(&b);
  if (r)
    sr_buf_printf(&b, "%.*s%s)", (int)m, pb, r);
  const char *v =
      r && sr_buf_str(&b) ? sr_arena_strdup(&a->s->arena, b.s) : NULL;
  sr_buf_free(&b);
  if (r && !v)
    sr_oom(a->err);
  return v;
}

static int rename_refs(ap *a, sr_table *t, const char *from, const char *to) {
  TRY(list_replace(a, &t->key_cols, from, to));
  TRY(list_replace(a, &t->order_by, from, to));
  TRY(list_replace(a, &t->dist_cols, from, to));
  for (int i = 0; i < t->nidx; i++)
    TRY(list_replace(a, &t->idx[i].cols, from, to));
  for (int i = 0; i < t->ncols; i++)
    if (t->cols[i].generated && expr_refs(a, t->cols[i].generated, from) &&
        !(t->cols[i].generated =
              expr_rename(a, t->cols[i].generated, from, to)))
      return SR_ERROR;
  if (expr_refs(a, t->partition_by, from) &&
      !(t->partition_by = partition_rename(a, t->partition_by, from, to)))
    return SR_ERROR;
  return bloom_replace(a, t, from, to);
}

/* RENAME COLUMN a [TO] b: 3.3.2+ (facts §3.2), synchronous. */
static int clause_rename_column(ap *a, sr_table *t) {
  int hit;
  sr_token at = a->p.tok;
  const char *from = sr_p_ident(&a->p, "a column name");
  if (!from)
    return SR_ERROR;
  TRY(eat(a, "TO", &hit));
  sr_token tat = a->p.tok;
  const char *to = sr_p_ident(&a->p, "the new column name");
  if (!to)
    return SR_ERROR;
  TRY(needs(a, SR_F_RENAME_COLUMN, "RENAME COLUMN", &at));
  int k = col_index(t, from), j = col_index(t, to);
  if (k < 0)
    return fail(a, &at, "Column[%s] does not exists", from);
  if (j >= 0 && j != k)
    return fail(
        a, &tat,
        "Getting analyzing error. Detail message: Duplicate column name '%s'.",
        to);
  from = t->cols[k].name;
  t->cols[k].name = to;
  return rename_refs(a, t, from, to);
}

/* ---- ORDER BY, DISTRIBUTED BY ------------------------------------------- */

/* A type the server cannot encode is refused too (never the case for
 * canonical types). */
static int sort_type_ok(ap *a, const sr_table *t, const sr_column *c) {
  sr_err e = {0};
  sr_type *ty = sr_type_parse(&a->s->arena, c->type, strlen(c->type), NULL, &e);
  return ty && sr_rule_sort_kind(t->key_type, ty->kind);
}

/* Listing every column reorders the schema instead (changeSortKeyColumn,
 * processReorderColumn). */
static int reorder(ap *a, sr_table *t, const sr_strlist *l,
                   const sr_token *at) {
  if (t->key_type == SR_KEY_PRIMARY)
    return fail(a, at,
                "Primary key table do not support reorder table schema. Please "
                "confirm if you want to modify the sorting columns.");
  sr_column *v =
      sr_arena_alloc(&a->s->arena, sizeof(sr_column) * (size_t)t->ncols);
  if (!v)
    return sr_oom(a->err);
  for (int i = 0; i < l->n; i++)
    v[i] = t->cols[col_index(t, l->v[i])];
  memcpy(t->cols, v, sizeof(sr_column) * (size_t)t->ncols);
  return SR_OK;
}

/* processModifySortKeyColumn */
static int clause_order_by(ap *a, sr_table *t, const sr_token *clause_at) {
  sr_token at = *clause_at;
  sr_strlist l = {0};
  TRY(sr_p_expect(&a->p, "BY"));
  TRY(sr_p_ident_list(&a->p, &l));
  for (int i = 0; i < l.n; i++) {
    int k = col_index(t, l.v[i]);
    if (k < 0)
      return fail(a, &at, "Column[%s] not exists", l.v[i]);
    for (int j = 0; j < i; j++)
      if (sr_name_eq(l.v[j], l.v[i]))
        return fail(a, &at, "Duplicated column[%s]", l.v[i]);
    l.v[i] = t->cols[k].name;
    if ((t->key_type == SR_KEY_PRIMARY || t->key_type == SR_KEY_DUPLICATE) &&
        !sort_type_ok(a, t, &t->cols[k]))
      return fail(a, &at, "Sort key column[%s] type not supported: %s%s",
                  l.v[i], t->cols[k].type,
                  t->key_type == SR_KEY_PRIMARY ? " in PrimaryKey table" : "");
  }
  if (l.n == t->ncols)
    return reorder(a, t, &l, &at);
  /* Before sort keys, ORDER BY only reorders the columns: processReorderColumn
   * of 3.2 and older "Reorder stmt should contains all columns". */
  if (t->key_type != SR_KEY_PRIMARY &&
      !sr_has(a->s->env.version, SR_F_SORT_KEY))
    return fail(a, &at, "Reorder stmt should contains all columns");
  if (t->key_type == SR_KEY_PRIMARY)
    TRY(needs(a, SR_F_PK_SORT_KEY, "ORDER BY on a PRIMARY KEY table", &at));
  if ((t->key_type == SR_KEY_AGGREGATE || t->key_type == SR_KEY_UNIQUE) &&
      !sr_names_same_set(&l, &t->key_cols))
    return fail(
        a, &at,
        "The sort columns of %s KEY table must be same with key columns",
        sr_keytype_name(t->key_type));
  t->order_by = l;
  a->implicit_order = 0;
  return SR_OK;
}

/* DISTRIBUTED BY HASH(..)|RANDOM [BUCKETS n]: no BUCKETS means automatic
 * buckets (facts §1.6); columns are checked by defaults.c. */
static int clause_distribution(ap *a, sr_table *t, const sr_token *at) {
  TRY(needs(a, SR_F_ALTER_DISTRIBUTION, "ALTER TABLE .. DISTRIBUTED BY", at));
  /* RANGE distribution has no statement to or from it (the Python tool's
   * test_range_distribution: "RANGE-distributed table") */
  int was_range = t->dist_range;
  TRY(sr_p_distribution(&a->p, t));
  if (was_range || t->dist_range)
    return fail(a, at,
                "the distribution of a RANGE-distributed table cannot be "
                "changed, nor made RANGE");
  char why[120];
  if (t->dist_random && sr_rule_random_refusal(t, why, sizeof why))
    return fail(a, at, "%s", why);
  if (t->dist_random)
    t->dist_cols.n = 0;
  return SR_OK;
}

/* PARTITIONS (p, ..) DISTRIBUTED BY ..: buckets of some partitions only
 * (facts §1.6, corpus 23); method and columns must stay (facts §3.3). */
static int clause_partitions_dist(ap *a, sr_table *t) {
  sr_strlist names = {0};
  sr_table tmp = *t;
  TRY(sr_p_ident_list(&a->p, &names));
  sr_token at = a->p.tok;
  TRY(sr_p_expect(&a->p, "DISTRIBUTED"));
  tmp.dist_cols.v = NULL;
  tmp.dist_cols.n = 0;
  TRY(sr_p_distribution(&a->p, &tmp));
  if (tmp.dist_random != t->dist_random)
    return fail(
        a, &at,
        "not support change distribution type when specify partitions.");
  if (!t->dist_random && !sr_names_same_set(&tmp.dist_cols, &t->dist_cols))
    return fail(
        a, &at,
        "not support change distribution column when specify partitions.");
  return SR_OK;
}

/* ---- properties -------------------------------------------------------------
 */

/* Keys ALTER TABLE .. SET accepts (AlterTableClauseAnalyzer
 * .visitModifyTablePropertiesClause, main); anything else is "Unknown
 * properties", plain storage_medium included (only default.storage_medium
 * is accepted). */
static const char *const kSettable[] = {
    "colocate_with",
    "distribution_type",
    "send_clear_alter_task",
    "bloom_filter_columns",
    "bloom_filter_fpp",
    "write_quorum",
    "labels.location",
    "partition_live_number",
    "partition_ttl",
    "partition_retention_condition",
    "time_drift_constraint",
    "replication_num",
    "storage_cooldown_ttl",
    "default.replication_num",
    "default.storage_medium",
    "in_memory",
    "primary_index_cache_expire_sec",
    "enable_persistent_index",
    "persistent_index_type",
    "file_bundling",
    "replicated_storage",
    "bucket_size",
    "mutable_bucket_num",
    "enable_load_profile",
    "enable_statistic_collect_on_first_load",
    "base_compaction_forbidden_time_ranges",
    "foreign_key_constraints",
    "unique_constraints",
    "datacache.partition_duration",
    "compaction_strategy",
    "lake_compaction_max_parallel",
    "table_query_timeout",
    "datacache.enable",
};

static int settable(const char *key) {
  if (!strncmp(key, "dynamic_partition.", 18) || !strncmp(key, "binlog.", 7) ||
      !strncmp(key, "flat_json.", 10))
    return 1;
  for (size_t i = 0; i < sizeof kSettable / sizeof kSettable[0]; i++)
    if (!strcmp(key, kSettable[i]))
      return 1;
  return 0;
}

/* One property per SET, unless all share the dynamic_partition. or
 * binlog. prefix (same analyzer). */
static int one_family(const sr_table *props) {
  const char *pre[] = {"dynamic_partition.", "binlog."};
  if (props->nprops == 1)
    return 1;
  for (int k = 0; k < 2; k++) {
    int all = 1;
    for (int i = 0; i < props->nprops; i++)
      all &= !strncmp(props->props[i].key, pre[k], strlen(pre[k]));
    if (all)
      return 1;
  }
  return 0;
}

static int table_prop_rules(ap *a, const sr_table *t, const sr_prop *p,
                            const sr_token *at) {
  if (!strcmp(p->key, "storage_type"))
    return fail(a, at, "Can't change storage type");
  if (!strcmp(p->key, "tablet_type"))
    return fail(a, at, "Alter tablet type not supported");
  if (!settable(p->key))
    return fail(a, at, "Unknown properties: {%s=%s}", p->key, p->value);
  /* LocalMetastore.modifyTableReplicationNum (Doris heritage; the text is
   * recorded in the Palo system tests) */
  if (!strcmp(p->key, "replication_num") && t->partition_by)
    return fail(a, at,
                "This is a partitioned table, you should specify partitions "
                "with MODIFY PARTITION clause. If you want to set default "
                "replication number, please use 'default.replication_num' "
                "instead of 'replication_num' to escape misleading.");
  return SR_OK;
}

/* default.replication_num / default.storage_medium are what partitions
 * created later get (facts §3.2): the table-level value SHOW CREATE
 * TABLE prints, so they set replication_num / storage_medium, as the
 * analyzer itself rewrites them. in_memory is accepted and dropped. */
/* PropertyAnalyzer.analyzeBloomFilterColumns, against the table as it is
 * (SchemaChangeHandler.analyzeAndCreateJob). */
static int bloom_rules(ap *a, const sr_table *t, const sr_prop *p,
                       const sr_token *at) {
  sr_strlist l = {0};
  if (sr_names_split(a->s, p->value, &l))
    return sr_oom(a->err);
  for (int i = 0; i < l.n; i++)
    if (col_index(t, l.v[i]) < 0)
      return fail(a, at,
                  "Bloom filter column does not exist in table. invalid "
                  "column: %s",
                  l.v[i]);
  return SR_OK;
}

static int set_prop(ap *a, sr_table *t, const sr_prop *p, const sr_token *at) {
  const char *key = p->key;
  if (t->kind == SR_KIND_TABLE)
    TRY(table_prop_rules(a, t, p, at));
  if (t->kind == SR_KIND_TABLE && !strcmp(key, "bloom_filter_columns"))
    TRY(bloom_rules(a, t, p, at));
  if (!strcmp(key, "in_memory"))
    return SR_OK;
  if (!strcmp(key, "default.replication_num"))
    key = "replication_num";
  else if (!strcmp(key, "default.storage_medium"))
    key = "storage_medium";
  return prop_set(a, t, key, p->value);
}

static int clause_set(ap *a, sr_table *t) {
  sr_table tmp = {0};
  sr_token at = a->p.tok;
  TRY(sr_p_properties(&a->p, &tmp, 1));
  if (!tmp.nprops)
    return fail(a, &at, "Properties is not set");
  if (t->kind == SR_KIND_TABLE && !one_family(&tmp))
    return fail(a, &at, "Can only set one table property at a time");
  for (int i = 0; i < tmp.nprops; i++)
    TRY(set_prop(a, t, &tmp.props[i], &at));
  return SR_OK;
}

/* ---- indexes ------------------------------------------------------------ */

/* SchemaChangeHandler.processAddIndex (Doris-derived code; texts
 * unverified against a 3.x server). A GIN index turns replicated_storage
 * off (facts §1.5, corpus 33->34). */
static int add_index(ap *a, sr_table *t, const sr_index *x,
                     const sr_token *at) {
  for (int i = 0; i < t->nidx; i++)
    if (sr_name_eq(t->idx[i].name, x->name))
      return fail(a, at, "index `%s` already exist.", x->name);
  for (int i = 0; i < x->cols.n; i++) {
    int k = col_index(t, x->cols.v[i]);
    if (k < 0)
      return fail(a, at,
                  "%s column does not exist in table. invalid column: %s",
                  x->type, x->cols.v[i]);
    x->cols.v[i] = t->cols[k].name;
  }
  /* facts §1.5: GIN only on DUPLICATE and PRIMARY KEY tables (our wording) */
  if (!strcmp(x->type, "GIN") && t->key_type != SR_KEY_DUPLICATE &&
      t->key_type != SR_KEY_PRIMARY)
    return fail(a, at,
                "GIN index is only allowed on DUPLICATE KEY and PRIMARY KEY "
                "tables, not on %s KEY table '%s'",
                sr_keytype_name(t->key_type), t->name);
  sr_index *n = sr_table_add_index(a->s, t);
  if (!n)
    return sr_oom(a->err);
  *n = *x;
  return strcmp(x->type, "GIN") ? SR_OK
                                : prop_set(a, t, "replicated_storage", "false");
}

static int drop_index(ap *a, sr_table *t, const char *name,
                      const sr_token *at) {
  for (int i = 0; i < t->nidx; i++)
    if (sr_name_eq(t->idx[i].name, name)) {
      memmove(&t->idx[i], &t->idx[i + 1],
              sizeof(sr_index) * (size_t)(t->nidx - i - 1));
      t->nidx--;
      return SR_OK;
    }
  return fail(a, at, "index %s does not exist in table %s", name, t->name);
}

static int clause_add_index(ap *a, sr_table *t) {
  sr_token at = a->p.tok;
  sr_index x = {.comment = "", .properties = ""};
  TRY(sr_p_index_def(&a->p, t, &x));
  return add_index(a, t, &x, &at);
}

/* ---- table-level clauses ------------------------------------------------- */

static int rename_table(ap *a, sr_table *t, const char *to,
                        const sr_token *at) {
  if (table_named(a->s, to))
    return fail(a, at, "Table '%s' already exists", to);
  t->name = to;
  table_resort(a->s, index_of(a->s, t));
  return SR_OK;
}

static int clause_swap(ap *a, sr_table *t) {
  TRY(sr_p_expect(&a->p, "WITH"));
  sr_token at = a->p.tok;
  const char *other = sr_p_table_name(&a->p);
  if (!other)
    return SR_ERROR;
  sr_table *u = table_named(a->s, other);
  if (!u)
    return fail(a, &at, "Unknown table '%s'", other);
  if (u->kind != SR_KIND_TABLE)
    return fail(a, &at,
                "Do not support alter non-native table/materialized-view");
  int i = index_of(a->s, t), j = index_of(a->s, u);
  u->name = t->name;
  t->name = other;
  a->s->tables[i] = u; /* the names swap places, the order stays */
  a->s->tables[j] = t;
  return canon(a, u, &at);
}

static int clause_comment(ap *a, sr_table *t, const sr_token *at) {
  int hit;
  TRY(needs(a, SR_F_ALTER_COMMENT, "ALTER TABLE .. COMMENT", at));
  TRY(eatp(a, '=', &hit));
  return (t->comment = str_tok(a, "a comment string")) ? SR_OK : SR_ERROR;
}

/* ADD/DROP/TRUNCATE/REPLACE/RENAME/MODIFY PARTITION: partition instances
 * are not part of the model (SPEC §2), but need a partitioned table. */
static int clause_partition(ap *a, const sr_table *t, const sr_token *at) {
  if (!t->partition_by)
    return fail(a, at, "Table '%s' is not partitioned", t->name);
  return skip_clause(a);
}

static int partition_word(ap *a) {
  return kw(a, "PARTITION") || kw(a, "PARTITIONS") || kw(a, "TEMPORARY");
}

static int clause_add(ap *a, sr_table *t, const sr_token *at) {
  int hit;
  TRY(eat(a, "COLUMN", &hit));
  if (!hit)
    TRY(eat(a, "COLUMNS", &hit));
  if (hit)
    return clause_add_column(a, t);
  TRY(eat(a, "INDEX", &hit));
  if (hit)
    return clause_add_index(a, t);
  if (partition_word(a))
    return clause_partition(a, t, at);
  if (kw(a, "ROLLUP"))
    return fail(a, at,
                "rollups are not part of the schema model: ADD ROLLUP is not "
                "supported");
  return sr_p_error(&a->p, "COLUMN, INDEX or PARTITION after ADD");
}

static int clause_drop(ap *a, sr_table *t, const sr_token *at) {
  int hit;
  TRY(eat(a, "COLUMN", &hit));
  if (hit)
    return clause_drop_column(a, t);
  TRY(eat(a, "INDEX", &hit));
  if (hit) {
    sr_token nat = a->p.tok;
    const char *name = sr_p_ident(&a->p, "an index name");
    return name ? drop_index(a, t, name, &nat) : SR_ERROR;
  }
  if (partition_word(a))
    return clause_partition(a, t, at);
  if (kw(a, "ROLLUP"))
    return fail(a, at,
                "rollups are not part of the schema model: DROP ROLLUP is not "
                "supported");
  return sr_p_error(&a->p, "COLUMN, INDEX or PARTITION after DROP");
}

static int clause_rename(ap *a, sr_table *t, const sr_token *at) {
  int hit;
  TRY(eat(a, "COLUMN", &hit));
  if (hit)
    return clause_rename_column(a, t);
  if (kw(a, "PARTITION"))
    return clause_partition(a, t, at);
  if (kw(a, "ROLLUP"))
    return skip_clause(a);
  sr_token nat = a->p.tok;
  const char *to = sr_p_ident(&a->p, "COLUMN or the new table name");
  return to ? rename_table(a, t, to, &nat) : SR_ERROR;
}

/* The family of the clause at hand: "column" (schema change) or
 * "partition" clauses cannot be mixed in one statement (facts §3.1);
 * NULL for the others. Looks one token ahead on a copy of the lexer. */
static const char *clause_family(ap *a) {
  sr_lexer lx = a->p.lx;
  sr_token t2;
  sr_err e = {0};
  if (sr_lex_next(&lx, &t2, &e))
    return NULL;
  int part = sr_tok_is(&t2, "PARTITION") || sr_tok_is(&t2, "PARTITIONS") ||
             sr_tok_is(&t2, "TEMPORARY");
  if (kw(a, "ADD") || kw(a, "DROP"))
    return part ? "partition"
           : sr_tok_is(&t2, "COLUMN") || sr_tok_is(&t2, "COLUMNS") ||
                   sr_tok_is(&t2, "INDEX")
               ? "column"
               : NULL;
  if (kw(a, "MODIFY"))
    return part ? "partition" : "column";
  if (kw(a, "TRUNCATE") || kw(a, "REPLACE") || (kw(a, "RENAME") && part))
    return "partition";
  return kw(a, "ORDER") ? "column" : NULL;
}

static int clause(ap *a, sr_table *t) {
  sr_token at = a->p.tok;
  int hit;
  const char *fam = clause_family(a);
  if (fam && a->family && strcmp(fam, a->family))
    return fail(a, &at,
                "Can not mix %s and %s clauses in one ALTER TABLE statement",
                a->family, fam);
  if (fam)
    a->family = fam;
  if (kw(a, "ADD"))
    return next(a) ? SR_ERROR : clause_add(a, t, &at);
  if (kw(a, "DROP"))
    return next(a) ? SR_ERROR : clause_drop(a, t, &at);
  if (kw(a, "RENAME"))
    return next(a) ? SR_ERROR : clause_rename(a, t, &at);
  TRY(eat(a, "MODIFY", &hit));
  if (hit && kw(a, "PARTITION"))
    return clause_partition(a, t, &at);
  if (hit)
    return sr_p_expect(&a->p, "COLUMN") ? SR_ERROR : clause_modify_column(a, t);
  if (kw(a, "TRUNCATE") || kw(a, "REPLACE"))
    return clause_partition(a, t, &at);
  TRY(eat(a, "ORDER", &hit));
  if (hit)
    return clause_order_by(a, t, &at);
  TRY(eat(a, "DISTRIBUTED", &hit));
  if (hit)
    return clause_distribution(a, t, &at);
  TRY(eat(a, "PARTITIONS", &hit));
  if (hit)
    return clause_partitions_dist(a, t);
  TRY(eat(a, "SET", &hit));
  if (hit)
    return clause_set(a, t);
  TRY(eat(a, "COMMENT", &hit));
  if (hit)
    return clause_comment(a, t, &at);
  TRY(eat(a, "SWAP", &hit));
  if (hit)
    return clause_swap(a, t);
  return sr_p_error(&a->p,
                    "an ALTER TABLE clause (ADD, DROP, MODIFY, RENAME, ORDER "
                    "BY, DISTRIBUTED BY, SET, COMMENT, SWAP WITH)");
}

/* ---- statements ---------------------------------------------------------- */

static int find_for_alter(ap *a, sr_kind kind, sr_table **out) {
  sr_token at = a->p.tok;
  const char *name = sr_p_table_name(&a->p);
  if (!name)
    return SR_ERROR;
  sr_table *t = table_named(a->s, name);
  if (!t)
    return fail(a, &at, "Unknown table '%s'", name);
  /* AlterTableStatementAnalyzer */
  if (kind == SR_KIND_TABLE && t->kind == SR_KIND_MV)
    return fail(a, &at,
                "The '%s' cannot be alter by 'ALTER TABLE', because '%s' is a "
                "materialized view,you can use 'ALTER MATERIALIZED VIEW' to "
                "alter it.",
                name, name);
  /* facts §3.3: ALTER TABLE on a view */
  if (kind == SR_KIND_TABLE && t->kind != SR_KIND_TABLE)
    return fail(a, &at,
                "Do not support alter non-native table/materialized-view");
  if (kind != t->kind)
    return fail(a, &at, "'%s' is a %s, not a %s", name, sr_kind_name(t->kind),
                sr_kind_name(kind));
  *out = t;
  return SR_OK;
}

static int alter_table(ap *a) {
  sr_table *t;
  int hit;
  TRY(find_for_alter(a, SR_KIND_TABLE, &t));
  a->added.n = 0;
  a->added.v = NULL;
  a->add_gen = a->add_plain = 0;
  a->family = NULL;
  a->implicit_order = sr_names_eq(&t->order_by, &t->key_cols);
  int was_ok = keys_lead(t);
  do {
    TRY(clause(a, t));
    TRY(eatp(a, ',', &hit));
  } while (hit);
  if (!sr_p_at_end(&a->p))
    return sr_p_error(&a->p,
                      "',' and another clause, or the end of the statement");
  TRY(check_order(a, t, was_ok));
  TRY(rebuild_keys(a, t));
  return canon(a, t, &a->stmt);
}

/* Parses `prefix` + the rest of the statement + `suffix` as a CREATE
 * statement into a scratch schema (the parser's view and MV clauses are
 * reused, not copied). */
static int reparse(ap *a, const char *prefix, const char *suffix,
                   sr_schema **out, sr_table **t) {
  size_t end;
  sr_token at = a->p.tok;
  TRY(to_end(a, &end));
  sr_buf b;
  sr_buf_init(&b);
  sr_buf_puts(&b, prefix);
  sr_buf_add(&b, a->text + at.off, end - at.off);
  sr_buf_puts(&b, suffix);
  *out = sr_schema_new(a->s->env);
  int rc = !sr_buf_str(&b) || !*out ? sr_oom(a->err) : SR_OK;
  if (!rc && sr_parse_sql(*out, a->name, b.s, b.n, a->err)) {
    reposition(a->err, a->name, at.line, at.col, (int)strlen(prefix));
    rc = SR_ERROR;
  }
  sr_buf_free(&b);
  if (!rc)
    *t = (*out)->tables[0];
  return rc;
}

static int copy_list(ap *a, sr_strlist *to, const sr_strlist *from) {
  to->v = NULL;
  to->n = 0;
  for (int i = 0; i < from->n; i++) {
    const char *v = sr_arena_strdup(&a->s->arena, from->v[i]);
    if (!v || sr_strlist_add(a->s, to, v))
      return sr_oom(a->err);
  }
  return SR_OK;
}

/* ALTER VIEW v SET SECURITY {NONE | INVOKER} (StarRocks.g4
 * alterViewStatement; secure views from 3.4.1, docs CREATE VIEW). */
static int view_security(ap *a, sr_table *t) {
  sr_token at = a->p.tok;
  TRY(next(a));
  TRY(sr_p_expect(&a->p, "SECURITY"));
  TRY(needs(a, SR_F_VIEW_SECURITY, "SECURITY of a view", &at));
  if (!kw(a, "NONE") && !kw(a, "INVOKER"))
    return sr_p_error(&a->p, "NONE or INVOKER after SECURITY");
  t->view_security = kw(a, "INVOKER") ? "INVOKER" : NULL;
  return next(a);
}

/* ALTER VIEW v [(cols [COMMENT ".."])] AS query: a new body and column
 * list; the comment and SECURITY stay. */
static int alter_view(ap *a) {
  sr_table *t, *n;
  sr_schema *tmp = NULL;
  TRY(find_for_alter(a, SR_KIND_VIEW, &t));
  if (kw(a, "SET"))
    return view_security(a, t);
  int rc = reparse(a, "CREATE VIEW `_` ", "", &tmp, &n);
  if (!rc) {
    t->definition = sr_arena_strdup(&a->s->arena, n->definition);
    rc = t->definition ? copy_list(a, &t->view_cols, &n->view_cols)
                       : sr_oom(a->err);
    if (!rc)
      rc = copy_list(a, &t->view_comments, &n->view_comments);
  }
  sr_schema_free(tmp);
  return rc;
}

/* REFRESH ..; ON_CHANGE is 26.2+ (features.c). */
static int mv_refresh(ap *a, sr_table *t) {
  sr_table *n;
  sr_schema *tmp = NULL;
  sr_token at = a->p.tok;
  int rc = reparse(a, "CREATE MATERIALIZED VIEW `_` REFRESH ", "\nAS SELECT 1",
                   &tmp, &n);
  if (!rc && !strcmp(n->refresh, "ON_CHANGE"))
    rc = needs(a, SR_F_MV_ON_CHANGE, "REFRESH ON_CHANGE", &at);
  if (!rc && !(t->refresh = sr_arena_strdup(&a->s->arena, n->refresh)))
    rc = sr_oom(a->err);
  sr_schema_free(tmp);
  return rc;
}

static int mv_rename(ap *a, sr_table *t) {
  sr_token at = a->p.tok;
  const char *to = sr_p_ident(&a->p, "the new name");
  return to ? rename_table(a, t, to, &at) : SR_ERROR;
}

/* ALTER MATERIALIZED VIEW mv REFRESH .. | SET (..) | RENAME n | ACTIVE |
 * INACTIVE (facts §3.2, docs ALTER MATERIALIZED VIEW). */
static int alter_mv(ap *a) {
  sr_table *t;
  TRY(find_for_alter(a, SR_KIND_MV, &t));
  sr_token at = a->p.tok;
  int word = kw(a, "REFRESH")                       ? 1
             : kw(a, "SET")                         ? 2
             : kw(a, "RENAME")                      ? 3
             : kw(a, "ACTIVE") || kw(a, "INACTIVE") ? 4
                                                    : 0;
  if (!word)
    return sr_p_error(&a->p, "REFRESH, SET, RENAME, ACTIVE or INACTIVE");
  TRY(next(a));
  if (word == 1)
    TRY(mv_refresh(a, t));
  if (word == 2)
    TRY(clause_set(a, t));
  if (word == 3)
    TRY(mv_rename(a, t));
  return canon(a, t, &at);
}

static int alter_stmt(ap *a) {
  int hit;
  TRY(next(a));
  TRY(eat(a, "TABLE", &hit));
  if (hit)
    return alter_table(a);
  TRY(eat(a, "VIEW", &hit));
  if (hit)
    return alter_view(a);
  TRY(eat(a, "MATERIALIZED", &hit));
  if (hit)
    return sr_p_expect(&a->p, "VIEW") ? SR_ERROR : alter_mv(a);
  return sr_p_error(&a->p, "TABLE, VIEW or MATERIALIZED VIEW after ALTER");
}

/* A table just parsed (the last one) against the existing ones:
 * MySQL/StarRocks ER_TABLE_EXISTS_ERROR (1050) unless IF NOT EXISTS or
 * CREATE OR REPLACE VIEW. */
static int place_new(ap *a, int ifne, int replace) {
  sr_schema *s = a->s;
  sr_table *t = s->tables[s->ntables - 1];
  int i;
  if (!table_slot(s, s->ntables - 1, t->name, &i))
    i = -1;
  if (i >= 0 && ifne)
    return s->ntables--, SR_OK;
  if (i >= 0 && !(replace && s->tables[i]->kind == SR_KIND_VIEW))
    return fail(a, &a->stmt, "Table '%s' already exists", t->name);
  if (i >= 0)
    table_remove(s, i);
  table_resort(s, s->ntables - 1);
  return canon(a, t, &a->stmt);
}

/* CREATE [OR REPLACE] TABLE|VIEW|MATERIALIZED VIEW [IF NOT EXISTS] ...:
 * the whole statement goes to the CREATE parser. */
static int create_object(ap *a, int replace) {
  int hit, ifne = 0, before = a->s->ntables;
  size_t end;
  if (!kw(a, "TABLE") && !kw(a, "VIEW") && !kw(a, "MATERIALIZED"))
    return sr_p_error(
        &a->p, replace
                   ? "VIEW after CREATE OR REPLACE"
                   : "TABLE, VIEW, MATERIALIZED VIEW or INDEX after CREATE");
  if (replace && !kw(a, "VIEW"))
    return sr_p_error(&a->p, "VIEW after CREATE OR REPLACE");
  TRY(eat(a, "MATERIALIZED", &hit));
  TRY(next(a));
  TRY(eat(a, "IF", &hit));
  if (hit)
    TRY(sr_p_expect(&a->p, "NOT"));
  ifne = hit;
  TRY(to_end(a, &end));
  const char *src = a->text + a->stmt.off;
  if (sr_parse_sql(a->s, a->name, src, end - a->stmt.off, a->err)) {
    reposition(a->err, a->name, a->stmt.line, a->stmt.col, 0);
    return SR_ERROR;
  }
  if (a->s->ntables != before + 1)
    return fail(a, &a->stmt, "expected one CREATE statement");
  return place_new(a, ifne, replace);
}

/* CREATE INDEX i ON t (cols) USING ..: the index definition is parsed by
 * the CREATE TABLE parser, with the lexer rewound so that the name is
 * followed by the column list. */
static int create_index(ap *a) {
  sr_token name = a->p.tok, at;
  sr_table *t;
  TRY(sr_p_ident(&a->p, "an index name") ? SR_OK : SR_ERROR);
  TRY(sr_p_expect(&a->p, "ON"));
  TRY(find_for_alter(a, SR_KIND_TABLE, &t));
  at = a->p.tok;
  if (!punct(a, '('))
    return sr_p_error(&a->p, "'(' and the indexed columns");
  a->p.lx.pos = at.off;
  a->p.lx.line = at.line;
  a->p.lx.line_start = at.off - (size_t)(at.col - 1);
  a->p.tok = name;
  sr_index x = {.comment = "", .properties = ""};
  TRY(sr_p_index_def(&a->p, t, &x));
  TRY(add_index(a, t, &x, &name));
  return canon(a, t, &a->stmt);
}

static int create_stmt(ap *a) {
  int hit;
  TRY(next(a));
  TRY(eat(a, "OR", &hit));
  if (hit)
    TRY(sr_p_expect(&a->p, "REPLACE"));
  if (!hit && kw(a, "INDEX"))
    return next(a) ? SR_ERROR : create_index(a);
  return create_object(a, hit);
}

/* DROP INDEX i ON t */
static int drop_index_stmt(ap *a) {
  sr_token at = a->p.tok;
  sr_table *t;
  const char *name = sr_p_ident(&a->p, "an index name");
  if (!name)
    return SR_ERROR;
  TRY(sr_p_expect(&a->p, "ON"));
  TRY(find_for_alter(a, SR_KIND_TABLE, &t));
  TRY(drop_index(a, t, name, &at));
  return canon(a, t, &a->stmt);
}

/* DROP TABLE|VIEW|MATERIALIZED VIEW [IF EXISTS] name [FORCE]: MySQL's
 * ER_BAD_TABLE_ERROR (1051) text when missing. */
static int drop_stmt(ap *a) {
  int hit, ife;
  sr_kind kind = SR_KIND_TABLE;
  TRY(next(a));
  TRY(eat(a, "INDEX", &hit));
  if (hit)
    return drop_index_stmt(a);
  if (kw(a, "VIEW"))
    kind = SR_KIND_VIEW;
  else if (kw(a, "MATERIALIZED"))
    kind = SR_KIND_MV;
  else if (!kw(a, "TABLE"))
    return sr_p_error(&a->p,
                      "TABLE, VIEW, MATERIALIZED VIEW or INDEX after DROP");
  TRY(next(a));
  if (kind == SR_KIND_MV)
    TRY(sr_p_expect(&a->p, "VIEW"));
  TRY(eat(a, "IF", &ife));
  if (ife)
    TRY(sr_p_expect(&a->p, "EXISTS"));
  sr_token at = a->p.tok;
  const char *name = sr_p_table_name(&a->p);
  if (!name)
    return SR_ERROR;
  TRY(eat(a, "FORCE", &hit));
  int i = table_index(a->s, name);
  if (i < 0)
    return ife ? SR_OK : fail(a, &at, "Unknown table '%s'", name);
  if (a->s->tables[i]->kind != kind)
    return fail(a, &at, "'%s' is a %s: use DROP %s", name,
                sr_kind_name(a->s->tables[i]->kind),
                sr_kind_name(a->s->tables[i]->kind));
  table_remove(a->s, i);
  return SR_OK;
}

static int statement(ap *a) {
  a->stmt = a->p.tok;
  if (kw(a, "CREATE"))
    return create_stmt(a);
  if (kw(a, "ALTER"))
    return alter_stmt(a);
  if (kw(a, "DROP"))
    return drop_stmt(a);
  return sr_p_error(&a->p, "CREATE, ALTER or DROP");
}

int sr_apply_sql(sr_schema *s, const char *name, const char *text, size_t n,
                 int *applied, sr_err *err) {
  ap a;
  memset(&a, 0, sizeof a);
  a.s = s;
  a.err = err;
  a.name = name;
  a.text = text;
  a.n = n;
  *applied = 0;
  TRY(sr_parser_init(&a.p, s, name, text, n, err));
  while (a.p.tok.kind != SR_TK_EOF) {
    if (punct(&a, ';')) {
      TRY(next(&a));
      continue;
    }
    TRY(statement(&a));
    if (!sr_p_at_end(&a.p))
      return sr_p_error(&a.p, "';' or the end of the statement");
    (*applied)++;
  }
  return sr_schema_finish(s, err);
}

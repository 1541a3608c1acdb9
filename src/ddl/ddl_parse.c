#include "ddl/ddl_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/expr.h"
#include "core/rules.h"
#include "core/types.h"

/* ---- token plumbing ---------------------------------------------------- */

int sr_p_advance(sr_parser *p) {
  p->prev = p->tok;
  return sr_lex_next(&p->lx, &p->tok, p->err);
}

int sr_parser_init(sr_parser *p, sr_schema *s, const char *name,
                   const char *text, size_t n, sr_err *err) {
  memset(p, 0, sizeof *p);
  p->s = s;
  p->err = err;
  sr_lex_init(&p->lx, name, text, n);
  return sr_p_advance(p);
}

int sr_p_error(sr_parser *p, const char *expected) {
  char found[48];
  if (p->tok.kind == SR_TK_EOF) {
    snprintf(found, sizeof found, "end of input");
  } else {
    int n = (int)(p->tok.n > 24 ? 24 : p->tok.n);
    snprintf(found, sizeof found, "'%.*s%s'", n, p->tok.p,
             p->tok.n > 24 ? "..." : "");
  }
  return sr_errf(p->err, "%s:%d:%d: expected %s, found %s", p->lx.name,
                 p->tok.line, p->tok.col, expected, found);
}

int sr_p_accept(sr_parser *p, const char *kw) {
  if (!sr_tok_is(&p->tok, kw))
    return 0;
  return sr_p_advance(p) ? -1 : 1;
}

int sr_p_accept_punct(sr_parser *p, char c) {
  if (!sr_tok_punct(&p->tok, c))
    return 0;
  return sr_p_advance(p) ? -1 : 1;
}

int sr_p_expect(sr_parser *p, const char *kw) {
  int r = sr_p_accept(p, kw);
  if (r == 1)
    return SR_OK;
  return r < 0 ? SR_ERROR : sr_p_error(p, kw);
}

int sr_p_expect_punct(sr_parser *p, char c) {
  int r = sr_p_accept_punct(p, c);
  if (r == 1)
    return SR_OK;
  char what[4] = {'\'', c, '\'', 0};
  return r < 0 ? SR_ERROR : sr_p_error(p, what);
}

#define TRY(x)                                                                 \
  do {                                                                         \
    if ((x) != SR_OK)                                                          \
      return SR_ERROR;                                                         \
  } while (0)

/* accept() returning -1 on a lexer error folds into TRY as an error. */
static int acc(sr_parser *p, const char *kw, int *hit) {
  int r = sr_p_accept(p, kw);
  *hit = r == 1;
  return r < 0 ? SR_ERROR : SR_OK;
}

static int accp(sr_parser *p, char c, int *hit) {
  int r = sr_p_accept_punct(p, c);
  *hit = r == 1;
  return r < 0 ? SR_ERROR : SR_OK;
}

int sr_p_at_end(sr_parser *p) {
  return p->tok.kind == SR_TK_EOF || sr_tok_punct(&p->tok, ';');
}

const char *sr_p_ident(sr_parser *p, const char *what) {
  if (p->tok.kind != SR_TK_IDENT && p->tok.kind != SR_TK_QIDENT) {
    sr_p_error(p, what);
    return NULL;
  }
  char *v = sr_tok_value(&p->s->arena, &p->tok);
  if (!v) {
    sr_oom(p->err);
    return NULL;
  }
  if (!*v) {
    sr_p_error(p, what);
    return NULL;
  }
  return sr_p_advance(p) ? NULL : v;
}

const char *sr_p_table_name(sr_parser *p) {
  const char *name = sr_p_ident(p, "a table name");
  while (name && sr_tok_punct(&p->tok, '.')) {
    if (sr_p_advance(p))
      return NULL;
    name = sr_p_ident(p, "a table name after '.'");
  }
  return name;
}

static const char *string_value(sr_parser *p, const char *what) {
  if (p->tok.kind != SR_TK_STRING) {
    sr_p_error(p, what);
    return NULL;
  }
  char *v = sr_tok_value(&p->s->arena, &p->tok);
  if (!v) {
    sr_oom(p->err);
    return NULL;
  }
  return sr_p_advance(p) ? NULL : v;
}

/* Moves on until the current token starts at or after offset `off`. */
static int skip_to(sr_parser *p, size_t off) {
  while (p->tok.kind != SR_TK_EOF && p->tok.off < off)
    TRY(sr_p_advance(p));
  return SR_OK;
}

/* ---- spans of tokens --------------------------------------------------- */

typedef int (*stop_fn)(const sr_token *t);

/* A run of tokens never ends inside brackets: a ';' or the end of the text
 * there is an error, so that no text kept from a run holds half a
 * statement or the start of a second one (every statement emitted is
 * exactly one statement that parses back). */
static int unclosed(sr_parser *p, const sr_nest *k) {
  char what[64];
  const sr_nest_open *o = &k->v[k->n - 1];
  snprintf(what, sizeof what, "'%c' closing the '%c' at %d:%d",
           sr_nest_closer(k), o->c, o->line, o->col);
  return sr_p_error(p, what);
}

static int at_stmt_end(const sr_parser *p) {
  return p->tok.kind == SR_TK_EOF || sr_tok_punct(&p->tok, ';');
}

/* Steps over t with sr_nest_step (lexer.h: a ')' closes a '(' and a ']' a
 * '['): 1 when t closes nothing (the run ends before it), -1 on an
 * error. */
static int nest_step(sr_parser *p, sr_nest *k, const sr_token *t) {
  switch (sr_nest_step(&p->s->arena, k, t)) {
  case SR_NEST_NOMEM:
    return sr_oom(p->err), -1;
  case SR_NEST_STRAY:
    return 1;
  case SR_NEST_MISMATCH:
    return sr_p_error(p, sr_nest_closer(k) == ']' ? "']'" : "')'"), -1;
  }
  return 0;
}

/* Consumes tokens up to (not including) a token at depth 0 for which stop()
 * holds, or an unmatched ')'. Returns the raw text span [*b, *e). */
static int span(sr_parser *p, stop_fn stop, size_t *b, size_t *e) {
  sr_nest k = {0};
  *b = *e = p->tok.off;
  for (;;) {
    const sr_token *t = &p->tok;
    if (at_stmt_end(p) && k.n)
      return unclosed(p, &k);
    if (at_stmt_end(p) || (k.n == 0 && stop(t)))
      break;
    int r = nest_step(p, &k, t);
    if (r)
      return r < 0 ? SR_ERROR
                   : (*e == *b ? sr_p_error(p, "an expression") : SR_OK);
    *e = t->off + t->n;
    TRY(sr_p_advance(p));
  }
  if (*e == *b)
    return sr_p_error(p, "an expression");
  return SR_OK;
}

static const char *norm(sr_parser *p, size_t b, size_t e) {
  return sr_expr_normalize(&p->s->arena, p->lx.src + b, e - b, p->err);
}

/* A column's expression ends at its COMMENT, at the next column, or at the
 * position clause of ALTER TABLE .. ADD COLUMN (AFTER x / FIRST). */
static int stop_gen(const sr_token *t) {
  return sr_tok_punct(t, ',') || sr_tok_is(t, "COMMENT") ||
         sr_tok_is(t, "AFTER") || sr_tok_is(t, "FIRST");
}

/* ---- columns ------------------------------------------------------------ */

static const char *agg_name(const sr_token *t) {
  return t->kind == SR_TK_IDENT ? sr_rule_agg_type(t->p, t->n) : NULL;
}

static int default_value(sr_parser *p, sr_column *c) {
  sr_arena *a = &p->s->arena;
  const sr_token *t = &p->tok;
  int neg = 0;
  if (t->kind == SR_TK_STRING) {
    c->def_kind = SR_DEF_LITERAL;
    c->def_text = string_value(p, "a default value");
    return c->def_text ? SR_OK : SR_ERROR;
  }
  if (sr_tok_punct(t, '-')) {
    neg = 1;
    TRY(sr_p_advance(p));
  }
  if (t->kind == SR_TK_NUMBER) {
    char *v = sr_arena_alloc(a, t->n + 2);
    if (!v)
      return sr_oom(p->err);
    if (neg)
      v[0] = '-';
    memcpy(v + neg, t->p, t->n);
    c->def_kind = SR_DEF_LITERAL;
    c->def_text = v;
    return sr_p_advance(p);
  }
  if (neg)
    return sr_p_error(p, "a number after '-'");
  if (sr_tok_is(t, "NULL")) {
    c->def_kind = SR_DEF_NONE;
    return sr_p_advance(p);
  }
  if (sr_tok_is(t, "CURRENT_TIMESTAMP") || sr_tok_is(t, "NOW")) {
    /* CURRENT_TIMESTAMP [( [p] )]: StarRocks.g4 defaultDesc (newest:
     * `CURRENT_TIMESTAMP (LEFT_PAREN INTEGER_VALUE? RIGHT_PAREN)?`); p is
     * the fraction digits kept, 1..6, and 0 is no precision (docs
     * current_timestamp: "current_timestamp(0) is equivalent to
     * current_timestamp()"). */
    TRY(sr_p_advance(p));
    int hit;
    long prec = 0;
    TRY(accp(p, '(', &hit));
    if (hit && p->tok.kind == SR_TK_NUMBER) {
      if (!sr_tok_int(&p->tok, 6, &prec))
        return sr_p_error(p, "a precision 0..6 of CURRENT_TIMESTAMP");
      TRY(sr_p_advance(p));
    }
    if (hit)
      TRY(sr_p_expect_punct(p, ')'));
    c->def_kind = SR_DEF_EXPR;
    c->def_text = "CURRENT_TIMESTAMP";
    if (prec) {
      char *v = sr_arena_alloc(a, sizeof "CURRENT_TIMESTAMP(6)");
      if (!v)
        return sr_oom(p->err);
      snprintf(v, sizeof "CURRENT_TIMESTAMP(6)", "CURRENT_TIMESTAMP(%ld)",
               prec);
      c->def_text = v;
    }
    return SR_OK;
  }
  if (sr_tok_punct(t, '(') || t->kind == SR_TK_IDENT) {
    /* DEFAULT (uuid()) / DEFAULT uuid(): printed as DEFAULT (<expr>)
     * (facts §1.3, code). */
    size_t b, e;
    int paren = sr_tok_punct(t, '(');
    TRY(span(p, stop_gen, &b, &e));
    const char *x = norm(p, b, e);
    if (!x)
      return SR_ERROR;
    (void)paren;
    size_t n = strlen(x) + 3;
    char *v = sr_arena_alloc(a, n);
    if (!v)
      return sr_oom(p->err);
    snprintf(v, n, "(%s)", x);
    c->def_kind = SR_DEF_EXPR;
    c->def_text = v;
    return SR_OK;
  }
  return sr_p_error(
      p, "a default value (a string, a number, CURRENT_TIMESTAMP or (expr))");
}

static int generated(sr_parser *p, sr_column *c) {
  size_t b, e;
  TRY(span(p, stop_gen, &b, &e));
  c->generated = norm(p, b, e);
  return c->generated ? SR_OK : SR_ERROR;
}

static int column_options(sr_parser *p, sr_column *c) {
  for (;;) {
    const sr_token *t = &p->tok;
    const char *agg = agg_name(t);
    int hit;
    if (agg) {
      c->agg_type = agg;
      TRY(sr_p_advance(p));
    } else if (sr_tok_is(t, "KEY")) {
      c->is_key = 1;
      TRY(sr_p_advance(p));
    } else if (sr_tok_is(t, "NOT")) {
      TRY(sr_p_advance(p));
      TRY(sr_p_expect(p, "NULL"));
      c->nullable = 0;
      c->null_stated = 1;
    } else if (sr_tok_is(t, "NULL")) {
      c->nullable = 1;
      c->null_stated = 1;
      TRY(sr_p_advance(p));
    } else if (sr_tok_is(t, "AUTO_INCREMENT")) {
      c->auto_increment = 1;
      TRY(sr_p_advance(p));
    } else if (sr_tok_is(t, "DEFAULT")) {
      TRY(sr_p_advance(p));
      TRY(default_value(p, c));
    } else if (sr_tok_is(t, "GENERATED")) {
      TRY(sr_p_advance(p));
      TRY(sr_p_expect(p, "ALWAYS"));
      TRY(sr_p_expect(p, "AS"));
      TRY(generated(p, c));
    } else if (sr_tok_is(t, "AS")) {
      TRY(sr_p_advance(p));
      TRY(generated(p, c));
    } else if (sr_tok_is(t, "COMMENT")) {
      TRY(sr_p_advance(p));
      c->comment = string_value(p, "a comment string");
      if (!c->comment)
        return SR_ERROR;
    } else {
      (void)hit;
      return SR_OK;
    }
  }
}

/* A memo entry applies when the text starts with its spelling and the
 * type cannot go on (no '(' or '<' or word character follows). */
static const sr_typememo *memo_find(const sr_parser *p, const char *src,
                                    size_t avail) {
  for (int i = 0; i < 16; i++) {
    const sr_typememo *m = &p->memo[i];
    /* the first byte before memcmp: most entries differ there */
    if (!m->raw || m->n > avail || *m->raw != *src || memcmp(m->raw, src, m->n))
      continue;
    char next = m->n < avail ? src[m->n] : ' ';
    if (next == ' ' || next == ',' || next == '\n' || next == ')')
      return m;
  }
  return NULL;
}

/* After the type at src was read and its tokens lexed: prev is its last
 * token. */
static void memo_add(sr_parser *p, const char *src, size_t n,
                     const char *canon) {
  while (n && (src[n - 1] == ' ' || src[n - 1] == '\n'))
    n--;
  sr_typememo *m = &p->memo[p->memo_next++ % 16];
  m->raw = src; /* the source text outlives the parse */
  m->n = n;
  m->canon = canon;
  const char *last = p->lx.src + p->prev.off;
  m->jump = last >= src && last + p->prev.n == src + n;
  m->last = m->jump ? (size_t)(last - src) : 0;
}

/* Moves past a type spelling found in the memo as skip_to would, lexing
 * only its last token and the one after it: the same bytes make the same
 * tokens, and the memo knows where the last one starts. A type is a
 * fifth of a schema's text and half of its tokens. */
static int jump_over(sr_parser *p, const sr_typememo *m) {
  size_t last = p->tok.off + m->last;
  if (last > p->tok.off) {
    sr_lex_jump(&p->lx, last);
    TRY(sr_lex_next(&p->lx, &p->tok, p->err));
  }
  return sr_p_advance(p);
}

static int column_type(sr_parser *p, sr_column *c) {
  if (p->tok.kind == SR_TK_EOF)
    return sr_p_error(p, "a column type");
  const char *src = p->lx.src + p->tok.off;
  size_t avail = p->lx.n - p->tok.off, used = 0;
  const sr_typememo *m = memo_find(p, src, avail);
  if (m) {
    c->type = m->canon;
    return m->jump ? jump_over(p, m) : skip_to(p, p->tok.off + m->n);
  }
  sr_err terr = {0};
  c->type = sr_type_canon(&p->s->arena, src, avail, &used, &terr);
  if (!c->type)
    return sr_errf(p->err, "%s:%d:%d: bad type for column '%s': %s", p->lx.name,
                   p->tok.line, p->tok.col, c->name, terr.msg);
  TRY(skip_to(p, p->tok.off + used));
  memo_add(p, src, used, c->type);
  return SR_OK;
}

int sr_p_column_def(sr_parser *p, sr_table *t, sr_column *c) {
  (void)t;
  c->name = sr_p_ident(p, "a column name");
  if (!c->name)
    return SR_ERROR;
  TRY(column_type(p, c));
  return column_options(p, c);
}

/* ---- lists, properties, indexes --------------------------------------- */

int sr_p_ident_list(sr_parser *p, sr_strlist *l) {
  TRY(sr_p_expect_punct(p, '('));
  int hit;
  do {
    const char *v = sr_p_ident(p, "a column name");
    if (!v)
      return SR_ERROR;
    if (sr_strlist_add(p->s, l, v))
      return sr_oom(p->err);
    TRY(accp(p, ',', &hit));
  } while (hit);
  return sr_p_expect_punct(p, ')');
}

static char *lower(char *s) {
  for (char *q = s; q && *q; q++)
    *q = (char)tolower((unsigned char)*q);
  return s;
}

/* "k" = "v", ... (without the parentheses) into t's properties. */
static int prop_items(sr_parser *p, sr_table *t) {
  int hit;
  do {
    sr_token at = p->tok;
    char *k = (char *)string_value(p, "a quoted property name");
    if (!k)
      return SR_ERROR;
    TRY(sr_p_expect_punct(p, '='));
    const char *v = string_value(p, "a quoted property value");
    if (!v)
      return SR_ERROR;
    lower(k);
    for (int i = 0; i < t->nprops; i++)
      if (!strcmp(t->props[i].key, k))
        return sr_errf(p->err, "%s:%d:%d: property \"%s\" is given twice",
                       p->lx.name, at.line, at.col, k);
    if (!sr_table_add_prop(p->s, t, k, v))
      return sr_oom(p->err);
    TRY(accp(p, ',', &hit));
  } while (hit);
  return SR_OK;
}

/* ("k" = "v", ...) into table properties (into_table) or index properties
 * kept on the table's last index. */
int sr_p_properties(sr_parser *p, sr_table *t, int into_table) {
  (void)into_table;
  TRY(sr_p_expect_punct(p, '('));
  int hit;
  TRY(accp(p, ')', &hit));
  if (hit)
    return SR_OK;
  TRY(prop_items(p, t));
  return sr_p_expect_punct(p, ')');
}

static int cmp_prop(const void *a, const void *b) {
  return strcmp(((const sr_prop *)a)->key, ((const sr_prop *)b)->key);
}

/* Index properties, sorted, with StarRocks's defaults filled in: NGRAMBF
 * gram_num 2, bloom_filter_fpp 0.05, case_sensitive true (facts §1.5,
 * corpus 93); GIN imp_lib clucene (corpus 32/34). */
enum { PROPS_NONE, PROPS_PAREN, PROPS_BARE };

static int index_props(sr_parser *p, sr_index *x, int form) {
  sr_table tmp = {0};
  if (form == PROPS_PAREN)
    TRY(sr_p_properties(p, &tmp, 0));
  else if (form == PROPS_BARE && p->tok.kind != SR_TK_EOF)
    TRY(prop_items(p, &tmp));
  struct {
    const char *type, *key, *value;
  } defs[] = {{"NGRAMBF", "gram_num", "2"},
              {"NGRAMBF", "bloom_filter_fpp", "0.05"},
              {"NGRAMBF", "case_sensitive", "true"},
              {"GIN", "imp_lib", "clucene"},
              {"GIN", "parser", "none"}};
  for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
    if (!strcmp(x->type, defs[i].type) && !sr_table_prop(&tmp, defs[i].key))
      if (!sr_table_add_prop(p->s, &tmp, defs[i].key, defs[i].value))
        return sr_oom(p->err);
  if (tmp.nprops > 1)
    qsort(tmp.props, (size_t)tmp.nprops, sizeof(sr_prop), cmp_prop);
  sr_buf b;
  sr_buf_init(&b);
  for (int i = 0; i < tmp.nprops; i++) {
    if (i)
      sr_buf_puts(&b, ", ");
    sr_buf_dquote(&b, tmp.props[i].key);
    sr_buf_puts(&b, " = ");
    sr_buf_dquote(&b, tmp.props[i].value);
  }
  const char *s = sr_buf_str(&b);
  x->properties = s ? sr_arena_strdup(&p->s->arena, s) : NULL;
  sr_buf_free(&b);
  return x->properties ? SR_OK : sr_oom(p->err);
}

/* What follows USING: BITMAP, NGRAMBF, GIN (INVERTED is GIN). */
static int index_type(sr_parser *p, sr_index *x) {
  const char *ty = sr_p_ident(p, "an index type (BITMAP, NGRAMBF, GIN)");
  if (!ty)
    return SR_ERROR;
  if (!strcasecmp(ty, "BITMAP"))
    x->type = "BITMAP";
  else if (!strcasecmp(ty, "NGRAMBF"))
    x->type = "NGRAMBF";
  else if (!strcasecmp(ty, "GIN") || !strcasecmp(ty, "INVERTED"))
    x->type = "GIN";
  else
    return sr_errf(
        p->err,
        "%s:%d:%d: expected an index type (BITMAP, NGRAMBF, GIN), found '%s'",
        p->lx.name, p->prev.line, p->prev.col, ty);
  return SR_OK;
}

int sr_p_index_def(sr_parser *p, sr_table *t, sr_index *x) {
  (void)t;
  x->name = sr_p_ident(p, "an index name");
  if (!x->name)
    return SR_ERROR;
  TRY(sr_p_ident_list(p, &x->cols));
  x->type = "BITMAP";
  int hit;
  TRY(acc(p, "USING", &hit));
  if (hit)
    TRY(index_type(p, x));
  TRY(index_props(p, x, sr_tok_punct(&p->tok, '(') ? PROPS_PAREN : PROPS_NONE));
  TRY(acc(p, "COMMENT", &hit));
  if (hit) {
    x->comment = string_value(p, "an index comment string");
    if (!x->comment)
      return SR_ERROR;
  }
  return SR_OK;
}

/* ---- table clauses ------------------------------------------------------ */

/* HASH(a, b) | RANDOM [BUCKETS n] | RANGE: what follows DISTRIBUTED BY.
 * RANGE is the Python tool's marker for a range-distributed table (4.1+),
 * which StarRocks creates without a DISTRIBUTED BY clause and prints
 * without one (RangeDistributionInfo.toSql is empty). It has no bucket
 * count: `RANGE BUCKETS n` is refused by name (the Python tool ignores the
 * count with a warning, test_range_distribution_omits_clause; a file is the
 * desired state, so a count that would not be kept is not taken). */
static int dist_method(sr_parser *p, sr_table *t) {
  int hit;
  t->dist_range = 0;
  TRY(acc(p, "RANGE", &hit));
  if (hit) {
    if (sr_tok_is(&p->tok, "BUCKETS"))
      return sr_errf(p->err,
                     "%s:%d:%d: a RANGE distribution has no bucket count "
                     "(StarRocks sizes its tablets itself and prints it "
                     "without a clause); leave BUCKETS out",
                     p->lx.name, p->tok.line, p->tok.col);
    t->dist_random = 0;
    t->dist_range = 1;
    t->dist_cols.n = 0;
    t->stated |= SR_STATED_DIST;
    t->buckets = 0;
    return SR_OK;
  }
  TRY(acc(p, "RANDOM", &hit));
  if (hit) {
    t->dist_random = 1;
  } else {
    TRY(acc(p, "HASH", &hit));
    if (!hit)
      return sr_p_error(p, "HASH(...), RANDOM or RANGE");
    t->dist_random = 0;
    t->dist_cols.n = 0;
    TRY(sr_p_ident_list(p, &t->dist_cols));
  }
  t->stated |= SR_STATED_DIST;
  t->buckets = 0;
  TRY(acc(p, "BUCKETS", &hit));
  if (hit) {
    if (p->tok.kind != SR_TK_NUMBER)
      return sr_p_error(p, "a bucket count");
    long n;
    if (!sr_tok_int(&p->tok, SR_BUCKETS_MAX, &n) || n <= 0)
      return sr_p_error(p, "a bucket count 1..1000000");
    t->buckets = (int)n;
    t->stated |= SR_STATED_BUCKETS;
    TRY(sr_p_advance(p));
  }
  return SR_OK;
}

int sr_p_distribution(sr_parser *p, sr_table *t) {
  TRY(sr_p_expect(p, "BY"));
  return dist_method(p, t);
}

int sr_parse_dist_method(sr_schema *s, sr_table *t, const char *what,
                         const char *text, sr_err *err) {
  sr_parser p;
  TRY(sr_parser_init(&p, s, what, text, strlen(text), err));
  TRY(dist_method(&p, t));
  /* The end of the text, not a ';' (sr_p_at_end): anything after the
   * clause is an error, never silently dropped. */
  if (p.tok.kind != SR_TK_EOF)
    return sr_p_error(&p, "BUCKETS n or the end");
  return SR_OK;
}

int sr_parse_names(sr_schema *s, const char *what, const char *text,
                   sr_strlist *l, sr_err *err) {
  sr_parser p;
  TRY(sr_parser_init(&p, s, what, text, strlen(text), err));
  int hit;
  do {
    const char *v = sr_p_ident(&p, "a column name");
    if (!v)
      return SR_ERROR;
    if (sr_strlist_add(s, l, v))
      return sr_oom(err);
    TRY(accp(&p, ',', &hit));
  } while (hit);
  if (p.tok.kind != SR_TK_EOF)
    return sr_p_error(&p, "',' or the end of the column list");
  return SR_OK;
}

/* ---- one clause's text, read whole ------------------------------------------
 * Free text that users pass in beside files (table: rows, JSON specs) is
 * read with the same building blocks and must hold exactly that one
 * clause, to its end: so what is printed from it is the statement a file
 * with the same text gives, and never more than one. The building blocks
 * are defined further down; they are declared here. */

static int body(sr_parser *p, sr_table *t);
static int refresh(sr_parser *p, sr_table *t);
static int partition_scheme(sr_parser *p, sr_table *t);
static int partition_list(sr_parser *p, sr_table *t);
static int engine_name(sr_parser *p, sr_table *t);

typedef enum {
  W_QUERY,
  W_REFRESH,
  W_PARTITION,
  W_PARTITIONS,
  W_ENGINE,
  W_DEFAULT,
  W_GENERATED,
  W_AGG,
  W_INDEX_TYPE,
  W_INDEX_PROPS
} whole_kind;

static int agg_clause(sr_parser *p, sr_column *c) {
  const char *agg = agg_name(&p->tok);
  if (!agg)
    return sr_p_error(p, "an aggregate type (SUM, MAX, MIN, REPLACE, "
                         "REPLACE_IF_NOT_NULL, HLL_UNION, BITMAP_UNION, "
                         "PERCENTILE_UNION)");
  c->agg_type = agg;
  return sr_p_advance(p);
}

static int whole_clause(sr_parser *p, whole_kind k, void *obj) {
  switch (k) {
  case W_QUERY:
    return body(p, obj);
  case W_REFRESH:
    return refresh(p, obj);
  case W_PARTITION:
    return partition_scheme(p, obj);
  case W_PARTITIONS:
    if (!sr_tok_punct(&p->tok, '('))
      return sr_p_error(p, "'(' opening the partition list");
    return partition_list(p, obj);
  case W_ENGINE:
    return engine_name(p, obj);
  case W_DEFAULT:
    return default_value(p, obj);
  case W_GENERATED:
    return generated(p, obj);
  case W_AGG:
    return agg_clause(p, obj);
  case W_INDEX_TYPE:
    return index_type(p, obj);
  case W_INDEX_PROPS:
    return index_props(p, obj, PROPS_BARE);
  }
  return SR_ERROR;
}

/* The clause, then the end of the text (not a ';': nothing after the
 * clause is ever dropped or printed). */
static int whole(sr_schema *s, whole_kind k, void *obj, const char *what,
                 const char *text, sr_err *err) {
  sr_parser p;
  TRY(sr_parser_init(&p, s, what, text, strlen(text), err));
  TRY(whole_clause(&p, k, obj));
  if (p.tok.kind == SR_TK_EOF)
    return SR_OK;
  return sr_p_error(&p, "the end of the text");
}

int sr_parse_query(sr_schema *s, sr_table *t, const char *what,
                   const char *text, sr_err *err) {
  return whole(s, W_QUERY, t, what, text, err);
}

int sr_parse_refresh(sr_schema *s, sr_table *t, const char *what,
                     const char *text, sr_err *err) {
  return whole(s, W_REFRESH, t, what, text, err);
}

int sr_parse_partition(sr_schema *s, sr_table *t, const char *what,
                       const char *text, sr_err *err) {
  return whole(s, W_PARTITION, t, what, text, err);
}

int sr_parse_partition_list(sr_schema *s, sr_table *t, const char *what,
                            const char *text, sr_err *err) {
  return whole(s, W_PARTITIONS, t, what, text, err);
}

int sr_parse_engine(sr_schema *s, sr_table *t, const char *what,
                    const char *text, sr_err *err) {
  return whole(s, W_ENGINE, t, what, text, err);
}

int sr_parse_default(sr_schema *s, sr_column *c, const char *what,
                     const char *text, sr_err *err) {
  return whole(s, W_DEFAULT, c, what, text, err);
}

int sr_parse_generated(sr_schema *s, sr_column *c, const char *what,
                       const char *text, sr_err *err) {
  return whole(s, W_GENERATED, c, what, text, err);
}

int sr_parse_agg_type(sr_schema *s, sr_column *c, const char *what,
                      const char *text, sr_err *err) {
  return whole(s, W_AGG, c, what, text, err);
}

int sr_parse_index_type(sr_schema *s, sr_index *x, const char *what,
                        const char *text, sr_err *err) {
  return whole(s, W_INDEX_TYPE, x, what, text, err);
}

int sr_parse_index_props(sr_schema *s, sr_index *x, const char *what,
                         const char *text, sr_err *err) {
  return whole(s, W_INDEX_PROPS, x, what, text, err);
}

static int keys(sr_parser *p, sr_table *t, sr_keytype k) {
  if (t->stated & SR_STATED_KEY)
    return sr_p_error(
        p, "one key clause only (DUPLICATE, AGGREGATE, UNIQUE or PRIMARY KEY)");
  TRY(sr_p_advance(p));
  TRY(sr_p_expect(p, "KEY"));
  t->key_type = k;
  t->stated |= SR_STATED_KEY;
  return sr_p_ident_list(p, &t->key_cols);
}

static int stop_part(const sr_token *t) {
  return sr_tok_punct(t, ',') || sr_tok_is(t, "DISTRIBUTED") ||
         sr_tok_is(t, "ORDER") || sr_tok_is(t, "PROPERTIES") ||
         sr_tok_is(t, "REFRESH") || sr_tok_is(t, "AS") ||
         sr_tok_is(t, "COMMENT");
}

/* The pre-created partitions "( ... )", kept as written. */
static int partition_list(sr_parser *p, sr_table *t) {
  size_t b = p->tok.off, e;
  int depth = 0;
  do {
    if (p->tok.kind == SR_TK_EOF || sr_tok_punct(&p->tok, ';'))
      return sr_p_error(p, "')' closing the partition list");
    /* [("a"), ("b")) is a half-open interval: '[' is closed by ')'. */
    if (sr_tok_punct(&p->tok, '(') || sr_tok_punct(&p->tok, '['))
      depth++;
    if (sr_tok_punct(&p->tok, ')') || sr_tok_punct(&p->tok, ']'))
      depth--;
    e = p->tok.off + p->tok.n;
    TRY(sr_p_advance(p));
  } while (depth > 0);
  t->partitions = sr_arena_strndup(&p->s->arena, p->lx.src + b, e - b);
  return t->partitions ? SR_OK : sr_oom(p->err);
}

/* Expressions of PARTITION BY without parentheses, up to the next clause
 * or the pre-created partition list: a '(' right after a complete call,
 * as in date_trunc('day', dt) (START ("2022-06-01") ...) (corpus 30's
 * CREATE). */
static int scheme_span(sr_parser *p, size_t *e) {
  size_t b = p->tok.off;
  int closed = 0, item = 0; /* tokens of the list's current item */
  sr_nest k = {0};
  *e = b;
  while (!at_stmt_end(p)) {
    const sr_token *t = &p->tok;
    if (k.n == 0 && ((closed && sr_tok_punct(t, '(')) ||
                     (!sr_tok_punct(t, ',') && stop_part(t))))
      break;
    /* no empty item: "a,,b" would print as a list that does not parse */
    if (k.n == 0 && sr_tok_punct(t, ',') && !item)
      return sr_p_error(p, "a partition expression");
    item = k.n || !sr_tok_punct(t, ',');
    int r = nest_step(p, &k, t);
    if (r < 0)
      return SR_ERROR;
    if (r > 0)
      break;
    closed = k.n == 0 && sr_tok_punct(t, ')');
    *e = t->off + t->n;
    TRY(sr_p_advance(p));
  }
  if (k.n)
    return unclosed(p, &k);
  return *e == b || !item ? sr_p_error(p, "a partition expression") : SR_OK;
}

static const char *wrap(sr_parser *p, const char *pre, const char *x) {
  size_t n = strlen(pre) + strlen(x) + 3;
  char *v = sr_arena_alloc(&p->s->arena, n);
  if (v)
    snprintf(v, n, "%s(%s)", pre, x);
  else
    sr_oom(p->err);
  return v;
}

/* What follows PARTITION BY: the scheme, then the pre-created partitions
 * when a list follows. */
static int partition_scheme(sr_parser *p, sr_table *t) {
  size_t b, e;
  const char *method = sr_tok_is(&p->tok, "RANGE")  ? "RANGE"
                       : sr_tok_is(&p->tok, "LIST") ? "LIST"
                                                    : NULL;
  if (method) {
    TRY(sr_p_advance(p));
    TRY(sr_p_expect_punct(p, '('));
    size_t start = p->tok.off;
    TRY(span(p, stop_part, &b, &e));
    /* RANGE(a, b): the span stops at ',', so read the whole list. */
    while (sr_tok_punct(&p->tok, ',')) {
      TRY(sr_p_advance(p));
      TRY(span(p, stop_part, &b, &e));
    }
    TRY(sr_p_expect_punct(p, ')'));
    const char *x = norm(p, start, p->prev.off);
    if (!x || !(t->partition_by = wrap(p, method, x)))
      return SR_ERROR;
  } else {
    /* Expression partitioning: one or more expressions, optionally in
     * parentheses: PARTITION BY (`k1`) (corpus 42), date_trunc('day', k)
     * (corpus 14), substring(k4, 1, 5), k3, ... (corpus 25 source). */
    int paren = sr_tok_punct(&p->tok, '(');
    if (paren)
      TRY(sr_p_advance(p));
    size_t start = p->tok.off;
    int hit;
    if (paren) {
      do {
        TRY(span(p, stop_part, &b, &e));
        TRY(accp(p, ',', &hit));
      } while (hit);
      TRY(sr_p_expect_punct(p, ')'));
    } else {
      TRY(scheme_span(p, &e));
    }
    size_t end = paren ? p->prev.off : e;
    t->partition_by = norm(p, start, end);
    if (!t->partition_by)
      return SR_ERROR;
  }
  if (sr_tok_punct(&p->tok, '('))
    TRY(partition_list(p, t));
  return SR_OK;
}

static int partition_by(sr_parser *p, sr_table *t) {
  TRY(sr_p_expect(p, "BY"));
  return partition_scheme(p, t);
}

static int order_by(sr_parser *p, sr_table *t) {
  TRY(sr_p_expect(p, "BY"));
  t->order_by.n = 0;
  t->stated |= SR_STATED_ORDER;
  return sr_p_ident_list(p, &t->order_by);
}

static int table_comment(sr_parser *p, sr_table *t) {
  int hit;
  TRY(accp(p, '=', &hit));
  t->comment = string_value(p, "a comment string");
  return t->comment ? SR_OK : SR_ERROR;
}

static int stop_refresh(const sr_token *t) {
  return sr_tok_is(t, "PROPERTIES") || sr_tok_is(t, "AS") ||
         sr_tok_is(t, "PARTITION") || sr_tok_is(t, "DISTRIBUTED") ||
         sr_tok_is(t, "ORDER") || sr_tok_is(t, "COMMENT");
}

/* One '(' .. ')' of a REFRESH clause: `open` is the '(' already seen. */
static int refresh_close(sr_parser *p, const sr_token *open) {
  if (!sr_tok_punct(&p->tok, ')')) {
    sr_nest_open o = {.c = '(', .line = open->line, .col = open->col};
    sr_nest k = {.v = &o, .n = 1};
    return unclosed(p, &k);
  }
  return sr_p_advance(p);
}

/* START ('yyyy-mm-dd hh:mm:ss'), printed START("..") */
static int refresh_start(sr_parser *p, sr_buf *b) {
  sr_token open = p->tok;
  TRY(sr_p_expect_punct(p, '('));
  if (p->tok.kind != SR_TK_STRING)
    return sr_p_error(p, "a quoted start time");
  char *v = sr_tok_value(&p->s->arena, &p->tok);
  if (!v)
    return sr_oom(p->err);
  sr_buf_puts(b, " START(");
  sr_buf_dquote(b, v);
  sr_buf_putc(b, ')');
  TRY(sr_p_advance(p));
  return refresh_close(p, &open);
}

/* EVERY (INTERVAL n unit), printed EVERY(INTERVAL n UNIT); the units of
 * StarRocks.g4 unitIdentifier. */
static int refresh_every(sr_parser *p, sr_buf *b) {
  static const char *const units[] = {
      "YEAR", "QUARTER", "MONTH",  "WEEK",        "DAY",
      "HOUR", "MINUTE",  "SECOND", "MILLISECOND", "MICROSECOND"};
  sr_token open = p->tok;
  TRY(sr_p_expect_punct(p, '('));
  TRY(sr_p_expect(p, "INTERVAL"));
  long n;
  if (p->tok.kind != SR_TK_NUMBER || !sr_tok_int(&p->tok, 1000000000L, &n) ||
      n <= 0)
    return sr_p_error(p, "a positive whole number of the interval");
  TRY(sr_p_advance(p));
  size_t u = 0;
  while (u < sizeof units / sizeof *units && !sr_tok_is(&p->tok, units[u]))
    u++;
  if (u == sizeof units / sizeof *units)
    return sr_p_error(p, "an interval unit (YEAR, QUARTER, MONTH, WEEK, DAY, "
                         "HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND)");
  sr_buf_printf(b, " EVERY(INTERVAL %ld %s)", n, units[u]);
  TRY(sr_p_advance(p));
  return refresh_close(p, &open);
}

/* The REFRESH clause as StarRocks.g4 refreshSchemeDesc has it (the union of
 * its versions): [IMMEDIATE | DEFERRED] then ASYNC [[START (..)] EVERY (..)],
 * SCHEDULE [START (..)] EVERY (..), INCREMENTAL, MANUAL, or ON_CHANGE (26.2's
 * spelling of untimed ASYNC, FE ReplayRefreshKeywordTest). Printed in the
 * server's spelling (corpus 35, 96): keywords upper case, strings
 * double-quoted; IMMEDIATE/DEFERRED only say when the first refresh runs and
 * are not part of the definition. Anything else is an error where it is
 * written (the Python tool's parse_mv_refresh_clause refuses `REFRESH FOO`
 * and `REFRESH IMMEDIATE DEFERRED` too, test_parser TestMVRefreshParser). */
static int refresh(sr_parser *p, sr_table *t) {
  sr_buf b;
  sr_buf_init(&b);
  int hit, rc = SR_OK;
  if ((rc = acc(p, "IMMEDIATE", &hit)) == SR_OK && !hit)
    rc = acc(p, "DEFERRED", &hit);
  if (rc)
    goto out;
  if (sr_tok_is(&p->tok, "ASYNC") || sr_tok_is(&p->tok, "SCHEDULE")) {
    int schedule = sr_tok_is(&p->tok, "SCHEDULE");
    sr_buf_puts(&b, schedule ? "SCHEDULE" : "ASYNC");
    int start = 0;
    if ((rc = sr_p_advance(p)) || (rc = acc(p, "START", &start)) ||
        (start && (rc = refresh_start(p, &b))) || (rc = acc(p, "EVERY", &hit)))
      goto out;
    if (hit)
      rc = refresh_every(p, &b);
    else if (start || schedule)
      rc = sr_p_error(p, "EVERY (INTERVAL n unit)");
  } else if (sr_tok_is(&p->tok, "MANUAL") ||
             sr_tok_is(&p->tok, "INCREMENTAL") ||
             sr_tok_is(&p->tok, "ON_CHANGE")) {
    for (size_t i = 0; i < p->tok.n; i++)
      sr_buf_putc(&b, (char)toupper((unsigned char)p->tok.p[i]));
    rc = sr_p_advance(p);
  } else {
    rc = sr_p_error(p, "ASYNC, MANUAL or INCREMENTAL after REFRESH");
  }
  if (!rc && !at_stmt_end(p) && !stop_refresh(&p->tok))
    rc = sr_p_error(p, "the end of the REFRESH clause");
  if (!rc) {
    const char *s = sr_buf_str(&b);
    if (!s || !(t->refresh = sr_arena_strdup(&p->s->arena, s)))
      rc = sr_oom(p->err);
  }
out:
  sr_buf_free(&b);
  return rc;
}

/* The AS body of a view or MV: the text up to the ';' ending the
 * statement, kept as written (facts §1.8: the server keeps a view's text
 * verbatim, comments included). */
static int body(sr_parser *p, sr_table *t) {
  size_t b = p->tok.off, e = b;
  sr_nest nk = {0};
  while (!at_stmt_end(p)) {
    int r = nest_step(p, &nk, &p->tok);
    if (r < 0)
      return SR_ERROR;
    if (r)
      return sr_p_error(p,
                        sr_tok_punct(&p->tok, ')')
                            ? "the end of the query (this ')' closes no '(')"
                            : "the end of the query (this ']' closes no '[')");
    e = p->tok.off + p->tok.n;
    TRY(sr_p_advance(p));
  }
  if (nk.n)
    return unclosed(p, &nk);
  if (e == b)
    return sr_p_error(p, "a query after AS");
  /* a trailing line comment (-- or #, as the lexer reads them) belongs to
   * the body too */
  size_t stop = p->tok.kind == SR_TK_EOF ? p->lx.n : p->tok.off;
  const char *src = p->lx.src;
  size_t k = e;
  while (k < stop && src[k] != '\n')
    k++;
  if (k > e) {
    size_t q = e;
    while (q < k && isspace((unsigned char)src[q]))
      q++;
    if ((q + 1 < k && src[q] == '-' && src[q + 1] == '-') ||
        (q < k && src[q] == '#'))
      e = k;
  }
  t->definition = sr_arena_strndup(&p->s->arena, src + b, e - b);
  return t->definition ? SR_OK : sr_oom(p->err);
}

/* (c1, c2) of a view / MV: names, or expressions printed unquoted by
 * older servers (corpus 41: (k1, count(v1))). Columns may carry COMMENT
 * "x" (docs CREATE VIEW), kept for views (an MV's list is not kept). */
static int view_columns(sr_parser *p, sr_table *t) {
  TRY(sr_p_advance(p));
  int hit;
  do {
    size_t b, e;
    const char *v;
    if ((p->tok.kind == SR_TK_QIDENT || p->tok.kind == SR_TK_IDENT)) {
      sr_token first = p->tok;
      TRY(span(p, stop_gen, &b, &e));
      if (e == first.off + first.n)
        v = sr_tok_value(&p->s->arena, &first);
      else
        v = sr_arena_strndup(&p->s->arena, p->lx.src + b, e - b);
    } else {
      TRY(span(p, stop_gen, &b, &e));
      v = sr_arena_strndup(&p->s->arena, p->lx.src + b, e - b);
    }
    if (!v || sr_strlist_add(p->s, &t->view_cols, v))
      return sr_oom(p->err);
    const char *comment = "";
    TRY(acc(p, "COMMENT", &hit));
    if (hit && !(comment = string_value(p, "a column comment")))
      return SR_ERROR;
    if (t->kind == SR_KIND_VIEW &&
        sr_strlist_add(p->s, &t->view_comments, comment))
      return sr_oom(p->err);
    TRY(accp(p, ',', &hit));
  } while (hit);
  return sr_p_expect_punct(p, ')');
}

static int clause_once(sr_parser *p, unsigned *seen, unsigned bit,
                       const char *what) {
  if (*seen & bit) {
    char msg[96];
    snprintf(msg, sizeof msg, "one %s clause only", what);
    return sr_p_error(p, msg);
  }
  *seen |= bit;
  return SR_OK;
}

/* ENGINE's name: a bare word, printed as it is (ENGINE=OLAP). */
static int engine_name(sr_parser *p, sr_table *t) {
  if (p->tok.kind != SR_TK_IDENT)
    return sr_p_error(p, "an engine name (a word such as OLAP)");
  const char *e = sr_p_ident(p, "an engine name");
  if (!e)
    return SR_ERROR;
  char *u = sr_arena_strdup(&p->s->arena, e);
  if (!u)
    return sr_oom(p->err);
  for (char *q = u; *q; q++)
    *q = (char)toupper((unsigned char)*q);
  t->engine = u;
  t->stated |= SR_STATED_ENGINE;
  return SR_OK;
}

/* Clauses after the column list (tables) or name (MVs), in any order,
 * each at most once. */
static int clauses(sr_parser *p, sr_table *t, int mv) {
  unsigned seen = 0;
  for (;;) {
    const sr_token *k = &p->tok;
    int hit;
    if (sr_p_at_end(p))
      return SR_OK;
    if (!mv && sr_tok_is(k, "ENGINE")) {
      TRY(clause_once(p, &seen, 1, "ENGINE"));
      TRY(sr_p_advance(p));
      TRY(accp(p, '=', &hit));
      TRY(engine_name(p, t));
    } else if (!mv && sr_tok_is(k, "DUPLICATE")) {
      TRY(keys(p, t, SR_KEY_DUPLICATE));
    } else if (!mv && sr_tok_is(k, "AGGREGATE")) {
      TRY(keys(p, t, SR_KEY_AGGREGATE));
    } else if (!mv && sr_tok_is(k, "UNIQUE")) {
      TRY(keys(p, t, SR_KEY_UNIQUE));
    } else if (!mv && sr_tok_is(k, "PRIMARY")) {
      TRY(keys(p, t, SR_KEY_PRIMARY));
    } else if (sr_tok_is(k, "COMMENT")) {
      TRY(clause_once(p, &seen, 2, "COMMENT"));
      TRY(sr_p_advance(p));
      TRY(table_comment(p, t));
    } else if (sr_tok_is(k, "PARTITION")) {
      TRY(clause_once(p, &seen, 4, "PARTITION BY"));
      TRY(sr_p_advance(p));
      TRY(partition_by(p, t));
    } else if (sr_tok_is(k, "DISTRIBUTED")) {
      TRY(clause_once(p, &seen, 8, "DISTRIBUTED BY"));
      TRY(sr_p_advance(p));
      TRY(sr_p_distribution(p, t));
    } else if (sr_tok_is(k, "ORDER")) {
      TRY(clause_once(p, &seen, 16, "ORDER BY"));
      TRY(sr_p_advance(p));
      TRY(order_by(p, t));
    } else if (sr_tok_is(k, "PROPERTIES")) {
      TRY(clause_once(p, &seen, 32, "PROPERTIES"));
      TRY(sr_p_advance(p));
      TRY(sr_p_properties(p, t, 1));
    } else if (mv && sr_tok_is(k, "REFRESH")) {
      TRY(clause_once(p, &seen, 64, "REFRESH"));
      TRY(sr_p_advance(p));
      TRY(refresh(p, t));
    } else if (mv && sr_tok_is(k, "AS")) {
      TRY(sr_p_advance(p));
      return body(p, t);
    } else if (sr_tok_is(k, "AS")) {
      return sr_p_error(
          p, "a CREATE TABLE without AS SELECT (CTAS is not a schema)");
    } else {
      return sr_p_error(p, mv ? "COMMENT, PARTITION BY, DISTRIBUTED BY, ORDER "
                                "BY, REFRESH, PROPERTIES or AS"
                              : "ENGINE, a key clause, COMMENT, PARTITION BY, "
                                "DISTRIBUTED BY, ORDER BY, PROPERTIES or ';'");
    }
  }
}

/* ---- statements --------------------------------------------------------- */

static int if_not_exists(sr_parser *p) {
  int hit;
  TRY(acc(p, "IF", &hit));
  if (!hit)
    return SR_OK;
  TRY(sr_p_expect(p, "NOT"));
  return sr_p_expect(p, "EXISTS");
}

/* origin is "src:line:column" of the CREATE, for validation errors that
 * concern the statement as a whole. */
static sr_table *new_table(sr_parser *p, sr_kind kind, int line, int col) {
  sr_table *t = sr_schema_add(p->s);
  if (!t) {
    sr_oom(p->err);
    return NULL;
  }
  t->kind = kind;
  char where[300];
  snprintf(where, sizeof where, "%s:%d:%d", p->lx.name, line, col);
  if (!(t->origin = sr_arena_strdup(&p->s->arena, where))) {
    sr_oom(p->err);
    return NULL;
  }
  return t;
}

static int create_table(sr_parser *p, int line, int col) {
  TRY(if_not_exists(p));
  sr_table *t = new_table(p, SR_KIND_TABLE, line, col);
  if (!t || !(t->name = sr_p_table_name(p)))
    return SR_ERROR;
  TRY(sr_p_expect_punct(p, '('));
  int hit;
  do {
    if (sr_tok_is(&p->tok, "INDEX")) {
      TRY(sr_p_advance(p));
      sr_index *x = sr_table_add_index(p->s, t);
      if (!x)
        return sr_oom(p->err);
      TRY(sr_p_index_def(p, t, x));
    } else {
      sr_column *c = sr_table_add_column(p->s, t);
      if (!c)
        return sr_oom(p->err);
      TRY(sr_p_column_def(p, t, c));
    }
    TRY(accp(p, ',', &hit));
  } while (hit);
  if (!sr_tok_punct(&p->tok, ')'))
    return sr_p_error(p, "',' or ')' after a column definition");
  TRY(sr_p_advance(p));
  return clauses(p, t, 0);
}

static int create_view(sr_parser *p, int line, int col) {
  TRY(if_not_exists(p));
  sr_table *t = new_table(p, SR_KIND_VIEW, line, col);
  if (!t || !(t->name = sr_p_table_name(p)))
    return SR_ERROR;
  if (sr_tok_punct(&p->tok, '('))
    TRY(view_columns(p, t));
  int hit;
  TRY(acc(p, "COMMENT", &hit));
  if (hit)
    TRY(table_comment(p, t));
  TRY(acc(p, "SECURITY", &hit));
  if (hit) {
    /* SECURITY {NONE | INVOKER}; NONE is the default (docs CREATE VIEW) */
    if (!sr_tok_is(&p->tok, "NONE") && !sr_tok_is(&p->tok, "INVOKER"))
      return sr_p_error(p, "NONE or INVOKER after SECURITY");
    t->view_security = sr_tok_is(&p->tok, "INVOKER") ? "INVOKER" : NULL;
    TRY(sr_p_advance(p));
  }
  TRY(sr_p_expect(p, "AS"));
  return body(p, t);
}

static int create_mv(sr_parser *p, int line, int col) {
  TRY(if_not_exists(p));
  sr_table *t = new_table(p, SR_KIND_MV, line, col);
  if (!t || !(t->name = sr_p_table_name(p)))
    return SR_ERROR;
  if (sr_tok_punct(&p->tok, '('))
    TRY(view_columns(p, t));
  TRY(clauses(p, t, 1));
  if (!t->definition)
    return sr_p_error(p, "AS and the query of the materialized view");
  return SR_OK;
}

/* ---- what scripts hold beside CREATE: read and ignored ------------------ */

/* [catalog.]db */
static int db_name(sr_parser *p) {
  if (!sr_p_ident(p, "a database name"))
    return SR_ERROR;
  if (!sr_tok_punct(&p->tok, '.'))
    return SR_OK;
  TRY(sr_p_advance(p));
  return sr_p_ident(p, "a database name after '.'") ? SR_OK : SR_ERROR;
}

/* [DEFAULT] CHARSET|CHAR SET|CHARACTER SET [=] x, [DEFAULT] COLLATE [=] x
 * (StarRocks.g4 charsetDesc, collateDesc). */
static int db_option(sr_parser *p, int *hit) {
  int dflt, h;
  TRY(acc(p, "DEFAULT", &dflt));
  TRY(acc(p, "CHARSET", hit));
  if (!*hit) {
    TRY(acc(p, "CHAR", &h));
    if (!h)
      TRY(acc(p, "CHARACTER", &h));
    if (h)
      TRY(sr_p_expect(p, "SET"));
    *hit = h;
  }
  if (!*hit)
    TRY(acc(p, "COLLATE", hit));
  if (!*hit)
    return dflt ? sr_p_error(p, "CHARSET or COLLATE after DEFAULT") : SR_OK;
  TRY(accp(p, '=', &h));
  if (p->tok.kind == SR_TK_STRING)
    return sr_p_advance(p);
  return sr_p_ident(p, "a character set or collation") ? SR_OK : SR_ERROR;
}

/* CREATE DATABASE|SCHEMA [IF NOT EXISTS] [catalog.]db [charset] [collate]
 * [PROPERTIES (..)] (StarRocks.g4 createDbStatement). */
static int create_database(sr_parser *p) {
  TRY(if_not_exists(p));
  TRY(db_name(p));
  int hit;
  do
    TRY(db_option(p, &hit));
  while (hit);
  TRY(acc(p, "PROPERTIES", &hit));
  if (hit) {
    sr_table scratch = {0};
    TRY(sr_p_properties(p, &scratch, 0));
  }
  return SR_OK;
}

/* USE [catalog.]db | USE 'catalog.db' (useDatabaseStatement,
 * useCatalogStatement). */
static int use_db(sr_parser *p) {
  if (p->tok.kind == SR_TK_STRING)
    return sr_p_advance(p);
  return db_name(p);
}

/* SET ...: every form sets up the session (variables, NAMES, CATALOG,
 * ROLE), none describes a table; skipped whole, to the ';'. */
static int set_stmt(sr_parser *p) {
  if (sr_p_at_end(p))
    return sr_p_error(p, "what to SET");
  while (!sr_p_at_end(p))
    TRY(sr_p_advance(p));
  return SR_OK;
}

static int keep_drop(sr_parser *p, const char *name, int line, int col) {
  sr_script *sc = p->script;
  if (sc->n == sc->cap) {
    int cap = sc->cap ? sc->cap * 2 : 8;
    sr_drop *v = sr_arena_grow(&p->s->arena, sc->drops, sizeof *v,
                               (size_t)sc->n, (size_t)cap);
    if (!v)
      return sr_oom(p->err);
    sc->drops = v;
    sc->cap = cap;
  }
  char where[300];
  snprintf(where, sizeof where, "%s:%d:%d", p->lx.name, line, col);
  sr_drop *d = &sc->drops[sc->n];
  if (!(d->where = sr_arena_strdup(&p->s->arena, where)))
    return sr_oom(p->err);
  d->name = name;
  d->before = p->s->ntables;
  sc->n++;
  return SR_OK;
}

/* DROP [TEMPORARY] TABLE IF EXISTS t [FORCE] | DROP VIEW IF EXISTS v |
 * DROP MATERIALIZED VIEW IF EXISTS mv (dropTableStatement, ..): a dump
 * writes one before each CREATE. Without IF EXISTS it is a migration. */
static int drop_stmt(sr_parser *p, int line, int col) {
  int hit, table = 0;
  TRY(acc(p, "TEMPORARY", &hit));
  TRY(acc(p, "TABLE", &table));
  if (!table) {
    TRY(acc(p, "MATERIALIZED", &hit));
    if (!sr_tok_is(&p->tok, "VIEW"))
      return sr_p_error(p, hit ? "VIEW" : "TABLE, VIEW or MATERIALIZED VIEW");
    TRY(sr_p_advance(p));
  }
  TRY(acc(p, "IF", &hit));
  if (!hit)
    return sr_p_error(p, "IF EXISTS (a schema script may only DROP .. IF "
                         "EXISTS before a CREATE; use sr_apply_ddl for "
                         "migrations)");
  TRY(sr_p_expect(p, "EXISTS"));
  const char *name = sr_p_table_name(p);
  if (!name)
    return SR_ERROR;
  if (table)
    TRY(acc(p, "FORCE", &hit));
  return keep_drop(p, name, line, col);
}

/* USE, SET, DROP: the statements of a script that are not CREATEs. */
static int script_stmt(sr_parser *p, int line, int col, int *done) {
  int hit;
  *done = 1;
  TRY(acc(p, "USE", &hit));
  if (hit)
    return use_db(p);
  TRY(acc(p, "SET", &hit));
  if (hit)
    return set_stmt(p);
  TRY(acc(p, "DROP", &hit));
  if (hit)
    return drop_stmt(p, line, col);
  *done = 0;
  return SR_OK;
}

static const char *const kStmtExpected[2] = {
    "CREATE TABLE, CREATE VIEW or CREATE MATERIALIZED VIEW",
    "CREATE TABLE, CREATE VIEW, CREATE MATERIALIZED VIEW, CREATE DATABASE, "
    "USE, SET or DROP .. IF EXISTS"};

static int statement(sr_parser *p) {
  int line = p->tok.line, col = p->tok.col, done = 0;
  if (p->script && !sr_tok_is(&p->tok, "CREATE")) {
    TRY(script_stmt(p, line, col, &done));
    if (done)
      return SR_OK;
  }
  if (!sr_tok_is(&p->tok, "CREATE"))
    return sr_p_error(p, kStmtExpected[p->script != NULL]);
  TRY(sr_p_advance(p));
  if (p->script &&
      (sr_tok_is(&p->tok, "DATABASE") || sr_tok_is(&p->tok, "SCHEMA"))) {
    TRY(sr_p_advance(p));
    return create_database(p);
  }
  int hit;
  TRY(acc(p, "OR", &hit));
  if (hit) {
    TRY(sr_p_expect(p, "REPLACE"));
    TRY(sr_p_expect(p, "VIEW"));
    return create_view(p, line, col);
  }
  TRY(acc(p, "EXTERNAL", &hit));
  if (hit)
    return sr_p_error(p, "an OLAP table (external tables are not supported)");
  TRY(acc(p, "TABLE", &hit));
  if (hit)
    return create_table(p, line, col);
  TRY(acc(p, "VIEW", &hit));
  if (hit)
    return create_view(p, line, col);
  TRY(acc(p, "MATERIALIZED", &hit));
  if (hit) {
    TRY(sr_p_expect(p, "VIEW"));
    return create_mv(p, line, col);
  }
  return sr_p_error(p, p->script ? "TABLE, VIEW, MATERIALIZED VIEW or "
                                   "DATABASE after CREATE"
                                 : "TABLE, VIEW or MATERIALIZED VIEW after "
                                   "CREATE");
}

static int parse(sr_schema *s, sr_script *sc, const char *name,
                 const char *text, size_t n, sr_err *err) {
  sr_parser p;
  TRY(sr_parser_init(&p, s, name, text, n, err));
  p.script = sc;
  while (p.tok.kind != SR_TK_EOF) {
    int hit;
    TRY(accp(&p, ';', &hit));
    if (hit)
      continue;
    TRY(statement(&p));
    if (!sr_p_at_end(&p))
      return sr_p_error(&p, "';' or the end of the statement");
  }
  return SR_OK;
}

int sr_parse_sql(sr_schema *s, const char *name, const char *text, size_t n,
                 sr_err *err) {
  return parse(s, NULL, name, text, n, err);
}

int sr_parse_script(sr_schema *s, sr_script *sc, const char *name,
                    const char *text, size_t n, sr_err *err) {
  return parse(s, sc, name, text, n, err);
}

/* Tables by name, then by the order they were read in. */
static int by_name_seq(const void *a, const void *b, void *ctx) {
  const sr_schema *s = ctx;
  int x = *(const int *)a, y = *(const int *)b;
  int c = strcmp(s->tables[x]->name, s->tables[y]->name);
  return c ? c : x - y;
}

/* The first table read under name (lowest index), or -1. */
static int first_named(const sr_schema *s, const int *order, const char *name) {
  int lo = 0, hi = s->ntables;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (strcmp(s->tables[order[mid]]->name, name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < s->ntables && !strcmp(s->tables[order[lo]]->name, name)
             ? order[lo]
             : -1;
}

int sr_script_check(const sr_schema *s, const sr_script *sc, sr_err *err) {
  if (!sc->n || !s->ntables)
    return SR_OK;
  int *order = malloc(sizeof(int) * (size_t)s->ntables);
  if (!order)
    return sr_oom(err);
  for (int i = 0; i < s->ntables; i++)
    order[i] = i;
  qsort_r(order, (size_t)s->ntables, sizeof *order, by_name_seq, (void *)s);
  int rc = SR_OK;
  for (int i = 0; i < sc->n && !rc; i++) {
    const sr_drop *d = &sc->drops[i];
    int k = first_named(s, order, d->name);
    if (k >= 0 && k < d->before)
      rc = sr_errf(err,
                   "%s: DROP of '%s' after its CREATE (%s): a schema script "
                   "describes one state; keep the DROP .. IF EXISTS before "
                   "the CREATE, or remove one of them",
                   d->where, d->name, s->tables[k]->origin);
  }
  free(order);
  return rc;
}

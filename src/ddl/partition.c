#include "ddl/partition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "core/expr.h"
#include "core/lexer.h"

enum { MAXPARTS = 4096, MAXCOLS = 8 }; /* beyond: kept token-normalised */

/* ---- tokens of a partition list ------------------------------------------ */

typedef struct plist {
  sr_token *v;
  int n, i;
  sr_arena *a;
  int oom; /* an allocation failed: not "a list we cannot read" */
} plist;

/* A token's value / a copy in the list's arena; NULL sets oom. */
static char *tokval(plist *p, const sr_token *t) {
  char *v = sr_tok_value(p->a, t);
  p->oom |= !v;
  return v;
}

static char *pdup(plist *p, const char *s) {
  char *v = sr_arena_strdup(p->a, s);
  p->oom |= !v;
  return v;
}

static int lex_all(sr_arena *a, const char *s, plist *p) {
  sr_lexer lx;
  sr_err e = {0};
  int cap = 64;
  sr_lex_init(&lx, "partitions", s, strlen(s));
  p->a = a;
  p->n = p->i = p->oom = 0;
  p->v = sr_arena_alloc(a, sizeof(sr_token) * (size_t)cap);
  for (;;) {
    if (!p->v)
      return SR_NOMEM;
    if (p->n == cap) {
      p->v = sr_arena_grow(a, p->v, sizeof(sr_token), (size_t)cap,
                           (size_t)cap * 2);
      cap *= 2;
      continue;
    }
    if (sr_lex_next(&lx, &p->v[p->n], &e))
      return SR_ERROR;
    if (p->v[p->n].kind == SR_TK_EOF)
      return SR_OK;
    p->n++;
  }
}

static const sr_token *cur(const plist *p) {
  static const sr_token eof = {.kind = SR_TK_EOF, .p = ""};
  return p->i < p->n ? &p->v[p->i] : &eof;
}
static int is(const plist *p, const char *kw) { return sr_tok_is(cur(p), kw); }
static int punct(const plist *p, char c) { return sr_tok_punct(cur(p), c); }
static int eat(plist *p, const char *kw) { return is(p, kw) ? (p->i++, 1) : 0; }
static int eatp(plist *p, char c) { return punct(p, c) ? (p->i++, 1) : 0; }

/* A partition name (bare or back-quoted). */
static const char *name(plist *p) {
  const sr_token *t = cur(p);
  if (t->kind != SR_TK_IDENT && t->kind != SR_TK_QIDENT)
    return NULL;
  p->i++;
  return tokval(p, t);
}

/* One bound value: "v", 'v', a number, or MAXVALUE (returned as NULL
 * with *max set). */
static int value(plist *p, const char **out, int *max) {
  const sr_token *t = cur(p);
  *max = 0;
  if (sr_tok_is(t, "MAXVALUE")) {
    p->i++;
    *max = 1;
    *out = NULL;
    return 0;
  }
  if (t->kind != SR_TK_STRING && t->kind != SR_TK_NUMBER)
    return -1;
  p->i++;
  *out = tokval(p, t);
  return *out ? 0 : -1;
}

/* ---- RANGE ----------------------------------------------------------------
 */

/* A bound: one value per partition column; NULL for MAXVALUE. */
typedef struct bound {
  const char *v[MAXCOLS];
} bound;

typedef struct range {
  int ncols;
  const char *const *types; /* canonical type of each column */
  const char *names[MAXPARTS];
  bound lo[MAXPARTS], hi[MAXPARTS];
  int n;
} range;

/* The minimum of a partition column's type, the first lower bound
 * (facts §1.6: -2147483648 for INT, 0000-01-01 for DATE; PartitionKey
 * fills missing values of a LESS THAN with the minimum). */
static const char *minimum(const char *type) {
  static const struct {
    const char *type, *min;
  } m[] = {{"TINYINT", "-128"},
           {"SMALLINT", "-32768"},
           {"INT", "-2147483648"},
           {"BIGINT", "-9223372036854775808"},
           {"LARGEINT", "-170141183460469231731687303715884105728"},
           {"DATE", "0000-01-01"},
           {"DATETIME", "0000-01-01 00:00:00"}};
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
    if (!strcmp(type, m[i].type))
      return m[i].min;
  return NULL;
}

/* (v, ...) with up to ncols values; missing ones are the minimum. */
static int tuple(plist *p, range *r, bound *b) {
  int k = 0, max;
  if (eat(p, "MAXVALUE")) { /* LESS THAN MAXVALUE */
    for (; k < r->ncols; k++)
      b->v[k] = NULL;
    return 0;
  }
  if (!eatp(p, '('))
    return -1;
  do {
    const char *v;
    if (k == r->ncols || value(p, &v, &max))
      return -1;
    /* a DATETIME bound given as a date prints with its time */
    if (v && !strcmp(r->types[k], "DATETIME") && strlen(v) == 10) {
      char buf[32];
      snprintf(buf, sizeof buf, "%s 00:00:00", v);
      if (!(v = pdup(p, buf)))
        return -1;
    }
    b->v[k++] = v;
  } while (eatp(p, ','));
  for (; k < r->ncols; k++)
    b->v[k] = minimum(r->types[k]);
  return eatp(p, ')') ? 0 : -1;
}

static int add(range *r, const char *nm, const bound *lo, const bound *hi) {
  if (r->n == MAXPARTS)
    return -1;
  r->names[r->n] = nm;
  r->lo[r->n] = *lo;
  r->hi[r->n] = *hi;
  r->n++;
  return 0;
}

/* The lower bound of the next LESS THAN partition: the upper bound of the
 * one before, or the columns' minimum. */
static void next_lower(const range *r, bound *lo) {
  for (int k = 0; k < r->ncols; k++)
    lo->v[k] = r->n ? r->hi[r->n - 1].v[k] : minimum(r->types[k]);
}

/* PARTITION [IF NOT EXISTS] name VALUES LESS THAN (..) | VALUES [(..), (..)) */
static int one_range(plist *p, range *r) {
  if (eat(p, "IF") && !(eat(p, "NOT") && eat(p, "EXISTS")))
    return -1;
  const char *nm = name(p);
  bound lo, hi;
  if (!nm || !eat(p, "VALUES"))
    return -1;
  if (eat(p, "LESS")) {
    if (!eat(p, "THAN") || tuple(p, r, &hi))
      return -1;
    next_lower(r, &lo);
    return add(r, nm, &lo, &hi);
  }
  if (!eatp(p, '[') || tuple(p, r, &lo) || !eatp(p, ',') || tuple(p, r, &hi) ||
      !eatp(p, ')'))
    return -1;
  return add(r, nm, &lo, &hi);
}

static int days_in(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : d[m - 1];
}

static int parse_date(const char *s, int *y, int *m, int *d) {
  return s && sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 && strlen(s) == 10 &&
                 *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in(*y, *m)
             ? 0
             : -1;
}

/* START ("a") END ("b") EVERY (INTERVAL n DAY) on one DATE column: one
 * partition per step named p<yyyyMMdd> (corpus 29). */
static int start_end(plist *p, range *r) {
  bound a, b;
  int y, m, d, y2, m2, d2;
  if (r->ncols != 1 || strcmp(r->types[0], "DATE") || tuple(p, r, &a) ||
      !eat(p, "END") || tuple(p, r, &b) || !eat(p, "EVERY") || !eatp(p, '(') ||
      !eat(p, "INTERVAL"))
    return -1;
  long step;
  if (!sr_tok_int(cur(p), 100000, &step))
    return -1;
  p->i++;
  if (step < 1 || !eat(p, "DAY") || !eatp(p, ')') ||
      parse_date(a.v[0], &y, &m, &d) || parse_date(b.v[0], &y2, &m2, &d2))
    return -1;
  while (y * 10000 + m * 100 + d < y2 * 10000 + m2 * 100 + d2) {
    char nm[16], up[16];
    bound lo, hi;
    snprintf(nm, sizeof nm, "p%04d%02d%02d", y, m, d);
    snprintf(up, sizeof up, "%04d-%02d-%02d", y, m, d);
    lo.v[0] = pdup(p, up);
    for (long k = 0; k < step; k++)
      if (++d > days_in(y, m) && (d = 1) && ++m > 12)
        m = 1, y++;
    if (y * 10000 + m * 100 + d > y2 * 10000 + m2 * 100 + d2)
      y = y2, m = m2, d = d2;
    snprintf(up, sizeof up, "%04d-%02d-%02d", y, m, d);
    hi.v[0] = pdup(p, up);
    const char *n = pdup(p, nm);
    if (!n || !lo.v[0] || !hi.v[0] || add(r, n, &lo, &hi))
      return -1;
  }
  return 0;
}

static int read_range(plist *p, range *r) {
  if (!eatp(p, '('))
    return -1;
  if (eatp(p, ')'))
    return p->i == p->n && r->n == 0 ? 1 : -1; /* () : no partition */
  do {
    if (eat(p, "PARTITION") ? one_range(p, r)
        : eat(p, "START")   ? start_end(p, r)
                            : -1)
      return -1;
  } while (eatp(p, ','));
  return eatp(p, ')') && p->i == p->n ? 0 : -1;
}

static void put_bound(sr_buf *b, const range *r, const bound *x) {
  sr_buf_putc(b, '(');
  for (int k = 0; k < r->ncols; k++) {
    if (k)
      sr_buf_puts(b, ", ");
    if (x->v[k])
      sr_buf_dquote(b, x->v[k]);
    else
      sr_buf_puts(b, "MAXVALUE");
  }
  sr_buf_putc(b, ')');
}

/* RangePartitionInfo's form: (PARTITION p VALUES [("lo"), ("hi")),\n...)
 * (corpus 15, 21, 29; PartitionKey.toSql: values double-quoted, MAXVALUE
 * bare). */
static void render_range(sr_buf *b, const range *r) {
  for (int i = 0; i < r->n; i++) {
    sr_buf_puts(b, i ? ",\nPARTITION " : "(PARTITION ");
    sr_buf_ident_min(b, r->names[i]);
    sr_buf_puts(b, " VALUES [");
    put_bound(b, r, &r->lo[i]);
    sr_buf_puts(b, ", ");
    put_bound(b, r, &r->hi[i]);
    sr_buf_putc(b, ')');
  }
  sr_buf_putc(b, ')');
}

/* ---- LIST -----------------------------------------------------------------
 */

/* One VALUES IN item: ('a', 'b') or (('a', 'b'), ('c', 'd')), into b in
 * ListPartitionInfo.valuesToString / multiValuesToString form. */
static int list_values(plist *p, sr_buf *b) {
  int max;
  const char *v;
  if (!eatp(p, '('))
    return -1;
  sr_buf_putc(b, '(');
  int first = 1;
  do {
    if (!first)
      sr_buf_puts(b, ", ");
    first = 0;
    if (punct(p, '(')) {
      if (list_values(p, b))
        return -1;
    } else {
      if (value(p, &v, &max) || max)
        return -1;
      sr_buf_squote(b, v);
    }
  } while (eatp(p, ','));
  sr_buf_putc(b, ')');
  return eatp(p, ')') ? 0 : -1;
}

/* ListPartitionInfo.toSql: "(\n  PARTITION p1 VALUES IN ('a', 'b'),\n
 * ...\n)". */
static int read_list(plist *p, sr_buf *b) {
  if (!eatp(p, '('))
    return -1;
  sr_buf_puts(b, "(\n");
  int first = 1;
  do {
    if (!eat(p, "PARTITION") ||
        (eat(p, "IF") && !(eat(p, "NOT") && eat(p, "EXISTS"))))
      return -1;
    const char *nm = name(p);
    if (!nm || !eat(p, "VALUES") || !eat(p, "IN"))
      return -1;
    sr_buf_puts(b, first ? "  PARTITION " : ",\n  PARTITION ");
    first = 0;
    sr_buf_ident_min(b, nm);
    sr_buf_puts(b, " VALUES IN ");
    if (list_values(p, b))
      return -1;
  } while (eatp(p, ','));
  sr_buf_puts(b, "\n)");
  return eatp(p, ')') && p->i == p->n ? 0 : -1;
}

/* ---- anything else: one spelling per token --------------------------------
 */

static const char *const kWords[] = {
    "PARTITION", "PARTITIONS", "VALUES", "LESS",    "THAN",     "MAXVALUE",
    "IN",        "START",      "END",    "EVERY",   "INTERVAL", "IF",
    "NOT",       "EXISTS",     "DAY",    "WEEK",    "MONTH",    "YEAR",
    "HOUR",      "MINUTE",     "SECOND", "QUARTER", NULL};

/* 1 when a name is one of kWords: printed bare, it would be read again
 * as the keyword and upper-cased (make fuzz: `day` became DAY on the
 * second reading), so it keeps its backticks. */
static int keyword(const char *name) {
  for (const char *const *w = kWords; *w; w++)
    if (!strcasecmp(name, *w))
      return 1;
  return 0;
}

/* Keywords upper case, names bare where they can be, strings in the
 * scheme's quotes, one blank between tokens except inside brackets and
 * before ',' and closing brackets: two lists differing only in blanks,
 * case of keywords or quotes print the same (SPEC §4). */
static void render_tokens(sr_buf *b, plist *p, int squote) {
  for (int i = 0; i < p->n; i++) {
    const sr_token *t = &p->v[i], *prev = i ? &p->v[i - 1] : NULL;
    if (prev && !sr_tok_punct(prev, '(') && !sr_tok_punct(prev, '[') &&
        !sr_tok_punct(t, ')') && !sr_tok_punct(t, ',') && !sr_tok_punct(t, ']'))
      sr_buf_putc(b, ' ');
    const char *const *w = kWords;
    while (*w && !sr_tok_is(t, *w))
      w++;
    char *v = t->kind == SR_TK_STRING || t->kind == SR_TK_QIDENT ? tokval(p, t)
                                                                 : NULL;
    if (*w)
      sr_buf_puts(b, *w);
    else if (t->kind == SR_TK_STRING && v)
      squote ? sr_buf_squote(b, v) : sr_buf_dquote(b, v);
    else if (t->kind == SR_TK_QIDENT && v)
      keyword(v) ? sr_buf_ident(b, v) : sr_buf_ident_min(b, v);
    else
      sr_buf_add(b, t->p, t->n);
  }
}

/* ---- the scheme's columns -------------------------------------------------
 */

/* Column names in the scheme take the column's own spelling: names are
 * case-insensitive (RANGE(DT) is RANGE(dt)). Calls keep their names. */
static int canon_scheme(sr_schema *s, sr_table *t, sr_arena *tmp) {
  plist p;
  int lexed = lex_all(tmp, t->partition_by, &p);
  if (lexed)
    return lexed == SR_NOMEM ? SR_NOMEM : SR_OK; /* a normalised expression
                                                    always lexes */
  sr_buf b;
  sr_buf_init(&b);
  size_t last = 0;
  for (int i = 0; i < p.n; i++) {
    const sr_token *k = &p.v[i];
    int call = i + 1 < p.n && sr_tok_punct(&p.v[i + 1], '(');
    if ((k->kind != SR_TK_IDENT && k->kind != SR_TK_QIDENT) || call)
      continue;
    char *v = tokval(&p, k);
    const sr_column *c = v ? sr_table_column(t, v) : NULL;
    if (!c || !strcmp(c->name, v))
      continue;
    sr_buf_add(&b, t->partition_by + last, k->off - last);
    sr_buf_ident_min(&b, c->name);
    last = k->off + k->n;
  }
  if (!last || p.oom) {
    sr_buf_free(&b);
    return p.oom ? SR_NOMEM : SR_OK;
  }
  sr_buf_puts(&b, t->partition_by + last);
  const char *r = sr_buf_str(&b);
  const char *v = r ? sr_arena_strdup(&s->arena, r) : NULL;
  sr_buf_free(&b);
  if (!v)
    return SR_NOMEM;
  t->partition_by = v;
  return SR_OK;
}

/* ---- the whole ------------------------------------------------------------
 */

/* The columns of RANGE(a, b) when each is a column of a type with a
 * minimum; 0 when not, -1 when memory ran out. */
static int range_cols(sr_table *t, sr_arena *a, const char **types) {
  plist p;
  const char *pb = t->partition_by;
  int lexed = lex_all(a, pb + 6, &p);
  if (lexed || p.n < 2)
    return lexed == SR_NOMEM ? -1 : 0;
  int n = 0;
  for (int i = 0; i < p.n - 1; i += 2) {
    const sr_token *k = &p.v[i];
    char *v = tokval(&p, k);
    if (!v)
      return -1;
    const sr_column *c =
        (k->kind == SR_TK_IDENT || k->kind == SR_TK_QIDENT) && v && n < MAXCOLS
            ? sr_table_column(t, v)
            : NULL;
    if (!c || !minimum(c->type) ||
        !sr_tok_punct(&p.v[i + 1], i + 2 == p.n ? ')' : ','))
      return 0;
    types[n++] = c->type;
  }
  return n;
}

/* The list in its printed form into b: 0, 1 when it cannot be read (kept
 * as written), -1 when memory ran out. */
static int printed(sr_table *t, sr_arena *a, sr_buf *b) {
  int is_range = !strncmp(t->partition_by, "RANGE(", 6);
  int is_list = !strncmp(t->partition_by, "LIST(", 5);
  plist p;
  int rc = lex_all(a, t->partitions, &p);
  if (rc)
    return rc == SR_NOMEM ? -1 : 1;
  if (is_list) {
    if (!read_list(&p, b))
      return 0;
  } else if (is_range) {
    const char *types[MAXCOLS];
    range *r = sr_arena_alloc(a, sizeof *r);
    if (!r)
      return -1;
    r->types = types;
    r->ncols = range_cols(t, a, types);
    if (r->ncols < 0)
      return -1;
    if ((r->ncols ? read_range(&p, r) : -1) == 0 && r->n) {
      render_range(b, r);
      return 0;
    }
  }
  if (p.oom) /* not a list we cannot read: a list we could not copy */
    return -1;
  sr_buf_reset(b);
  render_tokens(b, &p, is_list);
  return p.oom ? -1 : 0;
}

int sr_partitions_printed(sr_schema *s, sr_table *t, sr_err *err) {
  if (!t->partition_by)
    return SR_OK;
  sr_arena tmp;
  sr_arena_init(&tmp);
  int rc = canon_scheme(s, t, &tmp);
  if (rc) {
    sr_arena_free(&tmp);
    return sr_oom(err);
  }
  int rangeish = !strncmp(t->partition_by, "RANGE(", 6) ||
                 !strncmp(t->partition_by, "LIST(", 5);
  /* Expression and list-automatic partitioning: the server prints the
   * scheme only, whatever was pre-created (corpus 30: created with
   * START/END/EVERY, printed bare). */
  if (!rangeish)
    t->partitions = NULL;
  if (t->partitions) {
    sr_buf b;
    sr_buf_init(&b);
    int r = printed(t, &tmp, &b);
    const char *txt = sr_buf_str(&b);
    if (!r && txt && *txt)
      t->partitions = sr_arena_strdup(&s->arena, txt);
    rc = r < 0 || !txt || !t->partitions ? SR_NOMEM : SR_OK;
    sr_buf_free(&b);
  }
  sr_arena_free(&tmp);
  return rc ? sr_oom(err) : SR_OK;
}

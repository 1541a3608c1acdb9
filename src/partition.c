#include "partition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "strbuf.h"

enum { MAXPARTS = 4096 }; /* START/END/EVERY expanding further is left */

typedef struct bound {
  const char *name;
  char upper[32];
} bound;

typedef struct plist {
  sr_lexer lx;
  sr_token tok;
  sr_arena *a;
  int is_date;
  bound *v;
  int n;
  char lower0[32]; /* lower bound of the first partition, when stated */
} plist;

static int next(plist *p) {
  sr_err e = {0};
  return sr_lex_next(&p->lx, &p->tok, &e) ? -1 : 0;
}

static int is(plist *p, const char *kw) { return sr_tok_is(&p->tok, kw); }
static int punct(plist *p, char c) { return sr_tok_punct(&p->tok, c); }

/* ("v") -> v into out. */
static int value(plist *p, char *out, size_t cap) {
  if (!punct(p, '(') || next(p) || p->tok.kind != SR_TK_STRING)
    return -1;
  char *v = sr_tok_value(p->a, &p->tok);
  if (!v || strlen(v) >= cap || next(p) || !punct(p, ')') || next(p))
    return -1;
  snprintf(out, cap, "%s", v);
  return 0;
}

static int add(plist *p, const char *name, const char *upper) {
  if (p->n >= MAXPARTS)
    return -1;
  if (!p->v && !(p->v = sr_arena_alloc(p->a, sizeof(bound) * MAXPARTS)))
    return -1;
  p->v[p->n].name = name;
  snprintf(p->v[p->n].upper, sizeof p->v[p->n].upper, "%s", upper);
  p->n++;
  return 0;
}

/* PARTITION name VALUES LESS THAN ("v") | VALUES [("a"), ("b")) */
static int one(plist *p) {
  if (next(p) || (p->tok.kind != SR_TK_IDENT && p->tok.kind != SR_TK_QIDENT))
    return -1;
  const char *name = sr_tok_value(p->a, &p->tok);
  if (!name || next(p) || !is(p, "VALUES") || next(p))
    return -1;
  char lo[32], up[32];
  if (is(p, "LESS")) {
    if (next(p) || !is(p, "THAN") || next(p) || value(p, up, sizeof up))
      return -1;
    return add(p, name, up);
  }
  if (!punct(p, '[') || next(p) || value(p, lo, sizeof lo) || !punct(p, ',') ||
      next(p) || value(p, up, sizeof up) || !punct(p, ')') || next(p))
    return -1;
  if (p->n == 0)
    snprintf(p->lower0, sizeof p->lower0, "%s", lo);
  else if (strcmp(lo, p->v[p->n - 1].upper))
    return -1; /* a gap: not something LESS THAN could have made */
  return add(p, name, up);
}

static int days_in(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : d[m - 1];
}

static int parse_date(const char *s, int *y, int *m, int *d) {
  return sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 && strlen(s) == 10 && *m >= 1 &&
                 *m <= 12 && *d >= 1 && *d <= days_in(*y, *m)
             ? 0
             : -1;
}

/* START ("a") END ("b") EVERY (INTERVAL n DAY) on a DATE column: one
 * partition per step named p<yyyyMMdd> (corpus 29). */
static int start_end(plist *p) {
  char a[32], b[32];
  if (next(p) || value(p, a, sizeof a) || !is(p, "END") || next(p) ||
      value(p, b, sizeof b) || !is(p, "EVERY") || next(p) || !punct(p, '(') ||
      next(p) || !is(p, "INTERVAL") || next(p) || p->tok.kind != SR_TK_NUMBER)
    return -1;
  int step = atoi(p->tok.p);
  if (step < 1 || next(p) || !is(p, "DAY") || next(p) || !punct(p, ')') ||
      next(p) || !p->is_date)
    return -1;
  int y, m, d, y2, m2, d2;
  if (parse_date(a, &y, &m, &d) || parse_date(b, &y2, &m2, &d2))
    return -1;
  if (p->n == 0)
    snprintf(p->lower0, sizeof p->lower0, "%s", a);
  while (y * 10000 + m * 100 + d < y2 * 10000 + m2 * 100 + d2) {
    char name[16], up[16];
    snprintf(name, sizeof name, "p%04d%02d%02d", y, m, d);
    for (int k = 0; k < step; k++)
      if (++d > days_in(y, m) && (d = 1) && ++m > 12)
        m = 1, y++;
    if (y * 10000 + m * 100 + d > y2 * 10000 + m2 * 100 + d2)
      y = y2, m = m2, d = d2;
    snprintf(up, sizeof up, "%04d-%02d-%02d", y, m, d);
    const char *nm = sr_arena_strdup(p->a, name);
    if (!nm || add(p, nm, up))
      return -1;
  }
  return 0;
}

static int read_list(plist *p) {
  if (next(p) || !punct(p, '(') || next(p))
    return -1;
  for (;;) {
    if (is(p, "PARTITION")) {
      if (one(p))
        return -1;
    } else if (is(p, "START")) {
      if (start_end(p))
        return -1;
    } else {
      return -1;
    }
    if (punct(p, ')'))
      return next(p) || p->tok.kind != SR_TK_EOF ? -1 : 0;
    if (!punct(p, ',') || next(p))
      return -1;
  }
}

/* The minimum of the partition column's type (facts §1.6: -2147483648
 * for INT, 0000-01-01 for DATE). */
static const char *minimum(const char *type) {
  static const struct {
    const char *type, *min;
  } m[] = {{"TINYINT", "-128"},
           {"SMALLINT", "-32768"},
           {"INT", "-2147483648"},
           {"BIGINT", "-9223372036854775808"},
           {"LARGEINT", "-170141183460469231731687303715884105728"},
           {"DATE", "0000-01-01"}};
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
    if (!strcmp(type, m[i].type))
      return m[i].min;
  return NULL;
}

static int render(sr_schema *s, sr_table *t, const plist *p, const char *min) {
  sr_buf b;
  sr_buf_init(&b);
  const char *lo = *p->lower0 ? p->lower0 : min;
  for (int i = 0; i < p->n; i++) {
    sr_buf_puts(&b, i ? ",\nPARTITION " : "(PARTITION ");
    sr_buf_printf(&b, "%s VALUES [(", p->v[i].name);
    sr_buf_dquote(&b, lo);
    sr_buf_puts(&b, "), (");
    sr_buf_dquote(&b, p->v[i].upper);
    sr_buf_puts(&b, "))");
    lo = p->v[i].upper;
  }
  sr_buf_putc(&b, ')');
  const char *txt = sr_buf_str(&b);
  if (txt)
    t->partitions = sr_arena_strdup(&s->arena, txt);
  sr_buf_free(&b);
  return t->partitions ? SR_OK : SR_NOMEM;
}

int sr_partitions_printed(sr_schema *s, sr_table *t, sr_err *err) {
  const char *pb = t->partition_by;
  if (!t->partitions || !pb || strncmp(pb, "RANGE(", 6) || strchr(pb, ','))
    return SR_OK;
  size_t n = strlen(pb);
  char col[128];
  if (n - 7 >= sizeof col)
    return SR_OK;
  /* a reserved name keeps its backticks in the scheme: RANGE(`rows`) */
  int q = pb[6] == '`' && pb[n - 2] == '`';
  memcpy(col, pb + 6 + q, n - 7 - 2 * q);
  col[n - 7 - 2 * q] = 0;
  const sr_column *c = sr_table_column(t, col);
  const char *min = c ? minimum(c->type) : NULL;
  if (!min)
    return SR_OK;
  sr_arena tmp;
  sr_arena_init(&tmp);
  plist p = {.a = &tmp, .is_date = !strcmp(c->type, "DATE")};
  sr_lex_init(&p.lx, "partitions", t->partitions, strlen(t->partitions));
  int rc = SR_OK;
  if (!read_list(&p) && p.n > 0 && render(s, t, &p, min))
    rc = sr_oom(err);
  sr_arena_free(&tmp);
  return rc;
}

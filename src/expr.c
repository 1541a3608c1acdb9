#include "expr.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lexer.h"

static const char *const kReserved[] = {
    "ALL",     "ALTER",  "AND",      "AS",     "ASC",    "BETWEEN", "BY",
    "CASE",    "CAST",   "COLUMN",   "CREATE", "DATE",   "DATETIME", "DEFAULT",
    "DELETE",  "DESC",   "DISTINCT", "DROP",   "ELSE",   "END",     "EXISTS",
    "FALSE",   "FROM",   "FULL",     "GROUP",  "HAVING", "IF",      "IN",
    "INDEX",   "INNER",  "INSERT",   "INT",    "INTERVAL", "INTO",  "IS",
    "JOIN",    "KEY",    "KEYS",     "LEFT",   "LIKE",   "LIMIT",   "NOT",
    "NULL",    "ON",     "OR",       "ORDER",  "OUTER",  "PARTITION", "RANGE",
    "RIGHT",   "SELECT", "SET",      "TABLE",  "THEN",   "TRUE",    "UNION",
    "UPDATE",  "USING",  "VALUES",   "WHEN",   "WHERE",  "WITH",
};

static int reserved(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof kReserved / sizeof kReserved[0]; i++)
    if (strlen(kReserved[i]) == n && !strncasecmp(kReserved[i], s, n)) return 1;
  return 0;
}

int sr_ident_needs_quotes(const char *name) {
  if (!*name || isdigit((unsigned char)*name)) return 1;
  for (const char *p = name; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_') return 1;
  return reserved(name, strlen(name));
}

void sr_buf_ident_min(sr_buf *b, const char *name) {
  if (sr_ident_needs_quotes(name))
    sr_buf_ident(b, name);
  else
    sr_buf_puts(b, name);
}

/* Keywords printed upper case wherever they appear in an expression. */
static const char *const kUpper[] = {
    "AS",   "AND",  "OR",   "NOT",      "IN",     "IS",      "NULL",
    "CASE", "WHEN", "THEN", "ELSE",     "END",    "INTERVAL", "BETWEEN",
    "LIKE", "DAY",  "MONTH", "YEAR",    "HOUR",   "MINUTE",  "SECOND",
    "WEEK", "QUARTER", "TRUE", "FALSE", "DISTINCT",
};

static int upper_kw(const sr_token *t) {
  for (size_t i = 0; i < sizeof kUpper / sizeof kUpper[0]; i++)
    if (sr_tok_is(t, kUpper[i])) return 1;
  return 0;
}

enum { MAXTOK = 4096 };

typedef struct toks {
  sr_token *v;
  int n;
} toks;

static int tokenize(sr_arena *a, const char *s, size_t n, toks *out,
                    sr_err *err) {
  sr_lexer lx;
  sr_lex_init(&lx, "expression", s, n);
  int cap = 16;
  out->v = sr_arena_alloc(a, sizeof(sr_token) * (size_t)cap);
  out->n = 0;
  for (;;) {
    if (!out->v) return sr_oom(err);
    sr_token t;
    if (sr_lex_next(&lx, &t, err)) return SR_ERROR;
    if (t.kind == SR_TK_EOF) return SR_OK;
    if (out->n == cap) {
      out->v = sr_arena_grow(a, out->v, sizeof(sr_token), (size_t)cap,
                             (size_t)cap * 2);
      cap *= 2;
      if (!out->v) return sr_oom(err);
    }
    out->v[out->n++] = t;
  }
}

/* True when v[lo] is '(' and its match is v[hi]. */
static int wraps(const toks *t, int lo, int hi) {
  if (hi <= lo || !sr_tok_punct(&t->v[lo], '(') || !sr_tok_punct(&t->v[hi], ')'))
    return 0;
  int depth = 0;
  for (int i = lo; i <= hi; i++) {
    if (sr_tok_punct(&t->v[i], '(')) depth++;
    if (sr_tok_punct(&t->v[i], ')') && --depth == 0) return i == hi;
  }
  return 0;
}

static int is_op_before_unary(const sr_token *p) {
  return !p || (p->kind == SR_TK_PUNCT && !sr_tok_punct(p, ')')) ||
         upper_kw(p);
}

static void emit(sr_buf *b, sr_arena *a, const toks *t, int i) {
  const sr_token *k = &t->v[i];
  const sr_token *next = i + 1 < t->n ? &t->v[i + 1] : NULL;
  if (k->kind == SR_TK_QIDENT) {
    char *v = sr_tok_value(a, k);
    if (v) sr_buf_ident_min(b, v);
  } else if (k->kind == SR_TK_STRING) {
    char *v = sr_tok_value(a, k);
    if (v) sr_buf_squote(b, v);
  } else if (k->kind == SR_TK_IDENT && next && sr_tok_punct(next, '(')) {
    for (size_t j = 0; j < k->n; j++)  /* function names: lower case */
      sr_buf_putc(b, sr_tok_is(k, "CAST") ? (char)toupper((unsigned char)k->p[j])
                                          : (char)tolower((unsigned char)k->p[j]));
  } else if (k->kind == SR_TK_IDENT && (upper_kw(k) ||
             (i > 0 && sr_tok_is(&t->v[i - 1], "AS")))) {
    for (size_t j = 0; j < k->n; j++) sr_buf_putc(b, (char)toupper((unsigned char)k->p[j]));
  } else {
    sr_buf_add(b, k->p, k->n);
  }
}

/* Whether a space goes between tokens i-1 and i. */
static int space_before(const toks *t, int i, int lo) {
  if (i == lo) return 0;
  const sr_token *p = &t->v[i - 1], *k = &t->v[i];
  if (sr_tok_punct(p, '(') || sr_tok_punct(p, '.') || sr_tok_punct(k, '.')) return 0;
  if (sr_tok_punct(k, ')') || sr_tok_punct(k, ',')) return 0;
  if (sr_tok_punct(k, '(') && (p->kind == SR_TK_IDENT || p->kind == SR_TK_QIDENT))
    return upper_kw(p) && !sr_tok_is(p, "IN") ? 1 : 0;
  if (sr_tok_punct(k, '[') || sr_tok_punct(p, '[') || sr_tok_punct(k, ']')) return 0;
  if (sr_tok_punct(p, '-') && i - 2 >= lo - 1 &&
      is_op_before_unary(i - 2 >= lo ? &t->v[i - 2] : NULL))
    return 0; /* unary minus */
  return 1;
}

const char *sr_expr_normalize(sr_arena *a, const char *s, size_t n,
                              sr_err *err) {
  toks t;
  if (tokenize(a, s, n, &t, err)) return NULL;
  int lo = 0, hi = t.n - 1;
  while (wraps(&t, lo, hi)) lo++, hi--;
  sr_buf b;
  sr_buf_init(&b);
  for (int i = lo; i <= hi; i++) {
    if (space_before(&t, i, lo)) sr_buf_putc(&b, ' ');
    emit(&b, a, &t, i);
  }
  const char *txt = sr_buf_str(&b);
  const char *r = txt ? sr_arena_strdup(a, txt) : NULL;
  sr_buf_free(&b);
  if (!r) sr_oom(err);
  return r;
}

#include "core/expr.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/lexer.h"

/* StarRocks's reserved keywords (docs sql-statements/keywords.md, the 2.5
 * to 3.x lists merged) plus a few words that read as SQL in an expression
 * (CAST, DATE, DATETIME, END, INTERVAL): such names keep their backticks.
 * Sorted: looked up by binary search. */
static const char *const kReserved[] = {
    "ADD",
    "ALL",
    "ALTER",
    "ANALYZE",
    "AND",
    "ANTI",
    "ARRAY",
    "AS",
    "ASC",
    "AUTHENTICATION",
    "AUTO_INCREMENT",
    "BETWEEN",
    "BIGINT",
    "BITMAP",
    "BOTH",
    "BY",
    "CANCEL",
    "CASE",
    "CAST",
    "CHAR",
    "CHARACTER",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "COMPACTION",
    "CONVERT",
    "CREATE",
    "CROSS",
    "CUBE",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DATABASE",
    "DATABASES",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "DECIMAL128",
    "DECIMAL32",
    "DECIMAL64",
    "DECIMALV2",
    "DEFAULT",
    "DEFERRED",
    "DELETE",
    "DENSE_RANK",
    "DESC",
    "DESCRIBE",
    "DISTINCT",
    "DISTRIBUTED",
    "DOUBLE",
    "DROP",
    "DUAL",
    "ELSE",
    "END",
    "EXCEPT",
    "EXCLUDE",
    "EXISTS",
    "EXPLAIN",
    "EXPORT",
    "FALSE",
    "FIRST_VALUE",
    "FLOAT",
    "FOR",
    "FORCE",
    "FROM",
    "FULL",
    "FUNCTION",
    "GRANT",
    "GROUP",
    "GROUPING",
    "GROUPING_ID",
    "GROUPS",
    "HAVING",
    "HLL",
    "HOST",
    "IF",
    "IGNORE",
    "IMMEDIATE",
    "IN",
    "INDEX",
    "INFILE",
    "INNER",
    "INSERT",
    "INT",
    "INTEGER",
    "INTERSECT",
    "INTERVAL",
    "INTO",
    "IS",
    "JOIN",
    "JSON",
    "KEY",
    "KEYS",
    "KILL",
    "LAG",
    "LARGEINT",
    "LAST_VALUE",
    "LATERAL",
    "LEAD",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOAD",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "MAXVALUE",
    "MINUS",
    "MOD",
    "NOT",
    "NTILE",
    "NULL",
    "ON",
    "OR",
    "ORDER",
    "OUTER",
    "OUTFILE",
    "OVER",
    "PARTITION",
    "PERCENTILE",
    "PRIMARY",
    "PROCEDURE",
    "QUALIFY",
    "RANGE",
    "RANK",
    "READ",
    "REGEXP",
    "RELEASE",
    "RENAME",
    "REPLACE",
    "REVOKE",
    "RIGHT",
    "RLIKE",
    "ROW",
    "ROWS",
    "ROW_NUMBER",
    "SCHEMA",
    "SCHEMAS",
    "SELECT",
    "SET",
    "SET_VAR",
    "SHOW",
    "SMALLINT",
    "SYSTEM",
    "TABLE",
    "TERMINATED",
    "TEXT",
    "THEN",
    "TINYINT",
    "TO",
    "TRUE",
    "UNION",
    "UNIQUE",
    "UNSIGNED",
    "UPDATE",
    "USE",
    "USING",
    "VALUES",
    "VARCHAR",
    "WHEN",
    "WHERE",
    "WITH",
};

static int reserved(const char *s, size_t n) {
  char up[32];
  if (n >= sizeof up)
    return 0;
  for (size_t i = 0; i < n; i++)
    up[i] = (char)toupper((unsigned char)s[i]);
  up[n] = 0;
  size_t lo = 0, hi = sizeof kReserved / sizeof kReserved[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(kReserved[mid], up);
    if (!c)
      return 1;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

int sr_ident_needs_quotes(const char *name) {
  if (!*name || isdigit((unsigned char)*name))
    return 1;
  for (const char *p = name; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_')
      return 1;
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
    "AS",   "AND",     "OR",    "NOT",   "IN",       "IS",       "NULL",
    "CASE", "WHEN",    "THEN",  "ELSE",  "END",      "INTERVAL", "BETWEEN",
    "LIKE", "DAY",     "MONTH", "YEAR",  "HOUR",     "MINUTE",   "SECOND",
    "WEEK", "QUARTER", "TRUE",  "FALSE", "DISTINCT",
};

static int upper_kw(const sr_token *t) {
  for (size_t i = 0; i < sizeof kUpper / sizeof kUpper[0]; i++)
    if (sr_tok_is(t, kUpper[i]))
      return 1;
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
    if (!out->v)
      return sr_oom(err);
    sr_token t;
    if (sr_lex_next(&lx, &t, err))
      return SR_ERROR;
    if (t.kind == SR_TK_EOF)
      return SR_OK;
    if (out->n == cap) {
      out->v = sr_arena_grow(a, out->v, sizeof(sr_token), (size_t)cap,
                             (size_t)cap * 2);
      cap *= 2;
      if (!out->v)
        return sr_oom(err);
    }
    out->v[out->n++] = t;
  }
}

/* Strips parentheses that wrap the whole range, in one pass: match[i] is
 * the index of the ')' closing the '(' at i (nested input must not make
 * this quadratic: SPEC §5, never hang). */
static int strip_outer(sr_arena *a, const toks *t, int *lo, int *hi) {
  if (t->n < 2)
    return SR_OK;
  int *match = sr_arena_alloc(a, sizeof(int) * (size_t)t->n * 2);
  if (!match)
    return SR_NOMEM;
  int *stack = match + t->n, depth = 0;
  for (int i = 0; i < t->n; i++) {
    match[i] = -1;
    if (sr_tok_punct(&t->v[i], '('))
      stack[depth++] = i;
    else if (sr_tok_punct(&t->v[i], ')') && depth > 0)
      match[stack[--depth]] = i;
  }
  while (*lo < *hi && sr_tok_punct(&t->v[*lo], '(') && match[*lo] == *hi)
    (*lo)++, (*hi)--;
  return SR_OK;
}

static int is_op_before_unary(const sr_token *p) {
  return !p || (p->kind == SR_TK_PUNCT && !sr_tok_punct(p, ')')) || upper_kw(p);
}

static void emit(sr_buf *b, sr_arena *a, const toks *t, int i) {
  const sr_token *k = &t->v[i];
  const sr_token *next = i + 1 < t->n ? &t->v[i + 1] : NULL;
  if (k->kind == SR_TK_QIDENT) {
    char *v = sr_tok_value(a, k);
    if (v)
      sr_buf_ident_min(b, v);
  } else if (k->kind == SR_TK_STRING) {
    char *v = sr_tok_value(a, k);
    if (v)
      sr_buf_squote(b, v);
  } else if (k->kind == SR_TK_IDENT && next && sr_tok_punct(next, '(')) {
    for (size_t j = 0; j < k->n; j++) /* function names: lower case */
      sr_buf_putc(b, sr_tok_is(k, "CAST")
                         ? (char)toupper((unsigned char)k->p[j])
                         : (char)tolower((unsigned char)k->p[j]));
  } else if (k->kind == SR_TK_IDENT &&
             (upper_kw(k) || (i > 0 && sr_tok_is(&t->v[i - 1], "AS")))) {
    for (size_t j = 0; j < k->n; j++)
      sr_buf_putc(b, (char)toupper((unsigned char)k->p[j]));
  } else {
    sr_buf_add(b, k->p, k->n);
  }
}

/* Whether a space goes between tokens i-1 and i. */
static int space_before(const toks *t, int i, int lo) {
  if (i == lo)
    return 0;
  const sr_token *p = &t->v[i - 1], *k = &t->v[i];
  /* A '.' beside a number keeps its blank: `v1 . 10` joined would read
   * back as `v1` and the number `.10` (make fuzz-ci). */
  if ((sr_tok_punct(p, '.') && k->kind == SR_TK_NUMBER) ||
      (sr_tok_punct(k, '.') && p->kind == SR_TK_NUMBER))
    return 1;
  if (sr_tok_punct(p, '(') || sr_tok_punct(p, '.') || sr_tok_punct(k, '.'))
    return 0;
  if (sr_tok_punct(k, ')') || sr_tok_punct(k, ','))
    return 0;
  if (sr_tok_punct(k, '(') &&
      (p->kind == SR_TK_IDENT || p->kind == SR_TK_QIDENT))
    return upper_kw(p) && !sr_tok_is(p, "IN") ? 1 : 0;
  if (sr_tok_punct(k, '[') || sr_tok_punct(p, '[') || sr_tok_punct(k, ']'))
    return 0;
  if (sr_tok_punct(p, '-') && i - 2 >= lo - 1 &&
      is_op_before_unary(i - 2 >= lo ? &t->v[i - 2] : NULL))
    return 0; /* unary minus */
  return 1;
}

const char *sr_expr_normalize(sr_arena *a, const char *s, size_t n,
                              sr_err *err) {
  toks t;
  if (tokenize(a, s, n, &t, err))
    return NULL;
  int lo = 0, hi = t.n - 1;
  if (strip_outer(a, &t, &lo, &hi)) {
    sr_oom(err);
    return NULL;
  }
  sr_buf b;
  sr_buf_init(&b);
  for (int i = lo; i <= hi; i++) {
    if (space_before(&t, i, lo))
      sr_buf_putc(&b, ' ');
    emit(&b, a, &t, i);
  }
  const char *txt = sr_buf_str(&b);
  const char *r = txt ? sr_arena_strdup(a, txt) : NULL;
  sr_buf_free(&b);
  if (!r)
    sr_oom(err);
  return r;
}

/* ---- checking an expression before it is pasted into a statement ---- */

/* Words that join two operands (or start one): after them an operand is
 * expected again. */
static int joining_word(const sr_token *t) {
  static const char *const w[] = {
      "AND",   "OR",     "NOT",      "XOR", "IS",      "IN",     "LIKE",
      "RLIKE", "REGEXP", "BETWEEN",  "DIV", "MOD",     "CASE",   "WHEN",
      "THEN",  "ELSE",   "INTERVAL", "AS",  "COLLATE", "BINARY", "DISTINCT"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (sr_tok_is(t, w[i]))
      return 1;
  return 0;
}

/* Words that end an operand: CASE .. END, INTERVAL 1 DAY. */
static int closing_word(const sr_token *t) {
  static const char *const w[] = {
      "END",  "YEAR",   "QUARTER", "MONTH",       "WEEK",       "DAY",
      "HOUR", "MINUTE", "SECOND",  "MILLISECOND", "MICROSECOND"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (sr_tok_is(t, w[i]))
      return 1;
  return 0;
}

static int expr_err(sr_err *err, const char *what, const sr_token *t,
                    const char *why) {
  int n = (int)(t->n > 24 ? 24 : t->n);
  if (t->kind == SR_TK_EOF)
    return sr_errf(err, "%s: %s at the end", what, why);
  return sr_errf(err, "%s: unexpected '%.*s%s' at %d:%d: %s", what, n, t->p,
                 t->n > 24 ? "..." : "", t->line, t->col, why);
}

int sr_expr_check(sr_arena *a, const char *what, const char *text, size_t n,
                  int list, const char **out, sr_err *err) {
  sr_lexer lx;
  sr_token t;
  sr_nest k = {0}; /* brackets as the parser matches them (lexer.h) */
  sr_lex_init(&lx, what, text, n);
  sr_buf b;
  sr_buf_init(&b);
  int operand = 0, ident = 0, ntok = 0, rc = SR_OK;
  size_t end = 0;
  for (;;) {
    if (sr_lex_next(&lx, &t, err)) {
      rc = SR_ERROR;
      break;
    }
    if (t.kind == SR_TK_EOF)
      break;
    const char *why = NULL;
    int word = t.kind == SR_TK_IDENT, depth = k.n;
    int open = sr_tok_punct(&t, '(') || sr_tok_punct(&t, '[');
    int close = sr_tok_punct(&t, ')') || sr_tok_punct(&t, ']');
    int nest = sr_nest_step(a, &k, &t);
    char expect[48];
    if (nest == SR_NEST_NOMEM) {
      rc = sr_oom(err);
      break;
    }
    if (sr_tok_punct(&t, ';'))
      why = "one expression is expected, not statements";
    else if (nest == SR_NEST_STRAY)
      why = *t.p == ')' ? "it closes a '(' that was never opened"
                        : "it closes a '[' that was never opened";
    else if (nest == SR_NEST_MISMATCH) {
      const sr_nest_open *o = &k.v[k.n - 1];
      snprintf(expect, sizeof expect, "expected '%c' closing the '%c' at %d:%d",
               sr_nest_closer(&k), o->c, o->line, o->col);
      why = expect;
    } else if (depth == 0 && sr_tok_punct(&t, ',') && !list)
      why = "one expression is expected, not a list";
    else if (depth == 0 && sr_tok_punct(&t, ',') && !operand)
      why = "an expression is missing before it";
    else if (depth == 0 && operand && sr_tok_punct(&t, '(') && !ident)
      why = "the expression before it is already complete";
    else if (depth == 0 && operand && t.kind != SR_TK_PUNCT &&
             !(word && (joining_word(&t) || closing_word(&t))))
      why = "the expression before it is already complete";
    if (why) {
      rc = expr_err(err, what, &t, why);
      break;
    }
    if (open) {
      operand = ident = 0;
    } else if (close) {
      operand = k.n == 0;
      ident = 0;
    } else if (depth == 0) {
      if (t.kind == SR_TK_PUNCT)
        operand = 0;
      else if (word && joining_word(&t))
        operand = 0;
      else
        operand = 1;
      ident = t.kind == SR_TK_IDENT || t.kind == SR_TK_QIDENT;
    }
    if (ntok++ && t.off > end)
      sr_buf_putc(&b, ' ');
    sr_buf_add(&b, t.p, t.n);
    end = t.off + t.n;
  }
  if (!rc && k.n > 0) {
    const sr_nest_open *o = &k.v[k.n - 1];
    rc = sr_errf(err, "%s: the '%c' at %d:%d is never closed", what, o->c,
                 o->line, o->col);
  }
  if (!rc && !ntok)
    rc = sr_errf(err, "%s is empty", what);
  if (!rc && !operand)
    rc = expr_err(err, what, &t, "the expression is incomplete");
  if (!rc && out) {
    const char *s = sr_buf_str(&b);
    *out = s ? sr_arena_strdup(a, s) : NULL;
    if (!*out)
      rc = sr_oom(err);
  }
  sr_buf_free(&b);
  return rc;
}

int sr_expr_columns(sr_arena *a, const char *expr, const char ***out) {
  *out = NULL;
  if (!expr)
    return 0;
  sr_err e = {0};
  toks t;
  int rc = tokenize(a, expr, strlen(expr), &t, &e);
  if (rc)
    return rc == SR_NOMEM ? -1 : 0; /* unreadable: reads nothing known */
  const char **v = sr_arena_alloc(a, sizeof(char *) * (size_t)(t.n + 1));
  if (!v)
    return -1;
  int n = 0;
  for (int i = 0; i < t.n; i++) {
    const sr_token *k = &t.v[i];
    if (k->kind != SR_TK_IDENT && k->kind != SR_TK_QIDENT)
      continue;
    if (i + 1 < t.n && sr_tok_punct(&t.v[i + 1], '('))
      continue; /* a function */
    if (i > 0 && sr_tok_punct(&t.v[i - 1], '.'))
      continue; /* a STRUCT field */
    if (k->kind == SR_TK_IDENT && reserved(k->p, k->n))
      continue; /* a keyword: a column so named is written quoted */
    const char *name = sr_tok_value(a, k);
    if (!name)
      return -1;
    int seen = 0;
    for (int j = 0; j < n && !seen; j++)
      seen = !strcasecmp(v[j], name);
    if (!seen)
      v[n++] = name;
  }
  *out = v;
  return n;
}

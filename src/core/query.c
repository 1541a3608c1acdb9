#include "core/query.h"

#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "core/expr.h"
#include "core/lexer.h"

/* A body becomes a list of tokens (comments and blanks gone), then is
 * normalised in place: names joined by '.' become one path, INNER and
 * OUTER of joins go, redundant parentheses go, generated select-list
 * aliases go, then every AS and ASC. Two bodies are the same query when
 * the lists match token by token, a path matching another path it ends
 * (the server qualifies names: corpus 35, 40-43). */

typedef enum { Q_WORD, Q_NAME, Q_STR, Q_NUM, Q_PUNCT } qkind;

typedef struct qtok {
  qkind kind;    /* Q_WORD: unquoted (may be a keyword); Q_NAME: quoted or a
                    path of several names */
  const char *s; /* words: the text; names, strings: the value; a path:
                    its last part */
  const char **parts; /* a path of several names: its parts */
  int nparts;         /* 1: a single word or name (parts unused) */
  int gone;
  int exact; /* a table name: compared case-sensitively */
} qtok;

/* The live tokens are also a linked list (prv/nxt, set up by parens):
 * dropping one and finding a neighbour are O(1), so hostile nesting
 * cannot make the normalisation quadratic (SPEC §5). */
typedef struct qlist {
  qtok *v;
  int n;
  int *prv, *nxt; /* index n stands for the end; -1 for none */
} qlist;

/* ---- tokens -------------------------------------------------------------- */

static int is_word(const qtok *t, const char *kw) {
  return t->kind == Q_WORD && t->nparts == 1 && !strcasecmp(t->s, kw);
}

static int is_punct(const qtok *t, const char *p) {
  return t->kind == Q_PUNCT && !strcmp(t->s, p);
}

static int nameish(const qtok *t) {
  return t->kind == Q_WORD || t->kind == Q_NAME;
}

static int word_in(const qtok *t, const char *const *w) {
  for (; *w; w++)
    if (is_word(t, *w))
      return 1;
  return 0;
}

/* 0, 1 when the lexer cannot read s, -1 when memory ran out. */
static int lex(sr_arena *a, const char *s, qlist *out) {
  sr_lexer lx;
  sr_err e = {0};
  sr_lex_init(&lx, "query", s, strlen(s));
  int cap = 64;
  out->n = 0;
  out->v = sr_arena_alloc(a, sizeof(qtok) * (size_t)cap);
  for (;;) {
    sr_token t;
    if (!out->v)
      return -1;
    if (sr_lex_next(&lx, &t, &e))
      return 1;
    if (t.kind == SR_TK_EOF)
      return 0;
    if (out->n == cap) {
      out->v =
          sr_arena_grow(a, out->v, sizeof(qtok), (size_t)cap, (size_t)cap * 2);
      cap *= 2;
      if (!out->v)
        return -1;
    }
    qtok *q = &out->v[out->n++];
    memset(q, 0, sizeof *q);
    q->kind = t.kind == SR_TK_IDENT    ? Q_WORD
              : t.kind == SR_TK_QIDENT ? Q_NAME
              : t.kind == SR_TK_STRING ? Q_STR
              : t.kind == SR_TK_NUMBER ? Q_NUM
                                       : Q_PUNCT;
    q->s = q->kind == Q_NAME || q->kind == Q_STR
               ? sr_tok_value(a, &t)
               : sr_arena_strndup(a, t.p, t.n);
    if (!q->s)
      return -1;
    if (is_punct(q, "<>"))
      q->s = "!=";
    q->nparts = 1;
  }
}

/* a.b.c (any of them back-quoted) becomes one name. */
static int paths(sr_arena *a, qlist *l) {
  int k = 0;
  for (int i = 0; i < l->n;) {
    qtok t = l->v[i];
    int j = i, m = 1;
    while (nameish(&l->v[j]) && j + 2 < l->n && is_punct(&l->v[j + 1], ".") &&
           nameish(&l->v[j + 2]))
      j += 2, m++;
    if (m > 1) {
      const char **p = sr_arena_alloc(a, sizeof(char *) * (size_t)m);
      if (!p)
        return -1;
      for (int q = 0; q < m; q++)
        p[q] = l->v[i + 2 * q].s;
      t.kind = Q_NAME;
      t.parts = p;
      t.nparts = m;
      t.s = p[m - 1];
    }
    l->v[k++] = t;
    i = j + 1;
  }
  l->n = k;
  return 0;
}

/* The i-th part of a name counted from its end (0: the last). */
static const char *part(const qtok *t, int i) {
  return t->nparts == 1 ? t->s : t->parts[t->nparts - 1 - i];
}

static int prev_live(const qlist *l, int i) {
  if (l->prv)
    return l->prv[i];
  while (--i >= 0 && l->v[i].gone)
    ;
  return i;
}

static int next_live(const qlist *l, int i) {
  if (l->nxt)
    return l->nxt[i];
  while (++i < l->n && l->v[i].gone)
    ;
  return i < l->n ? i : -1;
}

/* Links the live tokens; 0, or -1 when memory ran out. */
static int link_live(sr_arena *a, qlist *l) {
  l->prv = sr_arena_alloc(a, sizeof(int) * (size_t)(2 * l->n + 2));
  if (!l->prv)
    return -1;
  l->nxt = l->prv + l->n + 1;
  int last = -1;
  for (int i = 0; i < l->n; i++) {
    if (l->v[i].gone)
      continue;
    l->prv[i] = last;
    if (last >= 0)
      l->nxt[last] = i;
    last = i;
  }
  if (last >= 0)
    l->nxt[last] = -1;
  l->prv[l->n] = last;
  return 0;
}

static void drop(qlist *l, int i) {
  l->v[i].gone = 1;
  int p = l->prv[i], q = l->nxt[i];
  if (p >= 0)
    l->nxt[p] = q;
  l->prv[q >= 0 ? q : l->n] = p;
}

/* JOIN = INNER JOIN; LEFT/RIGHT/FULL OUTER JOIN = LEFT/RIGHT/FULL JOIN;
 * LATERAL before a table function is optional (the server adds it: the
 * Python tool's test_sql_normalization, "lateral unnest(arr) u(v)"). */
static void joins(qlist *l) {
  for (int i = 0; i + 1 < l->n; i++) {
    const qtok *next = &l->v[i + 1];
    if (is_word(&l->v[i], "LATERAL") && nameish(next) && i + 2 < l->n &&
        is_punct(&l->v[i + 2], "("))
      l->v[i].gone = 1;
    if (is_word(&l->v[i], "INNER") && is_word(next, "JOIN"))
      l->v[i].gone = 1;
    if (is_word(&l->v[i], "OUTER") && is_word(next, "JOIN") && i > 0 &&
        (is_word(&l->v[i - 1], "LEFT") || is_word(&l->v[i - 1], "RIGHT") ||
         is_word(&l->v[i - 1], "FULL")))
      l->v[i].gone = 1;
  }
}

/* The server's spellings of set operations and LIMIT
 * (AstToStringBuilder.processSetOp prints UNION / EXCEPT / INTERSECT with
 * ALL or nothing, an ExceptRelation from MINUS too; LimitElement.toSql
 * prints "LIMIT offset, count", the offset only when not 0):
 * MINUS = EXCEPT, UNION DISTINCT = UNION, LIMIT n OFFSET m = LIMIT m, n,
 * LIMIT 0, n = LIMIT n. */
static void spellings(qlist *l) {
  static const char *const setop[] = {"UNION", "EXCEPT", "INTERSECT", NULL};
  for (int i = 0; i < l->n; i++) {
    qtok *t = l->v + i;
    if (is_word(t, "MINUS"))
      t->s = "EXCEPT";
    if (i > 0 && is_word(t, "DISTINCT") && word_in(&l->v[i - 1], setop))
      t->gone = 1;
    if (!is_word(t, "LIMIT") || i + 2 >= l->n || l->v[i + 1].kind != Q_NUM)
      continue;
    qtok *a = &l->v[i + 1], *b = &l->v[i + 2];
    if (is_word(b, "OFFSET") && i + 3 < l->n && l->v[i + 3].kind == Q_NUM) {
      qtok n = *a; /* LIMIT n OFFSET m: m , n */
      *a = l->v[i + 3];
      b->kind = Q_PUNCT, b->s = ",";
      l->v[i + 3] = n;
    }
    if (is_punct(b, ",") && !strcmp(a->s, "0"))
      a->gone = b->gone = 1;
  }
}

/* Table names compare exactly: StarRocks database, table and view names
 * are case-sensitive, column names and aliases of columns are not (docs
 * "System limits": "Column name (column alias), partition name, and index
 * name are not case-sensitive. Other names are case-sensitive"). A name
 * right after JOIN, or after FROM or a comma of the FROM list of a SELECT,
 * is a table unless a call follows it (a table function). */
static const char *const kFromEnd[] = {
    "WHERE",  "GROUP",     "HAVING", "ORDER",  "LIMIT",   "UNION",
    "EXCEPT", "INTERSECT", "MINUS",  "WINDOW", "QUALIFY", NULL};

static void mark_table(qlist *l, int i) {
  int k = i + 1;
  while (k < l->n && l->v[k].gone)
    k++;
  int c = k + 1;
  while (c < l->n && l->v[c].gone)
    c++;
  if (k < l->n && nameish(&l->v[k]) && !(c < l->n && is_punct(&l->v[c], "(")))
    l->v[k].exact = 1;
}

/* st[d]: at depth d, 1 after SELECT, 2 inside its FROM list. */
static int tables(sr_arena *a, qlist *l) {
  unsigned char *st = sr_arena_alloc(a, (size_t)l->n + 1);
  if (!st)
    return -1;
  int d = 0;
  st[0] = 0;
  for (int i = 0; i < l->n; i++) {
    const qtok *t = &l->v[i];
    if (t->gone)
      continue;
    if (is_punct(t, "(")) {
      st[++d] = 0;
    } else if (is_punct(t, ")")) {
      d -= d > 0;
    } else if (is_word(t, "SELECT")) {
      st[d] = 1;
    } else if ((is_word(t, "FROM") && st[d]) || is_word(t, "JOIN")) {
      st[d] = 2;
      mark_table(l, i);
    } else if (is_punct(t, ",") && st[d] == 2) {
      mark_table(l, i);
    } else if (word_in(t, kFromEnd)) {
      st[d] = st[d] != 0;
    }
  }
  return 0;
}

/* ---- redundant parentheses ------------------------------------------------
 * A pair of parentheses goes when it is not syntax (a call, IN (..), a
 * subquery after FROM, ...) and what it holds binds tighter than the
 * operators beside it (MySQL precedence: OR, XOR, AND, NOT, comparisons,
 * |, &, + -, * / % DIV MOD, ^, unary). */

enum { P_UNARY = 12, P_POSTFIX = 13, P_ATOM = 100, P_LIST = -1, P_QUERY = -2 };

static int punct_prec(const qtok *t) {
  static const struct {
    const char *op;
    int prec;
  } ops[] = {{"||", 1}, {"&&", 3}, {"=", 5},  {"!=", 5}, {"<", 5}, {">", 5},
             {"<=", 5}, {">=", 5}, {"|", 6},  {"&", 7},  {"+", 9}, {"-", 9},
             {"*", 10}, {"/", 10}, {"%", 10}, {"^", 11}};
  for (size_t i = 0; t->kind == Q_PUNCT && i < sizeof ops / sizeof ops[0]; i++)
    if (!strcmp(t->s, ops[i].op))
      return ops[i].prec;
  return 0;
}

static int word_prec(const qtok *t) {
  static const struct {
    const char *w;
    int prec;
  } ops[] = {{"OR", 1}, {"XOR", 2},     {"AND", 3},   {"NOT", 4},
             {"IS", 5}, {"LIKE", 5},    {"RLIKE", 5}, {"REGEXP", 5},
             {"IN", 5}, {"BETWEEN", 5}, {"DIV", 10},  {"MOD", 10}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (is_word(t, ops[i].w))
      return ops[i].prec;
  return 0;
}

/* Words after which an expression starts (a '(' after them is grouping). */
static const char *const kClause[] = {
    "SELECT",   "WHERE", "HAVING", "ON",     "WHEN",      "THEN",  "ELSE", "BY",
    "DISTINCT", "ALL",   "UNION",  "EXCEPT", "INTERSECT", "MINUS", NULL};
static const char *const kSetOp[] = {"UNION",     "ALL",   "EXCEPT",
                                     "INTERSECT", "MINUS", NULL};
static const char *const kQueryEnd[] = {"UNION", "EXCEPT", "INTERSECT", "MINUS",
                                        "ORDER", "LIMIT",  NULL};
static const char *const kNotOps[] = {"IN",     "LIKE",    "RLIKE",
                                      "REGEXP", "BETWEEN", NULL};

/* A '+' '-' at k is unary when no operand precedes it. */
static int unary_at(const qlist *l, int k) {
  int p = prev_live(l, k);
  if (p < 0)
    return 1;
  const qtok *t = &l->v[p];
  if (t->kind == Q_PUNCT)
    return !is_punct(t, ")") && !is_punct(t, "]");
  return t->kind == Q_WORD && (word_prec(t) || word_in(t, kClause));
}

/* The precedence of the operator at k (0: not an operator). BETWEEN's AND
 * binds as BETWEEN does; NOT of IS NOT, NOT IN, NOT LIKE .. as a
 * comparison. */
static int op_prec(const qlist *l, int k, int *between) {
  const qtok *t = &l->v[k];
  if (t->kind == Q_PUNCT) {
    int p = punct_prec(t);
    return p && (is_punct(t, "-") || is_punct(t, "+")) && unary_at(l, k)
               ? P_UNARY
               : p;
  }
  if (is_word(t, "BETWEEN"))
    *between = 1;
  if (is_word(t, "AND") && *between) {
    *between = 0;
    return 5;
  }
  if (is_word(t, "NOT")) {
    int p = prev_live(l, k), n = next_live(l, k);
    if ((p >= 0 && is_word(&l->v[p], "IS")) ||
        (n >= 0 && word_in(&l->v[n], kNotOps)))
      return 5;
  }
  return word_prec(t);
}

/* The lowest precedence at the top level of the tokens between i and j:
 * P_ATOM for one operand, P_LIST for a list or nothing, P_QUERY for a
 * query. */
static int content_prec(const qlist *l, const int *match, int i, int j) {
  int depth = 0, cases = 0, low = P_ATOM, between = 0, any = 0;
  for (int k = next_live(l, i); k >= 0 && k < j; k = next_live(l, k)) {
    const qtok *t = &l->v[k];
    if (!any++ &&
        (is_word(t, "SELECT") || is_word(t, "WITH") || is_word(t, "VALUES")))
      return P_QUERY;
    if (is_punct(t, "(") && match[k] > k) {
      k = match[k]; /* a nested group: an operand here */
    } else if (is_punct(t, "(") || is_punct(t, "[")) {
      depth++;
    } else if (is_punct(t, ")") || is_punct(t, "]")) {
      depth--;
    } else if (depth == 0 && is_word(t, "CASE")) {
      cases++;
    } else if (depth == 0 && cases && is_word(t, "END")) {
      cases--;
    } else if (depth == 0 && !cases) {
      if (is_punct(t, ","))
        return P_LIST;
      int p = op_prec(l, k, &between);
      if (p && p < low)
        low = p;
    }
  }
  return any ? low : P_LIST;
}

typedef struct side {
  int prec;     /* of the operator beside the group, 0 when none */
  int assoc;    /* AND / OR / XOR: (a AND b) AND c = a AND (b AND c) */
  int query_ok; /* a query may lose its parentheses here */
  int edge;     /* nothing but the start, the end or a parenthesis */
  int setop;    /* on the right: 1 UNION, EXCEPT, MINUS; 2 INTERSECT */
  int tail;     /* on the right: ORDER BY or LIMIT */
} side;

/* What precedes the '(' at i; 1 when the parentheses are syntax. */
static int left_side(const qlist *l, int i, side *s) {
  int k = prev_live(l, i);
  memset(s, 0, sizeof *s);
  if (k < 0 || is_punct(&l->v[k], "(")) {
    s->query_ok = s->edge = 1;
    return 0;
  }
  const qtok *t = &l->v[k];
  if (is_punct(t, ","))
    return 0;
  if (is_punct(t, "!") || is_punct(t, "~")) {
    s->prec = P_UNARY;
    return 0;
  }
  if (t->kind == Q_PUNCT) {
    int between = 0;
    s->prec = op_prec(l, k, &between);
    s->assoc = is_punct(t, "||") || is_punct(t, "&&");
    return s->prec == 0;
  }
  if (t->kind != Q_WORD)
    return 1; /* a call: f(..), db.f(..) */
  if (word_in(t, kClause)) {
    s->query_ok = word_in(t, kSetOp);
    return 0;
  }
  if (is_word(t, "IN"))
    return 1;
  s->prec = word_prec(t);
  s->assoc = is_word(t, "AND") || is_word(t, "OR") || is_word(t, "XOR");
  return s->prec == 0;
}

/* What follows the ')' at j. */
static void right_side(const qlist *l, int j, side *s) {
  int k = next_live(l, j);
  memset(s, 0, sizeof *s);
  if (k < 0 || is_punct(&l->v[k], ")")) {
    s->query_ok = s->edge = 1;
    return;
  }
  const qtok *t = &l->v[k];
  if (t->kind == Q_PUNCT) {
    s->prec = is_punct(t, ",") || is_punct(t, ";") ? 0
              : punct_prec(t)                      ? punct_prec(t)
                                                   : P_POSTFIX;
    return;
  }
  s->query_ok = word_in(t, kQueryEnd);
  s->setop = is_word(t, "INTERSECT") ? 2 : word_in(t, kSetOp) ? 1 : 0;
  s->tail = is_word(t, "ORDER") || is_word(t, "LIMIT");
  int between = 0;
  s->prec = t->kind == Q_WORD ? op_prec(l, k, &between) : 0;
}

/* A query in parentheses beside a set operation: they go when they change
 * nothing. Its own ORDER BY or LIMIT apply to it alone, so they stay unless
 * nothing is outside; a set operation inside binds first, so they stay
 * unless the group is the leftmost operand of operators that bind no
 * tighter (set operations group from the left, INTERSECT before the
 * others: StarRocks.g4 queryPrimary; AstToStringBuilder prints a nested
 * set operation in parentheses on the right only). */
static int query_group_goes(const qlist *l, const int *match, int i, int j,
                            const side *L, const side *R) {
  if (L->edge && R->edge)
    return 1;
  int setop = 0, weak = 0;
  for (int k = next_live(l, i); k >= 0 && k < j; k = next_live(l, k)) {
    const qtok *t = &l->v[k];
    if (is_punct(t, "(") && match[k] > k)
      k = match[k];
    else if (is_word(t, "ORDER") || is_word(t, "LIMIT"))
      return 0;
    else if (word_in(t, kSetOp) && !is_word(t, "ALL"))
      setop = 1, weak |= !is_word(t, "INTERSECT");
  }
  if (!setop)
    return L->query_ok && R->query_ok;
  return L->edge && (R->tail || R->setop == 1 || (R->setop == 2 && !weak));
}

static int parens(sr_arena *a, qlist *l) {
  int *match = sr_arena_alloc(a, sizeof(int) * (size_t)(2 * l->n + 1));
  if (!match || link_live(a, l))
    return -1;
  int *stack = match + l->n, depth = 0;
  for (int i = 0; i < l->n; i++) {
    match[i] = -1;
    if (is_punct(&l->v[i], "("))
      stack[depth++] = i;
    else if (is_punct(&l->v[i], ")") && depth > 0)
      match[stack[--depth]] = i;
  }
  /* outer groups first: an inner group's neighbours are then final */
  for (int i = 0; i < l->n; i++) {
    int j = match[i];
    if (j < 0)
      continue;
    side L, R;
    if (left_side(l, i, &L))
      continue;
    right_side(l, j, &R);
    int c = content_prec(l, match, i, j);
    int drop_it = c == P_QUERY ? query_group_goes(l, match, i, j, &L, &R)
                  : c == P_LIST
                      ? 0
                      : (c > L.prec || (c == L.prec && L.assoc)) && c >= R.prec;
    if (drop_it) {
      drop(l, i);
      drop(l, j);
    }
  }
  return 0;
}

/* ---- generated aliases ---------------------------------------------------
 * The server names an unnamed select-list expression by its text and
 * prints that alias (corpus 35, 41: count(v1) AS `count(v1)`); an alias
 * that reads as its own expression, qualifiers aside, says nothing. */

static int normalise(sr_arena *a, const char *s, qlist *out, int top);

static int tok_same(const qtok *x, const qtok *y, int strip);

/* The live tokens of l in [s, e) against all of m, qualifiers stripped. */
static int range_same(const qlist *l, int s, int e, const qlist *m) {
  int k = 0;
  for (int i = s; i >= 0 && i < e; i = next_live(l, i), k++)
    if (k >= m->n || !tok_same(&l->v[i], &m->v[k], 1))
      return 0;
  return k == m->n;
}

static int item(sr_arena *a, qlist *l, int s, int e) {
  int last = prev_live(l, e);
  int before = last > s ? prev_live(l, last) : -1;
  if (before < s || !nameish(&l->v[last]) || l->v[last].nparts != 1)
    return 0;
  int as = is_word(&l->v[before], "AS");
  int end = as ? before : last;
  if (end <= s)
    return 0;
  qlist alias;
  int rc = normalise(a, l->v[last].s, &alias, 0);
  if (rc)
    return rc < 0 ? -1 : 0;
  if (range_same(l, s, end, &alias)) {
    drop(l, last);
    if (as)
      drop(l, before);
  }
  return 0;
}

static const char *const kListEnd[] = {
    "FROM",   "WHERE",     "GROUP", "HAVING", "ORDER",  "LIMIT",   "UNION",
    "EXCEPT", "INTERSECT", "MINUS", "INTO",   "WINDOW", "QUALIFY", NULL};

static int aliases(sr_arena *a, qlist *l) {
  for (int p = 0; p < l->n; p++) {
    if (l->v[p].gone || !is_word(&l->v[p], "SELECT"))
      continue;
    int k = next_live(l, p);
    while (k >= 0 &&
           (is_word(&l->v[k], "DISTINCT") || is_word(&l->v[k], "ALL")))
      k = next_live(l, k);
    int s = k, depth = 0;
    for (; k >= 0; k = next_live(l, k)) {
      const qtok *t = &l->v[k];
      int stop = depth == 0 && (word_in(t, kListEnd) || is_punct(t, ")"));
      if (stop || (depth == 0 && is_punct(t, ","))) {
        if (s >= 0 && item(a, l, s, k) < 0)
          return -1;
        if (stop)
          break;
        s = next_live(l, k);
        continue;
      }
      depth += is_punct(t, "(") || is_punct(t, "[");
      depth -= is_punct(t, ")") || is_punct(t, "]");
    }
    if (k < 0 && s >= 0 && item(a, l, s, l->n) < 0)
      return -1;
  }
  return 0;
}

/* ---- the whole ------------------------------------------------------------
 */

static int normalise(sr_arena *a, const char *s, qlist *out, int top) {
  int rc = lex(a, s, out);
  if (rc)
    return rc;
  if (paths(a, out))
    return -1;
  joins(out);
  spellings(out);
  if (tables(a, out) || parens(a, out) || (top && aliases(a, out)))
    return -1;
  int k = 0;
  for (int i = 0; i < out->n; i++) {
    const qtok *t = &out->v[i];
    if (!t->gone && !is_word(t, "AS") && !is_word(t, "ASC"))
      out->v[k++] = *t;
  }
  out->n = k;
  return 0;
}

/* Names compare case-insensitively, table names exactly; a path matches a
 * path it ends (a qualifier the server adds); strip: last parts only. */
static int tok_same(const qtok *x, const qtok *y, int strip) {
  if (nameish(x) && nameish(y)) {
    int m = strip ? 1 : x->nparts < y->nparts ? x->nparts : y->nparts;
    int (*cmp)(const char *, const char *) =
        x->exact || y->exact ? strcmp : strcasecmp;
    for (int i = 0; i < m; i++)
      if (cmp(part(x, i), part(y, i)))
        return 0;
    return 1;
  }
  return x->kind == y->kind &&
         (x->kind == Q_STR ? !strcmp(x->s, y->s) : !strcasecmp(x->s, y->s));
}

int sr_query_same(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  if (!strcmp(a, b))
    return 1;
  sr_arena ar;
  sr_arena_init(&ar);
  qlist x, y;
  int rx = normalise(&ar, a, &x, 1);
  int ry = rx < 0 ? 0 : normalise(&ar, b, &y, 1);
  int same;
  if (rx < 0 || ry < 0)
    same = -1;
  else if (rx || ry)
    same = 0; /* unreadable and not byte-equal */
  else {
    same = x.n == y.n;
    for (int i = 0; same && i < x.n; i++)
      same = tok_same(&x.v[i], &y.v[i], 0);
  }
  sr_arena_free(&ar);
  return same;
}

int sr_query_names(const char *body, sr_query_name_fn fn, void *ctx) {
  if (!body)
    return 0;
  sr_arena ar;
  sr_arena_init(&ar);
  qlist l;
  int rc = lex(&ar, body, &l);
  if (!rc && (paths(&ar, &l) || tables(&ar, &l)))
    rc = -1;
  for (int i = 0; !rc && i < l.n; i++) {
    const qtok *t = &l.v[i];
    if (!nameish(t))
      continue;
    if (i + 1 < l.n && is_punct(&l.v[i + 1], "("))
      continue; /* a function */
    if (t->kind == Q_WORD && t->nparts == 1 && sr_ident_needs_quotes(t->s))
      continue; /* a keyword */
    rc = fn(ctx, t->s, t->exact);
  }
  sr_arena_free(&ar);
  return rc;
}

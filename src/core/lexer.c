#include "core/lexer.h"

#include <string.h>

#include "base/utf8.h"

void sr_lex_init(sr_lexer *lx, const char *name, const char *src, size_t n) {
  memset(lx, 0, sizeof *lx);
  lx->name = name;
  lx->src = src;
  lx->n = n;
  lx->line = 1;
}

/* Character classes by table: the lexer is the parser's hottest loop.
 * ASCII classes whatever the locale (isalnum would follow it). */
enum { C_SPACE = 1, C_WORD = 2, C_DIGIT = 4, C_ALNUM = 8, C_QUOTE = 16 };
static const unsigned char kClass[256] = {
    ['\t'] = C_SPACE,
    ['\n'] = C_SPACE,
    ['\v'] = C_SPACE,
    ['\f'] = C_SPACE,
    ['\r'] = C_SPACE,
    [' '] = C_SPACE,
    ['\''] = C_QUOTE,
    ['"'] = C_QUOTE,
    ['`'] = C_QUOTE,
    ['$'] = C_WORD,
    ['_'] = C_WORD,
#define D(c) [c] = C_WORD | C_DIGIT | C_ALNUM
    D('0'),
    D('1'),
    D('2'),
    D('3'),
    D('4'),
    D('5'),
    D('6'),
    D('7'),
    D('8'),
    D('9'),
#undef D
#define L(c) [c] = C_WORD | C_ALNUM, [c - 32] = C_WORD | C_ALNUM
    L('a'),
    L('b'),
    L('c'),
    L('d'),
    L('e'),
    L('f'),
    L('g'),
    L('h'),
    L('i'),
    L('j'),
    L('k'),
    L('l'),
    L('m'),
    L('n'),
    L('o'),
    L('p'),
    L('q'),
    L('r'),
    L('s'),
    L('t'),
    L('u'),
    L('v'),
    L('w'),
    L('x'),
    L('y'),
    L('z'),
#undef L
    [0x80 ... 0xff] = C_WORD,
};

static int is_a(unsigned char c, int cls) { return kClass[c] & cls; }

static void newline(sr_lexer *lx, size_t at) {
  lx->line++;
  lx->line_start = at + 1;
}

static int lex_err(sr_lexer *lx, size_t at, int line, size_t lstart,
                   const char *what, sr_err *err) {
  return sr_errf(err, "%s:%d:%zu: %s", lx->name, line, at - lstart + 1, what);
}

/* Skips blanks and comments (--, #, and block comments). The position
 * is kept in a local: this runs before every token. */
static int skip(sr_lexer *lx, sr_err *err) {
  const char *s = lx->src;
  size_t pos = lx->pos, n = lx->n;
  while (pos < n) {
    char c = s[pos];
    if (c == ' ') { /* the common case, first */
      pos++;
    } else if (c == '\n') {
      newline(lx, pos++);
    } else if (is_a((unsigned char)c, C_SPACE)) {
      pos++;
    } else if (c == '#' || (c == '-' && pos + 1 < n && s[pos + 1] == '-')) {
      while (pos < n && s[pos] != '\n')
        pos++;
    } else if (c == '/' && pos + 1 < n && s[pos + 1] == '*') {
      size_t at = pos;
      int line = lx->line;
      size_t ls = lx->line_start;
      pos += 2;
      while (pos + 1 < n && !(s[pos] == '*' && s[pos + 1] == '/')) {
        if (s[pos] == '\n')
          newline(lx, pos);
        pos++;
      }
      if (pos + 1 >= n) {
        lx->pos = pos;
        return lex_err(lx, at, line, ls, "unterminated comment, expected '*/'",
                       err);
      }
      pos += 2;
    } else {
      break;
    }
  }
  lx->pos = pos;
  return SR_OK;
}

/* The position is kept in a local while scanning: strings (comments of
 * every column) are most of a printed schema's bytes. *verbatim is set
 * when the text between the quotes is the value (the fast path). */
static int quoted(sr_lexer *lx, char q, int *verbatim, sr_err *err) {
  size_t at = lx->pos, pos = at + 1, n = lx->n;
  int line = lx->line;
  size_t ls = lx->line_start;
  const char *s = lx->src;
  int esc = q != '`';
  /* Fast path: the closing quote with no escape or newline before it
   * (memchr scans are vectorised). */
  const char *end = memchr(s + pos, q, n - pos);
  if (end && !memchr(s + pos, '\n', (size_t)(end - s) - pos) &&
      !(esc && memchr(s + pos, '\\', (size_t)(end - s) - pos)) &&
      !((size_t)(end - s) + 1 < n && end[1] == q)) {
    lx->pos = (size_t)(end - s) + 1;
    *verbatim = 1;
    return SR_OK;
  }
  *verbatim = 0;
  while (pos < n) {
    char c = s[pos];
    if (c != q && c != '\\' && c != '\n') {
      pos++;
      continue;
    }
    if (c == '\\' && esc && pos + 1 < n) {
      if (s[pos + 1] == '\n')
        newline(lx, pos + 1);
      if (s[pos + 1] == '0') /* sr_unquote could only drop it */
        return lex_err(lx, pos, lx->line, lx->line_start,
                       "expected a string without \\0, found \\0 (text "
                       "cannot hold a NUL character)",
                       err);
      pos += 2;
      continue;
    }
    if (c == '\n')
      newline(lx, pos);
    pos++;
    if (c == q) {
      if (pos < n && s[pos] == q) { /* doubled quote */
        pos++;
        continue;
      }
      lx->pos = pos;
      return SR_OK;
    }
  }
  lx->pos = pos;
  const char *what = q == '`'   ? "unterminated identifier, expected '`'"
                     : q == '"' ? "unterminated string, expected '\"'"
                                : "unterminated string, expected \"'\"";
  return lex_err(lx, at, line, ls, what, err);
}

/* The whole text is UTF-8 without NUL bytes, or an error at the first
 * fault. */
static int check_text(sr_lexer *lx, sr_err *err) {
  lx->checked = 1;
  size_t bad = sr_text_fault(lx->src, lx->n);
  if (bad == lx->n)
    return SR_OK;
  char what[48];
  int line, col;
  sr_text_fault_name(lx->src, bad, what, sizeof what);
  sr_text_position(lx->src, bad, &line, &col);
  return sr_errf(err, "%s:%d:%d: expected UTF-8 text, found %s", lx->name, line,
                 col, what);
}

void sr_lex_jump(sr_lexer *lx, size_t to) {
  const char *s = lx->src;
  for (size_t i = lx->pos; i < to; i++)
    if (s[i] == '\n')
      newline(lx, i);
  lx->pos = to;
}

/* 1 when a b is a two-character operator: <= >= != <> || && :: => */
static int is_op2(char a, char b) {
  switch (a) {
  case '<':
    return b == '=' || b == '>';
  case '>':
  case '!':
    return b == '=';
  case '|':
  case '&':
  case ':':
    return b == a;
  case '=':
    return b == '>';
  }
  return 0;
}

int sr_lex_next(sr_lexer *lx, sr_token *tok, sr_err *err) {
  if (!lx->checked && check_text(lx, err))
    return SR_ERROR;
  if (skip(lx, err))
    return SR_ERROR;
  const char *s = lx->src;
  size_t at = lx->pos, pos = at + 1, n = lx->n;
  *tok = (sr_token){.p = s + at,
                    .off = at,
                    .line = lx->line,
                    .col = (int)(at - lx->line_start) + 1};
  if (at >= n) {
    tok->kind = SR_TK_EOF;
    return SR_OK;
  }
  unsigned char c = (unsigned char)s[at];
  if (is_a(c, C_QUOTE)) {
    if (quoted(lx, (char)c, &tok->verbatim, err))
      return SR_ERROR;
    pos = lx->pos;
    tok->kind = c == '`' ? SR_TK_QIDENT : SR_TK_STRING;
  } else if (is_a(c, C_DIGIT) ||
             (c == '.' && pos < n && is_a((unsigned char)s[pos], C_DIGIT))) {
    while (pos < n && (is_a((unsigned char)s[pos], C_ALNUM) || s[pos] == '.'))
      pos++;
    tok->kind = SR_TK_NUMBER;
  } else if (is_a(c, C_WORD)) {
    while (pos < n && is_a((unsigned char)s[pos], C_WORD))
      pos++;
    tok->kind = SR_TK_IDENT;
  } else {
    if (pos < n && is_op2((char)c, s[pos]))
      pos++;
    tok->kind = SR_TK_PUNCT;
  }
  lx->pos = pos;
  tok->n = pos - at;
  return SR_OK;
}

/* ASCII upper case, whatever the locale (toupper follows it). */
static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

int sr_tok_is_slow(const sr_token *tok, const char *kw) {
  /* a token holds no NUL byte, so kw's end stops the loop; keywords
   * are mostly written in kw's own (upper) case */
  for (size_t i = 0; i < tok->n; i++) {
    char c = tok->p[i], k = kw[i];
    if (c != k && upper(c) != upper(k))
      return 0;
  }
  return kw[tok->n] == 0;
}

int sr_tok_int(const sr_token *tok, long max, long *out) {
  long v = 0;
  if (tok->kind != SR_TK_NUMBER || !tok->n)
    return 0;
  for (size_t i = 0; i < tok->n; i++) {
    if (!is_a((unsigned char)tok->p[i], C_DIGIT))
      return 0;
    v = v * 10 + (tok->p[i] - '0');
    if (v > max)
      return 0;
  }
  *out = v;
  return 1;
}

char *sr_unquote(sr_arena *a, const char *p, size_t n) {
  char q = p[0];
  /* Most literals have nothing to unescape. */
  if (n >= 2 && !memchr(p + 1, '\\', n - 2) && !memchr(p + 1, q, n - 2))
    return sr_arena_strndup(a, p + 1, n - 2);
  char *out = sr_arena_alloc(a, n + 1);
  if (!out)
    return NULL;
  size_t k = 0;
  for (size_t i = 1; i + 1 < n; i++) {
    char c = p[i];
    if (c == '\\' && q != '`' && i + 2 < n) {
      char e = p[++i];
      switch (e) {
      case 'n':
        c = '\n';
        break;
      case 't':
        c = '\t';
        break;
      case 'r':
        c = '\r';
        break;
      case '0':
        c = 0;
        break;
      default:
        c = e;
        break;
      }
      if (!c)
        continue; /* a NUL byte cannot live in a C string */
    } else if (c == q && i + 2 < n && p[i + 1] == q) {
      i++;
    }
    out[k++] = c;
  }
  out[k] = 0;
  return out;
}

char *sr_tok_value(sr_arena *a, const sr_token *tok) {
  if (tok->kind == SR_TK_STRING || tok->kind == SR_TK_QIDENT)
    return tok->verbatim ? sr_arena_strndup(a, tok->p + 1, tok->n - 2)
                         : sr_unquote(a, tok->p, tok->n);
  return sr_arena_strndup(a, tok->p, tok->n);
}

int sr_nest_step(sr_arena *a, sr_nest *k, const sr_token *tok) {
  if (tok->kind != SR_TK_PUNCT || tok->n != 1)
    return SR_NEST_OK;
  char c = tok->p[0];
  if (c == '(' || c == '[') {
    if (k->n == k->cap) {
      int cap = k->cap ? k->cap * 2 : 16;
      sr_nest_open *v =
          sr_arena_grow(a, k->v, sizeof *v, (size_t)k->n, (size_t)cap);
      if (!v)
        return SR_NEST_NOMEM;
      k->v = v, k->cap = cap;
    }
    k->v[k->n++] = (sr_nest_open){c, tok->line, tok->col};
  } else if (c == ')' || c == ']') {
    if (!k->n)
      return SR_NEST_STRAY;
    if (c != sr_nest_closer(k))
      return SR_NEST_MISMATCH;
    k->n--;
  }
  return SR_NEST_OK;
}

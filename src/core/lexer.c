#include "core/lexer.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"

void sr_lex_init(sr_lexer *lx, const char *name, const char *src, size_t n) {
  memset(lx, 0, sizeof *lx);
  lx->name = name;
  lx->src = src;
  lx->n = n;
  lx->line = 1;
}

/* Character classes by table: the lexer is the parser's hottest loop. */
enum { C_SPACE = 1, C_WORD = 2, C_DIGIT = 4 };
static const unsigned char kClass[256] = {
    ['\t'] = C_SPACE,
    ['\n'] = C_SPACE,
    ['\v'] = C_SPACE,
    ['\f'] = C_SPACE,
    ['\r'] = C_SPACE,
    [' '] = C_SPACE,
    ['$'] = C_WORD,
    ['_'] = C_WORD,
    ['0'] = C_WORD | C_DIGIT,
    ['1'] = C_WORD | C_DIGIT,
    ['2'] = C_WORD | C_DIGIT,
    ['3'] = C_WORD | C_DIGIT,
    ['4'] = C_WORD | C_DIGIT,
    ['5'] = C_WORD | C_DIGIT,
    ['6'] = C_WORD | C_DIGIT,
    ['7'] = C_WORD | C_DIGIT,
    ['8'] = C_WORD | C_DIGIT,
    ['9'] = C_WORD | C_DIGIT,
#define L(c) [c] = C_WORD, [c - 32] = C_WORD
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

static int is_word(unsigned char c) { return kClass[c] & C_WORD; }

static void newline(sr_lexer *lx, size_t at) {
  lx->line++;
  lx->line_start = at + 1;
}

static int lex_err(sr_lexer *lx, size_t at, int line, size_t lstart,
                   const char *what, sr_err *err) {
  return sr_errf(err, "%s:%d:%zu: %s", lx->name, line, at - lstart + 1, what);
}

/* Skips blanks and comments (--, #, and block comments). */
static int skip(sr_lexer *lx, sr_err *err) {
  const char *s = lx->src;
  while (lx->pos < lx->n) {
    char c = s[lx->pos];
    if (c == ' ') { /* the common case, first */
      lx->pos++;
    } else if (c == '\n') {
      newline(lx, lx->pos++);
    } else if (kClass[(unsigned char)c] & C_SPACE) {
      lx->pos++;
    } else if (c == '#' ||
               (c == '-' && lx->pos + 1 < lx->n && s[lx->pos + 1] == '-')) {
      while (lx->pos < lx->n && s[lx->pos] != '\n')
        lx->pos++;
    } else if (c == '/' && lx->pos + 1 < lx->n && s[lx->pos + 1] == '*') {
      size_t at = lx->pos;
      int line = lx->line;
      size_t ls = lx->line_start;
      lx->pos += 2;
      while (lx->pos + 1 < lx->n &&
             !(s[lx->pos] == '*' && s[lx->pos + 1] == '/')) {
        if (s[lx->pos] == '\n')
          newline(lx, lx->pos);
        lx->pos++;
      }
      if (lx->pos + 1 >= lx->n)
        return lex_err(lx, at, line, ls, "unterminated comment, expected '*/'",
                       err);
      lx->pos += 2;
    } else {
      break;
    }
  }
  return SR_OK;
}

/* The position is kept in a local while scanning: strings (comments of
 * every column) are most of a printed schema's bytes. */
static int quoted(sr_lexer *lx, char q, sr_err *err) {
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
    return SR_OK;
  }
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

int sr_lex_next(sr_lexer *lx, sr_token *tok, sr_err *err) {
  if (!lx->checked && check_text(lx, err))
    return SR_ERROR;
  if (skip(lx, err))
    return SR_ERROR;
  const char *s = lx->src;
  memset(tok, 0, sizeof *tok);
  tok->off = lx->pos;
  tok->p = s + lx->pos;
  tok->line = lx->line;
  tok->col = (int)(lx->pos - lx->line_start) + 1;
  if (lx->pos >= lx->n) {
    tok->kind = SR_TK_EOF;
    return SR_OK;
  }
  unsigned char c = (unsigned char)s[lx->pos];
  if (c == '\'' || c == '"' || c == '`') {
    if (quoted(lx, (char)c, err))
      return SR_ERROR;
    tok->kind = c == '`' ? SR_TK_QIDENT : SR_TK_STRING;
  } else if (isdigit(c) || (c == '.' && lx->pos + 1 < lx->n &&
                            isdigit((unsigned char)s[lx->pos + 1]))) {
    while (lx->pos < lx->n &&
           (isalnum((unsigned char)s[lx->pos]) || s[lx->pos] == '.'))
      lx->pos++;
    tok->kind = SR_TK_NUMBER;
  } else if (is_word(c)) {
    size_t pos = lx->pos + 1, n = lx->n;
    while (pos < n && is_word((unsigned char)s[pos]))
      pos++;
    lx->pos = pos;
    tok->kind = SR_TK_IDENT;
  } else {
    static const char *two[] = {"<=", ">=", "!=", "<>", "||", "&&", "::", "=>"};
    tok->kind = SR_TK_PUNCT;
    lx->pos++;
    if (strchr("<>!|&:=", c))
      for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
        if (lx->pos < lx->n && c == two[i][0] && s[lx->pos] == two[i][1]) {
          lx->pos++;
          break;
        }
  }
  tok->n = (size_t)(s + lx->pos - tok->p);
  return SR_OK;
}

int sr_tok_is_slow(const sr_token *tok, const char *kw) {
  return strlen(kw) == tok->n && !strncasecmp(tok->p, kw, tok->n);
}

int sr_tok_punct(const sr_token *tok, char c) {
  return tok->kind == SR_TK_PUNCT && tok->n == 1 && tok->p[0] == c;
}

int sr_tok_int(const sr_token *tok, long max, long *out) {
  long v = 0;
  if (tok->kind != SR_TK_NUMBER || !tok->n)
    return 0;
  for (size_t i = 0; i < tok->n; i++) {
    if (!isdigit((unsigned char)tok->p[i]))
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
    return sr_unquote(a, tok->p, tok->n);
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

/* SQL tokens of StarRocks DDL, with line:column positions for messages. */
#ifndef SR_LEXER_H
#define SR_LEXER_H
#include <stddef.h>
#include <string.h>

#include "base/arena.h"
#include "base/error.h"

typedef enum sr_tokkind {
  SR_TK_EOF,
  SR_TK_IDENT,  /* bare word (keywords included) */
  SR_TK_QIDENT, /* `quoted identifier` */
  SR_TK_STRING, /* 'x' or "x" */
  SR_TK_NUMBER,
  SR_TK_PUNCT /* one operator or punctuation mark */
} sr_tokkind;

typedef struct sr_token {
  sr_tokkind kind;
  /* STRING and QIDENT: the text between the quotes is the value as it is
   * (no escape, no doubled quote), so sr_tok_value only copies it. 0 is
   * always safe: the value is then unescaped. */
  int verbatim;
  const char *p; /* raw text, quotes included */
  size_t n;
  size_t off; /* byte offset in the source text */
  int line, col;
} sr_token;

typedef struct sr_lexer {
  const char *name; /* "file.sql" or "ddl", for messages */
  const char *src;  /* need not be NUL-terminated: only src[0..n) is read */
  size_t n, pos;
  int line;
  size_t line_start;
  int checked; /* the text was found UTF-8 without NUL bytes */
} sr_lexer;

void sr_lex_init(sr_lexer *lx, const char *name, const char *src, size_t n);
/* Next token; unterminated strings and comments are errors, and so is
 * text that is not UTF-8 or holds a NUL byte (checked at the first call,
 * for the whole text: nothing of it is used raw). */
int sr_lex_next(sr_lexer *lx, sr_token *tok, sr_err *err);
/* Moves on to offset `to` (at or after the lexer's position, where a
 * token starts), counting the lines passed, without reading the tokens in
 * between: for text whose tokens are already known (the parser's memo of
 * type spellings). */
void sr_lex_jump(sr_lexer *lx, size_t to);
/* 1 when tok is the bare word kw (ASCII case-insensitive; kw in upper
 * case). Inline with a first-letter and length test: it is called for
 * every keyword tried at every token, mostly with a literal kw whose
 * strlen the compiler folds. */
int sr_tok_is_slow(const sr_token *tok, const char *kw);
static inline int sr_tok_is(const sr_token *tok, const char *kw) {
  /* the kind first: an EOF token points just past the text */
  if (tok->kind != SR_TK_IDENT ||
      ((unsigned char)*tok->p & 0xDF) != (unsigned char)*kw ||
      tok->n != strlen(kw))
    return 0;
  return sr_tok_is_slow(tok, kw);
}
static inline int sr_tok_punct(const sr_token *tok, char c) {
  return tok->kind == SR_TK_PUNCT && tok->n == 1 && tok->p[0] == c;
}
/* The value of a NUMBER token of decimal digits only, when it is at most
 * max: read within the token (the text may not be NUL-terminated). */
int sr_tok_int(const sr_token *tok, long max, long *out);
/* The value of a string or identifier token: quotes removed, escapes
 * resolved. */
char *sr_tok_value(sr_arena *a, const sr_token *tok);
/* Unescapes a quoted literal p[0..n) (quotes included) into the arena. */
char *sr_unquote(sr_arena *a, const char *p, size_t n);

/* The brackets open in a run of tokens, matched as StarRocks's grammar
 * pairs them (StarRocks.g4: '(' expression ')', '[' ... ']' for array
 * literals and subscripts): a ')' closes a '(' and a ']' a '['. Every
 * reader of free text that is pasted into a statement (the CREATE
 * parser's expressions and view bodies, sr_expr_check) steps through one
 * of these, so that what it keeps reads back the same (make fuzz found a
 * '[' left open, and a ']' taken for a ')'). The stack grows in an arena:
 * nesting is bounded only by the text. */
typedef struct sr_nest_open {
  char c; /* '(' or '[' */
  int line, col;
} sr_nest_open;
typedef struct sr_nest {
  sr_nest_open *v; /* innermost last */
  int n, cap;
} sr_nest;
enum {
  SR_NEST_OK,      /* not a bracket, or one that opens or closes as it should */
  SR_NEST_NOMEM,   /* out of memory */
  SR_NEST_STRAY,   /* a ')' or ']' with nothing open */
  SR_NEST_MISMATCH /* a ')' for a '[' or a ']' for a '(' */
};
/* Steps over tok (k zeroed before the first step). */
int sr_nest_step(sr_arena *a, sr_nest *k, const sr_token *tok);
/* The bracket that closes the innermost open one (k->n > 0). */
static inline char sr_nest_closer(const sr_nest *k) {
  return k->v[k->n - 1].c == '[' ? ']' : ')';
}

#endif

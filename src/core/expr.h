/* Normalised SQL expression text, so that the same expression written by a
 * user and printed by a server compares equal: StarRocks prints generated
 * columns and partition expressions with or without backticks depending on
 * the version (facts §1.3, corpus 25 vs 26), strings single-quoted
 * (corpus 25: created with date_trunc("month", k1)), CAST upper case
 * (corpus 31). */
#ifndef SR_EXPR_H
#define SR_EXPR_H
#include <stddef.h>

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"

/* Normalises s[0..n): identifiers unquoted where safe, strings
 * single-quoted, function names lower case, keywords upper case, one space
 * between tokens except around ( ) , . and redundant outer parentheses
 * removed. NULL with err set on a lexical error. */
const char *sr_expr_normalize(sr_arena *a, const char *s, size_t n,
                              sr_err *err);
/* 1 when name needs backticks in an expression (reserved or not plain). */
int sr_ident_needs_quotes(const char *name);
/* Appends name, back-quoted only when it needs it. */
void sr_buf_ident_min(sr_buf *b, const char *name);

/* Checks that text[0..n) is one SQL expression (list: a comma-separated
 * list of them, as PARTITION BY takes) before it is pasted into a
 * statement: tokens of the DDL lexer (strings and quoted names closed),
 * parentheses balanced, no ';' (a second statement), nothing after a
 * complete expression ("now()) DROP .."). Errors name the offending token
 * and its line:column, prefixed by what. When out is not NULL it gets the
 * expression rebuilt from its tokens (comments dropped, one space where the
 * text had blanks) in arena a. */
int sr_expr_check(sr_arena *a, const char *what, const char *text, size_t n,
                  int list, const char **out, sr_err *err);

/* The columns an expression (a generated column's AS text) reads, each
 * once (names compared case-insensitively), into *out, an array in a:
 * the names that are not a function's (no '(' after them), not a STRUCT
 * field's (no '.' before them) and not a keyword written bare. Returns
 * how many, or -1 when memory ran out; text the lexer cannot read reads
 * none. */
int sr_expr_columns(sr_arena *a, const char *expr, const char ***out);

#endif

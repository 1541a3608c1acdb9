/* Growable string buffer for the StarRocks core (the SQLite glue uses
 * sqlite3_str instead). An allocation failure sets `oom` and makes further
 * appends no-ops, so callers check once at the end. */
#ifndef SR_STRBUF_H
#define SR_STRBUF_H
#include <stddef.h>

typedef struct sr_buf {
  char *s;
  size_t n, cap;
  int oom;
} sr_buf;

void sr_buf_init(sr_buf *b);
void sr_buf_free(sr_buf *b);
void sr_buf_add(sr_buf *b, const char *s, size_t n);
void sr_buf_puts(sr_buf *b, const char *s);
void sr_buf_putc(sr_buf *b, char c);
void sr_buf_printf(sr_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* `name` quoted with backticks, embedded backticks doubled. */
void sr_buf_ident(sr_buf *b, const char *name);
/* `s` as a double-quoted StarRocks string literal ("" and \ escaped). */
void sr_buf_dquote(sr_buf *b, const char *s);
/* `s` as a single-quoted string literal. */
void sr_buf_squote(sr_buf *b, const char *s);
/* The string, NUL-terminated ("" when empty), or NULL after an oom. */
const char *sr_buf_str(sr_buf *b);
void sr_buf_reset(sr_buf *b);

#endif

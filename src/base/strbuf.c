#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sr_buf_init(sr_buf *b) { memset(b, 0, sizeof(*b)); }

void sr_buf_free(sr_buf *b) {
  free(b->s);
  memset(b, 0, sizeof(*b));
}

void sr_buf_reset(sr_buf *b) {
  b->n = 0;
  if (b->s)
    b->s[0] = 0;
}

static int reserve(sr_buf *b, size_t extra) {
  if (b->oom)
    return 0;
  if (b->n + extra + 1 <= b->cap)
    return 1;
  size_t cap = b->cap ? b->cap * 2 : 256;
  while (cap < b->n + extra + 1)
    cap *= 2;
  char *s = realloc(b->s, cap);
  if (!s) {
    b->oom = 1;
    return 0;
  }
  b->s = s;
  b->cap = cap;
  return 1;
}

void sr_buf_add(sr_buf *b, const char *s, size_t n) {
  if (!reserve(b, n))
    return;
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

void sr_buf_puts(sr_buf *b, const char *s) { sr_buf_add(b, s, strlen(s)); }

void sr_buf_putc(sr_buf *b, char c) { sr_buf_add(b, &c, 1); }

void sr_buf_printf(sr_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !reserve(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)n;
}

void sr_buf_ident(sr_buf *b, const char *name) {
  sr_buf_putc(b, '`');
  for (const char *p = name; *p; p++) {
    if (*p == '`')
      sr_buf_putc(b, '`');
    sr_buf_putc(b, *p);
  }
  sr_buf_putc(b, '`');
}

static void quoted(sr_buf *b, const char *s, char q) {
  sr_buf_putc(b, q);
  for (const char *p = s; *p; p++) {
    if (*p == q || *p == '\\')
      sr_buf_putc(b, '\\');
    if (*p == '\n') {
      sr_buf_puts(b, "\\n");
      continue;
    }
    sr_buf_putc(b, *p);
  }
  sr_buf_putc(b, q);
}

void sr_buf_dquote(sr_buf *b, const char *s) { quoted(b, s, '"'); }
void sr_buf_squote(sr_buf *b, const char *s) { quoted(b, s, '\''); }

const char *sr_buf_str(sr_buf *b) {
  if (b->oom)
    return NULL;
  if (!b->s)
    reserve(b, 0);
  if (b->s)
    b->s[b->n] = 0;
  return b->oom ? NULL : b->s;
}

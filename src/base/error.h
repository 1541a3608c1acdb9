/* Errors of the StarRocks core: returned, never printed. A message says
 * what went wrong, where (source:line:column or an offset) and what was
 * expected. */
#ifndef SR_ERROR_H
#define SR_ERROR_H

typedef struct sr_err {
  int set;
  char msg[600];
} sr_err;

enum { SR_OK = 0, SR_ERROR = 1, SR_NOMEM = 2 };

/* Formats into err (first error wins) and returns SR_ERROR. */
int sr_errf(sr_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sr_oom(sr_err *err);

#endif

#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>

int sr_errf(sr_err *err, const char *fmt, ...) {
  if (err && !err->set) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    err->set = 1;
  }
  return SR_ERROR;
}

int sr_oom(sr_err *err) {
  sr_errf(err, "out of memory");
  return SR_NOMEM;
}

/* Placeholder until the live source lands: reports that it is missing. */
#include "live.h"

#include <string.h>

int sr_live_is_url(const char *spec) {
  return !strncmp(spec, "starrocks://", 12);
}

void sr_live_redact(sr_buf *b, const char *url) {
  const char *at = strchr(url, '@');
  const char *colon = strchr(url + 12, ':');
  if (at && colon && colon < at) {
    sr_buf_add(b, url, (size_t)(colon - url));
    sr_buf_puts(b, at);
  } else {
    sr_buf_puts(b, url);
  }
}

int sr_live_load(const char *url, sr_schema **out, sr_err *err) {
  (void)out;
  sr_buf b;
  sr_buf_init(&b);
  sr_live_redact(&b, url);
  sr_errf(err, "%s: live sources are not implemented yet", sr_buf_str(&b) ? b.s : "starrocks://");
  sr_buf_free(&b);
  return SR_ERROR;
}

#include "base/version.h"

#include <stdio.h>

enum { MAX_PART = 99999 };

/* Digits at *p into *out; 0 when there are none or the number is larger
 * than MAX_PART (hostile text cannot overflow). */
static int number(const char **p, int *out) {
  const char *s = *p;
  long n = 0;
  if (*s < '0' || *s > '9')
    return 0;
  while (*s >= '0' && *s <= '9') {
    n = n * 10 + (*s++ - '0');
    if (n > MAX_PART)
      return 0;
  }
  *out = (int)n;
  *p = s;
  return 1;
}

static int ends_version(char c) {
  return !c || c == '-' || c == '+' || c == '_' || c == '.' || c == ' ' ||
         c == '\t';
}

int sr_version_parse(const char *s, sr_version *v) {
  sr_version r = {0, 0, 0, 0};
  if (!s)
    return 0;
  while (*s == ' ' || *s == '\t')
    s++;
  if (!number(&s, &r.major) || *s++ != '.' || !number(&s, &r.minor))
    return 0;
  if (*s == '.') {
    s++;
    if (!number(&s, &r.patch))
      return 0;
    r.has_patch = 1;
  }
  if (!ends_version(*s))
    return 0;
  *v = r;
  return 1;
}

int sr_version_cmp(sr_version a, sr_version b) {
  if (a.major != b.major)
    return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor)
    return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch)
    return a.patch < b.patch ? -1 : 1;
  return 0;
}

int sr_version_at_least(sr_version a, sr_version b) {
  return sr_version_cmp(a, b) >= 0;
}

const char *sr_version_text(sr_version v, char *buf, size_t cap) {
  if (v.has_patch)
    snprintf(buf, cap, "%d.%d.%d", v.major, v.minor, v.patch);
  else
    snprintf(buf, cap, "%d.%d", v.major, v.minor);
  return buf;
}

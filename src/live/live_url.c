#include "live/live_url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ACCEPTED                                                               \
  "connect_timeout, read_timeout, total_timeout, ssl, ssl_ca, password_env, "  \
  "option_file, option_group, run_mode, pool, batch"

/* Defaults; POOL and BATCH from the measurements in doc/live.md. */
enum {
  CONNECT_TIMEOUT = 10,
  READ_TIMEOUT = 60,
  TOTAL_TIMEOUT = 300,
  POOL = 4,
  MAX_POOL = 16,
  BATCH = 500,
  MAX_BATCH = 1000
};

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Percent-decodes s[0..n) into a malloc'd string; *bad set on a bad
 * escape or an encoded NUL (which no C string can carry). */
static char *decode(const char *s, size_t n, int *bad) {
  char *r = malloc(n + 1), *o = r;
  if (!r)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '%') {
      *o++ = s[i];
      continue;
    }
    int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
    int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
    if (hi < 0 || lo < 0 || (hi | lo) == 0) {
      *bad = 1;
      break;
    }
    *o++ = (char)(hi * 16 + lo);
    i += 2;
  }
  *o = 0;
  return r;
}

/* Decodes a URL part; what names the part in the error. */
static int part(const char *s, size_t n, char **out, const char *what,
                sr_err *err) {
  int bad = 0;
  char *v = decode(s, n, &bad);
  if (!v)
    return sr_oom(err);
  if (bad) {
    free(v);
    return sr_errf(err, "bad percent-escape in the %s of the URL", what);
  }
  *out = v;
  return SR_OK;
}

static int parse_uint(const char *v, unsigned max, unsigned *out) {
  char *end;
  if (!*v || strspn(v, "0123456789") != strlen(v))
    return 0;
  unsigned long x = strtoul(v, &end, 10);
  if (x > max)
    return 0;
  *out = (unsigned)x;
  return 1;
}

static int set_ssl(sr_live_url *u, const char *v, sr_err *err) {
  static const char *const names[] = {"preferred", "disabled", "required",
                                      "verify"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(v, names[i])) {
      u->ssl = (sr_ssl_mode)i;
      return SR_OK;
    }
  return sr_errf(err,
                 "bad value '%s' for parameter ssl (expected disabled, "
                 "preferred, required or verify)",
                 v);
}

static int set_run_mode(sr_live_url *u, const char *v, sr_err *err) {
  if (!strcmp(v, "shared_nothing"))
    u->run_mode = 0;
  else if (!strcmp(v, "shared_data"))
    u->run_mode = 1;
  else
    return sr_errf(err,
                   "bad value '%s' for parameter run_mode (expected "
                   "shared_nothing or shared_data)",
                   v);
  return SR_OK;
}

/* An environment variable's name: anything else may be the password itself
 * written there by mistake, so it is refused without being shown. */
static int env_name(const char *v, size_t n) {
  if (!n || !(isalpha((unsigned char)v[0]) || v[0] == '_'))
    return 0;
  for (size_t i = 1; i < n; i++)
    if (!(isalnum((unsigned char)v[i]) || v[i] == '_'))
      return 0;
  return 1;
}

static int set_string(char **slot, char *v, const char *k, sr_err *err) {
  if (*slot)
    return sr_errf(err, "parameter %s given twice", k);
  *slot = v;
  return SR_OK;
}

/* Takes ownership of v. */
static int set_param(sr_live_url *u, const char *k, char *v, sr_err *err) {
  int rc = SR_OK, keep = 0;
  if (!strcmp(k, "connect_timeout") || !strcmp(k, "read_timeout") ||
      !strcmp(k, "total_timeout")) {
    unsigned *t = k[0] == 'c'   ? &u->connect_timeout
                  : k[0] == 'r' ? &u->read_timeout
                                : &u->total_timeout;
    if (!parse_uint(v, 86400, t) || !*t)
      rc = sr_errf(err,
                   "bad value '%s' for parameter %s (expected seconds, "
                   "1 to 86400)",
                   v, k);
  } else if (!strcmp(k, "pool")) {
    if (!parse_uint(v, MAX_POOL, &u->pool) || !u->pool)
      rc = sr_errf(err,
                   "bad value '%s' for parameter pool (expected connections, "
                   "1 to %d)",
                   v, MAX_POOL);
  } else if (!strcmp(k, "batch")) {
    if (!strcmp(v, "off"))
      u->batch = 1;
    else if (!parse_uint(v, MAX_BATCH, &u->batch) || !u->batch)
      rc = sr_errf(err,
                   "bad value '%s' for parameter batch (expected statements "
                   "per request, 1 to %d, or off)",
                   v, MAX_BATCH);
  } else if (!strcmp(k, "ssl")) {
    rc = set_ssl(u, v, err);
  } else if (!strcmp(k, "run_mode")) {
    rc = set_run_mode(u, v, err);
  } else if (!strcmp(k, "ssl_ca") || !strcmp(k, "password_env") ||
             !strcmp(k, "option_file") || !strcmp(k, "option_group")) {
    char **slot = k[0] == 's'   ? &u->ssl_ca
                  : k[0] == 'p' ? &u->password_env
                  : k[7] == 'f' ? &u->option_file
                                : &u->option_group;
    if (slot == &u->password_env && !env_name(v, strlen(v)))
      rc = sr_errf(err, "bad value for parameter password_env (expected the "
                        "name of an environment variable: letters, digits "
                        "and _)");
    else
      rc = set_string(slot, v, k, err);
    keep = !rc;
  } else {
    rc = sr_errf(err, "unknown parameter '%s' (accepted: " ACCEPTED ")", k);
  }
  if (!keep)
    free(v);
  return rc;
}

/* A parameter named like a password is refused before any other, by its
 * name only: a password holding '&' or '=' makes more parameters of its
 * parts, which no message may show. */
static int secret_param(const char *q, sr_err *err) {
  for (size_t n; *q; q += n + (q[n] == '&')) {
    n = strcspn(q, "&");
    int bad = 0;
    char *k = decode(q, strcspn(q, "&="), &bad);
    if (!k)
      return sr_oom(err);
    int secret = !bad && strcasecmp(k, "password_env") &&
                 (strcasestr(k, "pass") || strcasestr(k, "pwd") ||
                  strcasestr(k, "secret") || strcasestr(k, "token"));
    int rc = secret ? sr_errf(err,
                              "parameter '%.40s' is not accepted: a password "
                              "goes in the URL as user:password@host, in "
                              "password_env or in an option file",
                              k)
                    : SR_OK;
    free(k);
    if (rc)
      return rc;
  }
  return SR_OK;
}

static int parse_query(sr_live_url *u, const char *q, sr_err *err) {
  if (secret_param(q, err))
    return SR_ERROR;
  while (*q) {
    size_t n = strcspn(q, "&");
    const char *eq = memchr(q, '=', n);
    char *k = NULL, *v = NULL;
    if (n && !eq)
      return sr_errf(err, "parameter without '=' in the URL (expected "
                          "name=value; accepted: " ACCEPTED ")");
    if (n) {
      if (part(q, (size_t)(eq - q), &k, "parameters", err))
        return SR_ERROR;
      if (part(eq + 1, n - (size_t)(eq + 1 - q), &v, "parameters", err)) {
        free(k);
        return SR_ERROR;
      }
      int rc = set_param(u, k, v, err);
      free(k);
      if (rc)
        return rc;
    }
    q += n + (q[n] == '&');
  }
  return SR_OK;
}

/* host[:port] or [v6]:port */
static int parse_hostport(sr_live_url *u, const char *s, size_t n,
                          sr_err *err) {
  const char *end = s + n, *colon = NULL;
  if (n && s[0] == '[') {
    const char *rb = memchr(s, ']', n);
    if (!rb)
      return sr_errf(err, "unterminated [ in the host of the URL");
    if (part(s + 1, (size_t)(rb - s - 1), &u->host, "host", err))
      return SR_ERROR;
    colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
    if (!colon && rb + 1 != end)
      return sr_errf(err, "unexpected text after ] in the host of the URL");
  } else {
    colon = memchr(s, ':', n);
    size_t hn = colon ? (size_t)(colon - s) : n;
    if (part(s, hn, &u->host, "host", err))
      return SR_ERROR;
  }
  if (!*u->host)
    return sr_errf(err, "the URL names no host");
  u->port = 9030;
  if (colon) {
    char digits[8] = {0};
    size_t pn = (size_t)(end - colon - 1);
    if (pn < sizeof digits)
      memcpy(digits, colon + 1, pn);
    if (!pn || strspn(colon + 1, "0123456789") < pn)
      return sr_errf(err, "the port in the URL is not a number (expected "
                          "host:port; a password goes as "
                          "user:password@host)");
    if (pn >= sizeof digits || !parse_uint(digits, 65535, &u->port) || !u->port)
      return sr_errf(err, "bad port in the URL (expected 1 to 65535)");
  }
  return SR_OK;
}

static int parse_authority(sr_live_url *u, const char *s, size_t n,
                           sr_err *err) {
  const char *at = NULL;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '@')
      at = s + i; /* the last one: '@' may be in a password */
  if (at) {
    size_t un = (size_t)(at - s);
    const char *colon = memchr(s, ':', un);
    size_t user_n = colon ? (size_t)(colon - s) : un;
    if (user_n && part(s, user_n, &u->user, "user", err))
      return SR_ERROR;
    if (colon && part(colon + 1, (size_t)(at - colon - 1), &u->password,
                      "password", err))
      return SR_ERROR;
    n -= un + 1;
    s = at + 1;
  }
  return parse_hostport(u, s, n, err);
}

static int parse_database(sr_live_url *u, const char *s, size_t n,
                          sr_err *err) {
  if (part(s, n, &u->database, "database", err))
    return SR_ERROR;
  const char *dot = strchr(u->database, '.');
  u->schema = dot ? dot + 1 : u->database;
  if (!*u->database || !*u->schema || (dot && dot == u->database) ||
      strchr(u->schema, '.'))
    return sr_errf(err, "the URL names no database (expected "
                        "starrocks://[user[:password]@]host[:port]/database "
                        "or /catalog.database)");
  return SR_OK;
}

int sr_live_url_parse(const char *url, sr_live_url *u, sr_err *err) {
  memset(u, 0, sizeof *u);
  u->run_mode = -1;
  u->connect_timeout = CONNECT_TIMEOUT;
  u->read_timeout = READ_TIMEOUT;
  u->total_timeout = TOTAL_TIMEOUT;
  u->pool = POOL;
  u->batch = BATCH;
  if (strncasecmp(url, "starrocks:", 10))
    return sr_errf(err, "unsupported URL scheme (expected starrocks://"
                        "[user[:password]@]host[:port]/database)");
  if (strncmp(url + 10, "//", 2))
    return sr_errf(err, "a live source starts with starrocks:// (expected "
                        "starrocks://[user[:password]@]host[:port]/database)");
  const char *a = url + 12;
  size_t an = strcspn(a, "/?#");
  /* An '@' after the authority means the userinfo held '/', '?' or '#'. */
  const char *at = strrchr(a, '@');
  if (at && at > a + an && memchr(a, ':', (size_t)(at - a)))
    return sr_errf(err, "the user or password holds an unencoded '/', '?' or "
                        "'#': percent-encode it (%%2F, %%3F, %%23)");
  int rc = parse_authority(u, a, an, err);
  if (!rc && a[an] != '/')
    rc = sr_errf(err, "the URL names no database (expected "
                      "starrocks://[user[:password]@]host[:port]/database)");
  if (!rc) {
    const char *p = a + an + 1;
    size_t pn = strcspn(p, "?#");
    rc = parse_database(u, p, pn, err);
    if (!rc && p[pn] == '#')
      rc = sr_errf(err, "unexpected '#' in the URL");
    if (!rc && p[pn] == '?')
      rc = parse_query(u, p + pn + 1, err);
  }
  if (!rc && u->ssl_ca && u->ssl == SR_SSL_DISABLED)
    rc = sr_errf(err, "ssl_ca given with ssl=disabled");
  if (!rc && u->password && u->password_env)
    rc = sr_errf(err, "the URL has both a password and password_env (give "
                      "one)");
  if (rc)
    sr_live_url_free(u);
  return rc;
}

void sr_live_url_free(sr_live_url *u) {
  free(u->user);
  if (u->password)
    memset(u->password, 0, strlen(u->password));
  free(u->password);
  free(u->host);
  free(u->database);
  free(u->ssl_ca);
  free(u->password_env);
  free(u->option_file);
  free(u->option_group);
  memset(u, 0, sizeof *u);
}

/* ---- the URL as messages show it ------------------------------------- */

/* Parameters whose values are never secret. */
static int shown_param(const char *k, size_t n) {
  static const char *const names[] = {
      "connect_timeout", "read_timeout", "total_timeout", "ssl",
      "ssl_ca",          "password_env", "option_file",   "option_group",
      "run_mode",        "pool",         "batch"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strlen(names[i]) == n && !strncmp(names[i], k, n))
      return 1;
  return 0;
}

/* The parts of a starrocks:// URL, each as messages show it: kept, left
 * out, or shown as "***". One walk serves the message form
 * (sr_live_url_show) and the in-place mask (sr_live_url_mask), so that
 * they hide the same bytes. */
typedef enum { U_KEEP, U_DROP, U_STAR } url_how;
typedef struct url_walk {
  void (*part)(struct url_walk *w, size_t off, size_t n, url_how how);
  const char *url;
} url_walk;

/* The query: parameters shown whole while each is one of the above (and
 * password_env names a variable); from the first other one on, values
 * hidden, and after it every part, which may be a piece of its value. */
static void walk_query(url_walk *w, size_t q, size_t n) {
  int hide = 0;
  for (size_t i = 0; i < n;) {
    const char *k = w->url + q + i;
    size_t p = strcspn(k, "&");
    p = i + p > n ? n - i : p;
    const char *eq = memchr(k, '=', p);
    size_t kn = eq ? (size_t)(eq - k) : p;
    int env = kn == 12 && !strncmp(k, "password_env", 12);
    int ok = !hide && shown_param(k, kn) &&
             (!env || (eq && env_name(eq + 1, p - kn - 1)));
    if (ok)
      w->part(w, q + i, p, U_KEEP);
    else if (!hide && eq) {
      w->part(w, q + i, kn + 1, U_KEEP);
      w->part(w, q + i + kn + 1, p - kn - 1, U_STAR);
    } else
      w->part(w, q + i, p, U_STAR);
    hide |= !ok;
    i += p;
    if (i < n)
      w->part(w, q + i++, 1, U_KEEP);
  }
}

/* host[:port], the port hidden when it is not a number (the password of a
 * URL whose host was forgotten: starrocks://user:password/db). */
static void walk_host(url_walk *w, size_t h0, size_t n) {
  const char *h = w->url + h0;
  const char *rb = n && h[0] == '[' ? memchr(h, ']', n) : NULL;
  const char *start = rb ? rb : h;
  const char *colon = memchr(start, ':', n - (size_t)(start - h));
  size_t hn = colon ? (size_t)(colon - h) : n;
  if (!colon) {
    w->part(w, h0, n, U_KEEP);
    return;
  }
  size_t pn = n - hn - 1;
  int numeric = pn && strspn(colon + 1, "0123456789") >= pn;
  w->part(w, h0, hn + 1, U_KEEP);
  w->part(w, h0 + hn + 1, pn, numeric ? U_KEEP : U_STAR);
}

static void walk_url(url_walk *w) {
  const char *url = w->url, *a = url + 12, *at = strrchr(a, '@');
  w->part(w, 0, 12, U_KEEP);
  /* The userinfo ends at the LAST '@': a password may hold an unencoded
   * '@', '/', '?' or '#'. Only the user is shown. */
  if (at) {
    size_t un = strcspn(a, ":@");
    w->part(w, 12, un, U_KEEP);
    w->part(w, 12 + un, (size_t)(at - a) - un, U_DROP);
    w->part(w, (size_t)(at - url), 1, U_KEEP);
    a = at + 1;
  }
  size_t hn = strcspn(a, "/?#");
  walk_host(w, (size_t)(a - url), hn);
  a += hn;
  size_t pn = strcspn(a, "?#");
  w->part(w, (size_t)(a - url), pn, U_KEEP);
  a += pn;
  if (*a == '?') {
    size_t qn = strcspn(a + 1, "#");
    w->part(w, (size_t)(a - url), 1, U_KEEP);
    walk_query(w, (size_t)(a + 1 - url), qn);
    a += qn + 1;
  }
  if (*a == '#') {
    w->part(w, (size_t)(a - url), 1, U_KEEP);
    w->part(w, (size_t)(a + 1 - url), strlen(a + 1), U_STAR);
  }
}

typedef struct {
  url_walk w;
  sr_buf *b;
} show_walk;

static void show_part(url_walk *w, size_t off, size_t n, url_how how) {
  sr_buf *b = ((show_walk *)w)->b;
  if (how == U_KEEP)
    sr_buf_add(b, w->url + off, n);
  else if (how == U_STAR)
    sr_buf_puts(b, "***");
}

void sr_live_url_show(sr_buf *b, const char *url) {
  if (strncasecmp(url, "starrocks://", 12)) {
    /* Any other shape: the scheme only. */
    sr_buf_add(b, url, strcspn(url, ":"));
    sr_buf_puts(b, ":...");
    return;
  }
  show_walk s = {{show_part, url}, b};
  walk_url(&s.w);
}

typedef struct {
  url_walk w;
  char *s;
} mask_walk;

static void mask_part(url_walk *w, size_t off, size_t n, url_how how) {
  char *s = ((mask_walk *)w)->s;
  if (how == U_DROP && n && s[off] == ':')
    off++, n--; /* user:xxx@host reads as what it was */
  if (how != U_KEEP)
    memset(s + off, 'x', n);
}

void sr_live_url_mask(char *url) {
  if (strncasecmp(url, "starrocks://", 12)) {
    char *c = strchr(url, ':');
    if (c)
      memset(c + 1, 'x', strlen(c + 1));
    return;
  }
  mask_walk m = {{mask_part, url}, url};
  walk_url(&m.w);
}

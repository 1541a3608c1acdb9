/* starrocks:// URLs (SPEC §1): parsed into their parts, percent-decoded,
 * every parameter checked. Independent of libmariadb so that it can be
 * tested and reused without a server. */
#ifndef SR_LIVE_URL_H
#define SR_LIVE_URL_H

#include "base/error.h"
#include "base/strbuf.h"

typedef enum sr_ssl_mode {
  SR_SSL_PREFERRED, /* the default, as for every MySQL client */
  SR_SSL_DISABLED,
  SR_SSL_REQUIRED,
  SR_SSL_VERIFY
} sr_ssl_mode;

typedef struct sr_live_url {
  char *user;     /* NULL: from the option file or the login name */
  char *password; /* NULL: none stated (see password_env) */
  char *host;
  unsigned port;      /* 9030 when absent */
  char *database;     /* as given: `db` or `catalog.db` */
  const char *schema; /* the db part of database (points into it) */
  unsigned connect_timeout, read_timeout; /* seconds (defaults 10, 60) */
  unsigned total_timeout; /* seconds the whole read may take (300) */
  unsigned pool;          /* connections at most (4) */
  unsigned batch;         /* SHOW CREATE TABLE statements per request at most */
  sr_ssl_mode ssl;
  char *ssl_ca;
  char *password_env;
  char *option_file;
  char *option_group;
  int run_mode; /* -1 detect, 0 shared_nothing, 1 shared_data */
} sr_live_url;

/* Parses url; on error nothing needs freeing. Messages never contain the
 * password (the caller prefixes them with the redacted URL). */
int sr_live_url_parse(const char *url, sr_live_url *u, sr_err *err);
void sr_live_url_free(sr_live_url *u);
/* url as messages show it (SPEC §1), whatever its shape: no part of the
 * userinfo but the user, no value but those of the parameters that are
 * never secret, a non-numeric port hidden; anything but starrocks:// shows
 * its scheme only. */
void sr_live_url_show(sr_buf *b, const char *url);
/* Overwrites with 'x', in place, every byte of url that sr_live_url_show
 * leaves out or shows as "***" (all after the scheme for any shape but
 * starrocks://): for the process list, whose copy of argv stays readable
 * while a command runs. */
void sr_live_url_mask(char *url);

#endif

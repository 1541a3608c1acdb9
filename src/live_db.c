#include "live_db.h"

#include <string.h>

#define AUTH_PLUGINS                                                           \
  "mysql_native_password,caching_sha2_password,client_ed25519"

enum { DEFAULT_CONNECT_TIMEOUT = 10, DEFAULT_READ_TIMEOUT = 60 };

/* libmariadb reports a read timeout as a lost connection (or, under TLS, as
 * a TLS error): say which. */
static const char *hint(unsigned no, const char *msg) {
  if (no == 2013 || no == 2006)
    return " (connection lost or read_timeout exceeded)";
  if (no == 2026 && strstr(msg, "timed out"))
    return " (read_timeout exceeded)";
  if (no == 2026 && strstr(msg, "eof"))
    return " (connection lost)";
  return "";
}

int sr_live_db_error(const sr_live *L, MYSQL *m, const char *doing,
                     sr_err *err) {
  unsigned no = mysql_errno(m);
  const char *msg = mysql_error(m);
  return sr_errf(err, "%s: %s: %s (MySQL error %u)%s", L->where, doing, msg, no,
                 hint(no, msg));
}

/* TLS is always set explicitly, so that the library's own default (which
 * differs between Connector/C releases) never decides. With libmariadb
 * 3.3, MYSQL_OPT_SSL_ENFORCE asks for TLS but goes on in clear text when
 * the server offers none: that is `preferred`; `required` is checked after
 * connecting (tls_missing). */
static int set_tls(const sr_live *L, MYSQL *m) {
  my_bool on = 1, off = 0;
  my_bool use = L->u.ssl != SR_SSL_DISABLED;
  my_bool verify = L->u.ssl == SR_SSL_VERIFY;
  int rc = mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, use ? &on : &off);
  rc |=
      mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, verify ? &on : &off);
  if (L->u.ssl_ca)
    rc |= mysql_optionsv(m, MYSQL_OPT_SSL_CA, L->u.ssl_ca);
  return rc;
}

static int tls_missing(const sr_live *L, MYSQL *m) {
  return (L->u.ssl == SR_SSL_REQUIRED || L->u.ssl == SR_SSL_VERIFY) &&
         !mysql_get_ssl_cipher(m);
}

static int set_options(const sr_live *L, MYSQL *m) {
  unsigned ct =
      L->u.connect_timeout ? L->u.connect_timeout : DEFAULT_CONNECT_TIMEOUT;
  unsigned rt = L->u.read_timeout ? L->u.read_timeout : DEFAULT_READ_TIMEOUT;
  my_bool off = 0;
  int rc = mysql_optionsv(m, MYSQL_READ_DEFAULT_GROUP,
                          L->u.option_group ? L->u.option_group : "client");
  if (L->u.option_file)
    rc |= mysql_optionsv(m, MYSQL_READ_DEFAULT_FILE, L->u.option_file);
  rc |= mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
  rc |= mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &rt);
  rc |= mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &rt);
  rc |= mysql_optionsv(m, MYSQL_OPT_RECONNECT, &off);
  rc |= mysql_optionsv(m, MYSQL_OPT_LOCAL_INFILE, &off);
  rc |= mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  return rc | set_tls(L, m);
}

MYSQL *sr_live_connect(const sr_live *L, sr_err *err) {
  MYSQL *m = mysql_init(NULL);
  if (!m)
    return sr_oom(err), NULL;
  if (set_options(L, m)) {
    sr_errf(err, "%s: cannot set connection options", L->where);
    mysql_close(m);
    return NULL;
  }
  /* user and password stay NULL when the URL omits them, so that the
   * option file can supply them; CLIENT_CONNECT_WITH_DB selects the
   * database (or catalog.database) without another round trip. */
  if (!mysql_real_connect(m, L->u.host, L->u.user, L->password, L->u.database,
                          L->u.port, NULL, 0)) {
    sr_live_db_error(L, m, "cannot connect", err);
    mysql_close(m);
    return NULL;
  }
  if (tls_missing(L, m)) {
    sr_errf(err, "%s: cannot connect: ssl=%s but the server offers no TLS",
            L->where, L->u.ssl == SR_SSL_VERIFY ? "verify" : "required");
    mysql_close(m);
    return NULL;
  }
  return m;
}

MYSQL_RES *sr_live_query(const sr_live *L, MYSQL *m, const char *sql,
                         unsigned min_fields, const char *doing, sr_err *err) {
  if (mysql_real_query(m, sql, strlen(sql)))
    return sr_live_db_error(L, m, doing, err), NULL;
  MYSQL_RES *r = mysql_store_result(m);
  if (!r) {
    if (mysql_errno(m))
      sr_live_db_error(L, m, doing, err);
    else
      sr_errf(err, "%s: %s: the server returned no result set", L->where,
              doing);
    return NULL;
  }
  if (mysql_num_fields(r) < min_fields) {
    sr_errf(err, "%s: %s: the server returned %u columns, expected %u",
            L->where, doing, mysql_num_fields(r), min_fields);
    mysql_free_result(r);
    return NULL;
  }
  return r;
}

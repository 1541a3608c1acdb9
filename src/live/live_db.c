/* Connections and requests over libmariadb's non-blocking API, driven by
 * poll(): each wait is bounded by libmariadb's own timeout (connect_timeout,
 * read_timeout) and by the read's overall deadline (total_timeout), which
 * no server behaviour can stretch: a server trickling one byte at a time
 * satisfies every read_timeout, never the deadline (issue 8). The calls
 * still block their thread; each pool worker owns one connection. One
 * exception: libmariadb runs the TLS handshake inside the connect call
 * with its own waits (doc/live.md "Time limits"). */
#include "live/live_db.h"

#include <errmsg.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define AUTH_PLUGINS                                                           \
  "mysql_native_password,caching_sha2_password,client_ed25519"

/* The stack libmariadb runs a non-blocking call on: name resolution and
 * the TLS handshake run there too, so it is generous (only the pages
 * touched are used). */
enum { CALL_STACK = 512 * 1024 };

long long sr_live_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int ready(short revents, int asked) {
  if (revents & (POLLHUP | POLLERR | POLLNVAL))
    return asked; /* the call will find out what happened */
  int r = 0;
  if (revents & POLLIN)
    r |= MYSQL_WAIT_READ;
  if (revents & POLLOUT)
    r |= MYSQL_WAIT_WRITE;
  if (revents & POLLPRI)
    r |= MYSQL_WAIT_EXCEPT;
  return r;
}

/* One non-blocking call in progress, and which limit ended it, if any. */
typedef struct call {
  const sr_live *L;
  MYSQL *m;
  unsigned wait;     /* seconds any one wait may take */
  const char *per;   /* its parameter: connect_timeout or read_timeout */
  const char *limit; /* the parameter whose limit ended the call */
} call;

static call start(const sr_live *L, MYSQL *m, int connecting) {
  call c = {L, m, connecting ? L->u.connect_timeout : L->u.read_timeout,
            connecting ? "connect_timeout" : "read_timeout", NULL};
  return c;
}

/* Past a limit the socket is shut down and reported ready, so that the
 * call fails at once and frees what it holds instead of being abandoned
 * half-way. */
static int expire(call *c, int fd, const char *limit, int io) {
  c->limit = limit;
  shutdown(fd, SHUT_RDWR);
  return io ? io : MYSQL_WAIT_TIMEOUT;
}

/* Waits for what libmariadb asked (status); returns the status to continue
 * the call with. libmariadb's own timeouts do not cover every wait (none
 * while reading under TLS in non-blocking mode), so each wait also ends
 * after c->wait seconds, and every wait at the deadline. */
static int wait_io(call *c, int status) {
  int io = status & (MYSQL_WAIT_READ | MYSQL_WAIT_WRITE | MYSQL_WAIT_EXCEPT);
  struct pollfd p = {.fd = (int)mysql_get_socket(c->m)};
  p.events = (short)((io & MYSQL_WAIT_READ ? POLLIN : 0) |
                     (io & MYSQL_WAIT_WRITE ? POLLOUT : 0) |
                     (io & MYSQL_WAIT_EXCEPT ? POLLPRI : 0));
  long long now = sr_live_now(), end = now + 1000LL * c->wait;
  if (status & MYSQL_WAIT_TIMEOUT) {
    long long lib = now + (long long)mysql_get_timeout_value_ms(c->m);
    end = lib < end ? lib : end;
  }
  for (;;) {
    if (now >= c->L->deadline)
      return expire(c, p.fd, "total_timeout", io);
    if (now >= end)
      return expire(c, p.fd, c->per, io);
    long long until = end < c->L->deadline ? end : c->L->deadline;
    int rc = poll(&p, 1, (int)(until - now));
    if (rc > 0)
      return ready(p.revents, io);
    if (rc < 0 && errno != EINTR)
      return io;
    now = sr_live_now();
  }
}

/* libmariadb reports a TLS connection closed under it as a TLS error. */
static const char *hint(unsigned no, const char *msg) {
  return no == 2026 && strstr(msg, "eof") ? " (connection lost)" : "";
}

static unsigned limit_value(const sr_live *L, const char *limit) {
  return limit[0] == 'c'   ? L->u.connect_timeout
         : limit[0] == 'r' ? L->u.read_timeout
                           : L->u.total_timeout;
}

/* A call that ended on a limit says which; others give the library's
 * message. */
static int call_error(const call *c, const char *doing, sr_err *err) {
  const sr_live *L = c->L;
  if (c->limit)
    return sr_errf(err, "%s: %s: no answer within %s (%u s)", L->where, doing,
                   c->limit, limit_value(L, c->limit));
  unsigned no = mysql_errno(c->m);
  const char *msg = mysql_error(c->m);
  /* libmariadb 3.3 names the plugin from a reused buffer that holds the
   * login just sent (bytes of the password's hash): never shown. */
  if (no == CR_PLUGIN_NOT_ALLOWED)
    return sr_errf(err,
                   "%s: %s: the server asks for a login method this client "
                   "does not allow (mysql_clear_password, the LDAP login, "
                   "needs ssl=required or ssl=verify) (MySQL error %u)",
                   L->where, doing, no);
  return sr_errf(err, "%s: %s: %s (MySQL error %u)%s", L->where, doing, msg, no,
                 hint(no, msg));
}

int sr_live_client_error(MYSQL *m) {
  unsigned no = mysql_errno(m);
  return no >= CR_MIN_ERROR && no <= CR_MAX_ERROR;
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

/* The login methods the client accepts: mysql_clear_password (StarRocks's
 * LDAP login, which the FE asks for with an AuthSwitchRequest, facts §5)
 * sends the password as it is, so only over TLS (ssl=required or verify). */
static int set_auth(const sr_live *L, MYSQL *m) {
  int tls = L->u.ssl == SR_SSL_REQUIRED || L->u.ssl == SR_SSL_VERIFY;
  return mysql_optionsv(m, MARIADB_OPT_RESTRICTED_AUTH,
                        tls ? AUTH_PLUGINS ",mysql_clear_password"
                            : AUTH_PLUGINS);
}

static int set_options(const sr_live *L, MYSQL *m) {
  unsigned ct = L->u.connect_timeout, rt = L->u.read_timeout;
  size_t stack = CALL_STACK;
  my_bool off = 0;
  int rc = mysql_optionsv(m, MYSQL_OPT_NONBLOCK, &stack);
  rc |= set_auth(L, m);
  rc |= mysql_optionsv(m, MYSQL_READ_DEFAULT_GROUP,
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

/* user and password stay NULL when the URL omits them, so that the option
 * file can supply them; CLIENT_CONNECT_WITH_DB selects the database (or
 * catalog.database) without another round trip. The FE splits a request
 * into statements whatever the client says (facts §5), but libmariadb
 * reads the results after the first only when multi-results were asked
 * for. */
static MYSQL *real_connect(call *c) {
  const sr_live *L = c->L;
  MYSQL *ok = NULL;
  int st = mysql_real_connect_start(
      &ok, c->m, L->u.host, L->u.user, L->password, L->u.database, L->u.port,
      NULL, CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS);
  while (st)
    st = mysql_real_connect_cont(&ok, c->m, wait_io(c, st));
  return ok;
}

/* libmariadb 3.3 leaves the socket in blocking mode once connected and
 * reads TLS records with a plain SSL_read: each read blocks up to the
 * SO_RCVTIMEO it set from read_timeout before the call yields, so a silent
 * server cost twice read_timeout and a trickling one was never stopped by
 * total_timeout (seen with strace: read() returning EAGAIN after 1 s, then
 * our poll() for another). Non-blocking, every wait is wait_io's. Clear
 * text is read with MSG_DONTWAIT either way. */
static int set_nonblocking(const sr_live *L, MYSQL *m, sr_err *err) {
  int fd = (int)mysql_get_socket(m);
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
    return sr_errf(err,
                   "%s: cannot connect: cannot make the socket "
                   "non-blocking: %s",
                   L->where, strerror(errno));
  return SR_OK;
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
  call c = start(L, m, 1);
  if (!real_connect(&c)) {
    call_error(&c, "cannot connect", err);
    sr_live_close(L, m);
    return NULL;
  }
  if (set_nonblocking(L, m, err)) {
    sr_live_close(L, m);
    return NULL;
  }
  if (tls_missing(L, m)) {
    sr_errf(err, "%s: cannot connect: ssl=%s but the server offers no TLS",
            L->where, L->u.ssl == SR_SSL_VERIFY ? "verify" : "required");
    sr_live_close(L, m);
    return NULL;
  }
  return m;
}

void sr_live_close(const sr_live *L, MYSQL *m) {
  if (!m)
    return;
  call c = start(L, m, 0);
  int st = mysql_close_start(m);
  while (st)
    st = mysql_close_cont(m, wait_io(&c, st));
}

int sr_live_send(const sr_live *L, MYSQL *m, const char *sql, size_t n,
                 const char *doing, sr_err *err) {
  call c = start(L, m, 0);
  int ret = 0;
  int st = mysql_real_query_start(&ret, m, sql, (unsigned long)n);
  while (st)
    st = mysql_real_query_cont(&ret, m, wait_io(&c, st));
  return ret ? call_error(&c, doing, err) : SR_OK;
}

int sr_live_next(const sr_live *L, MYSQL *m, const char *doing, sr_err *err) {
  call c = start(L, m, 0);
  int ret = 0;
  int st = mysql_next_result_start(&ret, m);
  while (st)
    st = mysql_next_result_cont(&ret, m, wait_io(&c, st));
  /* A limit reached while waiting can end the call as "no more results"
   * (the socket shut down under it): the limit is the cause. */
  if (ret < 0 && !c.limit)
    return sr_errf(err, "%s: %s: the server sent no result", L->where, doing);
  return ret ? call_error(&c, doing, err) : SR_OK;
}

MYSQL_RES *sr_live_store(const sr_live *L, MYSQL *m, unsigned min_fields,
                         const char *doing, sr_err *err) {
  call c = start(L, m, 0);
  MYSQL_RES *r = NULL;
  int st = mysql_store_result_start(&r, m);
  while (st)
    st = mysql_store_result_cont(&r, m, wait_io(&c, st));
  if (!r) {
    if (mysql_errno(m))
      call_error(&c, doing, err);
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

MYSQL_RES *sr_live_query(const sr_live *L, MYSQL *m, const char *sql,
                         unsigned min_fields, const char *doing, sr_err *err) {
  if (sr_live_send(L, m, sql, strlen(sql), doing, err))
    return NULL;
  return sr_live_store(L, m, min_fields, doing, err);
}

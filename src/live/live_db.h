/* One MySQL-protocol connection to a StarRocks FE, opened with the URL's
 * options (SPEC §1), and the requests sent over it. Every wait is bounded
 * by libmariadb's own timeouts and by the read's overall deadline. Only
 * live_*.c files see libmariadb. */
#ifndef SR_LIVE_DB_H
#define SR_LIVE_DB_H

#include <mysql.h>

#include "live/live_url.h"

typedef struct sr_live {
  sr_live_url u;
  const char *password; /* u.password or the password_env variable */
  char *where;          /* the URL without password, for messages */
  long long deadline;   /* CLOCK_MONOTONIC ms when the read must end */
} sr_live;

/* Parses the URL, finds the password, sets the deadline of a read
 * (total_timeout), initialises libmariadb (live.c); on error too,
 * sr_live_end frees what was set up. */
int sr_live_begin(sr_live *L, const char *url, sr_err *err);
void sr_live_end(sr_live *L);
/* Milliseconds on CLOCK_MONOTONIC. */
long long sr_live_now(void);
/* Opens a connection to the URL's database; errors name L->where. */
MYSQL *sr_live_connect(const sr_live *L, sr_err *err);
/* Closes m (NULL is fine) within the deadline. */
void sr_live_close(const sr_live *L, MYSQL *m);
/* Sends sql (one statement, or several separated by ';') and reads the
 * first result's header; SR_ERROR with err set when that statement
 * failed. */
int sr_live_send(const sr_live *L, MYSQL *m, const char *sql, size_t n,
                 const char *doing, sr_err *err);
/* Moves to the next result of the request (mysql_more_results(m) says
 * whether there is one); SR_ERROR with err set when its statement failed. */
int sr_live_next(const sr_live *L, MYSQL *m, const char *doing, sr_err *err);
/* Stores the current result whole: at least min_fields columns. */
MYSQL_RES *sr_live_store(const sr_live *L, MYSQL *m, unsigned min_fields,
                         const char *doing, sr_err *err);
/* Runs one statement and stores its whole result. */
MYSQL_RES *sr_live_query(const sr_live *L, MYSQL *m, const char *sql,
                         unsigned min_fields, const char *doing, sr_err *err);
/* 1 when m's last error came from the client library (lost connection,
 * timeout, protocol), not from an ERR the server sent for one statement. */
int sr_live_client_error(MYSQL *m);

#endif

/* One MySQL-protocol connection to a StarRocks FE, opened with the URL's
 * options (SPEC §1), and the statements sent over it. Only live_*.c files
 * see libmariadb. */
#ifndef SR_LIVE_DB_H
#define SR_LIVE_DB_H

#include <mysql.h>

#include "live_url.h"

typedef struct sr_live {
  sr_live_url u;
  const char *password; /* u.password or the password_env variable */
  char *where;          /* the URL without password, for messages */
} sr_live;

/* Opens a connection to the URL's database; errors name L->where. */
MYSQL *sr_live_connect(const sr_live *L, sr_err *err);
/* Runs one statement and stores its whole result; at least min_fields
 * columns. doing names the step in errors. */
MYSQL_RES *sr_live_query(const sr_live *L, MYSQL *m, const char *sql,
                         unsigned min_fields, const char *doing, sr_err *err);
/* err := "<where>: <doing>: <client or server message> (MySQL error N)" */
int sr_live_db_error(const sr_live *L, MYSQL *m, const char *doing,
                     sr_err *err);

#endif

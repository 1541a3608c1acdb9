/* Requests of several statements and the fallback to one per request
 * (live_batch.h). */
#include "live/live_batch.h"

#include <stdio.h>

int sr_live_fields(const sr_live *L, MYSQL_RES *r, unsigned n,
                   const char *doing, sr_err *err) {
  if (mysql_num_fields(r) >= n)
    return SR_OK;
  return sr_errf(err, "%s: %s: the server returned %u columns, expected %u",
                 L->where, doing, mysql_num_fields(r), n);
}

/* A statement the server refused is REFUSED; anything else that failed
 * leaves the connection unusable. */
static int failed_how(MYSQL *m) {
  return sr_live_client_error(m) ? SR_LIVE_FAILED : SR_LIVE_REFUSED;
}

static int take(const sr_live *L, MYSQL *m, const sr_live_req *q, int i,
                const char *what, sr_err *err) {
  MYSQL_RES *r = sr_live_store(L, m, 0, what, err);
  if (!r)
    return SR_ERROR;
  int rc = q->take(q->ctx, i, r, err);
  mysql_free_result(r);
  return rc;
}

int sr_live_request(const sr_live *L, MYSQL *m, const sr_live_req *q, int from,
                    int to, int *next, sr_err *err) {
  char what[300];
  sr_buf sql;
  sr_buf_init(&sql);
  for (int i = from; i < to; i++) {
    if (i > from)
      sr_buf_putc(&sql, ';');
    q->stmt(q->ctx, i, &sql);
  }
  *next = from;
  if (!sr_buf_str(&sql))
    return sr_buf_free(&sql), sr_oom(err), SR_LIVE_FAILED;
  q->what(q->ctx, from, what, sizeof what);
  int rc = sr_live_send(L, m, sql.s, sql.n, what, err);
  sr_buf_free(&sql);
  if (rc)
    return failed_how(m);
  for (;;) {
    if (take(L, m, q, *next, what, err))
      return SR_LIVE_FAILED;
    int more = mysql_more_results(m);
    if (++*next == to && !more)
      return SR_LIVE_ANSWERED;
    if (*next == to) {
      sr_errf(err, "%s: %s: more results than statements", L->where, what);
      return SR_LIVE_FAILED;
    }
    if (!more)
      return SR_LIVE_SHORT;
    q->what(q->ctx, *next, what, sizeof what);
    if (sr_live_next(L, m, what, err))
      return failed_how(m);
  }
}

int sr_live_run(const sr_live *L, MYSQL *m, int *single, const sr_live_req *q,
                int from, int to, sr_err *err) {
  while (from < to) {
    int end = *single ? from + 1 : to, next;
    int how = sr_live_request(L, m, q, from, end, &next, err);
    /* Refused as the first of several: alone, it tells whether the server
     * refuses requests of several statements or this one. */
    if (how == SR_LIVE_REFUSED && next == from && end - from > 1) {
      how = sr_live_request(L, m, q, from, from + 1, &next, err);
      if (how == SR_LIVE_ANSWERED)
        *single = 1;
    }
    if (how == SR_LIVE_FAILED)
      return SR_ERROR;
    if (how == SR_LIVE_SHORT)
      *single = 1; /* one result for several statements */
    if (how == SR_LIVE_REFUSED) {
      if (!q->refused || q->refused(q->ctx, next, err))
        return SR_ERROR;
      next++;
    }
    from = next;
  }
  return SR_OK;
}

/* Requests of several statements (SPEC §1, facts §5): the FE splits one
 * COM_QUERY at its ';', runs the statements in order and answers each with
 * its own result, SERVER_MORE_RESULTS_EXISTS on all but the last; the first
 * ERR ends the answer. Read-only statements only: nothing here may change
 * anything. */
#ifndef SR_LIVE_BATCH_H
#define SR_LIVE_BATCH_H

#include "base/strbuf.h"
#include "live/live_db.h"

/* Statements 0..n-1 of a request, described by the caller. */
typedef struct sr_live_req {
  void *ctx;
  /* Appends statement i to b. */
  void (*stmt)(void *ctx, int i, sr_buf *b);
  /* Names statement i in messages ("reading information_schema.columns"). */
  void (*what)(void *ctx, int i, char *buf, size_t size);
  /* Takes the result of statement i, stored whole (freed after). */
  int (*take)(void *ctx, int i, MYSQL_RES *r, sr_err *err);
  /* Statement i was refused with err: SR_OK goes on with the next one;
   * NULL makes every refusal the read's error. */
  int (*refused)(void *ctx, int i, sr_err *err);
} sr_live_req;

/* How one request went. */
enum {
  SR_LIVE_ANSWERED, /* every statement, in order */
  SR_LIVE_REFUSED,  /* an ERR for statement *next; those after did not run */
  SR_LIVE_SHORT,    /* the answer ended after *next - from results */
  SR_LIVE_FAILED    /* connection, protocol or take error: err is set */
};

/* Sends statements [from, to) of q in one request and passes each result
 * to q->take in order; *next is the first statement not answered. */
int sr_live_request(const sr_live *L, MYSQL *m, const sr_live_req *q, int from,
                    int to, int *next, sr_err *err);
/* Statements [from, to) of q in as few requests as the server allows:
 * all in one while it answers them, one per request for the rest of the
 * connection (*single := 1) once it answers several with one result or
 * refuses them. */
int sr_live_run(const sr_live *L, MYSQL *m, int *single, const sr_live_req *q,
                int from, int to, sr_err *err);
/* Checks that r has at least n columns. */
int sr_live_fields(const sr_live *L, MYSQL_RES *r, unsigned n,
                   const char *doing, sr_err *err);

#endif

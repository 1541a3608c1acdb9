/* What the executor (exec.h) needs from a target: a live FE (live_exec.c)
 * or the offline interpreter (exec_offline.c). */
#ifndef SR_BACKEND_H
#define SR_BACKEND_H

#include "base/error.h"
#include "ddl/script.h"

/* One row of SHOW ALTER TABLE (facts §4). */
typedef struct sr_job {
  long long id;      /* 0: no such job */
  char state[24];    /* PENDING, WAITING_TXN, RUNNING, FINISHED, ... */
  char progress[24]; /* "18/48" while RUNNING, else "" */
  char msg[400];     /* the cancel reason or error */
} sr_job;

/* What the executor needs from a target. A session is one connection,
 * used by one thread at a time. */
typedef struct sr_backend {
  void *ctx;
  void *(*open)(void *ctx, sr_err *err);
  void (*close)(void *ctx, void *sess);
  /* Sends one statement. On failure err holds the cause (the server's
   * message and code) and *lost is 1 when the outcome is unknown (the
   * connection broke). */
  int (*run)(void *ctx, void *sess, const char *sql, int *lost, sr_err *err);
  /* The job `id` of kind on table, or its newest job when id is 0; out->id
   * is 0 when there is none. *lost as for run. */
  int (*job)(void *ctx, void *sess, sr_jobkind kind, const char *table,
             long long id, sr_job *out, int *lost, sr_err *err);
  /* The newest job of each kind on table, newest[k] for k = SR_JOB_COLUMN
   * .. SR_JOB_ROLLUP (id 0: none), in as few requests as the server
   * allows. *lost as for run. */
  int (*jobs)(void *ctx, void *sess, const char *table, sr_job newest[4],
              int *lost, sr_err *err);
} sr_backend;

#endif

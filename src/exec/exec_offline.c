/* The executor's backend (backend.h) for a table: target: each statement
 * is applied to the schema in memory by the sr_apply_ddl interpreter
 * (apply.c), so that an apply can be rehearsed without a cluster (SPEC
 * §7). Statements take effect at once: there are no jobs to wait for. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "plan/apply.h"

typedef struct octx {
  sr_schema *s;
  pthread_mutex_t mu; /* one statement at a time over the schema */
} octx;

static void *o_open(void *ctx, sr_err *err) {
  (void)err;
  return ctx;
}

static void o_close(void *ctx, void *sess) { (void)ctx, (void)sess; }

static int o_run(void *ctx, void *sess, const char *sql, int *lost,
                 sr_err *err) {
  octx *c = ctx;
  int applied;
  (void)sess;
  *lost = 0;
  pthread_mutex_lock(&c->mu);
  /* An empty name: messages read ":line:column: reason". */
  int rc = sr_apply_sql(c->s, "", sql, strlen(sql), &applied, err);
  pthread_mutex_unlock(&c->mu);
  if (rc && err->msg[0] == ':')
    memmove(err->msg, err->msg + 1, strlen(err->msg));
  return rc;
}

static int o_job(void *ctx, void *sess, sr_jobkind kind, const char *table,
                 long long id, sr_job *out, int *lost, sr_err *err) {
  (void)ctx, (void)sess, (void)kind, (void)table, (void)id, (void)err;
  memset(out, 0, sizeof *out);
  *lost = 0;
  return SR_OK;
}

static int o_jobs(void *ctx, void *sess, const char *table, sr_job newest[4],
                  int *lost, sr_err *err) {
  (void)ctx, (void)sess, (void)table, (void)err;
  memset(newest, 0, 4 * sizeof *newest);
  *lost = 0;
  return SR_OK;
}

int sr_offline_backend(sr_schema *s, sr_backend *b, sr_err *err) {
  octx *c = calloc(1, sizeof *c);
  if (!c)
    return sr_oom(err);
  if (pthread_mutex_init(&c->mu, NULL)) {
    free(c);
    return sr_errf(err, "cannot create a mutex");
  }
  c->s = s;
  *b = (sr_backend){c, o_open, o_close, o_run, o_job, o_jobs};
  return SR_OK;
}

void sr_offline_backend_free(sr_backend *b) {
  octx *c = b->ctx;
  if (!c)
    return;
  pthread_mutex_destroy(&c->mu);
  free(c);
  b->ctx = NULL;
}

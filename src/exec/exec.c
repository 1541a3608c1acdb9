/* The executor (exec.h). Threads rather than the non-blocking API, as in
 * live_pool.c: each worker owns one backend session and runs plain
 * blocking calls under the URL's timeouts; what they do is wait. The
 * caller's thread consumes events from a queue, so that it alone touches
 * SQLite (journal, rows). Polling follows the StarRocks SQL tester's
 * wait_alter_table_finish (test/lib/sr_sql_lib.py: the newest job until
 * FINISHED or CANCELLED), backing off to 10 s. */
#include "exec/exec.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ST_PENDING, ST_TAKEN, ST_FINISHED };

#define POLL_MAX 10.0  /* seconds: the backoff's ceiling (SPEC §7) */
#define REPORT_EVERY 5 /* seconds between progress lines of one job */

struct sr_run {
  const sr_stmt *v;
  int n;
  sr_backend b;
  sr_exec_opts o;
  sr_result *res;
  char *state;    /* ST_* per statement */
  int *prev_same; /* the previous statement on the same table, or -1 */
  int *prev_bar;  /* the previous barrier, or -1 */
  signed char *ack;
  int first; /* the first statement not finished */
  pthread_mutex_t mu;
  pthread_cond_t sched, ev, acked;
  sr_event *q; /* ring buffer: START, JOB, DONE per statement, END */
  int qhead, qlen, qcap;
  int stopped, workers, ended, synced;
  atomic_int abandoned;
  sr_err err; /* the first failure */
  pthread_t *tids;
  int nthreads;
};

typedef struct waiter {
  const sr_backend *b;
  const sr_exec_opts *o;
  void *sess;
  atomic_int *abandon; /* NULL: never */
} waiter;

void sr_exec_opts_init(sr_exec_opts *o) {
  memset(o, 0, sizeof *o);
  o->fn = "sr_exec";
  o->parallel = 1;
  o->wait_timeout = 3600;
  o->poll = 0.5;
  o->retries = 5;
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void say(const sr_exec_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(const sr_exec_opts *o, const char *fmt, ...) {
  if (!o->progress)
    return;
  char line[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  o->progress(o->progress_ctx, line);
}

void sr_exec_snippet(char *dst, size_t cap, const char *sql, size_t max) {
  size_t o = 0;
  int space = 0;
  if (max + 4 > cap)
    max = cap > 4 ? cap - 4 : 0;
  for (const char *p = sql; *p && o < max; p++) {
    int ws = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
    if (ws && (space || !o))
      continue;
    space = ws;
    dst[o++] = ws ? ' ' : *p;
  }
  if (o == max && strlen(sql) > max)
    memcpy(dst + o, "...", 3), o += 3;
  dst[o] = 0;
}

/* Sleeps s seconds in short slices; 1 when the run was abandoned. */
static int nap(const waiter *w, double s) {
  double end = mono() + s;
  for (double left = s; left > 0; left = end - mono()) {
    if (w->abandon && atomic_load(w->abandon))
      return 1;
    double d = left < 0.1 ? left : 0.1;
    struct timespec ts = {(time_t)d, (long)((d - (time_t)d) * 1e9)};
    nanosleep(&ts, NULL);
  }
  return w->abandon && atomic_load(w->abandon);
}

static void report(const waiter *w, const char *table, const sr_job *j,
                   const char *whose, double t0) {
  say(w->o, "%s: %s: job %lld%s %s%s%s (%.1f s)", w->o->fn, table, j->id, whose,
      j->state, *j->progress ? " " : "", j->progress, mono() - t0);
}

/* Polls job j of kind on table until FINISHED or CANCELLED; an error at
 * the deadline. */
static int await_job(const waiter *w, const char *table, sr_jobkind kind,
                     sr_job *j, const char *whose, double deadline, int *lost,
                     sr_err *err) {
  double t0 = mono(), interval = w->o->poll, next = t0 + REPORT_EVERY;
  char last[sizeof j->state] = "";
  long long id = j->id;
  for (;;) {
    double now = mono();
    if (strcmp(last, j->state) || now >= next) {
      report(w, table, j, whose, t0);
      snprintf(last, sizeof last, "%s", j->state);
      next = now + REPORT_EVERY;
    }
    if (sr_job_state_terminal(j->state))
      return SR_OK;
    if (now >= deadline)
      return sr_errf(err, "job %lld%s still %s%s%s after wait_timeout %g s", id,
                     whose, j->state, *j->progress ? " " : "", j->progress,
                     w->o->wait_timeout);
    /* The next poll: after the interval, or at the deadline, or, with
     * progress lines, when the next line is due (one every REPORT_EVERY
     * seconds, as doc/apply.md says; the backoff alone left gaps of 8 s). */
    double d = interval < deadline - now ? interval : deadline - now;
    if (w->o->progress && next > now && next - now < d)
      d = next - now;
    if (nap(w, d)) {
      *lost = 1;
      return sr_errf(err, "the run was abandoned while job %lld was %s", id,
                     j->state);
    }
    /* With progress lines, a poll at least as often as a line, so that
     * each line says what the server says now. */
    double most = w->o->progress ? REPORT_EVERY : POLL_MAX;
    interval = interval * 1.5 < most ? interval * 1.5 : most;
    if (w->b->job(w->b->ctx, w->sess, kind, table, id, j, lost, err))
      return SR_ERROR;
    if (!j->id)
      return sr_errf(err, "job %lld is no longer listed by SHOW ALTER TABLE %s",
                     id, sr_jobkind_name(kind));
  }
}

/* Waits until table has no unfinished job of any kind (anyone's: facts §4,
 * one job per table at a time); before[k] = the newest job of kind k;
 * *any (may be NULL) = 1 when there was one to wait for. */
static int settle(const waiter *w, const char *table, long long before[4],
                  int *any, int *lost, sr_err *err) {
  double deadline = mono() + w->o->wait_timeout;
  if (any)
    *any = 0;
  for (int waited = 1; waited;) {
    sr_job j[4];
    waited = 0;
    /* The three kinds in one request where the server allows it. */
    if (w->b->jobs(w->b->ctx, w->sess, table, j, lost, err))
      return SR_ERROR;
    for (sr_jobkind k = SR_JOB_COLUMN; k <= SR_JOB_ROLLUP; k++) {
      before[k] = j[k].id;
      if (!j[k].id || sr_job_state_terminal(j[k].state))
        continue;
      if (await_job(w, table, k, &j[k], " (already running)", deadline, lost,
                    err))
        return SR_ERROR;
      waited = 1;
      if (any)
        *any = 1;
    }
  }
  return SR_OK;
}

/* ---- scheduling --------------------------------------------------------- */

static int same_table(const sr_stmt *a, const sr_stmt *b) {
  return a->cls.table && b->cls.table && !strcmp(a->cls.table, b->cls.table);
}

typedef struct ord {
  const sr_stmt *v;
  int i;
} ord;

static int by_table(const void *x, const void *y) {
  const ord *a = x, *b = y;
  const char *ta = a->v[a->i].cls.table, *tb = b->v[b->i].cls.table;
  int c = ta && tb ? strcmp(ta, tb) : (ta != NULL) - (tb != NULL);
  return c ? c : a->i - b->i;
}

/* prev_same and prev_bar make the eligibility test O(1): a table's
 * statements run in order, a barrier after everything before it, and
 * nothing after a barrier before it finishes. */
static int link_order(sr_run *r) {
  ord *o = malloc(sizeof *o * (size_t)(r->n ? r->n : 1));
  if (!o)
    return SR_NOMEM;
  for (int i = 0; i < r->n; i++)
    o[i] = (ord){r->v, i};
  qsort(o, (size_t)r->n, sizeof *o, by_table);
  for (int k = 0; k < r->n; k++)
    r->prev_same[o[k].i] =
        k && same_table(&r->v[o[k - 1].i], &r->v[o[k].i]) ? o[k - 1].i : -1;
  free(o);
  for (int i = 0, bar = -1; i < r->n; i++) {
    r->prev_bar[i] = bar;
    if (r->v[i].cls.barrier)
      bar = i;
  }
  return SR_OK;
}

static int eligible(const sr_run *r, int i) {
  if (r->v[i].cls.barrier)
    return r->first == i;
  int p = r->prev_same[i], b = r->prev_bar[i];
  return (p < 0 || r->state[p] == ST_FINISHED) &&
         (b < 0 || r->state[b] == ST_FINISHED);
}

/* The next statement a worker may run, or -1 when none is left. */
static int take(sr_run *r) {
  pthread_mutex_lock(&r->mu);
  for (;;) {
    int pending = 0;
    for (int i = r->first; !r->stopped && i < r->n; i++) {
      if (r->state[i] != ST_PENDING)
        continue;
      pending = 1;
      if (eligible(r, i)) {
        r->state[i] = ST_TAKEN;
        pthread_mutex_unlock(&r->mu);
        return i;
      }
    }
    if (r->stopped || !pending) {
      pthread_mutex_unlock(&r->mu);
      return -1;
    }
    pthread_cond_wait(&r->sched, &r->mu);
  }
}

static void push(sr_run *r, sr_event_kind k, int i) {
  r->q[(r->qhead + r->qlen++) % r->qcap] = (sr_event){k, i};
  pthread_cond_signal(&r->ev);
}

/* Ends statement i: the first failure stops the run and names the table,
 * the statement and the cause (SPEC §7). */
static void finish(sr_run *r, int i, sr_outcome out, int open,
                   const sr_err *cause) {
  sr_result *res = &r->res[i];
  const sr_stmt *s = &r->v[i];
  res->outcome = out;
  res->open = open;
  if (cause && cause->set)
    snprintf(res->message, sizeof res->message, "%s", cause->msg);
  pthread_mutex_lock(&r->mu);
  if (out == SR_OUT_FAILED && !r->err.set) {
    char snip[240];
    sr_exec_snippet(snip, sizeof snip, s->sql, 200);
    sr_errf(&r->err, "%s: %s: %s: %s", r->o.fn,
            s->cls.table ? s->cls.table : "-", snip, res->message);
  }
  if (out == SR_OUT_FAILED)
    r->stopped = 1;
  r->state[i] = ST_FINISHED;
  while (r->first < r->n && r->state[r->first] == ST_FINISHED)
    r->first++;
  push(r, SR_EV_DONE, i);
  pthread_cond_broadcast(&r->sched);
  pthread_mutex_unlock(&r->mu);
}

/* Asks the caller to journal statement i before it is sent. */
static int start(sr_run *r, int i) {
  pthread_mutex_lock(&r->mu);
  push(r, SR_EV_START, i);
  while (!r->ack[i] && !atomic_load(&r->abandoned))
    pthread_cond_wait(&r->acked, &r->mu);
  int go = r->ack[i] > 0;
  pthread_mutex_unlock(&r->mu);
  return go;
}

/* ---- one statement ------------------------------------------------------ */

/* Sends the statement, waiting out the concurrent-change refusal (facts
 * §4: someone's job started between our check and the statement). When
 * SHOW ALTER lists no job to wait for (a backup or restore holds the
 * table, or a job not listed yet), the retry comes after a pause that
 * grows as the polls do. */
static int send(sr_run *r, const waiter *w, const sr_stmt *s,
                long long before[4], int *lost, sr_err *err) {
  double pause = r->o.poll;
  for (int attempt = 0;; attempt++) {
    if (!r->b.run(r->b.ctx, w->sess, s->sql, lost, err))
      return SR_OK;
    if (*lost || !s->cls.job_table || !sr_is_concurrent_change(err->msg))
      return SR_ERROR;
    if (attempt == r->o.retries) {
      size_t k = strlen(err->msg);
      snprintf(err->msg + k, sizeof err->msg - k, " (still after %d retries)",
               attempt);
      return SR_ERROR;
    }
    say(&r->o,
        "%s: %s: refused while another job holds the table: "
        "waiting, then retry %d of %d",
        r->o.fn, s->cls.job_table, attempt + 1, r->o.retries);
    *err = (sr_err){0};
    int any;
    if (settle(w, s->cls.job_table, before, &any, lost, err))
      return SR_ERROR;
    if (!any && nap(w, pause))
      return sr_errf(err, "the run was abandoned while %s was held",
                     s->cls.job_table);
    pause = pause * 1.5 < POLL_MAX ? pause * 1.5 : POLL_MAX;
  }
}

/* Waits for the job the statement started, if it started one: the newest
 * job of its kind, newer than those before it (SPEC §7). */
static void own_job(sr_run *r, const waiter *w, int i, long long before) {
  const sr_stmt *s = &r->v[i];
  sr_result *res = &r->res[i];
  sr_err err = {0};
  sr_job j;
  int lost = 0;
  if (r->b.job(r->b.ctx, w->sess, s->cls.job, s->cls.job_table, 0, &j, &lost,
               &err))
    return finish(r, i, SR_OUT_FAILED, 1, &err);
  if (j.id <= before)
    return finish(r, i, SR_OUT_DONE, 0, NULL);
  pthread_mutex_lock(&r->mu);
  res->job_id = j.id;
  snprintf(res->job_state, sizeof res->job_state, "%s", j.state);
  push(r, SR_EV_JOB, i);
  pthread_mutex_unlock(&r->mu);
  double t0 = mono();
  int rc = await_job(w, s->cls.job_table, s->cls.job, &j, "",
                     t0 + r->o.wait_timeout, &lost, &err);
  res->waited = mono() - t0;
  snprintf(res->job_state, sizeof res->job_state, "%s", j.state);
  if (rc)
    return finish(r, i, SR_OUT_FAILED, 1, &err);
  if (strcmp(j.state, "CANCELLED"))
    return finish(r, i, SR_OUT_DONE, 0, NULL);
  sr_errf(&err, "job %lld CANCELLED: %s", j.id, *j.msg ? j.msg : "(no Msg)");
  finish(r, i, SR_OUT_FAILED, 0, &err);
}

static void run_one(sr_run *r, waiter *w, int i) {
  const sr_stmt *s = &r->v[i];
  sr_err err = {0};
  long long before[4] = {0};
  int lost = 0;
  const char *jt = s->cls.job_table;
  if (jt && !s->cls.creates && settle(w, jt, before, NULL, &lost, &err))
    return finish(r, i, SR_OUT_FAILED, 0, &err);
  if (!start(r, i)) {
    sr_errf(&err, "not sent: %s",
            atomic_load(&r->abandoned) ? "the run was abandoned"
                                       : r->res[i].message);
    return finish(r, i,
                  atomic_load(&r->abandoned) ? SR_OUT_NOT_RUN : SR_OUT_FAILED,
                  0, &err);
  }
  if (send(r, w, s, before, &lost, &err))
    return finish(r, i, SR_OUT_FAILED, lost, &err);
  if (s->cls.job == SR_JOB_NONE)
    return finish(r, i, SR_OUT_DONE, 0, NULL);
  own_job(r, w, i, before[s->cls.job]);
}

static void *worker(void *arg) {
  sr_run *r = arg;
  waiter w = {&r->b, &r->o, NULL, &r->abandoned};
  for (int i; (i = take(r)) >= 0;) {
    sr_err err = {0};
    if (!w.sess && !(w.sess = r->b.open(r->b.ctx, &err))) {
      finish(r, i, SR_OUT_FAILED, 0, &err);
      continue;
    }
    run_one(r, &w, i);
  }
  if (w.sess)
    r->b.close(r->b.ctx, w.sess);
  pthread_mutex_lock(&r->mu);
  if (--r->workers == 0)
    pthread_cond_signal(&r->ev);
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

/* ---- the run ------------------------------------------------------------ */

static sr_run *alloc_run(int n) {
  sr_run *r = calloc(1, sizeof *r);
  size_t m = (size_t)(n ? n : 1);
  if (!r)
    return NULL;
  r->res = calloc(m, sizeof *r->res);
  r->state = calloc(m, 1);
  r->prev_same = calloc(m, sizeof(int));
  r->prev_bar = calloc(m, sizeof(int));
  r->ack = calloc(m, 1);
  r->qcap = 3 * n + 1;
  r->q = calloc((size_t)r->qcap, sizeof *r->q);
  if (r->res && r->state && r->prev_same && r->prev_bar && r->ack && r->q)
    return r;
  sr_run_free(r);
  return NULL;
}

static int init_sync(sr_run *r) {
  if (pthread_mutex_init(&r->mu, NULL))
    return SR_ERROR;
  if (!pthread_cond_init(&r->sched, NULL)) {
    if (!pthread_cond_init(&r->ev, NULL)) {
      if (!pthread_cond_init(&r->acked, NULL))
        return SR_OK;
      pthread_cond_destroy(&r->ev);
    }
    pthread_cond_destroy(&r->sched);
  }
  pthread_mutex_destroy(&r->mu);
  return SR_ERROR;
}

sr_run *sr_run_start(const sr_stmt *v, int n, const sr_backend *b,
                     const sr_exec_opts *o, sr_err *err) {
  sr_run *r = alloc_run(n);
  if (!r)
    return sr_oom(err), NULL;
  r->v = v, r->n = n, r->b = *b, r->o = *o;
  int nt = o->parallel < 1 ? 1 : o->parallel > n ? n : o->parallel;
  if (link_order(r) ||
      (nt && !(r->tids = calloc((size_t)nt, sizeof(pthread_t))))) {
    sr_run_free(r);
    return sr_oom(err), NULL;
  }
  if (init_sync(r)) {
    sr_run_free(r);
    return sr_errf(err, "%s: cannot create a mutex", o->fn), NULL;
  }
  r->synced = 1;
  pthread_mutex_lock(&r->mu);
  for (int i = 0; i < n; i++) {
    if (!v[i].skip)
      continue;
    r->res[i].skipped = 1;
    snprintf(r->res[i].message, sizeof r->res[i].message, "%s", v[i].skip);
    r->state[i] = ST_FINISHED;
    push(r, SR_EV_DONE, i);
  }
  while (r->first < r->n && r->state[r->first] == ST_FINISHED)
    r->first++;
  for (int k = 0; k < nt; k++) {
    if (pthread_create(&r->tids[k], NULL, worker, r))
      break;
    r->nthreads++, r->workers++;
  }
  pthread_mutex_unlock(&r->mu);
  if (nt && !r->nthreads) {
    sr_run_free(r);
    return sr_errf(err, "%s: cannot start a thread", o->fn), NULL;
  }
  return r;
}

void sr_run_next(sr_run *r, sr_event *ev) {
  pthread_mutex_lock(&r->mu);
  while (!r->qlen && r->workers)
    pthread_cond_wait(&r->ev, &r->mu);
  if (r->qlen) {
    *ev = r->q[r->qhead];
    r->qhead = (r->qhead + 1) % r->qcap;
    r->qlen--;
  } else {
    *ev = (sr_event){SR_EV_END, -1};
    r->ended = 1;
  }
  pthread_mutex_unlock(&r->mu);
}

void sr_run_ack(sr_run *r, int i, int go, const char *why) {
  pthread_mutex_lock(&r->mu);
  r->ack[i] = go ? 1 : -1;
  if (!go)
    snprintf(r->res[i].message, sizeof r->res[i].message, "%s",
             why ? why : "refused");
  pthread_cond_broadcast(&r->acked);
  pthread_mutex_unlock(&r->mu);
}

const sr_result *sr_run_result(const sr_run *r, int i) { return &r->res[i]; }

int sr_run_error(const sr_run *r, sr_err *err) {
  if (!r->err.set)
    return SR_OK;
  *err = r->err;
  return SR_ERROR;
}

void sr_run_abandon(sr_run *r) {
  atomic_store(&r->abandoned, 1);
  pthread_mutex_lock(&r->mu);
  r->stopped = 1;
  pthread_cond_broadcast(&r->sched);
  pthread_cond_broadcast(&r->acked);
  pthread_mutex_unlock(&r->mu);
}

void sr_run_free(sr_run *r) {
  if (!r)
    return;
  if (r->nthreads > 0) {
    sr_event ev;
    sr_run_abandon(r);
    do
      sr_run_next(r, &ev);
    while (ev.kind != SR_EV_END);
    for (int k = 0; k < r->nthreads; k++)
      pthread_join(r->tids[k], NULL);
  }
  if (r->synced) {
    pthread_cond_destroy(&r->acked);
    pthread_cond_destroy(&r->ev);
    pthread_cond_destroy(&r->sched);
    pthread_mutex_destroy(&r->mu);
  }
  free(r->tids);
  free(r->res);
  free(r->state);
  free(r->prev_same);
  free(r->prev_bar);
  free(r->ack);
  free(r->q);
  free(r);
}

int sr_exec_settle(const sr_backend *b, const sr_exec_opts *o,
                   const char *table, sr_jobkind kind, long long id,
                   sr_job *out, sr_err *err) {
  waiter w = {b, o, NULL, NULL};
  long long before[4];
  int lost = 0;
  memset(out, 0, sizeof *out);
  if (!(w.sess = b->open(b->ctx, err)))
    return SR_ERROR;
  int rc = settle(&w, table, before, NULL, &lost, err);
  if (!rc && id && kind != SR_JOB_NONE)
    rc = b->job(b->ctx, w.sess, kind, table, id, out, &lost, err);
  b->close(b->ctx, w.sess);
  return rc;
}

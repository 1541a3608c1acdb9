/* SHOW CREATE TABLE for each object, several to a request (live_batch.h),
 * over a small pool of connections (SPEC §1, doc/live.md "What is sent").
 * Each result is matched to the object asked by the name it carries, never
 * by position alone. A table the server no longer knows is looked up
 * again: dropped since the listing, it is left out; still listed, its
 * error is the read's.
 *
 * Threads rather than one poll loop: each thread owns one MYSQL handle and
 * runs its requests one after the other (live_db.c bounds every wait), so
 * no state machine interleaves the connections. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/live_batch.h"
#include "live/live_reflect.h"

/* Fewest objects worth a connection of their own: the extra connection's
 * handshake overlaps the bulk queries, but costs the FE a session. */
enum { PER_CONNECTION = 50, MAX_POOL = 16 };

typedef struct pool {
  const sr_live *L;
  sr_live_objs *o;
  int batch; /* objects per request */
  pthread_mutex_t mu;
  int next;   /* next object to fetch */
  int failed; /* stop taking work */
  sr_err err; /* the first error */
} pool;

typedef struct worker {
  pool *p;
  MYSQL *m;   /* NULL: the worker opens its own connection */
  int single; /* the server answers one statement per request */
  pthread_t tid;
} worker;

static void fail(pool *p, const sr_err *e) {
  pthread_mutex_lock(&p->mu);
  if (!p->failed)
    p->err = *e;
  p->failed = 1;
  pthread_mutex_unlock(&p->mu);
}

/* The next run of up to p->batch objects: its first index, or -1. */
static int take(pool *p, int *k) {
  pthread_mutex_lock(&p->mu);
  int i = p->failed || p->next >= p->o->n ? -1 : p->next;
  if (i >= 0) {
    *k = p->o->n - i < p->batch ? p->o->n - i : p->batch;
    p->next += *k;
  }
  pthread_mutex_unlock(&p->mu);
  return i;
}

static void show_sql(void *ctx, int i, sr_buf *b) {
  sr_buf_puts(b, "SHOW CREATE TABLE ");
  sr_buf_ident(b, ((worker *)ctx)->p->o->v[i].name);
}

static void show_what(void *ctx, int i, char *buf, size_t n) {
  snprintf(buf, n, "SHOW CREATE TABLE `%.200s`",
           ((worker *)ctx)->p->o->v[i].name);
}

/* Keeps the statement if the result answers object i: one row whose first
 * column (Table or View, facts §1.1) is its name, as the FE puts it there
 * (fe/.../qe/ShowExecutor.java, visitShowCreateTableStatement:
 * table.getName()). */
static int show_take(void *ctx, int i, MYSQL_RES *r, sr_err *err) {
  const sr_live *L = ((worker *)ctx)->p->L;
  sr_live_obj *x = &((worker *)ctx)->p->o->v[i];
  char what[300];
  show_what(ctx, i, what, sizeof what);
  if (sr_live_fields(L, r, 2, what, err))
    return SR_ERROR;
  MYSQL_ROW row = mysql_fetch_row(r);
  unsigned long *len = row ? mysql_fetch_lengths(r) : NULL;
  if (!row || !row[0] || !row[1] || mysql_num_rows(r) != 1)
    return sr_errf(err, "%s: %s: expected one row with the statement", L->where,
                   what);
  if (len[0] != strlen(x->name) || memcmp(row[0], x->name, len[0]))
    return sr_errf(err, "%s: %s: the server answered for `%.200s`", L->where,
                   what, row[0]);
  if (!(x->ddl = malloc(len[1] + 1)))
    return sr_oom(err);
  memcpy(x->ddl, row[1], len[1]);
  x->ddl[len[1]] = 0;
  x->ddl_n = len[1];
  return SR_OK;
}

/* Object i was refused with err: left out when information_schema no
 * longer lists it (dropped since the listing), else err is the read's. */
static int show_refused(void *ctx, int i, sr_err *err) {
  worker *w = ctx;
  sr_live_obj *x = &w->p->o->v[i];
  int listed = 1;
  sr_err e2 = {0};
  if (sr_live_listed(w->p->L, w->m, x->name, &listed, &e2))
    return *err = e2, SR_ERROR;
  if (listed)
    return SR_ERROR;
  x->gone = 1;
  return SR_OK;
}

static void *run(void *arg) {
  worker *w = arg;
  pool *p = w->p;
  sr_err err = {0};
  int own = !w->m;
  if (own && !(w->m = sr_live_connect(p->L, &err)))
    fail(p, &err);
  sr_live_req q = {w, show_sql, show_what, show_take, show_refused};
  for (int i, k; w->m && (i = take(p, &k)) >= 0;)
    if (sr_live_run(p->L, w->m, &w->single, &q, i, i + k, &err)) {
      fail(p, &err);
      break;
    }
  if (own)
    sr_live_close(p->L, w->m);
  return NULL;
}

/* Connections: one per PER_CONNECTION objects, up to the pool size; the
 * objects spread evenly over them, up to `batch` to a request. */
static void size_pool(const sr_live *L, int n, int *conns, int *batch) {
  int c = (n + PER_CONNECTION - 1) / PER_CONNECTION;
  int pool = L->u.pool < MAX_POOL ? (int)L->u.pool : MAX_POOL;
  *conns = c < 1 ? 1 : c > pool ? pool : c;
  int b = (n + *conns - 1) / *conns;
  *batch = b > (int)L->u.batch ? (int)L->u.batch : b < 1 ? 1 : b;
}

int sr_live_fetch_ddl(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                      sr_live_step first, sr_err *err) {
  pool p = {.L = L, .o = o};
  if (pthread_mutex_init(&p.mu, NULL))
    return sr_errf(err, "%s: cannot create a mutex", L->where);
  int nw;
  size_pool(L, o->n, &nw, &p.batch);
  worker w[MAX_POOL];
  int started = 1;
  /* The other connections go to the same server: what the first one
   * learnt of it holds for them too. */
  for (int i = 1; i < nw; i++) {
    w[i] = (worker){.p = &p, .single = *single};
    if (pthread_create(&w[i].tid, NULL, run, &w[i]))
      break;
    started++;
  }
  /* This thread runs `first` on its connection while the others fetch,
   * then fetches too. */
  sr_err e = {0};
  if (first && first(L, m, single, o, &e))
    fail(&p, &e);
  w[0] = (worker){.p = &p, .m = m, .single = *single};
  run(&w[0]);
  for (int i = 1; i < started; i++)
    pthread_join(w[i].tid, NULL);
  pthread_mutex_destroy(&p.mu);
  if (p.failed) {
    *err = p.err;
    return SR_ERROR;
  }
  return SR_OK;
}

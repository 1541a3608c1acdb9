/* SHOW CREATE TABLE for each object, over a small pool of connections.
 * Threads rather than the non-blocking API: each thread owns one MYSQL
 * handle and runs plain blocking calls with the URL's timeouts, which keeps
 * the code short; the work is waiting on the network, not CPU (doc/live.md). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_reflect.h"

typedef struct pool {
  const sr_live *L;
  sr_live_objs *o;
  pthread_mutex_t mu;
  int next;   /* next object to fetch */
  int failed; /* stop taking work */
  sr_err err; /* the first error */
} pool;

typedef struct worker {
  pool *p;
  MYSQL *m; /* NULL: the worker opens its own connection */
  pthread_t tid;
} worker;

static void fail(pool *p, const sr_err *e) {
  pthread_mutex_lock(&p->mu);
  if (!p->failed)
    p->err = *e;
  p->failed = 1;
  pthread_mutex_unlock(&p->mu);
}

static int take(pool *p) {
  pthread_mutex_lock(&p->mu);
  int i = p->failed || p->next >= p->o->n ? -1 : p->next++;
  pthread_mutex_unlock(&p->mu);
  return i;
}

static char *show_create_sql(const char *name) {
  size_t n = strlen(name);
  char *sql = malloc(2 * n + 24), *o = sql;
  if (!sql)
    return NULL;
  o += sprintf(o, "SHOW CREATE TABLE `");
  for (const char *s = name; *s; s++) {
    if (*s == '`')
      *o++ = '`';
    *o++ = *s;
  }
  strcpy(o, "`");
  return sql;
}

static int fetch_one(const sr_live *L, MYSQL *m, sr_live_obj *x, sr_err *err) {
  char *sql = show_create_sql(x->name);
  if (!sql)
    return sr_oom(err);
  char doing[300];
  snprintf(doing, sizeof doing, "SHOW CREATE TABLE `%.200s`", x->name);
  MYSQL_RES *r = sr_live_query(L, m, sql, 2, doing, err);
  free(sql);
  if (!r)
    return SR_ERROR;
  MYSQL_ROW row = mysql_fetch_row(r);
  unsigned long *len = row ? mysql_fetch_lengths(r) : NULL;
  int rc = SR_OK;
  if (!row || !row[1] || mysql_num_rows(r) != 1)
    rc = sr_errf(err, "%s: %s: expected one row with the statement", L->where,
                 doing);
  else if (!(x->ddl = malloc(len[1] + 1)))
    rc = sr_oom(err);
  else {
    memcpy(x->ddl, row[1], len[1]);
    x->ddl[len[1]] = 0;
    x->ddl_n = len[1];
  }
  mysql_free_result(r);
  return rc;
}

static void *run(void *arg) {
  worker *w = arg;
  pool *p = w->p;
  sr_err err = {0};
  MYSQL *m = w->m;
  if (!m && !(m = sr_live_connect(p->L, &err)))
    fail(p, &err);
  for (int i; m && (i = take(p)) >= 0;)
    if (fetch_one(p->L, m, &p->o->v[i], &err)) {
      fail(p, &err);
      break;
    }
  if (!w->m)
    sr_live_close(p->L, m);
  return NULL;
}

int sr_live_fetch_ddl(const sr_live *L, MYSQL *m, sr_live_objs *o, int npool,
                      sr_err *err) {
  pool p = {.L = L, .o = o};
  if (pthread_mutex_init(&p.mu, NULL))
    return sr_errf(err, "%s: cannot create a mutex", L->where);
  worker w[8];
  int nw = npool < 1 ? 1 : npool > 8 ? 8 : npool;
  if (nw > o->n)
    nw = o->n ? o->n : 1;
  int started = 1;
  for (int i = 1; i < nw; i++) {
    w[i] = (worker){.p = &p};
    if (pthread_create(&w[i].tid, NULL, run, &w[i]))
      break;
    started++;
  }
  w[0] = (worker){.p = &p, .m = m};
  run(&w[0]); /* this thread works too, on the connection it already has */
  for (int i = 1; i < started; i++)
    pthread_join(w[i].tid, NULL);
  pthread_mutex_destroy(&p.mu);
  if (p.failed) {
    *err = p.err;
    return SR_ERROR;
  }
  return SR_OK;
}

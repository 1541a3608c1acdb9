/* The executor's backend (backend.h) for a live FE: one MySQL connection
 * per session; a statement that changes anything goes alone in its
 * request (facts §5: safer than several DDL per COM_QUERY), and jobs are
 * read with SHOW ALTER TABLE <kind> WHERE TableName = '<t>' (facts §4; the
 * filter the StarRocks regression tests' wait_alter_table_finish uses).
 * The check of a table before a statement reads the three kinds in one
 * request of three statements (facts §5: the FE runs them in order, one
 * result each; live_batch.c), one per request on a server that does not
 * split. Columns are found by name, since COLUMN, OPTIMIZE and ROLLUP
 * results differ and shared-data clusters add Warehouse (facts §4). The
 * newest job is the greatest JobId, compared as a number here rather than
 * trusting the server's ORDER BY. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "live/live.h"
#include "live/live_batch.h"
#include "live/live_db.h"

typedef struct lctx {
  sr_live L;
} lctx;

/* A session: its connection and what it learnt of the server. */
typedef struct lsess {
  MYSQL *m;
  int single;      /* one statement per request (the server does not split) */
  int no_optimize; /* SHOW ALTER TABLE OPTIMIZE is refused (before 3.2) */
} lsess;

static void *l_open(void *ctx, sr_err *err) {
  lsess *s = calloc(1, sizeof *s);
  if (!s)
    return sr_oom(err), NULL;
  if (!(s->m = sr_live_connect(&((lctx *)ctx)->L, err))) {
    free(s);
    return NULL;
  }
  return s;
}

static void l_close(void *ctx, void *sess) {
  lsess *s = sess;
  sr_live_close(&((lctx *)ctx)->L, s->m);
  free(s);
}

/* A client-side error (lost connection, timeout) leaves the outcome
 * unknown and keeps live_db.c's message (URL, what, limit); the server's
 * own ERR is shown as it came, with its code. */
static int failed(MYSQL *m, int *lost, sr_err *err) {
  *lost = sr_live_client_error(m);
  if (*lost)
    return SR_ERROR;
  *err = (sr_err){0};
  return sr_errf(err, "%s (MySQL error %u)", mysql_error(m), mysql_errno(m));
}

static int l_run(void *ctx, void *sess, const char *sql, int *lost,
                 sr_err *err) {
  const sr_live *L = &((lctx *)ctx)->L;
  MYSQL *m = ((lsess *)sess)->m;
  *lost = 0;
  if (sr_live_send(L, m, sql, strlen(sql), "sending the statement", err))
    return failed(m, lost, err);
  /* DDL answers OK; anything with rows (sr_exec) is read and dropped. */
  if (!mysql_field_count(m))
    return SR_OK;
  MYSQL_RES *r = sr_live_store(L, m, 0, "reading the answer", err);
  if (!r)
    return failed(m, lost, err);
  mysql_free_result(r);
  return SR_OK;
}

enum { F_ID, F_STATE, F_MSG, F_PROGRESS, NF };

static int find_fields(MYSQL_RES *r, int at[NF]) {
  static const char *const names[NF] = {"JobId", "State", "Msg", "Progress"};
  MYSQL_FIELD *f = mysql_fetch_fields(r);
  unsigned n = mysql_num_fields(r);
  for (int k = 0; k < NF; k++) {
    at[k] = -1;
    for (unsigned i = 0; i < n; i++)
      if (!strcasecmp(f[i].name, names[k]))
        at[k] = (int)i;
  }
  return at[F_ID] < 0 || at[F_STATE] < 0 ? SR_ERROR : SR_OK;
}

static void copy(char *dst, size_t cap, const char *s) {
  snprintf(dst, cap, "%s", s && strcmp(s, "NULL") ? s : "");
}

/* The row of job id, or of the greatest JobId when id is 0. */
static void pick(MYSQL_RES *r, const int at[NF], long long id, sr_job *out) {
  MYSQL_ROW row;
  while ((row = mysql_fetch_row(r))) {
    long long j = row[at[F_ID]] ? strtoll(row[at[F_ID]], NULL, 10) : 0;
    if (id ? j != id : j <= out->id)
      continue;
    out->id = j;
    copy(out->state, sizeof out->state, row[at[F_STATE]]);
    copy(out->msg, sizeof out->msg, at[F_MSG] >= 0 ? row[at[F_MSG]] : NULL);
    copy(out->progress, sizeof out->progress,
         at[F_PROGRESS] >= 0 ? row[at[F_PROGRESS]] : NULL);
  }
}

/* SHOW ALTER TABLE OPTIMIZE is 3.2+ (facts §3.1, corpus 97): an older
 * server refuses it with a syntax error, and has no such jobs. */
static int old_server(MYSQL *m, sr_jobkind kind) {
  return kind == SR_JOB_OPTIMIZE && mysql_errno(m) == 1064 &&
         strstr(mysql_error(m), "yntax");
}

static void show_alter(sr_buf *q, sr_jobkind kind, const char *table) {
  sr_buf_printf(
      q, "SHOW ALTER TABLE %s WHERE TableName = ", sr_jobkind_name(kind));
  sr_buf_squote(q, table);
}

static int l_job(void *ctx, void *sess, sr_jobkind kind, const char *table,
                 long long id, sr_job *out, int *lost, sr_err *err) {
  const sr_live *L = &((lctx *)ctx)->L;
  MYSQL *m = ((lsess *)sess)->m;
  memset(out, 0, sizeof *out);
  *lost = 0;
  sr_buf q;
  sr_buf_init(&q);
  show_alter(&q, kind, table);
  if (!sr_buf_str(&q))
    return sr_oom(err);
  int rc = SR_OK;
  int at[NF];
  MYSQL_RES *r = sr_live_query(L, m, q.s, 2, q.s, err);
  if (!r)
    rc = old_server(m, kind) ? (*err = (sr_err){0}, SR_OK)
                             : failed(m, lost, err);
  else if (find_fields(r, at))
    rc = sr_errf(err, "%s: the result has no JobId or State column", q.s);
  else
    pick(r, at, id, out);
  if (r)
    mysql_free_result(r);
  sr_buf_free(&q);
  return rc;
}

/* ---- the three kinds in one request ------------------------------------ */

typedef struct jobs_req {
  lsess *s;
  const char *table;
  sr_jobkind kind[3];
  sr_job *newest;
} jobs_req;

static void j_stmt(void *ctx, int i, sr_buf *b) {
  const jobs_req *q = ctx;
  show_alter(b, q->kind[i], q->table);
}

static void j_what(void *ctx, int i, char *buf, size_t size) {
  const jobs_req *q = ctx;
  sr_buf b;
  sr_buf_init(&b);
  show_alter(&b, q->kind[i], q->table);
  snprintf(buf, size, "%s", sr_buf_str(&b) ? b.s : "SHOW ALTER TABLE");
  sr_buf_free(&b);
}

static int j_take(void *ctx, int i, MYSQL_RES *r, sr_err *err) {
  const jobs_req *q = ctx;
  int at[NF];
  if (find_fields(r, at))
    return sr_errf(err,
                   "SHOW ALTER TABLE %s: the result has no JobId or State "
                   "column",
                   sr_jobkind_name(q->kind[i]));
  pick(r, at, 0, &q->newest[q->kind[i]]);
  return SR_OK;
}

static int j_refused(void *ctx, int i, sr_err *err) {
  jobs_req *q = ctx;
  if (!old_server(q->s->m, q->kind[i]))
    return SR_ERROR;
  q->s->no_optimize = 1;
  *err = (sr_err){0};
  return SR_OK;
}

static int l_jobs(void *ctx, void *sess, const char *table, sr_job newest[4],
                  int *lost, sr_err *err) {
  const sr_live *L = &((lctx *)ctx)->L;
  lsess *s = sess;
  jobs_req q = {
      s, table, {SR_JOB_COLUMN, SR_JOB_ROLLUP, SR_JOB_OPTIMIZE}, newest};
  sr_live_req req = {&q, j_stmt, j_what, j_take, j_refused};
  int n = s->no_optimize ? 2 : 3, was = s->no_optimize;
  memset(newest, 0, 4 * sizeof *newest);
  *lost = 0;
  if (!sr_live_run(L, s->m, &s->single, &req, 0, n, err)) {
    /* A server before 3.2 refuses the whole request for its OPTIMIZE
     * (facts §5: parsed whole before anything runs), which sr_live_run
     * took for a server that does not split: it may split. */
    if (!was && s->no_optimize)
      s->single = 0;
    return SR_OK;
  }
  *lost = sr_live_client_error(s->m);
  return SR_ERROR;
}

int sr_live_backend(const char *url, sr_backend *b, sr_err *err) {
  lctx *c = calloc(1, sizeof *c);
  if (!c)
    return sr_oom(err);
  if (sr_live_begin(&c->L, url, err)) {
    sr_live_end(&c->L);
    free(c);
    return SR_ERROR;
  }
  /* total_timeout bounds a read; an apply's waits are bounded by each
   * call's connect/read timeouts and each job's wait_timeout. */
  c->L.deadline = LLONG_MAX / 2;
  *b = (sr_backend){c, l_open, l_close, l_run, l_job, l_jobs};
  return SR_OK;
}

void sr_live_backend_free(sr_backend *b) {
  lctx *c = b->ctx;
  if (!c)
    return;
  sr_live_end(&c->L);
  free(c);
  b->ctx = NULL;
}

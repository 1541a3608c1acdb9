/* The executor's backend (backend.h) for a live FE: one MySQL connection
 * per session, one statement per request (never several: facts §5), and
 * jobs read with SHOW ALTER TABLE <kind> WHERE TableName = '<t>' (facts
 * §4; the filter the StarRocks regression tests' wait_alter_table_finish
 * uses). Columns are found by name, since COLUMN, OPTIMIZE and ROLLUP
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
#include "live/live_db.h"

typedef struct lctx {
  sr_live L;
} lctx;

static void *l_open(void *ctx, sr_err *err) {
  return sr_live_connect(&((lctx *)ctx)->L, err);
}

static void l_close(void *ctx, void *sess) {
  sr_live_close(&((lctx *)ctx)->L, sess);
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
  MYSQL *m = sess;
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

static int l_job(void *ctx, void *sess, sr_jobkind kind, const char *table,
                 long long id, sr_job *out, int *lost, sr_err *err) {
  const sr_live *L = &((lctx *)ctx)->L;
  MYSQL *m = sess;
  memset(out, 0, sizeof *out);
  *lost = 0;
  sr_buf q;
  sr_buf_init(&q);
  sr_buf_printf(
      &q, "SHOW ALTER TABLE %s WHERE TableName = ", sr_jobkind_name(kind));
  sr_buf_squote(&q, table);
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
  *b = (sr_backend){c, l_open, l_close, l_run, l_job};
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

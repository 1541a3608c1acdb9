/* sr_apply(target, desired [, options]) and sr_exec(target, sql [,
 * options]) (SPEC §7, doc/apply.md): table-valued functions over the
 * executor (exec.c). A row is returned as each statement finishes; the
 * journal (journal_glue.c) is written on this thread from the executor's
 * events, before each statement is sent and after it ends. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exec/exec.h"
#include "glue/glue.h"
#include "live/live.h"
#include "plan/apply.h"

SQLITE_EXTENSION_INIT3

enum {
  C_SEQ,
  C_TABLE,
  C_ACTION,
  C_SQL,
  C_STATUS,
  C_JOB_ID,
  C_JOB_STATE,
  C_WAITED,
  C_MESSAGE,
  C_TARGET,
  C_ARG,
  C_OPTIONS
};

typedef struct evtab {
  sqlite3_vtab base;
  sr_conn *conn;
  int apply; /* sr_apply, else sr_exec */
} evtab;

typedef struct eopts {
  sr_diff_args diff; /* sr_apply */
  sr_exec_opts x;
  int skip_unsupported, dry_run;
  char *journal; /* NULL: none */
} eopts;

typedef struct ecur {
  sqlite3_vtab_cursor base;
  sr_conn *conn;
  int apply;
  const char *fn;
  eopts o;
  char *target, *where, *arg; /* arg: desired (apply) */
  int offline, live;
  sr_schema *work; /* table: targets */
  sr_backend b;
  sr_arena arena;
  sr_plan plan;
  sr_stmt *v;
  int n, cap;
  sqlite3_int64 *jrow; /* journal rowid per statement */
  sr_journal j;
  sr_run *run;
  int cur;     /* the row: a statement, or -1 for verify */
  int dry;     /* dry_run: the next statement to show */
  int ended;   /* SR_EV_END seen */
  int closing; /* the cursor closes before the end: no verify */
  int eof;
  int sent;          /* statements that reached the server */
  char *late;        /* a journal error after a statement ran */
  int verify_status; /* 0 done, 1 failed, 2 not_run */
  char *verify_msg;
  sqlite3_int64 rowid;
} ecur;

/* ---- options --------------------------------------------------------- */

static int want_number(const ecur *c, const cJSON *v, double lo, double hi,
                       double *out, char **zErr) {
  if (cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi) {
    *out = v->valuedouble;
    return 0;
  }
  *zErr = sqlite3_mprintf("%s: option %s must be a number from %g to %g", c->fn,
                          v->string, lo, hi);
  return 1;
}

static int want_bool(const ecur *c, const cJSON *v, int *out, char **zErr) {
  if (cJSON_IsBool(v)) {
    *out = cJSON_IsTrue(v);
    return 0;
  }
  *zErr =
      sqlite3_mprintf("%s: option %s must be true or false", c->fn, v->string);
  return 1;
}

static int journal_option(ecur *c, const cJSON *v, char **zErr) {
  sqlite3_free(c->o.journal);
  c->o.journal = NULL;
  if (cJSON_IsFalse(v))
    return 0;
  if (!cJSON_IsString(v) || !*v->valuestring) {
    *zErr = sqlite3_mprintf("%s: option journal must be a table name or "
                            "false",
                            c->fn);
    return 1;
  }
  c->o.journal = sqlite3_mprintf("%s", v->valuestring);
  return c->o.journal ? 0 : (*zErr = sqlite3_mprintf("out of memory"), 1);
}

/* 0 taken, 1 error, -1 not an option of the executor. */
static int exec_option(ecur *c, const cJSON *v, char **zErr) {
  const char *k = v->string;
  sr_exec_opts *x = &c->o.x;
  double d;
  if (!strcmp(k, "parallel")) {
    if (want_number(c, v, 1, 64, &d, zErr))
      return 1;
    x->parallel = (int)d;
    return 0;
  }
  if (!strcmp(k, "wait_timeout"))
    return want_number(c, v, 0.001, 30 * 86400, &x->wait_timeout, zErr);
  if (!strcmp(k, "poll"))
    return want_number(c, v, 0.001, 10, &x->poll, zErr);
  if (!strcmp(k, "progress")) {
    int on;
    if (want_bool(c, v, &on, zErr))
      return 1;
    x->progress = on ? x->progress : NULL;
    return 0;
  }
  if (!strcmp(k, "dry_run"))
    return want_bool(c, v, &c->o.dry_run, zErr);
  if (!strcmp(k, "journal"))
    return journal_option(c, v, zErr);
  if (c->apply && !strcmp(k, "skip_unsupported"))
    return want_bool(c, v, &c->o.skip_unsupported, zErr);
  return -1;
}

static void to_stderr(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s\n", line);
}

static int parse_options(ecur *c, const char *json, char **zErr) {
  sr_exec_opts_init(&c->o.x);
  c->o.x.fn = c->fn;
  c->o.x.progress = to_stderr; /* kept only when progress is true */
  if (c->apply)
    sr_diff_args_init(&c->o.diff, c->conn, c->fn);
  c->o.journal = sqlite3_mprintf("sr_journal");
  int progress_given = 0, rc = 0;
  cJSON *j =
      json ? sr_options_json(c->fn, "{\"parallel\": 4}", json, zErr) : NULL;
  if (json && !j)
    return 1;
  for (const cJSON *v = j ? j->child : NULL; v && !rc; v = v->next) {
    progress_given |= !strcmp(v->string, "progress");
    rc = exec_option(c, v, zErr);
    if (rc < 0 && c->apply)
      rc = sr_diff_args_option(&c->o.diff, v, zErr);
    if (rc < 0)
      *zErr = sqlite3_mprintf(
          "%s: unknown option '%s' (expected %s)", c->fn, v->string,
          c->apply
              ? "skip_unsupported, parallel, wait_timeout, poll, "
                "progress, journal, dry_run, or an sr_diff option: "
                "allow_drop, allow_empty, tables, run_mode, version, coalesce"
              : "parallel, wait_timeout, poll, progress, journal, "
                "dry_run");
  }
  cJSON_Delete(j);
  if (!progress_given)
    c->o.x.progress = NULL;
  return rc != 0;
}

/* ---- the target ---------------------------------------------------------
 */

/* A table: target's schema, read with the version and run mode planned
 * for (sr_apply's options; sr_config's otherwise, as sr_apply_ddl). */
static int load_work(ecur *c, sr_schema **s, char **zErr) {
  sr_env saved = c->conn->env;
  if (c->apply)
    c->conn->env = c->o.diff.d.env;
  int rc = sr_apply_ddl_load(c->conn, c->target + 6, s, zErr);
  c->conn->env = saved;
  return rc;
}

static int setup_target(ecur *c, char **zErr) {
  sr_buf b;
  sr_buf_init(&b);
  sr_live_redact(&b, c->target);
  /* The journal's target: never an empty one for want of memory. */
  c->where = sr_buf_str(&b) ? sqlite3_mprintf("%s", b.s) : NULL;
  sr_buf_free(&b);
  if (!c->where)
    return *zErr = sqlite3_mprintf("out of memory"), 1;
  sr_err err = {0};
  if (!strncmp(c->target, "table:", 6) && c->target[6]) {
    c->offline = 1;
    c->o.x.parallel = 1; /* the interpreter is instant: nothing overlaps */
    if (load_work(c, &c->work, zErr))
      return 1;
    if (!sr_offline_backend(c->work, &c->b, &err))
      return 0;
  } else if (sr_live_is_url(c->target)) {
    c->live = 1;
    if (!sr_live_backend(c->target, &c->b, &err))
      return 0;
  } else {
    *zErr = sqlite3_mprintf("%s: the target must be a starrocks:// URL or a "
                            "table:<prefix> source, not '%s'",
                            c->fn, c->where);
    return 1;
  }
  *zErr = sqlite3_mprintf("%s: %s", c->fn, err.msg);
  return 1;
}

static void backend_free(ecur *c) {
  if (c->live)
    sr_live_backend_free(&c->b);
  if (c->offline)
    sr_offline_backend_free(&c->b);
  c->live = c->offline = 0;
}

/* ---- statements ---------------------------------------------------------
 */

static sr_stmt *add_stmt(ecur *c) {
  if (c->n == c->cap) {
    int cap = c->cap ? 2 * c->cap : 16;
    sr_stmt *v = sqlite3_realloc64(c->v, sizeof *v * (sqlite3_uint64)cap);
    if (!v)
      return NULL;
    c->v = v, c->cap = cap;
  }
  memset(&c->v[c->n], 0, sizeof c->v[0]);
  return &c->v[c->n++];
}

typedef struct split_ctx {
  ecur *c;
  sr_err *err;
} split_ctx;

static int on_statement(void *ctx, const char *sql, size_t n, int line) {
  split_ctx *s = ctx;
  ecur *c = s->c;
  sr_stmt *st = add_stmt(c);
  char *text = sr_arena_strndup(&c->arena, sql, n);
  if (!st || !text)
    return sr_oom(s->err);
  st->seq = c->n;
  st->sql = text;
  sr_err e = {0};
  if (sr_stmt_classify(&c->arena, text, n, &st->cls, &e))
    return sr_errf(s->err, "%s: statement %d (line %d): %s", c->fn, c->n, line,
                   e.msg);
  st->action = st->cls.action;
  return SR_OK;
}

static int prepare_script(ecur *c, const char *text, char **zErr) {
  sr_err err = {0};
  size_t n = strlen(text);
  char *copy = sr_arena_strndup(&c->arena, text, n);
  split_ctx s = {c, &err};
  if (!copy)
    return *zErr = sqlite3_mprintf("out of memory"), 1;
  if (sr_script_split(c->fn, copy, n, on_statement, &s, &err))
    return *zErr = sr_err_sqlite(&err), 1;
  return 0;
}

/* A script's identity in the journal: its statements as split (the text
 * from each one's first token to its last), so that comments and blanks
 * between statements do not count and any change to a statement does:
 * "n:<count>:<FNV-1a 64 of the statements, each ended by a NUL>". */
static char *script_id(const ecur *c) {
  unsigned long long h = 14695981039346656037ULL;
  for (int i = 0; i < c->n; i++)
    for (const unsigned char *p = (const unsigned char *)c->v[i].sql;; p++) {
      h = (h ^ *p) * 1099511628211ULL;
      if (!*p)
        break;
    }
  return sqlite3_mprintf("n:%d:%016llx", c->n, h);
}

/* A resumed sr_exec: the statements that the journal proves done for this
 * script on this target are not sent again (doc/apply.md). */
static int skip_done(ecur *c, char **zErr) {
  char *id = script_id(c);
  char **by = sqlite3_malloc64(sizeof *by * (sqlite3_uint64)(c->n + 1));
  if (by)
    memset(by, 0, sizeof *by * (size_t)(c->n + 1));
  int rc =
      !id || !by ? SQLITE_NOMEM : sr_journal_done(&c->j, id, c->n, by, zErr);
  for (int i = 0; !rc && i < c->n; i++) {
    if (!by[i + 1])
      continue;
    char *m = sqlite3_mprintf("done by run %s (journal %s): not sent again",
                              by[i + 1], c->o.journal);
    c->v[i].skip = m ? sr_arena_strndup(&c->arena, m, strlen(m)) : NULL;
    if (!c->v[i].skip)
      rc = SQLITE_NOMEM;
    sqlite3_free(m);
  }
  for (int i = 0; by && i <= c->n; i++)
    sqlite3_free(by[i]);
  sqlite3_free(by);
  sqlite3_free(id);
  if (rc && !*zErr)
    *zErr = sqlite3_mprintf("out of memory");
  return rc != 0;
}

/* "seq 3 orders change_key (why); ..." for the first steps of a kind. */
static char *list_steps(const sr_plan *p, sr_status want) {
  sqlite3_str *s = sqlite3_str_new(NULL);
  int k = 0;
  for (int i = 0; i < p->n; i++) {
    const sr_step *st = &p->steps[i];
    if (st->status != want)
      continue;
    if (k++ == 10) {
      sqlite3_str_appendf(s, "; ...");
      break;
    }
    sqlite3_str_appendf(s, "%sseq %d %s %s", k > 1 ? "; " : "", i + 1,
                        st->table ? st->table : "-",
                        sr_action_name(st->action));
    if (want == SR_ST_UNSUPPORTED && st->message)
      sqlite3_str_appendf(s, " (%s)", st->message);
    else if (st->sql)
      sqlite3_str_appendf(s, ": %s", st->sql);
  }
  return sqlite3_str_finish(s);
}

static int count_steps(const sr_plan *p, sr_status want) {
  int k = 0;
  for (int i = 0; i < p->n; i++)
    k += p->steps[i].status == want;
  return k;
}

/* Plans exactly as sr_diff(target, desired, options), from a fresh read
 * of the target. */
static int prepare_plan(ecur *c, char **zErr) {
  sr_conn_refresh(c->conn, c->target);
  if (sr_diff_args_plan(c->conn, &c->o.diff, c->target, c->arg, &c->plan, zErr))
    return 1;
  int bad = count_steps(&c->plan, SR_ST_UNSUPPORTED);
  if (bad && !c->o.skip_unsupported) {
    char *l = list_steps(&c->plan, SR_ST_UNSUPPORTED);
    *zErr = sqlite3_mprintf("%s: the plan has %d unsupported step%s, so "
                            "nothing was run: %s (skip_unsupported runs the "
                            "rest)",
                            c->fn, bad, bad > 1 ? "s" : "", l ? l : "");
    sqlite3_free(l);
    return 1;
  }
  for (int i = 0; i < c->plan.n; i++) {
    const sr_step *s = &c->plan.steps[i];
    if (s->status != SR_ST_OK)
      continue;
    sr_stmt *st = add_stmt(c);
    sr_err err = {0};
    if (!st)
      return *zErr = sqlite3_mprintf("out of memory"), 1;
    st->seq = i + 1;
    st->sql = s->sql;
    st->action = sr_action_name(s->action);
    if (sr_stmt_classify(&c->arena, s->sql, strlen(s->sql), &st->cls, &err))
      return *zErr = sqlite3_mprintf("%s: seq %d: %s", c->fn, i + 1, err.msg),
             1;
    if (!st->cls.table)
      st->cls.table = st->cls.job_table = s->table;
  }
  return 0;
}

/* ---- resuming an interrupted run ----------------------------------------
 */

static const char *resume_state(const sr_journal_row *r, const sr_job *j,
                                char *msg, size_t cap) {
  if (r->job_id && j->id && !strcmp(j->state, "FINISHED")) {
    snprintf(msg, cap, "job %lld FINISHED (seen when the run was resumed)",
             r->job_id);
    return "done";
  }
  if (r->job_id && j->id) {
    snprintf(msg, cap, "job %lld %s: %s (seen when the run was resumed)",
             r->job_id, j->state, *j->msg ? j->msg : "(no Msg)");
    return "failed";
  }
  if (r->job_id)
    snprintf(msg, cap, "job %lld is no longer listed by SHOW ALTER TABLE",
             r->job_id);
  else
    snprintf(msg, cap,
             "the run stopped before the outcome was known; the "
             "next plan starts from the target as it is");
  return "interrupted";
}

/* Rows an earlier run left `running`: wait for their tables' jobs, then
 * say what became of them (SPEC §7). */
static int resume(ecur *c, char **zErr) {
  sr_journal_row *rows;
  int n, rc = sr_journal_running(&c->j, &rows, &n, zErr);
  for (int i = 0; !rc && i < n; i++) {
    sr_stmt_class cls;
    sr_err err = {0};
    sr_job job = {0};
    if (sr_stmt_classify(&c->arena, rows[i].sql, strlen(rows[i].sql), &cls,
                         &err))
      cls = (sr_stmt_class){.job_table = rows[i].table};
    if (cls.job_table && sr_exec_settle(&c->b, &c->o.x, cls.job_table, cls.job,
                                        rows[i].job_id, &job, &err)) {
      *zErr = sqlite3_mprintf("%s: resuming the interrupted run on %s: %s",
                              c->fn, rows[i].table, err.msg);
      rc = 1;
      break;
    }
    char msg[600];
    const char *state = resume_state(&rows[i], &job, msg, sizeof msg);
    if (c->o.x.progress) {
      char line[700];
      snprintf(line, sizeof line, "%s: resumed: %s: %s: %s", c->fn,
               rows[i].table, state, msg);
      c->o.x.progress(NULL, line);
    }
    rc = sr_journal_finish(&c->j, rows[i].rowid, state, 0, msg, zErr);
  }
  sr_journal_rows_free(rows, n);
  return rc != 0;
}

/* ---- events and rows ---------------------------------------------------
 */

static const char *status_name(sr_outcome o) {
  return o == SR_OUT_DONE ? "done" : o == SR_OUT_FAILED ? "failed" : "not_run";
}

static void say(ecur *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(ecur *c, const char *fmt, ...) {
  if (!c->o.x.progress)
    return;
  va_list ap;
  va_start(ap, fmt);
  char *m = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  if (m)
    c->o.x.progress(NULL, m);
  sqlite3_free(m);
}

static void late_error(ecur *c, char *zErr) {
  if (!c->late)
    c->late = sqlite3_mprintf("%s: journal: %s", c->fn,
                              zErr ? zErr : "out of memory");
  sqlite3_free(zErr);
}

static void on_start(ecur *c, int i) {
  const sr_stmt *s = &c->v[i];
  char *zErr = NULL;
  /* Closing early: nothing more is sent, so nothing more journaled. */
  if (c->closing)
    return sr_run_ack(c->run, i, 0, "the run was abandoned");
  c->jrow[i] =
      sr_journal_start(&c->j, s->seq, s->cls.table, s->sql, "running", &zErr);
  if (c->jrow[i] < 0) {
    char *why = sqlite3_mprintf("journal: %s", zErr ? zErr : "out of memory");
    sr_run_ack(c->run, i, 0, why);
    sqlite3_free(why);
    sqlite3_free(zErr);
    return;
  }
  char snip[120];
  sr_exec_snippet(snip, sizeof snip, s->sql, 100);
  say(c, "%s: [%d/%d] %s: %s", c->fn, s->seq, c->apply ? c->plan.n : c->n,
      s->cls.table ? s->cls.table : "-", snip);
  c->sent++;
  sr_run_ack(c->run, i, 1, NULL);
}

static void on_done(ecur *c, int i) {
  const sr_stmt *s = &c->v[i];
  const sr_result *r = sr_run_result(c->run, i);
  char *zErr = NULL;
  if (r->skipped)
    say(c, "%s: [%d/%d] %s: %s", c->fn, s->seq, c->n,
        s->cls.table ? s->cls.table : "-", r->message);
  if (r->outcome == SR_OUT_NOT_RUN)
    return;
  const char *state = r->outcome == SR_OUT_DONE ? "done"
                      : r->open                 ? "running"
                                                : "failed";
  if (!c->jrow[i])
    c->jrow[i] =
        sr_journal_start(&c->j, s->seq, s->cls.table, s->sql, state, &zErr);
  if (c->jrow[i] < 0 ||
      sr_journal_finish(&c->j, c->jrow[i], state, r->job_id,
                        *r->message ? r->message : NULL, &zErr))
    late_error(c, zErr);
  char job[80] = "";
  if (r->job_id)
    snprintf(job, sizeof job, " (job %lld %s, waited %.1f s)", r->job_id,
             r->job_state, r->waited);
  say(c, "%s: [%d/%d] %s: %s%s%s%s", c->fn, s->seq, c->apply ? c->plan.n : c->n,
      s->cls.table ? s->cls.table : "-", status_name(r->outcome), job,
      *r->message ? ": " : "", r->message);
}

static void on_job(ecur *c, int i) {
  char *zErr = NULL;
  if (sr_journal_job(&c->j, c->jrow[i], sr_run_result(c->run, i)->job_id,
                     &zErr))
    late_error(c, zErr);
}

/* Writes an offline target back: after a failure, the statements that
 * succeeded, re-applied to the stored schema (the interpreter leaves a
 * failed one's schema unspecified). */
static int store_offline(ecur *c, int failed, char **zErr) {
  sr_schema *s = c->work;
  const char *prefix = c->target + 6;
  if (failed && !load_work(c, &s, zErr)) {
    sr_err err = {0};
    for (int i = 0, k; i < c->n; i++)
      if (sr_run_result(c->run, i)->outcome == SR_OUT_DONE &&
          sr_apply_sql(s, c->fn, c->v[i].sql, strlen(c->v[i].sql), &k, &err))
        break;
    if (err.set) {
      sr_schema_free(s);
      return *zErr = sr_err_sqlite(&err), 1;
    }
  }
  if (!s)
    return 1;
  if (s == c->work)
    c->work = NULL; /* now the cache's */
  char name[32];
  if (!sr_conn_put(c->conn, s, name, sizeof name))
    return *zErr = sqlite3_mprintf("out of memory"), 1;
  int rc = sqlite3_exec(c->conn->db, "SAVEPOINT sr_apply", NULL, NULL, zErr);
  if (!rc)
    rc = sr_table_store(c->conn, prefix, name, zErr);
  if (rc)
    sqlite3_exec(c->conn->db, "ROLLBACK TO sr_apply", NULL, NULL, NULL);
  sqlite3_exec(c->conn->db, "RELEASE sr_apply", NULL, NULL, NULL);
  sr_conn_drop(c->conn, name);
  return rc != 0;
}

/* SPEC §7: a fresh read of the target, planned again. */
static int verify(ecur *c, char **zErr) {
  sr_plan p;
  memset(&p, 0, sizeof p);
  if (sr_diff_args_plan(c->conn, &c->o.diff, c->target, c->arg, &p, zErr))
    return 1;
  int left = count_steps(&p, SR_ST_OK);
  char *l = left ? list_steps(&p, SR_ST_OK) : NULL;
  c->verify_status = left ? 1 : 0;
  c->verify_msg =
      left ? sqlite3_mprintf("%d step%s still differ%s: %s", left,
                             left > 1 ? "s" : "", left > 1 ? "" : "s", l)
           : NULL;
  sqlite3_free(l);
  sr_plan_free(&p);
  return 0;
}

static int on_end(ecur *c, char **zErr) {
  sr_err err = {0};
  int failed = sr_run_error(c->run, &err);
  c->ended = 1;
  if (c->offline && c->sent && store_offline(c, failed, zErr))
    return 1;
  /* SPEC §7: the target's cache is dropped once it changed. */
  if (c->sent)
    sr_conn_refresh(c->conn, c->target);
  if (failed)
    return *zErr = sr_err_sqlite(&err), 1;
  if (c->late)
    return *zErr = sqlite3_mprintf("%s", c->late), 1;
  if (!c->apply || c->closing) {
    c->eof = 1;
    return 0;
  }
  c->cur = -1;
  return verify(c, zErr);
}

/* Moves to the next row: consumes events until a statement finishes. */
static int next_row(ecur *c, char **zErr) {
  c->rowid++;
  if (c->o.dry_run) {
    if (c->dry < c->n)
      return c->cur = c->dry++, 0;
    c->eof = !c->apply || c->dry > c->n;
    c->dry++;
    c->cur = -1;
    c->verify_status = 2;
    return 0;
  }
  if (c->ended) {
    c->eof = 1;
    return 0;
  }
  for (;;) {
    sr_event ev;
    sr_run_next(c->run, &ev);
    if (ev.kind == SR_EV_START)
      on_start(c, ev.i);
    else if (ev.kind == SR_EV_JOB)
      on_job(c, ev.i);
    else if (ev.kind == SR_EV_DONE) {
      on_done(c, ev.i);
      const sr_result *r = sr_run_result(c->run, ev.i);
      if (r->outcome != SR_OUT_NOT_RUN || r->skipped)
        return c->cur = ev.i, 0;
    } else
      return on_end(c, zErr);
  }
}

/* ---- the virtual table -------------------------------------------------
 */

static void reset(ecur *c) {
  if (c->run && !c->ended) {
    /* Closed early: stop, journal what was in flight, keep what ran. */
    char *zErr = NULL;
    c->closing = 1;
    sr_run_abandon(c->run);
    while (!c->ended && !next_row(c, &zErr))
      ;
    sqlite3_free(zErr);
  }
  sr_run_free(c->run);
  sr_journal_close(&c->j);
  backend_free(c);
  sr_schema_free(c->work);
  sr_arena_free(&c->arena);
  sr_plan_free(&c->plan);
  if (c->apply)
    sr_diff_args_free(&c->o.diff);
  sqlite3_free(c->o.journal);
  sqlite3_free(c->v);
  sqlite3_free(c->jrow);
  sqlite3_free(c->target);
  sqlite3_free(c->where);
  sqlite3_free(c->arg);
  sqlite3_free(c->late);
  sqlite3_free(c->verify_msg);
  sr_conn *conn = c->conn;
  int apply = c->apply;
  const char *fn = c->fn;
  sqlite3_vtab_cursor base = c->base;
  memset(c, 0, sizeof *c);
  c->base = base, c->conn = conn, c->apply = apply, c->fn = fn;
  sr_arena_init(&c->arena);
}

/* One module registered as sr_apply and sr_exec, told apart by name. */
static int e_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                     sqlite3_vtab **pp, char **pzErr) {
  (void)pzErr;
  int apply = argc > 0 && !strcmp(argv[0], "sr_apply");
  int rc = sr_vtab_connect(
      db,
      apply ? "CREATE TABLE x(seq INTEGER, table_name TEXT, action TEXT,"
              " sql TEXT, status TEXT, job_id INTEGER, job_state TEXT,"
              " waited REAL, message TEXT, target HIDDEN, desired HIDDEN,"
              " options HIDDEN)"
            : "CREATE TABLE x(seq INTEGER, table_name TEXT, action TEXT,"
              " sql TEXT, status TEXT, job_id INTEGER, job_state TEXT,"
              " waited REAL, message TEXT, target HIDDEN, script HIDDEN,"
              " options HIDDEN)",
      sizeof(evtab), pp);
  if (!rc) {
    ((evtab *)*pp)->conn = aux;
    ((evtab *)*pp)->apply = apply;
  }
  return rc;
}

static int e_best_index(sqlite3_vtab *p, sqlite3_index_info *info) {
  (void)p;
  return sr_vtab_args(info, C_TARGET, 3, 3);
}

static int e_open(sqlite3_vtab *p, sqlite3_vtab_cursor **pp) {
  int rc = sr_vtab_cursor(sizeof(ecur), pp);
  if (rc)
    return rc;
  ecur *c = (ecur *)*pp;
  const evtab *v = (const evtab *)p;
  c->conn = v->conn;
  c->apply = v->apply;
  c->fn = v->apply ? "sr_apply" : "sr_exec";
  sr_arena_init(&c->arena);
  return SQLITE_OK;
}

static int e_close(sqlite3_vtab_cursor *p) {
  reset((ecur *)p);
  sr_arena_free(&((ecur *)p)->arena);
  sqlite3_free(p);
  return SQLITE_OK;
}

static int start(ecur *c, char **zErr) {
  if (c->o.dry_run)
    return 0;
  c->jrow = sqlite3_malloc64(sizeof *c->jrow * (sqlite3_uint64)(c->n + 1));
  if (!c->jrow)
    return *zErr = sqlite3_mprintf("out of memory"), 1;
  memset(c->jrow, 0, sizeof *c->jrow * (size_t)(c->n + 1));
  sr_err err = {0};
  if (!(c->run = sr_run_start(c->v, c->n, &c->b, &c->o.x, &err)))
    return *zErr = sr_err_sqlite(&err), 1;
  return 0;
}

static int filter(ecur *c, const char *target, const char *arg,
                  const char *json, char **zErr) {
  c->target = sqlite3_mprintf("%s", target);
  c->arg = sqlite3_mprintf("%s", arg);
  if (!c->target || !c->arg)
    return *zErr = sqlite3_mprintf("out of memory"), 1;
  if (parse_options(c, json, zErr) || setup_target(c, zErr))
    return 1;
  if (!c->o.dry_run &&
      (sr_journal_open(&c->j, c->conn->db, c->o.journal, c->where, zErr) ||
       resume(c, zErr)))
    return 1;
  if (c->apply ? prepare_plan(c, zErr) : prepare_script(c, arg, zErr))
    return 1;
  if (!c->apply && !c->o.dry_run && c->o.journal && skip_done(c, zErr))
    return 1;
  return start(c, zErr) || next_row(c, zErr);
}

/* An error of the statement; out of memory (no message, or one a failed
 * allocation gave) is SQLITE_NOMEM, whose text SQLite needs no memory for. */
static int fail(sqlite3_vtab *vt, char *zErr) {
  sqlite3_free(vt->zErrMsg);
  vt->zErrMsg = zErr;
  return !zErr || strstr(zErr, "out of memory") ? SQLITE_NOMEM : SQLITE_ERROR;
}

static int e_filter(sqlite3_vtab_cursor *p, int idxNum, const char *idxStr,
                    int argc, sqlite3_value **argv) {
  (void)idxStr;
  ecur *c = (ecur *)p;
  sqlite3_vtab *vt = p->pVtab;
  reset(c);
  const char *a[3] = {NULL, NULL, NULL};
  const char *what[3] = {"the target",
                         c->apply ? "the desired source" : "the statements",
                         "the options"};
  char *zErr = NULL;
  int rc = SQLITE_OK;
  for (int k = 0, i = 0; !rc && k < 3 && i < argc; k++)
    if (idxNum & (1 << k))
      rc = sr_value_text(argv[i++], c->fn, what[k], 0, &a[k], &zErr);
  if (rc)
    return fail(vt, zErr);
  if (!a[0] || !a[1])
    zErr = sqlite3_mprintf(
        c->apply ? "sr_apply: a target and the desired schema are required, "
                   "e.g. SELECT * FROM sr_apply('starrocks://etl@fe1/sales', "
                   "'schema/' [, '{\"parallel\": 4}'])"
                 : "sr_exec: a target and the statements are required, e.g. "
                   "SELECT * FROM sr_exec('starrocks://etl@fe1/sales', "
                   "'ALTER TABLE t ...;' [, options])");
  else if (!filter(c, a[0], a[1], a[2], &zErr))
    return SQLITE_OK;
  return fail(vt, zErr);
}

static int e_next(sqlite3_vtab_cursor *p) {
  ecur *c = (ecur *)p;
  char *zErr = NULL;
  if (!next_row(c, &zErr))
    return SQLITE_OK;
  return fail(p->pVtab, zErr);
}

static int e_eof(sqlite3_vtab_cursor *p) { return ((ecur *)p)->eof; }

static int e_rowid(sqlite3_vtab_cursor *p, sqlite3_int64 *r) {
  *r = ((ecur *)p)->rowid;
  return SQLITE_OK;
}

static void text(sqlite3_context *ctx, const char *s) {
  if (s && *s)
    sqlite3_result_text(ctx, s, -1, SQLITE_TRANSIENT);
}

static void verify_column(const ecur *c, sqlite3_context *ctx, int i) {
  static const char *const st[] = {"done", "failed", "not_run"};
  if (i == C_SEQ)
    sqlite3_result_int(ctx, c->plan.n + 1);
  else if (i == C_ACTION)
    text(ctx, "verify");
  else if (i == C_STATUS)
    text(ctx, st[c->verify_status]);
  else if (i == C_MESSAGE)
    text(ctx, c->verify_msg);
}

static int e_column(sqlite3_vtab_cursor *p, sqlite3_context *ctx, int i) {
  const ecur *c = (const ecur *)p;
  if (c->cur < 0) {
    verify_column(c, ctx, i);
    return SQLITE_OK;
  }
  const sr_stmt *s = &c->v[c->cur];
  const sr_result *r = c->run ? sr_run_result(c->run, c->cur) : NULL;
  switch (i) {
  case C_SEQ:
    sqlite3_result_int(ctx, s->seq);
    break;
  case C_TABLE:
    text(ctx, s->cls.table);
    break;
  case C_ACTION:
    text(ctx, s->action);
    break;
  case C_SQL:
    text(ctx, s->sql);
    break;
  case C_STATUS:
    text(ctx, status_name(r ? r->outcome : SR_OUT_NOT_RUN));
    break;
  case C_JOB_ID:
    if (r && r->job_id)
      sqlite3_result_int64(ctx, r->job_id);
    break;
  case C_JOB_STATE:
    text(ctx, r ? r->job_state : NULL);
    break;
  case C_WAITED:
    if (r && r->job_id)
      sqlite3_result_double(ctx, round(r->waited * 1000) / 1000);
    break;
  case C_MESSAGE:
    text(ctx, r ? r->message : NULL);
    break;
  default:
    break;
  }
  return SQLITE_OK;
}

const sqlite3_module sr_exec_module = {
    .iVersion = 0,
    .xConnect = e_connect,
    .xBestIndex = e_best_index,
    .xDisconnect = sr_vtab_disconnect,
    .xDestroy = sr_vtab_disconnect,
    .xOpen = e_open,
    .xClose = e_close,
    .xFilter = e_filter,
    .xNext = e_next,
    .xEof = e_eof,
    .xColumn = e_column,
    .xRowid = e_rowid,
};

/* The executor behind sr_apply and sr_exec (SPEC §7): runs a list of
 * statements against a backend (a live FE, or the offline interpreter),
 * one statement per request, waiting for the background job each one
 * starts and for anyone's unfinished job before it, retrying StarRocks's
 * concurrent-change refusal a bounded number of times, with different
 * tables' statements on up to `parallel` worker threads (one connection
 * each) and one table's statements always in order. No SQLite here: the
 * caller (glue) consumes events on its own thread to keep the journal and
 * return rows. Every wait has a deadline. */
#ifndef SR_EXEC_H
#define SR_EXEC_H

#include "base/error.h"
#include "core/model.h"
#include "ddl/script.h"
#include "exec/backend.h"

typedef struct sr_stmt {
  int seq;
  const char *action, *sql;
  sr_stmt_class cls;
  const char *skip; /* not NULL: done before (a resumed script): reported
                       SR_OUT_NOT_RUN with this message, never sent */
} sr_stmt;

typedef enum sr_outcome {
  SR_OUT_NOT_RUN, /* never sent */
  SR_OUT_DONE,
  SR_OUT_FAILED,
  SR_OUT_UNKNOWN /* sent, outcome unknown (connection lost, run abandoned) */
} sr_outcome;

typedef struct sr_result {
  sr_outcome outcome;
  long long job_id; /* 0: none */
  char job_state[24];
  double waited; /* seconds waiting for its own job */
  int open;      /* the server may still be working on it (the journal
                    keeps it `running` for the next run to wait for) */
  int skipped;   /* sr_stmt.skip: reported, not sent */
  char message[600];
} sr_result;

typedef void (*sr_progress_fn)(void *ctx, const char *line);

typedef struct sr_exec_opts {
  const char *fn;          /* names messages: "sr_apply" */
  int parallel;            /* worker threads, >= 1 */
  double wait_timeout;     /* seconds per job */
  double poll;             /* first polling interval (backs off to 10 s) */
  int retries;             /* concurrent-change retries per statement */
  sr_progress_fn progress; /* NULL: silent */
  void *progress_ctx;
} sr_exec_opts;

void sr_exec_opts_init(sr_exec_opts *o);

typedef enum sr_event_kind {
  SR_EV_START, /* statement i is about to be sent: journal it, then ack */
  SR_EV_JOB,   /* statement i started job result(i)->job_id */
  SR_EV_DONE,  /* statement i finished: result(i) is final */
  SR_EV_END    /* every worker has stopped */
} sr_event_kind;

typedef struct sr_event {
  sr_event_kind kind;
  int i;
} sr_event;

typedef struct sr_run sr_run;

/* Starts the workers over v[0..n) (kept by the caller until
 * sr_run_free). Statements with skip set end first, each with an
 * SR_EV_DONE, before anything is sent. */
sr_run *sr_run_start(const sr_stmt *v, int n, const sr_backend *b,
                     const sr_exec_opts *o, sr_err *err);
/* Blocks until the next event. After SR_EV_END it keeps returning END. */
void sr_run_next(sr_run *r, sr_event *ev);
/* Answers SR_EV_START: go = 0 refuses (the journal could not be written):
 * the statement is not sent and the run stops with err's message. */
void sr_run_ack(sr_run *r, int i, int go, const char *why);
const sr_result *sr_run_result(const sr_run *r, int i);
/* The run's error (the first failed statement), if any. */
int sr_run_error(const sr_run *r, sr_err *err);
/* Stops taking statements and stops waiting: in-flight statements end
 * as SR_OUT_UNKNOWN (their jobs go on). Then drain to SR_EV_END. */
void sr_run_abandon(sr_run *r);
/* Joins the workers (after SR_EV_END) and frees the run. */
void sr_run_free(sr_run *r);

/* Waits, on a session of its own, until table has no unfinished job of
 * any kind; when id is non-zero, *out is that job of kind afterwards (id 0
 * when the server no longer lists it). For resuming interrupted runs. */
int sr_exec_settle(const sr_backend *b, const sr_exec_opts *o,
                   const char *table, sr_jobkind kind, long long id,
                   sr_job *out, sr_err *err);

/* A backend applying statements to s offline (exec_offline.c): a table:
 * target. s is changed in place; after a failure it is unspecified. */
int sr_offline_backend(sr_schema *s, sr_backend *b, sr_err *err);
void sr_offline_backend_free(sr_backend *b);

/* "ALTER TABLE `t` ADD ..." on one line, cut to about max bytes. */
void sr_exec_snippet(char *dst, size_t cap, const char *sql, size_t max);

#endif

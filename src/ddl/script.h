/* Scripts of statements as the executor runs them: split at ';' with the
 * project's lexer (quotes, back-quotes and comments respected), and each
 * statement classified: which table it touches, and which StarRocks
 * background job it starts (starrocks-facts.md §3.1), so that sr_apply and
 * sr_exec wait for the same things. No SQLite here. */
#ifndef SR_SCRIPT_H
#define SR_SCRIPT_H

#include <stddef.h>

#include "base/arena.h"
#include "base/error.h"

/* The three kinds of ALTER job and the SHOW ALTER TABLE that lists them
 * (facts §4). */
typedef enum sr_jobkind {
  SR_JOB_NONE,
  SR_JOB_COLUMN,   /* schema change: SHOW ALTER TABLE COLUMN */
  SR_JOB_OPTIMIZE, /* distribution / buckets: SHOW ALTER TABLE OPTIMIZE */
  SR_JOB_ROLLUP    /* rollups, synchronous MVs: SHOW ALTER TABLE ROLLUP */
} sr_jobkind;

/* "COLUMN", "OPTIMIZE", "ROLLUP" (NULL for none). */
const char *sr_jobkind_name(sr_jobkind k);

typedef struct sr_stmt_class {
  const char *action;    /* create_table, alter_table, ..., statement */
  const char *table;     /* the object named (arena), NULL when none */
  const char *job_table; /* the table whose jobs it starts or waits for */
  sr_jobkind job;        /* the job it may start (the server decides) */
  int barrier;           /* runs alone: views, MVs, renames, other SQL */
  int creates;           /* CREATE TABLE: no job of the table to wait for */
} sr_stmt_class;

/* Classifies one statement (no ';'). Statements the executor refuses
 * (USE, SET: they would change one connection of several) are errors. */
int sr_stmt_classify(sr_arena *a, const char *sql, size_t n, sr_stmt_class *c,
                     sr_err *err);

/* Calls fn for each non-empty statement of text[0..n), in order, with its
 * text (from its first token to its last, comments inside kept) and the
 * line of its first token. Stops at fn's first non-zero return. */
typedef int (*sr_stmt_fn)(void *ctx, const char *sql, size_t n, int line);
int sr_script_split(const char *name, const char *text, size_t n, sr_stmt_fn fn,
                    void *ctx, sr_err *err);

/* 1 when a server message is StarRocks's refusal of an ALTER because
 * another job or operation holds the table (facts §4). */
int sr_is_concurrent_change(const char *msg);
/* 1 for FINISHED and CANCELLED (facts §4: FINISHED_REWRITING is not). */
int sr_job_state_terminal(const char *state);

#endif

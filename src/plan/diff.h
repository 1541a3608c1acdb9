/* The migration planner (SPEC §3): two canonical schemas -> the ordered
 * steps that take `from` to `to`. No SQLite here; statement text comes
 * from alter.h. The rules and their sources are listed in doc/diff.md and
 * cited at each rule in diff.c. */
#ifndef SR_DIFF_H
#define SR_DIFF_H

#include "base/strbuf.h"
#include "core/model.h"

typedef enum sr_action {
  SR_A_CREATE_TABLE,
  SR_A_DROP_TABLE,
  SR_A_ADD_COLUMN,
  SR_A_DROP_COLUMN,
  SR_A_MODIFY_COLUMN,
  SR_A_ALTER_COLUMNS,
  SR_A_ADD_FIELD,
  SR_A_DROP_FIELD,
  SR_A_SET_COMMENT,
  SR_A_SET_DISTRIBUTION,
  SR_A_SET_ORDER_BY,
  SR_A_SET_PROPERTIES,
  SR_A_ADD_INDEX,
  SR_A_DROP_INDEX,
  SR_A_CREATE_VIEW,
  SR_A_ALTER_VIEW,
  SR_A_DROP_VIEW,
  SR_A_CREATE_MV,
  SR_A_ALTER_MV,
  SR_A_DROP_MV,
  SR_A_CHANGE_ENGINE,
  SR_A_CHANGE_KEY,
  SR_A_CHANGE_PARTITION,
  SR_A_CHANGE_AGG_TYPE,
  SR_A_CHANGE_COMPLEX_TYPE,
  SR_A_CHANGE_COLUMN
} sr_action;

enum {
  SR_HZ_DATA_LOSS = 1,
  SR_HZ_ASYNC_JOB = 2,
  SR_HZ_REWRITE = 4,
  SR_HZ_DEFAULT_ONLY = 8
};

typedef enum sr_status { SR_ST_OK, SR_ST_SKIPPED, SR_ST_UNSUPPORTED } sr_status;

typedef struct sr_step {
  const char *table;
  sr_action action;
  const char *sql; /* NULL for unsupported */
  int hazard;      /* SR_HZ_* */
  sr_status status;
  const char *message; /* NULL when there is nothing to say */
  int phase;           /* ordering keys (diff.c) */
  int rank;            /* views and MVs: after what they read */
  int sub;
  int ord; /* the step's id: its place when planned (1..n) */
} sr_step;

typedef struct sr_plan {
  sr_arena arena; /* table names, sql and messages: the plan owns them */
  sr_step *steps;
  int n, cap;
} sr_plan;

typedef struct sr_diff_opts {
  int allow_drop;  /* default 0 */
  int allow_empty; /* default 0: a `to` with no objects is an error */
  /* The `to` source as the user gave it (password removed), named by that
   * error when the schema's what_read is NULL. */
  const char *to_name;
  int coalesce; /* default 1 */
  /* The server the statements are for: its version decides the syntax
   * allowed, its run mode whether fast schema evolution is implied. */
  sr_env env;
  /* Table filter (the `tables` GLOB); NULL keeps every table. */
  int (*keep)(void *ctx, const char *name);
  void *keep_ctx;
} sr_diff_opts;

void sr_diff_opts_init(sr_diff_opts *o);
/* Plans from -> to into p (initialised here; free with sr_plan_free). */
int sr_diff_plan(const sr_schema *from, const sr_schema *to,
                 const sr_diff_opts *o, sr_plan *p, sr_err *err);
void sr_plan_free(sr_plan *p);

const char *sr_action_name(sr_action a);
/* "data_loss,async_job" etc. into buf; NULL when h == 0. */
const char *sr_hazard_text(int h, char *buf, size_t cap);
const char *sr_status_name(sr_status s);

/* 1 with the server's reason and what to do instead in why when StarRocks
 * refuses ADD COLUMN of c to a (shared by sr_diff and sr_add_column). */
int sr_diff_add_refusal(const sr_table *a, const sr_column *c, sr_buf *why);
/* 1 with the reason in why when sr_diff would refuse MODIFY COLUMN to the
 * definition c whatever the column was (AUTO_INCREMENT: sr_modify_column
 * shares it). */
int sr_diff_modify_refusal(const sr_column *c, sr_buf *why);
/* 1 with the reason in why when StarRocks refuses ALTER TABLE .. SET of
 * property key (it is fixed at CREATE), from (NULL when unknown) to `to`
 * (shared by sr_diff and sr_alter_properties). */
int sr_diff_prop_refusal(const char *key, const char *from, const char *to,
                         sr_buf *why);

#endif

/* The guide's Alembic operations (SPEC §4; guide "Alembic Operations
 * Examples") as DDL text: sr_alter_partition, sr_alter_distribution,
 * sr_alter_order, sr_alter_properties, sr_add_column, sr_drop_column,
 * sr_modify_column. Each builds the model of what its arguments state (a
 * table named `table`, its distribution, sort key, properties or column),
 * checks it with sr_diff's rules and renders the statement with alter.c,
 * as sr_diff does; an argument is never pasted into a statement
 * unchecked. No SQLite: arguments are NUL-terminated text, the statement
 * is appended to b, errors are returned in err. */
#ifndef SR_OPS_H
#define SR_OPS_H

#include "base/strbuf.h"
#include "core/model.h"

/* expr: one expression or a list (dt, date_trunc('day', dt), RANGE(dt)). */
int sr_op_alter_partition(sr_buf *b, const char *table, const char *expr,
                          sr_err *err);
/* method: HASH(a, b) | RANDOM [BUCKETS n]; buckets: the count given
 * apart (NULL when not given). */
int sr_op_alter_distribution(sr_buf *b, const char *table, const char *method,
                             const long long *buckets, sr_err *err);
/* columns: a, `b c` */
int sr_op_alter_order(sr_buf *b, const char *table, const char *columns,
                      sr_err *err);
/* json: {"key": value, ...}, one SET per property joined by ";\n";
 * partitioned: the table is partitioned (default.replication_num). */
int sr_op_alter_properties(sr_buf *b, const char *table, const char *json,
                           int partitioned, sr_err *err);
/* column_json: a column of SPEC §4 (sr_spec_column). */
int sr_op_add_column(sr_buf *b, const char *table, const char *column_json,
                     sr_err *err);
int sr_op_modify_column(sr_buf *b, const char *table, const char *column_json,
                        sr_err *err);
int sr_op_drop_column(sr_buf *b, const char *table, const char *column,
                      sr_err *err);

#endif

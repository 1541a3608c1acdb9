/* The op functions in SQL (SPEC §4: sr_alter_partition ...
 * sr_modify_column): arguments in, text or an error named after the
 * function out. What they do is ops.c's. A NULL argument gives NULL. */
#include "glue/glue.h"
#include "plan/ops.h"

SQLITE_EXTENSION_INIT3

/* The arguments as text into a[]; 0 when the result is NULL (a NULL
 * argument) or an error (reported): every argument ends up in the
 * statement, so each must be UTF-8 without NUL bytes. */
static int args(sqlite3_context *ctx, const char *fn, int argc,
                sqlite3_value **argv, const char **a) {
  static const char *const what[] = {"argument 1", "argument 2", "argument 3"};
  for (int i = 0; i < argc; i++)
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
      return 0;
  for (int i = 0; i < argc && i < 3; i++)
    if (sr_arg_text(ctx, argv[i], fn, what[i], 1, &a[i]))
      return 0;
  return 1;
}

/* A number argument must be an integer (text that reads as one counts):
 * '3; DROP TABLE t' is refused, not read as 3. */
static int int_arg(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                   const char *what, long long *out) {
  if (sqlite3_value_numeric_type(v) == SQLITE_INTEGER) {
    *out = sqlite3_value_int64(v);
    return 1;
  }
  char *m = sqlite3_mprintf("%s: %s must be an integer, not '%.40s'", fn, what,
                            (const char *)sqlite3_value_text(v));
  if (m)
    sqlite3_result_error(ctx, m, -1);
  else
    sqlite3_result_error_nomem(ctx);
  sqlite3_free(m);
  return 0;
}

/* The statement, or "<fn>: <message>". */
static void result(sqlite3_context *ctx, const char *fn, int rc, sr_buf *b,
                   const sr_err *err) {
  if (rc) {
    sr_result_error(ctx, fn, err->msg);
    sr_buf_free(b);
  } else {
    sr_result_buf(ctx, b);
  }
}

/* Declares a, b and err, and returns on a NULL or refused argument. */
#define OP_BEGIN(fn)                                                           \
  const char *a[3];                                                            \
  if (!args(ctx, fn, argc, argv, a))                                           \
    return;                                                                    \
  sr_buf b;                                                                    \
  sr_buf_init(&b);                                                             \
  sr_err err = {0}

void sr_alter_partition_fn(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv) {
  OP_BEGIN("sr_alter_partition");
  int rc = sr_op_alter_partition(&b, a[0], a[1], &err);
  result(ctx, "sr_alter_partition", rc, &b, &err);
}

/* (table, method [, buckets]) */
void sr_alter_distribution_fn(sqlite3_context *ctx, int argc,
                              sqlite3_value **argv) {
  OP_BEGIN("sr_alter_distribution");
  long long n = 0;
  if (argc > 2 &&
      !int_arg(ctx, "sr_alter_distribution", argv[2], "the bucket count", &n))
    return;
  int rc = sr_op_alter_distribution(&b, a[0], a[1], argc > 2 ? &n : NULL, &err);
  result(ctx, "sr_alter_distribution", rc, &b, &err);
}

void sr_alter_order_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  OP_BEGIN("sr_alter_order");
  int rc = sr_op_alter_order(&b, a[0], a[1], &err);
  result(ctx, "sr_alter_order", rc, &b, &err);
}

/* (table, json [, partitioned]): partitioned unless the third is 0. */
void sr_alter_properties_fn(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv) {
  OP_BEGIN("sr_alter_properties");
  long long part = 1;
  if (argc > 2 && !int_arg(ctx, "sr_alter_properties", argv[2],
                           "the partitioned flag", &part))
    return;
  int partitioned = part != 0;
  int rc = sr_op_alter_properties(&b, a[0], a[1], partitioned, &err);
  result(ctx, "sr_alter_properties", rc, &b, &err);
}

void sr_add_column_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  OP_BEGIN("sr_add_column");
  int rc = sr_op_add_column(&b, a[0], a[1], &err);
  result(ctx, "sr_add_column", rc, &b, &err);
}

void sr_modify_column_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  OP_BEGIN("sr_modify_column");
  int rc = sr_op_modify_column(&b, a[0], a[1], &err);
  result(ctx, "sr_modify_column", rc, &b, &err);
}

void sr_drop_column_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  OP_BEGIN("sr_drop_column");
  int rc = sr_op_drop_column(&b, a[0], a[1], &err);
  result(ctx, "sr_drop_column", rc, &b, &err);
}

/* The op functions in SQL (SPEC §4: sr_alter_partition ...
 * sr_modify_column): arguments in, text or an error named after the
 * function out. What they do is ops.c's. A NULL argument gives NULL. */
#include "glue.h"
#include "ops.h"

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
  long long n = argc > 2 ? sqlite3_value_int64(argv[2]) : 0;
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
  int partitioned = argc < 3 || sqlite3_value_int(argv[2]);
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

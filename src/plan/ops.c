/* The op functions over the model (ops.h). */
#include "plan/ops.h"

#include <string.h>

#include "core/expr.h"
#include "core/features.h"
#include "core/rules.h"
#include "ddl/alter.h"
#include "ddl/ddl_parse.h"
#include "plan/diff.h"
#include "source/spec.h"

/* The table a statement is about, in a scratch schema: what the op's
 * arguments say of it is all that is known (an OLAP table, the newest
 * version's rules). */
typedef struct op {
  sr_schema *s;
  sr_table *t;
} op;

static int op_begin(op *o, const char *table, sr_err *err) {
  sr_env env = {SR_VERSION_NEWEST, 0};
  o->s = sr_schema_new(env);
  o->t = o->s ? sr_schema_add(o->s) : NULL;
  if (!o->t || !(o->t->name = sr_arena_strdup(&o->s->arena, table))) {
    sr_schema_free(o->s);
    return sr_oom(err);
  }
  o->t->kind = SR_KIND_TABLE;
  return SR_OK;
}

static int op_end(op *o, int rc) {
  sr_schema_free(o->s);
  return rc;
}

/* The expression is checked with the DDL lexer (one expression or a list,
 * balanced, no ';') and rebuilt from its tokens. */
int sr_op_alter_partition(sr_buf *b, const char *table, const char *expr,
                          sr_err *err) {
  op o;
  if (op_begin(&o, table, err))
    return SR_ERROR;
  const char *x;
  int rc = sr_expr_check(&o.s->arena, "partition expression", expr,
                         strlen(expr), 1, &x, err);
  if (!rc)
    sr_alter_partition_by(b, o.t->name, x);
  return op_end(&o, rc);
}

/* The method is read by the DDL parser (columns quoted, BUCKETS checked);
 * a count given apart must be one the parser would accept too. */
int sr_op_alter_distribution(sr_buf *b, const char *table, const char *method,
                             const long long *buckets, sr_err *err) {
  op o;
  if (op_begin(&o, table, err))
    return SR_ERROR;
  sr_table *t = o.t;
  int rc = sr_parse_dist_method(o.s, t, "method", method, err);
  if (!rc && buckets && (t->stated & SR_STATED_BUCKETS))
    rc = sr_errf(err,
                 "the method states BUCKETS %d and the third argument "
                 "%lld: give the bucket count once",
                 t->buckets, *buckets);
  else if (!rc && buckets && (*buckets <= 0 || *buckets > SR_BUCKETS_MAX))
    rc = sr_errf(err, "the bucket count must be 1..%d, not %lld",
                 SR_BUCKETS_MAX, *buckets);
  else if (!rc && buckets)
    t->buckets = (int)*buckets;
  if (!rc)
    sr_alter_distribution(b, t);
  return op_end(&o, rc);
}

int sr_op_alter_order(sr_buf *b, const char *table, const char *columns,
                      sr_err *err) {
  op o;
  if (op_begin(&o, table, err))
    return SR_ERROR;
  int rc = sr_parse_names(o.s, "columns", columns, &o.t->order_by, err);
  if (!rc)
    sr_alter_order_by(b, o.t, &o.t->order_by);
  return op_end(&o, rc);
}

/* Without knowing the table, the guide's tool takes it as partitioned:
 * replication_num becomes default.replication_num (guide "Note on Future
 * Partition Properties"); storage_medium is default.* either way (the only
 * form the FE accepts). A property fixed at CREATE is refused as sr_diff
 * refuses it. */
int sr_op_alter_properties(sr_buf *b, const char *table, const char *json,
                           int partitioned, sr_err *err) {
  op o;
  if (op_begin(&o, table, err))
    return SR_ERROR;
  sr_table *t = o.t;
  int rc = sr_spec_properties(o.s, json, t, err);
  for (int i = 0; !rc && i < t->nprops; i++) {
    const sr_prop *p = &t->props[i];
    sr_buf why;
    sr_buf_init(&why);
    if (sr_diff_prop_refusal(p->key, NULL, p->value, &why))
      rc = sr_errf(err, "%s", sr_buf_str(&why) ? why.s : "out of memory");
    sr_buf_free(&why);
    if (rc)
      break;
    int dflt;
    const char *key = sr_alter_prop_key(t->kind, partitioned, p->key, &dflt);
    if (i)
      sr_buf_puts(b, ";\n");
    sr_alter_set_property(b, t, key, p->value);
  }
  return op_end(&o, rc);
}

/* The column's aggregate role decides the table model it is rendered
 * for: an aggregate type or is_agg_key means an AGGREGATE KEY table
 * (guide "Notes on ALTER TABLE ADD/MODIFY COLUMN"). sr_spec_column has
 * checked default_expr and generated (one expression each, no ';'). */
static int column_of(op *o, const char *json, sr_column *c, sr_err *err) {
  int agg_key = 0;
  memset(c, 0, sizeof *c);
  if (sr_spec_column(o->s, json, c, &agg_key, err))
    return SR_ERROR;
  if (c->agg_type || agg_key)
    o->t->key_type = SR_KEY_AGGREGATE;
  c->is_key = agg_key || c->is_key;
  return SR_OK;
}

/* ADD COLUMN (add) or MODIFY COLUMN, refused exactly as sr_diff refuses
 * an add_column row, or a change_column row that the definition alone
 * decides (AUTO_INCREMENT). MODIFY allows NOT NULL without a default: it
 * keeps an existing column's rows (the FE's visitModifyColumnClause has
 * no such check). */
static int column_op(sr_buf *b, const char *table, const char *json, int add,
                     sr_err *err) {
  op o;
  sr_column c;
  if (op_begin(&o, table, err))
    return SR_ERROR;
  int rc = column_of(&o, json, &c, err);
  sr_buf why;
  sr_buf_init(&why);
  if (!rc && (add ? sr_diff_add_refusal(o.t, &c, &why)
                  : sr_diff_modify_refusal(&c, &why)))
    rc = sr_errf(err, "%s", sr_buf_str(&why) ? why.s : "out of memory");
  sr_buf_free(&why);
  if (!rc) {
    sr_alter_head(b, o.t);
    if (add)
      sr_alter_add_column(b, o.t, &c, NULL);
    else
      sr_alter_modify_column(b, o.t, &c);
  }
  return op_end(&o, rc);
}

int sr_op_add_column(sr_buf *b, const char *table, const char *column_json,
                     sr_err *err) {
  return column_op(b, table, column_json, 1, err);
}

int sr_op_modify_column(sr_buf *b, const char *table, const char *column_json,
                        sr_err *err) {
  return column_op(b, table, column_json, 0, err);
}

int sr_op_drop_column(sr_buf *b, const char *table, const char *column,
                      sr_err *err) {
  if (!*column)
    return sr_errf(err, "the column name is empty");
  op o;
  if (op_begin(&o, table, err))
    return SR_ERROR;
  sr_alter_head(b, o.t);
  sr_alter_drop_column(b, column);
  return op_end(&o, SR_OK);
}

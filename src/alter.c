#include "alter.h"

#include <string.h>

#include "lexer.h"
#include "render.h"

void sr_alter_head(sr_buf *b, const sr_table *t) {
  sr_buf_puts(b, t->kind == SR_KIND_MV ? "ALTER MATERIALIZED VIEW "
                                       : "ALTER TABLE ");
  sr_buf_ident(b, t->name);
  sr_buf_putc(b, ' ');
}

static void position(sr_buf *b, const char *after) {
  if (!after)
    return;
  if (!*after) {
    sr_buf_puts(b, " FIRST");
    return;
  }
  sr_buf_puts(b, " AFTER ");
  sr_buf_ident(b, after);
}

/* KEY is written for AGGREGATE key columns: without a marker the server
 * takes a column without an aggregate type as a key anyway, but the guide
 * asks for explicit roles in ADD/MODIFY COLUMN. */
void sr_alter_add_column(sr_buf *b, const sr_table *t, const sr_column *c,
                         const char *after) {
  sr_buf_puts(b, "ADD COLUMN ");
  /* A key column added to a DUPLICATE table needs KEY too (facts §3.2);
   * the column renderer writes it for AGGREGATE tables only. */
  sr_table keyed = *t;
  if (c->is_key)
    keyed.key_type = SR_KEY_AGGREGATE;
  sr_render_column(b, &keyed, c, SR_COL_KEYMARK);
  position(b, c->generated ? NULL : after);
}

void sr_alter_drop_column(sr_buf *b, const char *name) {
  sr_buf_puts(b, "DROP COLUMN ");
  sr_buf_ident(b, name);
}

void sr_alter_modify_column(sr_buf *b, const sr_table *t, const sr_column *c) {
  sr_buf_puts(b, "MODIFY COLUMN ");
  /* Without KEY a DUPLICATE/UNIQUE key column would become a value column
   * ("Can not change aggregation type": SchemaChangeHandler
   * fillKeyAndAggregationTypeForModColumn); PRIMARY keys keep their role. */
  sr_table keyed = *t;
  if (c->is_key && t->key_type != SR_KEY_PRIMARY)
    keyed.key_type = SR_KEY_AGGREGATE;
  sr_render_column(b, &keyed, c, SR_COL_KEYMARK);
  if (!c->comment || !*c->comment)
    sr_buf_puts(b, " COMMENT \"\"");
}

void sr_alter_column_comment(sr_buf *b, const char *name, const char *comment) {
  sr_buf_puts(b, "MODIFY COLUMN ");
  sr_buf_ident(b, name);
  sr_buf_puts(b, " COMMENT ");
  sr_buf_dquote(b, comment ? comment : "");
}

void sr_alter_add_field(sr_buf *b, const char *col, const char *path,
                        const char *type, const char *after) {
  sr_buf_puts(b, "MODIFY COLUMN ");
  sr_buf_ident(b, col);
  sr_buf_printf(b, " ADD FIELD %s %s", path, type);
  position(b, after);
}

void sr_alter_drop_field(sr_buf *b, const char *col, const char *path) {
  sr_buf_puts(b, "MODIFY COLUMN ");
  sr_buf_ident(b, col);
  sr_buf_printf(b, " DROP FIELD %s", path);
}

/* ALTER TABLE t COMMENT = "..." (facts §3.2, 3.1+). */
void sr_alter_comment(sr_buf *b, const sr_table *t, const char *comment) {
  sr_alter_head(b, t);
  sr_buf_puts(b, "COMMENT = ");
  sr_buf_dquote(b, comment ? comment : "");
}

/* replication_num: "default." on partitioned tables (guide "Note on Future
 * Partition Properties", SPEC §3), plain otherwise. storage_medium: the FE
 * accepts only "default.storage_medium" in ALTER TABLE .. SET, partitioned
 * or not (AlterTableClauseAnalyzer.visitModifyTablePropertiesClause maps it
 * to storage_medium; a plain key is "Unknown properties"), so every table
 * gets the prefix. */
const char *sr_alter_prop_key(const sr_table *t, const char *key, int *dflt) {
  *dflt = 0;
  if (t->kind != SR_KIND_TABLE)
    return key;
  if (!strcmp(key, "storage_medium")) {
    *dflt = 1;
    return "default.storage_medium";
  }
  if (t->partition_by && !strcmp(key, "replication_num")) {
    *dflt = 1;
    return "default.replication_num";
  }
  return key;
}

/* One property per SET (facts §3.2; the guide's op.alter_table_properties). */
void sr_alter_set_property(sr_buf *b, const sr_table *t, const char *key,
                           const char *value) {
  sr_alter_head(b, t);
  sr_buf_puts(b, "SET (");
  sr_buf_dquote(b, key);
  sr_buf_puts(b, " = ");
  sr_buf_dquote(b, value);
  sr_buf_putc(b, ')');
}

void sr_alter_distribution(sr_buf *b, const sr_table *t) {
  sr_alter_head(b, t);
  sr_render_distribution(b, t);
}

void sr_alter_order_by(sr_buf *b, const sr_table *t, const sr_strlist *cols) {
  sr_alter_head(b, t);
  sr_buf_puts(b, "ORDER BY (");
  sr_render_ident_list(b, cols);
  sr_buf_putc(b, ')');
}

/* The guide's op.alter_table_partition: the method only. */
void sr_alter_partition_by(sr_buf *b, const char *table, const char *expr) {
  sr_buf_puts(b, "ALTER TABLE ");
  sr_buf_ident(b, table);
  sr_buf_puts(b, " PARTITION BY ");
  sr_buf_puts(b, expr);
}

/* ALTER MATERIALIZED VIEW mv REFRESH ASYNC | MANUAL | ASYNC START(..)
 * EVERY(..) (StarRocks docs ALTER_MATERIALIZED_VIEW). */
void sr_alter_refresh(sr_buf *b, const sr_table *mv) {
  sr_alter_head(b, mv);
  sr_buf_puts(b, "REFRESH ");
  sr_buf_puts(b, mv->refresh ? mv->refresh : "ASYNC");
}

/* ALTER VIEW v [(cols)] AS query (StarRocks docs ALTER_VIEW). */
void sr_alter_view(sr_buf *b, const sr_table *v) {
  sr_buf_puts(b, "ALTER VIEW ");
  sr_buf_ident(b, v->name);
  if (v->view_cols.n) {
    sr_buf_puts(b, " (");
    sr_render_ident_list(b, &v->view_cols);
    sr_buf_putc(b, ')');
  }
  sr_buf_puts(b, " AS ");
  sr_buf_puts(b, v->definition);
}

void sr_alter_add_index(sr_buf *b, const sr_table *t, const sr_index *x) {
  sr_alter_head(b, t);
  sr_buf_puts(b, "ADD ");
  sr_render_index(b, x);
}

void sr_alter_drop_index(sr_buf *b, const sr_table *t, const char *name) {
  sr_alter_head(b, t);
  sr_buf_puts(b, "DROP INDEX ");
  sr_buf_ident(b, name);
}

void sr_alter_drop(sr_buf *b, const sr_table *t) {
  sr_buf_puts(b, t->kind == SR_KIND_VIEW ? "DROP VIEW "
                 : t->kind == SR_KIND_MV ? "DROP MATERIALIZED VIEW "
                                         : "DROP TABLE ");
  sr_buf_ident(b, t->name);
}

void sr_alter_create(sr_buf *b, const sr_table *t) { sr_render_create(b, t); }

/* ---- expressions passed in by callers ------------------------------------ */

/* Words that join two operands (or start one): after them an operand is
 * expected again. */
static int joining_word(const sr_token *t) {
  static const char *const w[] = {
      "AND",  "OR",   "NOT",  "XOR",  "IS",       "IN",   "LIKE",
      "RLIKE", "REGEXP", "BETWEEN", "DIV", "MOD", "CASE", "WHEN",
      "THEN", "ELSE", "INTERVAL", "AS", "COLLATE", "BINARY", "DISTINCT"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (sr_tok_is(t, w[i]))
      return 1;
  return 0;
}

/* Words that end an operand: CASE .. END, INTERVAL 1 DAY. */
static int closing_word(const sr_token *t) {
  static const char *const w[] = {
      "END",  "YEAR",   "QUARTER", "MONTH",       "WEEK",        "DAY",
      "HOUR", "MINUTE", "SECOND",  "MILLISECOND", "MICROSECOND"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (sr_tok_is(t, w[i]))
      return 1;
  return 0;
}

static int expr_err(sr_err *err, const char *what, const sr_token *t,
                    const char *why) {
  int n = (int)(t->n > 24 ? 24 : t->n);
  if (t->kind == SR_TK_EOF)
    return sr_errf(err, "%s: %s at the end", what, why);
  return sr_errf(err, "%s: unexpected '%.*s%s' at %d:%d: %s", what, n, t->p,
                 t->n > 24 ? "..." : "", t->line, t->col, why);
}

int sr_alter_check_expr(sr_arena *a, const char *what, const char *text,
                        size_t n, int list, const char **out, sr_err *err) {
  sr_lexer lx;
  sr_token t, open[1] = {{0}};
  sr_lex_init(&lx, what, text, n);
  sr_buf b;
  sr_buf_init(&b);
  int depth = 0, operand = 0, ident = 0, ntok = 0, rc = SR_OK;
  size_t end = 0;
  for (;;) {
    if (sr_lex_next(&lx, &t, err)) {
      rc = SR_ERROR;
      break;
    }
    if (t.kind == SR_TK_EOF)
      break;
    const char *why = NULL;
    int word = t.kind == SR_TK_IDENT;
    if (sr_tok_punct(&t, ';'))
      why = "one expression is expected, not statements";
    else if (sr_tok_punct(&t, ')') && depth == 0)
      why = "it closes a '(' that was never opened";
    else if (depth == 0 && sr_tok_punct(&t, ',') && !list)
      why = "one expression is expected, not a list";
    else if (depth == 0 && sr_tok_punct(&t, ',') && !operand)
      why = "an expression is missing before it";
    else if (depth == 0 && operand && sr_tok_punct(&t, '(') && !ident)
      why = "the expression before it is already complete";
    else if (depth == 0 && operand && t.kind != SR_TK_PUNCT &&
             !(word && (joining_word(&t) || closing_word(&t))))
      why = "the expression before it is already complete";
    if (why) {
      rc = expr_err(err, what, &t, why);
      break;
    }
    if (sr_tok_punct(&t, '(')) {
      if (depth++ == 0)
        open[0] = t;
      operand = ident = 0;
    } else if (sr_tok_punct(&t, ')')) {
      operand = --depth == 0;
      ident = 0;
    } else if (depth == 0) {
      if (t.kind == SR_TK_PUNCT)
        operand = 0;
      else if (word && joining_word(&t))
        operand = 0;
      else
        operand = 1;
      ident = t.kind == SR_TK_IDENT || t.kind == SR_TK_QIDENT;
    }
    if (ntok++ && t.off > end)
      sr_buf_putc(&b, ' ');
    sr_buf_add(&b, t.p, t.n);
    end = t.off + t.n;
  }
  if (!rc && depth > 0)
    rc = sr_errf(err, "%s: the '(' at %d:%d is never closed", what,
                 open[0].line, open[0].col);
  if (!rc && !ntok)
    rc = sr_errf(err, "%s is empty", what);
  if (!rc && !operand)
    rc = expr_err(err, what, &t, "the expression is incomplete");
  if (!rc && out) {
    const char *s = sr_buf_str(&b);
    *out = s ? sr_arena_strdup(a, s) : NULL;
    if (!*out)
      rc = sr_oom(err);
  }
  sr_buf_free(&b);
  return rc;
}

#include "ddl/alter.h"

#include <string.h>

#include "core/lexer.h"
#include "ddl/render.h"

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
const char *sr_alter_prop_key(sr_kind kind, int partitioned, const char *key,
                              int *dflt) {
  *dflt = 0;
  if (kind != SR_KIND_TABLE)
    return key;
  if (!strcmp(key, "storage_medium")) {
    *dflt = 1;
    return "default.storage_medium";
  }
  if (partitioned && !strcmp(key, "replication_num")) {
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
  sr_render_view_columns(b, v);
  sr_buf_puts(b, " AS ");
  sr_buf_puts(b, v->definition);
}

/* ALTER VIEW v SET SECURITY {NONE | INVOKER} (StarRocks.g4
 * alterViewStatement; secure views from 3.4.1, docs CREATE VIEW). */
void sr_alter_view_security(sr_buf *b, const sr_table *v) {
  sr_buf_puts(b, "ALTER VIEW ");
  sr_buf_ident(b, v->name);
  sr_buf_puts(b, " SET SECURITY ");
  sr_buf_puts(b, v->view_security ? v->view_security : "NONE");
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

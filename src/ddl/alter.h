/* The one step renderer: the text of every ALTER / CREATE / DROP
 * statement that sr_diff and the op functions (sr_add_column, ...) emit,
 * built from model pieces. Identifiers are always back-quoted and strings
 * escaped (strbuf.h), so names with backticks, quotes or reserved words
 * run as printed. Syntax: starrocks-facts.md §3.2; sources per function. */
#ifndef SR_ALTER_H
#define SR_ALTER_H

#include "base/strbuf.h"
#include "core/model.h"

/* ALTER TABLE `t` / ALTER MATERIALIZED VIEW `mv` (with a trailing space). */
void sr_alter_head(sr_buf *b, const sr_table *t);

/* Column clauses, appended after sr_alter_head; several are joined by
 * ", " into one statement (facts §3.1: one statement may carry several
 * clauses of the column family). after: NULL = append at the end, "" =
 * FIRST, else AFTER `after`. AGGREGATE tables get their role marker (KEY
 * or the aggregate type: guide "Notes on ALTER TABLE ADD/MODIFY COLUMN"). */
void sr_alter_add_column(sr_buf *b, const sr_table *t, const sr_column *c,
                         const char *after);
void sr_alter_drop_column(sr_buf *b, const char *name);
/* MODIFY COLUMN with the full definition; COMMENT "" is written when the
 * comment is empty so that a cleared comment is cleared. */
void sr_alter_modify_column(sr_buf *b, const sr_table *t, const sr_column *c);
/* MODIFY COLUMN `c` COMMENT "x": metadata-only (facts §3.1, §3.2). */
void sr_alter_column_comment(sr_buf *b, const char *name, const char *comment);
/* MODIFY COLUMN `c` ADD FIELD path T [AFTER f | FIRST] / DROP FIELD path
 * (facts §3.2; path is dotted for nested structs, already quoted). */
void sr_alter_add_field(sr_buf *b, const char *col, const char *path,
                        const char *type, const char *after);
void sr_alter_drop_field(sr_buf *b, const char *col, const char *path);

/* Whole statements. */
void sr_alter_comment(sr_buf *b, const sr_table *t, const char *comment);
void sr_alter_set_property(sr_buf *b, const sr_table *t, const char *key,
                           const char *value);
void sr_alter_distribution(sr_buf *b, const sr_table *t);
void sr_alter_order_by(sr_buf *b, const sr_table *t, const sr_strlist *cols);
void sr_alter_partition_by(sr_buf *b, const char *table, const char *expr);
void sr_alter_refresh(sr_buf *b, const sr_table *mv);
void sr_alter_view(sr_buf *b, const sr_table *v);
/* ALTER VIEW v SET SECURITY NONE | INVOKER */
void sr_alter_view_security(sr_buf *b, const sr_table *v);
void sr_alter_add_index(sr_buf *b, const sr_table *t, const sr_index *x);
void sr_alter_drop_index(sr_buf *b, const sr_table *t, const char *name);
void sr_alter_drop(sr_buf *b, const sr_table *t);
void sr_alter_create(sr_buf *b, const sr_table *t);

/* The key a property of a table of that kind is set under:
 * replication_num of a partitioned table and storage_medium become
 * default.* (guide "Note on Future Partition Properties"; facts §3.2). */
const char *sr_alter_prop_key(sr_kind kind, int partitioned, const char *key,
                              int *dflt);

#endif

/* The canonical CREATE statement of a table, view or MV (SPEC §4
 * "Canonical CREATE TABLE layout", modelled on SHOW CREATE TABLE, facts
 * §1.2): same schema, same text. Also the pieces the ALTER renderer
 * reuses. */
#ifndef SR_RENDER_H
#define SR_RENDER_H

#include "model.h"
#include "strbuf.h"

/* CREATE ... without a trailing ';'. */
void sr_render_create(sr_buf *b, const sr_table *t);

enum {
  SR_COL_KEYMARK = 1 /* write KEY after the type of an AGGREGATE key column */
};
/* `name` TYPE [KEY|AGG] NULL|NOT NULL [AUTO_INCREMENT] [DEFAULT ..] [AS ..]
 * [COMMENT ".."] */
void sr_render_column(sr_buf *b, const sr_table *t, const sr_column *c,
                      int flags);
/* `a`, `b` */
void sr_render_ident_list(sr_buf *b, const sr_strlist *l);
/* " (`a` COMMENT "x", `b`)": a view's column list, nothing when none */
void sr_render_view_columns(sr_buf *b, const sr_table *t);
/* DISTRIBUTED BY HASH(`a`) BUCKETS n | RANDOM [BUCKETS n] */
void sr_render_distribution(sr_buf *b, const sr_table *t);
/* PARTITION BY ... (scheme only, no partition list) */
void sr_render_partition_scheme(sr_buf *b, const sr_table *t);
void sr_render_index(sr_buf *b, const sr_index *x);
/* The value of sr_columns.default_value: 'x' or an expression; NULL. */
const char *sr_default_sql(sr_arena *a, const sr_column *c);

#endif

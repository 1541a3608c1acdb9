/* The canonical CREATE statement of a table, view or MV (SPEC §4
 * "Canonical CREATE TABLE layout", modelled on SHOW CREATE TABLE, facts
 * §1.2): same schema, same text. Also the pieces the ALTER renderer
 * reuses. */
#ifndef SR_RENDER_H
#define SR_RENDER_H

#include "base/strbuf.h"
#include "core/model.h"

/* CREATE ... without a trailing ';'. */
void sr_render_create(sr_buf *b, const sr_table *t);

enum {
  SR_COL_KEYMARK = 1 /* write KEY after the type of an AGGREGATE key column */
};
/* `name` TYPE [KEY|AGG] NULL|NOT NULL [AUTO_INCREMENT] [DEFAULT ..] [AS ..]
 * [COMMENT ".."] */
void sr_render_column(sr_buf *b, const sr_table *t, const sr_column *c,
                      int flags);
/* How a name is written where names are listed: */
typedef enum sr_names {
  SR_NAMES_DDL,  /* statements: always back-quoted */
  SR_NAMES_SPEC, /* JSON specs, read back by the DDL parser: back-quoted
                    when the parser needs it (sr_ident_needs_quotes) */
  SR_NAMES_ROW   /* schema tables (SPEC §2: names bare): back-quoted only
                    when a list would be ambiguous (a comma, a backtick,
                    blanks at the ends, empty); schema_tables.c splits
                    such lists again */
} sr_names;
void sr_render_name(sr_buf *b, const char *name, sr_names how);
/* a, b joined by ", " */
void sr_render_names(sr_buf *b, const sr_strlist *l, sr_names how);
/* The inverse of SR_NAMES_ROW: the names of list v added to l (copied
 * into s's arena). Items are separated by commas; a back-quoted item is
 * the name inside (`a``b` is a`b), any other is trimmed of blanks; empty
 * items are skipped. It reads bloom_filter_columns too ("a,b ,c": the
 * server splits on ',' and trims). SR_NOMEM when out of memory. */
int sr_names_split(sr_schema *s, const char *v, sr_strlist *l);
/* l as SR_NAMES_ROW prints it, in arena a: what sr_names_split reads back
 * as l (a name with a comma or a backtick stays one name: make fuzz found
 * bloom_filter_columns joined bare printing differently each time it was
 * read). NULL when out of memory. */
const char *sr_names_join(sr_arena *a, const sr_strlist *l);
/* `a`, `b` (SR_NAMES_DDL) */
void sr_render_ident_list(sr_buf *b, const sr_strlist *l);
/* " (`a` COMMENT "x", `b`)": a view's column list, nothing when none */
void sr_render_view_columns(sr_buf *b, const sr_table *t);
/* HASH(a, b) or RANDOM: the method of DISTRIBUTED BY, without BUCKETS. */
void sr_render_dist_method(sr_buf *b, const sr_table *t, sr_names how);
/* DISTRIBUTED BY HASH(`a`) BUCKETS n | RANDOM [BUCKETS n] */
void sr_render_distribution(sr_buf *b, const sr_table *t);
/* PARTITION BY ... (scheme only, no partition list) */
void sr_render_partition_scheme(sr_buf *b, const sr_table *t);
void sr_render_index(sr_buf *b, const sr_index *x);

#endif

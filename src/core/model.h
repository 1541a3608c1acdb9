/* The table model: one StarRocks table, view or materialized view, as
 * every source (files, ddl:, table:, live) builds it and every consumer
 * (virtual tables, renderer, diff) reads it. Strings live in the schema's
 * arena. After sr_schema_finish() values are canonical (SPEC §2, §4):
 * types canonical, defaults explicit, identifiers without backticks. */
#ifndef SR_MODEL_H
#define SR_MODEL_H

#include "base/arena.h"
#include "base/error.h"
#include "base/version.h"

typedef enum sr_kind { SR_KIND_TABLE, SR_KIND_VIEW, SR_KIND_MV } sr_kind;

typedef enum sr_keytype {
  SR_KEY_DUPLICATE,
  SR_KEY_AGGREGATE,
  SR_KEY_UNIQUE,
  SR_KEY_PRIMARY
} sr_keytype;

typedef enum sr_defkind {
  SR_DEF_NONE,
  SR_DEF_LITERAL, /* DEFAULT "x": def_text is the unescaped value */
  SR_DEF_EXPR     /* DEFAULT CURRENT_TIMESTAMP / (uuid()): def_text is SQL */
} sr_defkind;

typedef struct sr_strlist {
  const char **v;
  int n;
} sr_strlist;

typedef struct sr_column {
  const char *name;
  const char *type; /* canonical spelling (types.h) */
  int nullable;
  sr_defkind def_kind;
  const char *def_text;
  const char *comment; /* "" when none */
  int is_key;
  const char *agg_type; /* SUM, REPLACE, ...; NULL for keys / other models */
  int auto_increment;
  const char *generated; /* normalised expression of `AS expr`, or NULL */
  int hidden;      /* __generated_partition_column_N, made by the server */
  int null_stated; /* the source said NULL / NOT NULL explicitly */
} sr_column;

typedef struct sr_prop {
  const char *key; /* lower case */
  const char *value;
  int is_default; /* origin 'default' (value equals StarRocks's default) */
} sr_prop;

typedef struct sr_index {
  const char *name;
  sr_strlist cols;
  const char *type;       /* BITMAP, NGRAMBF, GIN */
  const char *properties; /* `"k" = "v", ...` sorted by key, or "" */
  const char *comment;    /* "" when none */
} sr_index;

/* What the source stated; the rest is filled with StarRocks's defaults. */
enum {
  SR_STATED_KEY = 1,
  SR_STATED_DIST = 2,
  SR_STATED_BUCKETS = 4,
  SR_STATED_ORDER = 8,
  SR_STATED_ENGINE = 16
};

typedef struct sr_table {
  const char *name;
  sr_kind kind;
  const char *engine; /* "OLAP" */
  sr_keytype key_type;
  sr_strlist key_cols;
  const char *comment;      /* "" when none */
  const char *partition_by; /* canonical scheme (no instances), or NULL */
  const char *partitions;   /* pre-created partitions, printed form, or NULL */
  int dist_random;          /* DISTRIBUTED BY RANDOM */
  int dist_range;           /* RANGE distribution (4.1+): no DISTRIBUTED BY
                               printed, no columns, no buckets */
  sr_strlist dist_cols;     /* HASH columns */
  int buckets;              /* 0 = chosen by the server */
  sr_strlist order_by;      /* sort key; equals key_cols unless stated */
  sr_column *cols;
  int ncols;
  sr_prop *props; /* sorted by key after sr_schema_finish */
  int nprops;
  sr_index *idx;
  int nidx;
  const char *definition;    /* views and MVs: the AS body */
  const char *refresh;       /* MVs: ASYNC, MANUAL, ASYNC START(..) EVERY(..) */
  sr_strlist view_cols;      /* views and MVs: the column list as stated */
  sr_strlist view_comments;  /* views: each view_cols entry's comment, "" when
                                none (same length as view_cols) */
  const char *view_security; /* views: "INVOKER", or NULL for NONE, the
                                default (docs CREATE VIEW, 3.4.1+) */
  int stated;                /* SR_STATED_* */
  const char *origin;        /* "file:line" of the statement, for messages */
} sr_table;

/* The StarRocks version and run mode whose defaults apply. */
typedef struct sr_env {
  sr_version version;
  int shared_data; /* run mode shared_data (1) or shared_nothing (0) */
} sr_env;

typedef struct sr_schema {
  sr_arena arena;
  sr_table **tables; /* sorted by name after sr_schema_finish */
  int ntables, cap;
  sr_env env;
  /* What the source read, in words, when it found no object ("directory
   * 'x' holds no .sql file"): the planner's "no objects" error says it.
   * NULL when the loader did not say. */
  const char *what_read;
} sr_schema;

sr_schema *sr_schema_new(sr_env env);
void sr_schema_free(sr_schema *s);
/* A new zeroed table appended to the schema (NULL on OOM). */
sr_table *sr_schema_add(sr_schema *s);
/* Adds a column / property / index to a table (NULL on OOM). */
sr_column *sr_table_add_column(sr_schema *s, sr_table *t);
sr_prop *sr_table_add_prop(sr_schema *s, sr_table *t, const char *key,
                           const char *value);
sr_index *sr_table_add_index(sr_schema *s, sr_table *t);
int sr_strlist_add(sr_schema *s, sr_strlist *l, const char *v);
/* Joins a list with ", " into the arena. */
const char *sr_strlist_join(sr_arena *a, const sr_strlist *l);

sr_table *sr_schema_find(const sr_schema *s, const char *name);
sr_column *sr_table_column(const sr_table *t, const char *name);
const sr_prop *sr_table_prop(const sr_table *t, const char *key);

/* Sorts tables by name and rejects a name defined twice (the second half
 * of sr_schema_finish, defaults.h). */
int sr_schema_sort(sr_schema *s, sr_err *err);

const char *sr_kind_name(sr_kind k);       /* TABLE, VIEW, MATERIALIZED VIEW */
const char *sr_keytype_name(sr_keytype k); /* PRIMARY, DUPLICATE, ... */

#endif

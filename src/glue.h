/* The SQLite side: per-connection state, the source cache, and the
 * registration of virtual tables and functions. Only files of the glue
 * include SQLite. */
#ifndef SR_GLUE_H
#define SR_GLUE_H

#include <sqlite3ext.h>

#include "model.h"

typedef struct sr_cached sr_cached;

/* One per database connection (no global state): settings of sr_config
 * and the cache of reflected sources. */
typedef struct sr_conn {
  sqlite3 *db;
  sr_env env;       /* offline sources: sr_config('version'/'run_mode') */
  sr_cached *cache; /* most recently used first */
  unsigned mem_seq; /* names of in-memory schemas (mem:N) */
} sr_conn;

/* A schema held by the cache and by every cursor reading it. */
struct sr_cached {
  sr_cached *next;
  char *key;         /* the source text + env */
  char *fingerprint; /* files: names, sizes, mtimes */
  sr_schema *schema;
  int refs;
};

/* A connection's state with the default settings (NULL on OOM), and its
 * destructor (drops the whole cache). */
sr_conn *sr_conn_new(sqlite3 *db);
void sr_conn_free(void *c);

/* Loads a source (SPEC §1) or returns it from the cache; the caller owns
 * one reference. On error returns NULL and *zErr (sqlite3_malloc'd). */
sr_cached *sr_conn_load(sr_conn *c, const char *source, char **zErr);
void sr_cached_release(sr_cached *e);
/* fn(source, table_name): loads the source and finds the table; on
 * failure reports "<fn>: ..." on ctx (source shown without password) and
 * returns NULL. On success *e holds a reference to release. NULL
 * arguments give NULL without an error. */
const sr_table *sr_conn_table(sqlite3_context *ctx, const char *fn,
                              sqlite3_value **argv, sr_cached **e);
/* Drops cache entries (all when source is NULL). */
void sr_conn_refresh(sr_conn *c, const char *source);
/* Puts a schema in the cache under a fresh name "mem:N", so that SQL over
 * the sr_* tables can read it (used to write table: sources). Takes
 * ownership of s. */
const char *sr_conn_put(sr_conn *c, sr_schema *s, char *name, size_t cap);
/* Remove a mem: entry again. */
void sr_conn_drop(sr_conn *c, const char *name);

/* table:<prefix> sources (source_table.c). */
int sr_table_load(sqlite3 *db, const char *prefix, sr_env env, sr_schema **out,
                  char **zErr);
/* Replaces the rows of <prefix>_tables/_columns/_properties/_indexes by the
 * schema held in the cache as mem_name, creating the tables if needed. */
int sr_table_store(sr_conn *c, const char *prefix, const char *mem_name,
                   char **zErr);

int sr_register_vtabs(sqlite3 *db, sr_conn *c);
int sr_register_funcs(sqlite3 *db, sr_conn *c);
/* Planning (sr_diff, op functions, sr_apply_ddl), in diff_glue.c. */
int sr_register_diff(sqlite3 *db, sr_conn *c);
/* sr_apply_ddl, in apply_glue.c. */
int sr_register_apply(sqlite3 *db, sr_conn *c);
/* JSON table specs (sr_create_ddl(json), sr_table_json), in spec_glue.c. */
int sr_register_spec(sqlite3 *db, sr_conn *c);

/* Shared by the table-valued functions (sr_tables ..., sr_diff). */
/* Declares schema and allocates a zeroed vtab of size bytes; the tables
 * read sources that may be live servers, so they are DIRECTONLY. */
int sr_vtab_connect(sqlite3 *db, const char *schema, size_t size,
                    sqlite3_vtab **pp);
int sr_vtab_disconnect(sqlite3_vtab *p);
/* A zeroed cursor of size bytes (its base first). */
int sr_vtab_cursor(size_t size, sqlite3_vtab_cursor **pp);
/* Hidden arguments: EQ constraints on columns first..first+n-1 become
 * argv in column order; idxNum gets bit i for argument i. `needed` is the
 * bit mask that must be present for a cheap plan. */
int sr_vtab_args(sqlite3_index_info *info, int first, int n, int needed);

/* sqlite3_mprintf'd copy of an sr_err message. */
char *sr_err_sqlite(const sr_err *err);

#endif

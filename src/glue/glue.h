/* The SQLite side: per-connection state, the source cache, and the
 * registration of virtual tables and functions. Only files of the glue
 * include SQLite. */
#ifndef SR_GLUE_H
#define SR_GLUE_H

#include <sqlite3ext.h>

#include "base/strbuf.h"
#include "core/model.h"
#include "plan/diff.h"

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

/* The SQL functions and modules, registered by ext.c's one table. Each
 * gets the connection's sr_conn as user data (pAux for modules). */
typedef void sr_sql_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv);
/* funcs.c */
sr_sql_fn sr_render_type_fn, sr_type_equal_fn, sr_query_equal_fn,
    sr_create_ddl_fn, sr_config_fn, sr_refresh_fn, sr_version_fn;
/* spec_glue.c: sr_create_ddl(json), sr_table_json */
sr_sql_fn sr_create_ddl_json_fn, sr_table_json_fn;
/* ops_glue.c: the op functions */
sr_sql_fn sr_alter_partition_fn, sr_alter_distribution_fn, sr_alter_order_fn,
    sr_alter_properties_fn, sr_add_column_fn, sr_drop_column_fn,
    sr_modify_column_fn;
/* apply_glue.c */
sr_sql_fn sr_apply_ddl_fn;
/* vtab.c: sr_tables, sr_columns, sr_properties, sr_indexes (one module,
 * told apart by the name it is registered under) */
extern const sqlite3_module sr_schema_module;
/* diff_glue.c */
extern const sqlite3_module sr_diff_module;
/* exec_glue.c: sr_apply and sr_exec (one module, told apart by name) */
extern const sqlite3_module sr_exec_module;
/* The schema of table:<prefix>, empty when <prefix>_tables does not exist
 * (apply_glue.c); an SQLite result code, *zErr NULL when out of memory. */
int sr_apply_ddl_load(sr_conn *c, const char *prefix, sr_schema **s,
                      char **zErr);
/* lint_glue.c */
extern const sqlite3_module sr_lint_module;

/* Results (glue.c): text copied (NULL gives NULL); an sr_buf's text
 * (freed; out of memory when it failed); an error "<fn>: <msg>" (SQLITE_NOMEM
 * when msg is "out of memory" or the text cannot be allocated). */
void sr_result_text(sqlite3_context *ctx, const char *s);
void sr_result_buf(sqlite3_context *ctx, sr_buf *b);
void sr_result_error(sqlite3_context *ctx, const char *fn, const char *msg);

/* Arguments (glue.c): the text of v, NULL for SQL NULL, read with its
 * length so that nothing after a NUL byte is silently dropped. Text with
 * a NUL byte, or not UTF-8 when utf8 is set (names and types, which are
 * emitted), is an error "<fn>: a NUL byte at offset N of <what>" in
 * *zErr (sqlite3_malloc'd); SQLITE_NOMEM when SQLite cannot convert v. */
int sr_value_text(sqlite3_value *v, const char *fn, const char *what, int utf8,
                  const char **out, char **zErr);
/* The same for a function's argument: 1 with the error as the result. */
int sr_arg_text(sqlite3_context *ctx, sqlite3_value *v, const char *fn,
                const char *what, int utf8, const char **out);

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

/* sr_diff's options (SPEC §3), shared with sr_apply (diff_glue.c). */
typedef struct sr_diff_args {
  sr_diff_opts d; /* d.env: the version and run mode planned for */
  char *glob;     /* the `tables` GLOB, sqlite3_malloc'd */
  int given;      /* what the options set (version, run mode) */
  const char *fn; /* names messages */
} sr_diff_args;
struct cJSON;
void sr_diff_args_init(sr_diff_args *o, const sr_conn *c, const char *fn);
/* One member of an options object: 0 taken, 1 error (*zErr), -1 not an
 * sr_diff option. */
int sr_diff_args_option(sr_diff_args *o, const struct cJSON *v, char **zErr);
void sr_diff_args_free(sr_diff_args *o);
/* Loads both sources (the version and run mode as sr_diff decides them)
 * and plans into p. */
int sr_diff_args_plan(sr_conn *c, sr_diff_args *o, const char *from,
                      const char *to, sr_plan *p, char **zErr);
/* A JSON options object, or NULL with "<fn>: options must be a JSON
 * object, e.g. '<example>' ..." (*zErr NULL: out of memory). */
struct cJSON *sr_options_json(const char *fn, const char *example,
                              const char *json, char **zErr);

/* The journal of sr_apply / sr_exec (journal_glue.c, SPEC §7). */
typedef struct sr_journal {
  sqlite3 *db;
  char *name;   /* the table; NULL: no journal */
  char *target; /* the target without password */
  char *run_id;
  char *script; /* sr_exec: the script's identity (sr_journal_done) */
} sr_journal;

typedef struct sr_journal_row {
  sqlite3_int64 rowid;
  char *table, *sql;
  long long job_id;
} sr_journal_row;

/* Creates main.<name> when missing and picks a run id; name NULL: every
 * call below does nothing. */
int sr_journal_open(sr_journal *j, sqlite3 *db, const char *name,
                    const char *target, char **zErr);
void sr_journal_close(sr_journal *j);
/* Inserts a statement's row in state; its rowid, 0 without a journal, -1
 * on error. */
sqlite3_int64 sr_journal_start(sr_journal *j, int seq, const char *table,
                               const char *sql, const char *state, char **zErr);
int sr_journal_job(sr_journal *j, sqlite3_int64 row, long long job_id,
                   char **zErr);
/* Sets state and message (and job_id when non-zero); a state other than
 * `running` sets the finish time. */
int sr_journal_finish(sr_journal *j, sqlite3_int64 row, const char *state,
                      long long job_id, const char *message, char **zErr);
/* The rows of this target left `running` by earlier runs, oldest first. */
int sr_journal_running(sr_journal *j, sr_journal_row **rows, int *n,
                       char **zErr);
void sr_journal_rows_free(sr_journal_row *rows, int n);
/* sr_exec: names the script (its identity, written in the rows from now
 * on) and finds which of its statements 1..n the journal proves done on
 * this target since the script last ran to its end: by[seq] = the run id
 * that did it (sqlite3_malloc'd), or NULL; by has n + 1 slots. */
int sr_journal_done(sr_journal *j, const char *script, int n, char **by,
                    char **zErr);

/* sqlite3_mprintf'd copy of an sr_err message. */
char *sr_err_sqlite(const sr_err *err);

#endif

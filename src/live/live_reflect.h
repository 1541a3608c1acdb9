/* What the bulk information_schema queries say about each object of the
 * database, and the per-object SHOW CREATE TABLE text fetched over a small
 * pool of connections (doc/live.md). */
#ifndef SR_LIVE_REFLECT_H
#define SR_LIVE_REFLECT_H

#include <stdint.h>

#include "base/arena.h"
#include "live/live_db.h"

typedef struct sr_live_obj {
  const char *name;  /* arena */
  char type;         /* 'T' BASE TABLE, 'V' VIEW (async MVs too) */
  int is_mv;         /* listed in materialized_views */
  const char *model; /* tables_config.TABLE_MODEL, or NULL */
  const char *dist;  /* tables_config.DISTRIBUTE_TYPE, or NULL */
  int ncols;         /* information_schema.columns rows */
  uint64_t colhash;  /* of the column names in ordinal order */
  char *ddl;         /* SHOW CREATE TABLE text (malloc'd) */
  size_t ddl_n;
  int gone; /* dropped after the listing: not part of the read */
} sr_live_obj;

typedef struct sr_live_objs {
  sr_arena arena;
  sr_live_obj *v; /* sorted by name */
  int n;
  int shared_data;  /* a tables_config PROPERTIES has storage_volume */
  int ask_run_mode; /* the server has @@run_mode (4.1+): ask it */
  int run_mode;     /* its answer: 0 none, 1 shared_nothing, 2 shared_data */
  const char *version_comment; /* @@version_comment (arena) */
} sr_live_objs;

/* A step run on one connection; *single as in sr_live_run. */
typedef int (*sr_live_step)(const sr_live *L, MYSQL *m, int *single,
                            sr_live_objs *o, sr_err *err);

/* The bulk queries (always WHERE TABLE_SCHEMA = '<db>'): the server check
 * (@@version_comment names StarRocks) and the listing of
 * information_schema.tables, then what tables_config, columns and
 * materialized_views say of the objects listed. */
int sr_live_list(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                 sr_err *err);
int sr_live_details(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                    sr_err *err);
/* SELECT @@run_mode alone (for a database with nothing to detail). */
int sr_live_run_mode(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                     sr_err *err);
/* *listed := whether information_schema.tables still lists name. */
int sr_live_listed(const sr_live *L, MYSQL *m, const char *name, int *listed,
                   sr_err *err);
/* Fetches every object's SHOW CREATE TABLE over m and further connections
 * (the URL's pool and batch); `first` runs on m meanwhile. */
int sr_live_fetch_ddl(const sr_live *L, MYSQL *m, int *single, sr_live_objs *o,
                      sr_live_step first, sr_err *err);
void sr_live_objs_free(sr_live_objs *o);
/* 1 for a server-made __generated_partition_column_N (facts §1.3). */
int sr_live_hidden(const char *name);
/* FNV-1a step, for the column-name cross-check. */
uint64_t sr_live_hash(uint64_t h, const char *s);

#endif

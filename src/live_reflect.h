/* What the bulk information_schema queries say about each object of the
 * database, and the per-object SHOW CREATE TABLE text fetched over a small
 * pool of connections (doc/live.md). */
#ifndef SR_LIVE_REFLECT_H
#define SR_LIVE_REFLECT_H

#include <stdint.h>

#include "arena.h"
#include "live_db.h"

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
} sr_live_obj;

typedef struct sr_live_objs {
  sr_arena arena;
  sr_live_obj *v; /* sorted by name */
  int n;
  int shared_data; /* a tables_config PROPERTIES has storage_volume */
} sr_live_objs;

/* Runs the bulk queries on m (always WHERE TABLE_SCHEMA = '<db>'). */
int sr_live_bulk(const sr_live *L, MYSQL *m, sr_live_objs *o, sr_err *err);
/* Fetches every object's SHOW CREATE TABLE over m and up to pool - 1
 * further connections. */
int sr_live_fetch_ddl(const sr_live *L, MYSQL *m, sr_live_objs *o, int pool,
                      sr_err *err);
void sr_live_objs_free(sr_live_objs *o);
/* 1 for a server-made __generated_partition_column_N (facts §1.3). */
int sr_live_hidden(const char *name);
/* FNV-1a step, for the column-name cross-check. */
uint64_t sr_live_hash(uint64_t h, const char *s);

#endif

/* Per-connection state (sr_conn): settings of sr_config and the cache of
 * loaded sources. */
#include <string.h>

#include "base/strbuf.h"
#include "core/features.h"
#include "glue/glue.h"
#include "live/live.h"
#include "source/source.h"

SQLITE_EXTENSION_INIT3

sr_conn *sr_conn_new(sqlite3 *db) {
  sr_conn *c = sqlite3_malloc(sizeof *c);
  if (!c)
    return NULL;
  memset(c, 0, sizeof *c);
  c->db = db;
  c->env.version = SR_VERSION_NEWEST;
  return c;
}

static char *cache_key(const sr_conn *c, const char *source) {
  return sqlite3_mprintf("%d.%d.%d/%d/%s", c->env.version.major,
                         c->env.version.minor, c->env.version.patch,
                         c->env.shared_data, source);
}

static void entry_free(sr_cached *e) {
  sr_schema_free(e->schema);
  sqlite3_free(e->key);
  sqlite3_free(e->fingerprint);
  sqlite3_free(e);
}

void sr_cached_release(sr_cached *e) {
  if (e && --e->refs == 0)
    entry_free(e);
}

static void unlink_entry(sr_conn *c, sr_cached *e) {
  for (sr_cached **pp = &c->cache; *pp; pp = &(*pp)->next)
    if (*pp == e) {
      *pp = e->next;
      sr_cached_release(e); /* the cache's own reference */
      return;
    }
}

static int is_path(const char *source) {
  return !sr_live_is_url(source) && strncmp(source, "ddl:", 4) &&
         strncmp(source, "table:", 6) && strncmp(source, "mem:", 4);
}

/* Files are re-read when their names, sizes or mtimes change. */
static char *fingerprint(const char *source, sr_err *err) {
  if (!is_path(source) || !*source)
    return NULL;
  sr_buf b;
  sr_buf_init(&b);
  char *r = NULL;
  if (!sr_file_fingerprint(source, &b, err) && sr_buf_str(&b))
    r = sqlite3_mprintf("%s", b.s);
  sr_buf_free(&b);
  return r;
}

static int load(sr_conn *c, const char *source, sr_schema **out, char **zErr) {
  sr_err err = {0};
  int rc;
  if (sr_live_is_url(source))
    rc = sr_live_load(source, out, &err);
  else if (!strncmp(source, "ddl:", 4))
    rc = sr_ddl_load(source + 4, c->env, out, &err);
  else if (!strncmp(source, "table:", 6))
    return sr_table_load(c->db, source + 6, c->env, out, zErr);
  else if (!strncmp(source, "mem:", 4))
    rc = sr_errf(&err, "%s: no such in-memory schema", source);
  else
    rc = sr_file_load(source, c->env, out, &err);
  if (rc)
    *zErr = sr_err_sqlite(&err);
  return rc;
}

static sr_cached *lookup(sr_conn *c, const char *key) {
  for (sr_cached *e = c->cache; e; e = e->next)
    if (!strcmp(e->key, key))
      return e;
  return NULL;
}

sr_cached *sr_conn_load(sr_conn *c, const char *source, char **zErr) {
  sr_err err = {0};
  char *key = !strncmp(source, "mem:", 4) ? sqlite3_mprintf("%s", source)
                                          : cache_key(c, source);
  if (!key)
    return *zErr = sqlite3_mprintf("out of memory"), NULL;
  char *fp = fingerprint(source, &err);
  if (err.set) {
    sqlite3_free(key);
    *zErr = sr_err_sqlite(&err);
    return NULL;
  }
  sr_cached *e = lookup(c, key);
  if (e && (!fp || (e->fingerprint && !strcmp(fp, e->fingerprint)))) {
    sqlite3_free(key);
    sqlite3_free(fp);
    e->refs++;
    return e;
  }
  if (e)
    unlink_entry(c, e);
  sr_schema *s = NULL;
  if (load(c, source, &s, zErr)) {
    sqlite3_free(key);
    sqlite3_free(fp);
    return NULL;
  }
  e = sqlite3_malloc(sizeof *e);
  if (!e) {
    sr_schema_free(s);
    sqlite3_free(key);
    sqlite3_free(fp);
    return *zErr = sqlite3_mprintf("out of memory"), NULL;
  }
  e->key = key;
  e->fingerprint = fp;
  e->schema = s;
  /* table: sources change with every UPDATE, so they are never kept. */
  int keep = strncmp(source, "table:", 6) != 0;
  e->refs = keep ? 2 : 1;
  e->next = NULL;
  if (keep) {
    e->next = c->cache;
    c->cache = e;
  }
  return e;
}

void sr_conn_refresh(sr_conn *c, const char *source) {
  sr_cached *e = c->cache, *next;
  for (; e; e = next) {
    next = e->next;
    if (!strncmp(e->key, "mem:", 4))
      continue;
    /* A source matches whatever env it was read with. */
    const char *src = strchr(strchr(e->key, '/') + 1, '/') + 1;
    if (!source || !strcmp(src, source))
      unlink_entry(c, e);
  }
}

const char *sr_conn_put(sr_conn *c, sr_schema *s, char *name, size_t cap) {
  sr_cached *e = sqlite3_malloc(sizeof *e);
  sqlite3_snprintf((int)cap, name, "mem:%u", ++c->mem_seq);
  if (!e || !(e->key = sqlite3_mprintf("%s", name))) {
    sqlite3_free(e);
    sr_schema_free(s);
    return NULL;
  }
  e->fingerprint = NULL;
  e->schema = s;
  e->refs = 1;
  e->next = c->cache;
  c->cache = e;
  return name;
}

void sr_conn_drop(sr_conn *c, const char *name) {
  sr_cached *e = lookup(c, name);
  if (e)
    unlink_entry(c, e);
}

void sr_conn_free(void *p) {
  sr_conn *c = p;
  sr_conn_refresh(c, NULL);
  while (c->cache)
    sr_conn_drop(c, c->cache->key);
  sqlite3_free(c);
}

const sr_table *sr_conn_table(sqlite3_context *ctx, const char *fn,
                              sqlite3_value **argv, sr_cached **e) {
  sr_conn *c = sqlite3_user_data(ctx);
  const char *src, *name;
  *e = NULL;
  if (sr_arg_text(ctx, argv[0], fn, "the source", 0, &src) ||
      sr_arg_text(ctx, argv[1], fn, "the table name", 0, &name) || !src ||
      !name)
    return NULL;
  char *zErr = NULL;
  if (!(*e = sr_conn_load(c, src, &zErr))) {
    sqlite3_result_error(ctx, zErr ? zErr : "out of memory", -1);
    sqlite3_free(zErr);
    return NULL;
  }
  const sr_table *t = sr_schema_find((*e)->schema, name);
  if (t)
    return t;
  sr_buf b;
  sr_buf_init(&b);
  sr_live_redact(&b, src); /* SPEC §1: never a password */
  char *m = sqlite3_mprintf("%s: no table '%s' in %s", fn, name,
                            sr_buf_str(&b) ? b.s : "");
  sqlite3_result_error(ctx, m ? m : "out of memory", -1);
  sqlite3_free(m);
  sr_buf_free(&b);
  sr_cached_release(*e);
  *e = NULL;
  return NULL;
}

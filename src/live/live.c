/* starrocks:// sources (SPEC §1): connect, check the server, run the bulk
 * information_schema queries, fetch each object's SHOW CREATE TABLE over a
 * small pool, parse it with the DDL parser (so a cluster and the .sql files
 * describing it give the same model) and cross-check it with the bulk rows.
 * Anything partial fails the whole load; an object dropped after the
 * listing is not part of it (live_pool.c). */
#include "live/live.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/features.h"
#include "ddl/ddl_parse.h"
#include "ddl/defaults.h"
#include "live/live_reflect.h"

/* starrocks: in any case and with any slashes, so that a malformed one
 * is refused as a URL (never read as a path and echoed); and any other
 * scheme://...@ URL, whose userinfo no message may show either. */
int sr_live_is_url(const char *spec) {
  if (!strncasecmp(spec, "starrocks:", 10))
    return 1;
  size_t n = strspn(spec, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789+-.");
  return n && isalpha((unsigned char)spec[0]) && !strncmp(spec + n, "://", 3) &&
         strchr(spec + n, '@');
}

const char *sr_live_client_version(void) { return mysql_get_client_info(); }

void sr_live_redact(sr_buf *b, const char *url) {
  if (sr_live_is_url(url))
    sr_live_url_show(b, url);
  else
    sr_buf_puts(b, url);
}

void sr_live_mask(char *arg) {
  if (sr_live_is_url(arg))
    sr_live_url_mask(arg);
}

/* The version in @@version_comment ("StarRocks version 3.3.5-...", facts
 * §5; sr_live_list checked it names StarRocks), or current_version() when
 * the comment carries none. */
static int check_version(const sr_live *L, MYSQL *m, const char *vc,
                         sr_version *version, sr_err *err) {
  const char *d = strpbrk(vc, "0123456789");
  if (d && sr_version_parse(d, version) && sr_version_known(*version))
    return SR_OK;
  MYSQL_RES *r = sr_live_query(L, m, "SELECT current_version()", 1,
                               "reading the version", err);
  if (!r)
    return SR_ERROR;
  MYSQL_ROW row = mysql_fetch_row(r);
  int known = row && row[0] && sr_version_parse(row[0], version) &&
              sr_version_known(*version);
  mysql_free_result(r);
  if (!known)
    return sr_errf(err, "%s: cannot tell the StarRocks version from '%.200s'",
                   L->where, vc);
  return SR_OK;
}

static int model_is(const char *model, sr_keytype k) {
  static const char *const names[][2] = {{"DUP_KEYS", "DUP_KEYS"},
                                         {"AGG_KEYS", "AGG_KEYS"},
                                         {"UNIQUE_KEYS", "UNQ_KEYS"},
                                         {"PRIMARY_KEYS", "PRI_KEYS"}};
  return !strcmp(model, names[k][0]) || !strcmp(model, names[k][1]);
}

static const char *kind_mismatch(const sr_live_obj *x, const sr_table *t) {
  /* A VIEW row missing from materialized_views (privileges) may still be
   * an MV. */
  int ok = x->type == 'T' ? t->kind == SR_KIND_TABLE
           : x->is_mv     ? t->kind == SR_KIND_MV
                          : t->kind != SR_KIND_TABLE;
  if (!ok)
    return "information_schema gives another kind";
  if (t->kind != SR_KIND_TABLE)
    return NULL;
  if (x->model && !model_is(x->model, t->key_type))
    return "tables_config gives another key model";
  if (x->dist && (t->stated & SR_STATED_DIST) &&
      !strcmp(x->dist, "RANDOM") != !!t->dist_random)
    return "tables_config gives another distribution";
  return NULL;
}

/* Hidden partition columns are left out on both sides: whether
 * information_schema lists them is not recorded (facts §1.3). */
static const char *cols_mismatch(const sr_live_obj *x, const sr_table *t) {
  int n = 0;
  uint64_t h = 0;
  for (int i = 0; i < t->ncols; i++) {
    if (sr_live_hidden(t->cols[i].name))
      continue;
    n++;
    h += sr_live_hash((uint64_t)i + 1, t->cols[i].name);
  }
  return n != x->ncols || h != x->colhash
             ? "information_schema.columns lists other columns"
             : NULL;
}

/* The parsed statement must be exactly the object listed, as the bulk
 * rows describe it; otherwise it changed between the two reads. */
static int cross_check(const sr_live *L, const sr_live_obj *x,
                       const sr_table *t, sr_err *err) {
  const char *why = strcmp(t->name, x->name) ? "SHOW CREATE TABLE names "
                                               "another object"
                                             : kind_mismatch(x, t);
  if (!why && t->kind == SR_KIND_TABLE)
    why = cols_mismatch(x, t);
  if (!why)
    return SR_OK;
  return sr_errf(err,
                 "%s: table %s changed while it was being read (%s); "
                 "run the statement again",
                 L->where, x->name, why);
}

static int parse_obj(const sr_live *L, sr_schema *s, const sr_live_obj *x,
                     sr_err *err) {
  size_t n = strlen(L->where) + strlen(x->name) + 24;
  char *origin = sr_arena_alloc(&s->arena, n);
  if (!origin)
    return sr_oom(err);
  snprintf(origin, n, "%s: SHOW CREATE TABLE %s", L->where, x->name);
  int before = s->ntables;
  if (sr_parse_sql(s, origin, x->ddl, x->ddl_n, err))
    return SR_ERROR;
  if (s->ntables != before + 1)
    return sr_errf(err,
                   "%s: SHOW CREATE TABLE %s gave %d statements, "
                   "expected one",
                   L->where, x->name, s->ntables - before);
  /* A RANGE-distributed table (4.1+) prints no DISTRIBUTED BY
   * (RangeDistributionInfo.toSql); tables_config names it. */
  sr_table *t = s->tables[before];
  if (x->dist && !strcmp(x->dist, "RANGE") && !(t->stated & SR_STATED_DIST)) {
    t->dist_range = 1;
    t->stated |= SR_STATED_DIST;
  }
  return cross_check(L, x, t, err);
}

static int any_storage_volume(const sr_schema *s) {
  for (int i = 0; i < s->ntables; i++)
    if (sr_table_prop(s->tables[i], "storage_volume"))
      return 1;
  return 0;
}

static int build(const sr_live *L, const sr_live_objs *o, sr_version version,
                 sr_schema **out, sr_err *err) {
  /* The URL's run_mode, else the server's @@run_mode, else a storage
   * volume in tables_config or in a statement (facts §1.7). */
  int said = L->u.run_mode >= 0 || o->run_mode;
  sr_env env = {version, L->u.run_mode >= 0 ? L->u.run_mode
                         : o->run_mode      ? o->run_mode == 2
                                            : o->shared_data};
  sr_schema *s = sr_schema_new(env);
  if (!s)
    return sr_oom(err);
  int rc = SR_OK;
  for (int i = 0; !rc && i < o->n; i++)
    if (!o->v[i].gone)
      rc = parse_obj(L, s, &o->v[i], err);
  /* No tables_config row said it: the statements may (facts §1.7). */
  if (!rc && !said && any_storage_volume(s))
    s->env.shared_data = 1;
  if (!rc)
    rc = sr_schema_finish(s, err);
  if (rc)
    sr_schema_free(s);
  else
    *out = s;
  return rc;
}

/* The server check and the listing in one request; the other bulk
 * queries run on this connection while the pool fetches the statements
 * (doc/live.md "What is sent"). An empty database needs nothing more. */
static int reflect(const sr_live *L, sr_schema **out, sr_err *err) {
  MYSQL *m = sr_live_connect(L, err);
  if (!m)
    return SR_ERROR;
  sr_live_objs o;
  memset(&o, 0, sizeof o);
  sr_arena_init(&o.arena);
  sr_version version = {0, 0, 0, 0};
  /* batch=off: one statement per request, as if the server did not split
   * requests. */
  int single = L->u.batch == 1;
  int rc = sr_live_list(L, m, &single, &o, err);
  if (!rc)
    rc = check_version(L, m, o.version_comment, &version, err);
  o.ask_run_mode = L->u.run_mode < 0 && sr_has(version, SR_F_RUN_MODE_VAR);
  if (!rc && o.n)
    rc = sr_live_fetch_ddl(L, m, &single, &o, sr_live_details, err);
  else if (!rc && o.ask_run_mode)
    rc = sr_live_run_mode(L, m, &single, &o, err);
  sr_live_close(L, m);
  if (!rc)
    rc = build(L, &o, version, out, err);
  sr_live_objs_free(&o);
  return rc;
}

static int resolve_password(sr_live *L, sr_err *err) {
  L->password = L->u.password;
  if (!L->u.password_env)
    return SR_OK;
  L->password = getenv(L->u.password_env);
  if (!L->password)
    return sr_errf(err,
                   "%s: password_env: environment variable %s is not "
                   "set",
                   L->where, L->u.password_env);
  return SR_OK;
}

/* libmariadb skips an option file it cannot read without a word: a
 * password kept there would silently not be used. */
static int check_option_file(const sr_live *L, sr_err *err) {
  const char *f = L->u.option_file;
  struct stat st;
  if (!f)
    return SR_OK;
  if (stat(f, &st) || access(f, R_OK))
    return sr_errf(err, "%s: option_file: cannot read '%s': %s", L->where, f,
                   strerror(errno));
  if (!S_ISREG(st.st_mode))
    return sr_errf(err, "%s: option_file: '%s' is not a regular file", L->where,
                   f);
  return SR_OK;
}

int sr_live_begin(sr_live *L, const char *url, sr_err *err) {
  memset(L, 0, sizeof *L);
  sr_buf b;
  sr_buf_init(&b);
  sr_live_redact(&b, url);
  L->where = b.s && sr_buf_str(&b) ? b.s : NULL;
  if (!L->where) {
    sr_buf_free(&b);
    return sr_oom(err);
  }
  sr_err uerr = {0};
  int rc = sr_live_url_parse(url, &L->u, &uerr);
  if (rc)
    sr_errf(err, "%s: %s", L->where, uerr.msg);
  /* Every wait of a read ends by this time (live_db.c). */
  L->deadline = sr_live_now() + 1000LL * L->u.total_timeout;
  if (!rc)
    rc = resolve_password(L, err);
  if (!rc)
    rc = check_option_file(L, err);
  /* libmariadb's own setup is idempotent and thread-safe only once done. */
  if (!rc && mysql_library_init(0, NULL, NULL))
    rc = sr_errf(err, "%s: cannot initialise libmariadb", L->where);
  return rc;
}

void sr_live_end(sr_live *L) {
  sr_live_url_free(&L->u);
  free(L->where);
  L->where = NULL;
}

int sr_live_load(const char *url, sr_schema **out, sr_err *err) {
  sr_live L;
  int rc = sr_live_begin(&L, url, err);
  if (!rc)
    rc = reflect(&L, out, err);
  sr_live_end(&L);
  return rc;
}

/* SHOW BACKENDS (docs SHOW BACKENDS: one row per BE, with the columns
 * Alive and SystemDecommissioned, "true" or "false"; it needs the SYSTEM
 * OPERATE privilege). Available means alive and not being decommissioned,
 * as the FE counts them for replication_num (PropertyAnalyzer,
 * getAvailableBackendIds). */
static int column_of(MYSQL_RES *r, const char *name) {
  unsigned n = mysql_num_fields(r);
  MYSQL_FIELD *f = mysql_fetch_fields(r);
  for (unsigned i = 0; i < n; i++)
    if (!strcasecmp(f[i].name, name))
      return (int)i;
  return -1;
}

static int count_backends(const sr_live *L, int *alive, sr_err *err) {
  MYSQL *m = sr_live_connect(L, err);
  if (!m)
    return SR_ERROR;
  MYSQL_RES *r =
      sr_live_query(L, m, "SHOW BACKENDS", 1, "reading the backends", err);
  int rc = r ? SR_OK : SR_ERROR;
  int a = r ? column_of(r, "Alive") : -1;
  int d = r ? column_of(r, "SystemDecommissioned") : -1;
  if (r && a < 0)
    rc = sr_errf(err, "%s: SHOW BACKENDS has no column Alive", L->where);
  MYSQL_ROW row;
  while (!rc && (row = mysql_fetch_row(r)))
    *alive += row[a] && !strcasecmp(row[a], "true") &&
              !(d >= 0 && row[d] && !strcasecmp(row[d], "true"));
  mysql_free_result(r);
  sr_live_close(L, m);
  return rc;
}

int sr_live_alive_backends(const char *url, int *alive, sr_err *err) {
  sr_live L;
  *alive = 0;
  int rc = sr_live_begin(&L, url, err);
  if (!rc)
    rc = count_backends(&L, alive, err);
  sr_live_end(&L);
  return rc;
}

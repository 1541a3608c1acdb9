/* sr_diff(from, to [, options]) as a table-valued function (SPEC §3):
 * options and sources in, the plan's rows out. Planning is diff.c. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/features.h"
#include "glue/glue.h"
#include "live/live.h"
#include "plan/diff.h"
#include "source/spec.h"

SQLITE_EXTENSION_INIT3

/* ---- options ------------------------------------------------------------ */

enum { GIVEN_VERSION = 1, GIVEN_RUN_MODE = 2 };

static int keep_glob(void *ctx, const char *name) {
  return sqlite3_strglob((const char *)ctx, name) == 0;
}

static int opt_bool(const sr_diff_args *o, const cJSON *v, int *out,
                    char **zErr) {
  if (!cJSON_IsBool(v)) {
    *zErr = sqlite3_mprintf("%s: option %s must be true or false", o->fn,
                            v->string);
    return 1;
  }
  *out = cJSON_IsTrue(v);
  return 0;
}

static int opt_string(const sr_diff_args *o, const cJSON *v, char **zErr) {
  if (cJSON_IsString(v))
    return 0;
  *zErr = sqlite3_mprintf("%s: option %s must be a string", o->fn, v->string);
  return 1;
}

static int opt_env(sr_diff_args *o, const cJSON *v, char **zErr) {
  const char *k = v->string;
  if (opt_string(o, v, zErr))
    return 1;
  if (!strcmp(k, "version")) {
    o->given |= GIVEN_VERSION;
    if (sr_version_parse(v->valuestring, &o->d.env.version) &&
        sr_version_known(o->d.env.version))
      return 0;
    *zErr = sqlite3_mprintf("%s: option version must look like '3.3' or "
                            "'3.3.2' (%s), not '%s'",
                            o->fn, sr_version_known_text(), v->valuestring);
    return 1;
  }
  if (strcmp(v->valuestring, "shared_data") &&
      strcmp(v->valuestring, "shared_nothing")) {
    *zErr = sqlite3_mprintf("%s: option run_mode must be 'shared_nothing' "
                            "or 'shared_data'",
                            o->fn);
    return 1;
  }
  o->given |= GIVEN_RUN_MODE;
  o->d.env.shared_data = !strcmp(v->valuestring, "shared_data");
  return 0;
}

int sr_diff_args_option(sr_diff_args *o, const cJSON *v, char **zErr) {
  const char *k = v->string;
  if (!strcmp(k, "allow_drop"))
    return opt_bool(o, v, &o->d.allow_drop, zErr);
  if (!strcmp(k, "allow_empty"))
    return opt_bool(o, v, &o->d.allow_empty, zErr);
  if (!strcmp(k, "coalesce"))
    return opt_bool(o, v, &o->d.coalesce, zErr);
  if (!strcmp(k, "version") || !strcmp(k, "run_mode"))
    return opt_env(o, v, zErr);
  if (!strcmp(k, "tables")) {
    if (opt_string(o, v, zErr))
      return 1;
    sqlite3_free(o->glob);
    o->glob = sqlite3_mprintf("%s", v->valuestring);
    o->d.keep = keep_glob;
    o->d.keep_ctx = o->glob;
    return o->glob ? 0 : (*zErr = sqlite3_mprintf("out of memory"), 1);
  }
  return -1;
}

/* The version and run mode of sr_config apply unless the options give
 * them. */
void sr_diff_args_init(sr_diff_args *o, const sr_conn *c, const char *fn) {
  memset(o, 0, sizeof *o);
  o->fn = fn;
  sr_diff_opts_init(&o->d);
  o->d.env = c->env;
}

void sr_diff_args_free(sr_diff_args *o) {
  sqlite3_free(o->glob);
  o->glob = NULL;
}

cJSON *sr_options_json(const char *fn, const char *example, const char *json,
                       char **zErr) {
  sr_err err = {0};
  cJSON *j = sr_json_parse(json, strlen(json), &err);
  if (j && cJSON_IsObject(j))
    return j;
  if (!j && !strcmp(err.msg, "out of memory"))
    return NULL; /* *zErr stays NULL: out of memory */
  cJSON_Delete(j);
  *zErr =
      sqlite3_mprintf("%s: options must be a JSON object, e.g. '%s'%s%s%s", fn,
                      example, j ? "" : " (", j ? "" : err.msg, j ? "" : ")");
  return NULL;
}

/* 0, 1 with *zErr, -1 out of memory. */
static int opts_parse(sr_diff_args *o, const sr_conn *c, const char *json,
                      char **zErr) {
  sr_diff_args_init(o, c, "sr_diff");
  if (!json)
    return 0;
  cJSON *j = sr_options_json("sr_diff", "{\"allow_drop\": true}", json, zErr);
  if (!j)
    return *zErr ? 1 : -1;
  int rc = 0;
  for (const cJSON *v = j->child; v && !rc; v = v->next)
    if ((rc = sr_diff_args_option(o, v, zErr)) < 0)
      rc = (*zErr = sqlite3_mprintf("sr_diff: unknown option '%s' (expected "
                                    "allow_drop, allow_empty, tables, "
                                    "run_mode, version, coalesce)",
                                    v->string))
               ? 1
               : -1;
  cJSON_Delete(j);
  return rc;
}

/* ---- the table-valued function --------------------------------------------
 */

enum {
  C_SEQ,
  C_TABLE,
  C_ACTION,
  C_SQL,
  C_HAZARD,
  C_STATUS,
  C_MESSAGE,
  C_FROM,
  C_TO,
  C_OPTIONS
};

typedef struct dvtab {
  sqlite3_vtab base;
  sr_conn *conn;
} dvtab;

typedef struct dcursor {
  sqlite3_vtab_cursor base;
  sr_plan plan;
  int i;
} dcursor;

static int d_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                     sqlite3_vtab **pp, char **pzErr) {
  (void)argc, (void)argv, (void)pzErr;
  int rc = sr_vtab_connect(
      db,
      "CREATE TABLE x(seq INTEGER, table_name TEXT, action TEXT, sql TEXT,"
      " hazard TEXT, status TEXT, message TEXT, \"from\" HIDDEN, \"to\" HIDDEN,"
      " options HIDDEN)",
      sizeof(dvtab), pp);
  if (!rc)
    ((dvtab *)*pp)->conn = aux;
  return rc;
}

/* from and to are required, options optional: idxNum has a bit per
 * argument given, in argv order from, to, options. */
static int d_best_index(sqlite3_vtab *p, sqlite3_index_info *info) {
  (void)p;
  return sr_vtab_args(info, C_FROM, 3, 3);
}

static int d_open(sqlite3_vtab *p, sqlite3_vtab_cursor **pp) {
  (void)p;
  return sr_vtab_cursor(sizeof(dcursor), pp);
}

static int d_close(sqlite3_vtab_cursor *p) {
  dcursor *c = (dcursor *)p;
  sr_plan_free(&c->plan);
  sqlite3_free(c);
  return SQLITE_OK;
}

/* What the options leave open, a live server decides (SPEC §3): the
 * statements run there. */
static void env_of_server(sr_diff_args *o, const sr_env *live) {
  if (!(o->given & GIVEN_VERSION))
    o->d.env.version = live->version;
  if (!(o->given & GIVEN_RUN_MODE))
    o->d.env.shared_data = live->shared_data;
}

/* Loads both sources. The version and run mode planned for are the
 * options', else a live `from`'s, else a live `to`'s, else sr_config's;
 * the live side is read first so that an offline side gets that server's
 * defaults. */
static int load_pair(sr_conn *conn, sr_diff_args *o, const char *from,
                     const char *to, sr_cached **ea, sr_cached **eb,
                     char **zErr) {
  int from_live = sr_live_is_url(from);
  sr_cached **first = from_live || !sr_live_is_url(to) ? ea : eb;
  sr_env saved = conn->env;
  conn->env = o->d.env;
  *first = sr_conn_load(conn, first == ea ? from : to, zErr);
  if (*first && (first == eb || from_live))
    env_of_server(o, &(*first)->schema->env);
  conn->env = o->d.env;
  sr_cached **second = first == ea ? eb : ea;
  *second = *first ? sr_conn_load(conn, first == ea ? to : from, zErr) : NULL;
  conn->env = saved;
  if (*second)
    return 0;
  sr_cached_release(*first);
  return 1;
}

int sr_diff_args_plan(sr_conn *conn, sr_diff_args *o, const char *from,
                      const char *to, sr_plan *p, char **zErr) {
  sr_cached *ea = NULL, *eb = NULL;
  if (load_pair(conn, o, from, to, &ea, &eb, zErr))
    return 1;
  sr_buf to_name;
  sr_buf_init(&to_name);
  sr_err err = {0};
  int rc = 0;
  sr_live_redact(&to_name, to); /* named when `to` has no objects */
  o->d.to_name = sr_buf_str(&to_name);
  if (!o->d.to_name)
    rc = 1, *zErr = sqlite3_mprintf("out of memory");
  else if (sr_diff_plan(ea->schema, eb->schema, &o->d, p, &err))
    rc = 1, *zErr = sqlite3_mprintf("%s: %s", o->fn, err.msg);
  o->d.to_name = NULL;
  sr_cached_release(ea);
  sr_cached_release(eb);
  sr_buf_free(&to_name);
  return rc;
}

static int plan(dvtab *v, dcursor *c, const char *from, const char *to,
                const char *json) {
  char *zErr = NULL;
  sr_diff_args o;
  int rc = opts_parse(&o, v->conn, json, &zErr);
  if (!rc)
    rc = sr_diff_args_plan(v->conn, &o, from, to, &c->plan, &zErr);
  sr_diff_args_free(&o);
  if (!rc)
    return SQLITE_OK;
  sqlite3_free(v->base.zErrMsg);
  v->base.zErrMsg = zErr;
  return zErr ? SQLITE_ERROR : SQLITE_NOMEM;
}

static int d_filter(sqlite3_vtab_cursor *p, int idxNum, const char *idxStr,
                    int argc, sqlite3_value **argv) {
  (void)idxStr;
  dcursor *c = (dcursor *)p;
  dvtab *v = (dvtab *)p->pVtab;
  sr_plan_free(&c->plan);
  c->i = 0;
  const char *arg[3] = {NULL, NULL, NULL};
  static const char *const what[3] = {"the from source", "the to source",
                                      "the options"};
  for (int a = 0, k = 0; a < 3 && k < argc; a++) {
    char *zErr;
    int rc = idxNum & (1 << a) ? sr_value_text(argv[k++], "sr_diff", what[a], 0,
                                               &arg[a], &zErr)
                               : SQLITE_OK;
    if (rc) {
      sqlite3_free(v->base.zErrMsg);
      v->base.zErrMsg = zErr;
      return rc;
    }
  }
  if (!arg[0] || !arg[1]) {
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = sqlite3_mprintf(
        "sr_diff: two sources are required, e.g. SELECT * FROM "
        "sr_diff('live.sql', 'schema/' [, '{\"allow_drop\": true}'])");
    return SQLITE_ERROR;
  }
  return plan(v, c, arg[0], arg[1], arg[2]);
}

static int d_next(sqlite3_vtab_cursor *p) {
  ((dcursor *)p)->i++;
  return SQLITE_OK;
}

static int d_eof(sqlite3_vtab_cursor *p) {
  const dcursor *c = (const dcursor *)p;
  return c->i >= c->plan.n;
}

static int d_rowid(sqlite3_vtab_cursor *p, sqlite3_int64 *r) {
  *r = ((dcursor *)p)->i + 1;
  return SQLITE_OK;
}

static int d_column(sqlite3_vtab_cursor *p, sqlite3_context *ctx, int i) {
  const dcursor *c = (const dcursor *)p;
  const sr_step *s = &c->plan.steps[c->i];
  char hz[64];
  switch (i) {
  case C_SEQ:
    sqlite3_result_int(ctx, c->i + 1);
    break;
  case C_TABLE:
    sr_result_text(ctx, s->table);
    break;
  case C_ACTION:
    sr_result_text(ctx, sr_action_name(s->action));
    break;
  case C_SQL:
    sr_result_text(ctx, s->sql);
    break;
  case C_HAZARD:
    sr_result_text(ctx, sr_hazard_text(s->hazard, hz, sizeof hz));
    break;
  case C_STATUS:
    sr_result_text(ctx, sr_status_name(s->status));
    break;
  case C_MESSAGE:
    sr_result_text(ctx, s->message);
    break;
  default:
    break;
  }
  return SQLITE_OK;
}

const sqlite3_module sr_diff_module = {
    .iVersion = 0,
    .xConnect = d_connect,
    .xBestIndex = d_best_index,
    .xDisconnect = sr_vtab_disconnect,
    .xDestroy = sr_vtab_disconnect,
    .xOpen = d_open,
    .xClose = d_close,
    .xFilter = d_filter,
    .xNext = d_next,
    .xEof = d_eof,
    .xColumn = d_column,
    .xRowid = d_rowid,
};

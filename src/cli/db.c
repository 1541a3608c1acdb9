/* The program's SQLite connection: the extension linked in and registered
 * as an automatic extension (include/srschema.h), settings applied, SQL
 * run with its rows collected as JSON. */
#include <string.h>

#include "cli/cli.h"
#include "srschema.h"

/* For commands whose SQL function takes no options object, --version and
 * --run-mode are the connection's settings: sr_config (SPEC §4). */
static int apply_settings(cli *c) {
  static const char *const keys[] = {"version", "run_mode"};
  for (int i = 0; i < 2; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->options, keys[i]);
    if (!v)
      continue;
    const char *p[2] = {keys[i], v->valuestring};
    cJSON *r = cli_rows(c, "SELECT sr_config(?1, ?2)", 2, p);
    if (!r)
      return CLI_TROUBLE;
    cJSON_Delete(r);
    cJSON_DeleteItemFromObjectCaseSensitive(c->options, keys[i]);
  }
  return 0;
}

int cli_open(cli *c) {
  /* Registered for the connections opened from here on, then forgotten so
   * that nothing stays allocated at exit. */
  int rc = sqlite3_auto_extension((void (*)(void))sqlite3_srschema_init);
  if (!rc)
    rc = sqlite3_open_v2(c->db_path ? c->db_path : ":memory:", &c->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  sqlite3_reset_auto_extension();
  if (rc) {
    int r = cli_fail(c, "cannot open %s: %s",
                     c->db_path ? c->db_path : "an in-memory database",
                     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
    cli_close(c);
    return r;
  }
  sqlite3_busy_timeout(c->db, 5000);
  return c->cmd->settings ? apply_settings(c) : 0;
}

void cli_close(cli *c) {
  sqlite3_close(c->db);
  c->db = NULL;
}

cJSON *cli_row_json(sqlite3_stmt *st) {
  cJSON *o = cJSON_CreateObject();
  for (int i = 0, n = sqlite3_column_count(st); o && i < n; i++) {
    const char *name = sqlite3_column_name(st, i);
    cJSON *v;
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL:
      v = cJSON_CreateNull();
      break;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      v = cJSON_CreateNumber(sqlite3_column_double(st, i));
      break;
    default:
      v = cJSON_CreateString((const char *)sqlite3_column_text(st, i));
      break;
    }
    if (!v || !name || !cJSON_AddItemToObject(o, name, v)) {
      cJSON_Delete(v);
      cJSON_Delete(o);
      o = NULL;
    }
  }
  return o;
}

static cJSON *collect(cli *c, sqlite3_stmt *st) {
  cJSON *rows = cJSON_CreateArray();
  int rc;
  while (rows && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    cJSON *r = cli_row_json(st);
    if (!r) {
      cJSON_Delete(rows);
      cli_fail(c, "out of memory");
      return NULL;
    }
    cJSON_AddItemToArray(rows, r);
  }
  if (!rows) {
    cli_fail(c, "out of memory");
    return NULL;
  }
  if (rc != SQLITE_DONE) {
    /* The extension's messages never hold a password (SPEC §1). */
    cli_fail(c, "%s", sqlite3_errmsg(c->db));
    cJSON_Delete(rows);
    return NULL;
  }
  return rows;
}

cJSON *cli_rows(cli *c, const char *sql, int nparam, const char *const *param) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL)) {
    cli_fail(c, "%s", sqlite3_errmsg(c->db));
    return NULL;
  }
  for (int i = 0; i < nparam; i++)
    sqlite3_bind_text(st, i + 1, param[i], -1, SQLITE_STATIC);
  cJSON *rows = collect(c, st);
  sqlite3_finalize(st);
  return rows;
}

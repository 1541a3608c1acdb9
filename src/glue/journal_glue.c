/* The journal of sr_apply and sr_exec (SPEC §7): a table in the caller's
 * main database, one row per statement, inserted before the statement is
 * sent (state `running`) and updated after it (`done`, `failed`), so that
 * a run killed at any moment leaves a true record. Each write is its own
 * statement: outside a transaction it is committed at once. */
#include <string.h>

#include "glue/glue.h"

SQLITE_EXTENSION_INIT3

#define NOW "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now')"

enum { BUSY_WAIT_MS = 10000 };

/* Another process reading the journal (a user watching it) may hold the
 * file for a moment: a busy write is retried, for at most 10 s. */
static int exec_sql(sr_journal *j, char *sql, char **zErr) {
  if (!sql)
    return SQLITE_NOMEM;
  int rc;
  for (int waited = 0;; waited += 20) {
    sqlite3_free(*zErr);
    *zErr = NULL;
    rc = sqlite3_exec(j->db, sql, NULL, NULL, zErr);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= BUSY_WAIT_MS)
      break;
    sqlite3_sleep(20);
  }
  sqlite3_free(sql);
  if (rc && !*zErr) /* NULL again when even this fails: out of memory */
    *zErr = sqlite3_mprintf("%s", sqlite3_errstr(rc));
  return rc;
}

/* Prepares q (sqlite3_mprintf'd, freed here; NULL: out of memory). */
static int prepare(sr_journal *j, char *q, sqlite3_stmt **st, char **zErr) {
  if (!q)
    return SQLITE_NOMEM;
  int rc = sqlite3_prepare_v2(j->db, q, -1, st, NULL);
  sqlite3_free(q);
  if (rc)
    *zErr = sqlite3_mprintf("%s", sqlite3_errmsg(j->db));
  return rc;
}

/* A journal made before the script column existed gets it. */
static int add_script_column(sr_journal *j, char **zErr) {
  sqlite3_stmt *st;
  int rc = prepare(j,
                   sqlite3_mprintf("SELECT count(*) FROM pragma_table_info(%Q,"
                                   " 'main') WHERE name = 'script'",
                                   j->name),
                   &st, zErr);
  if (rc)
    return rc;
  rc = sqlite3_step(st);
  int have = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
  rc = rc == SQLITE_ROW ? sqlite3_finalize(st) : (sqlite3_finalize(st), rc);
  if (rc)
    return *zErr = sqlite3_mprintf("%s", sqlite3_errstr(rc)), rc;
  if (have)
    return SQLITE_OK;
  return exec_sql(
      j,
      sqlite3_mprintf("ALTER TABLE main.\"%w\" ADD COLUMN script TEXT",
                      j->name),
      zErr);
}

int sr_journal_open(sr_journal *j, sqlite3 *db, const char *name,
                    const char *target, char **zErr) {
  memset(j, 0, sizeof *j);
  j->db = db;
  if (!name)
    return SQLITE_OK;
  j->name = sqlite3_mprintf("%s", name);
  j->target = sqlite3_mprintf("%s", target);
  j->run_id = sqlite3_mprintf("%s", "");
  if (!j->name || !j->target || !j->run_id)
    return SQLITE_NOMEM;
  int rc = exec_sql(
      j,
      sqlite3_mprintf("CREATE TABLE IF NOT EXISTS main.\"%w\"(run_id TEXT,"
                      " target TEXT, seq INTEGER, table_name TEXT, sql TEXT,"
                      " job_id INTEGER, state TEXT, started TEXT,"
                      " finished TEXT, message TEXT, script TEXT)",
                      name),
      zErr);
  if (rc || (rc = add_script_column(j, zErr)))
    return rc;
  /* A run id that sorts by time and differs between runs. */
  sqlite3_stmt *st;
  rc = sqlite3_prepare_v2(db,
                          "SELECT strftime('%Y%m%dT%H%M%f', 'now') || '-' ||"
                          " lower(hex(randomblob(3)))",
                          -1, &st, NULL);
  if (rc)
    return *zErr = sqlite3_mprintf("%s", sqlite3_errmsg(db)), rc;
  if (sqlite3_step(st) == SQLITE_ROW) {
    sqlite3_free(j->run_id);
    j->run_id = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return j->run_id ? SQLITE_OK : SQLITE_NOMEM;
}

void sr_journal_close(sr_journal *j) {
  sqlite3_free(j->name);
  sqlite3_free(j->target);
  sqlite3_free(j->run_id);
  sqlite3_free(j->script);
  memset(j, 0, sizeof *j);
}

sqlite3_int64 sr_journal_start(sr_journal *j, int seq, const char *table,
                               const char *sql, const char *state,
                               char **zErr) {
  if (!j->name)
    return 0;
  char *q = sqlite3_mprintf(
      "INSERT INTO main.\"%w\"(run_id, target, seq, table_name, sql, state,"
      " started, script) VALUES (%Q, %Q, %d, %Q, %Q, %Q, " NOW ", %Q)",
      j->name, j->run_id, j->target, seq, table, sql, state, j->script);
  if (exec_sql(j, q, zErr))
    return -1;
  return sqlite3_last_insert_rowid(j->db);
}

int sr_journal_job(sr_journal *j, sqlite3_int64 row, long long job_id,
                   char **zErr) {
  if (!j->name || row <= 0)
    return SQLITE_OK;
  return exec_sql(j,
                  sqlite3_mprintf("UPDATE main.\"%w\" SET job_id = %lld"
                                  " WHERE rowid = %lld",
                                  j->name, job_id, row),
                  zErr);
}

int sr_journal_finish(sr_journal *j, sqlite3_int64 row, const char *state,
                      long long job_id, const char *message, char **zErr) {
  if (!j->name || row <= 0)
    return SQLITE_OK;
  char id[24] = "NULL";
  if (job_id)
    sqlite3_snprintf(sizeof id, id, "%lld", job_id);
  /* A row still `running` (outcome unknown) gets no finish time. */
  return exec_sql(
      j,
      sqlite3_mprintf("UPDATE main.\"%w\" SET state = %Q,"
                      " job_id = coalesce(%s, job_id), message = %Q,"
                      " finished = CASE WHEN %Q = 'running' THEN NULL"
                      " ELSE " NOW " END WHERE rowid = %lld",
                      j->name, state, id, message, state, row),
      zErr);
}

int sr_journal_running(sr_journal *j, sr_journal_row **rows, int *n,
                       char **zErr) {
  *rows = NULL;
  *n = 0;
  if (!j->name)
    return SQLITE_OK;
  sqlite3_stmt *st;
  int rc = prepare(j,
                   sqlite3_mprintf("SELECT rowid, table_name, sql, job_id FROM"
                                   " main.\"%w\" WHERE target = %Q AND state"
                                   " = 'running' ORDER BY rowid",
                                   j->name, j->target),
                   &st, zErr);
  if (rc)
    return rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    sr_journal_row *m = sqlite3_realloc(*rows, (int)sizeof **rows * (*n + 1));
    if (!m) {
      rc = SQLITE_NOMEM;
      break;
    }
    *rows = m;
    sr_journal_row *r = &m[(*n)++];
    r->rowid = sqlite3_column_int64(st, 0);
    r->table = sqlite3_mprintf("%s", sqlite3_column_text(st, 1));
    r->sql = sqlite3_mprintf("%s", sqlite3_column_text(st, 2));
    r->job_id = sqlite3_column_int64(st, 3);
    if (!r->table || !r->sql)
      rc = SQLITE_NOMEM;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void sr_journal_rows_free(sr_journal_row *rows, int n) {
  for (int i = 0; i < n; i++) {
    sqlite3_free(rows[i].table);
    sqlite3_free(rows[i].sql);
  }
  sqlite3_free(rows);
}

static int clear(char **by, int n) {
  for (int i = 1; i <= n; i++) {
    sqlite3_free(by[i]);
    by[i] = NULL;
  }
  return 0;
}

/* The rows of this script on this target, oldest first, run by run: a
 * statement is done once a row of it is `done` (in its own run, or marked
 * so when a later run resumed), and the record starts again once every
 * statement is done (the script ran to its end: running it again is
 * running it again). */
int sr_journal_done(sr_journal *j, const char *script, int n, char **by,
                    char **zErr) {
  memset(by, 0, sizeof *by * (size_t)(n + 1));
  if (!j->name)
    return SQLITE_OK;
  sqlite3_free(j->script);
  if (!(j->script = sqlite3_mprintf("%s", script)))
    return SQLITE_NOMEM;
  sqlite3_stmt *st;
  int rc = prepare(j,
                   sqlite3_mprintf("SELECT run_id, seq FROM main.\"%w\" WHERE"
                                   " target = %Q AND script = %Q AND state ="
                                   " 'done' ORDER BY rowid",
                                   j->name, j->target, script),
                   &st, zErr);
  if (rc)
    return rc;
  int have = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int seq = sqlite3_column_int(st, 1);
    const char *run = (const char *)sqlite3_column_text(st, 0);
    if (seq < 1 || seq > n || by[seq])
      continue;
    if (!(by[seq] = sqlite3_mprintf("%s", run ? run : ""))) {
      rc = SQLITE_NOMEM;
      break;
    }
    if (++have == n)
      have = clear(by, n);
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE)
    return SQLITE_OK;
  clear(by, n);
  return rc;
}

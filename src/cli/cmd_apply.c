/* srschema apply TARGET DESIRED and srschema exec TARGET FILE: sr_apply
 * and sr_exec (SPEC §7, doc/apply.md), rows printed as statements finish,
 * progress on a terminal, and a question before anything is sent unless
 * --yes (apply shows the plan first). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"

/* ---- the question ------------------------------------------------------- */

/* Asked on the terminal (/dev/tty), so that a script on stdin (exec -)
 * does not answer it; 1 for "y" or "yes". */
static int ask(const cli *c, const char *question, int *yes) {
  FILE *tty = fopen("/dev/tty", "r+");
  if (!tty)
    return cli_fail(c, "no terminal to ask on: give --yes to run without "
                       "asking (or --dry-run to see the statements)");
  fprintf(tty, "%s [y/N] ", question);
  fflush(tty);
  char line[16] = "";
  if (!fgets(line, sizeof line, tty))
    line[0] = 0;
  fclose(tty);
  line[strcspn(line, "\r\n")] = 0;
  *yes = !strcasecmp(line, "y") || !strcasecmp(line, "yes");
  return 0;
}

/* ---- options ---------------------------------------------------------------
 */

static int flag(const cli *c, const char *key) {
  return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c->options, key));
}

/* Progress lines on stderr when it is a terminal, unless the options say. */
static int default_progress(cli *c) {
  if (cJSON_GetObjectItemCaseSensitive(c->options, "progress") ||
      !isatty(STDERR_FILENO))
    return 0;
  return cJSON_AddBoolToObject(c->options, "progress", 1)
             ? 0
             : cli_fail(c, "out of memory");
}

/* ---- rows ------------------------------------------------------------------
 */

typedef struct run {
  int rows, failed;
  int json;
} run;

static void put_row(const cli *c, run *r, const cJSON *row) {
  if (r->json) {
    char *s = cJSON_PrintUnformatted(row);
    printf("%s%s", r->rows ? ",\n  " : "[\n  ", s ? s : "{}");
    cJSON_free(s);
    return;
  }
  const cJSON *seq = cJSON_GetObjectItemCaseSensitive(row, "seq");
  const char *t = cli_field(row, "table_name");
  const char *st = cli_field(row, "status");
  /* A number in the row's JSON (cli_field reads strings only). */
  const cJSON *job = cJSON_GetObjectItemCaseSensitive(row, "job_id");
  const char *state = cli_field(row, "job_state");
  const cJSON *waited = cJSON_GetObjectItemCaseSensitive(row, "waited");
  const char *msg = cli_field(row, "message");
  int bad = st && !strcmp(st, "failed");
  int on = c->color_out;
  printf("%d. %s%s%s: %s%s%s", cJSON_IsNumber(seq) ? seq->valueint : 0,
         t ? t : "", t ? ": " : "", cli_field(row, "action"),
         cli_color(on && bad, "error"), st ? st : "",
         cli_color(on && bad, "off"));
  if (cJSON_IsNumber(job))
    printf(" (job %lld %s, waited %.1f s)", (long long)job->valuedouble,
           state ? state : "",
           cJSON_IsNumber(waited) ? waited->valuedouble : 0.0);
  printf("%s%s\n", msg ? ": " : "", msg ? msg : "");
}

/* One row from a statement whose rows stream as they finish. */
static int step_rows(cli *c, sqlite3_stmt *st, run *r) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    cJSON *row = cli_row_json(st);
    if (!row)
      return cli_fail(c, "out of memory");
    const char *s = cli_field(row, "status");
    r->failed |= s && !strcmp(s, "failed");
    put_row(c, r, row);
    r->rows++;
    fflush(stdout);
    cJSON_Delete(row);
  }
  if (r->json)
    printf("%s\n", r->rows ? "\n]" : "[]");
  if (rc == SQLITE_DONE)
    return 0;
  cli_fail(c, "%s", sqlite3_errmsg(c->db));
  /* A failed statement has its row; any other error is trouble. */
  return r->failed ? CLI_DIFFERENT : CLI_TROUBLE;
}

static int run_sql(cli *c, const char *sql, const char *a, const char *b) {
  char *json = cli_options_text(c);
  sqlite3_stmt *st = NULL;
  if (!json)
    return cli_fail(c, "out of memory");
  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL)) {
    sqlite3_free(json);
    return cli_fail(c, "%s", sqlite3_errmsg(c->db));
  }
  sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, json, -1, SQLITE_STATIC);
  run r = {0, 0, c->format == CLI_JSON};
  int rc = step_rows(c, st, &r);
  sqlite3_finalize(st);
  sqlite3_free(json);
  if (!rc && r.failed)
    rc = CLI_DIFFERENT; /* the verify row */
  return rc ? rc : cli_finish_output(c, CLI_SAME);
}

/* ---- apply
 * ------------------------------------------------------------------- */

/* The plan sr_apply will run, shown as diff shows it; *ok gets the number
 * of statements that would be sent. */
static int show_plan(cli *c, int *ok) {
  char *json = cli_plan_options_text(c);
  if (!json)
    return cli_fail(c, "out of memory");
  const char *p[3] = {c->arg[0], c->arg[1], json};
  cJSON *steps = cli_rows(c,
                          "SELECT seq, table_name, action, sql, hazard, "
                          "status, message FROM sr_diff(?1, ?2, ?3) "
                          "ORDER BY seq",
                          3, p);
  sqlite3_free(json);
  if (!steps)
    return CLI_TROUBLE;
  *ok = 0;
  const cJSON *row;
  cJSON_ArrayForEach(row, steps) {
    const char *s = cli_field(row, "status");
    *ok += s && !strcmp(s, "ok");
  }
  int rc = cli_put_script(stdout, steps, c->arg[0], c->arg[1], c->color_out)
               ? cli_fail(c, "out of memory")
               : 0;
  cJSON_Delete(steps);
  fflush(stdout);
  return rc;
}

static int confirm_apply(cli *c) {
  int ok = 0, yes = 0;
  int rc = show_plan(c, &ok);
  if (rc || !ok)
    return rc;
  char *label = cli_source_label(c->arg[0]);
  char *q = sqlite3_mprintf("Run these %d statement%s on %s?", ok,
                            ok == 1 ? "" : "s", label ? label : "");
  rc = q ? ask(c, q, &yes) : cli_fail(c, "out of memory");
  sqlite3_free(q);
  sqlite3_free(label);
  if (!rc && !yes)
    rc = cli_fail(c, "not applied: the answer was not yes");
  return rc;
}

int cli_cmd_apply(cli *c) {
  int rc = default_progress(c);
  if (!rc && !c->yes && !flag(c, "dry_run"))
    rc = confirm_apply(c);
  return rc ? rc
            : run_sql(c,
                      "SELECT seq, table_name, action, sql, status, job_id, "
                      "job_state, waited, message FROM sr_apply(?1, ?2, ?3)",
                      c->arg[0], c->arg[1]);
}

/* ---- exec -------------------------------------------------------------------
 */

/* The whole script: FILE, or stdin for "-". */
static char *read_script(cli *c, const char *path) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    cli_fail(c, "%s: cannot read: %s", path, strerror(errno));
    return NULL;
  }
  sqlite3_str *s = sqlite3_str_new(NULL);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    sqlite3_str_append(s, buf, (int)n);
  int bad = ferror(f);
  if (f != stdin)
    fclose(f);
  char *text = sqlite3_str_finish(s);
  if (bad || !text) {
    cli_fail(c, "%s: %s", path, bad ? "cannot read" : "out of memory");
    sqlite3_free(text);
    return NULL;
  }
  return text;
}

int cli_cmd_exec(cli *c) {
  int rc = default_progress(c);
  char *sql = rc ? NULL : read_script(c, c->arg[1]);
  if (!sql)
    return rc ? rc : CLI_TROUBLE;
  if (!c->yes && !flag(c, "dry_run")) {
    int yes = 0;
    char *label = cli_source_label(c->arg[0]);
    char *q = sqlite3_mprintf("Run %s on %s?",
                              strcmp(c->arg[1], "-") ? c->arg[1] : "stdin",
                              label ? label : "");
    rc = q ? ask(c, q, &yes) : cli_fail(c, "out of memory");
    if (!rc && !yes)
      rc = cli_fail(c, "not run: the answer was not yes");
    sqlite3_free(q);
    sqlite3_free(label);
  }
  if (!rc)
    rc = run_sql(c,
                 "SELECT seq, table_name, action, sql, status, job_id, "
                 "job_state, waited, message FROM sr_exec(?1, ?2, ?3)",
                 c->arg[0], sql);
  sqlite3_free(sql);
  return rc;
}

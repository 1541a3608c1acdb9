/* sr_diff's rows as a script that runs as it stands in mysql(1): one
 * statement per step ending in ';', the step's status and hazards as a
 * "-- " comment above it, skipped and unsupported steps as comments
 * saying why, and a comment where StarRocks runs the statement as a
 * background job. */
#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"

/* A ';' after a "--" or "#" comment on the statement's last line (a view
 * body may end in one) would be part of the comment. */
char *cli_statement_text(const char *sql) {
  const char *last = strrchr(sql, '\n');
  last = last ? last + 1 : sql;
  int own_line = strstr(last, "--") || strchr(last, '#');
  return sqlite3_mprintf("%s%s;\n", sql, own_line ? "\n" : "");
}

int cli_put_statement(FILE *f, const char *sql) {
  char *s = cli_statement_text(sql);
  if (s)
    fputs(s, f);
  sqlite3_free(s);
  return !s;
}

/* Every line of text behind "-- "; other control characters become
 * spaces so that no line can end the comment early. */
void cli_put_comment(FILE *f, const char *text, const char *color, int on) {
  fprintf(f, "%s-- ", cli_color(on, color));
  for (const char *p = text; *p; p++) {
    if (*p == '\n')
      fprintf(f, "%s\n%s-- ", cli_color(on, "off"), cli_color(on, color));
    else
      fputc((unsigned char)*p < ' ' && *p != '\t' ? ' ' : *p, f);
  }
  fprintf(f, "%s\n", cli_color(on, "off"));
}

/* 1 when out of memory (nothing written). */
static int put_commentf(FILE *f, const char *color, int on, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));
static int put_commentf(FILE *f, const char *color, int on, const char *fmt,
                        ...) {
  va_list ap;
  va_start(ap, fmt);
  char *m = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  if (m)
    cli_put_comment(f, m, color, on);
  sqlite3_free(m);
  return !m;
}

/* The SHOW ALTER TABLE kind that shows the job (facts §3.1): distribution
 * changes are OPTIMIZE jobs, every other async ALTER a schema change. */
static const char *job_kind(const char *action) {
  return action && !strcmp(action, "set_distribution") ? "OPTIMIZE" : "COLUMN";
}

static int put_step(FILE *f, const cJSON *row, int on) {
  const cJSON *seq = cJSON_GetObjectItemCaseSensitive(row, "seq");
  const char *table = cli_field(row, "table_name");
  const char *action = cli_field(row, "action");
  const char *sql = cli_field(row, "sql");
  const char *hazard = cli_field(row, "hazard");
  const char *status = cli_field(row, "status");
  const char *message = cli_field(row, "message");
  int ok = status && !strcmp(status, "ok");
  const char *color = ok ? "comment" : status ? status : "comment";
  fputc('\n', f);
  int oom =
      put_commentf(f, color, on, "%d. %s: %s (%s%s%s)",
                   cJSON_IsNumber(seq) ? seq->valueint : 0, table ? table : "",
                   action ? action : "", status ? status : "",
                   hazard ? "; hazard: " : "", hazard ? hazard : "");
  if (message && *message)
    oom |= put_commentf(f, color, on, "%s: %s", ok ? "note" : status, message);
  if (ok && hazard && strstr(hazard, "async_job"))
    oom |= put_commentf(f, "comment", on,
                        "background job: see SHOW ALTER TABLE %s WHERE "
                        "TableName = \"%s\"; wait until it is FINISHED "
                        "before the next change to this table (srschema exec "
                        "waits by itself)",
                        job_kind(action), table ? table : "");
  if (!sql)
    return oom;
  if (ok)
    return oom | cli_put_statement(f, sql);
  return oom | put_commentf(f, color, on, "%s;", sql);
}

static int count(const cJSON *steps, const char *status) {
  int n = 0;
  const cJSON *row;
  cJSON_ArrayForEach(row, steps) {
    const char *s = cli_field(row, "status");
    n += s && !strcmp(s, status);
  }
  return n;
}

int cli_put_script(FILE *f, const cJSON *steps, const char *from,
                   const char *to, int on) {
  char *lf = cli_source_label(from), *lt = cli_source_label(to);
  int oom = !lf || !lt ||
            put_commentf(f, "comment", on,
                         "srschema diff\n  from: %s\n  to:   %s", lf, lt);
  sqlite3_free(lf);
  sqlite3_free(lt);
  int n = cJSON_GetArraySize(steps);
  if (!n)
    return oom | put_commentf(f, "comment", on,
                              "no changes: the schemas are the same");
  oom |= put_commentf(f, "comment", on,
                      "%d step%s: %d ok, %d skipped, %d unsupported", n,
                      n == 1 ? "" : "s", count(steps, "ok"),
                      count(steps, "skipped"), count(steps, "unsupported"));
  const cJSON *row;
  cJSON_ArrayForEach(row, steps) oom |= put_step(f, row, on);
  return oom;
}

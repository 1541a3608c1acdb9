/* srschema lint SOURCE: the rows of sr_lint (doc/lint.md), one finding a
 * line, "table.column: severity [rule]: message". Exit 1 when a finding
 * is an error: the server would refuse the schema. */
#include <string.h>

#include "cli/cli.h"

static int is_error(const cJSON *row) {
  const char *s = cli_field(row, "severity");
  return s && !strcmp(s, "error");
}

static void put_finding(const cli *c, const cJSON *row) {
  const char *t = cli_field(row, "table_name");
  const char *col = cli_field(row, "column_name");
  const char *sev = cli_field(row, "severity");
  int on = c->color_out;
  printf("%s%s%s: %s%s [%s]%s: %s\n", t ? t : "(source)", col ? "." : "",
         col ? col : "", cli_color(on, is_error(row) ? "error" : "warning"),
         sev ? sev : "", cli_field(row, "rule"), cli_color(on, "off"),
         cli_field(row, "message"));
}

static void put_text(const cli *c, const cJSON *rows) {
  int errors = 0, n = cJSON_GetArraySize(rows);
  const cJSON *row;
  cJSON_ArrayForEach(row, rows) {
    put_finding(c, row);
    errors += is_error(row);
  }
  if (n)
    printf("%d error%s, %d warning%s\n", errors, errors == 1 ? "" : "s",
           n - errors, n - errors == 1 ? "" : "s");
}

int cli_cmd_lint(cli *c) {
  const char *p[1] = {c->arg[0]};
  cJSON *rows = cli_rows(c,
                         "SELECT table_name, column_name, rule, severity, "
                         "message FROM sr_lint(?1)",
                         1, p);
  if (!rows)
    return CLI_TROUBLE;
  int rc = 0, errors = 0;
  const cJSON *row;
  cJSON_ArrayForEach(row, rows) errors += is_error(row);
  if (c->format == CLI_JSON)
    rc = cli_print_json(c, rows);
  else
    put_text(c, rows);
  cJSON_Delete(rows);
  return rc ? rc : cli_finish_output(c, errors ? CLI_DIFFERENT : CLI_SAME);
}

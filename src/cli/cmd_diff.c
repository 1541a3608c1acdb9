/* srschema diff and srschema check: sr_diff (SPEC §3) as a script, or as
 * the CI gate's exit status. */
#include <string.h>

#include "cli/cli.h"

/* The steps of sr_diff(FROM, TO, options), or NULL after an error. */
static cJSON *plan(cli *c) {
  char *json = cli_options_text(c);
  if (!json) {
    cli_fail(c, "out of memory");
    return NULL;
  }
  const char *p[3] = {c->arg[0], c->arg[1], json};
  cJSON *steps = cli_rows(c,
                          "SELECT seq, table_name, action, sql, hazard, "
                          "status, message FROM sr_diff(?1, ?2, ?3) "
                          "ORDER BY seq",
                          3, p);
  sqlite3_free(json);
  return steps;
}

/* 0, or CLI_TROUBLE when out of memory. */
static int show(const cli *c, const cJSON *steps) {
  if (c->format == CLI_JSON)
    return cli_print_json(c, steps);
  if (cli_put_script(stdout, steps, c->arg[0], c->arg[1], c->color_out))
    return cli_fail(c, "out of memory");
  return 0;
}

int cli_cmd_diff(cli *c) {
  cJSON *steps = plan(c);
  if (!steps)
    return CLI_TROUBLE;
  int rc = show(c, steps);
  cJSON_Delete(steps);
  return rc ? rc : cli_finish_output(c, CLI_SAME);
}

/* Any step is drift, whatever its status: a skipped drop still means the
 * two schemas differ. Nothing is printed when there is none. */
int cli_cmd_check(cli *c) {
  cJSON *steps = plan(c);
  if (!steps)
    return CLI_TROUBLE;
  int n = cJSON_GetArraySize(steps);
  int rc = n || c->format == CLI_JSON ? show(c, steps) : 0;
  cJSON_Delete(steps);
  return rc ? rc : cli_finish_output(c, n ? CLI_DIFFERENT : CLI_SAME);
}

/* srschema: the commands of SPEC §8 and their dispatch. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char kExitDiff[] = "  0  the script was printed\n"
                                "  2  an error (a source cannot be read, a "
                                "bad option)";
static const char kExitCheck[] = "  0  no drift: FROM and TO are the same\n"
                                 "  1  drift: the steps are printed\n"
                                 "  2  an error";
static const char kExitDump[] = "  0  the files were written\n"
                                "  2  an error (each file is replaced whole "
                                "or not at all)";
static const char kExitLint[] = "  0  no finding of severity error (warnings "
                                "may be printed)\n"
                                "  1  findings of severity error: the server "
                                "would refuse the schema\n"
                                "  2  an error (the source cannot be read)";
static const char kExitApply[] = "  0  every statement done (apply: and "
                                 "the verify row done)\n"
                                 "  1  a statement failed (its row is "
                                 "printed, nothing after it was sent),\n"
                                 "     or the verify row failed\n"
                                 "  2  an error before anything ran (a bad "
                                 "option or target, an unsupported step,\n"
                                 "     the answer was not yes)";
static const char kExitVersion[] = "  0  always";

int cli_cmd_version(cli *c) {
  cJSON *rows = cli_rows(c, "SELECT sr_version() AS version", 0, NULL);
  if (!rows)
    return CLI_TROUBLE;
  int rc = 0;
  if (c->format == CLI_JSON)
    rc = cli_print_json(c, rows);
  else
    printf("%s\n", cli_field(cJSON_GetArrayItem(rows, 0), "version"));
  cJSON_Delete(rows);
  return rc ? rc : cli_finish_output(c, CLI_SAME);
}

static const cli_cmd kCmds[] = {
    {"diff", CMD_DIFF, "FROM TO", 2, 1, 0,
     "print the migration from FROM to TO as a script",
     "Prints the steps of sr_diff(FROM, TO) as a script that runs as it "
     "stands in\nmysql(1): one statement per step ending in ';', its status "
     "and hazards in a\n'--' comment above it, skipped and unsupported steps "
     "as comments saying why,\nand a comment where StarRocks runs the "
     "statement as a background job. FROM is\nusually the live cluster, TO "
     "the schema kept in git.",
     kExitDiff, cli_cmd_diff},
    {"check", CMD_CHECK, "FROM TO", 2, 1, 0,
     "the CI gate: exit 1 and print the steps on drift",
     "The CI gate: exits 0 when sr_diff(FROM, TO) has no steps (no drift), "
     "else\nprints them as diff does and exits 1. Every step counts, skipped "
     "and\nunsupported ones too.",
     kExitCheck, cli_cmd_check},
    {"dump", CMD_DUMP, "SOURCE DIR", 2, 0, 1,
     "write one canonical .sql file per table, view and MV",
     "Writes the canonical CREATE statement of every table, view and "
     "materialized\nview of SOURCE into DIR (created if missing), one file "
     "per object named after\nit (<name>.sql), so that 'srschema check SOURCE "
     "DIR' then finds no drift: the\nway to start keeping a schema in git. "
     "Other .sql files in DIR are an error\nunless --prune. A file that "
     "already holds the text is left untouched.",
     kExitDump, cli_cmd_dump},
    {"lint", CMD_LINT, "SOURCE", 1, 0, 1,
     "what StarRocks would refuse or regret in a schema",
     "Prints the findings of sr_lint(SOURCE), one a line: table.column, "
     "severity\n(error: the server refuses it; warning: accepted, but it "
     "bites later), rule\nand a message citing the StarRocks error or doc "
     "page it comes from. Files\nand ddl: text are judged as written, a "
     "live source with its cluster's\nbackends. doc/lint.md lists the "
     "rules.",
     kExitLint, cli_cmd_lint},
    {"apply", CMD_APPLY, "TARGET DESIRED", 2, 1, 0,
     "run the migration on TARGET, waiting for its jobs",
     "Shows the plan of sr_diff(TARGET, DESIRED) as diff does, asks on the "
     "terminal,\nthen runs it with sr_apply: the ok steps, one statement at "
     "a time, waiting for\nthe background jobs StarRocks starts, and a last "
     "verify row (a fresh read of\nTARGET planned again). A row is printed "
     "as each statement finishes; progress\nlines go to stderr on a "
     "terminal. TARGET is a starrocks:// URL, or table:PREFIX\nin the --db "
     "database (an offline rehearsal).",
     kExitApply, cli_cmd_apply},
    {"exec", CMD_EXEC, "TARGET FILE", 2, 1, 1,
     "run a script on TARGET, waiting for its jobs",
     "Runs the statements of FILE ('-': stdin) on TARGET with sr_exec, one "
     "at a time,\nwaiting for the background jobs StarRocks starts, after "
     "asking on the terminal.\nThe script diff prints runs as it stands. A "
     "row is printed as each statement\nfinishes; progress lines go to "
     "stderr on a terminal.",
     kExitApply, cli_cmd_exec},
    {"version", CMD_VERSION, "", 0, 0, 0,
     "the versions of libsrschema, SQLite and libmariadb",
     "Prints sr_version(): the versions of libsrschema, of SQLite and of "
     "libmariadb.",
     kExitVersion, cli_cmd_version},
};
enum { NCMDS = sizeof kCmds / sizeof kCmds[0] };

static void usage(FILE *f) {
  fputs("usage: srschema COMMAND ARGS [options]\n\n"
        "StarRocks schemas from the shell and CI: compare a cluster with the "
        "schema\nkept in git, gate drift, export a cluster to files. A source "
        "is a .sql file, a\ndirectory of them, ddl:TEXT, table:PREFIX (with "
        "--db) or\nstarrocks://user@host:9030/db.\n\ncommands:\n",
        f);
  for (int i = 0; i < NCMDS; i++) {
    char left[32];
    snprintf(left, sizeof left, "%s %s", kCmds[i].name, kCmds[i].args);
    fprintf(f, "  %-20s %s\n", left, kCmds[i].summary);
  }
  fputs("\n'srschema COMMAND --help' shows a command's options. Exit status "
        "as diff(1):\n0 same (or done), 1 different, 2 trouble.\n",
        f);
}

/* Colour only on a terminal, and not when NO_COLOR is set (no-color.org)
 * or the terminal is dumb. */
static int color_for(int fd) {
  const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
  return isatty(fd) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
}

static const cli_cmd *find_cmd(const char *name) {
  for (int i = 0; i < NCMDS; i++)
    if (!strcmp(kCmds[i].name, name))
      return &kCmds[i];
  return NULL;
}

static int run(cli *c, int argc, char **argv) {
  int rc = cli_parse(c, argc, argv);
  if (rc)
    return rc < 0 ? CLI_SAME : rc;
  rc = cli_open(c);
  if (!rc)
    rc = c->cmd->run(c);
  cli_close(c);
  return rc;
}

/* srschema help [COMMAND], srschema --help. */
static int top_level(int argc, char **argv) {
  const char *a = argc > 1 ? argv[1] : NULL;
  if (!a) {
    usage(stderr);
    return CLI_TROUBLE;
  }
  if (!strcmp(a, "-h") || !strcmp(a, "--help") ||
      (!strcmp(a, "help") && argc == 2)) {
    usage(stdout);
    return CLI_SAME;
  }
  if (!strcmp(a, "help") && find_cmd(argv[2])) {
    cli_help(stdout, find_cmd(argv[2]));
    return CLI_SAME;
  }
  fprintf(stderr, "srschema: unknown command '%.40s'\n\n",
          strcmp(a, "help") ? a : argv[2]);
  usage(stderr);
  return CLI_TROUBLE;
}

static int run_cmd(const cli_cmd *cmd, int argc, char **argv) {
  cli c;
  memset(&c, 0, sizeof c);
  c.cmd = cmd;
  c.color_out = color_for(STDOUT_FILENO);
  c.color_err = color_for(STDERR_FILENO);
  c.options = cJSON_CreateObject();
  if (!c.options)
    return cli_fail(&c, "out of memory");
  int rc = run(&c, argc, argv);
  cJSON_Delete(c.options);
  return rc;
}

int main(int argc, char **argv) {
  /* The arguments are used from a copy, so that the passwords in argv
   * can be overwritten at once. */
  char **args = calloc((size_t)argc + 1, sizeof *args);
  int n = 0;
  while (args && n < argc && (args[n] = strdup(argv[n])))
    n++;
  if (n < argc) {
    fputs("srschema: out of memory\n", stderr);
    while (n > 0)
      free(args[--n]);
    free(args);
    return CLI_TROUBLE;
  }
  cli_scrub_argv(argc, argv);
  const char *name = argc == 2 && !strcmp(args[1], "--version") ? "version"
                     : argc > 1                                 ? args[1]
                                                                : "";
  const cli_cmd *cmd = find_cmd(name);
  int rc = cmd ? run_cmd(cmd, argc - 2, args + 2) : top_level(argc, args);
  for (int i = 0; i < argc; i++)
    free(args[i]);
  free(args);
  return rc;
}

/* The srschema command (SPEC §8): the extension's SQL functions run on a
 * connection of this program, for shells and CI. Everything StarRocks is
 * done by the SQL functions; this directory parses the command line,
 * runs the SQL and prints the rows. */
#ifndef CLI_H
#define CLI_H

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>

/* Exit statuses, as diff(1): same, different, trouble. */
enum { CLI_SAME = 0, CLI_DIFFERENT = 1, CLI_TROUBLE = 2 };

/* Commands, as bits so that an option can name those that take it. */
enum {
  CMD_DIFF = 1,
  CMD_CHECK = 2,
  CMD_DUMP = 4,
  CMD_LINT = 8,
  CMD_VERSION = 16,
  CMD_APPLY = 32,
  CMD_EXEC = 64
};

typedef struct cli cli;

typedef struct cli_cmd {
  const char *name;
  unsigned bit;
  const char *args;        /* positional arguments, e.g. "FROM TO" */
  int nargs;               /* how many */
  int sql_options;         /* the SQL function takes a JSON options object */
  int settings;            /* --version, --run-mode are sr_config settings */
  const char *summary;     /* one line */
  const char *description; /* the --help text after the usage line */
  const char *exits;       /* the exit statuses, for --help */
  int (*run)(cli *c);
} cli_cmd;

typedef enum cli_format { CLI_TEXT, CLI_JSON } cli_format;

struct cli {
  const cli_cmd *cmd;
  const char *arg[4]; /* positional arguments */
  int narg;
  cJSON *options; /* the SQL options as a JSON object (never NULL) */
  cli_format format;
  const char *db_path; /* --db; NULL: in memory */
  int prune;           /* dump --prune */
  int yes;             /* apply, exec --yes: do not ask */
  int color_out;       /* colours on stdout / stderr (terminals only) */
  int color_err;
  sqlite3 *db;
};

/* ---- args.c: the command line ---------------------------------------- */

/* Parses argv after the command name into c. 0, or CLI_TROUBLE after
 * printing why; -1 when --help was given (help printed). */
int cli_parse(cli *c, int argc, char **argv);
/* The --help text of one command. */
void cli_help(FILE *f, const cli_cmd *cmd);
/* The JSON options as text (sqlite3_malloc'd), e.g. "{}". */
char *cli_options_text(const cli *c);
/* Only those of sr_diff: apply's plan shown before asking. */
char *cli_plan_options_text(const cli *c);
/* Overwrites the password of starrocks:// arguments in argv, so that it
 * does not stay visible in the process list (as mysql(1) does for -p). */
void cli_scrub_argv(int argc, char **argv);

/* ---- db.c: the connection -------------------------------------------- */

/* Opens the database with the extension registered; for commands whose
 * SQL function takes no options, --version and --run-mode become
 * sr_config settings. */
int cli_open(cli *c);
void cli_close(cli *c);
/* Runs sql with the text parameters (NULL binds NULL) and returns its
 * rows as a JSON array of objects keyed by column name; NULL after
 * printing the error. */
cJSON *cli_rows(cli *c, const char *sql, int nparam, const char *const *param);
/* The current row of st as a JSON object keyed by column name (NULL when
 * out of memory). */
cJSON *cli_row_json(sqlite3_stmt *st);

/* ---- out.c: printing -------------------------------------------------- */

/* "srschema CMD: message" on stderr; returns CLI_TROUBLE. */
int cli_fail(const cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A source as it may be shown: the password removed, inline ddl: text cut
 * to its first line. sqlite3_malloc'd. */
char *cli_source_label(const char *source);
/* Prints a JSON value and a newline on stdout; CLI_TROUBLE when out of
 * memory. */
int cli_print_json(const cli *c, const cJSON *v);
/* Flushes stdout; CLI_TROUBLE when the output could not be written. */
int cli_finish_output(const cli *c, int status);
/* ANSI colours, or "" when colour is off. */
const char *cli_color(int on, const char *which);
/* A string field of a row, NULL when absent or null. */
const char *cli_field(const cJSON *row, const char *name);

/* ---- script.c: statements as a script --------------------------------- */

/* sql terminated by ';' and a newline (the ';' on a line of its own when
 * the last line holds a comment that would swallow it); sqlite3_malloc'd. */
char *cli_statement_text(const char *sql);
int cli_put_statement(FILE *f, const char *sql);
/* Writes text as "-- " comment lines. */
void cli_put_comment(FILE *f, const char *text, const char *color, int on);
/* Writes the rows of sr_diff as a script that runs in mysql(1). The put
 * functions return 1 when out of memory. */
int cli_put_script(FILE *f, const cJSON *steps, const char *from,
                   const char *to, int color);

/* ---- commands ---------------------------------------------------------- */

int cli_cmd_diff(cli *c);
int cli_cmd_check(cli *c);
int cli_cmd_dump(cli *c);
int cli_cmd_lint(cli *c);
int cli_cmd_apply(cli *c);
int cli_cmd_exec(cli *c);
int cli_cmd_version(cli *c);

#endif

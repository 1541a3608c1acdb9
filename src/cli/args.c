/* The command line: options spelled as the SQL options' JSON keys
 * (`--allow-drop` is "allow_drop": true, `--no-coalesce` is "coalesce":
 * false, `--tables GLOB` is "tables": "GLOB"), `--options JSON` for the
 * whole object, and the options of the command itself. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "live/live.h"

typedef enum otype {
  O_BOOL, /* --x, --no-x, --x=true|false */
  O_STR,  /* --x VALUE, --x=VALUE */
  O_INT,  /* --x N */
  O_NUM,  /* --x SECONDS (may have a fraction) */
  O_NAME  /* --x VALUE, or --no-x for false (journal) */
} otype;

/* Where the value goes: the SQL options object, or the command itself. */
typedef enum odest { D_SQL, D_FORMAT, D_DB, D_OPTIONS, D_PRUNE, D_YES } odest;

typedef struct opt {
  const char *flag; /* without the leading -- */
  otype type;
  odest dest;
  unsigned cmds;   /* CMD_* bits of the commands that take it */
  const char *arg; /* the value's name in --help */
  const char *help;
} opt;

enum {
  PLAN = CMD_DIFF | CMD_CHECK | CMD_APPLY, /* sr_diff's options */
  RUN = CMD_APPLY | CMD_EXEC,              /* sr_apply's and sr_exec's */
  SOURCES = PLAN | CMD_DUMP | CMD_LINT | CMD_EXEC,
  ALL = SOURCES | CMD_VERSION
};

/* The JSON key of an option is its flag with '-' turned into '_'. */
static const opt kOpts[] = {
    {"allow-drop", O_BOOL, D_SQL, PLAN, NULL,
     "run steps that lose data (drops); without it they are shown as "
     "skipped"},
    {"allow-empty", O_BOOL, D_SQL, PLAN | CMD_DUMP, NULL,
     "accept a desired source (dump: a SOURCE) that holds no objects"},
    {"coalesce", O_BOOL, D_SQL, PLAN, NULL,
     "fold a table's column changes into one statement (the default; "
     "--no-coalesce: one statement each)"},
    {"tables", O_STR, D_SQL, PLAN, "GLOB",
     "only the tables whose names match GLOB (e.g. 'fact_*')"},
    {"version", O_STR, D_SQL, SOURCES, "X.Y[.Z]",
     "the StarRocks version whose defaults and syntax apply to offline "
     "sources (default: a live source's, else the newest known)"},
    {"run-mode", O_STR, D_SQL, SOURCES, "MODE",
     "shared_nothing (default) or shared_data, for offline sources"},
    {"skip-unsupported", O_BOOL, D_SQL, CMD_APPLY, NULL,
     "run the ok steps of a plan that also holds unsupported ones "
     "(otherwise nothing runs)"},
    {"parallel", O_INT, D_SQL, RUN, "N",
     "how many tables may have statements and jobs in flight at once "
     "(default 1)"},
    {"wait-timeout", O_NUM, D_SQL, RUN, "SECONDS",
     "how long to wait for one background job (default 3600)"},
    {"poll", O_NUM, D_SQL, RUN, "SECONDS",
     "the first polling interval of a job (default 0.5; it backs off)"},
    {"progress", O_BOOL, D_SQL, RUN, NULL,
     "progress lines on stderr (the default when stderr is a terminal; "
     "--no-progress)"},
    {"journal", O_NAME, D_SQL, RUN, "TABLE",
     "the journal table in the --db database (default sr_journal; "
     "--no-journal: none)"},
    {"dry-run", O_BOOL, D_SQL, RUN, NULL,
     "list the statements with status not_run; send nothing"},
    {"yes", O_BOOL, D_YES, RUN, NULL, "do not ask before running"},
    {"options", O_STR, D_OPTIONS, PLAN | RUN, "JSON",
     "the SQL options as one JSON object; flags given as well win"},
    {"prune", O_BOOL, D_PRUNE, CMD_DUMP, NULL,
     "remove the .sql files of DIR that name no object of SOURCE"},
    {"format", O_STR, D_FORMAT, ALL, "text|json",
     "text for people (the default) or json for programs"},
    {"db", O_STR, D_DB, ALL, "FILE",
     "the SQLite database to work in (table: sources, the journal of "
     "apply and exec); default: in memory"},
};
enum { NOPTS = sizeof kOpts / sizeof kOpts[0] };

/* text from column `col`, wrapped at words before column 79. */
static void put_wrapped(FILE *f, int col, const char *text) {
  int at = col;
  while (*text) {
    size_t w = strcspn(text, " ");
    if (at > col && at + 1 + (int)w > 79) {
      fprintf(f, "\n%*s", col, "");
      at = col;
    } else if (at > col) {
      fputc(' ', f);
      at++;
    }
    fwrite(text, 1, w, f);
    at += (int)w;
    text += w;
    text += strspn(text, " ");
  }
  fputc('\n', f);
}

void cli_help(FILE *f, const cli_cmd *cmd) {
  fprintf(f, "usage: srschema %s%s%s [options]\n\n%s\n", cmd->name,
          *cmd->args ? " " : "", cmd->args, cmd->description);
  fputs("\noptions:\n", f);
  for (int i = 0; i < NOPTS; i++) {
    const opt *o = &kOpts[i];
    if (!(o->cmds & cmd->bit))
      continue;
    char left[40];
    snprintf(left, sizeof left, "--%s%s%s", o->flag, o->arg ? " " : "",
             o->arg ? o->arg : "");
    fprintf(f, "  %-24s ", left);
    put_wrapped(f, 27, o->help);
  }
  fprintf(f, "  %-24s %s\n", "-h, --help", "this text");
  fprintf(f, "\nexit status:\n%s\n", cmd->exits);
}

static char *json_text(const cJSON *o) {
  char *s = cJSON_PrintUnformatted(o);
  char *r = s ? sqlite3_mprintf("%s", s) : NULL;
  cJSON_free(s);
  return r;
}

char *cli_options_text(const cli *c) { return json_text(c->options); }

static const opt *opt_of_key(const char *key);

char *cli_plan_options_text(const cli *c) {
  cJSON *plan = cJSON_CreateObject();
  const cJSON *v;
  cJSON_ArrayForEach(v, c->options) {
    const opt *o = opt_of_key(v->string);
    cJSON *d = o && (o->cmds & CMD_DIFF) ? cJSON_Duplicate(v, 1) : NULL;
    if (d && plan)
      cJSON_AddItemToObject(plan, v->string, d);
  }
  char *r = plan ? json_text(plan) : NULL;
  cJSON_Delete(plan);
  return r;
}

/* ---- passwords --------------------------------------------------------- */

/* Every byte of a URL's secrets that messages hide (sr_live_redact, SPEC
 * §1), whatever the URL's shape: the process list shows argv as it is. */
void cli_scrub_argv(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    sr_live_mask(argv[i]);
}

/* ---- parsing ------------------------------------------------------------ */

static const opt *find_opt(const char *name, size_t n, int *neg) {
  *neg = 0;
  if (n > 3 && !strncmp(name, "no-", 3)) {
    for (int i = 0; i < NOPTS; i++)
      if ((kOpts[i].type == O_BOOL || kOpts[i].type == O_NAME) &&
          strlen(kOpts[i].flag) == n - 3 &&
          !strncmp(kOpts[i].flag, name + 3, n - 3))
        return *neg = 1, &kOpts[i];
  }
  for (int i = 0; i < NOPTS; i++)
    if (strlen(kOpts[i].flag) == n && !strncmp(kOpts[i].flag, name, n))
      return &kOpts[i];
  return NULL;
}

static void json_key(const opt *o, char *key, size_t cap) {
  snprintf(key, cap, "%s", o->flag);
  for (char *k = key; *k; k++)
    if (*k == '-')
      *k = '_';
}

/* The option whose JSON key is key, or NULL. */
static const opt *opt_of_key(const char *key) {
  char k[40];
  for (int i = 0; i < NOPTS; i++) {
    json_key(&kOpts[i], k, sizeof k);
    if (kOpts[i].dest == D_SQL && !strcmp(k, key))
      return &kOpts[i];
  }
  return NULL;
}

static int set_json(cli *c, const opt *o, cJSON *v) {
  char key[40];
  json_key(o, key, sizeof key);
  if (!v)
    return cli_fail(c, "out of memory");
  cJSON_DeleteItemFromObjectCaseSensitive(c->options, key);
  cJSON_AddItemToObject(c->options, key, v);
  return 0;
}

static int set_bool(cli *c, const opt *o, const char *val, int neg) {
  int b = !neg;
  if (val && !strcmp(val, "false"))
    b = !b;
  else if (val && strcmp(val, "true"))
    return cli_fail(c, "--%s takes no value, or =true or =false", o->flag);
  if (o->dest == D_PRUNE)
    return c->prune = b, 0;
  if (o->dest == D_YES)
    return c->yes = b, 0;
  return set_json(c, o, cJSON_CreateBool(b));
}

static int set_number(cli *c, const opt *o, const char *val) {
  char *end;
  double d = strtod(val, &end);
  /* Bounded before the cast: a cast of an out-of-range double is
   * undefined. */
  if (end == val || *end || !(d >= 0 && d <= 1e9) ||
      (o->type == O_INT && d != (double)(long)d))
    return cli_fail(c, "--%s needs %s, not '%s'", o->flag,
                    o->type == O_INT ? "a whole number" : "a number of seconds",
                    val);
  return set_json(c, o, cJSON_CreateNumber(d));
}

/* --options JSON: its keys are set first; flags given anywhere win. */
static int merge_options(cli *c, const char *val) {
  cJSON *j = cJSON_Parse(val);
  if (!cJSON_IsObject(j)) {
    cJSON_Delete(j);
    return cli_fail(c, "--options needs a JSON object, e.g. "
                       "'{\"allow_drop\": true}'");
  }
  for (cJSON *v = j->child; v; v = v->next)
    if (!cJSON_GetObjectItemCaseSensitive(c->options, v->string))
      cJSON_AddItemToObject(c->options, v->string, cJSON_Duplicate(v, 1));
  cJSON_Delete(j);
  return 0;
}

static int set_value(cli *c, const opt *o, const char *val) {
  switch (o->dest) {
  case D_FORMAT:
    if (strcmp(val, "text") && strcmp(val, "json"))
      return cli_fail(c, "--format is text or json, not '%s'", val);
    c->format = strcmp(val, "json") ? CLI_TEXT : CLI_JSON;
    return 0;
  case D_DB:
    c->db_path = val;
    return 0;
  case D_OPTIONS:
    return merge_options(c, val);
  default:
    break;
  }
  if (o->type == O_INT || o->type == O_NUM)
    return set_number(c, o, val);
  return set_json(c, o, cJSON_CreateString(val));
}

/* One option at argv[*i]; may consume the next argument as its value. */
static int one_option(cli *c, int argc, char **argv, int *i) {
  const char *a = argv[*i] + 2, *eq = strchr(a, '=');
  size_t n = eq ? (size_t)(eq - a) : strlen(a);
  int neg;
  const opt *o = find_opt(a, n, &neg);
  if (!o)
    return cli_fail(c, "unknown option --%.*s (see srschema %s --help)",
                    (int)(n > 60 ? 60 : n), a, c->cmd->name);
  if (!(o->cmds & c->cmd->bit))
    return cli_fail(c, "--%s is not an option of %s (see srschema %s --help)",
                    o->flag, c->cmd->name, c->cmd->name);
  const char *val = eq ? eq + 1 : NULL;
  if (o->type == O_BOOL)
    return set_bool(c, o, val, neg);
  if (neg) /* --no-journal */
    return val ? cli_fail(c, "--no-%s takes no value", o->flag)
               : set_json(c, o, cJSON_CreateFalse());
  if (!val) {
    if (*i + 1 >= argc)
      return cli_fail(c, "--%s needs a value (%s)", o->flag, o->arg);
    val = argv[++*i];
  }
  return set_value(c, o, val);
}

static int positional(cli *c, const char *a) {
  if (c->narg >= c->cmd->nargs) {
    char *label = cli_source_label(a);
    int rc = cli_fail(c, "unexpected argument '%s' (usage: srschema %s %s)",
                      label ? label : "", c->cmd->name, c->cmd->args);
    sqlite3_free(label);
    return rc;
  }
  c->arg[c->narg++] = a;
  return 0;
}

/* -h or --help before any "--" wins over everything else on the line. */
static int wants_help(int argc, char **argv) {
  for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
      return 1;
  return 0;
}

int cli_parse(cli *c, int argc, char **argv) {
  int only_args = 0;
  if (wants_help(argc, argv))
    return cli_help(stdout, c->cmd), -1;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int rc = 0;
    if (only_args || a[0] != '-' || !a[1])
      rc = positional(c, a);
    else if (!strcmp(a, "--"))
      only_args = 1;
    else if (a[1] == '-')
      rc = one_option(c, argc, argv, &i);
    else
      rc = cli_fail(c, "unknown option %.60s (see srschema %s --help)", a,
                    c->cmd->name);
    if (rc)
      return rc;
  }
  if (c->narg < c->cmd->nargs)
    return cli_fail(c, "missing arguments (usage: srschema %s %s)",
                    c->cmd->name, c->cmd->args);
  return 0;
}

/* sr_lint: what StarRocks refuses, or will make you regret, in a schema,
 * before it reaches a server (issue 12). Each rule says what is wrong and
 * cites the StarRocks error or doc page it comes from; doc/lint.md lists
 * them. No SQLite here: the table-valued function is lint_glue.c. */
#ifndef SR_LINT_H
#define SR_LINT_H

#include "core/model.h"

typedef enum sr_severity {
  SR_SEV_ERROR,  /* the server refuses it */
  SR_SEV_WARNING /* accepted, but it bites later */
} sr_severity;

typedef struct sr_finding {
  const char *table;  /* NULL: the source as a whole */
  const char *column; /* NULL: not about one column */
  const char *rule;
  sr_severity severity;
  const char *message;
} sr_finding;

typedef struct sr_lint {
  sr_arena arena; /* messages and names */
  sr_finding *v;
  int n, cap;
} sr_lint;

typedef struct sr_lint_opts {
  /* The tables are canonical (a cached, live or table: source). Else they
   * are as parsed (files, ddl:) and are made canonical here, one by one,
   * so that a table the server would refuse is reported, not an error. */
  int canonical;
  int alive_backends; /* live sources; -1 when unknown */
  /* Why the backends could not be read (a finding says so), or NULL. */
  const char *backends_error;
} sr_lint_opts;

void sr_lint_init(sr_lint *l);
void sr_lint_free(sr_lint *l);
/* Lints every table of s, in order. Fails only when out of memory. */
int sr_lint_schema(sr_schema *s, const sr_lint_opts *o, sr_lint *l,
                   sr_err *err);
const char *sr_severity_name(sr_severity s); /* "error", "warning" */

#endif

/* The DDL interpreter behind sr_apply_ddl: applies CREATE / ALTER / DROP
 * statements to a schema model offline, as a StarRocks 3.x FE would
 * (starrocks-facts.md §3), refusing what the FE refuses with its error
 * texts. Independent of the planner (diff.c): it reads statements, not
 * plans, so it can check that a plan converges. No SQLite here. */
#ifndef SR_APPLY_H
#define SR_APPLY_H

#include <stddef.h>

#include "core/model.h"

/* Applies every statement of text[0..n) to s, in order. s must be
 * canonical (sr_schema_finish'd); on success it is canonical again and
 * *applied holds the number of statements run. On error s is left in an
 * unspecified state (the caller discards it) and err names the position
 * as name:line:column with the server's reason. */
int sr_apply_sql(sr_schema *s, const char *name, const char *text, size_t n,
                 int *applied, sr_err *err);

#endif

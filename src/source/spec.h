/* JSON table specs (SPEC §4 sr_create_ddl(spec_json), sr_table_json): keys
 * mirror the guide's starrocks_* table options and column options, and
 * are case-insensitive. A spec is turned into the model exactly as the DDL
 * parser would build it from the same CREATE statement, so that the
 * canonical text of both agrees. No SQLite here; errors are returned. */
#ifndef SR_SPEC_H
#define SR_SPEC_H

#include "core/model.h"

struct cJSON;

/* Parses JSON text s[0..n): an error names the offset of the first fault
 * and what was expected there (a NUL byte, invalid UTF-8, a \\u0000 escape
 * and lone surrogates are faults); "out of memory" is only that. */
struct cJSON *sr_json_parse(const char *s, size_t n, sr_err *err);

/* A JSON column object of SPEC §4 -> canonical sr_column in s's arena.
 * *is_agg_key receives is_agg_key. */
int sr_spec_column(sr_schema *s, const char *json, sr_column *out,
                   int *is_agg_key, sr_err *err);

/* A JSON object of properties ({"k": "v", "n": 2, "b": true}) -> props of
 * t in the object's order, keys lower case (sr_alter_properties); an
 * error for anything else, an empty object or a key given twice. */
int sr_spec_properties(sr_schema *s, const char *json, sr_table *into,
                       sr_err *err);

/* A JSON table spec -> one canonical table in s (which should hold no
 * other table): built, validated and made canonical with
 * sr_schema_finish. *out receives the table. */
int sr_spec_table(sr_schema *s, const char *json, sr_table **out, sr_err *err);

/* The JSON spec of a canonical table: sr_spec_table of it renders the same
 * CREATE text. malloc'd (free with free()); NULL on OOM. */
char *sr_spec_json(const sr_table *t);

#endif

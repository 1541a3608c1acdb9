/* What StarRocks gives a table for what its CREATE statement omits, by
 * version and run mode (starrocks-facts.md §1.2, §1.6, §1.7; corpus cited
 * at each rule). Also the validation a server does at CREATE time. */
#ifndef SR_DEFAULTS_H
#define SR_DEFAULTS_H

#include "core/model.h"

/* Makes t canonical: key model and key columns, is_key flags, NOT NULL
 * keys of PRIMARY KEY tables, distribution, sort key, hidden partition
 * columns, legacy property spellings, default properties with their
 * origin. Errors for what the server would reject. */
int sr_defaults_apply(sr_schema *s, sr_table *t, sr_err *err);

/* Makes a schema canonical once a source has added every table: defaults
 * of each table (sr_defaults_apply), then tables sorted by name and a name
 * defined twice rejected (sr_schema_sort). */
int sr_schema_finish(sr_schema *s, sr_err *err);

/* StarRocks's default value of property key for table t in env, or NULL
 * when the key has no default there. */
const char *sr_default_prop(const sr_env *env, const sr_table *t,
                            const char *key);

/* Defaults StarRocks never prints (defaults.c kSilent, doc/defaults.md):
 * write_quorum MAJORITY, storage_medium HDD (shared-nothing tables),
 * enable_statistic_collect_on_first_load true. A stated value equal to it
 * is dropped, so files and servers agree; sr_diff returns a property to
 * it. NULL when key has none for t in env. */
const char *sr_silent_default(const sr_env *env, const sr_table *t,
                              const char *key);

#define SR_HIDDEN_PREFIX "__generated_partition_column_"

#endif

/* Sources that need neither SQLite nor the network: .sql files, directories
 * of them, and inline `ddl:` text (SPEC §1). */
#ifndef SR_SOURCE_H
#define SR_SOURCE_H

#include "base/strbuf.h"
#include "core/model.h"

/* The largest schema file read (bytes). */
#define SR_FILE_MAX (1024 * 1024 * 1024)

/* Parses a file, or every *.sql of a directory in name order. Only regular
 * files are read; a directory's other *.sql entries (FIFOs, devices,
 * directories) are errors, not skipped. */
int sr_file_load(const char *path, sr_env env, sr_schema **out, sr_err *err);
/* Parses inline text; positions are reported as ddl:line:column. */
int sr_ddl_load(const char *text, sr_env env, sr_schema **out, sr_err *err);
/* The same, stopping before the tables are made canonical (defaults,
 * sorting, duplicate names): the tables as the source states them, for
 * sr_lint, which reports what the server would refuse instead of failing
 * on it. */
int sr_file_parse(const char *path, sr_env env, sr_schema **out, sr_err *err);
int sr_ddl_parse(const char *text, sr_env env, sr_schema **out, sr_err *err);
/* Appends what identifies the current contents of path (names, sizes,
 * modification times), so a cache can tell when to re-read. */
int sr_file_fingerprint(const char *path, sr_buf *fp, sr_err *err);

#endif

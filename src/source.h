/* Sources that need neither SQLite nor the network: .sql files, directories
 * of them, and inline `ddl:` text (SPEC §1). */
#ifndef SR_SOURCE_H
#define SR_SOURCE_H

#include "model.h"
#include "strbuf.h"

/* Parses a file, or every *.sql of a directory in name order. */
int sr_file_load(const char *path, sr_env env, sr_schema **out, sr_err *err);
/* Parses inline text; positions are reported as ddl:line:column. */
int sr_ddl_load(const char *text, sr_env env, sr_schema **out, sr_err *err);
/* Appends what identifies the current contents of path (names, sizes,
 * modification times), so a cache can tell when to re-read. */
int sr_file_fingerprint(const char *path, sr_buf *fp, sr_err *err);

#endif

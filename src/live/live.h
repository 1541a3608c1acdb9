/* starrocks:// sources: a live StarRocks FE read over the MySQL protocol
 * with libmariadb (SPEC §1, §5). */
#ifndef SR_LIVE_H
#define SR_LIVE_H

#include "base/strbuf.h"
#include "core/model.h"
#include "exec/backend.h"

/* 1 when spec starts with starrocks: (in any case, even malformed), or is
 * another URL with a userinfo (scheme://...@): read by sr_live_load, which
 * refuses what is not a starrocks:// URL without showing its secrets. */
int sr_live_is_url(const char *spec);
/* Reads every table, view and MV of the URL's database. The schema's env
 * is the server's version and run mode. Errors name the URL with the
 * password removed. */
int sr_live_load(const char *url, sr_schema **out, sr_err *err);
/* A backend for the executor (backend.h) running statements on the URL's
 * database; free with sr_live_backend_free. */
int sr_live_backend(const char *url, sr_backend *b, sr_err *err);
void sr_live_backend_free(sr_backend *b);
/* The number of available backends of the URL's cluster (alive, not
 * being decommissioned), from SHOW BACKENDS: one statement. */
int sr_live_alive_backends(const char *url, int *alive, sr_err *err);
/* A source as messages show it: a URL without its secrets (SPEC §1,
 * sr_live_url_show), anything else as it is. */
void sr_live_redact(sr_buf *b, const char *url);
/* The same in place: every byte of a URL that sr_live_redact hides is
 * overwritten (sr_live_url_mask); anything else is left as it is. */
void sr_live_mask(char *arg);
/* The version of libmariadb (the client library), for sr_version(): the
 * glue asks the live layer, the only one that includes mysql.h. */
const char *sr_live_client_version(void);

#endif

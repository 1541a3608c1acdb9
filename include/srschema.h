/* libsrschema public header: for programs that link the extension
 * statically instead of loading it with `.load ./libsrschema`.
 *
 *   sqlite3_auto_extension((void (*)(void))sqlite3_srschema_init);
 *
 * Everything else is SQL: see doc/README.md. */
#ifndef SRSCHEMA_H
#define SRSCHEMA_H

#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Registers sr_tables, sr_columns, sr_properties, sr_indexes, sr_diff and
 * the sr_* functions on db. */
int sqlite3_srschema_init(sqlite3 *db, char **pzErrMsg,
                          const sqlite3_api_routines *pApi);

#ifdef __cplusplus
}
#endif

#endif

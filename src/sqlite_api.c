/* The glue's one definition of sqlite3_api, SQLite's table of functions
 * that an extension calls through (set by the entry point, ext.c). Every
 * glue file uses it, so it has a file of its own at the bottom of the glue
 * and no file depends on ext.c, which depends on them all. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

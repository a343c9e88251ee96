/*
** sql_functions.c: the SQL functions of timetrace.
**
**   timetrace_version()      the extension's version, e.g. '0.1.0'
**
** Pure functions are SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS: they read no
** files and have no side effects, so they are safe in views and triggers.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include "sql_functions.h"

#ifndef TIMETRACE_VERSION
# define TIMETRACE_VERSION "unknown"
#endif

#define PURE (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)

static void versionFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, TIMETRACE_VERSION, -1, SQLITE_STATIC);
}

int sql_functions_register(sqlite3 *db){
  int rc = sqlite3_create_function(db, "timetrace_version", 0, PURE, 0, versionFunc, 0, 0);
  return rc;
}

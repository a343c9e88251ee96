/*
** timetrace.c: the entry point of the timetrace SQLite extension.
**
**   sqlite3> .load build/timetrace
**   sqlite3> SELECT timetrace_version();
**
** Registration only: the virtual tables live in trace_events.c and
** self_profile.c and cargo_timings.c, the scalar and aggregate functions
** in sql_functions.c, timetrace_debug() (versions and build, for bug
** reports) in build_info.c.  Each step runs only if the
** one before it succeeded, so no failure is ignored.
**
** Loaded by the SQL function load_extension() (SELECT load_extension(..),
** the way DB Browser for SQLite's and DBeaver's SQL editors load), the
** load runs inside a statement, and SQLite refuses to replace a function
** the connection already has while a statement runs (SQLITE_BUSY, "unable
** to delete/modify user-function due to active statements").  Two cases:
**   - timetrace is already loaded (timetrace_version() is registered
**     first, and is refused): the connection keeps the first load's
**     functions and tables, and this load changes nothing;
**   - another library or the client has a function of one of timetrace's
**     names (the sqlite3 shell's own regexp(), DB Browser's REGEXP): that
**     one is kept (sql_function_create) and the rest of timetrace loads.
** Loaded any other way (.load, sqlite3_load_extension()), timetrace's own
** replace them as before.
*/
#include "platform.h"

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "cargo_timings.h"
#include "trace_events.h"
#include "sql_functions.h"
#include "self_profile.h"
#include "build_info.h"

TT_EXPORT int sqlite3_timetrace_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi){
  int rc;
  SQLITE_EXTENSION_INIT2(pApi);
  rc = sql_functions_register_version(db);
  if( rc==SQLITE_BUSY ) return SQLITE_OK;      /* already loaded: see above */
  if( rc==SQLITE_OK ) rc = trace_events_register(db);
  if( rc==SQLITE_OK ) rc = sql_functions_register(db);
  if( rc==SQLITE_OK ) rc = self_profile_register(db);
  if( rc==SQLITE_OK ) rc = build_info_register(db);
  if( rc==SQLITE_OK ) rc = cargo_timings_register(db);
  if( rc!=SQLITE_OK && pzErrMsg ){
    *pzErrMsg = sqlite3_mprintf("timetrace: cannot register its functions: %s", sqlite3_errstr(rc));
  }
  return rc;
}

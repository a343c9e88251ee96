/*
** build_info.c: timetrace_debug(), what a bug report needs to know about
** the library a user loaded and the process it runs in.
**
**   .load build/timetrace
**   SELECT timetrace_debug();
**   SELECT timetrace_debug() ->> '$.sqlite';        -- 3.40.1
**
** One JSON object:
**   version      timetrace's version (the VERSION file)
**   sqlite       the version of the SQLite that loaded the library (the
**                host's, through sqlite3_api), sqlite_source_id its check-in;
**                sqlite_headers the sqlite3ext.h it was compiled with
**   yajl, zlib, pcre2   the versions of the libraries the code runs with,
**                as they report them (yajl_version(), zlibVersion(),
**                PCRE2_CONFIG_VERSION): the static copies in a release
**                archive, the system's shared ones in a plain build
**   threads      the default number of worker threads of a scan (the
**                online CPUs, trace_online_cpus()), max_threads its limit
**   compiler     the compiler's name and version
**   cflags       CFLAGS of the build (and the sanitizers' flags in build/asan)
**   linkage      "shared": yajl, PCRE2, zlib and libstdc++ are the system's
**                shared libraries; "static": linked in (make dist)
**
** Registered SQLITE_INNOCUOUS but not SQLITE_DETERMINISTIC: the answer
** changes with the SQLite that loads the library and the CPUs online, so
** it must not be kept in an index or a generated column.
*/
#include "platform.h"

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_version.h>
#include <zlib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "build_info.h"
#include "json_text.h"
#include "sql_functions.h"
#include "trace_table.h"

#ifndef TIMETRACE_VERSION
# define TIMETRACE_VERSION "unknown"
#endif
#ifndef TIMETRACE_CFLAGS
# define TIMETRACE_CFLAGS "unknown"
#endif
#ifndef TIMETRACE_LINKAGE
# define TIMETRACE_LINKAGE "unknown"
#endif

#if defined(__clang__)
# define TT_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
# define TT_COMPILER "gcc " __VERSION__
#else
# define TT_COMPILER "unknown"
#endif

/* Append ',' (unless first) and "zKey":"zVal" to p, zVal escaped as a JSON
** string.  Returns 1 when out of memory, else 0 (p keeps its own errors). */
static int debug_add_text(sqlite3_str *p, const char *zKey, const char *zVal){
  size_t nVal = strlen(zVal);
  size_t nLit = json_string_write(0, zVal, nVal);
  char *zLit = sqlite3_malloc64(nLit);
  if( zLit==0 ) return 1;
  json_string_write(zLit, zVal, nVal);
  sqlite3_str_appendf(p, "%s\"%s\":", sqlite3_str_length(p)>1 ? "," : "", zKey);
  sqlite3_str_append(p, zLit, (int)nLit);
  sqlite3_free(zLit);
  return 0;
}

/* Append ',' and "zKey":iVal to p. */
static void debug_add_int(sqlite3_str *p, const char *zKey, int iVal){
  sqlite3_str_appendf(p, ",\"%s\":%d", zKey, iVal);
}

/* yajl's version, an int MMmmuu (20104 is 2.1.4), as "2.1.4" in zBuf. */
static const char *debug_yajl_version(char *zBuf, size_t nBuf){
  int v = yajl_version();
  snprintf(zBuf, nBuf, "%d.%d.%d", v/10000, v/100%100, v%100);
  return zBuf;
}

/* PCRE2's version ("10.42 2022-12-11") in zBuf (at least 24 bytes). */
static const char *debug_pcre2_version(char *zBuf, size_t nBuf){
  if( pcre2_config(PCRE2_CONFIG_VERSION, 0)>(int)nBuf
   || pcre2_config(PCRE2_CONFIG_VERSION, zBuf)<0 ){
    snprintf(zBuf, nBuf, "unknown");
  }
  return zBuf;
}

/* timetrace_debug(): the JSON object of the header. */
static void debugFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  char zYajl[32], zPcre2[64];
  sqlite3_str *p = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  int bNoMem = 0;
  (void)argc; (void)argv;
  sqlite3_str_appendchar(p, 1, '{');
  bNoMem |= debug_add_text(p, "version", TIMETRACE_VERSION);
  bNoMem |= debug_add_text(p, "sqlite", sqlite3_libversion());
  bNoMem |= debug_add_text(p, "sqlite_source_id", sqlite3_sourceid());
  bNoMem |= debug_add_text(p, "sqlite_headers", SQLITE_VERSION);
  bNoMem |= debug_add_text(p, "yajl", debug_yajl_version(zYajl, sizeof(zYajl)));
  bNoMem |= debug_add_text(p, "zlib", zlibVersion());
  bNoMem |= debug_add_text(p, "pcre2", debug_pcre2_version(zPcre2, sizeof(zPcre2)));
  debug_add_int(p, "threads", trace_online_cpus());
  debug_add_int(p, "max_threads", TEV_MAX_THREADS);
  bNoMem |= debug_add_text(p, "compiler", TT_COMPILER);
  bNoMem |= debug_add_text(p, "cflags", TIMETRACE_CFLAGS);
  bNoMem |= debug_add_text(p, "linkage", TIMETRACE_LINKAGE);
  sqlite3_str_appendchar(p, 1, '}');
  if( bNoMem || sqlite3_str_errcode(p) ){
    sqlite3_free(sqlite3_str_finish(p));
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, sqlite3_str_finish(p), -1, sqlite3_free);
}

int build_info_register(sqlite3 *db){
  return sql_function_create(db, "timetrace_debug", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, 0, debugFunc, 0, 0);
}

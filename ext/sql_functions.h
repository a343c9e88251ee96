/*
** sql_functions.h: registration of timetrace's SQL functions (sql_functions.c).
*/
#ifndef TIMETRACE_SQL_FUNCTIONS_H
#define TIMETRACE_SQL_FUNCTIONS_H
#include <sqlite3ext.h>

/* timetrace_version(), registered first: SQLITE_BUSY says timetrace is
** already loaded in db and a statement is running (timetrace.c). */
int sql_functions_register_version(sqlite3 *db);

/* The other functions. */
int sql_functions_register(sqlite3 *db);

/* sqlite3_create_function, except that a function db already has is kept
** when SQLite cannot replace it because a statement is running
** (SQLITE_BUSY): see timetrace.c. */
int sql_function_create(sqlite3 *db, const char *zName, int nArg, int eTextRep, void *pApp,
                        void (*xFunc)(sqlite3_context*, int, sqlite3_value**),
                        void (*xStep)(sqlite3_context*, int, sqlite3_value**),
                        void (*xFinal)(sqlite3_context*));

#endif

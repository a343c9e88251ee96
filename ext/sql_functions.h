/*
** sql_functions.h: registration of timetrace's SQL functions (sql_functions.c).
*/
#ifndef TIMETRACE_SQL_FUNCTIONS_H
#define TIMETRACE_SQL_FUNCTIONS_H
#include <sqlite3ext.h>

int sql_functions_register(sqlite3 *db);

#endif

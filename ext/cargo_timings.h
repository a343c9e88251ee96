/*
** cargo_timings.h: registers the cargo_timings virtual table
** (cargo_timings.c) with a connection; timetrace.c calls it.
*/
#ifndef TIMETRACE_CARGO_TIMINGS_H
#define TIMETRACE_CARGO_TIMINGS_H
#include <sqlite3ext.h>

int cargo_timings_register(sqlite3 *db);

#endif

/*
** trace_events.h: registration of the trace_events and trace_metadata
** virtual tables (trace_events.c).  Called from sqlite3_timetrace_init.
*/
#ifndef TIMETRACE_TRACE_EVENTS_H
#define TIMETRACE_TRACE_EVENTS_H
#include <sqlite3ext.h>

int trace_events_register(sqlite3 *db);

#endif

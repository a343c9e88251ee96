/*
** build_info.h: registration of timetrace_debug() (build_info.c).
*/
#ifndef TIMETRACE_BUILD_INFO_H
#define TIMETRACE_BUILD_INFO_H
#include <sqlite3ext.h>

int build_info_register(sqlite3 *db);

#endif

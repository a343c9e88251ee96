/*
** self_profile.h: registers the self_profile and self_profile_metadata
** table-valued functions (self_profile.c) on a connection.
*/
#ifndef TIMETRACE_SELF_PROFILE_H
#define TIMETRACE_SELF_PROFILE_H
#include <sqlite3ext.h>

int self_profile_register(sqlite3 *db);

#endif

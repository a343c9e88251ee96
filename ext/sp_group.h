/*
** sp_group.h: a GROUP BY that self_profile consumes: the
** rows kept by group as the profile is read, then handed out group by
** group, so SQLite aggregates them without its sorter.  sp_group.c says
** why and how; self_profile.c is its one user.
**
**   xBestIndex:  char *z = sp_group_plan(pIdx);      // NULL: SQLite sorts
**                if( z ){ pIdx->orderByConsumed = 1; idxStr gets z }
**   xFilter:     SpGroup *g;
**                sp_group_new(idxStr, &g);           // the plan read back
**                for each row: values of the columns sp_group_columns(g)
**                  says, into aVal[column]; sp_group_add(g, rowid, aVal)
**                sp_group_finish(g);                 // groups in key order
**   xNext:       sp_group_next(g)                    // 0: no more rows
**   xColumn:     sp_group_value(g, iCol)             // valid until the next row
**   xRowid:      sp_group_rowid(g)
**                sp_group_free(g);
**
** Values are TraceValue (trace_table.h): self_profile's columns are
** INTEGER, TEXT or NULL.  Every function that can fail returns SQLITE_OK
** or SQLITE_NOMEM, and sp_group_new SQLITE_ERROR for a text that is not a
** plan sp_group_plan made.  sp_group_value is NULL for the columns that
** are not kept (file, unit, path, options): the caller knows them from
** the rowid's file.
*/
#ifndef TIMETRACE_SP_GROUP_H
#define TIMETRACE_SP_GROUP_H
#include "trace_table.h"

/* self_profile's columns, in schema order (self_profile.c's SP_*). */
#define SP_NCOL 17
extern const char *const sp_group_column_name[SP_NCOL];

typedef struct SpGroup SpGroup;

char *sp_group_plan(sqlite3_index_info *pIdx);
int sp_group_new(const char *zPlan, SpGroup **ppGroup);
unsigned sp_group_columns(const SpGroup *g);
int sp_group_add(SpGroup *g, sqlite3_int64 iRowid, const TraceValue *aVal);
int sp_group_finish(SpGroup *g);
int sp_group_next(SpGroup *g);
const TraceValue *sp_group_value(const SpGroup *g, int iCol);
sqlite3_int64 sp_group_rowid(const SpGroup *g);
void sp_group_free(SpGroup *g);

#endif

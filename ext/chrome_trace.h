/*
** chrome_trace.h: rows of trace_events back into a Chrome trace (JSON
** Object Format) that any trace viewer opens.  Plain C, no SQLite
** (sql_functions.c wraps it as the aggregate chrome_trace(pid, tid, ph,
** name, cat, ts, dur, args [, id [, extra]])).
**
**   ChromeTrace *t = chrome_trace_new(1000000000);   // the largest text allowed
**   ChromeValue a[CHROME_NCOL] = {0};                  // all CHROME_NULL
**   a[CHROME_PH].eType = CHROME_TEXT; a[CHROME_PH].z = "X"; a[CHROME_PH].n = 1;
**   ...
**   if( chrome_trace_add(t, a, zErr, sizeof(zErr)) ) ...  // one event per row
**   char *z; size_t n;
**   chrome_trace_finish(t, &z, &n);                   // malloc()ed, caller frees
**   chrome_trace_free(t);
**
** What it writes:
**
**   {"traceEvents":[
**   {"pid":1,"tid":2,"ph":"X","name":"f","ts":10,"dur":5,"args":{"detail":"x"}},
**   ...
**   ],"displayTimeUnit":"ms"}
**
** one event per line, in the order they were added, each with its keys in
** the order of the columns (CHROME_PID .. CHROME_ID), then the members of
** extra.  A column's SQL type decides its JSON type: an integer is written
** as one, a real as the shortest text that reads back as the same double,
** always with a '.' or an exponent so that it stays a real (1.0, not 1;
** infinity as 1e999), text as a JSON string (any bytes: see
** json_string_write), NULL not at all.  One exception: an id whose text
** is a JSON integer ("0", "-7") is written as a number, since
** trace_events gives "id":0 and "id":"0" both as the text 0 and the
** producers that write such ids (clang 19's async events) write numbers.  args is copied as it is (numbers
** keep their text) once json_object_check() found it to be one JSON
** object; extra too, and its members become members of the event.
**
** Two values trace_events computes rather than reads are left out, so
** that its rows come back as the file had them: the dur of a B event
** (the time to its E; the E event is in the file) or of an async b
** event (to its e), and a last member "unmatched":true of the extra of
** a B, E, b or e event (the call tree's note that it has no partner).
** Everything else is written as given.
**
** Memory: the text and nothing per row; a row costs at most 6 bytes per
** byte of its strings while it is written (escapes).  The whole text may
** not exceed nMax bytes (SQLite's SQLITE_LIMIT_LENGTH): past it,
** chrome_trace_add() fails with CHROME_TOOBIG before growing further.
*/
#ifndef TIMETRACE_CHROME_TRACE_H
#define TIMETRACE_CHROME_TRACE_H
#include <stddef.h>
#include <stdint.h>

/* The columns of one row, in the order of the SQL arguments. */
#define CHROME_PID   0
#define CHROME_TID   1
#define CHROME_PH    2
#define CHROME_NAME  3
#define CHROME_CAT   4
#define CHROME_TS    5
#define CHROME_DUR   6
#define CHROME_ARGS  7
#define CHROME_ID    8
#define CHROME_EXTRA 9
#define CHROME_NCOL  10

/* A column's value, as SQLite typed it. */
#define CHROME_NULL    0
#define CHROME_INTEGER 1
#define CHROME_REAL    2
#define CHROME_TEXT    3
#define CHROME_BLOB    4   /* always an error */

typedef struct ChromeValue {
  int eType;             /* CHROME_NULL .. CHROME_BLOB */
  int64_t i;             /* CHROME_INTEGER */
  double r;              /* CHROME_REAL (NaN is taken as NULL) */
  const char *z;         /* CHROME_TEXT: the bytes, not NUL-terminated */
  size_t n;              /* CHROME_TEXT: their number */
} ChromeValue;

/* What chrome_trace_add() and chrome_trace_finish() return. */
#define CHROME_OK      0
#define CHROME_NOMEM   1   /* out of memory */
#define CHROME_TOOBIG  2   /* the text would exceed nMax bytes */
#define CHROME_BADARG  3   /* a value that cannot be written: zErr says which and why */

typedef struct ChromeTrace ChromeTrace;

/* A trace with no events yet, whose whole text may hold at most nMax
** bytes; NULL when out of memory. */
ChromeTrace *chrome_trace_new(size_t nMax);

/* Add the row a[0..CHROME_NCOL) as one event.  On CHROME_BADARG, zErr
** (nErr bytes) gets the reason, which names the row (1-based) and the
** column.  On any error the trace is as it was before the call. */
int chrome_trace_add(ChromeTrace *t, const ChromeValue *a, char *zErr, size_t nErr);

/* The finished text: *pz is malloc()ed and NUL-terminated (length *pn),
** and the caller frees it; t may only be freed afterwards.  Returns
** CHROME_OK, CHROME_NOMEM or CHROME_TOOBIG. */
int chrome_trace_finish(ChromeTrace *t, char **pz, size_t *pn);

void chrome_trace_free(ChromeTrace *t);

#endif

/*
** interrupt_probe.h: has sqlite3_interrupt() been called on a connection
** since the statement running on it started?  For the work a virtual
** table does inside one call (building a call tree, reading a whole scan
** for a GROUP BY), which SQLite cannot stop between rows.
**
**   InterruptProbe probe = INTERRUPT_PROBE_INIT;
**   ... every few hundred KB of input, on the statement's thread:
**   if( interrupt_probe_check(&probe, db) ) -> stop, SQLITE_INTERRUPT
**   interrupt_probe_free(&probe);         // when the cursor closes
**
** SQLite 3.41 and later answer with sqlite3_is_interrupted().  Before, an
** extension has no such call (and cannot take the progress handler, which
** belongs to the application), but a statement started while another one
** runs on an interrupted connection fails at once with SQLITE_INTERRUPT
** (the flag is cleared only when no statement runs): so a prepared
** "SELECT 1" is stepped, at most every INTERRUPT_PROBE_MS.
*/
#ifndef TIMETRACE_INTERRUPT_PROBE_H
#define TIMETRACE_INTERRUPT_PROBE_H
#include <sqlite3ext.h>
#include <stdint.h>

/* SQLite before 3.41 steps the probe statement at most this often. */
#define INTERRUPT_PROBE_MS 10

typedef struct InterruptProbe {
  sqlite3_stmt *pProbe;       /* before 3.41: "SELECT 1", or NULL */
  int64_t iProbeMs;           /* when it was last stepped (CLOCK_MONOTONIC, ms) */
} InterruptProbe;
#define INTERRUPT_PROBE_INIT {0, 0}

/* 1 when db was interrupted, else 0. */
int interrupt_probe_check(InterruptProbe *p, sqlite3 *db);
void interrupt_probe_free(InterruptProbe *p);

#endif

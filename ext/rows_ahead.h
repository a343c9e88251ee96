/*
** rows_ahead.h: the call trees and rows of a list of files, each file
** read once, on worker threads, ahead of the caller that takes them in
** order.  Plain C, no SQLite.
**
** A statement that reads the tree's columns beside the events' fields
** reads a file twice on SQLite's thread: its tree first, then its rows.
** For a build's hundreds of small traces, a worker can instead read each
** file once (call_tree_build_rows), keeping its rows as it builds its
** tree, while SQLite's thread hands out the rows of a file read before:
** several files at once, none of them read twice.
**
**   RowsAheadConfig cfg = {...};
**   RowsAhead *p = rows_ahead_start(azPath, amFlags, nPath, &cfg);
**   ...                                 // NULL: read the files yourself
**   for each k from 0 to nPath-1, in order (skipping some is allowed):
**     rc = rows_ahead_take(p, k, xStop, pStopCtx, &pRows, zErr, nErr);
**     pTree = rows_ahead_tree(pRows);  // now the caller's
**     while( rows_ahead_next(pRows, &ev, &iSlice) ) ... ev until the next call ...
**     rows_ahead_free(pRows);
**   rows_ahead_stop(p);                 // also to cancel: stops the workers
**
** The workers never call xStop (the caller's callback may belong to the
** caller's thread): rows_ahead_take asks it every few milliseconds while
** it waits, and tells the workers to stop when it says so.  At most
** nAhead files are built before the caller takes them, and no new one is
** started while those take mxHeldBytes, so memory holds at most that
** plus the rows of the files being built and the one being read (each
** at most mxRowBytes).  A file's rows are kept in a compact form
** (the fields the caller wants, their bytes, where the event's slice is);
** when they grow past mxRowBytes they are dropped and only the tree is
** kept (rows_ahead_dropped): the caller then reads the rows itself.  A
** file that can be read only once (standard input, a pipe:
** trace_source_one_pass) keeps all its rows, up to 4 GB of them.
*/
#ifndef TIMETRACE_ROWS_AHEAD_H
#define TIMETRACE_ROWS_AHEAD_H
#include <stddef.h>
#include <stdint.h>

#include "call_tree.h"
#include "event_reader.h"
#include "trace_source.h"

typedef struct RowsAheadConfig {
  int nWorker;            /* threads building files at once, at least 1 */
  int nAhead;             /* files built but not yet taken, at most (>= 1) */
  size_t mxHeldBytes;     /* ... and no new one started while their rows take
                          ** this much (the file taken next is always started) */
  size_t nPiece;          /* as call_tree_build_rows's */
  unsigned mWant;         /* EVENT_WANT() bits: the fields of the rows kept */
  /* rows to keep (NULL: all); called on the workers, so it must only read */
  int (*xAccept)(void *pCtx, const TraceEvent *pEv);
  void *pAcceptCtx;
  size_t mxRowBytes;      /* a file's kept rows may take this much, at most */
} RowsAheadConfig;

typedef struct RowsAhead RowsAhead;
typedef struct AheadRows AheadRows;

/* Start building the files azPath[0..nPath), file k with the call tree
** flags amFlags[k].  Copies what it needs.  Returns NULL when out of
** memory or when no thread could be started (nothing runs then). */
RowsAhead *rows_ahead_start(char *const *azPath, const unsigned *amFlags, int nPath,
                            const RowsAheadConfig *pCfg);

/* Wait for file k (each k at most once, in increasing order; files
** before k not taken are dropped) and hand it over in *ppRows.  Returns 0;
** 1 with the build's error in zErr; 2 when xStop(pStopCtx) said stop
** (the workers stop too, zErr is empty). */
int rows_ahead_take(RowsAhead *p, int k, EventStopFn xStop, void *pStopCtx, AheadRows **ppRows,
                    char *zErr, size_t nErr);

/* Stop the workers, wait for them, free p and what was not taken.  NULL
** is a no-op. */
void rows_ahead_stop(RowsAhead *p);

/* The tree of a file taken: the first call hands it over (the caller
** frees it), later ones return NULL. */
CallTree *rows_ahead_tree(AheadRows *pRows);
/* The file's identity when its build began. */
const TraceFileId *rows_ahead_id(const AheadRows *pRows);
/* 1 when its rows were too many to keep (mxRowBytes) or memory ran out
** keeping them: only the tree is there. */
int rows_ahead_dropped(const AheadRows *pRows);
/* The next row into *pEv (its fields point into pRows, valid until the
** next call) and *piSlice (as CallTreeRows hands it).  Returns 1, or 0
** after the last. */
int rows_ahead_next(AheadRows *pRows, TraceEvent *pEv, uint64_t *piSlice);
/* Free a file taken (and its tree, if not handed over).  NULL: no-op. */
void rows_ahead_free(AheadRows *pRows);

#endif

/*
** event_pscan.h: a parallel scan of one trace file.  Several worker
** threads parse pieces of the file at once; the events come out in file
** order, exactly as event_file_next gives them (same fields, same iSeq and
** iByte, same error message at the same point).  Plain C and pthreads, no
** SQLite, no global state.
**
**   EventPScan *p;
**   char zErr[TRACE_ERRMSG_MAX];
**   if( event_pscan_open(zPath, &cfg, 2, &p, zErr, sizeof zErr) ) -> error in zErr
**   while( (pEv = event_pscan_next(p)) ) ... use pEv until the next call ...
**   if( event_pscan_errmsg(p) ) -> error
**   event_pscan_close(p);            (at any time: after a LIMIT, an error, ...)
**
** Parallel are the JSON Object Format whose first key is "traceEvents"
** (what clang and rustc write) and JSON Lines, uncompressed, in a regular
** file of at least a few pieces.  Anything else (gzip, standard input, the
** array format, metadata mode, a small file) is read by one reader, with
** the same results.  How it works: event_pscan.c.
**
** cfg.xAccept may be called from the worker threads, several at once, so
** it must be thread-safe; in a parallel scan the iSeq it sees is the
** event's number within its piece, not yet within the file (the events
** handed out have the right number).
*/
#ifndef TIMETRACE_EVENT_PSCAN_H
#define TIMETRACE_EVENT_PSCAN_H
#include <stddef.h>
#include <stdint.h>
#include "event_reader.h"

typedef struct EventPScan EventPScan;

/* Open zPath for a scan with nThread worker threads (at least 2 for a
** parallel scan; fewer means one reader).  Returns 0 with *pp (free it with
** event_pscan_close), or non-zero with *pp NULL and the message
** event_file_open would give in zErr.  No thread starts before the first
** event_pscan_next. */
int event_pscan_open(const char *zPath, const EventReaderConfig *pCfg, int nThread,
                     EventPScan **pp, char *zErr, size_t nErr);

/* Before the first event_pscan_next: cut the file into pieces of about
** nByte bytes instead of EVENT_PSCAN_PIECE (0: the default).  Tests use a
** few bytes, so that guessed boundaries fall everywhere. */
void event_pscan_set_piece_size(EventPScan *p, size_t nByte);

/* The next event, or NULL at the end or on an error, like event_file_next.
** The record and its bytes are owned by p and valid until the next call. */
const TraceEvent *event_pscan_next(EventPScan *p);

/* "byte N: reason" (or the read error) once the scan stopped on an error,
** exactly as the single reader gives it; NULL when there is none.  Owned by p. */
const char *event_pscan_errmsg(const EventPScan *p);

/* Stop and join the workers, close the file, free everything.  NULL is a no-op. */
void event_pscan_close(EventPScan *p);

/* How a scan went, for tests and benchmarks. */
typedef struct EventPScanStats {
  int nWorker;          /* Worker threads started (0: one reader read it all) */
  int64_t nPiece;       /* Pieces parsed by workers whose events were handed out */
  int bWrongGuess;      /* A guessed event boundary failed its check */
  int bTail;            /* One reader went on after the last piece used */
  uint64_t iTail;       /* ... from this byte offset */
} EventPScanStats;
void event_pscan_stats(const EventPScan *p, EventPScanStats *pStats);

#endif

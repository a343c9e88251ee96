/*
** event_index.h: any event of a trace file by its number, without reading
** the file again.  Plain C, no SQLite.
**
**   EventIndex *pIdx;
**   char zErr[TRACE_ERRMSG_MAX];
**   if( event_index_build(zPath, nThread, 0, &pIdx, zErr, sizeof zErr) ) -> error in zErr
**   pEv = event_index_fetch(pIdx, iSeq, EVENT_WANT_ALL, zErr, sizeof zErr);
**     ... NULL: no such event (zErr empty) or an error (zErr says which) ...
**   event_index_free(pIdx);
**
** This is what makes `JOIN trace_events(T) p ON p.rowid = c.parent` cheap:
** the table looks up each parent here instead of scanning the file for
** it.  Building reads the file once (in parallel, like a scan) and keeps
** where each event starts: 8 bytes per event.  A fetch reads that event's
** bytes and nothing else (one pread) and parses them with a reader
** started inside the event list (EVENT_START_LIST), numbered and placed
** as in the file, so its fields, iSeq, iByte and any error are those a
** scan gives.  Asking for the same event twice in a row parses it once.
**
** A gzip file cannot be read from the middle: building inflates it into
** an unnamed temporary file (in $TMPDIR, else /tmp), which the fetches
** read and which disappears when the index is freed.  Standard input, a
** pipe, a FIFO or a device can be read only once, so they have no index
** (trace_source_one_pass).
*/
#ifndef TIMETRACE_EVENT_INDEX_H
#define TIMETRACE_EVENT_INDEX_H
#include <stddef.h>
#include <stdint.h>
#include "event_reader.h"
#include "trace_source.h"

typedef struct EventIndex EventIndex;

/* Flags of event_index_build. */
#define EVENT_INDEX_YAJL_ONLY 0x1  /* EventReaderConfig.bYajlOnly, for the build and every fetch */
#define EVENT_INDEX_PARTIAL   0x2  /* partial=1: an error partial_tolerates ends the events */

/* Read zPath once (with nThread threads when it is a plain file) and
** index its events.  Returns 0 with *pp, or non-zero with a message in
** zErr (the reader's "byte N: ..." or why the file cannot be indexed).
** With EVENT_INDEX_PARTIAL, a file whose events stop on an error in its
** bytes (partial.h) is indexed up to there. */
int event_index_build(const char *zPath, int nThread, unsigned mFlags, EventIndex **pp,
                      char *zErr, size_t nErr);

/* event_index_build that asks xStop(pStopCtx) (EventStopFn,
** event_reader.h) on the calling thread once per piece or chunk read;
** when it says stop, returns non-zero with EVENT_STOPPED ("interrupted")
** in zErr, threads joined and everything freed. */
int event_index_build_ex(const char *zPath, int nThread, unsigned mFlags, EventStopFn xStop,
                         void *pStopCtx, EventIndex **pp, char *zErr, size_t nErr);

/* The number of events in the file (the largest iSeq). */
int64_t event_index_count(const EventIndex *p);

/* Event iSeq (1-based) with the fields of mWant (EVENT_WANT bits), valid
** until the next fetch or the free.  NULL with zErr[0]==0 when there is no
** such event; NULL with a message when reading or parsing it failed (the
** file changed since the index was built, or memory ran out). */
const TraceEvent *event_index_fetch(EventIndex *p, int64_t iSeq, unsigned mWant, char *zErr, size_t nErr);

/* Free p and close its files.  NULL is a no-op. */
void event_index_free(EventIndex *p);

/* Where the events of a file start, recorded by a scan that reads the
** file anyway (the call tree's pass, CALL_TREE_OFFSETS), so that its
** index costs no pass of its own:
**
**   EventOffsets o;  event_offsets_init(&o, zPath);   (takes the file's identity)
**   per event, in order: if( event_offsets_push(&o, pEv->iByte) ) -> out of memory
**   event_index_adopt(zPath, &o, mFlags, &pIdx, zErr, nErr)   (o is emptied)
**
** Only a regular, uncompressed file can be indexed so
** (event_index_adoptable): a gzip file's index reads its inflated bytes
** from a temporary file that only event_index_build makes. */
typedef struct EventOffsets {
  uint64_t *aOff;         /* where each event's "{" is, in file order */
  size_t nAlloc;          /* room in aOff (elements) */
  int64_t nEvent;
  TraceFileId id;         /* the file when recording began */
} EventOffsets;
void event_offsets_init(EventOffsets *p, const char *zPath);
int event_offsets_push(EventOffsets *p, uint64_t iByte);
void event_offsets_free(EventOffsets *p);

/* 1 when zPath is a regular file that does not start as gzip does. */
int event_index_adoptable(const char *zPath);

/* The index of zPath made from offsets a scan of all of it recorded (with
** EVENT_INDEX_PARTIAL, of the events before the error it stopped on).
** Returns 0 with *pp, or non-zero with a message when the file is not
** the one they were recorded from (identity changed), cannot be opened or
** is out of memory.  Either way *pOffsets is left empty. */
int event_index_adopt(const char *zPath, EventOffsets *pOffsets, unsigned mFlags, EventIndex **pp,
                      char *zErr, size_t nErr);

#endif

/*
** partial.h: what the option partial=1 of trace_events and trace_metadata
** adds to a scan that stops on an error.  Plain C, no SQLite.
**
** A build killed midway leaves its trace cut short.  By default the error
** that ends the scan of such a file fails the statement (after the rows
** before it), so every aggregate over the file fails.  With partial=1 the
** scan ends the file there instead: its complete events are the rows, the
** scan goes on to the next file of the list, and the stop is reported
** (trace_metadata's row made here, a warning in SQLite's log).
**
**   if( partial_tolerates(zErr) ) ... end the file, report zErr ...
**   partial_events_stop(zPath, ...)                 -> where the events stop
**   partial_metadata_row(zErr, iSeq, &ev, &zText)   -> trace_metadata's row
*/
#ifndef TIMETRACE_PARTIAL_H
#define TIMETRACE_PARTIAL_H
#include <stdint.h>
#include "event_reader.h"

/* The key of trace_metadata's row for a file read only in part. */
#define PARTIAL_KEY "partial"

/* Does partial=1 turn error zErr (a scan's message, "byte N: reason" or
** the source's) into the end of the file?  1 for what the file's bytes
** hold: JSON cut short or invalid, invalid UTF-8, a cut or corrupt gzip
** stream.  0 for what the file is not to blame for, which stays an error
** with partial=1 too: out of memory (an event larger than the reader's
** limit says so as well) and read errors. */
int partial_tolerates(const char *zErr);

/* Where trace_events with partial=1 stops reading the events of zPath:
** reads them as it would (pCfg's lexer; nThread threads, pieces of nPiece
** bytes, 0 for the default; no field built).  trace_metadata asks, since
** its own reader skips the events and words some errors otherwise (it
** cannot say "inside event 21").  Returns 0 with zStop empty when the
** events reach the end of the file, 0 with the message in zStop when they
** stop on an error partial_tolerates, and 1 with the message in zStop on
** any other error.  A file that can be read only once (standard input, a
** pipe: trace_source_one_pass) is not read again: zFallback (the caller's
** own stop, or NULL) is the answer, as it is when the events reach the
** end. */
int partial_events_stop(const char *zPath, const EventReaderConfig *pCfg, int nThread, size_t nPiece,
                        const char *zFallback, char *zStop, size_t nStop);

/* Make *pEv trace_metadata's row for a file whose scan stopped on zErr:
** key PARTIAL_KEY (EF_NAME) and value zErr as a JSON string (EF_ARGS, JSON
** like every value of trace_metadata), numbered iSeq.  Its bytes are in
** *pzText, malloc()ed: free it once the row is no longer used.  Returns 0,
** or 1 when out of memory (then *pzText is NULL). */
int partial_metadata_row(const char *zErr, int64_t iSeq, TraceEvent *pEv, char **pzText);

/* The same for any key: a row of trace_metadata whose key is zKey and
** whose value is the text zText as a JSON string (skip=nontrace's rows
** key 'skipped' use it too). */
#define SKIPPED_KEY "skipped"
int metadata_text_row(const char *zKey, const char *zText, int64_t iSeq, TraceEvent *pEv, char **pzText);

#endif

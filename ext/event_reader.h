/*
** event_reader.h: a streaming parser from Chrome trace-event JSON to event
** records.  Plain C on top of yajl: no SQLite, no global state.
**
** Push bytes in, take events out:
**
**   EventReaderConfig cfg = {0};
**   cfg.mWant = EVENT_WANT_ALL;              // which fields to build
**   EventReader *r = event_reader_new(&cfg);
**   while( more input ){
**     if( event_reader_feed(r, aBuf, nBuf) ) -> error: event_reader_errmsg(r)
**     while( (pEv = event_reader_next(r)) ) ... use pEv until the next feed ...
**   }
**   if( event_reader_finish(r) ) -> error   (then drain event_reader_next once more)
**   event_reader_free(r);
**
** event_file_open() wraps this around a trace_source for the common case,
** and event_file_next() reads chunk after chunk as the events are taken.
**
** Formats, told apart by the content: the JSON Object Format
** ({"traceEvents":[...], other keys}), the JSON Array Format ([{...},...],
** the closing "]" optional, a trailing comma allowed) and JSON Lines (one
** event object after another).  An event is kept as the raw bytes of each
** field in an arena; numbers stay as their JSON text until asked for, so a
** query pays only for the columns it reads.
**
** The input is whatever the caller feeds, so several readers can parse
** different byte ranges of one file on different threads: EVENT_START_LIST,
** EVENT_START_TRACE_EVENTS and EVENT_START_LINES start a reader between two
** events, event_reader_at_boundary checks that a reader stopped between two
** events, and event_reader_set_seq_base renumbers a piece's events once the
** number of events before it is known (event_pscan.c does all that).
**
** The reader is event_reader.c and the files listed in event_reader_int.h
** (its private header): yajl's callbacks, the fast path, the string check,
** the bytes held back from yajl, yajl's memory.
*/
#ifndef TIMETRACE_EVENT_READER_H
#define TIMETRACE_EVENT_READER_H
#include <stddef.h>
#include <stdint.h>
#include "trace_source.h"

/* The fields of an event, in the column order of trace_events. */
enum {
  EF_PID = 0, EF_TID, EF_PH, EF_NAME, EF_CAT, EF_TS, EF_DUR,
  EF_DETAIL,  /* "args"."detail" */
  EF_ARGS,    /* the whole "args" value, compact JSON */
  EF_ID,
  EF_EXTRA,   /* every other key, as one compact JSON object */
  EF_COUNT
};
#define EVENT_WANT(iField) (1u << (iField))
#define EVENT_WANT_ALL     ((1u << EF_COUNT) - 1)

/* The kind of a field's value. */
enum {
  EV_ABSENT = 0,  /* the key is not in the event */
  EV_NULL,        /* JSON null */
  EV_FALSE, EV_TRUE,
  EV_NUMBER,      /* the JSON number text, unconverted */
  EV_STRING,      /* the decoded string (UTF-8, may contain NUL) */
  EV_JSON         /* compact JSON text of an object or array */
};

typedef struct EventField {
  unsigned char eType;    /* EV_* */
  uint32_t iOff;          /* Offset of the bytes from the event's start in the arena */
  uint32_t nByte;         /* Number of bytes */
} EventField;

typedef struct TraceEvent {
  int64_t iSeq;             /* 1-based position of the event in the input */
  uint64_t iByte;           /* Offset of the event's "{" in the input */
  const char *zBase;        /* Start of the event's bytes (valid until the next feed) */
  EventField aField[EF_COUNT];
} TraceEvent;

/* JSON's whitespace (for the places that look at raw bytes around events). */
static inline int event_json_space(unsigned char c){
  return c==' ' || c=='\t' || c=='\n' || c=='\r';
}

/* Pointer to the bytes of field iField of pEv (not NUL-terminated). */
static inline const char *event_field_bytes(const TraceEvent *pEv, int iField){
  return pEv->zBase + pEv->aField[iField].iOff;
}

/* Field iField of pEv as a text column (ph, name, cat, detail, id) holds
** it: a string's bytes, a number's JSON text, an object's or array's
** compact JSON, true and false as "1" and "0" (what a TEXT column of a
** table makes of them).  The column, the pushed-down filters and the call
** tree's names all read it here.  Returns 0 when the field is absent or
** null (the column is NULL, equal to nothing). */
static inline int event_field_text(const TraceEvent *pEv, int iField, const char **pz, uint32_t *pn){
  const EventField *f = &pEv->aField[iField];
  switch( f->eType ){
    case EV_ABSENT:
    case EV_NULL:  return 0;
    case EV_TRUE:  *pz = "1"; *pn = 1; return 1;
    case EV_FALSE: *pz = "0"; *pn = 1; return 1;
  }
  *pz = event_field_bytes(pEv, iField);
  *pn = f->nByte;
  return 1;
}

/* Where the input starts.  The EVENT_START_LIST, _TRACE_EVENTS and _LINES
** readers start in the state a whole-file reader has just before an event
** of that format, by parsing the bytes that would come first ("[",
** "{\"traceEvents\":[", nothing), which count in no byte offset.  Their
** input starts at an event's "{" (or is empty); the rest of the file
** follows, up to its end and the end of the trace included. */
enum {
  EVENT_START_FILE = 0,   /* a whole file: detect the format */
  EVENT_START_LIST = 1,   /* inside an event array: "{...},{...}..." (for byte ranges);
                          ** every object is an event, "ph" or not (only a whole
                          ** file's first element must have one) */
  EVENT_START_TRACE_EVENTS = 2, /* inside the "traceEvents" array of the object format:
                          ** "{...},{...}],\"beginningOfTime\":1}" parses as in the file */
  EVENT_START_LINES = 3   /* at the start of a line of JSON Lines: every object is an
                          ** event, "ph" or not, "traceEvents" key or not */
};

/* Called for each completed event; return 0 to drop it (it still counts in
** iSeq).  This is how equality filters skip building rows nobody wants. */
typedef int (*EventAcceptFn)(void *pCtx, const TraceEvent *pEv);

/* Asked now and then during long work (every chunk read, every piece of a
** parallel scan, between threads of the call tree's walk, while waiting
** on a FIFO or pipe); non-zero stops the work, which then ends with the
** error EVENT_STOPPED ("interrupted").  Called only on the thread that
** drives the work (the one calling event_file_next, event_pscan_next,
** call_tree_build_ex, event_index_build_ex), never from worker threads,
** and never by event_reader_feed itself.  This is how sqlite3_interrupt()
** reaches the readers without them knowing SQLite. */
typedef int (*EventStopFn)(void *pCtx);
#define EVENT_STOPPED "interrupted"

typedef struct EventReaderConfig {
  unsigned mWant;          /* EVENT_WANT() bits: fields to build; others stay EV_ABSENT */
  int eStart;              /* EVENT_START_* */
  int bMetadata;           /* Produce the object format's top-level keys instead of events */
  EventAcceptFn xAccept;   /* Optional filter */
  void *pAcceptCtx;        /* First argument of xAccept */
  int64_t iSeqBase;        /* Events are numbered from iSeqBase+1 (error messages too) */
  uint64_t iByteBase;      /* Byte offset of the first byte fed, for messages */
  int bYajlOnly;           /* Lex every byte with yajl, no fast path (tests compare the two) */
  EventStopFn xStop;       /* Optional: asked whether to stop (see EventStopFn) */
  void *pStopCtx;          /* First argument of xStop */
} EventReaderConfig;

/* In metadata mode (bMetadata), each top-level key of an object-format
** trace other than "traceEvents" comes out as one TraceEvent whose EF_NAME
** field is the key (EV_STRING) and whose EF_ARGS field is the value as
** compact JSON (numbers and strings as JSON text too). */

typedef struct EventReader EventReader;

/* Allocate a reader.  Returns NULL when out of memory.  Free with event_reader_free. */
EventReader *event_reader_new(const EventReaderConfig *pCfg);
void event_reader_free(EventReader *r);

/* Make r a new reader for pCfg, as event_reader_new would, but keep the
** memory it has grown (for a parallel scan, which parses piece after
** piece: fresh memory costs page faults).  Returns 0, or non-zero when out
** of memory: then r may only be freed. */
int event_reader_reset(EventReader *r, const EventReaderConfig *pCfg);

/* For a reader just made or reset with eStart EVENT_START_TRACE_EVENTS,
** to read one event: a[0..n) is the event, what follows it and the next
** event's "{" (event_index.c reads them so).  The fast path takes the
** event when it can, without yajl, which lets the next event_reader_reset
** keep yajl as it is (a lookup's reset then costs a copy, not a new
** parser); otherwise this is event_reader_feed.  Returns as that does. */
int event_reader_feed_one(EventReader *r, const unsigned char *a, size_t n);

/* Parse n more bytes.  Returns 0 on success, non-zero on error (the message
** is event_reader_errmsg; events completed before the error can still be
** taken with event_reader_next).  Events returned earlier by
** event_reader_next are invalid after this call. */
int event_reader_feed(EventReader *r, const unsigned char *a, size_t n);

/* Signal the end of the input: checks that it ended where a trace may end. */
int event_reader_finish(EventReader *r);

/* The next queued event, or NULL when the queue is empty.  The record and
** its bytes stay valid until the next event_reader_feed or _free. */
const TraceEvent *event_reader_next(EventReader *r);

/* "byte N: reason" for the first error, or NULL when there is none.  Owned by r. */
const char *event_reader_errmsg(const EventReader *r);

/* Number of input bytes parsed so far (not counting iByteBase). */
uint64_t event_reader_bytes(const EventReader *r);

/* The number (iSeq) of the last event completed so far, dropped ones
** included; cfg.iSeqBase when there is none yet. */
int64_t event_reader_seq(const EventReader *r);

/* Renumber the events from iSeqBase+1: the queued events not taken yet,
** the events completed later and an error message that names an event by
** its number.  For a reader that parsed a piece of a file before anyone
** knew how many events the pieces before it hold.  Events taken earlier
** keep their numbers. */
void event_reader_set_seq_base(EventReader *r, int64_t iSeqBase);

/* Did r stop exactly between two events of the event list, where a reader
** started with EVENT_START_TRACE_EVENTS (object format) or
** EVENT_START_LINES (JSON Lines) would be at the same point?  The caller
** has seen that the input holds, at absolute offsets (iByteBase included),
** a "}" at iClose and then, up to iNext, only whitespace and, for the
** object format, one ",".  True when r has no error, has consumed the input
** up to iNext, no event or other value is open, r is at the level of the
** event list (inside "traceEvents" of the object format, the top level of
** JSON Lines) and the last event r completed ended with that "}".
** Why that is enough: event_reader.c, at the function. */
int event_reader_at_boundary(const EventReader *r, uint64_t iClose, uint64_t iNext);

/* Convenience: a reader that pulls from a trace_source.
**   event_file_open(zPath, &cfg, nChunk, &pFile, zErr, nErr)
**   while( (pEv = event_file_next(pFile)) ) ...
**   if( event_file_errmsg(pFile) ) -> error
** nChunk is the read size (0 for the default; tests use 1..31 to put chunk
** boundaries everywhere). */
typedef struct EventFile EventFile;
int event_file_open(const char *zPath, const EventReaderConfig *pCfg, size_t nChunk,
                    EventFile **ppFile, char *zErr, size_t nErr);
const TraceEvent *event_file_next(EventFile *pFile);
const char *event_file_errmsg(const EventFile *pFile);
void event_file_close(EventFile *pFile);

#endif

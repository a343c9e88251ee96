/*
** event_reader.c: Chrome trace-event JSON to event records, streaming, on
** top of yajl's callback parser.  Interface and usage: event_reader.h.
**
** How it works.  yajl calls back for every token.  The reader keeps the
** nesting depth and knows at which depth event objects open (1 in JSON
** Lines, 2 in the array format, 3 inside "traceEvents").  Inside an event,
** a key picks the field the next value goes to; scalar values are copied
** into the arena as raw bytes (numbers as their JSON text), and object or
** array values are written back out as compact JSON ("capture").  "args"
** is special: its "detail" member is also kept as a field of its own.  Keys
** that are not columns go, with their values, into one JSON object
** ("extra"), built in a side buffer and appended when the event ends; a
** string detail is kept decoded in another side buffer for the same reason
** when the arena is receiving the args capture at that moment (else it
** goes to the arena like any scalar: one copy less of a long string).
**
** When an event's object closes, the event is finished and queued; the
** caller takes queued events between feeds.  yajl cannot pause inside a
** chunk, so a feed queues every event the chunk completes; the arena holds
** those plus the event still being built, whose bytes move to the front of
** the arena at the next feed.  Memory is bounded by the chunk size and the
** largest event, not by the file.
**
** The fast path.  yajl's lexer is most of the time of a scan, and LLVM's
** events are all alike: no whitespace, no escapes, ASCII.  Between two
** events of the object format or JSON Lines (checked the way the parallel
** scan checks its pieces: event_reader_at_boundary), the reader lexes the
** following events itself, as long as each one lies whole in the bytes fed
** and within a strict subset of JSON (fast_lex_event), and builds each
** event straight from its tokens (fast_build), with exactly the fields,
** bytes and positions the callbacks would have made of yajl's parse: in
** that subset a value's compact JSON is its text as written, so captured
** values are copies.  yajl never sees those bytes; it stays between two events,
** which is where it would be after them.  Anything else (an escape, a
** non-ASCII byte, whitespace inside an event, an event cut by the end of
** the chunk, any syntax error) is left to yajl from that event's "{" on,
** so rows and errors are exactly yajl's: tests/fuzz/fuzz_event_reader.c
** compares the two paths on arbitrary input.
**
** Format detection: a top-level "[" is the array format.  A top-level "{"
** is read as if it were an event (JSON Lines) until a "traceEvents" key at
** depth 1 shows that it is the object format; a top-level object that ends
** with neither a "traceEvents" nor a "ph" key is not a trace.  In the same
** way the first element of a top-level array must be an object with a
** "ph" key: other JSON arrays of records (compile_commands.json) are not
** traces.  Later elements and objects need no "ph", and a reader started
** between two events (EVENT_START_LIST, ...) has no first one to judge.
*/
#include "event_reader.h"
#include "big_array.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Nesting deeper than this is an error (yajl itself has no limit). */
#define EVENT_MAX_DEPTH 1000
/* One event (all its fields) may not be larger than this. */
#define EVENT_MAX_BYTES ((size_t)1 << 30)
/* The fast path: most tokens and nesting of one event it lexes, and how
** many refusals in a row make it give up on the input. */
#define FAST_MAX_TOKENS 256
#define FAST_MAX_DEPTH 32
#define FAST_MAX_REFUSALS 64
#define FAST_MAX_EVENT ((size_t)1 << 20)    /* larger events: yajl (offsets fit 32 bits) */
/* Emergency memory for yajl when the heap fails (yajl_mem_emergency). */
#define YAJL_POOL_BYTES (32*1024)
/* Read size of event_file_next when the caller does not choose one. */
#define EVENT_FILE_CHUNK (256*1024)

/* Formats. */
enum { FMT_UNKNOWN = 0, FMT_OBJECT, FMT_ARRAY, FMT_LINES };
/* What the last key at depth 1 of the top-level object was. */
enum { TOPKEY_OTHER = 0, TOPKEY_TRACE_EVENTS };

/* A growable byte buffer. */
typedef struct ByteBuf {
  char *a;          /* Bytes */
  size_t n;         /* Used */
  size_t nAlloc;    /* Allocated */
} ByteBuf;

/* A token of the fast path (fast_lex_event), for fast_build. */
enum { TOK_MAP_OPEN, TOK_MAP_CLOSE, TOK_ARRAY_OPEN, TOK_ARRAY_CLOSE, TOK_KEY,
       TOK_STRING, TOK_NUMBER, TOK_TRUE, TOK_FALSE, TOK_NULL };
typedef struct FastToken {
  unsigned char eTok;   /* TOK_* */
  uint32_t iStart;      /* Its text (strings: between the quotes) */
  uint32_t n;
  uint32_t iEnd;        /* Just past the token, where yajl would stand */
} FastToken;

/* A queued event: its zBase is set from iBase when it is handed out,
** because the arena may move while the rest of the chunk is parsed. */
typedef struct QueuedEvent {
  TraceEvent ev;
  size_t iBase;     /* Arena offset of the event's bytes */
} QueuedEvent;

struct EventReader {
  EventReaderConfig cfg;     /* Copy of the configuration */
  yajl_handle hYajl;         /* The parser */
  int bYajlDone;             /* yajl is finished (after a tolerated trailing ",]") */
  int eFormat;               /* FMT_* */
  int nDepth;                /* Number of open objects and arrays */
  unsigned char aIsMap[EVENT_MAX_DEPTH+2];   /* aIsMap[d]: container at depth d is an object */
  unsigned char aHasElem[EVENT_MAX_DEPTH+2]; /* aHasElem[d]: it has had a member (commas) */
  int bTopDone;              /* The single top-level value (object/array format) closed */
  int bSawTraceEvents;       /* The top-level object has a "traceEvents" key */
  int iTopKey;               /* TOPKEY_* of the last key at depth 1 of the top object */
  int bSawPh;                /* The current (top-level or event) object has a "ph" key */
  int bFirstElem;            /* The top-level array of a whole file has had no element yet,
                             ** or its first one is open: that one must be an event */
  int bSawValue;             /* Any JSON token seen (empty-input check) */
  int nBom;                  /* Bytes of a UTF-8 byte order mark matched at the start */

  /* The event (or metadata record) being built */
  int bInEvent;              /* An event object is open */
  int bInMeta;               /* A metadata record's value is being captured */
  int iEventDepth;           /* nDepth inside the event's own object */
  int iField;                /* Field of the next value at event depth (EF_*) */
  int bArgsMap;              /* Inside the event's "args" object */
  int bDetailKey;            /* The last key directly inside "args" was "detail" */
  int iDetailRoot;           /* nDepth of a detail object/array inside a captured args */
  size_t iDetailStart;       /* Arena offset where that detail value starts */
  TraceEvent cur;            /* Fields of the event (offsets relative to iEvStart) */
  size_t iEvStart;           /* Arena offset of the event's first byte */
  int iCaptureRoot;          /* nDepth of the container being captured, or 0 */
  int iCaptureField;         /* Field that gets the captured JSON */
  size_t iCaptureStart;      /* Offset in pOut where the capture began */
  ByteBuf *pOut;             /* Where captured JSON goes: &arena or &extra */
  ByteBuf extra;             /* The "extra" object of the event being built */
  ByteBuf detail;            /* A decoded string "detail" of the event being built */
  int bDetailString;         /* detail holds the event's detail */

  /* Queue of finished events */
  ByteBuf arena;             /* Bytes of queued events, then of the event being built */
  QueuedEvent *aEv;          /* Queued events */
  size_t nEv, nEvAlloc;      /* Queued, allocated */
  size_t iEvNext;            /* Next to hand out */
  size_t nEvReady;           /* Events that may be handed out (metadata waits for traceEvents) */
  int64_t iSeq;              /* Events (or metadata records) completed so far */
  int64_t iSeqFix;           /* Add this to the iSeq of queued events aEv[0..nEvFix) when */
  size_t nEvFix;             /* ... handing them out (event_reader_set_seq_base) */
  uint64_t iEventEnd;        /* Offset just past the "}" of the last event completed, or 0 */

  /* Position and errors */
  uint64_t nFed;             /* Bytes fed in earlier calls */
  int bInParse;              /* Inside yajl_parse: yajl_get_bytes_consumed is live */
  int bInFast;               /* Building a fast-path event: iFastPos is live */
  uint32_t iFastPos;         /* Position in the fast-path event, from nFed */
  int nFastRefused;          /* Fast-path refusals in a row (FAST_MAX_REFUSALS) */
  /* Where the bytes given to yajl end, for str_check (STR_*) */
  int eStr;                  /* Outside a string, in one, after "\\", ... */
  int nStrNeed;              /* STR_UTF8: continuation bytes to come; STR_HEX: hex digits */
  unsigned char cLo, cHi;    /* STR_UTF8: the range of the next continuation byte */
  unsigned cpEsc;            /* STR_HEX: the value of the digits so far */
  int bWantLow;              /* STR_HEX: this escape must be a low surrogate */
  uint64_t iStrMark;         /* Offset of the lead byte or the "\\" being followed */
  uint64_t iHighMark;        /* Offset of the "\\" of a high surrogate escape */
  uint64_t iStrBad;          /* Where str_check found a bad string: the byte to name */
  uint64_t iStrOpen;         /* Offset of the '"' that opened the last string entered */
  const char *zStrBad;       /* ... and why */
  FastToken aTok[FAST_MAX_TOKENS];   /* The event being built */
  /* A token that reaches past the end of the input (Long tokens, hold_*) */
  int eOpenTok;              /* OPEN_*: what the bytes fed so far end inside */
  int bHoldEsc;              /* OPEN_STRING: the bytes so far end in an unpaired "\\" */
  ByteBuf hold;              /* Bytes fed but held back from yajl until the token ends */
  int bNoHold;               /* Give yajl every byte now (the end, no memory to hold) */
  int bErr;                  /* An error was recorded: the reader is finished */
  char zErr[TRACE_ERRMSG_MAX];
  const char *zErrEventFmt;  /* The error names an event: its format (one %lld), or NULL */
  int64_t iErrEvent;         /* The number of that event, without cfg.iSeqBase */
  uint64_t iErrByte;         /* Where that error is */
  /* yajl's memory when the heap has none left (yajl_mem_emergency) */
  int bYajlNoMem;            /* yajl was given an emergency block: stop it */
  size_t nYajlPool;          /* Bytes of aYajlPool handed out */
  _Alignas(16) unsigned char aYajlPool[YAJL_POOL_BYTES];
};

/* ------------------------------------------------------------------------
** Buffers and errors
*/

/* Make room for n more bytes in p.  Returns 0, or 1 when out of memory. */
static int buf_reserve(ByteBuf *p, size_t n){
  size_t nNew;
  char *aNew;
  if( p->nAlloc - p->n >= n ) return 0;
  if( n > EVENT_MAX_BYTES || p->n > 2*EVENT_MAX_BYTES ) return 1;
  nNew = p->nAlloc ? p->nAlloc*2 : 4096;
  while( nNew - p->n < n ) nNew *= 2;
  aNew = p->a;
  if( big_resize((void**)&aNew, p->nAlloc, nNew) ) return 1;
  p->a = aNew;
  p->nAlloc = nNew;
  return 0;
}

/* memcpy for the short fields most events have (a pid, a phase, a name
** of a few words): fixed-size moves that overlap instead of a call. */
static inline void copy_bytes(char *z, const unsigned char *a, size_t n){
  if( n>16 ){
    memcpy(z, a, n);
  }else if( n>=8 ){
    memcpy(z, a, 8);
    memcpy(z + n - 8, a + n - 8, 8);
  }else if( n>=4 ){
    memcpy(z, a, 4);
    memcpy(z + n - 4, a + n - 4, 4);
  }else{
    size_t i;
    for(i=0; i<n; i++) z[i] = (char)a[i];
  }
}

static inline int buf_append(ByteBuf *p, const void *a, size_t n){
  if( p->nAlloc - p->n < n && buf_reserve(p, n) ) return 1;
  if( n<=16 ){
    copy_bytes(p->a + p->n, a, n);
  }else{
    /* a long string: its pages made resident at once (big_prefault) */
    if( n>=BIG_MAP_MIN ) big_prefault(p->a, p->nAlloc, p->n, p->n + n);
    memcpy(p->a + p->n, a, n);
  }
  p->n += n;
  return 0;
}

static int buf_byte(ByteBuf *p, char c){
  if( p->n==p->nAlloc && buf_reserve(p, 1) ) return 1;
  p->a[p->n++] = c;
  return 0;
}

/* Position of the parser in the whole input, in bytes.  Inside a yajl
** callback this is just past the token being reported. */
static uint64_t reader_pos(const EventReader *r){
  uint64_t n = r->cfg.iByteBase + r->nFed;
  if( r->bInParse ) n += yajl_get_bytes_consumed(r->hYajl);
  if( r->bInFast ) n += r->iFastPos;
  return n;
}

/* Record the first error as "byte N: message".  Returns 0 so that a yajl
** callback can `return reader_error(...)` to stop the parse. */
static int reader_error_at(EventReader *r, uint64_t iByte, const char *zFmt, ...){
  if( !r->bErr ){
    int n;
    va_list ap;
    n = snprintf(r->zErr, sizeof(r->zErr), "byte %llu: ", (unsigned long long)iByte);
    va_start(ap, zFmt);
    vsnprintf(r->zErr + n, sizeof(r->zErr) - (size_t)n, zFmt, ap);
    va_end(ap);
    r->bErr = 1;
  }
  return 0;
}
#define reader_error(r, ...) reader_error_at((r), reader_pos(r), __VA_ARGS__)

/* Write the message of an error that names an event by its number, from
** the fields reader_error_event set (again when the numbering changes). */
static void reader_format_event_error(EventReader *r){
  int n = snprintf(r->zErr, sizeof(r->zErr), "byte %llu: ", (unsigned long long)r->iErrByte);
  snprintf(r->zErr + n, sizeof(r->zErr) - (size_t)n, r->zErrEventFmt,
           (long long)(r->cfg.iSeqBase + r->iErrEvent));
}

/* Record the first error, one whose message zFmt (a literal with one %lld)
** names the event iEvent of this reader's input, numbered as its iSeq
** would be.  Returns 0, like reader_error_at. */
static int reader_error_event(EventReader *r, uint64_t iByte, const char *zFmt, int64_t iEvent){
  if( !r->bErr ){
    r->zErrEventFmt = zFmt;
    r->iErrEvent = iEvent;
    r->iErrByte = iByte;
    reader_format_event_error(r);
    r->bErr = 1;
  }
  return 0;
}

static int reader_nomem(EventReader *r){
  return reader_error(r, "out of memory (or an event larger than %u MB)",
                      (unsigned)(EVENT_MAX_BYTES>>20));
}

/* ------------------------------------------------------------------------
** Compact JSON output
*/

/* Append z[0..n) to p as a JSON string literal. */
static int json_put_string(ByteBuf *p, const char *z, size_t n){
  static const char aHex[] = "0123456789abcdef";
  size_t i, iRun = 0;
  if( buf_reserve(p, n + 2) ) return 1;
  p->a[p->n++] = '"';
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    const char *zEsc;
    char aEsc[6];
    if( c>=0x20 && c!='"' && c!='\\' ) continue;
    switch( c ){
      case '"':  zEsc = "\\\""; break;
      case '\\': zEsc = "\\\\"; break;
      case '\n': zEsc = "\\n"; break;
      case '\r': zEsc = "\\r"; break;
      case '\t': zEsc = "\\t"; break;
      case '\b': zEsc = "\\b"; break;
      case '\f': zEsc = "\\f"; break;
      default:   zEsc = 0; break;
    }
    if( buf_append(p, z + iRun, i - iRun) ) return 1;
    iRun = i + 1;
    if( zEsc ){
      if( buf_append(p, zEsc, 2) ) return 1;
    }else{
      memcpy(aEsc, "\\u00", 4);
      aEsc[4] = aHex[c>>4];
      aEsc[5] = aHex[c&15];
      if( buf_append(p, aEsc, 6) ) return 1;
    }
  }
  if( buf_append(p, z + iRun, n - iRun) ) return 1;
  return buf_byte(p, '"');
}

/* Append a scalar value to p as JSON. */
static int json_put_scalar(ByteBuf *p, int eType, const char *z, size_t n){
  switch( eType ){
    case EV_NULL:   return buf_append(p, "null", 4);
    case EV_FALSE:  return buf_append(p, "false", 5);
    case EV_TRUE:   return buf_append(p, "true", 4);
    case EV_NUMBER: return buf_append(p, z, n);
    default:        return json_put_string(p, z, n);
  }
}

/* Is the value at the current depth inside a container being written out? */
static int capturing(const EventReader *r){
  return r->iCaptureRoot>0 && r->nDepth>=r->iCaptureRoot;
}

/* The comma before the next member of the container at the current depth,
** when that container is a captured array (object members get theirs with
** the key). */
static int capture_sep(EventReader *r){
  int d = r->nDepth;
  if( capturing(r) && !r->aIsMap[d] && r->aHasElem[d] ) return buf_byte(r->pOut, ',');
  return 0;
}

/* Begin capturing the container that opens now, into pOut for iField. */
static void capture_begin(EventReader *r, ByteBuf *pOut, int iField){
  r->pOut = pOut;
  r->iCaptureRoot = r->nDepth + 1;
  r->iCaptureField = iField;
  r->iCaptureStart = pOut->n;
}

/* ------------------------------------------------------------------------
** Events
*/

static int want(const EventReader *r, int iField){
  return (r->cfg.mWant & EVENT_WANT(iField))!=0;
}

/* Field iField of the record being built is the arena from iOff (absolute)
** to its end. */
static void field_set_tail(EventReader *r, int iField, int eType, size_t iOff){
  EventField *f = &r->cur.aField[iField];
  f->eType = (unsigned char)eType;
  f->iOff = (uint32_t)(iOff - r->iEvStart);
  f->nByte = (uint32_t)(r->arena.n - iOff);
}

/* Start a record (event or metadata) at the end of the arena. */
static void record_begin(EventReader *r){
  memset(&r->cur, 0, sizeof(r->cur));
  r->iEvStart = r->arena.n;
  r->extra.n = 0;
  r->detail.n = 0;
  r->bDetailString = 0;
}

static void event_begin(EventReader *r, int iDepth){
  record_begin(r);
  r->bInEvent = 1;
  r->iEventDepth = iDepth;
  r->iField = EF_EXTRA;
  r->bSawPh = 0;
  r->bArgsMap = 0;
  r->bDetailKey = 0;
  r->iDetailRoot = 0;
  r->cur.iByte = reader_pos(r) - 1;     /* yajl has consumed the "{" */
}

/* Forget the event being built (a top-level object that is the trace). */
static void event_discard(EventReader *r){
  r->bInEvent = 0;
  r->arena.n = r->iEvStart;
}

/* Append the finished record to the queue.  Returns 1, or 0 on error. */
static int queue_push(EventReader *r){
  QueuedEvent *q;
  if( r->nEv==r->nEvAlloc ){
    size_t nNew = r->nEvAlloc ? r->nEvAlloc*2 : 256;
    void *aNew = r->aEv;
    if( big_resize(&aNew, r->nEvAlloc*sizeof(QueuedEvent), nNew*sizeof(QueuedEvent)) ){
      return reader_nomem(r);
    }
    r->aEv = aNew;
    r->nEvAlloc = nNew;
  }
  q = &r->aEv[r->nEv++];
  q->ev = r->cur;
  q->iBase = r->iEvStart;
  return 1;
}

/* The event's object closed: finish it and queue it (unless filtered). */
static int event_end(EventReader *r){
  r->bInEvent = 0;
  if( r->extra.n ){
    size_t iOff = r->arena.n;
    if( buf_append(&r->arena, r->extra.a, r->extra.n) || buf_byte(&r->arena, '}') ){
      return reader_nomem(r);
    }
    field_set_tail(r, EF_EXTRA, EV_JSON, iOff);
  }
  if( r->bDetailString ){
    size_t iOff = r->arena.n;
    if( buf_append(&r->arena, r->detail.a, r->detail.n) ) return reader_nomem(r);
    field_set_tail(r, EF_DETAIL, EV_STRING, iOff);
  }
  if( r->arena.n - r->iEvStart > EVENT_MAX_BYTES ) return reader_nomem(r);
  r->iEventEnd = reader_pos(r);   /* just past the "}" (event_reader_at_boundary) */
  r->iSeq++;
  r->cur.iSeq = r->cfg.iSeqBase + r->iSeq;
  if( r->cfg.xAccept ){
    r->cur.zBase = r->arena.a + r->iEvStart;   /* valid during the call */
    if( !r->cfg.xAccept(r->cfg.pAcceptCtx, &r->cur) ){
      r->arena.n = r->iEvStart;
      return 1;
    }
  }
  if( !queue_push(r) ) return 0;
  r->nEvReady = r->nEv;
  return 1;
}

/* Which field does the key z[0..n) of an event name? */
static int event_field_of_key(const unsigned char *z, size_t n){
  switch( n ){
    case 2:
      if( z[0]=='p' && z[1]=='h' ) return EF_PH;
      if( z[0]=='t' && z[1]=='s' ) return EF_TS;
      if( z[0]=='i' && z[1]=='d' ) return EF_ID;
      break;
    case 3:
      if( memcmp(z, "pid", 3)==0 ) return EF_PID;
      if( memcmp(z, "tid", 3)==0 ) return EF_TID;
      if( memcmp(z, "dur", 3)==0 ) return EF_DUR;
      if( memcmp(z, "cat", 3)==0 ) return EF_CAT;
      break;
    case 4:
      if( memcmp(z, "name", 4)==0 ) return EF_NAME;
      if( memcmp(z, "args", 4)==0 ) return EF_ARGS;
      break;
  }
  return EF_EXTRA;
}

/* A key directly inside the event object. */
static int event_key(EventReader *r, const unsigned char *z, size_t n){
  int iField = event_field_of_key(z, n);
  r->iField = iField;
  if( iField==EF_PH ) r->bSawPh = 1;
  if( iField==EF_ARGS ){
    /* A repeated "args" replaces the first one, detail included. */
    r->cur.aField[EF_DETAIL].eType = EV_ABSENT;
    r->bDetailString = 0;
  }
  if( iField==EF_EXTRA && want(r, EF_EXTRA) ){
    if( buf_byte(&r->extra, r->extra.n ? ',' : '{')
     || json_put_string(&r->extra, (const char*)z, n)
     || buf_byte(&r->extra, ':') ){
      return reader_nomem(r);
    }
  }
  return 1;
}

/* A scalar value directly inside the event object. */
static int event_scalar(EventReader *r, int eType, const char *z, size_t n){
  int iField = r->iField;
  size_t iOff = r->arena.n;
  if( iField==EF_EXTRA ){
    if( want(r, EF_EXTRA) && json_put_scalar(&r->extra, eType, z, n) ) return reader_nomem(r);
    return 1;
  }
  if( !want(r, iField) ){
    r->cur.aField[iField].eType = (unsigned char)eType;
    return 1;
  }
  if( iField==EF_ARGS ){
    /* "args" that is not an object: kept as JSON text, and no detail */
    if( json_put_scalar(&r->arena, eType, z, n) ) return reader_nomem(r);
    field_set_tail(r, iField, EV_JSON, iOff);
    return 1;
  }
  if( buf_append(&r->arena, z, n) ) return reader_nomem(r);
  field_set_tail(r, iField, eType, iOff);
  return 1;
}

/* A scalar value of the "detail" key inside "args".  iCapture is where its
** JSON text starts in the arena when args is being captured, else -1. */
static int detail_scalar(EventReader *r, int eType, const char *z, size_t n, size_t iCapture){
  if( eType==EV_STRING && iCapture!=(size_t)-1 ){
    /* The arena is receiving args as JSON: the decoded string is kept in
    ** its own buffer and appended when the event ends. */
    r->detail.n = 0;
    if( buf_append(&r->detail, z, n) ) return reader_nomem(r);
    r->bDetailString = 1;
    r->cur.aField[EF_DETAIL].eType = EV_STRING;
    return 1;
  }
  r->bDetailString = 0;
  if( iCapture!=(size_t)-1 ){
    field_set_tail(r, EF_DETAIL, eType, iCapture);
  }else{
    size_t iOff = r->arena.n;
    if( buf_append(&r->arena, z, n) ) return reader_nomem(r);
    field_set_tail(r, EF_DETAIL, eType, iOff);
  }
  return 1;
}

/* Is the parser directly inside "args", on the value of its "detail" key,
** and is detail wanted? */
static int at_detail_value(const EventReader *r){
  return r->bInEvent && r->bArgsMap && r->bDetailKey
      && r->nDepth==r->iEventDepth+1 && want(r, EF_DETAIL);
}

/* ------------------------------------------------------------------------
** Metadata mode: the top-level keys of the object format
*/

/* Is the parser at depth 1 of the top-level object, on a key's value? */
static int at_top_value(const EventReader *r){
  return r->nDepth==1 && r->aIsMap[1] && (r->eFormat==FMT_OBJECT || r->eFormat==FMT_UNKNOWN);
}

/* Start a metadata record for top-level key z[0..n). */
static int meta_key(EventReader *r, const unsigned char *z, size_t n){
  record_begin(r);
  if( buf_append(&r->arena, z, n) ) return reader_nomem(r);
  field_set_tail(r, EF_NAME, EV_STRING, r->iEvStart);
  return 1;
}

/* The metadata record's value is the arena from iValue to its end. */
static int meta_end(EventReader *r, size_t iValue){
  field_set_tail(r, EF_ARGS, EV_JSON, iValue);
  r->bInMeta = 0;
  r->iSeq++;
  r->cur.iSeq = r->iSeq;
  if( !queue_push(r) ) return 0;
  if( r->bSawTraceEvents ) r->nEvReady = r->nEv;   /* else wait: it may be JSON Lines */
  return 1;
}

/* ------------------------------------------------------------------------
** yajl callbacks
*/

/* The first element of a whole file's top-level array is not an event. */
static int array_not_trace(EventReader *r){
  return reader_error(r, "not a trace: the first element of the top-level array is not an event (no \"ph\" key)");
}

/* The first element of the top-level array closed: it had to be an event. */
static int array_first_end(EventReader *r){
  r->bFirstElem = 0;
  return r->bSawPh ? 1 : array_not_trace(r);
}

/* Every scalar value ends up here. */
static int on_scalar(EventReader *r, int eType, const char *z, size_t n){
  int d = r->nDepth;
  if( r->bYajlNoMem ) return 0;
  r->bSawValue = 1;
  if( capturing(r) ){
    size_t iStart;
    if( capture_sep(r) ) return reader_nomem(r);
    iStart = r->pOut->n;
    if( json_put_scalar(r->pOut, eType, z, n) ) return reader_nomem(r);
    r->aHasElem[d] = 1;
    if( at_detail_value(r) ) return detail_scalar(r, eType, z, n, iStart);
    return 1;
  }
  if( r->bInEvent ){
    if( d==r->iEventDepth ) return event_scalar(r, eType, z, n);
    if( at_detail_value(r) ) return detail_scalar(r, eType, z, n, (size_t)-1);
    return 1;   /* inside a value nobody asked for */
  }
  if( d==0 ){
    if( r->eFormat!=FMT_UNKNOWN ) return reader_error(r, "unexpected data after the end of the trace");
    return reader_error(r, "not a trace: the top-level value is not an object or array");
  }
  if( r->eFormat==FMT_ARRAY && d==1 ){
    if( r->bFirstElem ) return array_not_trace(r);
    return reader_error_event(r, reader_pos(r), "event %lld is not an object", r->iSeq + 1);
  }
  if( at_top_value(r) ){
    if( r->iTopKey==TOPKEY_TRACE_EVENTS ) return reader_error(r, "\"traceEvents\" is not an array");
    if( r->bInMeta ){
      size_t iValue = r->arena.n;
      if( json_put_scalar(&r->arena, eType, z, n) ) return reader_nomem(r);
      return meta_end(r, iValue);
    }
    return 1;
  }
  if( d==2 && r->eFormat==FMT_OBJECT && r->iTopKey==TOPKEY_TRACE_EVENTS && !r->cfg.bMetadata ){
    return reader_error_event(r, reader_pos(r), "traceEvents element %lld is not an object", r->iSeq + 1);
  }
  return 1;
}

static int cb_null(void *p){ return on_scalar(p, EV_NULL, 0, 0); }
static int cb_boolean(void *p, int b){ return on_scalar(p, b ? EV_TRUE : EV_FALSE, 0, 0); }
static int cb_number(void *p, const char *z, size_t n){ return on_scalar(p, EV_NUMBER, z, n); }
static int cb_string(void *p, const unsigned char *z, size_t n){
  return on_scalar(p, EV_STRING, (const char*)z, n);
}

/* An object or array opens at depth d+1 where nothing is being captured:
** decide what it is.  Returns 1 to go on, 0 on error. */
static int open_outside_capture(EventReader *r, int bMap){
  int d = r->nDepth;
  if( r->bInEvent ){
    if( d==r->iEventDepth ){
      int iField = r->iField;
      if( iField==EF_ARGS ) r->bArgsMap = bMap;
      if( iField==EF_EXTRA ){
        if( want(r, EF_EXTRA) ) capture_begin(r, &r->extra, EF_EXTRA);
      }else if( want(r, iField) ){
        capture_begin(r, &r->arena, iField);
      }else{
        r->cur.aField[iField].eType = EV_JSON;
      }
    }else if( at_detail_value(r) ){
      /* detail is an object or array, and args itself is not wanted */
      r->bDetailString = 0;
      capture_begin(r, &r->arena, EF_DETAIL);
    }
    return 1;
  }
  if( d==0 ){
    if( r->bTopDone || r->eFormat==FMT_ARRAY || r->eFormat==FMT_OBJECT ){
      return reader_error(r, "unexpected data after the end of the trace");
    }
    if( !bMap ){
      if( r->eFormat==FMT_LINES ){
        return reader_error(r, "JSON Lines: expected an event object, found an array");
      }
      r->eFormat = FMT_ARRAY;
      r->bFirstElem = r->cfg.eStart==EVENT_START_FILE;
      return 1;
    }
    r->bSawPh = 0;
    if( !r->cfg.bMetadata ) event_begin(r, 1);   /* an event, or the trace object: see on_key */
    return 1;
  }
  if( d==1 && r->eFormat==FMT_ARRAY ){
    if( !bMap && r->bFirstElem ) return array_not_trace(r);
    if( !bMap ) return reader_error_event(r, reader_pos(r), "event %lld is not an object", r->iSeq + 1);
    r->bSawPh = 0;
    if( !r->cfg.bMetadata ) event_begin(r, 2);
    return 1;
  }
  if( at_top_value(r) ){
    if( r->iTopKey==TOPKEY_TRACE_EVENTS ){
      if( bMap ) return reader_error(r, "\"traceEvents\" is not an array");
    }else if( r->bInMeta ){
      capture_begin(r, &r->arena, EF_ARGS);
    }
    return 1;
  }
  if( d==2 && r->eFormat==FMT_OBJECT && r->iTopKey==TOPKEY_TRACE_EVENTS && !r->cfg.bMetadata ){
    if( !bMap ) return reader_error_event(r, reader_pos(r), "traceEvents element %lld is not an object", r->iSeq + 1);
    event_begin(r, 3);
  }
  return 1;
}

static int on_open(EventReader *r, int bMap){
  int d = r->nDepth;
  if( r->bYajlNoMem ) return 0;
  r->bSawValue = 1;
  if( d>=EVENT_MAX_DEPTH ){
    return reader_error(r, "nesting deeper than %d levels", EVENT_MAX_DEPTH);
  }
  if( capturing(r) ){
    if( capture_sep(r) ) return reader_nomem(r);
    if( at_detail_value(r) ){
      /* detail object/array inside a captured args: a slice of the capture */
      r->bDetailString = 0;
      r->iDetailRoot = d + 1;
      r->iDetailStart = r->arena.n;
    }
  }else if( !open_outside_capture(r, bMap) ){
    return 0;
  }
  if( r->iCaptureRoot>0 && d+1>=r->iCaptureRoot ){
    if( buf_byte(r->pOut, bMap ? '{' : '[') ) return reader_nomem(r);
  }
  r->aHasElem[d] = 1;
  r->nDepth = d + 1;
  r->aIsMap[d+1] = (unsigned char)bMap;
  r->aHasElem[d+1] = 0;
  return 1;
}

static int cb_start_map(void *p){ return on_open(p, 1); }
static int cb_start_array(void *p){ return on_open(p, 0); }

/* The top-level object ended without a "traceEvents" key. */
static int top_object_end(EventReader *r){
  if( !r->bSawPh ){
    return reader_error(r, "not a trace: the top-level object has no \"traceEvents\" array and is not an event (no \"ph\" key)");
  }
  r->eFormat = FMT_LINES;
  if( r->cfg.bMetadata ){
    /* JSON Lines has no metadata: drop what was held back. */
    r->nEv = r->nEvFix = 0;
    r->arena.n = 0;
    r->iSeq = 0;
  }
  return 1;
}

static int on_close(EventReader *r, int bMap){
  int d = r->nDepth;
  if( r->bYajlNoMem ) return 0;
  if( r->iCaptureRoot>0 && d>=r->iCaptureRoot ){
    if( buf_byte(r->pOut, bMap ? '}' : ']') ) return reader_nomem(r);
    if( d==r->iDetailRoot ){
      field_set_tail(r, EF_DETAIL, EV_JSON, r->iDetailStart);
      r->iDetailRoot = 0;
    }
    if( d==r->iCaptureRoot ){
      r->iCaptureRoot = 0;
      if( r->bInMeta && d==2 ){
        r->nDepth = d - 1;
        return meta_end(r, r->iCaptureStart);
      }
      if( r->iCaptureField!=EF_EXTRA ){
        field_set_tail(r, r->iCaptureField, EV_JSON, r->iCaptureStart);
      }
    }
  }
  r->nDepth = d - 1;
  if( d==2 && r->bFirstElem && !array_first_end(r) ) return 0;
  if( r->bInEvent ){
    if( d==r->iEventDepth ){
      if( d==1 && r->eFormat==FMT_UNKNOWN && !top_object_end(r) ) return 0;
      return event_end(r);
    }
    if( d==r->iEventDepth+1 ) r->bArgsMap = 0;
    return 1;
  }
  if( d==1 ){
    if( r->eFormat==FMT_UNKNOWN ) return top_object_end(r);
    if( r->eFormat==FMT_OBJECT || r->eFormat==FMT_ARRAY ) r->bTopDone = 1;
  }
  return 1;
}

static int cb_end_map(void *p){ return on_close(p, 1); }
static int cb_end_array(void *p){ return on_close(p, 0); }

static int on_key(void *p, const unsigned char *z, size_t n){
  EventReader *r = p;
  int d = r->nDepth;
  if( r->bYajlNoMem ) return 0;
  if( capturing(r) ){
    ByteBuf *pOut = r->pOut;
    if( r->aHasElem[d] && buf_byte(pOut, ',') ) return reader_nomem(r);
    if( json_put_string(pOut, (const char*)z, n) || buf_byte(pOut, ':') ) return reader_nomem(r);
    r->aHasElem[d] = 1;
  }
  if( r->bInEvent ){
    if( d==r->iEventDepth ){
      if( d==1 && r->eFormat==FMT_UNKNOWN && n==11 && memcmp(z, "traceEvents", 11)==0 ){
        /* The top-level object was the trace, not an event. */
        event_discard(r);
        r->eFormat = FMT_OBJECT;
        r->bSawTraceEvents = 1;
        r->iTopKey = TOPKEY_TRACE_EVENTS;
        return 1;
      }
      return event_key(r, z, n);
    }
    if( r->bArgsMap && d==r->iEventDepth+1 ){
      r->bDetailKey = (n==6 && memcmp(z, "detail", 6)==0);
    }
    return 1;
  }
  if( d==2 && r->bFirstElem && n==2 && z[0]=='p' && z[1]=='h' ){
    r->bSawPh = 1;    /* metadata mode: the element is judged, not built */
  }
  if( d==1 && r->aIsMap[1] && (r->eFormat==FMT_OBJECT || r->eFormat==FMT_UNKNOWN) ){
    r->iTopKey = TOPKEY_OTHER;
    if( n==11 && memcmp(z, "traceEvents", 11)==0 ){
      r->iTopKey = TOPKEY_TRACE_EVENTS;
      r->bSawTraceEvents = 1;
      r->eFormat = FMT_OBJECT;
      r->nEvReady = r->nEv;       /* metadata held back so far is real */
      return 1;
    }
    if( n==2 && z[0]=='p' && z[1]=='h' ) r->bSawPh = 1;
    if( r->cfg.bMetadata ){
      r->bInMeta = 1;
      return meta_key(r, z, n);
    }
  }
  return 1;
}

static const yajl_callbacks event_callbacks = {
  cb_null, cb_boolean, 0, 0, cb_number, cb_string,
  cb_start_map, on_key, cb_end_map, cb_start_array, cb_end_array
};

/* ------------------------------------------------------------------------
** The fast path (see the header)
*/

/* Lex the JSON number at a[*pi], advancing *pi past it.  Returns 0 unless
** it follows JSON's grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
** (yajl's as well; what follows it is checked by the caller). */
static int fast_number(const unsigned char *a, size_t n, size_t *pi){
  size_t i = *pi;
  if( i<n && a[i]=='-' ) i++;
  if( i>=n ) return 0;
  if( a[i]=='0' ){
    i++;
  }else if( a[i]>='1' && a[i]<='9' ){
    while( i<n && a[i]>='0' && a[i]<='9' ) i++;
  }else{
    return 0;
  }
  if( i<n && a[i]=='.' ){
    i++;
    if( i>=n || a[i]<'0' || a[i]>'9' ) return 0;
    while( i<n && a[i]>='0' && a[i]<='9' ) i++;
  }
  if( i<n && (a[i]=='e' || a[i]=='E') ){
    i++;
    if( i<n && (a[i]=='+' || a[i]=='-') ) i++;
    if( i>=n || a[i]<'0' || a[i]>'9' ) return 0;
    while( i<n && a[i]>='0' && a[i]<='9' ) i++;
  }
  *pi = i;
  return 1;
}

/* Lex the string whose opening quote is a[*pi]; *pi ends past the closing
** quote.  Only printable ASCII without backslashes: its bytes are then
** exactly what yajl would decode and pass on. */
static int fast_string(const unsigned char *a, size_t n, size_t *pi){
  /* Sixteen or eight bytes at a time: any byte < 0x20, >= 0x7f, '"' or
  ** '\\' stops, and the byte loop below decides. */
  const uint64_t ONES = 0x0101010101010101ull, HIGH = 0x8080808080808080ull;
  size_t i = *pi + 1;
#ifdef __SSE2__
  const __m128i vQuote = _mm_set1_epi8('"'), vBack = _mm_set1_epi8('\\');
  const __m128i vSpace = _mm_set1_epi8(0x20), vDel = _mm_set1_epi8(0x7f);
  while( n - i>=16 ){
    __m128i x = _mm_loadu_si128((const __m128i*)(a + i));
    /* signed: bytes >= 0x80 are negative, so "< 0x20" catches them too */
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vQuote), _mm_cmpeq_epi8(x, vBack)),
                             _mm_or_si128(_mm_cmplt_epi8(x, vSpace), _mm_cmpeq_epi8(x, vDel)));
    int bits = _mm_movemask_epi8(m);
    if( bits ){
      /* exact: the first such byte is the closing quote or a refusal */
      i += (size_t)__builtin_ctz((unsigned)bits);
      if( a[i]!='"' ) return 0;
      *pi = i + 1;
      return 1;
    }
    i += 16;
  }
#endif
  while( n - i>=8 ){
    uint64_t x, q, b;
    memcpy(&x, a + i, 8);
    q = x ^ (ONES*'"');
    b = x ^ (ONES*'\\');
    if( ((x - ONES*0x20) | (x + ONES*0x01) | x | (q - ONES) | (b - ONES)) & HIGH ){
      /* x + 1 sets the high bit of 0x7f bytes; q - 1, b - 1 of zero bytes.
      ** False alarms are fine: the byte loop below decides. */
      break;
    }
    i += 8;
  }
  while( i<n && a[i]!='"' ){
    if( a[i]<0x20 || a[i]>=0x7f || a[i]=='\\' ) return 0;
    i++;
  }
  if( i>=n ) return 0;
  *pi = i + 1;
  return 1;
}

/* Lex the event object that starts at a[0] ("{") into aTok.  Returns the
** length of the event (through its "}") and sets *pnTok, or returns 0 when
** the event is not whole in a[0..n) or not in the fast path's subset:
** no whitespace, strings as in fast_string, at most FAST_MAX_TOKENS tokens
** and FAST_MAX_DEPTH levels, and valid JSON. */
static size_t fast_lex_event(const unsigned char *a, size_t n, FastToken *aTok, int *pnTok){
  enum { S_VALUE, S_VALUE_OR_CLOSE, S_KEY, S_KEY_OR_CLOSE, S_AFTER_VALUE };
  unsigned char aIsMap[FAST_MAX_DEPTH];
  int nDepth = 0, nTok = 0, eState = S_VALUE;
  size_t i = 0;
  if( n==0 || a[0]!='{' ) return 0;
  while( i<n ){
    FastToken *t;
    unsigned char c = a[i];
    if( nTok>=FAST_MAX_TOKENS ) return 0;
    t = &aTok[nTok];
    t->iStart = (uint32_t)i;
    t->n = 0;
    if( eState==S_AFTER_VALUE ){
      if( c==',' ){
        eState = aIsMap[nDepth-1] ? S_KEY : S_VALUE;
        i++;
        continue;
      }
      if( c!=(aIsMap[nDepth-1] ? '}' : ']') ) return 0;
      t->eTok = aIsMap[nDepth-1] ? TOK_MAP_CLOSE : TOK_ARRAY_CLOSE;
      t->iEnd = (uint32_t)++i;
      nTok++;
      if( --nDepth==0 ){
        *pnTok = nTok;
        return i;
      }
      continue;
    }
    if( (eState==S_KEY_OR_CLOSE && c=='}') || (eState==S_VALUE_OR_CLOSE && c==']') ){
      t->eTok = c=='}' ? TOK_MAP_CLOSE : TOK_ARRAY_CLOSE;
      t->iEnd = (uint32_t)++i;
      nTok++;
      if( --nDepth==0 ){
        *pnTok = nTok;
        return i;
      }
      eState = S_AFTER_VALUE;
      continue;
    }
    if( eState==S_KEY || eState==S_KEY_OR_CLOSE ){
      if( c!='"' || !fast_string(a, n, &i) ) return 0;
      t->eTok = TOK_KEY;
      t->iStart++;
      t->n = (uint32_t)(i - 1 - t->iStart);
      t->iEnd = (uint32_t)i;
      nTok++;
      if( i>=n || a[i]!=':' ) return 0;
      i++;
      eState = S_VALUE;
      continue;
    }
    /* a value */
    if( c=='{' || c=='[' ){
      if( nDepth>=FAST_MAX_DEPTH ) return 0;
      aIsMap[nDepth++] = c=='{';
      t->eTok = c=='{' ? TOK_MAP_OPEN : TOK_ARRAY_OPEN;
      t->iEnd = (uint32_t)++i;
      nTok++;
      eState = c=='{' ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
      continue;
    }
    if( c=='"' ){
      if( !fast_string(a, n, &i) ) return 0;
      t->eTok = TOK_STRING;
      t->iStart++;
      t->n = (uint32_t)(i - 1 - t->iStart);
    }else if( c=='-' || (c>='0' && c<='9') ){
      if( !fast_number(a, n, &i) ) return 0;
      t->eTok = TOK_NUMBER;
      t->n = (uint32_t)(i - t->iStart);
    }else if( c=='t' && n-i>=4 && memcmp(a+i, "true", 4)==0 ){
      t->eTok = TOK_TRUE;
      i += 4;
    }else if( c=='f' && n-i>=5 && memcmp(a+i, "false", 5)==0 ){
      t->eTok = TOK_FALSE;
      i += 5;
    }else if( c=='n' && n-i>=4 && memcmp(a+i, "null", 4)==0 ){
      t->eTok = TOK_NULL;
      i += 4;
    }else{
      return 0;
    }
    t->iEnd = (uint32_t)i;
    nTok++;
    eState = S_AFTER_VALUE;
  }
  return 0;
}

/* Does token t open an object or array? */
static int fast_opens(const FastToken *t){
  return t->eTok==TOK_MAP_OPEN || t->eTok==TOK_ARRAY_OPEN;
}

/* Index of the token just past the value that starts at token i (a
** scalar, or a container through its close). */
static int fast_value_end(const FastToken *t, int i){
  int nOpen = 0;
  do{
    if( fast_opens(&t[i]) ) nOpen++;
    else if( t[i].eTok==TOK_MAP_CLOSE || t[i].eTok==TOK_ARRAY_CLOSE ) nOpen--;
    i++;
  }while( nOpen>0 );
  return i;
}

/* Where the JSON text of token t starts (a string's at its quote). */
static uint32_t fast_json_start(const FastToken *t){
  return t->eTok==TOK_STRING || t->eTok==TOK_KEY ? t->iStart - 1 : t->iStart;
}

/* The EV_* type of a scalar token. */
static int fast_scalar_type(int eTok){
  switch( eTok ){
    case TOK_STRING: return EV_STRING;
    case TOK_NUMBER: return EV_NUMBER;
    case TOK_TRUE:   return EV_TRUE;
    case TOK_FALSE:  return EV_FALSE;
    default:         return EV_NULL;
  }
}

/* Field iField of the record being built is n bytes at arena offset iOff. */
static void field_set(EventReader *r, int iField, int eType, size_t iOff, size_t n){
  EventField *f = &r->cur.aField[iField];
  f->eType = (unsigned char)eType;
  f->iOff = (uint32_t)(iOff - r->iEvStart);
  f->nByte = (uint32_t)n;
}

/* The "detail" members of the "args" object whose tokens are iArgs (its
** "{") to iEnd (just past its "}"), as on_key, on_scalar and on_open take
** them.  iCapture is the arena offset of the copy of the args object, or
** -1 when args itself is not wanted.  Returns 1, or 0 when out of memory. */
static int fast_build_detail(EventReader *r, const unsigned char *a, int iArgs, int iEnd, size_t iCapture){
  const FastToken *t = r->aTok;
  int i = iArgs + 1;
  while( i<iEnd-1 ){
    const FastToken *v = &t[i+1];
    int iNext = fast_value_end(t, i+1);
    uint32_t iJson, nJson;
    if( t[i].n!=6 || memcmp(a + t[i].iStart, "detail", 6)!=0 ){
      i = iNext;
      continue;
    }
    iJson = fast_json_start(v);
    nJson = t[iNext-1].iEnd - iJson;
    r->iFastPos = t[iNext-1].iEnd;
    if( v->eTok==TOK_STRING && iCapture!=(size_t)-1 ){
      r->detail.n = 0;
      if( buf_append(&r->detail, a + v->iStart, v->n) ) return reader_nomem(r);
      r->bDetailString = 1;
      r->cur.aField[EF_DETAIL].eType = EV_STRING;
    }else{
      int eType = fast_opens(v) ? EV_JSON : fast_scalar_type(v->eTok);
      r->bDetailString = 0;
      if( iCapture!=(size_t)-1 ){
        /* a slice of the copy of args */
        field_set(r, EF_DETAIL, eType, iCapture + (iJson - t[iArgs].iStart), nJson);
      }else{
        /* as detail_scalar and a capture of its own: a scalar's bytes are
        ** its text (none for true, false, null; a string's without its
        ** quotes), a container's its JSON */
        const unsigned char *z = eType==EV_JSON ? a + iJson : a + v->iStart;
        size_t n = eType==EV_JSON ? nJson : v->n, iOff = r->arena.n;
        if( buf_append(&r->arena, z, n) ) return reader_nomem(r);
        field_set_tail(r, EF_DETAIL, eType, iOff);
      }
    }
    i = iNext;
  }
  return 1;
}

/* One member of the event: the key at token iKey, its value up to token
** iEnd, as on_key, event_scalar and open_outside_capture (or a capture)
** take them.  Returns 1, or 0 when out of memory. */
static int fast_build_member(EventReader *r, const unsigned char *a, int iKey, int iEnd){
  const FastToken *t = r->aTok, *k = &t[iKey], *v = &t[iKey+1];
  int iField = event_field_of_key(a + k->iStart, k->n);
  uint32_t iJson = fast_json_start(v), nJson = t[iEnd-1].iEnd - iJson;
  r->iFastPos = t[iEnd-1].iEnd;
  if( iField==EF_PH ) r->bSawPh = 1;
  if( iField==EF_ARGS ){
    /* A repeated "args" replaces the first one, detail included. */
    r->cur.aField[EF_DETAIL].eType = EV_ABSENT;
    r->bDetailString = 0;
  }
  if( iField==EF_EXTRA ){
    if( want(r, EF_EXTRA) ){
      uint32_t iMember = fast_json_start(k);
      if( buf_byte(&r->extra, r->extra.n ? ',' : '{')
       || buf_append(&r->extra, a + iMember, t[iEnd-1].iEnd - iMember) ){
        return reader_nomem(r);
      }
    }
    return 1;
  }
  if( !fast_opens(v) ){
    size_t iOff = r->arena.n;
    int eType = fast_scalar_type(v->eTok);
    if( !want(r, iField) ){
      r->cur.aField[iField].eType = (unsigned char)eType;
    }else if( iField==EF_ARGS ){
      /* "args" that is not an object: kept as JSON text, and no detail */
      if( buf_append(&r->arena, a + iJson, nJson) ) return reader_nomem(r);
      field_set_tail(r, iField, EV_JSON, iOff);
    }else{
      if( buf_append(&r->arena, a + v->iStart, v->n) ) return reader_nomem(r);
      field_set_tail(r, iField, eType, iOff);
    }
    return 1;
  }
  {
    size_t iCapture = (size_t)-1;
    if( want(r, iField) ){
      iCapture = r->arena.n;
      if( buf_append(&r->arena, a + iJson, nJson) ) return reader_nomem(r);
      field_set_tail(r, iField, EV_JSON, iCapture);
    }else{
      r->cur.aField[iField].eType = EV_JSON;
    }
    if( iField==EF_ARGS && v->eTok==TOK_MAP_OPEN && want(r, EF_DETAIL) ){
      return fast_build_detail(r, a, iKey+1, iEnd, iCapture);
    }
  }
  return 1;
}

/* Build the event whose nTok tokens (fast_lex_event) start at a[0]
** straight into r->cur and queue it, leaving r exactly as the callbacks
** would if yajl had parsed it (tests/unit/fastpath_diff.h compares the
** two on every input).  In the fast path's subset (no whitespace, no
** escapes, printable ASCII) the compact JSON of a value is its text as
** written, so a captured value is a copy of the input.  Returns 1, or 0
** on an error (recorded). */
static int fast_build(EventReader *r, const unsigned char *a, int nTok){
  const FastToken *t = r->aTok;
  int d = r->nDepth, i = 1, bOk = 1;
  r->bInFast = 1;
  r->iFastPos = t[0].iEnd;
  r->bSawValue = 1;
  event_begin(r, d + 1);
  r->aHasElem[d] = 1;
  r->aIsMap[d+1] = 1;
  r->aHasElem[d+1] = nTok>2;
  while( bOk && i<nTok-1 ){
    int iEnd = fast_value_end(t, i+1);
    bOk = fast_build_member(r, a, i, iEnd);
    i = iEnd;
  }
  if( bOk ){
    r->iFastPos = t[nTok-1].iEnd;
    bOk = event_end(r);
  }
  if( !bOk && !r->bErr ) reader_error(r, "parse stopped");
  r->bInFast = 0;
  return bOk;
}

/* r stands between two events and a[0..n) follows.  Lex and build the
** events there that the fast path can take, each with what separates it
** from the next (whitespace, and for the object format one ","), which
** must be whole in a[0..n) too.  Returns the number of bytes consumed (and
** counted in nFed). */
static size_t fast_events(EventReader *r, const unsigned char *a, size_t n){
  size_t i = 0;
  while( i<n && a[i]=='{' && !r->bErr ){
    int nTok = 0;
    size_t nAvail = n - i < FAST_MAX_EVENT ? n - i : FAST_MAX_EVENT;
    size_t k = fast_lex_event(a + i, nAvail, r->aTok, &nTok), j;
    if( k==0 ) break;
    j = i + k;
    while( j<n && event_json_space(a[j]) ) j++;
    if( r->eFormat==FMT_OBJECT ){
      if( j>=n || a[j]!=',' ) break;
      j++;
      while( j<n && event_json_space(a[j]) ) j++;
    }
    if( !fast_build(r, a + i, nTok) ) return i;
    r->nFed += j - i;
    i = j;
  }
  return i;
}

/* The next place at or after a[iFrom] where, it seems, one event ends and
** another starts: a "{" preceded across whitespace by "}", or by "," and
** "}".  Sets *piClose (the "}") and *piNext (the "{") and returns 1, or
** returns 0.  Which of the two the format allows is checked later
** (fast_gap_ok): the format may be known only once yajl has parsed up to
** there. */
static int fast_find_boundary(const unsigned char *a, size_t n, size_t iFrom,
                              size_t *piClose, size_t *piNext){
  while( iFrom<n ){
    const unsigned char *p = memchr(a + iFrom, '{', n - iFrom);
    size_t g, j;
    if( p==0 ) return 0;
    g = (size_t)(p - a);
    iFrom = g + 1;
    j = g;
    while( j>0 && event_json_space(a[j-1]) ) j--;
    if( j>0 && a[j-1]==',' ){
      j--;
      while( j>0 && event_json_space(a[j-1]) ) j--;
    }
    if( j==0 || a[j-1]!='}' ) continue;
    *piClose = j - 1;
    *piNext = g;
    return 1;
  }
  return 0;
}

/* Do the bytes between the "}" at a[iClose] and the "{" at a[iNext]
** separate two events in r's format: whitespace and one "," for the
** object format, whitespace for JSON Lines? */
static int fast_gap_ok(const EventReader *r, const unsigned char *a, size_t iClose, size_t iNext){
  size_t i;
  int nComma = 0;
  for(i=iClose+1; i<iNext; i++){
    if( a[i]==',' ) nComma++;
    else if( !event_json_space(a[i]) ) return 0;
  }
  return nComma==(r->eFormat==FMT_OBJECT ? 1 : 0);
}

/* ------------------------------------------------------------------------
** Strings: strict UTF-8 and \u escapes
**
** yajl checks only the shape of a multi-byte sequence (a lead byte and so
** many continuation bytes): overlong forms, UTF-8-encoded surrogates and
** code points above U+10FFFF pass.  It decodes "\ud800\u0041" to U+10041, a
** lone "\udc00" to invalid UTF-8 and a lone "\ud800" to "?".  SQLite TEXT
** must be valid UTF-8, so every byte given to yajl is first followed by
** str_check, a small copy of yajl's lexer (outside a string, inside one,
** after a "\", in the hex digits of \u, inside a multi-byte sequence, after
** a high surrogate escape) that holds strings to what Python decodes
** (bytes.decode('utf-8'), and in JSON text only whole surrogate pairs).
** Its state carries from feed to feed, so it finds the same bad byte
** whatever the chunks.  Outside a string a '"' always starts one in yajl's
** lexer (or is its error), so the state is exact up to yajl's first error;
** reader_parse gives yajl only the bytes before the bad byte, so an earlier
** error of yajl's is still the one reported.  The fast path never needs
** it: its events are printable ASCII without escapes, and it takes them
** only between events, where str_check stands outside any string.
*/

/* States of str_check (r->eStr). */
enum { STR_OUT = 0, STR_IN, STR_ESC, STR_HEX, STR_UTF8, STR_LOW_BACKSLASH, STR_LOW_U };

/* Index of the first byte in a[i..n) that str_check must look at in a
** string: '"', '\\' or a non-ASCII byte (n when there is none).  Control
** characters are yajl's to reject.  Eight bytes at a time, then one by one
** (SSE2 measured slower: the strings of traces are short). */
static size_t str_span_ascii(const unsigned char *a, size_t n, size_t i){
  const uint64_t ONES = 0x0101010101010101ull, HIGH = 0x8080808080808080ull;
  while( n - i>=8 ){
    uint64_t x, q, b;
    memcpy(&x, a + i, 8);
    q = x ^ (ONES*'"');
    b = x ^ (ONES*'\\');
    /* q - 1, b - 1 set the high bit of zero bytes; false alarms are fine */
    if( (x | (q - ONES) | (b - ONES)) & HIGH ) break;
    i += 8;
  }
  while( i<n && a[i]!='"' && a[i]!='\\' && a[i]<0x80 ) i++;
  return i;
}

/* From a[i] on, outside a string or inside one (r->eStr), skip strings
** of printable ASCII without escapes and what lies between them.  Returns
** n, or the index of a '\\' or non-ASCII byte inside a string.  iAt: the
** offset of a[0], for r->iStrOpen. */
static size_t str_skip_ascii(EventReader *r, const unsigned char *a, size_t n, size_t i, uint64_t iAt){
  int bIn = r->eStr==STR_IN;
  for(;;){
    if( !bIn ){
      while( i<n && a[i]!='"' ) i++;
      if( i>=n ) break;
      r->iStrOpen = iAt + i;
      i++;
      bIn = 1;
    }
    i = str_span_ascii(a, n, i);
    if( i>=n || a[i]!='"' ) break;
    i++;
    bIn = 0;
  }
  r->eStr = bIn ? STR_IN : STR_OUT;
  return i;
}

/* A byte c >= 0x80 in a string: if it can start a character, the number of
** continuation bytes it needs (*pLo..*pHi is the range of the first one:
** narrower after E0 and F0, which would be overlong, ED, which would be a
** surrogate, and F4, which would be above U+10FFFF); else 0 (a
** continuation byte, C0 and C1 (always overlong), F5..FF). */
static int str_utf8_lead(unsigned char c, unsigned char *pLo, unsigned char *pHi){
  *pLo = 0x80;
  *pHi = 0xBF;
  if( c<0xC2 ) return 0;
  if( c<0xE0 ) return 1;
  if( c<0xF0 ){
    if( c==0xE0 ) *pLo = 0xA0;
    if( c==0xED ) *pHi = 0x9F;
    return 2;
  }
  if( c<0xF5 ){
    if( c==0xF0 ) *pLo = 0x90;
    if( c==0xF4 ) *pHi = 0x8F;
    return 3;
  }
  return 0;
}

/* The value of hex digit c, or -1. */
static int str_hex(unsigned char c){
  if( c>='0' && c<='9' ) return c - '0';
  if( c>='a' && c<='f' ) return c - 'a' + 10;
  if( c>='A' && c<='F' ) return c - 'A' + 10;
  return -1;
}

/* A bad string: remember the byte to name and why (reported by
** reader_parse once yajl has had the bytes before the one that showed it). */
static void str_bad(EventReader *r, uint64_t iByte, const char *zWhy){
  r->iStrBad = iByte;
  r->zStrBad = zWhy;
}

/* The last hex digit of a \u escape whose "\" is at r->iStrMark: a high
** surrogate must be followed by a low one, and a low one must follow a
** high one.  Returns 0, or 1 after str_bad. */
static int str_escape_end(EventReader *r){
  unsigned cp = r->cpEsc;
  int bLow = cp>=0xDC00 && cp<=0xDFFF;
  if( r->bWantLow ){
    r->bWantLow = 0;
    r->eStr = STR_IN;
    if( !bLow ) str_bad(r, r->iHighMark, "invalid \\u escape: unpaired surrogate");
    return !bLow;
  }
  if( bLow ){
    str_bad(r, r->iStrMark, "invalid \\u escape: unpaired surrogate");
    return 1;
  }
  if( cp>=0xD800 && cp<=0xDBFF ){
    r->iHighMark = r->iStrMark;
    r->eStr = STR_LOW_BACKSLASH;
  }else{
    r->eStr = STR_IN;
  }
  return 0;
}

/* Follow a[0..n), whose first byte is at offset iAt of the input, as
** yajl's lexer will.  Returns n, or the index of the first byte that shows
** a bad string (after str_bad: the byte named is that one, or where its
** character or escape starts).  A byte yajl rejects anyway (a bad escape,
** a control character) is left to yajl. */
static size_t str_check(EventReader *r, const unsigned char *a, size_t n, uint64_t iAt){
  size_t i = 0;
  while( i<n ){
    unsigned char c;
    if( r->eStr<=STR_IN ){
      /* The common case, strings of plain ASCII, in a loop of its own. */
      i = str_skip_ascii(r, a, n, i, iAt);
      if( i>=n ) return n;
    }
    c = a[i];
    switch( r->eStr ){
      case STR_IN:      /* at a "\\" or a non-ASCII byte: str_skip_ascii stopped */
        r->iStrMark = iAt + i;
        if( c=='\\' ){
          r->eStr = STR_ESC;
        }else if( (r->nStrNeed = str_utf8_lead(c, &r->cLo, &r->cHi))>0 ){
          r->eStr = STR_UTF8;
        }else{
          str_bad(r, iAt + i, "invalid UTF-8 in string");
          return i;
        }
        break;
      case STR_UTF8:
        if( c<r->cLo || c>r->cHi ){
          str_bad(r, r->iStrMark, "invalid UTF-8 in string");
          return i;
        }
        r->cLo = 0x80;
        r->cHi = 0xBF;
        if( --r->nStrNeed==0 ) r->eStr = STR_IN;
        break;
      case STR_ESC:
        r->eStr = c=='u' ? STR_HEX : STR_IN;
        r->nStrNeed = 4;
        r->cpEsc = 0;
        break;
      case STR_HEX:
        if( str_hex(c)<0 ){
          r->eStr = STR_IN;       /* yajl's error, at this byte */
          r->bWantLow = 0;
          continue;
        }
        r->cpEsc = r->cpEsc*16 + (unsigned)str_hex(c);
        if( --r->nStrNeed==0 && str_escape_end(r) ) return i;
        break;
      case STR_LOW_BACKSLASH:
      case STR_LOW_U:
        /* after a high surrogate escape: only "\u" of a low one may follow */
        if( c!=(r->eStr==STR_LOW_BACKSLASH ? '\\' : 'u') ){
          str_bad(r, r->iHighMark, "invalid \\u escape: unpaired surrogate");
          return i;
        }
        if( r->eStr==STR_LOW_BACKSLASH ){
          r->iStrMark = iAt + i;
          r->eStr = STR_LOW_U;
        }else{
          r->eStr = STR_HEX;
          r->nStrNeed = 4;
          r->cpEsc = 0;
          r->bWantLow = 1;
        }
        break;
    }
    i++;
  }
  return n;
}

/* Follow a[*pi..iTo) with str_check (iAt: the offset of a[0]) and move
** *pi past what was followed.  Returns 0, or 1 when a bad string showed
** at a[*pi]. */
static int str_follow(EventReader *r, const unsigned char *a, size_t *pi, size_t iTo, uint64_t iAt){
  size_t k = str_check(r, a + *pi, iTo - *pi, iAt + *pi);
  *pi += k;
  return *pi<iTo;
}

/* ------------------------------------------------------------------------
** yajl's memory
**
** yajl decodes a string with escapes into a buffer of its own, which
** grows by doubling: for a long string, a block as large as the string.
** Its pages, fresh each time, are what such a string costs most (a page
** fault per 4 KB is slow in a virtual machine: big_array.h).  So yajl's
** blocks come from big_resize, and a large block has its new pages made
** resident in one call.  A header before each block keeps its size.
*/

#define YAJL_MEM_HEAD 16    /* keeps the block aligned as malloc's */

/* yajl does not check what its allocator returns: yajl_alloc, its lexer,
** its buffers and its state stack write through the pointer at once, so
** a NULL crashes it.  So when the heap has no memory left, the allocator
** records "out of memory", hands yajl a block of the reader's emergency
** pool (aYajlPool, part of the reader: no allocation needed) and sets
** bYajlNoMem, which makes the next callback stop the parse.  What yajl
** allocates between a failure and that callback (its handle and lexer,
** a buffer of 2 KB, a step of the state stack) fits the pool many times;
** pool blocks go back with yajl_free (event_reader_reset, _free).  Only
** a block larger than what is left (a buffer grown for a token of more
** than about 16 KB, when even that fails) cannot be given: then the
** process stops with a message, as yajl would have crashed. */
static int yajl_mem_in_pool(const EventReader *r, const void *a){
  return (const unsigned char*)a >= r->aYajlPool
      && (const unsigned char*)a < r->aYajlPool + YAJL_POOL_BYTES;
}

static void yajl_mem_free(void *pCtx, void *p);

/* The allocation of n bytes for yajl (moving the block p) failed. */
static void *yajl_mem_emergency(EventReader *r, void *p, size_t n){
  size_t nNew, nOld = 0;
  unsigned char *a;
  reader_nomem(r);
  r->bYajlNoMem = 1;
  if( n > YAJL_POOL_BYTES
   || (nNew = (n + YAJL_MEM_HEAD + 15) & ~(size_t)15) > YAJL_POOL_BYTES - r->nYajlPool ){
    fprintf(stderr, "timetrace: out of memory inside yajl (a block of %zu bytes)\n", n);
    abort();
  }
  a = r->aYajlPool + r->nYajlPool;
  r->nYajlPool += nNew;
  memcpy(a, &nNew, sizeof(nNew));
  if( p ){
    memcpy(&nOld, (char*)p - YAJL_MEM_HEAD, sizeof(nOld));
    nOld -= YAJL_MEM_HEAD;
    memcpy(a + YAJL_MEM_HEAD, p, nOld<n ? nOld : n);
    yajl_mem_free(r, p);
  }
  return a + YAJL_MEM_HEAD;
}

static void *yajl_mem_realloc(void *pCtx, void *p, size_t n){
  EventReader *r = pCtx;
  void *a = p ? (char*)p - YAJL_MEM_HEAD : 0;
  size_t nOld = 0, nNew;
  if( a && yajl_mem_in_pool(r, a) ){
    /* out of the pool again, if the heap has room */
    void *pNew = yajl_mem_realloc(pCtx, 0, n);
    if( pNew ){
      memcpy(&nOld, a, sizeof(nOld));
      nOld -= YAJL_MEM_HEAD;
      memcpy(pNew, p, nOld<n ? nOld : n);
    }
    return pNew;
  }
  if( a ) memcpy(&nOld, a, sizeof(nOld));
  if( n > ((size_t)-1) - YAJL_MEM_HEAD ) return yajl_mem_emergency(r, p, n);
  nNew = n + YAJL_MEM_HEAD;
  if( big_resize(&a, a ? nOld : 0, nNew) ) return yajl_mem_emergency(r, p, n);
  if( nNew>nOld ) big_prefault(a, nNew, nOld, nNew);
  memcpy(a, &nNew, sizeof(nNew));
  return (char*)a + YAJL_MEM_HEAD;
}

static void *yajl_mem_malloc(void *pCtx, size_t n){
  return yajl_mem_realloc(pCtx, 0, n);
}

static void yajl_mem_free(void *pCtx, void *p){
  size_t n;
  if( p==0 || yajl_mem_in_pool(pCtx, p) ) return;
  memcpy(&n, (char*)p - YAJL_MEM_HEAD, sizeof(n));
  big_free((char*)p - YAJL_MEM_HEAD, n);
}

/* ------------------------------------------------------------------------
** The reader
*/

/* Set up a zeroed reader (its buffers may hold memory) for pCfg.  Returns
** 0, or 1 when out of memory (r then only needs event_reader_free). */
static int reader_init(EventReader *r, const EventReaderConfig *pCfg){
  yajl_alloc_funcs yajl_mem = { yajl_mem_malloc, yajl_mem_realloc, yajl_mem_free, r };
  r->cfg = *pCfg;
  if( r->cfg.bMetadata ) r->cfg.mWant = 0;
  r->pOut = &r->arena;
  r->hYajl = yajl_alloc(&event_callbacks, &yajl_mem, r);
  if( r->hYajl==0 || r->bYajlNoMem ) return 1;
  yajl_config(r->hYajl, yajl_allow_multiple_values, 1);
  if( r->cfg.eStart!=EVENT_START_FILE ){
    /* A byte range that starts between two events: put the reader in the
    ** state a whole-file reader has there, by parsing what would come
    ** before (no input: bytes offsets and nFed do not count it), or, for
    ** JSON Lines, by knowing the format (the first object of a file is an
    ** event only if it has a "ph" key and no "traceEvents" key, later ones
    ** always are).  No byte order mark can follow. */
    const char *zPrefix = 0;
    if( r->cfg.eStart==EVENT_START_LIST ) zPrefix = "[";
    if( r->cfg.eStart==EVENT_START_TRACE_EVENTS ) zPrefix = "{\"traceEvents\":[";
    if( r->cfg.eStart==EVENT_START_LINES ) r->eFormat = FMT_LINES;
    r->nBom = 3;
    if( zPrefix ){
      yajl_status st;
      r->bInParse = 1;
      st = yajl_parse(r->hYajl, (const unsigned char*)zPrefix, strlen(zPrefix));
      r->bInParse = 0;
      if( st!=yajl_status_ok || r->bErr ) return 1;   /* only when yajl is out of memory */
    }
  }
  return 0;
}

EventReader *event_reader_new(const EventReaderConfig *pCfg){
  EventReader *r = calloc(1, sizeof(*r));
  if( r==0 ) return 0;
  if( reader_init(r, pCfg) ){
    event_reader_free(r);
    return 0;
  }
  return r;
}

int event_reader_reset(EventReader *r, const EventReaderConfig *pCfg){
  ByteBuf arena = r->arena, extra = r->extra, detail = r->detail, hold = r->hold;
  QueuedEvent *aEv = r->aEv;
  size_t nEvAlloc = r->nEvAlloc;
  if( r->hYajl ) yajl_free(r->hYajl);
  /* all but the emergency pool, which nYajlPool (cleared) says is free:
  ** a reset per looked-up event must not write 32 KB */
  memset(r, 0, offsetof(EventReader, aYajlPool));
  r->arena = arena;
  r->extra = extra;
  r->detail = detail;
  r->hold = hold;
  r->arena.n = r->extra.n = r->detail.n = r->hold.n = 0;
  r->aEv = aEv;
  r->nEvAlloc = nEvAlloc;
  return reader_init(r, pCfg);
}

void event_reader_free(EventReader *r){
  if( r==0 ) return;
  if( r->hYajl ) yajl_free(r->hYajl);
  big_free(r->arena.a, r->arena.nAlloc);
  big_free(r->extra.a, r->extra.nAlloc);
  big_free(r->detail.a, r->detail.nAlloc);
  big_free(r->hold.a, r->hold.nAlloc);
  big_free(r->aEv, r->nEvAlloc*sizeof(QueuedEvent));
  free(r);
}

/* Before a feed: drop the events handed out, keep the one being built. */
static void reader_compact(EventReader *r){
  size_t iKeep;
  if( r->iEvNext<r->nEv || r->nEvReady<r->nEv ) return;
  iKeep = (r->bInEvent || r->bInMeta) ? r->iEvStart : r->arena.n;
  if( iKeep>0 ){
    memmove(r->arena.a, r->arena.a + iKeep, r->arena.n - iKeep);
    r->arena.n -= iKeep;
    r->iEvStart -= iKeep;
    if( r->iCaptureRoot>0 && r->pOut==&r->arena ) r->iCaptureStart -= iKeep;
    if( r->iDetailRoot>0 ) r->iDetailStart -= iKeep;
  }
  r->nEv = r->nEvReady = r->iEvNext = r->nEvFix = 0;
  r->iSeqFix = 0;
}

/* yajl's message for its own error, in the reader's words. */
static void reader_yajl_error(EventReader *r, const unsigned char *a, size_t n){
  unsigned char *zMsg = yajl_get_error(r->hYajl, 0, a, n);
  const char *z = (const char*)zMsg;
  const char *zColon;
  size_t nMsg;
  uint64_t iAt = reader_pos(r);
  if( z==0 ){
    reader_error_at(r, iAt, "invalid JSON");
    return;
  }
  zColon = strstr(z, "error: ");
  if( zColon ) z = zColon + 7;
  nMsg = strlen(z);
  while( nMsg>0 && (z[nMsg-1]=='\n' || z[nMsg-1]=='.' || z[nMsg-1]==' ') ) nMsg--;
  if( strncmp(z, "invalid bytes in UTF8 string", nMsg)==0 ){
    reader_error_at(r, iAt, "invalid UTF-8 in string");
  }else if( strncmp(z, "premature EOF", nMsg)==0 ){
    reader_error_at(r, iAt, "unexpected end of input");
  }else{
    reader_error_at(r, iAt, "invalid JSON: %.*s", (int)nMsg, z);
  }
  yajl_free_error(r->hYajl, zMsg);
}

/* Did yajl stop only because the input ended in the middle of the JSON? */
static int reader_yajl_premature_eof(EventReader *r){
  unsigned char *zMsg = yajl_get_error(r->hYajl, 0, 0, 0);
  int bEof = zMsg && strstr((const char*)zMsg, "premature EOF")!=0;
  if( zMsg ) yajl_free_error(r->hYajl, zMsg);
  return bEof;
}

/* Bytes a[i..n) of this input come after a tolerated ",]": only
** whitespace may follow. */
static void reader_after_end(EventReader *r, const unsigned char *a, size_t i, size_t n){
  for(; i<n; i++){
    if( !event_json_space(a[i]) ){
      reader_error_at(r, r->cfg.iByteBase + r->nFed + i, "unexpected data after the end of the trace");
      return;
    }
  }
}

/* After yajl rejected the "]" of "[...,]": the array format allows a
** trailing comma, so end the trace there if the rest is whitespace. */
static int reader_trailing_comma(EventReader *r, const unsigned char *a, size_t n){
  size_t i = yajl_get_bytes_consumed(r->hYajl);
  if( r->eFormat!=FMT_ARRAY || r->nDepth!=1 || r->bInEvent || r->bErr ) return 0;
  if( i==0 || i>n || a[i-1]!=']' ) return 0;
  r->bYajlDone = 1;
  r->nDepth = 0;
  r->bTopDone = 1;
  reader_after_end(r, a, i, n);
  return 1;
}

/* Skip a UTF-8 byte order mark at the very start.  Returns the number of
** leading bytes of a to skip; bytes that looked like a BOM but are not one
** are fed to yajl here. */
static size_t reader_skip_bom(EventReader *r, const unsigned char *a, size_t n){
  static const unsigned char aBom[3] = { 0xEF, 0xBB, 0xBF };
  size_t i = 0;
  while( r->nBom<3 && i<n ){
    if( a[i]!=aBom[r->nBom] ){
      int nHeld = r->nBom;
      r->nBom = 3;
      if( nHeld>0 ){
        r->bInParse = 1;
        if( yajl_parse(r->hYajl, aBom, (size_t)nHeld)==yajl_status_error ){
          reader_yajl_error(r, aBom, (size_t)nHeld);
        }
        r->bInParse = 0;
      }
      return i;
    }
    r->nBom++;
    i++;
  }
  return i;
}

/* Parse a[0..n) with yajl. */
static void reader_parse_yajl(EventReader *r, const unsigned char *a, size_t n){
  yajl_status st;
  if( r->bYajlDone ){
    reader_after_end(r, a, 0, n);
    r->nFed += n;
    return;
  }
  r->bInParse = 1;
  st = yajl_parse(r->hYajl, a, n);
  if( st==yajl_status_error && !reader_trailing_comma(r, a, n) && !r->bErr ){
    reader_yajl_error(r, a, n);
  }else if( st==yajl_status_client_canceled && !r->bErr ){
    reader_error(r, "parse stopped");
  }
  r->bInParse = 0;
  r->nFed += n;
}

/* A reader started inside "traceEvents" (a piece of a parallel scan, an
** event looked up by its offset) stands where the fast path may start,
** before any boundary "},{" is found: take its first event there, or a
** lone event would always go to yajl.  Only when a "," and the next
** event's "{" follow it: yajl, which has seen only the opening "[", is
** then where it would be after the event and its ",", as the next "{"
** is allowed in both places; before a "]" it would not be ("[{},]" is an
** error that "[]" is not).  Returns the bytes consumed, 0 for none. */
static size_t fast_first_event(EventReader *r, const unsigned char *a, size_t n){
  int nTok = 0;
  size_t k = fast_lex_event(a, n < FAST_MAX_EVENT ? n : FAST_MAX_EVENT, r->aTok, &nTok), j;
  if( k==0 ) return 0;
  j = k;
  while( j<n && event_json_space(a[j]) ) j++;
  if( j>=n || a[j]!=',' ) return 0;
  j++;
  while( j<n && event_json_space(a[j]) ) j++;
  if( j>=n || a[j]!='{' ) return 0;
  return fast_events(r, a, j);
}

/* Can the fast path ever apply to what follows?  Not to the array format
** or metadata (event_reader_at_boundary never holds there), nor after too
** many refusals in a row (then it would only cost time). */
static int fast_possible(const EventReader *r){
  return !r->cfg.bYajlOnly && !r->cfg.bMetadata && !r->bErr && !r->bYajlDone
      && r->eFormat!=FMT_ARRAY && r->nFastRefused<FAST_MAX_REFUSALS;
}

static size_t hold_string_tail(EventReader *r, const unsigned char *a, uint64_t iAt,
                               uint64_t iFrom, uint64_t iTo);

/* Parse a[0..n): with yajl, up to each place where an event seems to
** start; where r turns out to stand between two events, with the fast
** path as far as it goes.  Cutting yajl's input anywhere changes nothing
** (any chunking of the input gives the same result), but yajl is only ever
** cut between tokens: when a token spans two inputs, yajl places some of
** its errors at the start of the second input instead of the token's
** start, and a "{" that seems to start an event may be inside a string.
** str_check follows every byte yajl gets; at a bad string yajl gets the
** bytes before it, and its error comes first if it has one.  Returns the
** number of bytes parsed: all but a string that a[0..n) ends inside of,
** when it opened there (hold_string_tail: it is held back). */
static size_t reader_parse(EventReader *r, const unsigned char *a, size_t n){
  uint64_t iAt = r->cfg.iByteBase + r->nFed;   /* offset of a[0] */
  size_t i = 0, iFrom = 0, iClose, iNext, nHold = 0;
  size_t iChecked = 0;   /* a[0..iChecked) has been followed by str_check */
  int bBad = 0;          /* ... and a bad string showed at a[iChecked] */
  if( r->nFed==0 && n>0 && a[0]=='{' && fast_possible(r) && r->cfg.eStart==EVENT_START_TRACE_EVENTS ){
    size_t m = fast_first_event(r, a, n);
    if( m>0 ){
      i = iChecked = m;
      iFrom = i + 1;
    }
  }
  while( !bBad && i<n && fast_possible(r) && fast_find_boundary(a, n, iFrom, &iClose, &iNext) ){
    uint64_t iNextAt;
    iFrom = iNext + 1;
    bBad = str_follow(r, a, &iChecked, iNext, iAt);
    if( bBad || r->eStr!=STR_OUT ) continue;     /* the "{" is inside a string */
    if( iNext>i ) reader_parse_yajl(r, a + i, iNext - i);
    i = iNext;
    iNextAt = r->cfg.iByteBase + r->nFed;
    if( !fast_gap_ok(r, a, iClose, iNext)
     || !event_reader_at_boundary(r, iNextAt - (iNext - iClose), iNextAt) ){
      continue;
    }
    {
      size_t m = fast_events(r, a + i, n - i);
      if( m==0 ){
        r->nFastRefused++;
      }else{
        r->nFastRefused = 0;
        i += m;
        iChecked = i;    /* whole events: outside any string */
        iFrom = i<n && a[i]=='{' ? i + 1 : i;
      }
    }
  }
  if( r->bErr ) return n;
  if( !bBad ) bBad = str_follow(r, a, &iChecked, n, iAt);
  if( !bBad ) nHold = hold_string_tail(r, a, iAt, iAt + i, iAt + n);
  if( iChecked - nHold>i ) reader_parse_yajl(r, a + i, iChecked - nHold - i);
  if( bBad ) reader_error_at(r, r->iStrBad, "%s", r->zStrBad);
  return n - nHold;
}

/* ------------------------------------------------------------------------
** Long tokens
**
** yajl keeps the part of a token that reaches the end of its input and, at
** the next input, lexes that part again from the token's first byte (its
** lexer reads its saved bytes before the new ones).  A string of N bytes
** fed in chunks of C bytes was lexed N*N/(2*C) times over: a 200 MB string
** cost 30 s.  So the reader holds back (r->hold) what yajl would have to
** keep:
**   - an input that ends inside a string that opened in it goes to yajl
**     up to the string's '"'; the rest is held (reader_parse);
**   - while the held bytes or yajl end inside a string or a number, an
**     input that does not finish the token is held too;
**   - the input that finishes it goes to yajl after the held bytes, in one
**     piece with them when they are the larger part, so yajl gets a long
**     token whole (when yajl kept no start of it) or lexes it twice at
**     most.
** Any cutting of the input gives the same result, so this changes only the
** time and the copies.  Holding starts inside a token only: never between
** two events (event_reader_at_boundary) nor in the fast path.  At the end
** of the input, past HOLD_MAX held bytes, or when holding is out of
** memory, yajl gets the bytes as they come (bNoHold), as before.
*/

/* What the bytes fed end inside (r->eOpenTok). */
enum { OPEN_NONE = 0, OPEN_STRING, OPEN_NUMBER };

/* Held bytes go to yajl before they pass this, whatever follows. */
#define HOLD_MAX EVENT_MAX_BYTES

/* Can byte c be part of a JSON number? */
static int number_byte(unsigned char c){
  return (c>='0' && c<='9') || c=='.' || c=='e' || c=='E' || c=='+' || c=='-';
}

/* At the end of reader_parse's input a (a[0] at absolute offset iAt),
** whose bytes from offset iFrom on are about to go to yajl and which ends
** at iTo: if they end inside a string that opened among them, return how
** many bytes to hold back, and put str_check back where it stood at the
** first of them.  Else 0.  They start at the string's '"' or, when
** only whitespace lies between them, at the ":", ",", "[" or "{" before
** it: yajl copies the first token of an input (its lexer saves it, in
** case the input ended inside it), so the string had better be the second. */
static size_t hold_string_tail(EventReader *r, const unsigned char *a, uint64_t iAt,
                               uint64_t iFrom, uint64_t iTo){
  uint64_t i;
  if( r->bNoHold || r->bYajlDone || r->eStr==STR_OUT || r->iStrOpen<iFrom || r->iStrOpen>=iTo ) return 0;
  i = r->iStrOpen;
  while( i>iFrom && event_json_space(a[i-1-iAt]) ) i--;
  if( i>iFrom && strchr(":,[{", a[i-1-iAt]) ) i--;
  else i = r->iStrOpen;
  r->bHoldEsc = r->eStr==STR_ESC;   /* for hold_string_ends */
  r->eStr = STR_OUT;
  r->bWantLow = 0;
  return (size_t)(iTo - i);
}

/* After an input ending with byte cLast went to yajl: is a token open?  A
** string, if str_check stands inside one; maybe a number, if cLast can be
** part of one outside a string ("true" ends with an "e": then the next
** input ends the token at once). */
static void hold_note_end(EventReader *r, unsigned char cLast){
  r->eOpenTok = OPEN_NONE;
  if( r->bErr || r->bYajlDone ) return;
  if( r->eStr!=STR_OUT ){
    r->eOpenTok = OPEN_STRING;
    r->bHoldEsc = r->eStr==STR_ESC;
  }else if( number_byte(cLast) ){
    r->eOpenTok = OPEN_NUMBER;
  }
}

/* Number of "\\" just before a[k], down to a[i]. */
static size_t backslashes_before(const unsigned char *a, size_t i, size_t k){
  size_t m = 0;
  while( k>i && a[k-1]=='\\' ){
    k--;
    m++;
  }
  return m;
}

/* Does a[0..n) hold the '"' that ends the open string?  r->bHoldEsc: a[0]
** is escaped; updated for the byte after a[n-1] when the answer is no.  A
** '"' that a bad escape swallows counts too: then yajl reports the escape. */
static int hold_string_ends(EventReader *r, const unsigned char *a, size_t n){
  size_t i = 0;
  if( r->bHoldEsc && n>0 ){
    r->bHoldEsc = 0;
    i = 1;
  }
  while( i<n ){
    const unsigned char *q = memchr(a + i, '"', n - i);
    size_t k;
    if( q==0 ) break;
    k = (size_t)(q - a);
    if( backslashes_before(a, i, k)%2==0 ) return 1;
    i = k + 1;
  }
  if( i<n ) r->bHoldEsc = backslashes_before(a, i, n)%2==1;
  return 0;
}

/* Does a[0..n) hold the end of the open token? */
static int hold_token_ends(EventReader *r, const unsigned char *a, size_t n){
  size_t i;
  if( r->eOpenTok==OPEN_STRING ) return hold_string_ends(r, a, n);
  for(i=0; i<n; i++){
    if( !number_byte(a[i]) ) return 1;
  }
  return 0;
}

/* Give a[0..n) to the parsers now.  Returns the number of bytes at its
** end that reader_parse left out (hold_string_tail), 0 when bNoHold. */
static size_t reader_feed_now(EventReader *r, const unsigned char *a, size_t n){
  size_t nSkip, nUsed;
  if( r->bErr ) return 0;
  reader_compact(r);
  nSkip = r->nBom<3 ? reader_skip_bom(r, a, n) : 0;
  if( r->bErr ) return 0;
  r->nFed += nSkip;
  a += nSkip;
  n -= nSkip;
  if( n==0 ) return 0;
  nUsed = reader_parse(r, a, n);
  if( nUsed<n ){
    r->eOpenTok = OPEN_STRING;
  }else{
    hold_note_end(r, a[n-1]);
  }
  return n - nUsed;
}

/* Feed a[0..n) now, nothing held back. */
static void reader_feed_all(EventReader *r, const unsigned char *a, size_t n){
  r->bNoHold = 1;
  reader_feed_now(r, a, n);
  r->bNoHold = 0;
}

/* Give the held bytes to the parsers; what they leave out stays held. */
static void hold_flush(EventReader *r){
  size_t nLeft = reader_feed_now(r, (const unsigned char*)r->hold.a, r->hold.n);
  memmove(r->hold.a, r->hold.a + r->hold.n - nLeft, nLeft);
  r->hold.n = nLeft;
}

/* Hold the last k bytes of a[0..n), which reader_feed_now left out (the
** hold is empty); when out of memory, parse them now. */
static void hold_take(EventReader *r, const unsigned char *a, size_t n, size_t k){
  if( k>0 && buf_append(&r->hold, a + n - k, k) ) reader_feed_all(r, a + n - k, k);
}

/* event_reader_feed while a token is open: hold a[0..n) back unless it
** ends the token; else parse the held bytes and it, as one input when the
** held bytes are the larger part (a long token whole), else one after the
** other (a short one: yajl keeps its start, at little cost). */
static void hold_feed(EventReader *r, const unsigned char *a, size_t n){
  int bEnd = hold_token_ends(r, a, n);
  if( r->hold.n + n<=HOLD_MAX && (!bEnd || r->hold.n>=n) && buf_append(&r->hold, a, n)==0 ){
    if( bEnd ) hold_flush(r);
    return;
  }
  if( r->hold.n ){
    reader_feed_all(r, (const unsigned char*)r->hold.a, r->hold.n);
    r->hold.n = 0;
  }
  if( bEnd ){
    hold_take(r, a, n, reader_feed_now(r, a, n));
  }else{
    reader_feed_all(r, a, n);   /* too much to hold, or no memory for it */
  }
}

int event_reader_feed(EventReader *r, const unsigned char *a, size_t n){
  if( r->bErr ) return 1;
  if( r->eOpenTok!=OPEN_NONE ){
    hold_feed(r, a, n);
  }else{
    hold_take(r, a, n, reader_feed_now(r, a, n));
  }
  return r->bErr;
}

int event_reader_finish(EventReader *r){
  yajl_status st;
  if( r->bErr ) return 1;
  if( r->hold.n ){
    reader_feed_all(r, (const unsigned char*)r->hold.a, r->hold.n);
    r->hold.n = 0;
    if( r->bErr ) return 1;
  }
  if( r->nBom>0 && r->nBom<3 ){
    /* the input was only the start of a byte order mark */
    reader_error_at(r, reader_pos(r), "invalid JSON: incomplete byte order mark");
    return 1;
  }
  if( r->nFed==0 && r->cfg.eStart==EVENT_START_FILE ){
    reader_error_at(r, 0, "empty file");
    return 1;
  }
  st = r->bYajlDone ? yajl_status_ok : yajl_complete_parse(r->hYajl);
  if( r->bErr ) return 1;
  if( !r->bSawValue && r->cfg.eStart==EVENT_START_FILE ){
    reader_error_at(r, reader_pos(r), "empty trace: the input holds only whitespace");
    return 1;
  }
  if( st==yajl_status_ok ) return 0;
  /* yajl ends the input with a space: in the middle of a multi-byte
  ** character, that is invalid UTF-8 to yajl, but the input was cut
  ** short there as in the middle of any other string. */
  if( !reader_yajl_premature_eof(r) && r->eStr!=STR_UTF8 ){
    reader_yajl_error(r, 0, 0);
  }else if( r->eFormat==FMT_ARRAY && r->nDepth==1 && !r->bInEvent ){
    return 0;   /* the array format may end without its "]", or after a "," */
  }else if( r->bInEvent ){
    reader_error_event(r, reader_pos(r), "unexpected end of input inside event %lld (truncated trace?)",
                       r->iSeq + 1);
  }else if( r->eFormat==FMT_OBJECT ){
    reader_error_at(r, reader_pos(r), "unexpected end of input: the trace object is not closed (truncated trace?)");
  }else{
    reader_yajl_error(r, 0, 0);
  }
  return 1;
}

const TraceEvent *event_reader_next(EventReader *r){
  QueuedEvent *q;
  if( r->iEvNext>=r->nEvReady ) return 0;
  q = &r->aEv[r->iEvNext++];
  q->ev.zBase = r->arena.a + q->iBase;
  if( r->iEvNext<=r->nEvFix ) q->ev.iSeq += r->iSeqFix;
  return &q->ev;
}

const char *event_reader_errmsg(const EventReader *r){
  return r->bErr ? r->zErr : 0;
}

uint64_t event_reader_bytes(const EventReader *r){
  return r->nFed;
}

int64_t event_reader_seq(const EventReader *r){
  return r->cfg.iSeqBase + r->iSeq;
}

void event_reader_set_seq_base(EventReader *r, int64_t iSeqBase){
  int64_t iDelta = iSeqBase - r->cfg.iSeqBase;
  /* The queued events are renumbered as they are handed out (touching
  ** them all here costs a cache miss each).  When events were queued since
  ** an earlier renumbering still pending, that one is applied now. */
  if( r->nEvFix<r->nEv && r->iSeqFix!=0 ){
    size_t i;
    for(i=r->iEvNext; i<r->nEvFix; i++) r->aEv[i].ev.iSeq += r->iSeqFix;
    r->iSeqFix = 0;
  }
  r->iSeqFix += iDelta;
  r->nEvFix = r->nEv;
  r->cfg.iSeqBase = iSeqBase;
  if( r->bErr && r->zErrEventFmt ) reader_format_event_error(r);
}

/* Why this check is enough for a parallel scan to hand the bytes from
** iNext on to a fresh EVENT_START_TRACE_EVENTS or EVENT_START_LINES reader
** (whose events and errors are then those this reader would produce):
**
**   - r's last event ended with the "}" at iClose, and after it r consumed
**     only whitespace and, for the object format, one ",": no other token.
**     The caller read those bytes; r only has to confirm that the "}" it
**     saw close an event is that "}" (a "}" inside a string, or one that
**     closed something else, fails the test).
**   - So yajl stands where it stands after "{...}," inside an array (state
**     array_need_val) or after a top-level value (parse_complete, which
**     becomes got_value at the next byte), with nothing
**     half-lexed: whitespace and "," are whole tokens, and yajl's lexer
**     keeps no bytes of them.  The fresh reader's yajl has just lexed the
**     "[" of its prefix (array_start), or nothing (start).  These states
**     differ only on "]" (array_start takes it) and at the end of input;
**     the caller's next byte is the "{" of an event, on which both push the
**     same map state and continue identically.  The stack below (the
**     top-level object's map_got_val, then parse_complete) is the same.
**   - The reader's own state outside an event is eFormat, nDepth, the
**     container kinds at depths 1..2, iTopKey and bTopDone: the same in
**     both, given the format and depth checked here (FMT_OBJECT at depth 2
**     under "traceEvents", or FMT_LINES at depth 0), no open event,
**     capture or metadata record, and no tolerated ",]" end (bYajlDone).
**     Byte offsets agree because the fresh reader has iByteBase = iNext.
**     Only the numbering differs, which event_reader_set_seq_base fixes.
**   - Without an error so far, r reported everything the whole-file reader
**     reports up to iNext: yajl reports an error in the bytes it has seen,
**     whatever follows them (which is why any chunking gives the same
**     result). */
int event_reader_at_boundary(const EventReader *r, uint64_t iClose, uint64_t iNext){
  if( r->bErr || r->bYajlDone || r->bInEvent || r->bInMeta || r->iCaptureRoot>0 ) return 0;
  if( r->cfg.iByteBase + r->nFed!=iNext ) return 0;
  if( r->iEventEnd==0 || r->iEventEnd!=iClose + 1 ) return 0;
  if( r->eFormat==FMT_OBJECT ){
    return r->nDepth==2 && r->iTopKey==TOPKEY_TRACE_EVENTS && !r->bTopDone && !r->cfg.bMetadata;
  }
  return r->eFormat==FMT_LINES && r->nDepth==0;
}

/* ------------------------------------------------------------------------
** Pulling from a file
*/

struct EventFile {
  TraceSource *pSrc;       /* The file */
  EventReader *pReader;    /* Its parser */
  unsigned char *aBuf;     /* Read buffer */
  size_t nBuf;             /* Its size */
  int bDone;               /* No more input (end, or an error) */
  char zErr[TRACE_ERRMSG_MAX];  /* Error from the source, or a copy of the reader's */
  int bErr;
};

int event_file_open(const char *zPath, const EventReaderConfig *pCfg, size_t nChunk,
                    EventFile **ppFile, char *zErr, size_t nErr){
  EventFile *f = calloc(1, sizeof(*f));
  *ppFile = 0;
  if( f==0 ){
    snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  f->nBuf = nChunk ? nChunk : EVENT_FILE_CHUNK;
  f->aBuf = malloc(f->nBuf);
  f->pReader = event_reader_new(pCfg);
  if( f->aBuf==0 || f->pReader==0 ){
    snprintf(zErr, nErr, "out of memory");
    event_file_close(f);
    return 1;
  }
  if( trace_source_open_stop(zPath, pCfg->xStop, pCfg->pStopCtx, &f->pSrc, zErr, nErr) ){
    event_file_close(f);
    return 1;
  }
  *ppFile = f;
  return 0;
}

const TraceEvent *event_file_next(EventFile *f){
  for(;;){
    const TraceEvent *pEv = event_reader_next(f->pReader);
    long n;
    if( pEv || f->bDone ) return pEv;
    if( f->pReader->cfg.xStop && f->pReader->cfg.xStop(f->pReader->cfg.pStopCtx) ){
      snprintf(f->zErr, sizeof(f->zErr), "%s", EVENT_STOPPED);   /* once per chunk read */
      f->bErr = 1;
      f->bDone = 1;
      continue;
    }
    n = trace_source_read(f->pSrc, f->aBuf, f->nBuf, f->zErr, sizeof(f->zErr));
    if( n<0 ){
      f->bErr = 1;
      f->bDone = 1;
    }else if( n==0 ){
      f->bDone = 1;
      event_reader_finish(f->pReader);
    }else if( event_reader_feed(f->pReader, f->aBuf, (size_t)n) ){
      f->bDone = 1;
    }
  }
}

const char *event_file_errmsg(const EventFile *f){
  if( f->bErr ) return f->zErr;
  return event_reader_errmsg(f->pReader);
}

void event_file_close(EventFile *f){
  if( f==0 ) return;
  trace_source_close(f->pSrc);
  event_reader_free(f->pReader);
  free(f->aBuf);
  free(f);
}

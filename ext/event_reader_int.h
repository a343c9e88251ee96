/*
** event_reader_int.h: the insides of the event reader (event_reader.h),
** shared by the files that make it up.  Private: only those files include
** it (and unit tests that drive a piece alone).
**
**   event_reader.c      the reader: setup, each input given to yajl and
**                       the fast path in turn (reader_parse), the end of
**                       the input, the queue, errors, the boundary test,
**                       EventFile; the ByteBuf's growth
**   event_callbacks.c   yajl's callbacks, and the events and metadata
**                       records they build (event_end queues a record for
**                       the fast path as well)
**   event_fast.c        the fast path: events lexed and built without yajl
**   reader_hold.c       event_reader_feed: a token that reaches past the
**                       end of an input is held back from yajl
**   reader_yajl_mem.c   yajl's allocator, with an emergency pool
**   json_string_check.c strict UTF-8 and \u escapes (json_string_check.h:
**                       plain C of its own, embedded here as r->str)
**
** The fast path is the hot loop of every scan.  The small helpers it
** shares with the callbacks (buf_append, field_set_tail, event_begin, ...)
** are static inline here, so that they are inlined where they were when
** the reader was one file; the ones that were calls then are calls now.
*/
#ifndef TIMETRACE_EVENT_READER_INT_H
#define TIMETRACE_EVENT_READER_INT_H
#include "event_reader.h"
#include "big_array.h"
#include "json_string_check.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <yajl/yajl_parse.h>

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
/* Emergency memory for yajl when the heap fails (reader_yajl_mem.c). */
#define YAJL_POOL_BYTES (32*1024)

/* Formats. */
enum { FMT_UNKNOWN = 0, FMT_OBJECT, FMT_ARRAY, FMT_LINES };
/* What the last key at depth 1 of the top-level object was. */
enum { TOPKEY_OTHER = 0, TOPKEY_TRACE_EVENTS };
/* What the bytes fed end inside (r->eOpenTok, reader_hold.c). */
enum { OPEN_NONE = 0, OPEN_STRING, OPEN_NUMBER };

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
  uint16_t iNext;       /* An open's: the index of the token after its close */
  uint32_t iStart;      /* Its text (strings: between the quotes) */
  uint32_t n;
  uint32_t iEnd;        /* Just past the token, where yajl would stand */
} FastToken;

/* The keys the fast path expects: the k-th key of the last event whose
** k-th key was lexed in full, as its bytes from the opening quote through
** the ":" (anKey 0: none yet).  When that key's scalar value and the ","
** after it fit in the 16 bytes too, they follow it in aKey[k], the whole
** member is aMember[k].n bytes, and the rest of aMember[k] is the value's
** token, its places counted from the key's quote (n 0: no member).  Only
** a hint: a key or member is taken on its bytes. */
#define FAST_HINT_KEYS 16
typedef struct FastMemberHint {
  unsigned char n;              /* "key":value, in bytes (0: none) */
  unsigned char eTok;           /* The value's token: TOK_STRING, ... */
  unsigned char iStart, nVal, iEnd;
} FastMemberHint;
typedef struct FastKeyHints {
  _Alignas(16) unsigned char aKey[FAST_HINT_KEYS][16];
  unsigned char anKey[FAST_HINT_KEYS];
  FastMemberHint aMember[FAST_HINT_KEYS];
} FastKeyHints;

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
  /* (an event of the object format opens at depth 2: "{", "traceEvents" [) */
  unsigned char aIsMap[EVENT_MAX_DEPTH+4];   /* aIsMap[d]: container at depth d is an object */
  unsigned char aHasElem[EVENT_MAX_DEPTH+4]; /* aHasElem[d]: it has had a member (commas) */
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
  JsonStrCheck str;          /* The strings of the bytes given to yajl, where they end */
  /* A token that reaches past the end of the input (reader_hold.c) */
  int eOpenTok;              /* OPEN_*: what the bytes fed so far end inside */
  int bHoldEsc;              /* OPEN_STRING: the bytes so far end in an unpaired "\\" */
  unsigned char aTail[8];    /* The last bytes given to yajl (at most 8, nTail): */
  int nTail;                 /* ... does the input end inside a token? (finish) */
  ByteBuf hold;              /* Bytes fed but held back from yajl until the token ends */
  int bNoHold;               /* Give yajl every byte now (the end, no memory to hold) */
  int bErr;                  /* An error was recorded: the reader is finished */
  char zErr[TRACE_ERRMSG_MAX];
  const char *zErrEventFmt;  /* The error names an event: its format (one %lld), or NULL */
  int64_t iErrEvent;         /* The number of that event, without cfg.iSeqBase */
  uint64_t iErrByte;         /* Where that error is */
  /* yajl's memory when the heap has none left (reader_yajl_mem.c) */
  int bYajlNoMem;            /* yajl was given an emergency block: stop it */
  size_t nYajlPool;          /* Bytes of aYajlPool handed out */
  /* A reset that keeps yajl (event_reader_reset): a lookup parses one
  ** event per reset, and making yajl anew cost as much as the event */
  int bYajlUsed;             /* yajl was given input since reader_init */
  unsigned char *pInitState; /* The bytes of this struct before aTok just after
                             ** reader_init, or NULL */
  /* Not part of the state kept: scratch, and the pool */
  FastToken aTok[FAST_MAX_TOKENS];   /* The event being built (fast path) */
  FastKeyHints hints;                /* Its keys' bytes, expected (fast path) */
  _Alignas(16) unsigned char aYajlPool[YAJL_POOL_BYTES];
};

/* ------------------------------------------------------------------------
** Buffers
*/

/* Make room for n more bytes in p.  Returns 0, or 1 when out of memory
** (or past EVENT_MAX_BYTES).  event_reader.c. */
int buf_reserve(ByteBuf *p, size_t n);

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

static inline int buf_byte(ByteBuf *p, char c){
  if( p->n==p->nAlloc && buf_reserve(p, 1) ) return 1;
  p->a[p->n++] = c;
  return 0;
}

/* ------------------------------------------------------------------------
** Position and errors (event_reader.c)
*/

/* Position of the parser in the whole input, in bytes.  Inside a yajl
** callback this is just past the token being reported; while the fast
** path builds an event, just past the token it stands on. */
static inline uint64_t reader_pos(const EventReader *r){
  uint64_t n = r->cfg.iByteBase + r->nFed;
  if( r->bInParse ) n += yajl_get_bytes_consumed(r->hYajl);
  if( r->bInFast ) n += r->iFastPos;
  return n;
}

/* Record the first error as "byte N: message".  Returns 0 so that a yajl
** callback can `return reader_error(...)` to stop the parse. */
int reader_error_at(EventReader *r, uint64_t iByte, const char *zFmt, ...);
#define reader_error(r, ...) reader_error_at((r), reader_pos(r), __VA_ARGS__)

/* Record the first error, one whose message zFmt (a literal with one %lld)
** names the event iEvent of this reader's input, numbered as its iSeq
** would be.  Returns 0, like reader_error_at. */
int reader_error_event(EventReader *r, uint64_t iByte, const char *zFmt, int64_t iEvent);

/* "out of memory": returns 0, like reader_error_at. */
int reader_nomem(EventReader *r);

/* ------------------------------------------------------------------------
** Records: events and metadata (event_callbacks.c, and inline here)
*/

/* yajl's callbacks, whose context is the reader. */
extern const yajl_callbacks event_reader_callbacks;

static inline int want(const EventReader *r, int iField){
  return (r->cfg.mWant & EVENT_WANT(iField))!=0;
}

/* Field iField of the record being built is the arena from iOff (absolute)
** to its end. */
static inline void field_set_tail(EventReader *r, int iField, int eType, size_t iOff){
  EventField *f = &r->cur.aField[iField];
  f->eType = (unsigned char)eType;
  f->iOff = (uint32_t)(iOff - r->iEvStart);
  f->nByte = (uint32_t)(r->arena.n - iOff);
}

/* Start a record (event or metadata) at the end of the arena. */
static inline void record_begin(EventReader *r){
  /* an assignment, not memset: gcc makes a memset of this size (156
  ** bytes on x86-64) a `rep stos`, which took 13% of fast_events' time */
  static const TraceEvent empty;
  r->cur = empty;
  r->iEvStart = r->arena.n;
  r->extra.n = 0;
  r->detail.n = 0;
  r->bDetailString = 0;
}

/* An event's object has just opened ("{" consumed); it is at depth iDepth. */
static inline void event_begin(EventReader *r, int iDepth){
  record_begin(r);
  r->bInEvent = 1;
  r->iEventDepth = iDepth;
  r->iField = EF_EXTRA;
  r->bSawPh = 0;
  r->bArgsMap = 0;
  r->bDetailKey = 0;
  r->iDetailRoot = 0;
  r->cur.iByte = reader_pos(r) - 1;     /* the "{" has been consumed */
}

/* Which field does the key z[0..n) of an event name? */
static inline int event_field_of_key(const unsigned char *z, size_t n){
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

/* The event's object closed: finish it and queue it (unless filtered).
** Returns 1, or 0 on an error (recorded). */
int event_end(EventReader *r);

/* ------------------------------------------------------------------------
** The fast path (event_fast.c)
*/

/* Lex the event object that starts at a[0] ("{") into aTok.  Returns the
** length of the event (through its "}") and sets *pnTok, or returns 0 when
** the event is not whole in a[0..n) or not in the fast path's subset.
** *pHints (zeroed at first) is read and updated: it speeds the lexing of
** keys and members the events before had, and changes no token. */
size_t fast_lex_event(const unsigned char *a, size_t n, FastToken *aTok, int *pnTok, FastKeyHints *pHints);

/* r stands between two events and a[0..n) follows: build the events there
** that the fast path can take.  Returns the number of bytes consumed. */
size_t fast_events(EventReader *r, const unsigned char *a, size_t n);

/* The first event of a reader started inside "traceEvents", when the fast
** path may take it.  Returns the bytes consumed, 0 for none. */
size_t fast_first_event(EventReader *r, const unsigned char *a, size_t n);

/* The next place at or after a[iFrom] where, it seems, one event ends and
** another starts.  Returns 1 and sets *piClose (the "}") and *piNext (the
** "{"), or returns 0. */
int fast_find_boundary(const unsigned char *a, size_t n, size_t iFrom,
                       size_t *piClose, size_t *piNext);

/* Do the bytes between the "}" at a[iClose] and the "{" at a[iNext]
** separate two events in r's format? */
int fast_gap_ok(const EventReader *r, const unsigned char *a, size_t iClose, size_t iNext);

/* Can the fast path ever apply to what follows?  Not to the array format
** or metadata (event_reader_at_boundary never holds there), nor after too
** many refusals in a row (then it would only cost time). */
static inline int fast_possible(const EventReader *r){
  return !r->cfg.bYajlOnly && !r->cfg.bMetadata && !r->bErr && !r->bYajlDone
      && r->eFormat!=FMT_ARRAY && r->nFastRefused<FAST_MAX_REFUSALS;
}

/* ------------------------------------------------------------------------
** Giving bytes to the parsers (event_reader.c, reader_hold.c)
*/

/* Before a feed: drop the events handed out, keep the one being built. */
void reader_compact(EventReader *r);

/* Skip a UTF-8 byte order mark at the very start: the number of leading
** bytes of a to skip. */
size_t reader_skip_bom(EventReader *r, const unsigned char *a, size_t n);

/* Parse a[0..n) with yajl and the fast path.  Returns the number of bytes
** parsed: all but a string that a[0..n) ends inside of (held back). */
size_t reader_parse(EventReader *r, const unsigned char *a, size_t n);

/* How many bytes at the end of reader_parse's input to hold back: a
** string that opened among the bytes from iFrom on and reaches its end. */
size_t hold_string_tail(EventReader *r, const unsigned char *a, uint64_t iAt,
                        uint64_t iFrom, uint64_t iTo);

/* Feed a[0..n) now, nothing held back. */
void reader_feed_all(EventReader *r, const unsigned char *a, size_t n);

/* ------------------------------------------------------------------------
** yajl's memory (reader_yajl_mem.c)
*/

/* The allocator to give yajl_alloc for reader r. */
yajl_alloc_funcs reader_yajl_alloc_funcs(EventReader *r);

#endif

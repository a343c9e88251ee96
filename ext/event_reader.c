/*
** event_reader.c: Chrome trace-event JSON to event records, streaming, on
** top of yajl's callback parser.  Interface and usage: event_reader.h.
** The reader is made of several files, listed in event_reader_int.h,
** which holds the EventReader and what the files share.  This one holds
** the reader's life (setup, reset, free), the way an input is split
** between yajl and the fast path (reader_parse), the end of the input,
** queued events handed out, errors, event_reader_at_boundary and EventFile.
**
** The reader in short.  yajl calls back for every token and the callbacks
** (event_callbacks.c) build each event's fields in an arena.  When an
** event's object closes, the event is finished and queued; the caller
** takes queued events between feeds.  yajl cannot pause inside a chunk,
** so a feed queues every event the chunk completes; the arena holds those
** plus the event still being built, whose bytes move to the front of the
** arena at the next feed (reader_compact).  Memory is bounded by the
** chunk size and the largest event, not by the file.
**
** Between two events of the object format or JSON Lines, the fast path
** (event_fast.c) may lex and build the following events without yajl,
** with the same result; reader_parse finds those places.  Every byte
** given to yajl is also followed by the string check (r->str,
** json_string_check.c), which holds strings to valid UTF-8, and a token
** that reaches past the end of an input is held back from yajl until it
** ends (reader_hold.c, where event_reader_feed is).
*/
#include "event_reader_int.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read size of event_file_next when the caller does not choose one. */
#define EVENT_FILE_CHUNK (256*1024)

/* ------------------------------------------------------------------------
** Buffers and errors
*/

/* Make room for n more bytes in p.  Returns 0, or 1 when out of memory. */
int buf_reserve(ByteBuf *p, size_t n){
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

/* Record the first error as "byte N: message".  Returns 0 so that a yajl
** callback can `return reader_error(...)` to stop the parse. */
int reader_error_at(EventReader *r, uint64_t iByte, const char *zFmt, ...){
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
int reader_error_event(EventReader *r, uint64_t iByte, const char *zFmt, int64_t iEvent){
  if( !r->bErr ){
    r->zErrEventFmt = zFmt;
    r->iErrEvent = iEvent;
    r->iErrByte = iByte;
    reader_format_event_error(r);
    r->bErr = 1;
  }
  return 0;
}

/* Out of memory, or an event too large: returns 0, like reader_error_at. */
int reader_nomem(EventReader *r){
  return reader_error(r, "out of memory (or an event larger than %u MB)",
                      (unsigned)(EVENT_MAX_BYTES>>20));
}

/* ------------------------------------------------------------------------
** The reader
*/

/* Set up a zeroed reader (its buffers may hold memory) for pCfg.  Returns
** 0, or 1 when out of memory (r then only needs event_reader_free). */
static int reader_init(EventReader *r, const EventReaderConfig *pCfg){
  yajl_alloc_funcs yajl_mem = reader_yajl_alloc_funcs(r);
  r->cfg = *pCfg;
  if( r->cfg.bMetadata ) r->cfg.mWant = 0;
  r->pOut = &r->arena;
  r->hYajl = yajl_alloc(&event_reader_callbacks, &yajl_mem, r);
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

/* May r go back to the state it had just after reader_init instead of
** being made anew for pCfg?  When yajl has been given nothing since (the
** fast path took every event: a lookup's one event) and pCfg starts the
** same way, yajl's state is the one a new reader_init would make. */
static int reader_can_restore(const EventReader *r, const EventReaderConfig *pCfg){
  const EventReader *pInit = (const EventReader*)r->pInitState;
  return pInit && r->hYajl && !r->bYajlUsed && !r->bErr && !r->bYajlNoMem && pInit->hYajl==r->hYajl
      && pInit->cfg.eStart==pCfg->eStart && pInit->cfg.bMetadata==pCfg->bMetadata;
}

/* What a reset keeps of a reader: its buffers (emptied) and its saved
** initial state. */
typedef struct ReaderKept {
  ByteBuf arena, extra, detail, hold;
  QueuedEvent *aEv;
  size_t nEvAlloc;
  unsigned char *pInitState;
} ReaderKept;

/* Overwrite the first nBytes of r with pFrom (the saved initial state) or,
** when pFrom is NULL, zeros; keep what ReaderKept keeps. */
static void reader_overwrite(EventReader *r, const void *pFrom, size_t nBytes){
  ReaderKept k;
  k.arena = r->arena; k.extra = r->extra; k.detail = r->detail; k.hold = r->hold;
  k.aEv = r->aEv;
  k.nEvAlloc = r->nEvAlloc;
  k.pInitState = r->pInitState;
  if( pFrom ) memcpy(r, pFrom, nBytes); else memset(r, 0, nBytes);
  r->arena = k.arena; r->extra = k.extra; r->detail = k.detail; r->hold = k.hold;
  r->arena.n = r->extra.n = r->detail.n = r->hold.n = 0;
  r->aEv = k.aEv;
  r->nEvAlloc = k.nEvAlloc;
  r->pInitState = k.pInitState;
}

int event_reader_reset(EventReader *r, const EventReaderConfig *pCfg){
  if( reader_can_restore(r, pCfg) ){
    reader_overwrite(r, r->pInitState, offsetof(EventReader, aTok));
    r->cfg = *pCfg;
    if( r->cfg.bMetadata ) r->cfg.mWant = 0;
    return 0;
  }
  if( r->hYajl ) yajl_free(r->hYajl);
  /* all but the emergency pool, which nYajlPool (cleared) says is free:
  ** a reset per looked-up event must not write 32 KB */
  reader_overwrite(r, 0, offsetof(EventReader, aYajlPool));
  if( reader_init(r, pCfg) ){
    free(r->pInitState);
    r->pInitState = 0;
    return 1;
  }
  /* kept for the next reset (without it, resets make yajl anew) */
  if( r->pInitState==0 ) r->pInitState = malloc(offsetof(EventReader, aTok));
  if( r->pInitState ) memcpy(r->pInitState, r, offsetof(EventReader, aTok));
  return 0;
}

void event_reader_free(EventReader *r){
  if( r==0 ) return;
  if( r->hYajl ) yajl_free(r->hYajl);
  free(r->pInitState);
  big_free(r->arena.a, r->arena.nAlloc);
  big_free(r->extra.a, r->extra.nAlloc);
  big_free(r->detail.a, r->detail.nAlloc);
  big_free(r->hold.a, r->hold.nAlloc);
  big_free(r->aEv, r->nEvAlloc*sizeof(QueuedEvent));
  free(r);
}

/* Before a feed: drop the events handed out, keep the one being built. */
void reader_compact(EventReader *r){
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
size_t reader_skip_bom(EventReader *r, const unsigned char *a, size_t n){
  static const unsigned char aBom[3] = { 0xEF, 0xBB, 0xBF };
  size_t i = 0;
  while( r->nBom<3 && i<n ){
    if( a[i]!=aBom[r->nBom] ){
      int nHeld = r->nBom;
      r->nBom = 3;
      if( nHeld>0 ){
        r->bYajlUsed = 1;
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

/* Keep the last bytes of a[0..n), given to yajl, in r->aTail. */
static void reader_note_tail(EventReader *r, const unsigned char *a, size_t n){
  size_t nKeep = sizeof(r->aTail);
  if( n>=nKeep ){
    memcpy(r->aTail, a + n - nKeep, nKeep);
    r->nTail = (int)nKeep;
  }else if( n>0 ){
    size_t nOld = (size_t)r->nTail + n > nKeep ? nKeep - n : (size_t)r->nTail;
    memmove(r->aTail, r->aTail + r->nTail - nOld, nOld);
    memcpy(r->aTail + nOld, a, n);
    r->nTail = (int)(nOld + n);
  }
}

/* Does the input end inside a number or a literal (outside strings), which
** yajl, given a final space at the end, reports as malformed ("1.",
** "-", "1e+", "tr", "nul")?  Then the input was cut short there. */
static int reader_tail_cut(const EventReader *r){
  static const char *const azLit[] = { "true", "false", "null" };
  int i = r->nTail, n, k;
  unsigned char c;
  while( i>0 && !event_json_space(r->aTail[i-1]) && !strchr("{}[],:\"", r->aTail[i-1]) ) i--;
  n = r->nTail - i;             /* the last token: aTail[i..nTail) */
  if( n==0 ) return 0;
  c = r->aTail[r->nTail-1];
  if( (c=='-' || c=='+' || c=='.' || c=='e' || c=='E')
   && (r->aTail[i]=='-' || (r->aTail[i]>='0' && r->aTail[i]<='9')) ){
    return 1;                   /* a number without the digit it needs next */
  }
  if( i==0 && r->nTail==(int)sizeof(r->aTail) ) return 0;   /* its start is not here */
  for(k=0; k<3; k++){
    if( n<(int)strlen(azLit[k]) && memcmp(r->aTail + i, azLit[k], (size_t)n)==0 ) return 1;
  }
  return 0;
}

/* Parse a[0..n) with yajl. */
static void reader_parse_yajl(EventReader *r, const unsigned char *a, size_t n){
  yajl_status st;
  if( r->bYajlDone ){
    reader_after_end(r, a, 0, n);
    r->nFed += n;
    return;
  }
  r->bYajlUsed = 1;
  r->bInParse = 1;
  reader_note_tail(r, a, n);
  st = yajl_parse(r->hYajl, a, n);
  if( st==yajl_status_error && !reader_trailing_comma(r, a, n) && !r->bErr ){
    reader_yajl_error(r, a, n);
  }else if( st==yajl_status_client_canceled && !r->bErr ){
    reader_error(r, "parse stopped");
  }
  r->bInParse = 0;
  r->nFed += n;
}

/* Follow a[*pi..iTo) with the string check (iAt: the offset of a[0])
** and move *pi past what was followed.  Returns 0, or 1 when a bad string
** showed at a[*pi]. */
static int str_follow(EventReader *r, const unsigned char *a, size_t *pi, size_t iTo, uint64_t iAt){
  size_t k = json_str_check(&r->str, a + *pi, iTo - *pi, iAt + *pi);
  *pi += k;
  return *pi<iTo;
}

/* Parse a[0..n): with yajl, up to each place where an event seems to
** start; where r turns out to stand between two events, with the fast
** path as far as it goes.  Cutting yajl's input anywhere changes nothing
** (any chunking of the input gives the same result), but yajl is only ever
** cut between tokens: when a token spans two inputs, yajl places some of
** its errors at the start of the second input instead of the token's
** start, and a "{" that seems to start an event may be inside a string.
** The string check follows every byte yajl gets; at a bad string yajl
** gets the bytes before it, and its error comes first if it has one.
** Returns the number of bytes parsed: all but a string that a[0..n) ends
** inside of, when it opened there (hold_string_tail: it is held back). */
size_t reader_parse(EventReader *r, const unsigned char *a, size_t n){
  uint64_t iAt = r->cfg.iByteBase + r->nFed;   /* offset of a[0] */
  size_t i = 0, iFrom = 0, iClose, iNext, nHold = 0;
  size_t iChecked = 0;   /* a[0..iChecked) has been followed by the string check */
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
    if( bBad || r->str.eState!=JSON_STR_OUT ) continue;     /* the "{" is inside a string */
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
  if( bBad ) reader_error_at(r, r->str.iBad, "%s", r->str.zBad);
  return n - nHold;
}

int event_reader_finish(EventReader *r){
  yajl_status st;
  int bCut;
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
  r->bYajlUsed = 1;
  st = r->bYajlDone ? yajl_status_ok : yajl_complete_parse(r->hYajl);
  if( r->bErr ) return 1;
  if( !r->bSawValue && r->cfg.eStart==EVENT_START_FILE ){
    reader_error_at(r, reader_pos(r), "empty trace: the input holds only whitespace");
    return 1;
  }
  if( st==yajl_status_ok ) return 0;
  /* yajl ends the input with a space: inside a string (after a "\\", in
  ** a \u escape, inside a multi-byte character), a number ("1.") or a
  ** literal ("tr"), that is a malformed token to yajl, but the input was
  ** cut short there, as anywhere else. */
  bCut = r->str.eState!=JSON_STR_OUT || reader_tail_cut(r);
  if( !reader_yajl_premature_eof(r) && !bCut ){
    reader_yajl_error(r, 0, 0);
  }else if( r->eFormat==FMT_ARRAY && r->nDepth==1 && !r->bInEvent && !bCut ){
    return 0;   /* the array format may end without its "]", or after a "," */
  }else if( r->bInEvent || (r->eFormat==FMT_ARRAY && r->nDepth==1) ){
    /* (or cut inside an element that is not an object: "[{...},tru") */
    reader_error_event(r, reader_pos(r), "unexpected end of input inside event %lld (truncated trace?)",
                       r->iSeq + 1);
  }else if( r->eFormat==FMT_OBJECT ){
    reader_error_at(r, reader_pos(r), "unexpected end of input: the trace object is not closed (truncated trace?)");
  }else{
    reader_yajl_error(r, 0, 0);
  }
  return 1;
}

int event_reader_feed_one(EventReader *r, const unsigned char *a, size_t n){
  if( r->nFed==0 && r->hold.n==0 && n>0 && a[0]=='{'
   && (r->cfg.eStart==EVENT_START_TRACE_EVENTS || r->cfg.eStart==EVENT_START_LINES)
   && fast_possible(r) && fast_first_event(r, a, n)>0 ){
    return r->bErr;
  }
  return event_reader_feed(r, a, n);
}

const TraceEvent *event_reader_next(EventReader *r){
  QueuedEvent *q;
  if( r->iEvNext>=r->nEvReady ) return 0;
  q = &r->aEv[r->iEvNext++];
  /* an arena that never held a byte has no buffer: its events' fields
  ** (all empty strings, or absent) still need a base to point at */
  q->ev.zBase = r->arena.a ? r->arena.a + q->iBase : "";
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

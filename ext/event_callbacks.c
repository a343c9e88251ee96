/*
** event_callbacks.c: yajl's callbacks for the event reader, and the
** records they build.  A piece of the event reader (event_reader_int.h
** lists the pieces); reader_init gives event_reader_callbacks to yajl.
**
** yajl calls back for every token.  The reader keeps the nesting depth
** and knows at which depth event objects open (1 in JSON Lines, 2 in the
** array format, 3 inside "traceEvents").  Inside an event, a key picks
** the field the next value goes to; scalar values are copied into the
** arena as raw bytes (numbers as their JSON text), and object or array
** values are written back out as compact JSON ("capture").  "args" is
** special: its "detail" member is also kept as a field of its own.  Keys
** that are not columns go, with their values, into one JSON object
** ("extra"), built in a side buffer and appended when the event ends; a
** string detail is kept decoded in another side buffer for the same reason
** when the arena is receiving the args capture at that moment (else it
** goes to the arena like any scalar: one copy less of a long string).
** When an event's object closes, event_end finishes the event and queues
** it; the fast path (event_fast.c) ends its events there too, so both
** paths queue exactly the same records.
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
#include "event_reader_int.h"

#include <string.h>

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
** Events (want, field_set_tail, record_begin and event_begin are inline
** in event_reader_int.h: the fast path uses them too)
*/

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

/* The event's object closed: finish it and queue it (unless filtered).
** Also the end of every event of the fast path. */
int event_end(EventReader *r){
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
    r->cur.zBase = r->arena.a ? r->arena.a + r->iEvStart : "";   /* valid during the call */
    if( !r->cfg.xAccept(r->cfg.pAcceptCtx, &r->cur) ){
      r->arena.n = r->iEvStart;
      return 1;
    }
  }
  if( !queue_push(r) ) return 0;
  r->nEvReady = r->nEv;
  return 1;
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
  /* EVENT_MAX_DEPTH levels in one event, the event's own object the
  ** first, whatever the format: JSON Lines' events open at depth 0, the
  ** array format's at 1, the object format's at 2 */
  if( d>=EVENT_MAX_DEPTH + (r->eFormat==FMT_OBJECT ? 2 : r->eFormat==FMT_ARRAY ? 1 : 0) ){
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

const yajl_callbacks event_reader_callbacks = {
  cb_null, cb_boolean, 0, 0, cb_number, cb_string,
  cb_start_map, on_key, cb_end_map, cb_start_array, cb_end_array
};

/*
** event_index.c: where each event of a trace file starts, and any one of
** them parsed on demand.  See event_index.h for the interface.
**
** How it works.  aOff[i] is the offset of event i+1's "{" in the file's
** (decompressed) bytes, as the reader reports it (TraceEvent.iByte), and
** aOff[nEvent] is the end of those bytes.  Event i+1 lies in
** [aOff[i], aOff[i+1]): its own bytes, then the "," or newline after it
** (or, after the last one, whatever ends the trace).  A fetch reads that
** range and the next event's "{" and feeds them to a reader started in
** the file's format (index_format) between two events; the reader
** completes the event at its "}" (on its fast path when the "," and the
** "{" follow it) and may then stop on the bytes after it (a "]" followed
** by other keys), which does not matter: the event was complete before.
**
** Why not keep the events themselves: they are the file (1.4 GB for a
** big rustc trace); the offsets are 8 bytes each.  Why pread and not
** mmap: a file truncated under a mapping raises SIGBUS, while a short
** read is an error the table can report.  A read takes a window of
** EVENT_INDEX_WINDOW bytes, which later fetches nearby use again (a
** slice's parent is usually written soon after it): in a join on parent
** over 300 MB of a rustc trace, 32 KB windows took about a third less
** time than one read per event, and less than 8 or 128 KB windows.
*/
#include "event_index.h"
#include "big_array.h"
#include "event_pscan.h"
#include "partial.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read size when inflating a gzip file into the temporary file. */
#define EVENT_INDEX_CHUNK (256*1024)
/* A fetch reads this much from the event on and keeps it (in one of
** EVENT_INDEX_WINDOWS windows): the next events asked for are usually
** close by, and one read for many events costs a fraction of one each. */
#define EVENT_INDEX_WINDOW  (32*1024)
#define EVENT_INDEX_WINDOWS 4
/* The last events parsed, kept parsed: a parent is asked for once per
** child, and the children of a few parents interleave. */
#define EVENT_INDEX_KEEP    8

/* Bytes [iOff, iOff+n) of the indexed data. */
typedef struct IndexWindow {
  unsigned char *a;
  size_t n, nAlloc;
  uint64_t iOff;
  unsigned iUsed;         /* when it was last used: the oldest is read over */
} IndexWindow;

/* An event parsed earlier, with a copy of its bytes. */
typedef struct KeptEvent {
  int64_t iSeq;           /* 0: an empty slot */
  unsigned mWant;         /* the fields it was built with */
  unsigned iUsed;
  TraceEvent ev;          /* ev.zBase points into a */
  char *a;
  size_t nAlloc;
} KeptEvent;

struct EventIndex {
  int fd;                 /* the file, or the temporary file of a gzip one */
  EventOffsets offs;      /* offs.nEvent+1 offsets (see above) */
  int bYajlOnly;          /* EventReaderConfig.bYajlOnly */
  int bPartial;           /* EVENT_INDEX_PARTIAL */
  int eStart;             /* how a fetch's reader starts (index_format) */
  EventReader *pReader;   /* parses fetched events, or NULL before the first */
  IndexWindow aWin[EVENT_INDEX_WINDOWS];
  KeptEvent aKept[EVENT_INDEX_KEEP];
  unsigned iClock;        /* for iUsed */
  TraceFileId id;         /* fd is the trace itself (id.bKnown): how it was
                          ** when indexed, checked before every read */
  EventStopFn xStop;      /* building: asked once per chunk or piece, or NULL */
  void *pStopCtx;
};

void event_offsets_init(EventOffsets *p, const char *zPath){
  memset(p, 0, sizeof(*p));
  if( zPath ) trace_file_id(zPath, &p->id);
}

/* Append offset iByte.  Returns 0, or 1 when out of memory.  Room for one
** more is kept, for the end the index adds. */
int event_offsets_push(EventOffsets *p, uint64_t iByte){
  if( (size_t)p->nEvent + 1 >= p->nAlloc ){
    size_t nNew = p->nAlloc ? 2*p->nAlloc : 4096;
    if( big_resize((void**)&p->aOff, p->nAlloc*sizeof(uint64_t), nNew*sizeof(uint64_t)) ) return 1;
    p->nAlloc = nNew;
  }
  p->aOff[p->nEvent++] = iByte;
  return 0;
}

void event_offsets_free(EventOffsets *p){
  big_free(p->aOff, p->nAlloc*sizeof(uint64_t));
  memset(p, 0, sizeof(*p));
}

static int index_push(EventIndex *p, uint64_t iByte){
  return event_offsets_push(&p->offs, iByte);
}

/* Write all n bytes of a to fd.  Returns 0, or -1 with errno set. */
static int write_all(int fd, const unsigned char *a, size_t n){
  while( n>0 ){
    ssize_t k = write(fd, a, n);
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ){
      if( k==0 ) errno = EIO;
      return -1;
    }
    a += k;
    n -= (size_t)k;
  }
  return 0;
}

/* An unnamed temporary file, open for reading and writing: created in
** $TMPDIR (else /tmp) and unlinked at once.  Returns its fd or -1. */
static int temp_file(char *zErr, size_t nErr){
  const char *zDir = getenv("TMPDIR");
  char zPath[4096];
  int fd;
  if( zDir==0 || zDir[0]==0 ) zDir = "/tmp";
  if( (size_t)snprintf(zPath, sizeof(zPath), "%s/timetrace-XXXXXX", zDir)>=sizeof(zPath) ){
    snprintf(zErr, nErr, "cannot make a temporary file: TMPDIR is too long");
    return -1;
  }
  fd = mkstemp(zPath);
  if( fd<0 ){
    snprintf(zErr, nErr, "cannot make a temporary file in %s to read the gzip file from: %s",
             zDir, strerror(errno));
    return -1;
  }
  unlink(zPath);
  return fd;
}

/* Take the offsets of the events r has completed. */
static int index_drain(EventIndex *p, EventReader *r){
  const TraceEvent *pEv;
  while( (pEv = event_reader_next(r))!=0 ){
    if( index_push(p, pEv->iByte) ) return 1;
  }
  return 0;
}

/* Index a gzip file: inflate it into a temporary file while a reader
** finds its events. */
static int index_gzip(EventIndex *p, const char *zPath, char *zErr, size_t nErr){
  TraceSource *pSrc = 0;
  EventReader *r = 0;
  EventReaderConfig cfg;
  unsigned char *aBuf = 0;
  uint64_t nTotal = 0;
  long n;
  int rc = 1;
  memset(&cfg, 0, sizeof(cfg));
  cfg.bYajlOnly = p->bYajlOnly;
  p->fd = temp_file(zErr, nErr);
  if( p->fd<0 ) return 1;
  if( trace_source_open_stop(zPath, p->xStop, p->pStopCtx, &pSrc, zErr, nErr) ) return 1;
  aBuf = malloc(EVENT_INDEX_CHUNK);
  r = event_reader_new(&cfg);
  if( aBuf==0 || r==0 ){
    snprintf(zErr, nErr, "out of memory");
    goto done;
  }
  while( (n = trace_source_read(pSrc, aBuf, EVENT_INDEX_CHUNK, zErr, nErr))>0 ){
    if( p->xStop && p->xStop(p->pStopCtx) ){
      snprintf(zErr, nErr, "%s", EVENT_STOPPED);
      goto done;
    }
    if( write_all(p->fd, aBuf, (size_t)n) ){
      snprintf(zErr, nErr, "cannot write the temporary file that holds it inflated: %s", strerror(errno));
      goto done;
    }
    nTotal += (uint64_t)n;
    if( event_reader_feed(r, aBuf, (size_t)n) || index_drain(p, r) ) break;
  }
  if( n<0 && !(p->bPartial && partial_tolerates(zErr)) ) goto done;
  if( n>=0 && event_reader_errmsg(r)==0 ) event_reader_finish(r);
  if( index_drain(p, r) ){
    snprintf(zErr, nErr, "out of memory");
    goto done;
  }
  if( n>=0 && event_reader_errmsg(r) ){
    snprintf(zErr, nErr, "%s", event_reader_errmsg(r));
    if( !(p->bPartial && partial_tolerates(zErr)) ) goto done;
  }
  rc = index_push(p, nTotal);
  if( rc ) snprintf(zErr, nErr, "out of memory");
  else p->offs.nEvent--;                       /* the end is not an event */
done:
  event_reader_free(r);
  free(aBuf);
  trace_source_close(pSrc);
  return rc;
}

/* Index a plain file with a (parallel) scan that builds no field. */
static int index_plain(EventIndex *p, const char *zPath, int nThread, char *zErr, size_t nErr){
  EventReaderConfig cfg;
  EventPScan *pScan;
  const TraceEvent *pEv;
  struct stat st;
  memset(&cfg, 0, sizeof(cfg));
  cfg.bYajlOnly = p->bYajlOnly;
  cfg.xStop = p->xStop;
  cfg.pStopCtx = p->pStopCtx;
  if( fstat(p->fd, &st) ){
    snprintf(zErr, nErr, "cannot stat: %s", strerror(errno));
    return 1;
  }
  trace_file_id_of(&st, &p->id);
  if( event_pscan_open(zPath, &cfg, nThread, &pScan, zErr, nErr) ) return 1;
  while( (pEv = event_pscan_next(pScan))!=0 ){
    if( index_push(p, pEv->iByte) ){
      event_pscan_close(pScan);
      snprintf(zErr, nErr, "out of memory");
      return 1;
    }
  }
  if( event_pscan_errmsg(pScan) ){
    snprintf(zErr, nErr, "%s", event_pscan_errmsg(pScan));
    if( !(p->bPartial && partial_tolerates(zErr)) ){
      event_pscan_close(pScan);
      return 1;
    }
  }
  event_pscan_close(pScan);
  if( index_push(p, (uint64_t)st.st_size) ){
    snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  p->offs.nEvent--;
  return 0;
}

/* How a reader of one event starts, from the data's first bytes a[0..n):
** inside "traceEvents" for the object format, at a line for JSON Lines
** (the first event is the first object), inside a list for the array
** format.  Starting in the file's own format lets the reader take the
** event on its fast path, which the array format does not have. */
static int index_format(const EventIndex *p, const unsigned char *a, size_t n){
  size_t i = 0;
  if( n>=3 && a[0]==0xEF && a[1]==0xBB && a[2]==0xBF ) i = 3;
  while( i<n && event_json_space(a[i]) ) i++;
  if( i<n && a[i]=='{' ){
    return p->offs.nEvent>0 && p->offs.aOff[0]==i ? EVENT_START_LINES : EVENT_START_TRACE_EVENTS;
  }
  return EVENT_START_LIST;
}

/* Set how a fetch's reader starts, from the first bytes of the data.
** Returns 0, or 1 with a message. */
static int index_set_format(EventIndex *p, char *zErr, size_t nErr){
  unsigned char aHead[256];
  ssize_t nHead;
  do{ nHead = pread(p->fd, aHead, sizeof(aHead), 0); }while( nHead<0 && errno==EINTR );
  if( nHead<0 ){
    snprintf(zErr, nErr, "cannot read: %s", strerror(errno));
    return 1;
  }
  p->eStart = index_format(p, aHead, (size_t)nHead);
  return 0;
}

/* Does fd start with gzip's magic bytes?  0 no, 1 yes, -1 read error. */
static int starts_gzip(int fd){
  unsigned char a[2];
  ssize_t n;
  do{ n = pread(fd, a, 2, 0); }while( n<0 && errno==EINTR );
  if( n<0 ) return -1;
  return n==2 && a[0]==0x1f && a[1]==0x8b;
}

int event_index_adoptable(const char *zPath){
  struct stat st;
  int fd, bGzip;
  if( trace_source_one_pass(zPath) || stat(zPath, &st) || !S_ISREG(st.st_mode) ) return 0;
  fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if( fd<0 ) return 0;
  bGzip = starts_gzip(fd);
  close(fd);
  return bGzip==0;
}

int event_index_adopt(const char *zPath, EventOffsets *pOffsets, unsigned mFlags, EventIndex **pp,
                      char *zErr, size_t nErr){
  EventIndex *p = calloc(1, sizeof(*p));
  struct stat st;
  *pp = 0;
  if( nErr ) zErr[0] = 0;
  if( p==0 ){
    event_offsets_free(pOffsets);
    snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  p->offs = *pOffsets;
  memset(pOffsets, 0, sizeof(*pOffsets));
  p->bYajlOnly = (mFlags & EVENT_INDEX_YAJL_ONLY)!=0;
  p->bPartial = (mFlags & EVENT_INDEX_PARTIAL)!=0;
  p->fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if( p->fd<0 || fstat(p->fd, &st) ){
    snprintf(zErr, nErr, "cannot open: %s", strerror(errno));
    event_index_free(p);
    return 1;
  }
  trace_file_id_of(&st, &p->id);
  /* offsets of another file, or of this one before a rewrite, would give
  ** other events' bytes */
  if( !p->offs.id.bKnown || !trace_file_id_same(&p->offs.id, &p->id) || starts_gzip(p->fd)!=0 ){
    snprintf(zErr, nErr, "the file is not the one its offsets were recorded from");
    event_index_free(p);
    return 1;
  }
  if( index_push(p, (uint64_t)st.st_size) ){
    snprintf(zErr, nErr, "out of memory");
    event_index_free(p);
    return 1;
  }
  p->offs.nEvent--;                       /* the end is not an event */
  if( index_set_format(p, zErr, nErr) ){
    event_index_free(p);
    return 1;
  }
  *pp = p;
  return 0;
}

int event_index_build(const char *zPath, int nThread, unsigned mFlags, EventIndex **pp,
                      char *zErr, size_t nErr){
  return event_index_build_ex(zPath, nThread, mFlags, 0, 0, pp, zErr, nErr);
}

int event_index_build_ex(const char *zPath, int nThread, unsigned mFlags, EventStopFn xStop,
                         void *pStopCtx, EventIndex **pp, char *zErr, size_t nErr){
  EventIndex *p;
  int bGzip, rc;
  *pp = 0;
  if( nErr ) zErr[0] = 0;
  if( trace_source_one_pass(zPath) ){
    snprintf(zErr, nErr, "standard input, a pipe, a FIFO or a device can be read only once: "
                         "save it to a file to look events up by rowid");
    return 1;
  }
  p = calloc(1, sizeof(*p));
  if( p==0 ){
    snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  p->bYajlOnly = (mFlags & EVENT_INDEX_YAJL_ONLY)!=0;
  p->bPartial = (mFlags & EVENT_INDEX_PARTIAL)!=0;
  p->xStop = xStop;
  p->pStopCtx = pStopCtx;
  p->fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if( p->fd<0 ){
    snprintf(zErr, nErr, "cannot open: %s", strerror(errno));
    free(p);
    return 1;
  }
  bGzip = starts_gzip(p->fd);
  if( bGzip<0 ){
    snprintf(zErr, nErr, "cannot read: %s", strerror(errno));
    event_index_free(p);
    return 1;
  }
  if( bGzip ){
    close(p->fd);
    p->fd = -1;
    rc = index_gzip(p, zPath, zErr, nErr);
  }else{
    rc = index_plain(p, zPath, nThread, zErr, nErr);
  }
  if( rc==0 ) rc = index_set_format(p, zErr, nErr);
  if( rc ){
    event_index_free(p);
    return 1;
  }
  *pp = p;
  return 0;
}

int64_t event_index_count(const EventIndex *p){
  return p->offs.nEvent;
}

/* Fill window w with the data from iOff on, at least n bytes.  Returns 0,
** or 1 with a message. */
static int window_read(EventIndex *p, IndexWindow *w, uint64_t iOff, size_t n, char *zErr, size_t nErr){
  size_t nWant = n>EVENT_INDEX_WINDOW ? n : EVENT_INDEX_WINDOW;
  if( nWant>w->nAlloc ){
    unsigned char *aNew = realloc(w->a, nWant);
    if( aNew==0 ){
      snprintf(zErr, nErr, "out of memory");
      return 1;
    }
    w->a = aNew;
    w->nAlloc = nWant;
  }
  if( p->id.bKnown ){
    /* Offsets into another file would give another event's bytes, which
    ** may parse: wrong rows.  A rewrite changes the size or the time. */
    struct stat st;
    TraceFileId now;
    if( fstat(p->fd, &st)==0 ) trace_file_id_of(&st, &now);
    else now.bKnown = 0;
    if( !trace_file_id_same(&now, &p->id) ){
      snprintf(zErr, nErr, "the file changed during the statement (its size or modification time): "
                           "run the statement again");
      return 1;
    }
  }
  w->iOff = iOff;
  w->n = 0;
  while( w->n<n ){
    ssize_t k = pread(p->fd, w->a + w->n, nWant - w->n, (off_t)(iOff + w->n));
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ){
      if( k<0 ) snprintf(zErr, nErr, "byte %llu: cannot read: %s", (unsigned long long)(iOff + w->n), strerror(errno));
      else snprintf(zErr, nErr, "byte %llu: the file is shorter than when it was indexed: it changed during "
                    "the statement", (unsigned long long)(iOff + w->n));
      w->n = 0;
      return 1;
    }
    w->n += (size_t)k;
  }
  return 0;
}

/* Bytes [iOff, iOff+n) of the indexed data, from a window that holds
** them or, read into the least recently used one.  NULL with a message
** when they cannot be read. */
static const unsigned char *fetch_bytes(EventIndex *p, uint64_t iOff, size_t n, char *zErr, size_t nErr){
  IndexWindow *pOld = &p->aWin[0];
  int i;
  for(i=0; i<EVENT_INDEX_WINDOWS; i++){
    IndexWindow *w = &p->aWin[i];
    if( w->n && iOff>=w->iOff && iOff+n<=w->iOff+w->n ){
      w->iUsed = ++p->iClock;
      return w->a + (iOff - w->iOff);
    }
    if( w->iUsed<pOld->iUsed ) pOld = w;
  }
  if( window_read(p, pOld, iOff, n, zErr, nErr) ) return 0;
  pOld->iUsed = ++p->iClock;
  return pOld->a;
}

/* Keep a copy of pEv (built with mWant) in the least recently used slot;
** returns the copy, or NULL when out of memory. */
static const TraceEvent *keep_event(EventIndex *p, const TraceEvent *pEv, unsigned mWant){
  KeptEvent *k = &p->aKept[0];
  size_t nByte = 0;
  int i;
  for(i=1; i<EVENT_INDEX_KEEP; i++){
    if( p->aKept[i].iUsed<k->iUsed ) k = &p->aKept[i];
  }
  for(i=0; i<EF_COUNT; i++){
    const EventField *f = &pEv->aField[i];
    if( f->eType!=EV_ABSENT && (size_t)f->iOff + f->nByte > nByte ) nByte = (size_t)f->iOff + f->nByte;
  }
  if( nByte>k->nAlloc ){
    char *aNew = realloc(k->a, nByte);
    if( aNew==0 ) return 0;
    k->a = aNew;
    k->nAlloc = nByte;
  }
  if( nByte ) memcpy(k->a, pEv->zBase, nByte);
  k->ev = *pEv;
  k->ev.zBase = k->a ? k->a : "";     /* no bytes: empty strings at most */
  k->iSeq = pEv->iSeq;
  k->mWant = mWant;
  k->iUsed = ++p->iClock;
  return &k->ev;
}

const TraceEvent *event_index_fetch(EventIndex *p, int64_t iSeq, unsigned mWant, char *zErr, size_t nErr){
  EventReaderConfig cfg;
  const TraceEvent *pEv;
  const unsigned char *a;
  uint64_t iOff;
  size_t n;
  int i;
  if( nErr ) zErr[0] = 0;
  if( iSeq<1 || iSeq>p->offs.nEvent ) return 0;
  for(i=0; i<EVENT_INDEX_KEEP; i++){
    KeptEvent *k = &p->aKept[i];
    if( k->iSeq==iSeq && (mWant & ~k->mWant)==0 ){
      k->iUsed = ++p->iClock;
      return &k->ev;
    }
  }
  iOff = p->offs.aOff[iSeq-1];
  /* the event, what follows it, and the next event's "{", which lets the
  ** reader take the event on its fast path (fast_first_event) */
  n = (size_t)(p->offs.aOff[iSeq] - iOff) + (iSeq<p->offs.nEvent ? 1 : 0);
  a = fetch_bytes(p, iOff, n, zErr, nErr);
  if( a==0 ) return 0;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = mWant;
  cfg.eStart = p->eStart;
  cfg.iSeqBase = iSeq - 1;
  cfg.iByteBase = iOff;
  cfg.bYajlOnly = p->bYajlOnly;
  if( p->pReader==0 ? (p->pReader = event_reader_new(&cfg))==0 : event_reader_reset(p->pReader, &cfg)!=0 ){
    event_reader_free(p->pReader);
    p->pReader = 0;
    snprintf(zErr, nErr, "out of memory");
    return 0;
  }
  event_reader_feed_one(p->pReader, a, n);
  pEv = event_reader_next(p->pReader);
  if( pEv==0 || pEv->iSeq!=iSeq || pEv->iByte!=iOff ){
    const char *zMsg = event_reader_errmsg(p->pReader);
    if( zMsg ) snprintf(zErr, nErr, "%s", zMsg);
    else snprintf(zErr, nErr, "byte %llu: event %lld is not where it was when the file was indexed: "
                  "it changed during the statement", (unsigned long long)iOff, (long long)iSeq);
    return 0;
  }
  pEv = keep_event(p, pEv, mWant);
  if( pEv==0 ) snprintf(zErr, nErr, "out of memory");
  return pEv;
}

void event_index_free(EventIndex *p){
  int i;
  if( p==0 ) return;
  if( p->fd>=0 ) close(p->fd);
  event_offsets_free(&p->offs);
  event_reader_free(p->pReader);
  for(i=0; i<EVENT_INDEX_WINDOWS; i++) free(p->aWin[i].a);
  for(i=0; i<EVENT_INDEX_KEEP; i++) free(p->aKept[i].a);
  free(p);
}

/*
** event_pscan.c: parses one plain trace file on several threads and hands
** its events out in file order, row for row what one EventFile gives.
** Interface and usage: event_pscan.h.  This file owns the worker threads,
** the pieces' readers and the file descriptor of a scan.
**
** How it works.
**
** Pieces.  The file is cut into pieces of about nPiece bytes at guessed
** event boundaries: for the object format a "{" preceded by "," preceded by
** "}" (whitespace allowed between), for JSON Lines a "{" at the start of a
** line preceded, across whitespace, by "}".  A worker claims the next piece
** (it starts where the one before ended), looks for the first guessed
** boundary at least nPiece bytes further, which ends the piece, and parses
** the bytes in between with a reader of its own.  Piece 0 gets a whole-file
** reader; the others a reader started between two events
** (EVENT_START_TRACE_EVENTS or EVENT_START_LINES) whose byte offsets start
** at the piece (cfg.iByteBase), so that its events and errors read as in
** the whole file.  Only the event numbers are local to the piece: they are
** shifted (event_reader_set_seq_base) when the consumer reaches the piece
** and knows how many events came before.  A piece after which no boundary
** was found (the last one, or an event longer than EVENT_PSCAN_SEARCH_MAX)
** is "open-ended": no more pieces are cut.
**
** Checking the guesses.  A "}," may be inside a string, so every guess is
** checked before the piece after it is used: when the consumer has taken
** the last event of piece k, piece k's reader must stand exactly between
** two events at the level of the event list, its last event closed by the
** "}" of the guess (event_reader_at_boundary, which explains why this is
** enough).  Then piece k+1's reader is in the state piece k's reader
** would be in, and its events and errors are those of the whole file.  If
** the check fails, or piece k is open-ended, or piece k+1 could not be
** parsed (out of memory, a read error), the workers are stopped, the later
** pieces are thrown away unseen (an error in them never shows), and the
** consumer feeds piece k's reader itself from the end of piece k to the end
** of the file, as one EventFile would: correct whatever the guesses were.
**
** Memory.  A piece's events stay in its reader's queue (the arena is only
** compacted when the queue is drained) until the consumer has taken them,
** so a piece costs about 1.3 to 2.6 times its size.  Workers stay at most
** nSlot pieces ahead of the consumer (nThread + EVENT_PSCAN_LOOKAHEAD), so
** memory is bounded by the piece size, not by the file.  The consumer
** gives the readers it is done with back (apPool) and workers start over
** with them (event_reader_reset): fresh memory for every piece costs page
** faults, which made a scan twice as expensive in CPU time.
**
** Threads.  One mutex guards the piece slots and the claim counters; the
** consumer waits on cvDone for a piece, workers wait on cvWork for a free
** slot, for the end of another worker's boundary search, or for the stop.
** A reader belongs to one thread at a time and changes hands under the
** mutex.  bStop is also read without the mutex between chunks, hence
** atomic.  Workers call cfg.xAccept.  cfg.xStop is asked by the
** consumer alone, before each piece (or chunk, reading alone): a stop
** stops and joins the workers and ends the scan with EVENT_STOPPED.
*/
#include "platform.h"

#include "event_pscan.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Default piece size.  Large enough that the per-piece costs (a reader
** reset, a boundary search, hand-overs that wake threads) vanish, small
** enough that the pieces in flight stay a few tens of MB at most (see
** Memory above).  Measured on a 963 MB trace with 2 workers on 2 cores:
** 256 KB pieces cost 10% more CPU than 1 to 4 MB pieces, which are alike;
** at 2 MB the whole process stays at 13 MB resident (27 MB with every
** field wanted). */
#define EVENT_PSCAN_PIECE ((size_t)2 << 20)
/* Pieces a worker may parse beyond one per worker, ahead of the consumer:
** room to keep every worker busy while the consumer is on its piece (1 was
** 8% slower, 4 no faster than 2). */
#define EVENT_PSCAN_LOOKAHEAD 2
/* How far past the nominal end a boundary is looked for.  Events are a few
** hundred bytes; an event larger than this ends the parallel part. */
#define EVENT_PSCAN_SEARCH_MAX ((uint64_t)1 << 20)
/* Read size of the workers, of the boundary search and of the consumer. */
#define EVENT_PSCAN_READ ((size_t)256 * 1024)
/* A file shorter than this many pieces is read by one reader. */
#define EVENT_PSCAN_MIN_PIECES 2
/* Bytes read at the start to tell the format. */
#define EVENT_PSCAN_HEAD 4096
/* At most this many workers. */
#define EVENT_PSCAN_MAX_THREADS 64

/* Formats scanned in parallel. */
enum { PSCAN_FMT_NONE = 0, PSCAN_FMT_OBJECT, PSCAN_FMT_LINES };
/* What the consumer does. */
enum { MODE_PIECES = 0, MODE_SEQ, MODE_DONE };
/* States of a piece slot. */
enum { PIECE_FREE = 0, PIECE_BUSY, PIECE_DONE };

typedef struct PScanPiece {
  int eState;              /* PIECE_* */
  int64_t iPiece;          /* Index of the piece in the file */
  uint64_t iStart, iEnd;   /* Its bytes: [iStart, iEnd) */
  uint64_t iClose;         /* Offset of the "}" of the guessed boundary at iEnd */
  int bOpenEnd;            /* iEnd is no guessed boundary: no piece follows */
  int bFailed;             /* Not parsed to iEnd (out of memory, read error, stopped) */
  EventReader *pReader;    /* The events (owned by the slot until the consumer takes it) */
} PScanPiece;

typedef struct PScanWorker {
  EventPScan *p;           /* The scan */
  unsigned char *aBuf;     /* Read buffer, EVENT_PSCAN_READ bytes */
  pthread_t tid;
} PScanWorker;

struct EventPScan {
  EventReaderConfig cfg;   /* The caller's configuration */
  EventFile *pFile;        /* Not NULL: a file pread cannot serve; this reads it all */
  int fd;                  /* The file, or -1 */
  uint64_t nSize;          /* Its size when opened */
  size_t nPiece;           /* Piece size */
  int nThread;             /* Workers wanted */
  int bStarted;            /* The first event_pscan_next happened */
  int eFormat;             /* PSCAN_FMT_* */

  /* Shared with the workers: under mx (bStop also read without it) */
  pthread_mutex_t mx;
  pthread_cond_t cvWork;   /* A worker may have something to do */
  pthread_cond_t cvDone;   /* A piece is done */
  int bSync;               /* mx, cvWork and cvDone are initialised */
  PScanPiece *aSlot;       /* Piece k lives in aSlot[k % nSlot] */
  int nSlot;
  int64_t iNextPiece;      /* The next piece to claim */
  uint64_t iNextStart;     /* ... starts here */
  int bNoMore;             /* An open-ended piece was claimed */
  int bSearching;          /* A worker looks for the end of iNextPiece */
  int64_t iCur;            /* The piece the consumer is on */
  atomic_int bStop;        /* Workers: stop now */
  PScanWorker *aWorker;    /* nWorker workers running */
  int nWorker;
  EventReader **apPool;    /* Readers done with, kept for their memory (nSlot+1 at most) */
  int nPool;

  /* The consumer's own */
  int eMode;               /* MODE_* */
  EventReader *pCur;       /* Reader of the current piece, or the one reading on alone */
  PScanPiece cur;          /* Bounds of the current piece */
  uint64_t iSeqPos;        /* MODE_SEQ: the next byte to feed pCur */
  unsigned char *aSeqBuf;  /* MODE_SEQ: read buffer */
  int bErr;                /* zErr holds an error of the scan (not of pCur) */
  char zErr[TRACE_ERRMSG_MAX];
  EventPScanStats stats;
};

/* ------------------------------------------------------------------------
** Reading
*/

/* pread(2) that retries on EINTR and short reads.  Returns the number of
** bytes read (fewer than n only at the end of the file), or -1. */
static long pscan_pread(int fd, unsigned char *a, size_t n, uint64_t iOff){
  size_t nGot = 0;
  while( nGot<n ){
    ssize_t k = pread(fd, a + nGot, n - nGot, (off_t)(iOff + nGot));
    if( k<0 && errno==EINTR ) continue;
    if( k<0 ) return -1;
    if( k==0 ) break;
    nGot += (size_t)k;
  }
  return (long)nGot;
}

/* The format of the file from its first bytes a[0..n): the object format
** when it starts (after a byte order mark and whitespace) with
** {"traceEvents":[ (whitespace allowed between the tokens), JSON Lines
** when it starts with any other "{" (if it is not, no boundary is found, or
** the first check fails: one reader goes on), PSCAN_FMT_NONE otherwise. */
static int pscan_detect(const unsigned char *a, size_t n){
  static const char zKey[] = "\"traceEvents\"";
  size_t i = 0, nKey = sizeof(zKey) - 1;
  if( n>=3 && a[0]==0xEF && a[1]==0xBB && a[2]==0xBF ) i = 3;
  while( i<n && event_json_space(a[i]) ) i++;
  if( i>=n || a[i]!='{' ) return PSCAN_FMT_NONE;
  for(i++; i<n && event_json_space(a[i]); i++){}
  if( n-i<nKey || memcmp(a + i, zKey, nKey)!=0 ) return PSCAN_FMT_LINES;
  for(i+=nKey; i<n && event_json_space(a[i]); i++){}
  if( i>=n || a[i]!=':' ) return PSCAN_FMT_LINES;
  for(i++; i<n && event_json_space(a[i]); i++){}
  if( i>=n || a[i]!='[' ) return PSCAN_FMT_LINES;
  return PSCAN_FMT_OBJECT;
}

/* Find where the piece that starts at iStart ends: the first guessed
** boundary at or after iStart+nPiece, looked for over at most
** EVENT_PSCAN_SEARCH_MAX bytes.  Sets *piEnd (the boundary's "{") and
** *piClose (the "}" before it) and returns 0, or returns 1 with *piEnd
** where the piece ends without a boundary (the end of the file, the
** nominal end when none was found or on a read error: one reader goes on
** from there and meets the read error itself).  aBuf: EVENT_PSCAN_READ
** bytes of scratch space. */
static int pscan_find_end(EventPScan *p, unsigned char *aBuf, uint64_t iStart,
                          uint64_t *piEnd, uint64_t *piClose){
  uint64_t iFrom = iStart + p->nPiece, iLimit, iPos;
  uint64_t iClose = 0;
  int eState = 0;          /* 0: nothing, 1: after "}" and whitespace, 2: after "}" "," */
  int bNewline = 0;        /* State 1: the last byte was a newline */
  int bLines = p->eFormat==PSCAN_FMT_LINES;
  if( iFrom>=p->nSize ){
    *piEnd = p->nSize;
    return 1;
  }
  *piEnd = iFrom;
  iLimit = p->nSize - iFrom > EVENT_PSCAN_SEARCH_MAX ? iFrom + EVENT_PSCAN_SEARCH_MAX : p->nSize;
  for(iPos=iFrom; iPos<iLimit; ){
    size_t nWant = iLimit - iPos < EVENT_PSCAN_READ ? (size_t)(iLimit - iPos) : EVENT_PSCAN_READ;
    long n, i;
    /* Small steps first: the boundary is usually a few hundred bytes away. */
    if( iPos==iFrom && nWant>4096 ) nWant = 4096;
    if( atomic_load(&p->bStop) ) return 1;
    n = pscan_pread(p->fd, aBuf, nWant, iPos);
    if( n<=0 ) return 1;
    for(i=0; i<n; i++){
      unsigned char c = aBuf[i];
      if( c=='}' ){
        eState = 1;
        bNewline = 0;
        iClose = iPos + (uint64_t)i;
      }else if( eState==0 ){
        continue;
      }else if( event_json_space(c) ){
        bNewline = c=='\n';
      }else if( c==',' && eState==1 && !bLines ){
        eState = 2;
      }else if( c=='{' && (bLines ? (eState==1 && bNewline) : eState==2) ){
        *piEnd = iPos + (uint64_t)i;
        *piClose = iClose;
        return 0;
      }else{
        eState = 0;
      }
    }
    iPos += (uint64_t)n;
  }
  return 1;
}

/* A worker parses piece k, bytes [iStart, iEnd), and returns its reader
** (owned by the caller; NULL when out of memory) with every event queued,
** or stopped at a parse error, which the reader keeps.  *pbFailed is set
** when the piece could not be parsed to its end for other reasons.  r is a
** used reader to start over with (taken over), or NULL. */
static EventReader *pscan_parse(EventPScan *p, EventReader *r, unsigned char *aBuf, int64_t k,
                                uint64_t iStart, uint64_t iEnd, int *pbFailed){
  EventReaderConfig cfg = p->cfg;
  uint64_t iPos;
  *pbFailed = 0;
  if( k>0 ){
    cfg.eStart = p->eFormat==PSCAN_FMT_OBJECT ? EVENT_START_TRACE_EVENTS : EVENT_START_LINES;
    cfg.iByteBase = p->cfg.iByteBase + iStart;
  }
  cfg.iSeqBase = 0;
  if( r && event_reader_reset(r, &cfg) ){
    event_reader_free(r);
    r = 0;
  }else if( r==0 ){
    r = event_reader_new(&cfg);
  }
  if( r==0 ){
    *pbFailed = 1;
    return 0;
  }
#ifdef POSIX_FADV_WILLNEED
  /* Start reading the whole piece from disk now (a no-op when cached). */
  (void)posix_fadvise(p->fd, (off_t)iStart, (off_t)(iEnd - iStart), POSIX_FADV_WILLNEED);
#endif
  for(iPos=iStart; iPos<iEnd; ){
    size_t nWant = iEnd - iPos < EVENT_PSCAN_READ ? (size_t)(iEnd - iPos) : EVENT_PSCAN_READ;
    long n;
    if( atomic_load(&p->bStop) ){
      *pbFailed = 1;
      break;
    }
    n = pscan_pread(p->fd, aBuf, nWant, iPos);
    if( n<=0 ){
      *pbFailed = 1;   /* a read error, or the file shrank: one reader will see */
      break;
    }
    iPos += (uint64_t)n;
    if( event_reader_feed(r, aBuf, (size_t)n) ) break;
  }
  return r;
}

/* ------------------------------------------------------------------------
** Workers
*/

static void *pscan_worker(void *pArg){
  PScanWorker *w = pArg;
  EventPScan *p = w->p;
  pthread_mutex_lock(&p->mx);
  for(;;){
    PScanPiece *pc;
    int64_t k;
    uint64_t iStart, iEnd, iClose = 0;
    int bOpenEnd, bFailed;
    EventReader *r = 0;
    if( atomic_load(&p->bStop) || p->bNoMore ) break;
    if( p->bSearching || p->iNextPiece>=p->iCur + p->nSlot ){
      pthread_cond_wait(&p->cvWork, &p->mx);
      continue;
    }
    /* Claim the next piece.  Its end is found outside the mutex; the next
    ** claim waits for it (bSearching), since the next piece starts there. */
    k = p->iNextPiece;
    iStart = p->iNextStart;
    p->bSearching = 1;
    pthread_mutex_unlock(&p->mx);
    bOpenEnd = pscan_find_end(p, w->aBuf, iStart, &iEnd, &iClose);
    pthread_mutex_lock(&p->mx);
    p->bSearching = 0;
    p->iNextPiece = k + 1;
    p->iNextStart = iEnd;
    if( bOpenEnd ) p->bNoMore = 1;
    /* The slot is free: piece k-nSlot is behind the consumer. */
    pc = &p->aSlot[k % p->nSlot];
    pc->eState = PIECE_BUSY;
    pc->iPiece = k;
    pc->iStart = iStart;
    pc->iEnd = iEnd;
    pc->iClose = iClose;
    pc->bOpenEnd = bOpenEnd;
    pc->bFailed = 0;
    pc->pReader = 0;
    if( p->nPool>0 ) r = p->apPool[--p->nPool];
    pthread_cond_broadcast(&p->cvWork);
    pthread_mutex_unlock(&p->mx);

    r = pscan_parse(p, r, w->aBuf, k, iStart, iEnd, &bFailed);

    pthread_mutex_lock(&p->mx);
    pc->pReader = r;
    pc->bFailed = bFailed || r==0;
    pc->eState = PIECE_DONE;
    pthread_cond_broadcast(&p->cvDone);
  }
  pthread_mutex_unlock(&p->mx);
  return 0;
}

/* Stop and join the workers and free the pieces they parsed (not pCur,
** which the consumer owns). */
static void pscan_stop_workers(EventPScan *p){
  int i;
  if( p->nWorker>0 ){
    pthread_mutex_lock(&p->mx);
    atomic_store(&p->bStop, 1);
    pthread_cond_broadcast(&p->cvWork);
    pthread_mutex_unlock(&p->mx);
    for(i=0; i<p->nWorker; i++) pthread_join(p->aWorker[i].tid, 0);
    p->nWorker = 0;
  }
  for(i=0; i<p->nSlot; i++){
    event_reader_free(p->aSlot[i].pReader);
    p->aSlot[i].pReader = 0;
    p->aSlot[i].eState = PIECE_FREE;
  }
  for(i=0; i<p->nPool; i++) event_reader_free(p->apPool[i]);
  p->nPool = 0;
}

/* ------------------------------------------------------------------------
** The consumer
*/

/* Record an error of the scan itself and stop. */
static void pscan_error(EventPScan *p, const char *zMsg, const char *zDetail){
  if( !p->bErr ){
    snprintf(p->zErr, sizeof(p->zErr), "%s%s", zMsg, zDetail ? zDetail : "");
    p->bErr = 1;
  }
  p->eMode = MODE_DONE;
}

/* From now on pCur reads on alone from byte iFrom to the end of the file:
** stop the workers and drop their pieces. */
static void pscan_go_sequential(EventPScan *p, uint64_t iFrom){
  pscan_stop_workers(p);
  p->eMode = MODE_SEQ;
  p->iSeqPos = iFrom;
  p->stats.bTail = 1;
  p->stats.iTail = iFrom;
  if( p->aSeqBuf==0 ){
    p->aSeqBuf = malloc(EVENT_PSCAN_READ);
    if( p->aSeqBuf==0 ) pscan_error(p, "out of memory", 0);
  }
}

/* One reader for the whole file, from its start. */
static void pscan_single(EventPScan *p){
  event_reader_free(p->pCur);
  p->pCur = event_reader_new(&p->cfg);
  if( p->pCur==0 ){
    pscan_error(p, "out of memory", 0);
    return;
  }
  pscan_go_sequential(p, 0);
}

/* MODE_SEQ: feed pCur the next chunk, or finish it at the end of the file. */
static void pscan_seq_step(EventPScan *p){
  long n = pscan_pread(p->fd, p->aSeqBuf, EVENT_PSCAN_READ, p->iSeqPos);
  if( n<0 ){
    pscan_error(p, "read error: ", strerror(errno));
  }else if( n==0 ){
    event_reader_finish(p->pCur);
    p->eMode = MODE_DONE;
  }else{
    p->iSeqPos += (uint64_t)n;
    if( event_reader_feed(p->pCur, p->aSeqBuf, (size_t)n) ) p->eMode = MODE_DONE;
  }
}

/* Wait until a worker has parsed piece k; returns its slot. */
static PScanPiece *pscan_wait_piece(EventPScan *p, int64_t k){
  PScanPiece *pc = &p->aSlot[k % p->nSlot];
  pthread_mutex_lock(&p->mx);
  while( pc->eState!=PIECE_DONE || pc->iPiece!=k ) pthread_cond_wait(&p->cvDone, &p->mx);
  pthread_mutex_unlock(&p->mx);
  return pc;
}

/* Make the piece in slot pc (parsed, usable) the current one, its events
** numbered after iSeqBase; the previous one's reader goes to the pool. */
static void pscan_take_piece(EventPScan *p, PScanPiece *pc, int64_t iSeqBase){
  EventReader *pOld = p->pCur;
  pthread_mutex_lock(&p->mx);
  if( pOld ){
    p->aSlot[p->iCur % p->nSlot].eState = PIECE_FREE;
    /* There are never more than nSlot readers, so the pool has room. */
    if( p->nPool<p->nSlot + 1 ){
      p->apPool[p->nPool++] = pOld;
      pOld = 0;
    }
  }
  p->iCur = pc->iPiece;
  p->pCur = pc->pReader;
  pc->pReader = 0;
  p->cur = *pc;
  pthread_cond_broadcast(&p->cvWork);
  pthread_mutex_unlock(&p->mx);
  event_reader_free(pOld);
  event_reader_set_seq_base(p->pCur, iSeqBase);
  p->stats.nPiece++;
}

/* MODE_PIECES, and pCur has no event left: move on to the next piece when
** the boundary between them checks out, else let pCur read on alone. */
static void pscan_next_piece(EventPScan *p){
  PScanPiece *pc;
  if( p->pCur==0 ){
    pc = pscan_wait_piece(p, 0);
    if( pc->bFailed ){
      pscan_single(p);
    }else{
      pscan_take_piece(p, pc, p->cfg.iSeqBase);
    }
    return;
  }
  if( event_reader_errmsg(p->pCur) ){
    /* An error in a piece whose start was checked: the file's error. */
    pscan_stop_workers(p);
    p->eMode = MODE_DONE;
    return;
  }
  if( p->cur.bOpenEnd ){
    pscan_go_sequential(p, p->cur.iEnd);
    return;
  }
  if( !event_reader_at_boundary(p->pCur, p->cfg.iByteBase + p->cur.iClose,
                                p->cfg.iByteBase + p->cur.iEnd) ){
    p->stats.bWrongGuess = 1;
    pscan_go_sequential(p, p->cur.iEnd);
    return;
  }
  pc = pscan_wait_piece(p, p->iCur + 1);
  if( pc->bFailed ){
    pscan_go_sequential(p, p->cur.iEnd);
    return;
  }
  pscan_take_piece(p, pc, event_reader_seq(p->pCur));
}

/* At the first event_pscan_next: decide how to read, start the workers. */
static void pscan_start(EventPScan *p){
  unsigned char aHead[EVENT_PSCAN_HEAD];
  long nHead;
  int i, nSlot;
  p->bStarted = 1;
  if( p->nThread<2 || p->cfg.eStart!=EVENT_START_FILE || p->cfg.bMetadata
   || p->nSize < (uint64_t)p->nPiece*EVENT_PSCAN_MIN_PIECES ){
    pscan_single(p);
    return;
  }
  nHead = pscan_pread(p->fd, aHead, sizeof(aHead), 0);
  p->eFormat = nHead>0 ? pscan_detect(aHead, (size_t)nHead) : PSCAN_FMT_NONE;
  if( p->eFormat==PSCAN_FMT_NONE ){
    pscan_single(p);
    return;
  }
  nSlot = p->nThread + EVENT_PSCAN_LOOKAHEAD;
  p->aSlot = calloc((size_t)nSlot, sizeof(PScanPiece));
  p->aWorker = calloc((size_t)p->nThread, sizeof(PScanWorker));
  p->apPool = calloc((size_t)nSlot + 1, sizeof(EventReader*));
  if( p->aSlot==0 || p->aWorker==0 || p->apPool==0 ){
    pscan_single(p);
    return;
  }
  p->nSlot = nSlot;
  if( pthread_mutex_init(&p->mx, 0)!=0 ){
    pscan_single(p);
    return;
  }
  if( pthread_cond_init(&p->cvWork, 0)!=0 ){
    pthread_mutex_destroy(&p->mx);
    pscan_single(p);
    return;
  }
  if( pthread_cond_init(&p->cvDone, 0)!=0 ){
    pthread_cond_destroy(&p->cvWork);
    pthread_mutex_destroy(&p->mx);
    pscan_single(p);
    return;
  }
  p->bSync = 1;
  for(i=0; i<p->nThread; i++){
    PScanWorker *w = &p->aWorker[p->nWorker];
    w->p = p;
    w->aBuf = malloc(EVENT_PSCAN_READ);
    if( w->aBuf==0 ) break;
    if( pthread_create(&w->tid, 0, pscan_worker, w)!=0 ){
      free(w->aBuf);
      w->aBuf = 0;
      break;
    }
    p->nWorker++;
  }
  p->stats.nWorker = p->nWorker;
  if( p->nWorker==0 ){
    pscan_single(p);
    return;
  }
  p->eMode = MODE_PIECES;
}

/* ------------------------------------------------------------------------
** Interface
*/

int event_pscan_open(const char *zPath, const EventReaderConfig *pCfg, int nThread,
                     EventPScan **pp, char *zErr, size_t nErr){
  EventPScan *p = calloc(1, sizeof(*p));
  struct stat st;
  *pp = 0;
  if( p==0 ){
    snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  p->cfg = *pCfg;
  p->fd = -1;
  p->nPiece = EVENT_PSCAN_PIECE;
  p->nThread = nThread<EVENT_PSCAN_MAX_THREADS ? nThread : EVENT_PSCAN_MAX_THREADS;
  atomic_init(&p->bStop, 0);
  if( strcmp(zPath, "-")!=0 && strcmp(zPath, "/dev/stdin")!=0
   && stat(zPath, &st)==0 && S_ISREG(st.st_mode) ){
    /* A plain regular file is read with pread; anything else (and every
    ** failure, so that the messages are the single reader's) by EventFile.
    ** stat first: opening a FIFO to look at it would block, or take the
    ** writer away from the EventFile that reads it. */
    unsigned char aMagic[2];
    int fd = open(zPath, O_RDONLY | O_CLOEXEC);
    if( fd>=0 && fstat(fd, &st)==0 && S_ISREG(st.st_mode)
     && pscan_pread(fd, aMagic, 2, 0)>=0 && !(st.st_size>=2 && aMagic[0]==0x1f && aMagic[1]==0x8b) ){
      p->fd = fd;
      p->nSize = (uint64_t)st.st_size;
      *pp = p;
      return 0;
    }
    if( fd>=0 ) close(fd);
  }
  if( event_file_open(zPath, pCfg, 0, &p->pFile, zErr, nErr) ){
    free(p);
    return 1;
  }
  *pp = p;
  return 0;
}

void event_pscan_set_piece_size(EventPScan *p, size_t nByte){
  if( !p->bStarted ) p->nPiece = nByte ? nByte : EVENT_PSCAN_PIECE;
}

const TraceEvent *event_pscan_next(EventPScan *p){
  if( p->pFile ) return event_file_next(p->pFile);
  if( !p->bStarted ) pscan_start(p);
  for(;;){
    const TraceEvent *pEv;
    if( p->pCur && (pEv = event_reader_next(p->pCur))!=0 ) return pEv;
    if( p->cfg.xStop && p->eMode!=MODE_DONE && p->cfg.xStop(p->cfg.pStopCtx) ){
      /* asked once per piece, or per chunk read alone; workers never ask */
      pscan_stop_workers(p);
      pscan_error(p, EVENT_STOPPED, 0);
      return 0;
    }
    switch( p->eMode ){
      case MODE_DONE:   return 0;
      case MODE_SEQ:    pscan_seq_step(p); break;
      default:          pscan_next_piece(p); break;
    }
  }
}

const char *event_pscan_errmsg(const EventPScan *p){
  if( p->pFile ) return event_file_errmsg(p->pFile);
  if( p->bErr ) return p->zErr;
  return p->pCur ? event_reader_errmsg(p->pCur) : 0;
}

void event_pscan_stats(const EventPScan *p, EventPScanStats *pStats){
  *pStats = p->stats;
}

void event_pscan_close(EventPScan *p){
  int i;
  if( p==0 ) return;
  pscan_stop_workers(p);
  if( p->aWorker ){
    for(i=0; i<p->nThread; i++) free(p->aWorker[i].aBuf);
  }
  if( p->bSync ){
    pthread_cond_destroy(&p->cvDone);
    pthread_cond_destroy(&p->cvWork);
    pthread_mutex_destroy(&p->mx);
  }
  event_file_close(p->pFile);
  event_reader_free(p->pCur);
  free(p->aSlot);
  free(p->apPool);
  free(p->aWorker);
  free(p->aSeqBuf);
  if( p->fd>=0 ) close(p->fd);
  free(p);
}

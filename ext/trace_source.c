/*
** trace_source.c: opens a trace file (or standard input) and hands out its
** bytes, inflating gzip on the fly.  See trace_source.h for the interface.
**
** How it works: the first read looks at the first two bytes.  Plain files
** are then read with read(2) straight into the caller's buffer; gzip files
** go through zlib's inflate with a TRACE_SOURCE_ZBUF input window, one
** member after another (`cat a.gz b.gz` is a valid gzip file).  Nothing here
** depends on the size of the file.
*/
#include "trace_source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Size of the compressed-input window for gzip files. */
#define TRACE_SOURCE_ZBUF (256*1024)

struct TraceSource {
  int fd;                 /* File descriptor */
  int bStdin;             /* True if fd is standard input: not closed */
  int eKind;              /* SRC_UNKNOWN until the first read, then PLAIN or GZIP */
  int bEof;               /* Underlying fd reached its end */
  unsigned char aPeek[2]; /* Bytes read to tell gzip from plain, not yet delivered */
  int nPeek;              /* Number of valid bytes in aPeek */
  z_stream z;             /* Inflate state, when eKind==SRC_GZIP */
  int bZInit;             /* z has been initialised with inflateInit2 */
  int bZEnd;              /* The current gzip member ended */
  unsigned char *aZIn;    /* Compressed input window (TRACE_SOURCE_ZBUF bytes) */
  uint64_t nZRead;        /* Compressed bytes read so far, for error messages */
};

enum { SRC_UNKNOWN = 0, SRC_PLAIN = 1, SRC_GZIP = 2 };

static void source_error(char *zErr, size_t nErr, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(zErr, nErr, zFmt, ap);
  va_end(ap);
}

int trace_source_open(const char *zPath, TraceSource **ppSrc, char *zErr, size_t nErr){
  TraceSource *p;
  struct stat st;
  int bStdin = strcmp(zPath, "-")==0 || strcmp(zPath, "/dev/stdin")==0;
  int fd;

  *ppSrc = 0;
  if( bStdin ){
    fd = 0;
  }else{
    fd = open(zPath, O_RDONLY | O_CLOEXEC);
    if( fd<0 ){
      source_error(zErr, nErr, "cannot open: %s", strerror(errno));
      return 1;
    }
  }
  if( fstat(fd, &st)!=0 ){
    source_error(zErr, nErr, "cannot stat: %s", strerror(errno));
    if( !bStdin ) close(fd);
    return 1;
  }
  if( S_ISDIR(st.st_mode) ){
    source_error(zErr, nErr, "is a directory, not a trace file");
    if( !bStdin ) close(fd);
    return 1;
  }
  p = calloc(1, sizeof(*p));
  if( p==0 ){
    source_error(zErr, nErr, "out of memory");
    if( !bStdin ) close(fd);
    return 1;
  }
  p->fd = fd;
  p->bStdin = bStdin;
#ifdef POSIX_FADV_SEQUENTIAL
  if( !bStdin ) (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  *ppSrc = p;
  return 0;
}

/* read(2) that retries on EINTR.  Returns bytes read, 0 at end, -1 on error. */
static long source_read_fd(TraceSource *p, unsigned char *aBuf, size_t nBuf, char *zErr, size_t nErr){
  ssize_t n;
  if( p->bEof ) return 0;
  do{
    n = read(p->fd, aBuf, nBuf);
  }while( n<0 && errno==EINTR );
  if( n<0 ){
    source_error(zErr, nErr, "read error: %s", strerror(errno));
    return -1;
  }
  if( n==0 ) p->bEof = 1;
  return (long)n;
}

/* Decide between plain and gzip from the first two bytes of the file. */
static int source_detect(TraceSource *p, char *zErr, size_t nErr){
  while( p->nPeek<2 && !p->bEof ){
    long n = source_read_fd(p, p->aPeek + p->nPeek, 2 - p->nPeek, zErr, nErr);
    if( n<0 ) return -1;
    p->nPeek += (int)n;
  }
  p->eKind = SRC_PLAIN;
  if( p->nPeek==2 && p->aPeek[0]==0x1f && p->aPeek[1]==0x8b ){
    p->eKind = SRC_GZIP;
    p->aZIn = malloc(TRACE_SOURCE_ZBUF);
    if( p->aZIn==0 ){
      source_error(zErr, nErr, "out of memory");
      return -1;
    }
    memcpy(p->aZIn, p->aPeek, 2);
    p->z.next_in = p->aZIn;
    p->z.avail_in = 2;
    p->nZRead = 2;
    p->nPeek = 0;
    /* 16+MAX_WBITS: gzip wrapper only, so a zlib stream is not mistaken for one. */
    if( inflateInit2(&p->z, 16 + MAX_WBITS)!=Z_OK ){
      source_error(zErr, nErr, "out of memory (zlib)");
      return -1;
    }
    p->bZInit = 1;
  }
  return 0;
}

/* Refill the compressed window when inflate has used all of it. */
static int source_fill_gzip(TraceSource *p, char *zErr, size_t nErr){
  long n;
  if( p->z.avail_in>0 || p->bEof ) return 0;
  n = source_read_fd(p, p->aZIn, TRACE_SOURCE_ZBUF, zErr, nErr);
  if( n<0 ) return -1;
  p->z.next_in = p->aZIn;
  p->z.avail_in = (uInt)n;
  p->nZRead += (uint64_t)n;
  return 0;
}

static long source_read_gzip(TraceSource *p, unsigned char *aBuf, size_t nBuf, char *zErr, size_t nErr){
  if( nBuf>(1u<<30) ) nBuf = 1u<<30;
  p->z.next_out = aBuf;
  p->z.avail_out = (uInt)nBuf;
  while( p->z.avail_out==nBuf ){
    int rc;
    if( source_fill_gzip(p, zErr, nErr) ) return -1;
    if( p->bZEnd ){
      /* A member ended: another one may follow, or only the end of file. */
      if( p->z.avail_in==0 ) return 0;
      if( inflateReset(&p->z)!=Z_OK ){
        source_error(zErr, nErr, "gzip: cannot reset the inflater");
        return -1;
      }
      p->bZEnd = 0;
    }
    if( p->z.avail_in==0 && p->bEof ){
      source_error(zErr, nErr, "gzip: compressed data ends early (truncated file?) after %llu compressed bytes",
                   (unsigned long long)p->nZRead);
      return -1;
    }
    rc = inflate(&p->z, Z_NO_FLUSH);
    if( rc==Z_STREAM_END ){
      p->bZEnd = 1;
    }else if( rc==Z_BUF_ERROR ){
      continue;   /* needs more input: the loop refills */
    }else if( rc!=Z_OK ){
      source_error(zErr, nErr, "gzip: corrupt compressed data near compressed byte %llu: %s",
                   (unsigned long long)(p->nZRead - p->z.avail_in),
                   p->z.msg ? p->z.msg : "inflate failed");
      return -1;
    }
  }
  return (long)(nBuf - p->z.avail_out);
}

long trace_source_read(TraceSource *p, unsigned char *aBuf, size_t nBuf, char *zErr, size_t nErr){
  if( nBuf==0 ) return 0;
  if( nBuf>(1u<<30) ) nBuf = 1u<<30;
  if( p->eKind==SRC_UNKNOWN && source_detect(p, zErr, nErr) ) return -1;
  if( p->eKind==SRC_GZIP ) return source_read_gzip(p, aBuf, nBuf, zErr, nErr);
  if( p->nPeek>0 ){
    /* Deliver the bytes read for detection first. */
    size_t n = (size_t)p->nPeek < nBuf ? (size_t)p->nPeek : nBuf;
    memcpy(aBuf, p->aPeek, n);
    memmove(p->aPeek, p->aPeek + n, (size_t)p->nPeek - n);
    p->nPeek -= (int)n;
    return (long)n;
  }
  return source_read_fd(p, aBuf, nBuf, zErr, nErr);
}

int trace_source_is_gzip(const TraceSource *p){
  return p->eKind==SRC_GZIP;
}

void trace_source_close(TraceSource *p){
  if( p==0 ) return;
  if( p->bZInit ) inflateEnd(&p->z);
  free(p->aZIn);
  if( !p->bStdin ) close(p->fd);
  free(p);
}

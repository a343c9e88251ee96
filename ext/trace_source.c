/*
** trace_source.c: opens a trace file (or standard input) and hands out its
** bytes, inflating gzip on the fly.  See trace_source.h for the interface.
**
** How it works: the first read looks at the first two bytes.  Plain files
** are then read with read(2) straight into the caller's buffer; gzip files
** go through zlib's inflate with a TRACE_SOURCE_ZBUF input window, one
** member after another (`cat a.gz b.gz` is a valid gzip file).  Nothing here
** depends on the size of the file.
**
** Standard input and every file that is not a regular file (a pipe such
** as /dev/fd/N, a FIFO, a socket, a device) can be read once per process:
** a second open is refused with an error (reopened, a pipe would be at its
** end and a FIFO would wait forever for a writer), and callers that would
** read a file twice ask trace_source_one_pass first.
**
** It also turns a trace_events argument into the list of files it names
** (a file, a directory, a glob pattern; with options, the directory's
** subdirectories too, and without the files that are not traces, which
** the event reader tells from their first event) and names the
** compilation unit a trace file belongs to.
*/
#include "platform.h"

#include "trace_source.h"
#include "event_reader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#ifndef GLOB_BRACE   /* musl: no brace expansion (platform.h) */
#define GLOB_BRACE 0
#endif

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
  int (*xStop)(void*);    /* Asked whether to stop (trace_source_open_stop), or NULL */
  void *pStopCtx;
  int bPoll;              /* Not a regular file: wait for data in poll(2), asking xStop */
};

enum { SRC_UNKNOWN = 0, SRC_PLAIN = 1, SRC_GZIP = 2 };

static void source_error(char *zErr, size_t nErr, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(zErr, nErr, zFmt, ap);
  va_end(ap);
}

/* Set once standard input has been opened: a second reader would find it
** at its end (or part way through) and report an empty or broken file. */
static atomic_int bStdinTaken;

/* Pipes, FIFOs, sockets and devices opened so far (their device and
** inode), for the same reason: a pipe reopened (/dev/fd/N) is at its end,
** and a FIFO reopened after its writer left blocks forever.  A fixed
** table: past TRACE_SOURCE_MAX_ONCE of them, no more are remembered. */
#define TRACE_SOURCE_MAX_ONCE 256
static struct { dev_t dev; ino_t ino; } aOnceTaken[TRACE_SOURCE_MAX_ONCE];
static int nOnceTaken;
static pthread_mutex_t mxOnce = PTHREAD_MUTEX_INITIALIZER;

static int is_one_pass(const struct stat *pSt){
  return !S_ISREG(pSt->st_mode) && !S_ISDIR(pSt->st_mode);
}

/* Has the pipe, FIFO or device *pSt been opened before?  With bTake, it
** is taken now if it was not. */
static int source_once_taken(const struct stat *pSt, int bTake){
  int i, bTaken = 0;
  pthread_mutex_lock(&mxOnce);
  for(i=0; i<nOnceTaken && !bTaken; i++){
    bTaken = aOnceTaken[i].dev==pSt->st_dev && aOnceTaken[i].ino==pSt->st_ino;
  }
  if( !bTaken && bTake && nOnceTaken<TRACE_SOURCE_MAX_ONCE ){
    aOnceTaken[nOnceTaken].dev = pSt->st_dev;
    aOnceTaken[nOnceTaken].ino = pSt->st_ino;
    nOnceTaken++;
  }
  pthread_mutex_unlock(&mxOnce);
  return bTaken;
}

static int is_stdin_path(const char *zPath){
  return strcmp(zPath, "-")==0 || strcmp(zPath, "/dev/stdin")==0;
}

int trace_source_one_pass(const char *zPath){
  struct stat st;
  return is_stdin_path(zPath) || (stat(zPath, &st)==0 && is_one_pass(&st));
}

/* The error for a second scan of a source that can be read once. */
static int source_taken_error(char *zErr, size_t nErr, int bStdin){
  source_error(zErr, nErr, "%s was already read by an earlier scan in this process: "
               "save the trace to a file to read it more than once",
               bStdin ? "standard input" : "a pipe, FIFO or device is read once, as standard input is, and this one");
  return 1;
}

/* Wait until fd (a FIFO, pipe, socket or device) has something to read,
** or its writer has gone, asking xStop every TRACE_SOURCE_WAIT_MS.
** Returns 0, or 1 with "interrupted" (or the error of poll) in zErr. */
static int source_wait(int fd, int (*xStop)(void*), void *pStopCtx, char *zErr, size_t nErr){
  for(;;){
    struct pollfd pfd;
    int rc;
    if( xStop(pStopCtx) ){
      source_error(zErr, nErr, "interrupted");
      return 1;
    }
    pfd.fd = fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    rc = poll(&pfd, 1, TRACE_SOURCE_WAIT_MS);
    if( rc>0 ) return 0;      /* data, end (POLLHUP) or an error that read(2) reports */
    if( rc<0 && errno!=EINTR ){
      source_error(zErr, nErr, "read error: %s", strerror(errno));
      return 1;
    }
  }
}

/* Open zPath (not standard input) into *pFd.  A pipe, FIFO or device
** opened before is refused before open(2), which would block on a FIFO
** whose writer has gone.  With xStop, a FIFO is opened without blocking
** and waited for (source_wait) until a writer has written or left, so
** that a FIFO nobody writes to can be given up. */
static int source_open_path(const char *zPath, int *pFd, int (*xStop)(void*), void *pStopCtx,
                            char *zErr, size_t nErr){
  struct stat st;
  if( stat(zPath, &st)==0 && is_one_pass(&st) && source_once_taken(&st, 0) ){
    return source_taken_error(zErr, nErr, 0);
  }
  if( xStop && stat(zPath, &st)==0 && S_ISFIFO(st.st_mode) ){
    int fl;
    *pFd = open(zPath, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if( *pFd<0 ){
      source_error(zErr, nErr, "cannot open: %s", strerror(errno));
      return 1;
    }
    if( source_wait(*pFd, xStop, pStopCtx, zErr, nErr) ){
      close(*pFd);
      return 1;
    }
    fl = fcntl(*pFd, F_GETFL);
    if( fl<0 || fcntl(*pFd, F_SETFL, fl & ~O_NONBLOCK)<0 ){
      source_error(zErr, nErr, "cannot open: %s", strerror(errno));
      close(*pFd);
      return 1;
    }
    return 0;
  }
  *pFd = open(zPath, O_RDONLY | O_CLOEXEC);
  if( *pFd<0 ){
    source_error(zErr, nErr, "cannot open: %s", strerror(errno));
    return 1;
  }
  return 0;
}

int trace_source_open(const char *zPath, TraceSource **ppSrc, char *zErr, size_t nErr){
  return trace_source_open_stop(zPath, 0, 0, ppSrc, zErr, nErr);
}

int trace_source_open_stop(const char *zPath, int (*xStop)(void*), void *pStopCtx,
                           TraceSource **ppSrc, char *zErr, size_t nErr){
  TraceSource *p;
  struct stat st;
  int bStdin = is_stdin_path(zPath);
  int fd;

  *ppSrc = 0;
  if( bStdin ){
    if( atomic_exchange(&bStdinTaken, 1) ) return source_taken_error(zErr, nErr, 1);
    fd = 0;
  }else if( source_open_path(zPath, &fd, xStop, pStopCtx, zErr, nErr) ){
    return 1;
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
  /* (the pipe behind "-" is also the one behind /dev/fd/0) */
  if( is_one_pass(&st) && source_once_taken(&st, 1) ){
    if( !bStdin ) close(fd);
    return source_taken_error(zErr, nErr, bStdin);
  }
  p = calloc(1, sizeof(*p));
  if( p==0 ){
    source_error(zErr, nErr, "out of memory");
    if( !bStdin ) close(fd);
    return 1;
  }
  p->fd = fd;
  p->bStdin = bStdin;
  p->xStop = xStop;
  p->pStopCtx = pStopCtx;
  p->bPoll = xStop!=0 && !S_ISREG(st.st_mode);
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
  if( p->bPoll && source_wait(p->fd, p->xStop, p->pStopCtx, zErr, nErr) ) return -1;
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
  if( p->xStop && !p->bPoll && p->xStop(p->pStopCtx) ){
    source_error(zErr, nErr, "interrupted");      /* (bPoll: source_read_fd asks) */
    return -1;
  }
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
      /* A member ended: another one may follow, or only the end of file,
      ** or zero bytes up to it (padding to a block, as tar and some
      ** writers leave: gzip(1) and Python's gzip read past them too). */
      while( p->z.avail_in>0 && p->z.next_in[0]==0 ){
        p->z.next_in++;
        p->z.avail_in--;
        if( source_fill_gzip(p, zErr, nErr) ) return -1;
      }
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

/* ------------------------------------------------------------------------
** File lists and unit names
*/

static int cmp_path(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

void trace_source_free_list(char **az, int n){
  int i;
  if( az==0 ) return;
  for(i=0; i<n; i++) free(az[i]);
  free(az);
}

/* Does z end with the suffix zSuf? */
static int ends_with(const char *z, size_t n, const char *zSuf){
  size_t m = strlen(zSuf);
  return n>=m && memcmp(z + n - m, zSuf, m)==0;
}

/* Append a copy of z to the list.  Returns 0, or 1 when out of memory. */
static int list_add(char ***paz, int *pn, int *pnAlloc, const char *z){
  if( *pn==*pnAlloc ){
    int nNew = *pnAlloc ? *pnAlloc*2 : 16;
    char **azNew = realloc(*paz, sizeof(char*)*(size_t)nNew);
    if( azNew==0 ) return 1;
    *paz = azNew;
    *pnAlloc = nNew;
  }
  (*paz)[*pn] = strdup(z);
  if( (*paz)[*pn]==0 ) return 1;
  (*pn)++;
  return 0;
}

/* Is z a file name of a trace: *.json or *.json.gz, or with
** TRACE_EXPAND_SELF_PROFILE *.mm_profdata or *.mm_profdata.gz? */
static int is_trace_name(const char *z, int mFlags){
  size_t n = strlen(z);
  if( mFlags & TRACE_EXPAND_SELF_PROFILE ){
    return ends_with(z, n, ".mm_profdata") || ends_with(z, n, ".mm_profdata.gz");
  }
  return ends_with(z, n, ".json") || ends_with(z, n, ".json.gz");
}

/* Add every *.json and *.json.gz file inside directory zDir to the list
** (*paz, *pn, *pnAlloc); with bRecursive, those of its subdirectories too
** (iDepth is zDir's level below the argument).  A folder named *.json is
** not a trace; anything else with such a name is listed, and one that
** cannot be read (a dangling link) is an error naming it when it is read,
** as it is in a glob's list.  Returns 0, or 1 with a message in zErr. */
static int expand_walk(const char *zDir, int mFlags, int iDepth,
                       char ***paz, int *pn, int *pnAlloc, char *zErr, size_t nErr){
  DIR *d = opendir(zDir);
  struct dirent *e;
  size_t nDir = strlen(zDir);
  int rc = 0, bRecursive = (mFlags & TRACE_EXPAND_RECURSIVE)!=0;
  if( d==0 ){
    if( errno==ENOMEM ) source_error(zErr, nErr, "out of memory");    /* opendir's own allocation */
    else if( iDepth==0 ) source_error(zErr, nErr, "cannot read the directory: %s", strerror(errno));
    else source_error(zErr, nErr, "cannot read the directory %s: %s", zDir, strerror(errno));
    return 1;
  }
  while( rc==0 && (e = readdir(d))!=0 ){
    size_t n = strlen(e->d_name);
    char *zPath;
    struct stat st;
    int bDir, bLinkDir;
    if( strcmp(e->d_name, ".")==0 || strcmp(e->d_name, "..")==0 ) continue;
    if( !bRecursive && !is_trace_name(e->d_name, mFlags) ) continue;
    zPath = malloc(nDir + n + 2);
    if( zPath==0 ){ source_error(zErr, nErr, "out of memory"); rc = 1; break; }
    snprintf(zPath, nDir + n + 2, "%s%s%s", zDir, (nDir && zDir[nDir-1]=='/') ? "" : "/", e->d_name);
    bDir = lstat(zPath, &st)==0 && S_ISDIR(st.st_mode);
    bLinkDir = !bDir && stat(zPath, &st)==0 && S_ISDIR(st.st_mode);
    if( bDir && bRecursive ){
      if( iDepth+1>=TRACE_EXPAND_MAX_DEPTH ){
        source_error(zErr, nErr, "folders nested deeper than %d levels below it", TRACE_EXPAND_MAX_DEPTH);
        rc = 1;
      }else{
        rc = expand_walk(zPath, mFlags, iDepth + 1, paz, pn, pnAlloc, zErr, nErr);
      }
    }else if( !bDir && !bLinkDir && is_trace_name(e->d_name, mFlags) ){
      if( list_add(paz, pn, pnAlloc, zPath) ){ source_error(zErr, nErr, "out of memory"); rc = 1; }
    }
    free(zPath);
  }
  closedir(d);
  return rc;
}

/* The trace files of directory zDir (expand_walk), sorted. */
static int expand_dir(const char *zDir, int mFlags, char ***paz, int *pn, char *zErr, size_t nErr){
  int nAlloc = 0;
  if( expand_walk(zDir, mFlags, 0, paz, pn, &nAlloc, zErr, nErr) ) return 1;
  if( *pn==0 ){
    source_error(zErr, nErr, "no %s file in this directory%s",
                 (mFlags & TRACE_EXPAND_SELF_PROFILE) ? "*.mm_profdata or *.mm_profdata.gz"
                                                      : "*.json or *.json.gz",
                 (mFlags & TRACE_EXPAND_RECURSIVE) ? " or below it" : "");
    return 1;
  }
  qsort(*paz, (size_t)*pn, sizeof(char*), cmp_path);
  return 0;
}

/* The directory glob(3) could not read, for the message.  glob's error
** callback has no argument of ours, so globs take turns (globMutex): not
** thread-local variables, whose block glibc allocates at a thread's first
** use in a loaded library, ending the process when it cannot. */
static pthread_mutex_t globMutex = PTHREAD_MUTEX_INITIALIZER;
static int iGlobErrno;
static char zGlobErrDir[TRACE_ERRMSG_MAX/2];

/* glob(3) error callback: a directory of the pattern that does not exist
** just matches nothing; any other error (permission denied) stops, and
** the message names the directory. */
static int glob_error(const char *zPath, int iErrno){
  if( iErrno==ENOENT || iErrno==ENOTDIR ) return 0;
  iGlobErrno = iErrno;
  snprintf(zGlobErrDir, sizeof(zGlobErrDir), "%s", zPath);
  return 1;
}

/* Is zArg a pattern?  When it names no existing file and has a glob(3)
** character: "*", "?", "[" or "{" (braces alone, "f{1,2}.json", too). */
static int is_pattern(const char *zArg){
  struct stat st;
  return strpbrk(zArg, "*?[{")!=0 && stat(zArg, &st)!=0;
}

/* The files zArg names, as trace_source_expand_ex lists them before any
** is left out. */
static int expand_arg(const char *zArg, int mFlags, char ***pazFile, int *pnFile, char *zErr, size_t nErr){
  struct stat st;
  int nAlloc = 0;
  *pazFile = 0;
  *pnFile = 0;
  if( strcmp(zArg, "-")==0 || !is_pattern(zArg) ){
    /* one file; opening it reports a missing or unreadable one */
    if( strcmp(zArg, "-")!=0 && stat(zArg, &st)==0 && S_ISDIR(st.st_mode) ){
      if( expand_dir(zArg, mFlags, pazFile, pnFile, zErr, nErr) ) goto fail;
      return 0;
    }
    if( list_add(pazFile, pnFile, &nAlloc, zArg) ) goto nomem;
    return 0;
  }else{
    glob_t g;
    size_t i;
    int rc, iErrno;
    char zDir[sizeof(zGlobErrDir)];
    pthread_mutex_lock(&globMutex);
    iGlobErrno = 0;
    rc = glob(zArg, GLOB_BRACE, glob_error, &g);
    iErrno = iGlobErrno;
    memcpy(zDir, zGlobErrDir, sizeof(zDir));
    pthread_mutex_unlock(&globMutex);
    if( rc==GLOB_NOMATCH ){
      source_error(zErr, nErr, "no file matches this pattern");
      return 1;
    }
    if( rc!=0 ){
      if( rc==GLOB_NOSPACE || iErrno==ENOMEM ){   /* glob's or its opendir's allocation */
        source_error(zErr, nErr, "out of memory");
      }else if( iErrno ){
        source_error(zErr, nErr, "cannot read the directory %s: %s", zDir, strerror(iErrno));
      }else{
        source_error(zErr, nErr, "cannot read a directory of this pattern");
      }
      if( rc!=GLOB_NOSPACE ) globfree(&g);
      return 1;
    }
    for(i=0; i<g.gl_pathc; i++){
      if( list_add(pazFile, pnFile, &nAlloc, g.gl_pathv[i]) ){
        globfree(&g);
        goto nomem;
      }
    }
    globfree(&g);
    qsort(*pazFile, (size_t)*pnFile, sizeof(char*), cmp_path);
    return 0;
  }
nomem:
  source_error(zErr, nErr, "out of memory");
fail:
  trace_source_free_list(*pazFile, *pnFile);
  *pazFile = 0;
  *pnFile = 0;
  return 1;
}

/* Is zPath a file whose first event is not an event (the reader's "not a
** trace: ..." error)?  Returns 1 with the reader's reason in zWhy, 0 when
** it is a trace or gives another error (reading it will report that), -1
** when out of memory.  Reads up to the end of the first event. */
static int not_a_trace(const char *zPath, char *zWhy, size_t nWhy){
  static const char zMark[] = "not a trace: ";
  EventReaderConfig cfg;
  EventFile *pFile;
  const char *zMsg;
  int rc = 0;
  memset(&cfg, 0, sizeof(cfg));
  cfg.eStart = EVENT_START_FILE;
  if( trace_source_one_pass(zPath) ) return 0;
  if( event_file_open(zPath, &cfg, 4096, &pFile, zWhy, nWhy) ){
    return strcmp(zWhy, "out of memory")==0 ? -1 : 0;
  }
  if( event_file_next(pFile)==0 && (zMsg = event_file_errmsg(pFile))!=0 ){
    if( strstr(zMsg, zMark) ) rc = 1;
    else if( strstr(zMsg, "out of memory") ) rc = -1;
    if( rc==1 ) snprintf(zWhy, nWhy, "%s", zMsg);
  }
  event_file_close(pFile);
  return rc;
}

/* Leave the files that are not traces out of azFile (not_a_trace), moving
** each one's path and reason (two entries) to the list *pazSkip, *pnSkip.  Returns 0,
** or 1 when out of memory; either way azFile[0..*pnFile) are the files
** still listed, each once. */
static int skip_nontrace(char **azFile, int *pnFile, char ***pazSkip, int *pnSkip){
  int i, nKeep = 0, nAlloc = 0, rc = 0;
  for(i=0; i<*pnFile && rc==0; i++){
    char zWhy[TRACE_ERRMSG_MAX];
    int eIs = not_a_trace(azFile[i], zWhy, sizeof(zWhy));
    if( eIs<0 ) break;
    if( eIs==0 ){
      azFile[nKeep++] = azFile[i];
      continue;
    }
    rc = list_add(pazSkip, pnSkip, &nAlloc, azFile[i]);
    if( rc==0 && (rc = list_add(pazSkip, pnSkip, &nAlloc, zWhy))!=0 ){
      free((*pazSkip)[--*pnSkip]);           /* the path alone: not listed */
    }
    if( rc ) break;
    free(azFile[i]);
  }
  if( i<*pnFile ){            /* out of memory at file i: keep it and the rest */
    memmove(&azFile[nKeep], &azFile[i], sizeof(char*)*(size_t)(*pnFile - i));
    *pnFile = nKeep + (*pnFile - i);
    return 1;
  }
  *pnFile = nKeep;
  return 0;
}

int trace_source_expand_ex(const char *zArg, int mFlags, char ***pazFile, int *pnFile,
                           char ***pazSkip, int *pnSkip, char *zErr, size_t nErr){
  int nSkip = 0;
  char **azSkip = 0;
  if( pazSkip ){ *pazSkip = 0; *pnSkip = 0; }
  if( expand_arg(zArg, mFlags, pazFile, pnFile, zErr, nErr) ) return 1;
  if( !(mFlags & TRACE_EXPAND_SKIP_NONTRACE) ) return 0;
  if( skip_nontrace(*pazFile, pnFile, &azSkip, &nSkip) ){
    source_error(zErr, nErr, "out of memory");
  }else if( *pnFile==0 ){
    source_error(zErr, nErr, "no trace: skip=nontrace left out %d %s", nSkip/2,
                 nSkip==2 ? "file that is not a trace" : "files that are not traces");
  }else{
    if( pazSkip ){ *pazSkip = azSkip; *pnSkip = nSkip; }
    else trace_source_free_list(azSkip, nSkip);
    return 0;
  }
  trace_source_free_list(azSkip, nSkip);
  trace_source_free_list(*pazFile, *pnFile);
  *pazFile = 0;
  *pnFile = 0;
  return 1;
}

int trace_source_expand(const char *zArg, char ***pazFile, int *pnFile, char *zErr, size_t nErr){
  return trace_source_expand_ex(zArg, 0, pazFile, pnFile, 0, 0, zErr, nErr);
}

/* Is z[0..n) a cargo metadata hash ("-" and 16 lowercase hex digits) at its end? */
static int has_hash_suffix(const char *z, size_t n){
  size_t i;
  if( n<18 || z[n-17]!='-' ) return 0;
  for(i=n-16; i<n; i++){
    if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return 0;
  }
  return 1;
}

/* Start of the path component that ends just before zEnd (a '/'). */
static const char *component_start(const char *zPath, const char *zEnd){
  while( zEnd>zPath && zEnd[-1]!='/' ) zEnd--;
  return zEnd;
}

/* Is the component at zStart directly inside a directory named "build"? */
static int in_build_dir(const char *zPath, const char *zStart){
  return zStart-zPath>=6 && memcmp(zStart-6, "build/", 6)==0
      && (zStart-6==zPath || zStart[-7]=='/');
}

/* A malloc()ed copy of "zA/zB" (nB bytes of zB), or of zB alone when nA is 0. */
static char *unit_join(const char *zA, size_t nA, const char *zB, size_t nB){
  char *z = malloc(nA + 1 + nB + 1);
  if( z==0 ) return 0;
  if( nA ){
    memcpy(z, zA, nA);
    z[nA++] = '/';
  }
  memcpy(z + nA, zB, nB);
  z[nA + nB] = 0;
  return z;
}

char *trace_source_unit(const char *zPath){
  const char *zBase = strrchr(zPath, '/');
  const char *zDir, *zDirEnd;
  size_t n;
  int bOut = 0;
  if( strcmp(zPath, "/dev/stdin")==0 ) return unit_join(0, 0, "-", 1);   /* standard input, as "-" */
  zBase = zBase ? zBase + 1 : zPath;
  n = strlen(zBase);
  if( ends_with(zBase, n, ".gz") ) n -= 3;
  if( ends_with(zBase, n, ".json") ) n -= 5;
  if( ends_with(zBase, n, ".llvm_timings") ) n -= 13;
  if( has_hash_suffix(zBase, n) ) n -= 17;
  if( zBase==zPath ) return unit_join(0, 0, zBase, n);
  /* cargo: build/<pkg>-<hash>/build_script_*-<hash>... and build/<pkg>-<hash>/out/probeN... */
  zDirEnd = zBase - 1;
  zDir = component_start(zPath, zDirEnd);
  if( zDirEnd-zDir==3 && memcmp(zDir, "out", 3)==0 && zDir>zPath ){
    bOut = 1;
    zDirEnd = zDir - 1;
    zDir = component_start(zPath, zDirEnd);
  }
  if( in_build_dir(zPath, zDir) && has_hash_suffix(zDir, (size_t)(zDirEnd-zDir))
   && (bOut || strncmp(zBase, "build_script_", 13)==0) ){
    return unit_join(zDir, (size_t)(zDirEnd-zDir) - 17, zBase, n);
  }
  return unit_join(0, 0, zBase, n);
}

void trace_file_id_of(const struct stat *pSt, TraceFileId *pId){
  memset(pId, 0, sizeof(*pId));
  if( !S_ISREG(pSt->st_mode) ) return;
  pId->bKnown = 1;
  pId->dev = pSt->st_dev;
  pId->ino = pSt->st_ino;
  pId->size = pSt->st_size;
  pId->mtime = TT_ST_MTIM(pSt);
}

void trace_file_id(const char *zPath, TraceFileId *pId){
  struct stat st;
  if( stat(zPath, &st)!=0 ){
    memset(pId, 0, sizeof(*pId));
    return;
  }
  trace_file_id_of(&st, pId);
}

int trace_file_id_same(const TraceFileId *a, const TraceFileId *b){
  return a->bKnown && b->bKnown && a->dev==b->dev && a->ino==b->ino && a->size==b->size
      && a->mtime.tv_sec==b->mtime.tv_sec && a->mtime.tv_nsec==b->mtime.tv_nsec;
}

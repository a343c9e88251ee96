/*
** mm_pages.c: the self-profile reader's input and pages (internals shared
** in mm_profdata_int.h, the format in mm_profdata.h).  Plain C, no SQLite.
**
** Owns: reading the input (a plain file through read() and seeks, a gzip
** file through zlib, or bytes in memory), the error message, the page
** headers (a tag byte and a little-endian u32 size) and the 8-byte
** headers of the file and of each stream, and pass one.
**
** Pass one is what opening does with the pages: page after page, the
** string data and string index pages are appended to p->data and
** p->index (the buffer grows with the bytes read, not with the length a
** page claims, so a damaged length cannot ask for memory that is not
** there) and the event pages are read past, their bytes counted, so a cut
** or damaged file is an error before any event.  Where each string data
** page starts in the file is kept (p->aMap), so an error in a string can
** name its byte.
*/
#include "mm_profdata_int.h"
#include "big_array.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Set the error "NAME: byte N: reason" (bByte) or "NAME: reason", unless
** there is one already: the first error stands. */
static void mm_verror(MmProfile *p, int bByte, uint64_t iByte, const char *zFmt, va_list ap){
  int n;
  if( p->zErr[0] ) return;
  if( bByte ){
    n = snprintf(p->zErr, sizeof p->zErr, "%s: byte %llu: ", p->zName, (unsigned long long)iByte);
  }else{
    n = snprintf(p->zErr, sizeof p->zErr, "%s: ", p->zName);
  }
  if( n<0 || (size_t)n>=sizeof p->zErr - 1 ) n = 0;   /* a name too long to be useful */
  vsnprintf(p->zErr + n, sizeof p->zErr - (size_t)n, zFmt, ap);
}

void mm_error(MmProfile *p, uint64_t iByte, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  mm_verror(p, 1, iByte, zFmt, ap);
  va_end(ap);
}

void mm_error_nobyte(MmProfile *p, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  mm_verror(p, 0, 0, zFmt, ap);
  va_end(ap);
}

int mm_oom(MmProfile *p){
  mm_error_nobyte(p, "out of memory");
  return 1;
}

int mm_text_oom(MmProfile *p, const TextBuf *pText){
  return pText->bOom ? mm_oom(p) : 0;
}

/* ---------------------------------------------------------------- input */

/* Read up to n bytes into a (NULL: read past them).  Returns the number
** read, less than n only at the end of the input; an I/O or gzip error
** sets the error and returns 0. */
size_t mm_read(MmProfile *p, unsigned char *a, size_t n){
  size_t nGot = 0;
  if( p->fd>=0 && a==0 ){                   /* read past: seek, within the size it had */
    nGot = n < p->nFile - p->iPos ? n : (size_t)(p->nFile - p->iPos);
    if( lseek(p->fd, (off_t)(p->iPos + nGot), SEEK_SET)<0 ){
      mm_error(p, p->iPos, "read error: %s", strerror(errno));
      return 0;
    }
    p->iPos += nGot;
    return nGot;
  }
  if( p->fd>=0 ){
    while( nGot<n ){
      ssize_t nRead = read(p->fd, a + nGot, n - nGot);
      if( nRead<0 && errno==EINTR ) continue;
      if( nRead<0 ){
        mm_error(p, p->iPos, "read error: %s", strerror(errno));
        return 0;
      }
      if( nRead==0 ) break;
      nGot += (size_t)nRead;
      p->iPos += (uint64_t)nRead;
    }
    return nGot;
  }
  if( p->g==0 ){
    nGot = n < p->nMem - p->iPos ? n : (size_t)(p->nMem - p->iPos);
    if( a ) memcpy(a, p->aMem + p->iPos, nGot);
    p->iPos += nGot;
    return nGot;
  }
  while( nGot<n ){
    size_t nWant = n - nGot;
    int nRead, errnum;
    unsigned char *aTo = a ? a + nGot : p->aScratch;
    if( nWant > (a ? MM_CHUNK : MM_SCRATCH) ) nWant = a ? MM_CHUNK : MM_SCRATCH;
    nRead = gzread(p->g, aTo, (unsigned)nWant);
    if( nRead<0 || (nRead==0 && gzerror(p->g, &errnum) && errnum!=Z_OK) ){
      const char *zMsg = gzerror(p->g, &errnum);
      mm_error(p, p->iPos, "read error: %s", errnum==Z_ERRNO ? strerror(errno) : zMsg);
      return 0;
    }
    if( nRead==0 ) break;
    nGot += (size_t)nRead;
    p->iPos += (uint64_t)nRead;
  }
  return nGot;
}

/* Read past n bytes; returns 0, or 1 when the input ends first (the error
** set, naming the page that starts at iPage). */
int mm_skip(MmProfile *p, uint64_t n, uint64_t iPage){
  while( n ){
    size_t nStep = n > MM_CHUNK ? MM_CHUNK : (size_t)n;
    size_t nGot = mm_read(p, 0, nStep);
    if( p->zErr[0] ) return 1;
    n -= nGot;
    if( nGot<nStep ){
      mm_error(p, iPage, "the file ends %llu bytes into a page that says it holds %llu more",
               (unsigned long long)(p->iPos - iPage - MM_PAGE_HEADER_SIZE),
               (unsigned long long)n);
      return 1;
    }
  }
  return 0;
}

/* ---------------------------------------------------------------- headers */

/* The next page header: returns 1 with *peTag, *pnSize and *piByte (its
** offset), 0 at the end of the input, -1 on an error. */
int mm_page(MmProfile *p, int *peTag, uint64_t *pnSize, uint64_t *piByte){
  unsigned char a[MM_PAGE_HEADER_SIZE];
  uint64_t iByte = p->iPos;
  size_t nGot = mm_read(p, a, sizeof a);
  if( p->zErr[0] ) return -1;
  if( nGot==0 ) return 0;
  if( nGot<sizeof a ){
    mm_error(p, iByte, "the file ends inside a page header (%u of 5 bytes)", (unsigned)nGot);
    return -1;
  }
  if( a[0]>MM_TAG_STRING_INDEX ){
    mm_error(p, iByte, "page tag %u is none of 0 (events), 1 (string data), 2 (string index)", a[0]);
    return -1;
  }
  *peTag = a[0];
  *pnSize = mm_le(a + 1, 4);
  *piByte = iByte;
  if( *pnSize==0 ){
    mm_error(p, iByte, "a page of 0 bytes");
    return -1;
  }
  return 1;
}

/* Check the 8-byte header of a stream or of the file. */
int mm_check_header(MmProfile *p, const unsigned char *a, const char *zMagic,
                    const char *zWhat, uint64_t iByte){
  unsigned iVersion = (unsigned)mm_le(a + 4, 4);
  if( memcmp(a, zMagic, 4)!=0 ){
    mm_error(p, iByte, "the %s starts with bytes %02x %02x %02x %02x, not \"%s\"%s", zWhat,
             a[0], a[1], a[2], a[3], zMagic,
             zMagic[2]=='P' ? " (not a measureme .mm_profdata file)" : "");
    return 1;
  }
  if( p->iVersion==0 ){
    if( iVersion!=8 && iVersion!=9 ){
      mm_error(p, iByte + 4, "format version %u: this reader reads versions 8 and 9 of measureme's "
               ".mm_profdata format (rustc 1.95 writes 9)", iVersion);
      return 1;
    }
    p->iVersion = iVersion;
    p->nId = iVersion==8 ? 4 : 8;
    p->nRecord = iVersion==8 ? 24 : 32;
  }else if( iVersion!=p->iVersion ){
    mm_error(p, iByte + 4, "the %s is format version %u, the file version %u", zWhat,
             iVersion, p->iVersion);
    return 1;
  }
  return 0;
}

/* ---------------------------------------------------------------- pass one */

/* Make room for n more bytes in a stream.  Returns 0, or 1 (the error
** set) when out of memory. */
static int mm_stream_reserve(MmProfile *p, MmStream *pStream, size_t n){
  size_t nNew;
  if( n > SIZE_MAX/2 - pStream->n ) return mm_oom(p);
  if( pStream->n + n <= pStream->nAlloc ) return 0;
  nNew = pStream->nAlloc ? pStream->nAlloc : 256;
  while( nNew < pStream->n + n ) nNew *= 2;
  if( big_resize((void**)&pStream->a, pStream->nAlloc, nNew) ) return mm_oom(p);
  pStream->nAlloc = nNew;
  return 0;
}

/* Append a string page's n bytes to a stream, a read at a time. */
static int mm_load_page(MmProfile *p, MmStream *pStream, uint64_t n, uint64_t iPage){
  uint64_t nDone = 0;
  while( nDone<n ){
    size_t nStep = n - nDone > MM_CHUNK ? MM_CHUNK : (size_t)(n - nDone), nGot;
    if( mm_stream_reserve(p, pStream, nStep) ) return 1;
    big_prefault(pStream->a, pStream->nAlloc, pStream->n, pStream->n + nStep);
    nGot = mm_read(p, pStream->a + pStream->n, nStep);
    if( p->zErr[0] ) return 1;
    pStream->n += nGot;
    nDone += nGot;
    if( nGot<nStep ){
      mm_error(p, iPage, "the file ends %llu bytes into a page that says it holds %llu",
               (unsigned long long)nDone, (unsigned long long)n);
      return 1;
    }
  }
  return 0;
}

/* Note that the string data page whose bytes start at file offset iByte
** begins at the data stream's present end. */
static int mm_map_page(MmProfile *p, uint64_t iByte){
  if( p->nMap==p->nMapAlloc ){
    size_t nNew = p->nMapAlloc ? p->nMapAlloc*2 : 64;
    if( big_resize((void**)&p->aMap, p->nMapAlloc*sizeof(MmPageMap), nNew*sizeof(MmPageMap)) ){
      return mm_oom(p);
    }
    p->nMapAlloc = nNew;
  }
  p->aMap[p->nMap].iAddr = p->data.n;
  p->aMap[p->nMap].iByte = iByte;
  p->nMap++;
  return 0;
}

uint64_t mm_data_byte(const MmProfile *p, uint64_t iAddr){
  size_t lo = 0, hi = p->nMap;
  while( hi - lo > 1 ){
    size_t mid = lo + (hi - lo)/2;
    if( p->aMap[mid].iAddr <= iAddr ) lo = mid; else hi = mid;
  }
  return p->nMap ? p->aMap[lo].iByte + (iAddr - p->aMap[lo].iAddr) : 0;
}

int mm_pass_one(MmProfile *p){
  int eTag, rc;
  uint64_t nSize, iByte;
  while( (rc = mm_page(p, &eTag, &nSize, &iByte))==1 ){
    p->nPage++;
    if( eTag==MM_TAG_EVENTS ){
      p->nEventBytes += nSize;
      if( mm_skip(p, nSize, iByte) ) return 1;
    }else if( p->bEventsOnly ){
      if( mm_skip(p, nSize, iByte) ) return 1;
    }else if( eTag==MM_TAG_STRING_DATA ){
      if( mm_map_page(p, iByte + MM_PAGE_HEADER_SIZE) ) return 1;
      if( mm_load_page(p, &p->data, nSize, iByte) ) return 1;
    }else{
      if( p->index.n==0 ) p->iIndexByte = iByte + MM_PAGE_HEADER_SIZE;
      if( mm_load_page(p, &p->index, nSize, iByte) ) return 1;
    }
  }
  return rc<0;
}

/*
** mm_profdata.c: the public calls of the self-profile reader (rustc's
** -Zself-profile files, measureme's .mm_profdata, versions 8 and 9):
** opening a file or bytes in memory, the getters, closing.  The format
** and the API: mm_profdata.h; the files that do the reading and what each
** owns: mm_profdata_int.h.  Plain C, no SQLite.
**
** Opening reads the file header, then pass one (mm_pages.c: the string
** pages into memory, the event pages counted), checks the string streams'
** headers, hashes the index (mm_strings.c), reads the metadata
** (mm_metadata.c) and starts pass two (mm_events.c), which
** mm_profdata_next continues.  A plain file is read with read() and
** seeks; a gzip file through zlib, which inflates it again for the second
** pass.  Either way it is read twice, so it must be a regular file.
** Closing joins the worker threads (mm_parallel.c) before anything else.
*/
#include "mm_profdata_int.h"
#include "big_array.h"
#include "text_buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* After the profile's input is set up: read up to the first event. */
static int mm_open_common(MmProfile *p){
  unsigned char a[MM_HEADER_SIZE];
  size_t nGot = mm_read(p, a, sizeof a);
  if( p->zErr[0] ) return 1;
  if( nGot<sizeof a ){
    mm_error_nobyte(p, "the file is %u bytes long, too short for a .mm_profdata header (8 bytes)",
                    (unsigned)nGot);
    return 1;
  }
  if( mm_check_header(p, a, "MMPD", "file", 0) ) return 1;
  if( mm_pass_one(p) ) return 1;
  if( p->bEventsOnly ) return mm_pass_two(p);
  if( p->data.n==0 ){ mm_error_nobyte(p, "there are no string data pages (page tag 1)"); return 1; }
  if( p->index.n==0 ){ mm_error_nobyte(p, "there are no string index pages (page tag 2)"); return 1; }
  if( p->data.n<MM_HEADER_SIZE || p->index.n<MM_HEADER_SIZE ){
    mm_error_nobyte(p, "the string %s stream is shorter than its 8-byte header",
                    p->data.n<MM_HEADER_SIZE ? "data" : "index");
    return 1;
  }
  if( mm_check_header(p, p->data.a, "MMSD", "string data stream", mm_data_byte(p, 0)) ) return 1;
  if( mm_check_header(p, p->index.a, "MMSI", "string index stream", p->iIndexByte) ) return 1;
  if( mm_build_index(p) ) return 1;
  if( mm_load_metadata(p) ) return 1;
  return mm_pass_two(p);
}

/* The name (a path) as the messages show it (text_shown: UTF-8 whatever
** bytes the name holds, at most MM_SHOWN_NAME characters in
** MM_SHOWN_NAME_SIZE bytes), as the tables show their paths. */
#define MM_SHOWN_NAME 200
#define MM_SHOWN_NAME_SIZE 512

static int mm_new(const char *zName, MmProfile **pp, char *zErr, size_t nErr){
  MmProfile *p = calloc(1, sizeof *p);
  char aShown[MM_SHOWN_NAME_SIZE];
  unsigned i;
  *pp = 0;
  text_shown(zName, strlen(zName), MM_SHOWN_NAME, aShown, sizeof aShown);
  if( p ) p->zName = strdup(aShown);
  if( p==0 || p->zName==0 ){
    free(p);
    snprintf(zErr, nErr, "%s: out of memory", aShown);
    return 1;
  }
  for(i=0; i<MM_KIND_CACHE; i++) p->aKind[i].iId = MM_INVALID_ID;
  p->mWant = MM_WANT_ALL;
  p->fd = -1;
  *pp = p;
  return 0;
}

static int mm_finish_open(MmProfile *p, MmProfile **pp, char *zErr, size_t nErr){
  if( mm_open_common(p) ){
    snprintf(zErr, nErr, "%s", p->zErr);
    mm_profdata_close(p);
    return 1;
  }
  *pp = p;
  return 0;
}

int mm_profdata_open(const char *zPath, MmProfile **pp, char *zErr, size_t nErr){
  return mm_profdata_open_ex(zPath, 0, pp, zErr, nErr);
}

int mm_profdata_open_ex(const char *zPath, unsigned mFlags, MmProfile **pp, char *zErr, size_t nErr){
  MmProfile *p;
  struct stat st;
  unsigned char aMagic[2] = {0, 0};
  if( mm_new(zPath, pp, zErr, nErr) ) return 1;
  p = *pp;
  *pp = 0;
  if( mFlags & MM_OPEN_EVENTS_ONLY ){
    p->bEventsOnly = 1;
    p->mWant = 0;
  }
  p->fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if( p->fd<0 ){
    snprintf(zErr, nErr, "%s: cannot open: %s", p->zName, strerror(errno));
    goto fail;
  }
  if( fstat(p->fd, &st)!=0 || !S_ISREG(st.st_mode) ){
    snprintf(zErr, nErr, "%s: cannot read it: it is not a regular file (a profile is read twice)",
             p->zName);
    goto fail;
  }
  p->nFile = (uint64_t)st.st_size;
  if( pread(p->fd, aMagic, 2, 0)<0 ){
    snprintf(zErr, nErr, "%s: read error: %s", p->zName, strerror(errno));
    goto fail;
  }
  if( aMagic[0]==0x1f && aMagic[1]==0x8b ){
    p->aScratch = malloc(MM_SCRATCH);
    p->g = p->aScratch ? gzdopen(p->fd, "rb") : 0;
    if( p->g==0 || gzbuffer(p->g, (unsigned)MM_CHUNK)!=0 ){
      snprintf(zErr, nErr, "%s: out of memory", p->zName);
      goto fail;
    }
    p->fd = -1;                             /* zlib closes it */
  }
  return mm_finish_open(p, pp, zErr, nErr);
fail:
  mm_profdata_close(p);
  return 1;
}

int mm_profdata_open_memory(const unsigned char *a, size_t n, const char *zName,
                            MmProfile **pp, char *zErr, size_t nErr){
  MmProfile *p;
  if( mm_new(zName, pp, zErr, nErr) ) return 1;
  p = *pp;
  *pp = 0;
  p->aMem = a;
  p->nMem = n;
  return mm_finish_open(p, pp, zErr, nErr);
}

unsigned mm_profdata_version(const MmProfile *p){ return p->iVersion; }

const MmMetadata *mm_profdata_metadata(const MmProfile *p){ return &p->meta; }

void mm_profdata_want(MmProfile *p, unsigned mWant){
  if( p->pPool ) return;                    /* the workers have their copies */
  p->mWant = p->bEventsOnly ? 0 : mWant & MM_WANT_ALL;
}

void mm_profdata_threads(MmProfile *p, int n){
  if( p->pPool ) return;
  p->nThread = n<1 ? 1 : n>MM_MAX_THREADS ? MM_MAX_THREADS : n;
}

int mm_profdata_only_kind(MmProfile *p, const char *zKind, size_t nKind){
  if( p->pPool ) return 0;                  /* the workers read p->zOnlyKind */
  free(p->zOnlyKind);
  p->zOnlyKind = 0;
  p->nOnlyKind = 0;
  if( zKind==0 || p->bEventsOnly ) return 0;
  if( (p->zOnlyKind = malloc(nKind + 1))==0 ) return 1;
  memcpy(p->zOnlyKind, zKind, nKind);
  p->zOnlyKind[nKind] = 0;
  p->nOnlyKind = nKind;
  return 0;
}

const char *mm_profdata_errmsg(const MmProfile *p){ return p->zErr[0] ? p->zErr : 0; }

void mm_profdata_close(MmProfile *p){
  unsigned i;
  if( p==0 ) return;
  mm_parallel_end(p);                       /* the workers first: they read the strings */
  if( p->g ) gzclose(p->g);
  if( p->fd>=0 ) close(p->fd);
  big_free(p->data.a, p->data.nAlloc);
  big_free(p->index.a, p->index.nAlloc);
  free(p->label.z);
  free(p->args.z);
  free(p->metaText.z);
  free(p->metaCmd.z);
  free(p->metaCounter.z);
  for(i=0; i<MM_KIND_CACHE; i++) free(p->aKind[i].text.z);
  big_free(p->aMap, p->nMapAlloc*sizeof(MmPageMap));
  free(p->aSlot);
  free(p->aBuf);
  free(p->aScratch);
  free(p->zName);
  free(p->zOnlyKind);
  free(p);
}

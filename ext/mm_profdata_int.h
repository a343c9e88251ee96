/*
** mm_profdata_int.h: what the files of the self-profile reader share: the
** open profile's record, the format's constants and the calls they make
** of each other.  Not an interface: callers use mm_profdata.h.  Plain C,
** no SQLite.
**
** The files, one concern each (the order a profile is read in):
**   mm_pages.c     the input (a plain file, gzip, memory), errors, page
**                  headers and stream headers, pass one (the string pages
**                  loaded, the event pages counted)
**   mm_strings.c   the string table: the index hashed, a string id's
**                  address, a string's text (references, lossy UTF-8)
**   mm_metadata.c  the metadata string parsed into MmMetadata
**   mm_events.c    pass two: event records read page after page, decoded,
**                  their kind, label and arguments resolved
**   mm_parallel.c  the same with the strings resolved on worker threads
**                  (mm_profdata_threads), the events still in file order
**   mm_profdata.c  the public calls: open (file or memory), close, getters
**
** Opening: mm_profdata.c reads the file header, mm_pass_one, checks the
** stream headers, mm_build_index, mm_load_metadata, then mm_pass_two; each
** returns 0, or 1 with the error in p->zErr (the first error stands).
*/
#ifndef TIMETRACE_MM_PROFDATA_INT_H
#define TIMETRACE_MM_PROFDATA_INT_H
#include "mm_profdata.h"
#include "text_buf.h"

#include <stdint.h>
#include <string.h>
#include <zlib.h>

#define MM_HEADER_SIZE      8
#define MM_PAGE_HEADER_SIZE 5
#define MM_TAG_EVENTS       0
#define MM_TAG_STRING_DATA  1
#define MM_TAG_STRING_INDEX 2

#define MM_MAX_VIRTUAL_ID   100000000ull
#define MM_METADATA_ID      (MM_MAX_VIRTUAL_ID + 1)
#define MM_INVALID_ID       (MM_MAX_VIRTUAL_ID + 2)
#define MM_FIRST_REGULAR_ID (MM_MAX_VIRTUAL_ID + 3)

#define MM_CHUNK   ((size_t)256 << 10)   /* bytes read at a time */
#define MM_SCRATCH ((size_t)64 << 10)    /* where bytes of a gzip file read past go */

/* A string stream (data or index) as read: it may be a large part of the
** file (1.6 GB of string data on a profile with arguments), so it lives in
** a big_array.h block, filled front to back and prefaulted as it is. */
typedef struct MmStream {
  unsigned char *a;       /* The bytes, the stream's header included */
  size_t n;               /* Bytes read */
  size_t nAlloc;          /* Bytes allocated (big_resize's size) */
} MmStream;

/* Where a string data page's bytes start, in the stream and in the file. */
typedef struct MmPageMap {
  uint64_t iAddr;         /* Stream address of the page's first byte */
  uint64_t iByte;         /* File offset of the same byte */
} MmPageMap;

/* A cached kind string (kinds are few and repeat). */
#define MM_KIND_CACHE 8
typedef struct MmKind {
  uint64_t iId;           /* String id, MM_INVALID_ID when the slot is empty */
  TextBuf text;
} MmKind;

struct MmProfile {
  char *zName;                /* The path as messages show it (text_shown) */
  int fd;                     /* A plain file, or -1 */
  uint64_t nFile;             /* Its size when opened */
  gzFile g;                   /* A gzip file, or NULL */
  const unsigned char *aMem;  /* The bytes when reading memory */
  size_t nMem;
  uint64_t iPos;              /* Bytes of the input consumed */
  unsigned char *aScratch;    /* Where skipped bytes of a gzip file go (MM_SCRATCH) */
  unsigned iVersion;          /* 8 or 9 */
  unsigned nId;               /* Bytes of a string id: 4 (v8) or 8 (v9) */
  unsigned nRecord;           /* Bytes of an event: 24 (v8) or 32 (v9) */
  MmStream data;              /* The string data stream */
  MmStream index;             /* The string index stream */
  uint64_t iIndexByte;        /* File offset of the string index stream's first byte */
  MmPageMap *aMap;            /* Where each string data page starts */
  size_t nMap, nMapAlloc;
  uint32_t *aSlot;            /* Hash of the index: entry number + 1, 0 for empty */
  size_t nSlot;               /* A power of two */
  uint64_t nPage;             /* Pages seen by pass one */
  uint64_t nEventBytes;       /* Event stream bytes seen by pass one */
  /* Pass two */
  unsigned char *aBuf;        /* Event stream bytes at hand */
  size_t nBufAlloc;           /* Its size: MM_CHUNK, less for a small file */
  size_t nBuf, iBuf;          /* Bytes in aBuf, bytes of it used */
  size_t nCarry;              /* aBuf[0..nCarry) came from earlier pages */
  uint64_t iCarryByte;        /* File offset of aBuf[0] */
  uint64_t iSegByte;          /* File offset of aBuf[nCarry] */
  uint64_t nPageLeft;         /* Bytes of the current event page not read yet */
  uint64_t nPage2;            /* Pages seen by pass two */
  uint64_t nEventBytes2;      /* Event stream bytes read by pass two */
  int bDone;                  /* No more events (end or error) */
  unsigned mWant;             /* MM_WANT_* */
  int bEventsOnly;            /* MM_OPEN_EVENTS_ONLY: no strings were read */
  char *zOnlyKind;            /* mm_profdata_only_kind: the kind of the events given, or NULL */
  size_t nOnlyKind;
  MmEvent ev;                 /* The event mm_profdata_next returns */
  TextBuf label;              /* The event id's text, label then arguments */
  TextBuf args;               /* The arguments as JSON */
  MmKind aKind[MM_KIND_CACHE];
  unsigned iKindNext;         /* Cache slot to replace next */
  MmMetadata meta;
  TextBuf metaText, metaCmd, metaCounter;
  char zErr[MM_ERRMSG_MAX];   /* The error, "" when none */
  int nThread;                /* mm_profdata_threads: worker threads (0 or 1: none) */
  struct MmPool *pPool;       /* The workers and their batches, once started (mm_parallel.c) */
};

/* The little-endian unsigned number of n (at most 8) bytes at a. */
static inline uint64_t mm_le(const unsigned char *a, unsigned n){
  uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__==__ORDER_LITTLE_ENDIAN__
  if( n==8 ){ memcpy(&v, a, 8); return v; }
  if( n==4 ){ uint32_t w; memcpy(&w, a, 4); return w; }
#endif
  while( n-- ) v = (v << 8) | a[n];
  return v;
}

/* mm_pages.c.  Errors: "NAME: byte N: reason" (mm_error) or "NAME:
** reason"; the first stands.  mm_oom and mm_text_oom return 1. */
void mm_error(MmProfile *p, uint64_t iByte, const char *zFmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
void mm_error_nobyte(MmProfile *p, const char *zFmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
int mm_oom(MmProfile *p);
/* 1 (out of memory, the error set) when the text's allocation failed. */
int mm_text_oom(MmProfile *p, const TextBuf *pText);
/* Read up to n bytes into a (NULL: read past them); fewer only at the end. */
size_t mm_read(MmProfile *p, unsigned char *a, size_t n);
/* Read past a page's n bytes (it starts at iPage); 1 when the input ends first. */
int mm_skip(MmProfile *p, uint64_t n, uint64_t iPage);
/* The next page header: 1 with its tag, size and offset, 0 at the end, -1 on an error. */
int mm_page(MmProfile *p, int *peTag, uint64_t *pnSize, uint64_t *piByte);
/* Check the 8-byte header of the file (zMagic "MMPD") or of a stream; the
** first sets p->iVersion, nId and nRecord. */
int mm_check_header(MmProfile *p, const unsigned char *a, const char *zMagic,
                    const char *zWhat, uint64_t iByte);
/* Pass one: every page after the file header. */
int mm_pass_one(MmProfile *p);
/* The file offset of string data address iAddr (< data.n). */
uint64_t mm_data_byte(const MmProfile *p, uint64_t iAddr);

/* mm_strings.c */
int mm_build_index(MmProfile *p);
/* The address of string iId: 0 with *piAddr, or 1 when it has none. */
int mm_string_addr(const MmProfile *p, uint64_t iId, uint64_t *piAddr);
/* Append string iId's text to pOut; 1 with an error that names zWhat (and
** iFrom, when the id itself is bad). */
int mm_string(MmProfile *p, uint64_t iId, TextBuf *pOut, const char *zWhat, uint64_t iFrom);
/* mm_string that stops before the first byte cStop of the text (-1:
** none), resolving nothing after it: the label of an event whose
** arguments are not wanted, without walking the arguments' strings. */
int mm_string_until(MmProfile *p, uint64_t iId, TextBuf *pOut, const char *zWhat, uint64_t iFrom,
                    int cStop);

/* mm_metadata.c: resolve and parse virtual id 100,000,001 into p->meta. */
int mm_load_metadata(MmProfile *p);

/* mm_events.c: back to the first page, the event stream's header read. */
int mm_pass_two(MmProfile *p);
/* The file offset of p->aBuf[p->iBuf]. */
uint64_t mm_events_byte(const MmProfile *p);
/* At least n bytes of the event stream at p->aBuf + p->iBuf: 1, 0 at the
** end with none left, -1 on an error (set). */
int mm_events_need(MmProfile *p, size_t n);
/* Decode the record at a into p->ev (its iSeq and iByte set by the
** caller) and resolve the strings asked for: 0, 1 on an error (set), 2
** when the event is not of the kind asked for.  Writes only p->ev,
** p->label, p->args, p->aKind, p->iKindNext and p->zErr. */
int mm_decode(MmProfile *p, const unsigned char *a);
/* The check at the end of the event stream: the pages and bytes pass
** two saw are the ones pass one counted, else an error. */
void mm_events_check_end(MmProfile *p);

/* mm_parallel.c: mm_profdata_next when p->nThread>1 and strings are
** wanted; mm_parallel_end joins the workers and frees them (any time). */
const MmEvent *mm_parallel_next(MmProfile *p);
void mm_parallel_end(MmProfile *p);

#endif

/*
** mm_profdata.h: a reader of rustc's self-profile files
** (`rustc -Zself-profile`, `<crate>-<pid>.mm_profdata`: measureme's binary
** format, versions 8 and 9).  Plain C, no SQLite, no global state.
** This is the interface; the reader is ext/mm_*.c, one concern a file
** (mm_profdata_int.h says which).
**
**   MmProfile *p;
**   char zErr[MM_ERRMSG_MAX];
**   if( mm_profdata_open(zPath, &p, zErr, sizeof zErr) ) -> error in zErr
**   const MmMetadata *m = mm_profdata_metadata(p);   // pid, start time, command line
**   while( (pEv = mm_profdata_next(p)) ) ... use *pEv until the next call ...
**   if( mm_profdata_errmsg(p) ) -> the file is damaged after the events given
**   mm_profdata_close(p);
**
** The file: an 8-byte header ("MMPD" and a little-endian u32 version),
** then pages, each a tag byte (0 events, 1 string data, 2 string index), a
** little-endian u32 length and that many bytes.  The pages of one tag,
** concatenated, make a stream that starts with its own 8-byte header
** ("MMES", "MMSD", "MMSI" and the version).  Events are fixed-size records
** (32 bytes in version 9, 24 in version 8, where string ids are 4 bytes
** instead of 8): kind id, event id, thread id and 96 bits holding two
** 48-bit values (start and end of an interval; an end of 2^48-1 marks an
** instant, 2^48-2 an integer event whose value is the first).  A string id
** at most 100,000,001 is virtual: the index stream maps it to an address
** in the string data (the last entry for an id wins); a larger one is that
** address plus 100,000,003.  A string at an address is a list of
** components up to a 0xFF byte: UTF-8 text, or 0xFE and a string id whose
** text goes there.  An event id's text is its label, then its arguments,
** each after a 0x1E byte.  Virtual id 100,000,001 is the metadata: a JSON
** object with the start time, the process id, the command line and the
** counter.
**
** How it reads: opening reads the string pages into memory (the string
** data as it is, the index with a hash of 6 to 12 bytes per entry) and skips the
** event pages; mm_profdata_next then reads the event pages a record at a
** time (256 KB reads), so memory beyond the string table does not grow
** with the file.  gzip-compressed files are read too (zlib).  A virtual id
** with no index entry (a profile whose compiler stopped early) reads as
** "<unknown>", as measureme's tools print it; anything that cannot be read
** as the format (a bad header, a cut page, a string reference that points
** outside the string data, loops or nests deeper than MM_MAX_DEPTH, a
** string longer than MM_MAX_STRING, an interval that ends before it
** starts) is an error naming the file, the byte and the reason.
** With mm_profdata_threads(p, n), worker threads resolve the strings of
** batches of records the calling thread reads, and mm_profdata_next
** gives their events in file order, exactly as one thread does.
*/
#ifndef TIMETRACE_MM_PROFDATA_H
#define TIMETRACE_MM_PROFDATA_H
#include <stddef.h>
#include <stdint.h>

#define MM_ERRMSG_MAX 1024

/* Limits on resolving one string (hostile files): nesting of references,
** the text's length, and references followed plus texts copied. */
#define MM_MAX_DEPTH  64
#define MM_MAX_STRING ((size_t)16 << 20)
#define MM_MAX_STEPS  ((size_t)1 << 20)

/* What an event is. */
enum {
  MM_INTERVAL = 1,  /* iStart..iEnd */
  MM_INSTANT  = 2,  /* at iStart */
  MM_INTEGER  = 3   /* iValue (ArtifactSize bytes, QueryCacheHitCount hits, ...) */
};

/* Which strings mm_profdata_next resolves (mm_profdata_want). */
#define MM_WANT_KIND  0x1u
#define MM_WANT_LABEL 0x2u
#define MM_WANT_ARGS  0x4u
#define MM_WANT_ALL   0x7u

typedef struct MmEvent {
  int64_t iSeq;           /* 1-based position in the event stream */
  uint64_t iByte;         /* File offset of the record's first byte */
  int eType;              /* MM_INTERVAL, MM_INSTANT or MM_INTEGER */
  uint32_t iThread;       /* Thread id as rustc numbers them */
  uint64_t iStart;        /* Interval start or instant, in counter units (ns for wall time) */
  uint64_t iEnd;          /* Interval end (MM_INTERVAL only) */
  uint64_t iValue;        /* The value (MM_INTEGER only) */
  uint64_t iKindId;       /* The raw string ids */
  uint64_t iEventId;
  const char *zKind;      /* "Query", "GenericActivity", ... (MM_WANT_KIND; else NULL) */
  size_t nKind;
  const char *zLabel;     /* The label: "typeck", "codegen_module", ... (MM_WANT_LABEL) */
  size_t nLabel;
  const char *zArgs;      /* The arguments as a compact JSON array of strings, NULL when */
  size_t nArgs;           /* there are none or MM_WANT_ARGS is off */
} MmEvent;
/* Strings are UTF-8 (invalid bytes become U+FFFD, as measureme's tools
** do), NUL-terminated, valid until the next mm_profdata_next. */

typedef struct MmMetadata {
  int bPresent;           /* The file has a metadata string */
  int bStartTime;         /* start_time was there */
  uint64_t iStartTime;    /* ns since the Unix epoch when profiling started */
  int bPid;
  uint64_t iPid;          /* process_id */
  const char *zCmd;       /* "cmd": the command line, decoded (NULL when absent) */
  const char *zCounter;   /* "counter": its JSON value as written (NULL when absent) */
  const char *zText;      /* The whole metadata string (NULL when there is none) */
} MmMetadata;

typedef struct MmProfile MmProfile;

/* Open the profile zPath (plain or gzip) and read its string table.
** Returns 0 with *pp, or non-zero with "PATH: byte N: reason" in zErr
** (*pp NULL; N counts the inflated bytes of a gzip file).  Free with
** mm_profdata_close. */
int mm_profdata_open(const char *zPath, MmProfile **pp, char *zErr, size_t nErr);

/* mm_profdata_open with flags:
**   MM_OPEN_EVENTS_ONLY  skip the string pages (a statement that reads no
**       kind, label, arguments or metadata): opening reads only the pages'
**       headers, the events come with no strings whatever mm_profdata_want
**       asks, and the metadata is absent.  A damaged string page goes
**       unnoticed then; the events are checked as always. */
#define MM_OPEN_EVENTS_ONLY 0x1u
int mm_profdata_open_ex(const char *zPath, unsigned mFlags, MmProfile **pp, char *zErr, size_t nErr);

/* The same for n bytes at a (not copied: they must outlive the profile);
** zName names them in messages. */
int mm_profdata_open_memory(const unsigned char *a, size_t n, const char *zName,
                            MmProfile **pp, char *zErr, size_t nErr);

/* The format version (8 or 9). */
unsigned mm_profdata_version(const MmProfile *p);

/* The metadata, owned by p. */
const MmMetadata *mm_profdata_metadata(const MmProfile *p);

/* Choose the strings to resolve (MM_WANT_* bits; default MM_WANT_ALL). */
void mm_profdata_want(MmProfile *p, unsigned mWant);

/* Give only the events of kind zKind (nKind bytes; NULL: all, the
** default): the others are passed over before their label and arguments
** are read (their rowids still count them: iSeq is the position in the
** file).  Not with MM_OPEN_EVENTS_ONLY (no kinds are read then: ignored).
** Returns 0, or 1 when out of memory (nothing changes then). */
int mm_profdata_only_kind(MmProfile *p, const char *zKind, size_t nKind);

/* Resolve the strings on n worker threads (default 1: on the calling
** thread alone).  The events, their strings and any error are the same,
** in the same order; the calling thread still reads the file.  Only when
** strings are wanted (mm_profdata_want, mm_profdata_only_kind): without,
** there is nothing for the workers to do.  Call it, mm_profdata_want and
** mm_profdata_only_kind before the first mm_profdata_next: once the
** workers run, these change nothing.  n is capped at MM_MAX_THREADS. */
#define MM_MAX_THREADS 64
void mm_profdata_threads(MmProfile *p, int n);

/* The next event, owned by p, or NULL at the end or on an error. */
const MmEvent *mm_profdata_next(MmProfile *p);

/* "PATH: byte N: reason" for the error that ended the events, else NULL. */
const char *mm_profdata_errmsg(const MmProfile *p);

void mm_profdata_close(MmProfile *p);

#endif

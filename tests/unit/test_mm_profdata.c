/*
** test_mm_profdata.c: the self-profile reader (ext/mm_*.c, API in
** ext/mm_profdata.h).
**
**   build/unit/test_mm_profdata           the checks below, "N passed, M failed"
**   build/unit/test_mm_profdata PATH [N]  PATH's metadata and events as JSON
**                                         lines (mm_dump.h), the strings on N
**                                         threads (default 1), for
**                                         tests/oracle/mm_profdata_test.py
**
** Profiles are built here in memory (MmFile: strings, index entries and
** events, then pages of a chosen size), versions 8 and 9: every event type,
** composite, virtual and unknown strings, arguments, invalid UTF-8, pages
** so small that records straddle them; then one damage per check, each
** with the error it must give.  The real profiles of tests/data (in
** $TT_DATA, default build/testdata) are read from memory, from the file
** and gzip-compressed, and cut at many places.
*/
#include "mm_dump.h"
#include "unit.h"
#include "unit_files.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIRST_REGULAR 100000003ull
#define METADATA_ID   100000001ull

/* A profile under construction. */
typedef struct MmFile {
  unsigned iVersion;
  unsigned nId;
  unsigned char *aStream[3];  /* events, string data, string index */
  size_t nStream[3];
  size_t nAlloc[3];
} MmFile;

static void mf_put(MmFile *f, int iStream, const void *a, size_t n){
  size_t nNeed = f->nStream[iStream] + n + 1;
  if( nNeed > f->nAlloc[iStream] ){
    size_t nNew = f->nAlloc[iStream] ? f->nAlloc[iStream] : 256;
    while( nNew < nNeed ) nNew *= 2;
    f->aStream[iStream] = realloc(f->aStream[iStream], nNew);
    if( f->aStream[iStream]==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
    f->nAlloc[iStream] = nNew;
  }
  memcpy(f->aStream[iStream] + f->nStream[iStream], a, n);
  f->nStream[iStream] += n;
}

static void mf_le(MmFile *f, int iStream, uint64_t v, unsigned n){
  unsigned char a[8];
  unsigned i;
  for(i=0; i<n; i++) a[i] = (unsigned char)(v >> (8*i));
  mf_put(f, iStream, a, n);
}

static void mf_init(MmFile *f, unsigned iVersion){
  static const char *azMagic[3] = {"MMES", "MMSD", "MMSI"};
  int i;
  memset(f, 0, sizeof *f);
  f->iVersion = iVersion;
  f->nId = iVersion==8 ? 4 : 8;
  for(i=0; i<3; i++){
    mf_put(f, i, azMagic[i], 4);
    mf_le(f, i, iVersion, 4);
  }
}

static void mf_free(MmFile *f){
  int i;
  for(i=0; i<3; i++) free(f->aStream[i]);
}

/* A string from a spec: text, with "@N" for a reference to id N
** (decimal), ending at "@;" or the end of the spec; returns its id. */
static uint64_t mf_string(MmFile *f, const char *zSpec){
  uint64_t iId = f->nStream[1] + FIRST_REGULAR;
  while( *zSpec ){
    if( zSpec[0]=='@' && zSpec[1]>='0' && zSpec[1]<='9' ){
      char *zEnd;
      unsigned long long v = strtoull(zSpec + 1, &zEnd, 10);
      mf_put(f, 1, "\xFE", 1);
      mf_le(f, 1, v, f->nId);
      zSpec = *zEnd==';' ? zEnd + 1 : zEnd;
    }else{
      size_t n = 1;
      while( zSpec[n] && zSpec[n]!='@' ) n++;
      mf_put(f, 1, zSpec, n);
      zSpec += n;
    }
  }
  mf_put(f, 1, "\xFF", 1);
  return iId;
}

static void mf_index(MmFile *f, uint64_t iVirtual, uint64_t iConcrete){
  mf_le(f, 2, iVirtual, f->nId);
  mf_le(f, 2, iConcrete - FIRST_REGULAR, f->nId);
}

static void mf_event(MmFile *f, uint64_t iKind, uint64_t iId, uint32_t iThread, uint64_t v1, uint64_t v2){
  mf_le(f, 0, iKind, f->nId);
  mf_le(f, 0, iId, f->nId);
  mf_le(f, 0, iThread, 4);
  mf_le(f, 0, v1 & 0xFFFFFFFF, 4);
  mf_le(f, 0, v2 & 0xFFFFFFFF, 4);
  mf_le(f, 0, ((v1 >> 32) << 16) | (v2 >> 32), 4);
}

/* The file: header, then pages of at most nPage bytes, the three streams
** taking turns.  Returns malloc()ed bytes, their number in *pn. */
static unsigned char *mf_bytes(MmFile *f, size_t nPage, size_t *pn){
  size_t aDone[3] = {0, 0, 0}, n = 8;
  unsigned char *a = malloc(8 + f->nStream[0] + f->nStream[1] + f->nStream[2]
                            + 5*(f->nStream[0] + f->nStream[1] + f->nStream[2]));
  int bMore = 1, i;
  if( a==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  memcpy(a, "MMPD", 4);
  for(i=0; i<4; i++) a[4+i] = (unsigned char)(f->iVersion >> (8*i));
  while( bMore ){
    bMore = 0;
    for(i=0; i<3; i++){
      size_t nTake = f->nStream[i] - aDone[i];
      unsigned k;
      if( nTake==0 ) continue;
      if( nTake>nPage ) nTake = nPage;
      a[n++] = (unsigned char)i;
      for(k=0; k<4; k++) a[n++] = (unsigned char)(nTake >> (8*k));
      memcpy(a + n, f->aStream[i] + aDone[i], nTake);
      n += nTake;
      aDone[i] += nTake;
      bMore = 1;
    }
  }
  *pn = n;
  return a;
}

/* Read all of a[0..n) on nThread threads (mm_profdata_threads), only
** the events of kind zKind when not NULL: the events as dump lines into
** *pzOut (malloc()ed, *pnOut bytes), the error (or "") into zErr.
** Returns the number of events. */
static int read_threads(const unsigned char *a, size_t n, unsigned mWant, int nThread,
                        const char *zKind, char **pzOut, size_t *pnOut, char *zErr, size_t nErr){
  MmProfile *p;
  const MmEvent *e;
  FILE *f = open_memstream(pzOut, pnOut);
  int nEvent = 0;
  zErr[0] = 0;
  if( f==0 ){ fprintf(stderr, "open_memstream\n"); exit(2); }
  if( mm_profdata_open_memory(a, n, "t.mm_profdata", &p, zErr, nErr)==0 ){
    mm_profdata_want(p, mWant);
    mm_profdata_threads(p, nThread);
    if( zKind && mm_profdata_only_kind(p, zKind, strlen(zKind)) ){ fprintf(stderr, "oom\n"); exit(2); }
    while( (e = mm_profdata_next(p))!=0 ){
      mm_dump_event(f, e);
      nEvent++;
    }
    snprintf(zErr, nErr, "%s", mm_profdata_errmsg(p) ? mm_profdata_errmsg(p) : "");
    mm_profdata_close(p);
  }
  fclose(f);
  return nEvent;
}

/* Threaded reads must give what one thread gives: the same events, the
** same strings, the same error after the same event.  Counted below. */
static int nThreadSame = 0;

/* Read a[0..n) on one thread and on 2, 3 and 8 threads, with the kind
** filter zKind when not NULL; CHECK that they agree.  The one-thread
** read's output is in *pzOut (malloc()ed), its error in zErr; returns
** its number of events. */
static int read_compare(const unsigned char *a, size_t n, unsigned mWant, const char *zKind,
                        char **pzOut, size_t *pnOut, char *zErr, size_t nErr){
  static const int aThread[] = {2, 3, 8};
  int nEvent = read_threads(a, n, mWant, 1, zKind, pzOut, pnOut, zErr, nErr);
  size_t i;
  for(i=0; i<sizeof aThread/sizeof aThread[0]; i++){
    char *zOutN = 0, zErrN[MM_ERRMSG_MAX];
    size_t nOutN = 0;
    int nEventN = read_threads(a, n, mWant, aThread[i], zKind, &zOutN, &nOutN, zErrN, sizeof zErrN);
    int bSame = nEventN==nEvent && nOutN==*pnOut && memcmp(zOutN, *pzOut, nOutN)==0
                && strcmp(zErrN, zErr)==0;
    CHECK(bSame);
    if( !bSame ){
      fprintf(stderr, "  %d threads: %d events, error \"%s\"; one thread: %d, \"%s\"\n",
              aThread[i], nEventN, zErrN, nEvent, zErr);
    }
    nThreadSame += bSame;
    free(zOutN);
  }
  return nEvent;
}

/* Read all of a[0..n): the events as dump lines into zOut, the error (or
** "") into zErr.  Returns the number of events.  Also read on several
** threads, which must agree (read_compare). */
static int read_all(const unsigned char *a, size_t n, unsigned mWant, char *zOut, size_t nOut,
                    char *zErr, size_t nErr){
  char *z = 0;
  size_t nZ = 0;
  int nEvent = read_compare(a, n, mWant, 0, &z, &nZ, zErr, nErr);
  snprintf(zOut, nOut, "%s", z ? z : "");
  free(z);
  return nEvent;
}

/* The small profile of the checks (its events: zSmallEvents). */
static void build_small(MmFile *f, unsigned iVersion){
  uint64_t query, generic, artifact, typeck, key, args, odd, meta;
  mf_init(f, iVersion);
  meta = mf_string(f, "{ \"start_time\": 1733390000123456789, \"process_id\": 4242, "
                      "\"cmd\": \"rustc \\'x\\' \\\"q\\\" \\u{e9}\\t\\\\ a.rs \", "
                      "\"counter\": { \"name\": \"wall-time\", \"units\": [[\"ns\", 1]] } }");
  mf_index(f, METADATA_ID, meta);
  query = mf_string(f, "Query");
  {
    char zSpec[64];
    snprintf(zSpec, sizeof zSpec, "Generic@%llu;", (unsigned long long)mf_string(f, "Activity"));
    generic = mf_string(f, zSpec);                 /* composite: "Generic" + "Activity" */
  }
  artifact = mf_string(f, "ArtifactSize");
  typeck = mf_string(f, "typeck");
  mf_index(f, 5, typeck);                          /* virtual 5 -> "typeck" */
  key = mf_string(f, "a\"b\\c\nd\x01");
  {
    char zSpec[128];
    snprintf(zSpec, sizeof zSpec, "@%llu;\x1E@%llu;\x1E" "two", (unsigned long long)typeck,
             (unsigned long long)key);
    args = mf_string(f, zSpec);
  }
  odd = mf_string(f, "bad\xC3(utf\xF0\x9F\x98");
  mf_event(f, query, 5, 1, 100, 250);                         /* virtual label */
  mf_event(f, generic, args, 2, 300, 300);                    /* arguments */
  mf_event(f, artifact, typeck, 1, 123456789012345ull, 0xFFFFFFFFFFFEull);   /* integer */
  mf_event(f, query, 6, 3, 0xFFFFFFFFFFFDull, 0xFFFFFFFFFFFFull);           /* instant, unknown */
  mf_event(f, generic, odd, 1, 7, 0xFFFFFFFFFFFDull);         /* invalid UTF-8, widest interval */
}

static const char *zSmallEvents =
  "{\"seq\":1,\"byte\":-,\"type\":\"interval\",\"thread\":1,\"start\":100,\"end\":250,"
    "\"kind\":\"Query\",\"label\":\"typeck\",\"args\":null}\n"
  "{\"seq\":2,\"byte\":-,\"type\":\"interval\",\"thread\":2,\"start\":300,\"end\":300,"
    "\"kind\":\"GenericActivity\",\"label\":\"typeck\","
    "\"args\":\"[\\\"a\\\\\\\"b\\\\\\\\c\\\\nd\\\\u0001\\\",\\\"two\\\"]\"}\n"
  "{\"seq\":3,\"byte\":-,\"type\":\"integer\",\"thread\":1,\"value\":123456789012345,"
    "\"kind\":\"ArtifactSize\",\"label\":\"typeck\",\"args\":null}\n"
  "{\"seq\":4,\"byte\":-,\"type\":\"instant\",\"thread\":3,\"start\":281474976710653,"
    "\"kind\":\"Query\",\"label\":\"<unknown>\",\"args\":null}\n"
  "{\"seq\":5,\"byte\":-,\"type\":\"interval\",\"thread\":1,\"start\":7,\"end\":281474976710653,"
    "\"kind\":\"GenericActivity\",\"label\":\"bad\xEF\xBF\xBD(utf\xEF\xBF\xBD\",\"args\":null}\n";

/* zOut with each "byte":N made "byte":- (offsets depend on the pages). */
static void blank_bytes(char *z){
  char *zAt;
  while( (zAt = strstr(z, "\"byte\":"))!=0 ){
    char *zNum = zAt + 7, *zEnd = zNum;
    while( *zEnd>='0' && *zEnd<='9' ) zEnd++;
    if( zEnd==zNum ){ z = zNum; continue; }
    *zNum = '-';
    memmove(zNum + 1, zEnd, strlen(zEnd) + 1);
    z = zNum;
  }
}

static void test_small(void){
  static char zOut[1 << 16];
  char zErr[MM_ERRMSG_MAX];
  unsigned iVersion;
  for(iVersion=8; iVersion<=9; iVersion++){
    MmFile f;
    size_t nPage, n;
    build_small(&f, iVersion);
    for(nPage=1; nPage<=70; nPage += (nPage<40 ? 1 : 29)){
      unsigned char *a = mf_bytes(&f, nPage, &n);
      int nEvent = read_all(a, n, MM_WANT_ALL, zOut, sizeof zOut, zErr, sizeof zErr);
      blank_bytes(zOut);
      CHECK(nEvent==5);
      CHECK_STR(zErr, "");
      CHECK_STR(zOut, zSmallEvents);
      free(a);
    }
    { /* metadata, byte offsets with big pages, and the wanted strings */
      unsigned char *a = mf_bytes(&f, 1 << 20, &n);
      MmProfile *p;
      const MmMetadata *m;
      const MmEvent *e;
      CHECK(mm_profdata_open_memory(a, n, "t", &p, zErr, sizeof zErr)==0);
      CHECK(mm_profdata_version(p)==iVersion);
      m = mm_profdata_metadata(p);
      CHECK(m->bPresent && m->bStartTime && m->bPid);
      CHECK(m->iStartTime==1733390000123456789ull && m->iPid==4242);
      CHECK_STR(m->zCmd, "rustc 'x' \"q\" \xC3\xA9\t\\ a.rs ");
      CHECK_STR(m->zCounter, "{ \"name\": \"wall-time\", \"units\": [[\"ns\", 1]] }");
      e = mm_profdata_next(p);
      CHECK(e && e->iByte==8 + 5 + 8);            /* first event page: its header, the stream's */
      mm_profdata_want(p, 0);
      e = mm_profdata_next(p);
      CHECK(e && e->iByte==8 + 5 + 8 + (iVersion==9 ? 32 : 24));
      CHECK(e && e->zKind==0 && e->zLabel==0 && e->zArgs==0 && e->iKindId!=0);
      mm_profdata_want(p, MM_WANT_KIND);
      e = mm_profdata_next(p);
      CHECK(e && e->zKind && strcmp(e->zKind, "ArtifactSize")==0 && e->zLabel==0);
      mm_profdata_want(p, MM_WANT_LABEL);
      e = mm_profdata_next(p);
      CHECK(e && e->zKind==0 && e->zLabel && strcmp(e->zLabel, "<unknown>")==0);
      CHECK(mm_profdata_next(p)!=0);
      CHECK(mm_profdata_next(p)==0);
      CHECK(mm_profdata_next(p)==0);
      CHECK(mm_profdata_errmsg(p)==0);
      mm_profdata_close(p);
      free(a);
    }
    mf_free(&f);
  }
}

/* Damage: fn changes the small profile (or its bytes); the read must end
** with an error containing zWant after nWant events. */
typedef void (*MfDamage)(MmFile*);
static void expect_error(const char *zName, MfDamage xBuild, int bBytes, size_t iByte,
                         int cByte, size_t nCut, int nWant, const char *zWant){
  static char zOut[1 << 16];
  char zErr[MM_ERRMSG_MAX];
  MmFile f;
  size_t n;
  unsigned char *a;
  int nEvent;
  build_small(&f, 9);
  if( xBuild ) xBuild(&f);
  a = mf_bytes(&f, 1 << 20, &n);
  if( bBytes && iByte<n ) a[iByte] = (unsigned char)cByte;
  if( nCut ) n = nCut;
  nEvent = read_all(a, n, MM_WANT_ALL, zOut, sizeof zOut, zErr, sizeof zErr);
  CHECK(nEvent==nWant);
  CHECK(strstr(zErr, zWant)!=0 && strncmp(zErr, "t.mm_profdata: ", 15)==0);
  if( nEvent!=nWant || strstr(zErr, zWant)==0 ){
    fprintf(stderr, "  %s: %d events, error \"%s\", want %d and \"%s\"\n", zName, nEvent, zErr,
            nWant, zWant);
  }
  free(a);
  mf_free(&f);
}

static void dmg_loop(MmFile *f){
  uint64_t iSelf = f->nStream[1] + FIRST_REGULAR;
  char zSpec[64];
  snprintf(zSpec, sizeof zSpec, "x@%llu;", (unsigned long long)iSelf);
  mf_string(f, zSpec);
  mf_event(f, iSelf, iSelf, 1, 1, 2);
}
static void dmg_past_end(MmFile *f){
  uint64_t s = mf_string(f, "@999999999999;");
  mf_event(f, s, s, 1, 1, 2);
}
static void dmg_header_addr(MmFile *f){
  mf_event(f, FIRST_REGULAR + 3, FIRST_REGULAR + 3, 1, 1, 2);
}
static void dmg_no_terminator(MmFile *f){
  mf_event(f, f->nStream[1] + FIRST_REGULAR, 5, 1, 1, 2);
  mf_put(f, 1, "abc", 3);
}
static void dmg_cut_ref(MmFile *f){
  mf_event(f, f->nStream[1] + FIRST_REGULAR, 5, 1, 1, 2);
  mf_put(f, 1, "abc\xFE\x01", 5);
}
static void dmg_end_first(MmFile *f){
  mf_event(f, 5, 5, 1, 10, 9);
}
static void dmg_fan_out(MmFile *f){
  /* 8 levels of 16 references each: 16^8 components of "x" */
  uint64_t iPrev = mf_string(f, "x");
  int i, k;
  for(i=0; i<8; i++){
    char zSpec[16*24];
    size_t n = 0;
    for(k=0; k<16; k++) n += (size_t)snprintf(zSpec + n, sizeof zSpec - n, "@%llu;", (unsigned long long)iPrev);
    iPrev = mf_string(f, zSpec);
  }
  mf_event(f, 5, iPrev, 1, 1, 2);
}
static void dmg_too_long(MmFile *f){
  /* 32 references to a 1 MB string: 32 MB */
  char *z = malloc((1 << 20) + 1);
  char zSpec[32*24];
  size_t n = 0;
  uint64_t iBig;
  int k;
  memset(z, 'y', 1 << 20);
  z[1 << 20] = 0;
  iBig = mf_string(f, z);
  free(z);
  for(k=0; k<32; k++) n += (size_t)snprintf(zSpec + n, sizeof zSpec - n, "@%llu;", (unsigned long long)iBig);
  mf_event(f, 5, mf_string(f, zSpec), 1, 1, 2);
}
static void dmg_half_event(MmFile *f){ mf_put(f, 0, "0123456789", 10); }
static void dmg_index_odd(MmFile *f){ mf_put(f, 2, "xyz", 3); }
static void dmg_no_events(MmFile *f){ f->nStream[0] = 0; }
static void dmg_no_index(MmFile *f){ f->nStream[2] = 0; }
static void dmg_meta(MmFile *f){
  f->nStream[2] = 8;
  mf_index(f, METADATA_ID, mf_string(f, "{ \"start_time\": 12x }"));
}
/* a NUL in the command line (\u0000, or Rust's \0): refused, not cut */
static void dmg_meta_nul(MmFile *f){
  f->nStream[2] = 8;
  mf_index(f, METADATA_ID, mf_string(f, "{ \"start_time\": 1, \"cmd\": \"a\\u0000b\" }"));
}
static void dmg_meta_nul0(MmFile *f){
  f->nStream[2] = 8;
  mf_index(f, METADATA_ID, mf_string(f, "{ \"start_time\": 1, \"cmd\": \"a\\0b\" }"));
}
static void dmg_deep(MmFile *f){
  uint64_t iPrev = mf_string(f, "leaf");
  int i;
  for(i=0; i<MM_MAX_DEPTH + 1; i++){
    char zSpec[32];
    snprintf(zSpec, sizeof zSpec, "@%llu;", (unsigned long long)iPrev);
    iPrev = mf_string(f, zSpec);
  }
  mf_event(f, 5, iPrev, 1, 1, 2);
}
static void ok_deep(MmFile *f){
  uint64_t iPrev = mf_string(f, "leaf");
  int i;
  for(i=0; i<MM_MAX_DEPTH; i++){
    char zSpec[32];
    snprintf(zSpec, sizeof zSpec, "@%llu;", (unsigned long long)iPrev);
    iPrev = mf_string(f, zSpec);
  }
  mf_event(f, 5, iPrev, 1, 1, 2);
}

static void test_errors(void){
  static char zOut[1 << 16];
  char zErr[MM_ERRMSG_MAX];
  MmFile f;
  size_t n;
  unsigned char *a;
  /* The file's header */
  expect_error("short", 0, 0, 0, 0, 5, 0, "5 bytes long, too short");
  expect_error("magic", 0, 1, 1, 'X', 0, 0, "not a measureme .mm_profdata file");
  expect_error("version 7", 0, 1, 4, 7, 0, 0, "byte 4: format version 7: this reader reads versions 8 and 9");
  expect_error("version 10", 0, 1, 4, 10, 0, 0, "format version 10");
  expect_error("page tag", 0, 1, 8, 3, 0, 0, "byte 8: page tag 3 is none of");
  expect_error("cut page header", 0, 0, 0, 0, 11, 0, "inside a page header (3 of 5 bytes)");
  expect_error("cut page", 0, 0, 0, 0, 40, 0, "the file ends 27 bytes into a page");
  expect_error("stream magic", 0, 1, 13, 'X', 0, 0, "the event stream starts with bytes");
  expect_error("no events", dmg_no_events, 0, 0, 0, 0, 0, "no event pages");
  expect_error("no index", dmg_no_index, 0, 0, 0, 0, 0, "no string index pages");
  expect_error("index entries", dmg_index_odd, 0, 0, 0, 0, 0, "not a whole number of 16-byte entries");
  expect_error("metadata", dmg_meta, 0, 0, 0, 0, 0, "the metadata string does not parse");
  expect_error("metadata NUL", dmg_meta_nul, 0, 0, 0, 0, 0, "a NUL character (\\0, \\u0000) in a string that is kept");
  expect_error("metadata \\0", dmg_meta_nul0, 0, 0, 0, 0, 0, "a NUL character (\\0, \\u0000) in a string that is kept");
  /* Strings and events, after the 5 good events */
  expect_error("loop", dmg_loop, 0, 0, 0, 0, 5, "nest deeper than 64 levels (a reference loop?)");
  expect_error("deep", dmg_deep, 0, 0, 0, 0, 5, "nest deeper than 64 levels");
  expect_error("past end", dmg_past_end, 0, 0, 0, 0, 5, "is past the end of the string data");
  expect_error("header address", dmg_header_addr, 0, 0, 0, 0, 5, "is inside the string data's header");
  expect_error("no terminator", dmg_no_terminator, 0, 0, 0, 0, 5, "no 0xFF terminator");
  expect_error("cut reference", dmg_cut_ref, 0, 0, 0, 0, 5, "ends inside a string reference");
  expect_error("end before start", dmg_end_first, 0, 0, 0, 0, 5, "event 6 is an interval that ends (9) before it starts (10)");
  expect_error("fan out", dmg_fan_out, 0, 0, 0, 0, 5, "more than 1048576 components");
  expect_error("too long", dmg_too_long, 0, 0, 0, 0, 5, "longer than 16777216 bytes");
  expect_error("half event", dmg_half_event, 0, 0, 0, 0, 5, "the event stream ends inside an event (10 of 32 bytes)");
  /* 64 levels are fine */
  build_small(&f, 9);
  ok_deep(&f);
  a = mf_bytes(&f, 1 << 20, &n);
  CHECK(read_all(a, n, MM_WANT_ALL, zOut, sizeof zOut, zErr, sizeof zErr)==6);
  CHECK_STR(zErr, "");
  CHECK(strstr(zOut, "\"label\":\"leaf\"")!=0);
  free(a);
  mf_free(&f);
  /* A page that says it holds 4 GB: an error, not 4 GB of memory */
  {
    static const unsigned char aHuge[] = "MMPD\x09\0\0\0\x01\xF0\xFF\xFF\xFFMMSD";
    MmProfile *p;
    CHECK(mm_profdata_open_memory(aHuge, sizeof aHuge - 1, "h", &p, zErr, sizeof zErr)!=0);
    CHECK_STR(zErr, "h: byte 8: the file ends 4 bytes into a page that says it holds 4294967280");
  }
  /* Not a regular file: it could not be read twice */
  {
    MmProfile *p;
    CHECK(mm_profdata_open("/dev/null", &p, zErr, sizeof zErr)!=0 && p==0);
    CHECK(strstr(zErr, "/dev/null: cannot read it: it is not a regular file")==zErr);
  }
  /* A missing file */
  {
    MmProfile *p = (MmProfile*)&f;
    CHECK(mm_profdata_open("/nonexistent/x.mm_profdata", &p, zErr, sizeof zErr)!=0 && p==0);
    CHECK(strstr(zErr, "/nonexistent/x.mm_profdata: cannot open: No such file")==zErr);
  }
}

/* Kinds are cached (8 of them): a slot taken over by an empty kind gives
** "", not what the slot held (the fuzzer's first find). */
static void test_kind_cache(void){
  static char zOut[1 << 16];
  char zErr[MM_ERRMSG_MAX];
  MmFile f;
  size_t n;
  unsigned char *a;
  int i;
  mf_init(&f, 9);
  for(i=0; i<10; i++){
    char zKind[16];
    if( i==9 ) zKind[0] = 0;                       /* an empty kind */
    else snprintf(zKind, sizeof zKind, "Kind%d", i);
    mf_event(&f, mf_string(&f, zKind), mf_string(&f, "x"), 1, 1, 2);
  }
  a = mf_bytes(&f, 1 << 20, &n);
  CHECK(read_all(a, n, MM_WANT_KIND, zOut, sizeof zOut, zErr, sizeof zErr)==10);
  CHECK(strstr(zOut, "\"kind\":\"Kind8\"")!=0);
  CHECK(strstr(zOut, "\"seq\":10,\"byte\":309,\"type\":\"interval\",\"thread\":1,\"start\":1,"
               "\"end\":2,\"kind\":\"\",\"label\":null")!=0);
  free(a);
  mf_free(&f);
}

/* A profile of nEvent events, enough for several of the reader's batches
** of 4096 records: 10 kinds (more than the kind cache holds), 50 labels,
** some composite, some with arguments (one of them invalid UTF-8), a
** virtual id with an index entry and one without, instants and integer
** events.  eDamage 1: event iAt is an interval that ends before it
** starts; 2: its label is a reference loop; 3: its label points past the
** string data; 4: the stream is cut inside event iAt. */
static void build_many(MmFile *f, unsigned iVersion, int nEvent, int eDamage, int iAt){
  uint64_t aKind[10], aLabel[50], iLoop = 0, iPast = 0;
  int i;
  mf_init(f, iVersion);
  mf_index(f, METADATA_ID, mf_string(f, "{ \"start_time\": 1, \"process_id\": 2 }"));
  for(i=0; i<10; i++){
    char z[32];
    snprintf(z, sizeof z, "Kind%d", i);
    aKind[i] = mf_string(f, z);
  }
  for(i=0; i<50; i++){
    char z[160];
    if( i%5==1 ){
      snprintf(z, sizeof z, "label%d\x1E" "arg@%llu;\x1E" "\xC3(%d", i, (unsigned long long)aKind[i%10], i);
    }else if( i%5==2 ){
      snprintf(z, sizeof z, "comp@%llu;-%d", (unsigned long long)aLabel[i-1], i);
    }else if( i==3 ){
      snprintf(z, sizeof z, "@7;");                  /* virtual 7: indexed below */
    }else if( i==8 ){
      snprintf(z, sizeof z, "@9;x");                 /* virtual 9: no entry, "<unknown>" */
    }else{
      snprintf(z, sizeof z, "label-%d-%.*s", i, i, "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop");
    }
    aLabel[i] = mf_string(f, z);
  }
  mf_index(f, 7, aLabel[0]);
  if( eDamage==2 ){
    char z[64];
    iLoop = f->nStream[1] + FIRST_REGULAR;
    snprintf(z, sizeof z, "x@%llu;", (unsigned long long)iLoop);
    mf_string(f, z);
  }
  if( eDamage==3 ) iPast = mf_string(f, "@999999999999;");
  for(i=1; i<=nEvent; i++){
    uint64_t iLabel = aLabel[(i*13)%50], v1 = (uint64_t)i*10, v2 = v1 + (uint64_t)(i%7);
    if( i%17==0 ) v2 = 0xFFFFFFFFFFFFull;             /* an instant */
    if( i%23==0 ) v2 = 0xFFFFFFFFFFFEull;             /* an integer */
    if( i==iAt && eDamage==1 ){ v1 = 10; v2 = 9; }
    if( i==iAt && eDamage==2 ) iLabel = iLoop;
    if( i==iAt && eDamage==3 ) iLabel = iPast;
    if( i==iAt && eDamage==4 ){ mf_put(f, 0, "0123456789", 10); break; }
    mf_event(f, aKind[(i*7)%10], iLabel, (uint32_t)(i%3), v1, v2);
  }
}

/* Many events on several threads: what one thread gives, with every
** choice of strings, a kind filter, pages of every size, errors late in
** the events; a profile closed before its end. */
static void test_threads(void){
  static const unsigned aWant[] = {MM_WANT_ALL, MM_WANT_LABEL, MM_WANT_KIND, MM_WANT_ARGS, 0};
  static const char *azKind[] = {0, "Kind3", "Nope"};
  static const struct { int eDamage, iAt; const char *zWant; } aDmg[] = {
    {0, 0, ""},
    {1, 9001, "event 9001 is an interval that ends (9) before it starts (10)"},
    {2, 12289, "nest deeper than 64 levels"},
    {3, 4097, "is past the end of the string data"},
    {4, 8193, "the event stream ends inside an event (10 of"},
    {1, 1, "event 1 is an interval"},
  };
  char zErr[MM_ERRMSG_MAX];
  unsigned iVersion;
  size_t i, j, k;
  int nSame0 = nThreadSame;
  for(iVersion=8; iVersion<=9; iVersion++){
    for(i=0; i<sizeof aDmg/sizeof aDmg[0]; i++){
      MmFile f;
      size_t n, nPage = i%2 ? 1000 : 1 << 20;
      unsigned char *a;
      build_many(&f, iVersion, 13000, aDmg[i].eDamage, aDmg[i].iAt);
      a = mf_bytes(&f, nPage, &n);
      for(j=0; j<sizeof aWant/sizeof aWant[0]; j++){
        for(k=0; k<sizeof azKind/sizeof azKind[0]; k++){
          char *z = 0;
          size_t nZ = 0;
          int nEvent = read_compare(a, n, aWant[j], azKind[k], &z, &nZ, zErr, sizeof zErr);
          /* a bad label is read only when a label is: with a kind filter, the loop's kind too */
          int bErr = aDmg[i].eDamage==1 || aDmg[i].eDamage==4
                     || (aDmg[i].eDamage && (aWant[j] & (MM_WANT_LABEL|MM_WANT_ARGS)) && k==0);
          if( k==0 ) CHECK(nEvent==(bErr ? aDmg[i].iAt - 1 : 13000));
          if( k==2 ) CHECK(nEvent==0);
          if( bErr ) CHECK(strstr(zErr, aDmg[i].zWant)!=0);
          free(z);
        }
      }
      free(a);
      mf_free(&f);
    }
  }
  CHECK(nThreadSame - nSame0==2*6*5*3*3);
  /* Closed before the end, on its first event or none: the workers are
  ** joined, nothing leaks (ASan, valgrind) */
  {
    MmFile f;
    size_t n;
    unsigned char *a;
    int nStop;
    build_many(&f, 9, 30000, 0, 0);
    a = mf_bytes(&f, 1 << 20, &n);
    for(nStop=0; nStop<=5000; nStop += 2500){
      MmProfile *p;
      int m = 0;
      CHECK(mm_profdata_open_memory(a, n, "t", &p, zErr, sizeof zErr)==0);
      mm_profdata_threads(p, 4);
      while( m<nStop && mm_profdata_next(p) ) m++;
      CHECK(m==nStop);
      mm_profdata_close(p);
    }
    free(a);
    mf_free(&f);
  }
}

/* The real profiles: memory, file and gzip agree; cuts end in an error. */
static void test_real(void){
  static const struct { const char *zName; int nEvent; unsigned iVersion; } aFile[] = {
    {"selfprofile-small.mm_profdata", 10625, 9},
    {"selfprofile-args-threads2.mm_profdata", 13319, 9},
    {"selfprofile-incr.mm_profdata", 12745, 9},
    {"selfprofile-incr-v8.mm_profdata", 12745, 8},
  };
  const char *zDir = getenv("TT_DATA") ? getenv("TT_DATA") : "build/testdata";
  static char zOut[1 << 16];
  char zErr[MM_ERRMSG_MAX], zPath[4096], zGz[64];
  size_t i;
  snprintf(zGz, sizeof zGz, "/tmp/test_mm_profdata_%d.gz", (int)getpid());
  for(i=0; i<sizeof aFile/sizeof aFile[0]; i++){
    size_t n, k;
    unsigned char *a = (unsigned char*)unit_read_file(zDir, aFile[i].zName, &n);
    MmProfile *p;
    const MmEvent *e;
    int nMem = 0, nFile = 0, nGz = 0, bSame = 1;
    uint64_t iSum = 0, iSumFile = 0;
    CHECK(a!=0);
    if( a==0 ){ fprintf(stderr, "  missing %s/%s (tests/data/prepare.sh)\n", zDir, aFile[i].zName); continue; }
    if( mm_profdata_open_memory(a, n, aFile[i].zName, &p, zErr, sizeof zErr)==0 ){
      CHECK(mm_profdata_version(p)==aFile[i].iVersion);
      while( (e = mm_profdata_next(p))!=0 ){ nMem++; iSum += e->iStart + e->iEnd + e->iValue + e->nLabel + e->iByte; }
      CHECK(mm_profdata_errmsg(p)==0);
      mm_profdata_close(p);
    }
    CHECK(nMem==aFile[i].nEvent);
    snprintf(zPath, sizeof zPath, "%s/%s", zDir, aFile[i].zName);
    unit_write_file(zGz, (const char*)a, n, 1);
    if( mm_profdata_open(zPath, &p, zErr, sizeof zErr)==0 ){
      while( (e = mm_profdata_next(p))!=0 ){ nFile++; iSumFile += e->iStart + e->iEnd + e->iValue + e->nLabel + e->iByte; }
      CHECK(mm_profdata_errmsg(p)==0);
      mm_profdata_close(p);
    }
    CHECK(nFile==nMem && iSumFile==iSum);
    iSumFile = 0;
    if( mm_profdata_open(zGz, &p, zErr, sizeof zErr)==0 ){
      while( (e = mm_profdata_next(p))!=0 ){ nGz++; iSumFile += e->iStart + e->iEnd + e->iValue + e->nLabel + e->iByte; }
      CHECK(mm_profdata_errmsg(p)==0);
      mm_profdata_close(p);
    }
    CHECK(nGz==nMem && iSumFile==iSum);
    /* On threads: the same events, from memory and from the gzip file */
    {
      char *z = 0;
      size_t nZ = 0;
      CHECK(read_compare(a, n, MM_WANT_ALL, 0, &z, &nZ, zErr, sizeof zErr)==nMem && zErr[0]==0);
      free(z);
      z = 0;
      CHECK(read_compare(a, n, MM_WANT_LABEL, "Query", &z, &nZ, zErr, sizeof zErr)>0 && zErr[0]==0);
      free(z);
      nGz = 0;
      iSumFile = 0;
      if( mm_profdata_open(zGz, &p, zErr, sizeof zErr)==0 ){
        mm_profdata_threads(p, 3);
        while( (e = mm_profdata_next(p))!=0 ){ nGz++; iSumFile += e->iStart + e->iEnd + e->iValue + e->nLabel + e->iByte; }
        CHECK(mm_profdata_errmsg(p)==0);
        mm_profdata_close(p);
      }
      CHECK(nGz==nMem && iSumFile==iSum);
    }
    /* Cuts: fewer events, and an error unless the cut falls between pages */
    for(k=1; k<60; k++){
      size_t nCut = (n / 60) * k + (k * 7919) % 97;
      int nCutEvents = read_all(a, nCut, k % 2 ? MM_WANT_ALL : 0, zOut, sizeof zOut, zErr, sizeof zErr);
      if( nCutEvents>nMem || strncmp(zErr, "t.mm_profdata: ", 15)!=0 ) bSame = 0;
    }
    CHECK(bSame);
    /* A cut gzip file */
    unit_write_file(zGz, (const char*)a, n, 1);
    {
      size_t nZ;
      char *z = unit_read_file(0, zGz, &nZ);
      FILE *fz = fopen(zGz, "wb");
      CHECK(z && fz && fwrite(z, 1, nZ/2, fz)==nZ/2);
      if( fz ) fclose(fz);
      free(z);
      CHECK(mm_profdata_open(zGz, &p, zErr, sizeof zErr)!=0 && strstr(zErr, "read error")!=0);
    }
    free(a);
  }
  remove(zGz);
}

int main(int argc, char **argv){
  if( argc>1 ) return mm_dump_file(stdout, argv[1], argc>2 ? atoi(argv[2]) : 1);
  test_small();
  test_errors();
  test_kind_cache();
  test_threads();
  test_real();
  return unit_report();
}

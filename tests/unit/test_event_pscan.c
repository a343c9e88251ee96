/*
** test_event_pscan.c: unit tests of event_pscan.c (and of the parts of
** event_reader.c it relies on: the EVENT_START_TRACE_EVENTS and
** EVENT_START_LINES readers, event_reader_at_boundary, renumbering).
**
** The oracle is the single reader: every file is dumped (every field of
** every event, then the error, as test_event_reader.c does) through one
** EventFile and through event_pscan with 2, 3 and 4 threads and piece
** sizes from a few bytes up, and the dumps must be identical.
**
**   - the real traces in $TT_DATA (default build/testdata);
**   - hand-made traces, written to a temporary directory, whose strings
**     hold "},{", "}, {", "\n{", escaped quotes and backslashes before
**     "},{", whose events hold arrays of objects, with tiny pieces (1 to 64
**     bytes) so that guessed boundaries land everywhere;
**   - a file whose guessed boundaries are all wrong, truncated files
**     (every length), invalid UTF-8 and invalid JSON in a late piece, a
**     filter that drops events, gzip (one reader);
**   - closing early (after 3 events, before any) 100 times over.
*/
#include "event_pscan.h"
#include "event_dump.h"
#include "unit.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>


/* A filter for the tests: drops events whose name starts with 'R' or
** contains 'b', and those without a name whose ts ends in an odd digit.
** Reads only the event: thread-safe. */
static int accept_some(void *pCtx, const TraceEvent *pEv){
  const EventField *f = &pEv->aField[EF_NAME];
  (void)pCtx;
  if( f->eType==EV_STRING ){
    const char *z = event_field_bytes(pEv, EF_NAME);
    if( f->nByte>0 && z[0]=='R' ) return 0;
    return memchr(z, 'b', f->nByte)==0;
  }
  f = &pEv->aField[EF_TS];
  if( f->eType==EV_NUMBER && f->nByte>0 ){
    char c = event_field_bytes(pEv, EF_TS)[f->nByte-1];
    return (c - '0') % 2==0;
  }
  return 1;
}

static void config(EventReaderConfig *pCfg, unsigned mWant, int bFilter){
  memset(pCfg, 0, sizeof(*pCfg));
  pCfg->mWant = mWant;
  if( bFilter ) pCfg->xAccept = accept_some;
}

/* The dump of zPath through one EventFile.  Owned by the caller. */
static char *dump_single(const char *zPath, const EventReaderConfig *pCfg){
  EventFile *f;
  char zErr[TRACE_ERRMSG_MAX];
  const TraceEvent *e;
  Str out = {0, 0, 0};
  str_printf(&out, "%s", "");
  if( event_file_open(zPath, pCfg, 0, &f, zErr, sizeof(zErr)) ){
    str_printf(&out, "OPEN ERROR: %s\n", zErr);
    return out.z;
  }
  while( (e = event_file_next(f))!=0 ) dump_event(&out, e);
  if( event_file_errmsg(f) ) str_printf(&out, "ERROR: %s\n", event_file_errmsg(f));
  event_file_close(f);
  return out.z;
}

/* The dump of zPath through event_pscan.  Owned by the caller. */
static char *dump_pscan(const char *zPath, const EventReaderConfig *pCfg, int nThread,
                        size_t nPiece, EventPScanStats *pStats){
  EventPScan *p;
  char zErr[TRACE_ERRMSG_MAX];
  const TraceEvent *e;
  Str out = {0, 0, 0};
  str_printf(&out, "%s", "");
  if( event_pscan_open(zPath, pCfg, nThread, &p, zErr, sizeof(zErr)) ){
    CHECK(p==0);
    str_printf(&out, "OPEN ERROR: %s\n", zErr);
    if( pStats ) memset(pStats, 0, sizeof(*pStats));
    return out.z;
  }
  event_pscan_set_piece_size(p, nPiece);
  while( (e = event_pscan_next(p))!=0 ) dump_event(&out, e);
  if( event_pscan_errmsg(p) ) str_printf(&out, "ERROR: %s\n", event_pscan_errmsg(p));
  CHECK(event_pscan_next(p)==0);   /* stays at the end */
  if( pStats ) event_pscan_stats(p, pStats);
  event_pscan_close(p);
  return out.z;
}

/* Show where two dumps part. */
static void show_diff(const char *zGot, const char *zWant){
  size_t i = 0, iLine = 0;
  while( zGot[i] && zGot[i]==zWant[i] ){
    if( zGot[i]=='\n' ) iLine = i + 1;
    i++;
  }
  fprintf(stderr, "  got:  %.300s\n  want: %.300s\n", zGot + iLine, zWant + iLine);
}

/* Statistics over many runs, to see that the parallel path was taken. */
typedef struct Tally { int nRun, nParallel, nWrong; int64_t nPiece; } Tally;

/* Compare the pscan dumps of zPath at nThread threads and piece sizes
** nFrom..nTo (step nStep) with zWant, the single reader's.  Returns the
** number of runs that differ (each one also fails a CHECK, the first is
** shown). */
static int check_dump(const char *zPath, const char *zWant, const EventReaderConfig *pCfg,
                      int nThread, size_t nFrom, size_t nTo, size_t nStep, Tally *pTally){
  size_t nPiece;
  int nBad = 0;
  for(nPiece=nFrom; nPiece<=nTo; nPiece+=nStep){
    EventPScanStats st;
    char *zGot = dump_pscan(zPath, pCfg, nThread, nPiece, &st);
    if( strcmp(zGot, zWant)!=0 ){
      if( nBad==0 ){
        fprintf(stderr, "%s: %d threads, pieces of %zu bytes: the dump differs\n", zPath, nThread, nPiece);
        show_diff(zGot, zWant);
      }
      nBad++;
    }
    if( pTally ){
      pTally->nRun++;
      pTally->nParallel += st.nWorker>0;
      pTally->nWrong += st.bWrongGuess;
      pTally->nPiece += st.nPiece;
    }
    free(zGot);
  }
  CHECK(nBad==0);
  return nBad;
}

/* check_dump against the single reader's dump of zPath. */
static int check_file(const char *zPath, const EventReaderConfig *pCfg, int nThread,
                      size_t nFrom, size_t nTo, size_t nStep, Tally *pTally){
  char *zWant = dump_single(zPath, pCfg);
  int nBad = check_dump(zPath, zWant, pCfg, nThread, nFrom, nTo, nStep, pTally);
  free(zWant);
  return nBad;
}

/* ------------------------------------------------------------------------
** Hand-made traces
*/

static char g_zDir[] = "/tmp/tt_pscan_XXXXXX";
static char **g_azTmp = 0;
static int g_nTmp = 0;

/* Write a[0..n) to a new file in the temporary directory; returns its
** path (owned by the test, removed at the end). */
static const char *write_tmp(const char *a, size_t n){
  char zPath[512];
  FILE *f;
  snprintf(zPath, sizeof(zPath), "%s/t%d.json", g_zDir, g_nTmp);
  f = fopen(zPath, "wb");
  if( f==0 || fwrite(a, 1, n, f)!=n || fclose(f)!=0 ){
    fprintf(stderr, "cannot write %s\n", zPath);
    exit(2);
  }
  g_azTmp = realloc(g_azTmp, sizeof(char*)*(size_t)(g_nTmp + 1));
  if( g_azTmp==0 || (g_azTmp[g_nTmp] = strdup(zPath))==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  return g_azTmp[g_nTmp++];
}

static void remove_tmp(void){
  int i;
  for(i=0; i<g_nTmp; i++){
    unlink(g_azTmp[i]);
    free(g_azTmp[i]);
  }
  free(g_azTmp);
  rmdir(g_zDir);
}

/* Events whose strings and values hold everything that looks like a
** boundary and is not one, and separators of every kind.  In JSON text. */
static const char *azTricky[] = {
  "{\"pid\":1,\"tid\":2,\"ph\":\"X\",\"ts\":10,\"dur\":5,\"name\":\"a},{b\",\"args\":{\"detail\":\"}, {\"}}",
  "{\"ph\":\"i\",\"name\":\"x\\\"},{\\\"y\",\"args\":{\"s\":\"\\\\\\\"},{\"}}",
  "{\"ph\":\"B\",\"name\":\"back\\\\\",\"args\":{\"detail\":\"q\\\\\"}}",
  "{\"ph\":\"X\",\"args\":{\"list\":[{\"a\":1},{\"b\":[{},{}]}],\"detail\":{\"k\":[{} , { }]}}}",
  "{\"ph\":\"X\",\"name\":\"nl \\n{ and \\r\\n{\",\"cat\":\"}\\n,\\n{\",\"ts\":12}",
  "{\"ph\":\"E\",\"ts\":13,\"traceEvents\":[{},{\"ph\":\"X\"}],\"stack\":[{\"x\":\"},\"},{\"y\":\"{\"}]}",
  "{\"name\":\"\\u00e9\\ud83d\\ude00},\",\"ph\":\"C\",\"ts\":14,\"args\":{\"v\":[1,{\"q\":\"\\\\\"},{}]}}",
  "{\"ph\":\"X\",\"name\":\"Run},{\",\"id\":\"},{\\\"\",\"tid\":\"}\\u002c{\"}",
  "{\"ph\":\"M\",\"name\":\"thread_name\",\"args\":{\"name\":\"} ,\\t{\"},\"ts\":15}",
  "{ \"ph\" : \"X\" , \"name\" : \"spaces\" , \"args\" : { \"detail\" : [ { } , { } ] } }",
};
#define N_TRICKY (int)(sizeof(azTricky)/sizeof(azTricky[0]))

/* Separators between events of the object format. */
static const char *azSep[] = { ",", ", ", "\n,\n", " ,\t", ",\r\n  ", "\n , \n\n" };
#define N_SEP (int)(sizeof(azSep)/sizeof(azSep[0]))

/* An object-format trace of nEvent events taken round-robin from azTricky,
** starting with zHead, ending with zTail. */
static void make_object(Str *p, const char *zHead, int nEvent, const char *zTail){
  int i;
  p->n = 0;
  str_printf(p, "%s", zHead);
  for(i=0; i<nEvent; i++){
    if( i>0 ) str_printf(p, "%s", azSep[i % N_SEP]);
    str_printf(p, "%s", azTricky[i % N_TRICKY]);
  }
  str_printf(p, "%s", zTail);
}

/* A JSON Lines trace of nEvent events, with blank lines and CRLF. */
static void make_lines(Str *p, int nEvent){
  static const char *azEnd[] = { "\n", "\r\n", "\n\n", " \n", "\n \n\t\n" };
  int i;
  p->n = 0;
  str_printf(p, "%s", "");
  for(i=0; i<nEvent; i++){
    str_printf(p, "%s%s", azTricky[i % N_TRICKY], azEnd[i % 5]);
  }
}

static void test_tricky(void){
  Str s = {0, 0, 0};
  Tally t = {0, 0, 0, 0};
  EventReaderConfig cfg;
  const char *zPath;
  int nThread;
  config(&cfg, EVENT_WANT_ALL, 0);

  /* Object format, LLVM's header, a tail with arrays of objects. */
  make_object(&s, "{\"traceEvents\":[", 40,
              "],\"beginningOfTime\":123,\"stackFrames\":[{},{\"a\":\"},{\"}],\"otherData\":{\"x\":[{},{}]}}\n");
  zPath = write_tmp(s.z, s.n);
  for(nThread=2; nThread<=4; nThread++) check_file(zPath, &cfg, nThread, 1, 64, 2*nThread-3, &t);
  /* Whitespace in the header, none at the end. */
  make_object(&s, "\xEF\xBB\xBF \n{ \"traceEvents\" :\n[ ", 23, " ] }");
  zPath = write_tmp(s.z, s.n);
  for(nThread=2; nThread<=3; nThread++) check_file(zPath, &cfg, nThread, nThread-1, 64, 2, &t);
  /* A repeated "traceEvents" key: the second array is parsed in pieces too. */
  make_object(&s, "{\"traceEvents\":[", 12, "],\"traceEvents\":[");
  {
    Str s2 = {0, 0, 0};
    make_object(&s2, "", 15, "]}");
    str_append(&s, s2.z, s2.n);
    free(s2.z);
  }
  zPath = write_tmp(s.z, s.n);
  check_file(zPath, &cfg, 2, 1, 64, 1, &t);
  /* JSON Lines. */
  make_lines(&s, 37);
  zPath = write_tmp(s.z, s.n);
  for(nThread=2; nThread<=4; nThread++) check_file(zPath, &cfg, nThread, 1, 64, 2*nThread-3, &t);
  /* Only some fields wanted, and a filter that drops events. */
  make_object(&s, "{\"traceEvents\":[", 40, "]}");
  zPath = write_tmp(s.z, s.n);
  config(&cfg, EVENT_WANT(EF_NAME) | EVENT_WANT(EF_DETAIL), 0);
  check_file(zPath, &cfg, 2, 7, 64, 3, &t);
  config(&cfg, EVENT_WANT_ALL, 1);
  check_file(zPath, &cfg, 3, 1, 64, 2, &t);
  make_lines(&s, 37);
  zPath = write_tmp(s.z, s.n);
  check_file(zPath, &cfg, 2, 2, 64, 2, &t);

  /* The parallel path was taken, pieces were used, and some guesses (those
  ** inside strings) were wrong. */
  CHECK(t.nParallel > t.nRun*3/4);
  CHECK(t.nPiece > 10*t.nRun);
  CHECK(t.nWrong > 0);
  free(s.z);
}

/* A file whose guessed boundaries are all wrong: one event whose strings
** are full of "},{", then a few more. */
static void test_all_wrong(void){
  Str s = {0, 0, 0};
  EventReaderConfig cfg;
  EventPScanStats st;
  const char *zPath;
  char *zWant, *zGot;
  int i;
  config(&cfg, EVENT_WANT_ALL, 0);
  str_printf(&s, "{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"");
  for(i=0; i<500; i++) str_printf(&s, "},{\\\"a\\\":%d},\\n{", i);
  str_printf(&s, "\",\"args\":{\"detail\":\"");
  for(i=0; i<300; i++) str_printf(&s, "} , {");
  str_printf(&s, "\"}},{\"ph\":\"i\",\"name\":\"b\"}]}");
  zPath = write_tmp(s.z, s.n);
  zWant = dump_single(zPath, &cfg);
  CHECK(strstr(zWant, "ERROR")==0);
  for(i=0; i<4; i++){
    static const size_t aPiece[] = { 16, 100, 1000, 4000 };
    zGot = dump_pscan(zPath, &cfg, 2, aPiece[i], &st);
    CHECK_STR(zGot, zWant);
    CHECK(st.nWorker==2);
    CHECK(st.bWrongGuess==1);
    CHECK(st.nPiece==1);
    free(zGot);
  }
  free(zWant);
  /* JSON Lines: an escaped newline before "{" is no line start; a raw one
  ** inside a string is invalid, and found by the reader of the first piece. */
  s.n = 0;
  str_printf(&s, "{\"ph\":\"X\",\"name\":\"");
  for(i=0; i<300; i++) str_printf(&s, "}\\n{");
  str_printf(&s, "\"}\n{\"ph\":\"X\",\"name\":\"a}\n{\"}\n{\"ph\":\"i\"}\n");
  zPath = write_tmp(s.z, s.n);
  check_file(zPath, &cfg, 2, 1, 40, 1, 0);
  check_file(zPath, &cfg, 3, 100, 2000, 100, 0);
  free(s.z);
}

/* Every length of a file: the truncated ones end in errors that name the
** event, which a late piece must number as in the whole file. */
static void test_truncated(void){
  Str s = {0, 0, 0};
  EventReaderConfig cfg;
  Tally t = {0, 0, 0, 0};
  size_t n, nFull;
  char *zFull;
  int bBad = 0;
  int iFmt;
  config(&cfg, EVENT_WANT_ALL, 0);
  for(iFmt=0; iFmt<2; iFmt++){
    if( iFmt==0 ){
      make_object(&s, "{\"traceEvents\":[", 8, "],\"beginningOfTime\":1}\n");
    }else{
      make_lines(&s, 8);
    }
    nFull = s.n;
    zFull = malloc(nFull);
    if( zFull==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
    memcpy(zFull, s.z, nFull);
    for(n=0; n<=nFull && !bBad; n++){
      const char *zPath = write_tmp(zFull, n);
      size_t nPiece = 5 + n%29;
      bBad += check_file(zPath, &cfg, 2 + (int)(n%3==0), nPiece, nPiece, 1, &t);
      unlink(zPath);
    }
    free(zFull);
  }
  CHECK(t.nParallel > t.nRun/2);
  free(s.z);
}

/* Errors in a late piece: same rows before, same message and offset. */
static void test_late_errors(void){
  static const struct { const char *zFind, *zReplace, *zAt; } aCase[] = {
    { "\"back\\\\\"", "\"ba\x80\"", "\x80" },            /* invalid UTF-8 */
    { "\"back\\\\\"", "\"b\xE8\xA8\"", "\xE8" },         /* truncated UTF-8 */
    { "{\"ph\":\"B\"", "[],{\"ph\":\"B\"", 0 },       /* traceEvents element N is not an object */
    { "{\"ph\":\"B\"", "7,{\"ph\":\"B\"", 0 },        /* a number */
    { "{\"ph\":\"B\"", "tru,{\"ph\":\"B\"", 0 },      /* invalid literal */
    { ",{\"ph\":\"B\"", "{\"ph\":\"B\"", 0 },         /* missing comma */
    { "{\"ph\":\"B\"", "{\"ph\":\"B\",}", 0 },        /* trailing comma in an object */
    { "{\"ph\":\"B\"", "{\"ph\":\"B\",\"x\":[1,}", 0 },
    { "{\"ph\":\"B\"", "{\"ph\" \"B\"", 0 },          /* missing colon */
    { "{\"ph\":\"B\"", "{\"ph\":\"B\\q\"", 0 },       /* bad escape */
    { "{\"ph\":\"B\"", "{\"ph\":\"B\\ud800\"", "\\ud800" },   /* lone high surrogate escape */
    { "{\"ph\":\"B\"", "{\"ph\":\"B\\ud800\\u0041\"", "\\ud800" },  /* high, then no low */
    { "{\"ph\":\"B\"", "{\"ph\":\"B\",\"x\":[\"\\udc00\"]", "\\udc00" }, /* lone low, nested */
    { "\"back\\\\\"", "\"a\xC0\x80z\"", "\xC0" },          /* overlong */
    { "\"back\\\\\"", "\"b\xED\xA0\x80z\"", "\xED" },      /* UTF-8-encoded surrogate */
    { "\"back\\\\\"", "\"c\xF4\x90\x80\x80z\"", "\xF4" },  /* above U+10FFFF */
    { "{\"ph\":\"B\"", "{\"k\xF5\x80\":1,\"ph\":\"B\"", "\xF5" }, /* in a key */
  };
  Str s = {0, 0, 0};
  EventReaderConfig cfg;
  size_t i;
  int iFmt;
  config(&cfg, EVENT_WANT_ALL, 0);
  for(iFmt=0; iFmt<2; iFmt++){
    for(i=0; i<sizeof(aCase)/sizeof(aCase[0]); i++){
      const char *zFind = aCase[i].zFind, *z;
      Str t = {0, 0, 0};
      const char *zPath;
      char *zWant;
      if( iFmt==0 ){
        make_object(&s, "{\"traceEvents\":[", 33, "]}");
      }else{
        if( zFind[0]==',' ) continue;
        make_lines(&s, 33);
      }
      /* Replace the last occurrence: in a late piece. */
      z = 0;
      {
        const char *zAt = s.z;
        while( (zAt = strstr(zAt, zFind))!=0 ){ z = zAt; zAt++; }
      }
      if( z==0 ){ CHECK(z!=0); continue; }
      str_append(&t, s.z, (size_t)(z - s.z));
      str_append(&t, aCase[i].zReplace, strlen(aCase[i].zReplace));
      z += strlen(zFind);
      str_append(&t, z, strlen(z));
      zPath = write_tmp(t.z, t.n);
      zWant = dump_single(zPath, &cfg);
      CHECK(strstr(zWant, "ERROR")!=0);
      if( aCase[i].zAt ){
        /* the byte named: where zAt is in the file, found here */
        const char *zMsg = aCase[i].zAt[0]=='\\' ? "invalid \\u escape: unpaired surrogate"
                                                 : "invalid UTF-8 in string";
        char zLine[200];
        snprintf(zLine, sizeof(zLine), "ERROR: byte %zu: %s\n",
                 (size_t)(strstr(t.z, aCase[i].zAt) - t.z), zMsg);
        CHECK(strlen(zWant)>=strlen(zLine) && strcmp(zWant + strlen(zWant) - strlen(zLine), zLine)==0);
      }
      check_file(zPath, &cfg, 2, 7, 64, 3, 0);
      check_file(zPath, &cfg, 3, 50, 400, 70, 0);
      free(zWant);
      free(t.z);
    }
  }
  /* Data after the end, in the last piece. */
  make_object(&s, "{\"traceEvents\":[", 20, "]} {\"x\":1}");
  check_file(write_tmp(s.z, s.n), &cfg, 2, 7, 64, 1, 0);
  make_object(&s, "{\"traceEvents\":[", 20, "],\"a\":1} 7");
  check_file(write_tmp(s.z, s.n), &cfg, 2, 7, 64, 1, 0);
  make_lines(&s, 20);
  str_printf(&s, "[1]\n");
  check_file(write_tmp(s.z, s.n), &cfg, 2, 7, 64, 1, 0);
  free(s.z);
}

/* Files one reader reads: array format, metadata mode, gzip, small, empty,
** not a trace; and the open errors. */
/* zFile, scanned with nThread threads and 7-byte pieces, is read by one
** reader (no worker starts) and gives what one EventFile gives. */
static void check_one_reader(const char *zFile, const EventReaderConfig *pCfg, int nThread){
  EventPScanStats st;
  char *zGot = dump_pscan(zFile, pCfg, nThread, 7, &st);
  char *zWant = dump_single(zFile, pCfg);
  CHECK_STR(zGot, zWant);
  CHECK(st.nWorker==0);
  free(zGot);
  free(zWant);
}

static void test_single(const char *zData){
  Str s = {0, 0, 0};
  EventReaderConfig cfg;
  EventPScanStats st;
  EventPScan *p = 0;
  char zErr[TRACE_ERRMSG_MAX];
  char zPath[4096];
  const char *zFile;
  char *zWant, *zGot;
  gzFile gz;
  config(&cfg, EVENT_WANT_ALL, 0);

  CHECK(event_pscan_open("/nonexistent/x.json", &cfg, 2, &p, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "cannot open: No such file or directory");
  CHECK(p==0);
  CHECK(event_pscan_open("/", &cfg, 2, &p, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "is a directory, not a trace file");
  CHECK(p==0);

  zFile = write_tmp("", 0);
  zGot = dump_pscan(zFile, &cfg, 2, 1, &st);
  CHECK_STR(zGot, "ERROR: byte 0: empty file\n");
  CHECK(st.nWorker==0);
  free(zGot);
  check_file(write_tmp(" \n ", 3), &cfg, 2, 1, 2, 1, 0);
  check_file(write_tmp("{\"a\":1}\n{\"ph\":\"X\"}\n", 19), &cfg, 2, 1, 9, 1, 0);
  check_file(write_tmp("{\"traceEvents\":3}", 17), &cfg, 2, 1, 9, 1, 0);
  check_file(write_tmp("{\"traceEvents\":[{\"ph\":\"X\"},[]]}", 31), &cfg, 2, 1, 9, 1, 0);
  check_file(write_tmp("{\"traceEvents\":[{},{\"ph\":{}}, 5, {}]}", 37), &cfg, 2, 1, 9, 1, 0);

  /* One thread asked for: one reader. */
  make_object(&s, "{\"traceEvents\":[", 20, "]}");
  check_one_reader(write_tmp(s.z, s.n), &cfg, 1);
  /* The array format: one reader, whatever the piece size. */
  make_object(&s, "[", 20, "]");
  check_one_reader(write_tmp(s.z, s.n), &cfg, 2);
  /* Chrome's order (other keys first) is read as if it were JSON Lines:
  ** no line boundary is ever found, and it still comes out right. */
  make_object(&s, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", 20, "]}");
  check_file(write_tmp(s.z, s.n), &cfg, 2, 7, 64, 19, 0);

  /* Metadata mode: one reader. */
  make_object(&s, "{\"traceEvents\":[", 20, "],\"beginningOfTime\":1,\"x\":[{},{}]}");
  zFile = write_tmp(s.z, s.n);
  cfg.bMetadata = 1;
  zGot = dump_pscan(zFile, &cfg, 2, 7, &st);
  zWant = dump_single(zFile, &cfg);
  CHECK_STR(zGot, zWant);
  CHECK(st.nWorker==0);
  CHECK(strstr(zWant, "beginningOfTime")!=0);
  free(zGot);
  free(zWant);
  cfg.bMetadata = 0;

  /* gzip: one reader. */
  snprintf(zPath, sizeof(zPath), "%s/gz.json.gz", g_zDir);
  gz = gzopen(zPath, "wb");
  CHECK(gz!=0);
  if( gz ){
    CHECK(gzwrite(gz, s.z, (unsigned)s.n)==(int)s.n);
    gzclose(gz);
    zFile = write_tmp("", 0);   /* just so that it is removed: */
    rename(zPath, zFile);
    zGot = dump_pscan(zFile, &cfg, 2, 7, &st);
    zWant = dump_single(zFile, &cfg);
    CHECK_STR(zGot, zWant);
    CHECK(strstr(zWant, "#20 ")!=0);
    CHECK(st.nWorker==0);
    free(zGot);
    free(zWant);
  }
  /* Small with the default piece size: one reader. */
  snprintf(zPath, sizeof(zPath), "%s/clang-wordfreq.json", zData);
  zGot = dump_pscan(zPath, &cfg, 2, 0, &st);
  zWant = dump_single(zPath, &cfg);
  CHECK_STR(zGot, zWant);
  CHECK(st.nWorker==0);
  free(zGot);
  free(zWant);
  free(s.z);
}

/* The event_reader functions the scan relies on, directly. */
static int fed_at_boundary(const char *zIn, int eStart, uint64_t iBase){
  EventReaderConfig cfg;
  EventReader *r;
  size_t n = strlen(zIn);
  const char *zClose = zIn + n;
  int bAt;
  config(&cfg, EVENT_WANT_ALL, 0);
  cfg.eStart = eStart;
  cfg.iByteBase = iBase;
  r = event_reader_new(&cfg);
  if( r==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  while( zClose>zIn && zClose[-1]!='}' ) zClose--;
  event_reader_feed(r, (const unsigned char*)zIn, n);
  bAt = event_reader_at_boundary(r, iBase + (uint64_t)(zClose - 1 - zIn), iBase + n);
  event_reader_free(r);
  return bAt;
}

static void test_reader_parts(void){
  EventReaderConfig cfg;
  EventReader *r;
  const TraceEvent *e;
  static const char zTrunc[] = "{\"ph\":\"X\"},{\"ph\":\"Y\"},{\"ph\":";
  CHECK(fed_at_boundary("{\"traceEvents\":[{\"a\":1}, ", EVENT_START_FILE, 0)==1);
  CHECK(fed_at_boundary("{\"traceEvents\":[{\"a\":1}, ", EVENT_START_FILE, 100)==1);
  CHECK(fed_at_boundary("{\"a\":1},\n", EVENT_START_TRACE_EVENTS, 7)==1);
  /* the "}," is in a string, inside an event, after a string element */
  CHECK(fed_at_boundary("{\"traceEvents\":[{\"a\":\"},", EVENT_START_FILE, 0)==0);
  CHECK(fed_at_boundary("{\"traceEvents\":[{\"a\":{\"b\":{}},", EVENT_START_FILE, 0)==0);
  CHECK(fed_at_boundary("{\"traceEvents\":[{\"a\":1}, \"},", EVENT_START_FILE, 0)==0);
  /* the array closed: a "}," in the tail */
  CHECK(fed_at_boundary("{\"traceEvents\":[{}],\"x\":[{},", EVENT_START_FILE, 0)==0);
  /* the array format and metadata are not for parallel scans */
  CHECK(fed_at_boundary("[{\"ph\":\"X\"},", EVENT_START_FILE, 0)==0);
  /* JSON Lines: only whitespace after the event's "}" */
  CHECK(fed_at_boundary("{\"ph\":\"X\"}\n{\"ph\":\"Y\"}\r\n\n", EVENT_START_FILE, 0)==1);
  CHECK(fed_at_boundary("{\"name\":\"a\"}\n", EVENT_START_LINES, 3)==1);
  CHECK(fed_at_boundary("{\"name\":\"a\"}\n", EVENT_START_FILE, 0)==0);   /* no "ph": not a trace */
  CHECK(fed_at_boundary("{\"ph\":\"X\",\"a\":{}\n", EVENT_START_FILE, 0)==0);

  /* A reader inside "traceEvents" parses the real tail; renumbering
  ** reaches the queued events and an error that names an event. */
  config(&cfg, EVENT_WANT_ALL, 0);
  cfg.eStart = EVENT_START_TRACE_EVENTS;
  cfg.iByteBase = 1000;
  r = event_reader_new(&cfg);
  CHECK(r!=0);
  if( r==0 ) return;
  CHECK(event_reader_feed(r, (const unsigned char*)zTrunc, strlen(zTrunc))==0);
  CHECK(event_reader_finish(r)!=0);
  CHECK_STR(event_reader_errmsg(r), "byte 1028: unexpected end of input inside event 3 (truncated trace?)");
  CHECK(event_reader_seq(r)==2);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==1 && e->iByte==1000);
  event_reader_set_seq_base(r, 40);
  CHECK_STR(event_reader_errmsg(r), "byte 1028: unexpected end of input inside event 43 (truncated trace?)");
  CHECK(event_reader_seq(r)==42);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==42 && e->iByte==1011);
  CHECK(event_reader_next(r)==0);
  /* Start over as a JSON Lines reader, keeping the memory. */
  cfg.eStart = EVENT_START_LINES;
  cfg.iByteBase = 0;
  CHECK(event_reader_reset(r, &cfg)==0);
  CHECK(event_reader_errmsg(r)==0);
  CHECK(event_reader_feed(r, (const unsigned char*)"{\"traceEvents\":1}\n{}", 20)==0);
  CHECK(event_reader_finish(r)==0);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==1 && e->aField[EF_EXTRA].eType==EV_JSON);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==2 && e->iByte==18);
  /* Renumbered twice, with events taken and queued in between. */
  CHECK(event_reader_reset(r, &cfg)==0);
  CHECK(event_reader_feed(r, (const unsigned char*)"{}\n{}\n", 6)==0);
  event_reader_set_seq_base(r, 10);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==11);
  CHECK(event_reader_feed(r, (const unsigned char*)"{}\n", 3)==0);
  event_reader_set_seq_base(r, 20);
  CHECK(event_reader_seq(r)==23);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==22);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==23 && e->iByte==6);
  CHECK(event_reader_next(r)==0);
  CHECK(event_reader_feed(r, (const unsigned char*)"{}", 2)==0);
  CHECK(event_reader_finish(r)==0);
  e = event_reader_next(r);
  CHECK(e && e->iSeq==24);
  /* "]}" right after the prefix: an empty traceEvents array. */
  cfg.eStart = EVENT_START_TRACE_EVENTS;
  CHECK(event_reader_reset(r, &cfg)==0);
  CHECK(event_reader_feed(r, (const unsigned char*)"]}", 2)==0);
  CHECK(event_reader_finish(r)==0);
  CHECK(event_reader_next(r)==0);
  event_reader_free(r);
}

/* ------------------------------------------------------------------------
** Real traces
*/

static void test_real(const char *zData){
  static const char *azName[] = { "tiny-v0.json", "tiny-v0.jsonl", "tiny-v0.array.json", "tiny-legacy.json" };
  static const struct { int nThread; size_t nPiece; } aPiece[] = {
    { 2, 4093 }, { 3, 16411 }, { 4, 8191 }, { 2, 65536 }
  };
  EventReaderConfig cfg;
  char zPath[4096];
  size_t i, j;
  int nThread;
  DIR *d;
  struct dirent *e;
  config(&cfg, EVENT_WANT_ALL, 0);
  for(i=0; i<sizeof(azName)/sizeof(azName[0]); i++){
    Tally t = {0, 0, 0, 0};
    char *zWant;
    snprintf(zPath, sizeof(zPath), "%s/%s", zData, azName[i]);
    if( access(zPath, R_OK)!=0 ){
      fprintf(stderr, "cannot read %s (run tests/data/prepare.sh)\n", zPath);
      CHECK(0);
      continue;
    }
    zWant = dump_single(zPath, &cfg);
    CHECK(strstr(zWant, "ERROR")==0);
    for(j=0; j<sizeof(aPiece)/sizeof(aPiece[0]); j++){
      nThread = aPiece[j].nThread;
      check_dump(zPath, zWant, &cfg, nThread, aPiece[j].nPiece, aPiece[j].nPiece, 1, &t);
    }
    free(zWant);
    if( strstr(azName[i], "array") ){
      CHECK(t.nParallel==0);
    }else{
      /* LLVM's traces have no "}," in strings: every guess is right. */
      CHECK(t.nParallel==t.nRun);
      CHECK(t.nWrong==0);
      CHECK(t.nPiece > 20*t.nRun);
    }
  }
  /* With a filter and some fields. */
  snprintf(zPath, sizeof(zPath), "%s/tiny-v0.json", zData);
  config(&cfg, EVENT_WANT(EF_NAME) | EVENT_WANT(EF_DUR), 1);
  check_file(zPath, &cfg, 3, 4096, 4096, 1, 0);
  snprintf(zPath, sizeof(zPath), "%s/tiny-v0.jsonl", zData);
  check_file(zPath, &cfg, 2, 3000, 3000, 1, 0);
  config(&cfg, EVENT_WANT_ALL, 0);
  d = opendir(zData);
  CHECK(d!=0);
  while( d && (e = readdir(d))!=0 ){
    if( strncmp(e->d_name, "clang-", 6)!=0 ) continue;
    char *zWant;
    snprintf(zPath, sizeof(zPath), "%s/%s", zData, e->d_name);
    zWant = dump_single(zPath, &cfg);
    for(nThread=2; nThread<=4; nThread++){
      check_dump(zPath, zWant, &cfg, nThread, 1500*(size_t)nThread, 1500*(size_t)nThread, 1, 0);
    }
    free(zWant);
  }
  if( d ) closedir(d);
}

/* Close after 3 events, after none, after one piece's worth: no leak, no
** hang, whatever the workers are doing. */
static void test_early_close(const char *zData){
  static const char *azName[] = { "tiny-v0.json", "tiny-v0.jsonl" };
  EventReaderConfig cfg;
  char zPath[4096];
  char zErr[TRACE_ERRMSG_MAX];
  int i, k, iName, nOk = 0;
  config(&cfg, EVENT_WANT_ALL, 0);
  for(iName=0; iName<2; iName++){
    snprintf(zPath, sizeof(zPath), "%s/%s", zData, azName[iName]);
    for(i=0; i<100; i++){
      EventPScan *p;
      int nTake = i%10==9 ? 0 : i%10==8 ? 5000 : 3;
      int bOk = 1;
      if( event_pscan_open(zPath, &cfg, 2 + i%3, &p, zErr, sizeof(zErr)) ){
        CHECK_STR(zErr, "");
        break;
      }
      event_pscan_set_piece_size(p, (size_t)(4096 + 997*i));
      for(k=0; k<nTake; k++){
        const TraceEvent *e = event_pscan_next(p);
        if( e==0 || e->iSeq!=k+1 ) bOk = 0;
      }
      nOk += bOk;
      event_pscan_close(p);
    }
  }
  CHECK(nOk==200);
  event_pscan_close(0);
}

int main(void){
  const char *zData = getenv("TT_DATA");
  if( zData==0 ) zData = "build/testdata";
  if( mkdtemp(g_zDir)==0 ){
    perror("mkdtemp");
    return 2;
  }
  test_reader_parts();
  test_tricky();
  test_all_wrong();
  test_truncated();
  test_late_errors();
  test_single(zData);
  test_real(zData);
  test_early_close(zData);
  remove_tmp();
  return unit_report();
}

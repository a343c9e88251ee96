/*
** test_event_fastpath.c: the reader's fast path gives exactly what yajl
** alone gives (rows, offsets, errors), compared by fastpath_diff.h:
**
**   - every real trace in $TT_DATA, in several chunk sizes, want masks and
**     start modes;
**   - hand-made inputs on the edges of the fast path's subset;
**   - 30,000 deterministic mutations of real events (bytes inserted,
**     deleted or replaced from an alphabet of JSON's special characters,
**     escapes, whitespace, non-ASCII and invalid UTF-8, overlong and
**     surrogate bytes included), each fed whole and in small chunks.
** tests/fuzz/fuzz_event_reader.c does the last part with libFuzzer.
*/
#include <stdint.h>
#include "unit.h"
#include "fastpath_diff.h"

static const unsigned aWant[] = {
  EVENT_WANT_ALL, EVENT_WANT(EF_DUR), 0,
  EVENT_WANT(EF_NAME) | EVENT_WANT(EF_ARGS) | EVENT_WANT(EF_DETAIL) | EVENT_WANT(EF_EXTRA),
  EVENT_WANT(EF_DETAIL) | EVENT_WANT(EF_PID),
  /* the call tree's first pass */
  EVENT_WANT(EF_PID) | EVENT_WANT(EF_TID) | EVENT_WANT(EF_PH) | EVENT_WANT(EF_NAME)
    | EVENT_WANT(EF_TS) | EVENT_WANT(EF_DUR),
  EVENT_WANT(EF_ARGS) | EVENT_WANT(EF_DETAIL), EVENT_WANT(EF_EXTRA) | EVENT_WANT(EF_ARGS),
};
#define N_WANT (sizeof(aWant)/sizeof(aWant[0]))

/* The sanitizer pass (TT_ASAN=1) checks memory, not answers: it feeds
** each trace whole and in one chunk size (the 97-byte chunks of every
** want mask are the normal pass's), and a third of the mutations. */
static int bSanitizerPass = 0;

static void test_real_traces(const char *zData){
  static const char *azFile[] = {"tiny-v0.json", "tiny-legacy.json", "tiny-v0.jsonl",
                                 "tiny-v0.array.json", "clang-wordfreq.json", "clang-json_catalog.json"};
  static const size_t aChunk[] = {0, 65536, 4093, 97};
  size_t i, k, w;
  for(i=0; i<sizeof(azFile)/sizeof(azFile[0]); i++){
    size_t n = 0;
    unsigned char *a = (unsigned char*)unit_read_file(zData, azFile[i], &n);
    CHECK(a!=0);
    if( a==0 ) continue;
    for(w=0; w<N_WANT; w++){
      for(k=0; k<sizeof(aChunk)/sizeof(aChunk[0]); k++){
        EventReaderConfig cfg;
        if( bSanitizerPass && (k==1 || k==3) ) continue;
        memset(&cfg, 0, sizeof(cfg));
        cfg.mWant = aWant[w];
        CHECK(fastpath_same(a, n, &cfg, aChunk[k], azFile[i]));
      }
    }
    {
      EventReaderConfig cfg;
      memset(&cfg, 0, sizeof(cfg));
      cfg.bMetadata = 1;
      CHECK(fastpath_same(a, n, &cfg, 4093, azFile[i]));
    }
    free(a);
  }
}

/* Inputs on the edges of the subset: each must come out as yajl has it. */
/* Each input of az, read from eStart, fed in chunks of 0 (all at once)
** to 9 bytes, for every set of wanted fields: the fast path must give what
** yajl alone gives. */
static void check_cases(const char *const *az, size_t n, int eStart, const char *zWhat){
  size_t i, c, w;
  for(i=0; i<n; i++){
    for(c=0; c<=9; c++){
      for(w=0; w<N_WANT; w++){
        EventReaderConfig cfg;
        char zLabel[48];
        memset(&cfg, 0, sizeof(cfg));
        cfg.mWant = aWant[w];
        cfg.eStart = eStart;
        snprintf(zLabel, sizeof(zLabel), "%s %zu", zWhat, i);
        CHECK(fastpath_same((const unsigned char*)az[i], strlen(az[i]), &cfg, c, zLabel));
      }
    }
  }
}

static void test_edges(void){
  static const char *az[] = {
    "{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1},{\"ph\":\"X\",\"ts\":2},{\"ph\":\"X\",\"ts\":3}]}",
    "{\"traceEvents\":[{\"ph\":\"X\"} , {\"ph\":\"X\"}\n,\n{\"ph\":\"X\"}],\"x\":1}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"\\u0041\"},{\"a\":\"\xc3\xa9\"},{\"a\":\"\xff\"}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":01},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":1.},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":-},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":1e},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":-0.5E+3,\"b\":[1,[2,{}],[]],\"c\":{}},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":tru},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":true,\"b\":false,\"c\":null},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"},{\"},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"x\"},]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"x\"},,{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":1}{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":1,}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":1}],\"traceEvents\":[{\"b\":2},{\"b\":3}]}",
    "{\"traceEvents\":[{\"a\":1},{\"args\":{\"detail\":\"d\",\"detail\":{\"x\":[1]}}},{\"args\":3}]}",
    "{\"traceEvents\":[{\"a\":1},{\"args\":{\"detail\":[\"x\"]},\"args\":{\"y\":1}},{\"pid\":{}}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"\x7f\"},{\"a\":\"\t\"}]}",
    /* strings only Python would decode, and those it would not */
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"\\ud83d\\ude00\"},{\"a\":\"\xf4\x8f\xbf\xbf\"},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"\\ud800\"},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"\\udc00\\ud800\"},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":\"x\xed\xa0\x80\"},{\"a\":2}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":2},{\"b\xc0\xaf\":2},{\"a\":3}]}",
    /* fast_build: every kind of value in every kind of field */
    "{\"traceEvents\":[{\"a\":1},{\"args\":{\"detail\":12,\"n\":[1]},\"ts\":1,\"ts\":2.5},"
      "{\"args\":{\"detail\":true}},{\"args\":{\"detail\":null,\"x\":{\"detail\":\"deep\"}}},"
      "{\"args\":[{\"detail\":\"in an array\"}]},{\"args\":\"text\"},{\"args\":false},"
      "{\"name\":{\"k\":[true,null]},\"pid\":[],\"tid\":\"t\",\"cat\":null,\"id\":7,\"id\":\"0x1\"},"
      "{\"x\":[1,{\"y\":\"z\"}],\"y\":{},\"z\":-0.5e3,\"dur\":{\"a\":1}},"
      "{\"args\":{\"detail\":\"s\",\"detail\":1}},{\"args\":{\"detail\":1,\"detail\":\"s\"}},"
      "{\"args\":{\"detail\":\"a\"},\"args\":{\"other\":1}},{\"args\":{},\"ph\":\"X\",\"e\":\"\"},{}]}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}",
    "{\"ph\":\"X\",\"a\":1}\n{\"ph\":\"X\",\"a\":2}\n{\"a\":3}{\"a\":4} {\"a\":5}\n",
    "{\"ph\":\"X\",\"a\":1}\n{\"ph\":\"X\",\"a\":2}\n[1]\n",
    "{\"ph\":\"X\",\"a\":1}\n{\"ph\":\"X\",\"a\":2}\n{\"traceEvents\":[]}\n",
    "[{\"ph\":\"X\",\"a\":1},{\"a\":2},{\"a\":3},]",
    /* the array format's first element must be an event; later ones need not */
    "[{\"directory\":\"/b\",\"command\":\"cc -c a.c\",\"file\":\"a.c\",\"output\":\"a.o\"}]",
    "[1]", "[\"x\"]", "[[]]", "[]", "[{\"ph\":\"X\"},{\"name\":\"no ph\"}]",
    "{\"traceEvents\":[{\"a\":1},{\"a\":2}",
    "{\"traceEvents\":[{\"a\":1},{\"a\":2},",
    "{\"traceEvents\":[{\"a\":1},{\"a\":2},{\"a\"",
  };
  check_cases(az, sizeof(az)/sizeof(az[0]), EVENT_START_FILE, "edge");
}

/* Readers started inside "traceEvents" (EVENT_START_TRACE_EVENTS: a piece
** of a parallel scan, an event looked up by its offset) take their first
** event on the fast path only when a "," and a "{" follow it: after the
** event and its ",", a "]" is an error that yajl, which saw only "[",
** would not see.  Found by fuzz_event_reader; the first case is its input. */
static void test_started_inside(void){
  static const char *az[] = {
    "{\"!id\":19251,\"#id\":19260,\"ts\":27463},]\"2ph\":\"X\",\"dur\":3,\"60,\"ts\":274632}",
    "{\"a\":1},]}", "{\"a\":1}, ]}", "{\"a\":1},", "{\"a\":1}", "{\"a\":1}]}", "{\"a\":1},{\"b\":2}]}",
    "{\"a\":1},{\"b\":2},]}", "{\"a\":1} ,\n {\"b\":2}],\"x\":1}", "{\"a\":1},{\"b\":\"\\n\"},{\"c\":3}]}",
    "{\"a\":1},{", "{\"a\":1},{\"b\"",
  };
  check_cases(az, sizeof(az)/sizeof(az[0]), EVENT_START_TRACE_EVENTS, "started inside");
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rng(void){
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 11);
}

/* Mutate events taken from a real trace and compare. */
static void test_mutations(const char *zData, int nRound){
  static const char aAlpha[] = "\"\\{}[],: \n\t0123456789eE+-.tfnulr/bu\x7f\x80\xc3\xa9\xff\x01"
                               "\xc0\xed\xa0\xf4\x90";
  size_t n = 0, i;
  unsigned char *a = (unsigned char*)unit_read_file(zData, "tiny-v0.json", &n);
  unsigned char *aBuf;
  int nBad = 0, k;
  CHECK(a!=0);
  if( a==0 ) return;
  aBuf = malloc(8192);
  if( aBuf==0 ){ free(a); return; }
  for(k=0; k<nRound; k++){
    size_t iStart, nBody, nPre, nBuf, m;
    int bLines = rng()%4==0, nMut = 1 + (int)(rng()%4), j;
    const char *zPre = bLines ? "" : "{\"traceEvents\":[";
    EventReaderConfig cfg;
    /* a window of whole events: from a "{" after "},", 1 to ~2000 bytes on */
    iStart = 16 + rng()%(n - 4096);
    while( iStart<n-4096 && !(a[iStart]=='{' && a[iStart-1]==',') ) iStart++;
    nBody = 1 + rng()%2000;
    nPre = strlen(zPre);
    memcpy(aBuf, zPre, nPre);
    nBuf = nPre;
    for(i=0; i<nBody; i++){
      unsigned char c = a[iStart + i];
      if( bLines && c==',' && i>0 && a[iStart+i-1]=='}' && a[iStart+i+1]=='{' ) c = '\n';
      aBuf[nBuf++] = c;
    }
    for(j=0; j<nMut; j++){
      size_t at = rng()%nBuf;
      unsigned char c = (unsigned char)aAlpha[rng()%(sizeof(aAlpha)-1)];
      switch( rng()%3 ){
        case 0: if( nBuf<8000 ){ memmove(aBuf+at+1, aBuf+at, nBuf-at); aBuf[at] = c; nBuf++; } break;
        case 1: if( nBuf>1 ){ memmove(aBuf+at, aBuf+at+1, nBuf-at-1); nBuf--; } break;
        default: aBuf[at] = c; break;
      }
    }
    if( rng()%2 && !bLines && nBuf<8000 ){ memcpy(aBuf+nBuf, "]}", 2); nBuf += 2; }
    memset(&cfg, 0, sizeof(cfg));
    cfg.mWant = aWant[rng()%N_WANT];
    m = rng()%3==0 ? 1 + rng()%64 : 0;
    if( !fastpath_same(aBuf, nBuf, &cfg, m, "mutation") ){
      if( ++nBad<=3 ){
        char zName[64];
        FILE *f;
        snprintf(zName, sizeof(zName), "build/fastpath-failure-%d.json", nBad);
        f = fopen(zName, "wb");
        if( f ){
          fwrite(aBuf, 1, nBuf, f);
          fclose(f);
          fprintf(stderr, "  input saved as %s (fed in pieces of %zu)\n", zName, m);
        }
      }
    }
  }
  CHECK(nBad==0);
  free(aBuf);
  free(a);
}

int main(void){
  const char *zData = getenv("TT_DATA");
  if( zData==0 ) zData = "build/testdata";
  bSanitizerPass = getenv("TT_ASAN") && strcmp(getenv("TT_ASAN"), "1")==0;
  test_edges();
  test_started_inside();
  test_real_traces(zData);
  test_mutations(zData, getenv("TT_MUTATIONS") ? atoi(getenv("TT_MUTATIONS")) : bSanitizerPass ? 10000 : 30000);
  return unit_report();
}

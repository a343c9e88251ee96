/*
** fastpath_diff.h: runs the event reader over some input twice, once with
** yajl alone (cfg.bYajlOnly) in one feed and once with the fast path in
** feeds of a given size, and compares everything that comes out: every
** event (fields, types, bytes, numbers, offsets) and the error message.
** Used by tests/unit/test_event_fastpath.c and tests/fuzz/fuzz_event_reader.c.
*/
#ifndef TIMETRACE_FASTPATH_DIFF_H
#define TIMETRACE_FASTPATH_DIFF_H
#include "event_dump.h"

/* Dump what a reader configured as pCfg makes of a[0..n) fed in pieces of
** nChunk bytes (0: all at once) into *pOut. */
static inline void fastpath_dump(const unsigned char *a, size_t n, const EventReaderConfig *pCfg,
                                 size_t nChunk, Str *pOut){
  EventReader *r = event_reader_new(pCfg);
  const TraceEvent *e;
  size_t i = 0;
  int bErr = 0;
  if( r==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  if( nChunk==0 ) nChunk = n ? n : 1;
  while( i<n && !bErr ){
    size_t m = n - i < nChunk ? n - i : nChunk;
    bErr = event_reader_feed(r, a + i, m);
    while( (e = event_reader_next(r))!=0 ) dump_event(pOut, e);
    i += m;
  }
  if( !bErr ){
    bErr = event_reader_finish(r);
    while( (e = event_reader_next(r))!=0 ) dump_event(pOut, e);
  }
  str_printf(pOut, "end: %s\n", bErr ? event_reader_errmsg(r) : "ok");
  event_reader_free(r);
}

/* Does the fast path, fed nChunk bytes at a time, give what yajl alone
** gives when fed the same way?  On a difference, prints both (with zLabel) and returns 0. */
static inline int fastpath_same(const unsigned char *a, size_t n, const EventReaderConfig *pCfg,
                                size_t nChunk, const char *zLabel){
  EventReaderConfig cfgYajl = *pCfg, cfgFast = *pCfg;
  Str want = {0}, got = {0};
  int bSame;
  cfgYajl.bYajlOnly = 1;
  cfgFast.bYajlOnly = 0;
  fastpath_dump(a, n, &cfgYajl, nChunk, &want);
  fastpath_dump(a, n, &cfgFast, nChunk, &got);
  bSame = want.n==got.n && memcmp(want.z, got.z, want.n)==0;
  if( !bSame ){
    size_t k = 0;
    while( k<want.n && k<got.n && want.z[k]==got.z[k] ) k++;
    while( k>0 && want.z[k-1]!='\n' ) k--;
    fprintf(stderr, "%s: fast path (chunks of %zu) differs from yajl at:\n  yajl: %.300s\n  fast: %.300s\n",
            zLabel, nChunk, want.z + k, got.z + k);
  }
  free(want.z);
  free(got.z);
  return bSame;
}
#endif

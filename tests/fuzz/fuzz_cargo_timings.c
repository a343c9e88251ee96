/*
** fuzz_cargo_timings.c: libFuzzer target for the reader of cargo's
** timings page (ext/cargo_timings_read.c): any bytes, read as a page,
** must give units or one error, never a crash, a hang or unbounded
** memory.  What the reader promises is checked: every text NUL-terminated
** and valid UTF-8, the JSON texts compact and starting with '[', a unit
** name whenever the name is there, an error message that says where
** ("byte N: ...") or that it is no timings page.
**
** Build with `make fuzz`, then run, seeded with the shipped page:
**     mkdir -p build/fuzz/seed_cargo_timings
**     cp tests/data/cargo-build/cargo-timings/cargo-timing.html build/fuzz/seed_cargo_timings/
**     build/fuzz/fuzz_cargo_timings -max_len=65536 -timeout=10 build/fuzz/seed_cargo_timings
*/
#include "cargo_timings_read.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);

static void fuzz_text(const char *z){
  size_t i = 0, n;
  if( z==0 ) return;
  n = strlen(z);
  while( i<n ){
    size_t nChar = utf8_char_len((const unsigned char*)z + i, n - i);
    if( nChar==0 ) abort();
    i += nChar;
  }
}

static void fuzz_json(const char *z){
  if( z==0 ) return;
  fuzz_text(z);
  if( z[0]!='[' ) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  char zErr[CARGO_TIMINGS_ERRMSG_MAX];
  CargoTimings t;
  int i, rc = cargo_timings_parse(aData, nData, &t, zErr, sizeof zErr);
  if( rc==CARGO_TIMINGS_ERROR ){
    if( strncmp(zErr, "byte ", 5)!=0 && strncmp(zErr, "not a cargo timings page", 24)!=0 ) abort();
    if( t.nUnit!=0 ) abort();
    return 0;
  }
  if( rc!=CARGO_TIMINGS_OK ) return 0;
  for(i=0; i<t.nUnit; i++){
    const CargoUnit *u = &t.aUnit[i];
    fuzz_text(u->zName); fuzz_text(u->zVersion); fuzz_text(u->zMode); fuzz_text(u->zTarget);
    fuzz_json(u->zSections); fuzz_json(u->zFeatures); fuzz_json(u->zUnblocked); fuzz_json(u->zUnblockedRmeta);
    if( (u->zName==0)!=(u->zUnit==0) ) abort();
    fuzz_text(u->zUnit);
  }
  cargo_timings_free(&t);
  return 0;
}

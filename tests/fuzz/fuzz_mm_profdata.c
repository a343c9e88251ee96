/*
** fuzz_mm_profdata.c: libFuzzer target for the self-profile reader
** (ext/mm_*.c, API in mm_profdata.h): any bytes, read as a .mm_profdata
** file from memory, must give events and then the end or one error, never
** a crash, a hang or unbounded memory.  Every string handed out is read to
** its end, and what the reader promises is checked: NUL-terminated strings
** of the length given, valid UTF-8, an interval that does not end before
** it starts, an error message that names the input.
**
** Build with `make fuzz`, seed with tests/fuzz/seed_mm_profdata.sh, run
**     build/fuzz/fuzz_mm_profdata -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
**         build/fuzz/seed_mm_profdata
** The first byte picks the strings wanted (MM_WANT_* bits, 0 to 7); the
** rest is the file.
*/
#include "mm_profdata.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);

static void fuzz_text(const char *z, size_t n){
  size_t i = 0;
  if( z==0 ) return;
  if( strlen(z)!=n && memchr(z, 0, n)==0 ) abort();
  if( z[n]!=0 ) abort();
  while( i<n ){
    size_t nChar = utf8_char_len((const unsigned char*)z + i, n - i);
    if( nChar==0 ) abort();
    i += nChar;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  char zErr[MM_ERRMSG_MAX];
  MmProfile *p;
  const MmEvent *e;
  const MmMetadata *m;
  int64_t nEvent = 0;
  if( nData<1 ) return 0;
  if( mm_profdata_open_memory(aData + 1, nData - 1, "fuzz", &p, zErr, sizeof zErr) ){
    if( strncmp(zErr, "fuzz: ", 6)!=0 ) abort();
    return 0;
  }
  mm_profdata_want(p, aData[0] & MM_WANT_ALL);
  m = mm_profdata_metadata(p);
  if( m->zText ) fuzz_text(m->zText, strlen(m->zText));
  if( m->zCmd ) fuzz_text(m->zCmd, strlen(m->zCmd));
  while( (e = mm_profdata_next(p))!=0 ){
    if( e->iSeq!=++nEvent ) abort();
    if( e->eType==MM_INTERVAL && e->iEnd<e->iStart ) abort();
    fuzz_text(e->zKind, e->nKind);
    fuzz_text(e->zLabel, e->nLabel);
    fuzz_text(e->zArgs, e->nArgs);
    if( e->zArgs && (e->zArgs[0]!='[' || e->zArgs[e->nArgs-1]!=']') ) abort();
  }
  if( mm_profdata_errmsg(p) && strncmp(mm_profdata_errmsg(p), "fuzz: ", 6)!=0 ) abort();
  mm_profdata_close(p);
  return 0;
}

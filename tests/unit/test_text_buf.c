/*
** test_text_buf.c: the length limit of ext/text_buf.c (TextBuf's nMax).
** A text may be exactly nMax bytes long; the append that would pass it
** does nothing and sets bTooLong and bOom, and so does every append
** after it; the buffer never grows past nMax + 1 bytes (the NUL), which
** is what lets flamegraph() stop at SQLite's length limit instead of
** building a text twice its size.  Without nMax (0) nothing changes.
*/
#include "text_buf.h"
#include "unit.h"

/* Fill a buffer limited to nMax with printf pieces of nPiece bytes
** until it refuses one; check where it stopped and what it holds. */
static void fill_printf(size_t nMax, int nPiece){
  TextBuf b = TEXT_BUF_INIT;
  size_t nWant = 0;
  b.nMax = nMax;
  while( !b.bOom ){
    text_buf_printf(&b, "%0*d", nPiece, 7);
    if( !b.bOom ) nWant += (size_t)nPiece;
  }
  CHECK(b.bTooLong);
  CHECK(b.n==nWant && nWant<=nMax && nMax - nWant<(size_t)nPiece);
  CHECK(b.nAlloc<=nMax + 1);
  CHECK(b.z==0 || b.z[b.n]==0);
  free(b.z);
}

int main(void){
  TextBuf b = TEXT_BUF_INIT;
  size_t i;
  /* exactly nMax bytes fit, one more does not */
  b.nMax = 10;
  text_buf_append(&b, "0123456789", 10);
  CHECK(!b.bOom && !b.bTooLong && b.n==10 && strcmp(b.z, "0123456789")==0);
  text_buf_append(&b, "x", 1);
  CHECK(b.bOom && b.bTooLong && b.n==10 && strcmp(b.z, "0123456789")==0);
  text_buf_append(&b, "", 0);                     /* sticky: nothing after */
  CHECK(b.bOom && b.n==10);
  CHECK(b.nAlloc<=11);
  free(b.z);
  /* printf near the limit: a short piece that fits is not refused for
  ** the 64 bytes it first tries to reserve */
  for(i=1; i<=300; i+=7){
    fill_printf(i, 1);
    fill_printf(i, 5);
    fill_printf(i, 100);
  }
  fill_printf(100000, 3);
  /* one byte under the limit, then printf of exactly that byte */
  memset(&b, 0, sizeof(b));
  b.nMax = 300;
  for(i=0; i<299; i++) text_buf_append(&b, "a", 1);
  text_buf_printf(&b, "%c", 'b');
  CHECK(!b.bOom && b.n==300 && b.z[299]=='b' && b.z[300]==0);
  text_buf_printf(&b, "%s", "");                  /* nothing more: still fits */
  CHECK(!b.bOom && b.n==300);
  text_buf_printf(&b, "%c", 'c');
  CHECK(b.bTooLong && b.n==300 && b.nAlloc<=301);
  free(b.z);
  /* no limit: doubling as before */
  memset(&b, 0, sizeof(b));
  for(i=0; i<100000; i++) text_buf_printf(&b, "%d", (int)(i % 10));
  CHECK(!b.bOom && !b.bTooLong && b.n==100000 && b.nAlloc>=100001);
  free(b.z);
  return unit_report();
}

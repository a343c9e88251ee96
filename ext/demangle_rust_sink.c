/*
** demangle_rust_sink.c: the output buffer and sink of the Rust demanglers
** (see demangle_rust_sink.h for the API).
**
** Owns growing the buffer and the size limit of one symbol.  The limit
** works on pieces, not bytes, because rustc-demangle's does: it refuses
** the first write_str that would pass it, whole, and everything after.
** So `rust_sink_put(p, "::", 2)` with one byte left prints nothing.
*/
#include "demangle_rust_sink.h"

#include <stdlib.h>
#include <string.h>

void rust_sink_init(RustSink *p, TextBuf *pBuf, size_t nLimit){
  p->pBuf = pBuf;
  p->nLeft = nLimit;
  p->bFull = 0;
}

/* One write_str of rustc-demangle: the whole piece fits in what is left of
** the symbol's allowance, or nothing more is printed for that symbol. */
void rust_sink_put(RustSink *p, const char *z, size_t n){
  if( p->bFull ) return;
  if( n > p->nLeft ){ p->bFull = 1; return; }
  p->nLeft -= n;
  text_buf_append(p->pBuf, z, n);
}

void rust_sink_put_u64(RustSink *p, uint64_t v){
  char a[24];
  size_t i = sizeof(a);
  do{ a[--i] = (char)('0' + v % 10); v /= 10; }while( v );
  rust_sink_put(p, a + i, sizeof(a) - i);
}

/* Code points above 0x10FFFF and surrogates never get here: every caller
** has checked that c is a Rust `char`. */
void rust_sink_put_char(RustSink *p, uint32_t c){
  char a[4];
  size_t n;
  if( c < 0x80 ){ a[0] = (char)c; n = 1; }
  else if( c < 0x800 ){
    a[0] = (char)(0xC0 | (c >> 6)); a[1] = (char)(0x80 | (c & 0x3F)); n = 2;
  }else if( c < 0x10000 ){
    a[0] = (char)(0xE0 | (c >> 12)); a[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    a[2] = (char)(0x80 | (c & 0x3F)); n = 3;
  }else{
    a[0] = (char)(0xF0 | (c >> 18)); a[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    a[2] = (char)(0x80 | ((c >> 6) & 0x3F)); a[3] = (char)(0x80 | (c & 0x3F)); n = 4;
  }
  rust_sink_put(p, a, n);
}

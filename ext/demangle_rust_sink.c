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

#include "utf8.h"

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
  unsigned char a[4];
  size_t n = utf8_encode(c, a);
  rust_sink_put(p, (const char*)a, n);
}

/* The v0 printer's work limit (demangle_rust_v0.c) ends a symbol the way
** the size limit does, so the two read the same. */
void rust_sink_stop(RustSink *p){
  p->bFull = 1;
}

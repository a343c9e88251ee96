/*
** demangle_rust_sink.h: where the Rust demanglers print to.
**
** Owns the output side of one demangling: the sink (RustSink) that
** enforces rustc-demangle's size limit on one symbol, on top of a growing
** text (TextBuf, text_buf.h); the v0 demangler's work limit ends a symbol
** through it too (rust_sink_stop()).  Depends on nothing else of
** timetrace, so demangle_rust_legacy.c and demangle_rust_v0.c link with
** this file and text_buf.c alone.
**
** Usage:
**
**     TextBuf buf = TEXT_BUF_INIT;
**     RustSink sink;
**     rust_sink_init(&sink, &buf, nLimit);
**     rust_sink_put(&sink, "foo", 3);     (one piece, see RustSink)
**     ...
**     if( buf.bOom ) ...out of memory...; else use buf.z, buf.n;
**     free(buf.z);
*/
#ifndef TIMETRACE_DEMANGLE_RUST_SINK_H
#define TIMETRACE_DEMANGLE_RUST_SINK_H

#include <stddef.h>
#include <stdint.h>
#include "text_buf.h"

/* Where one symbol prints to.  Every rust_sink_put() is one piece in the
** sense of Rust's fmt::Write::write_str: the size limit accepts or refuses
** whole pieces, so pieces must be cut exactly where rustc-demangle cuts. */
typedef struct RustSink {
  TextBuf *pBuf;   /* the output, not owned */
  size_t nLeft;    /* bytes this symbol may still add */
  int bFull;       /* a piece did not fit: nothing more is printed */
} RustSink;

/* Start a sink that adds at most nLimit bytes to pBuf. */
void rust_sink_init(RustSink *p, TextBuf *pBuf, size_t nLimit);

void rust_sink_put(RustSink *p, const char *z, size_t n);
void rust_sink_put_u64(RustSink *p, uint64_t v);     /* decimal, one piece */
void rust_sink_put_char(RustSink *p, uint32_t c);    /* UTF-8, one piece */

/* Print nothing more for this symbol, as when a piece did not fit: the
** caller then appends "{size limit reached}" (demangle_rust.c). */
void rust_sink_stop(RustSink *p);

#endif /* TIMETRACE_DEMANGLE_RUST_SINK_H */

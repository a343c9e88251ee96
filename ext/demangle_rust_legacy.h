/*
** demangle_rust_legacy.h: legacy Rust symbols (`_ZN` 3foo 3bar 17h<hash>
** `E`), checked and printed as rustfilt 0.2.1 (rustc-demangle 0.1.21) does.
**
** Owns one symbol at a time; the text scan, the `.llvm.` and suffix rules
** and the size limit's message are demangle_rust.c's.  Depends only on the
** sink (demangle_rust_sink.h): this file and demangle_rust_legacy.c link
** with demangle_rust_sink.c alone.
**
** Usage:
**
**     RustLegacy sym;
**     if( rust_legacy_check(z, n, &sym) ) rust_legacy_print(&sym, bAlt, &sink);
**     ...what follows the `E` starts at z + sym.iSuffix...
*/
#ifndef TIMETRACE_DEMANGLE_RUST_LEGACY_H
#define TIMETRACE_DEMANGLE_RUST_LEGACY_H

#include "demangle_rust_sink.h"

/* A legacy symbol that passed rust_legacy_check(). */
typedef struct RustLegacy {
  const char *zInner;  /* the elements, after `_ZN`; points into the symbol */
  size_t nElem;        /* how many length-prefixed elements */
  size_t iSuffix;      /* offset in the symbol of what follows the `E` */
} RustLegacy;

/* 1 and *pSym filled (pointing into z) when z[0..n) starts with a legacy
** symbol (prefix `_ZN`, `ZN` or `__ZN`), else 0. */
int rust_legacy_check(const char *z, size_t n, RustLegacy *pSym);

/* Print the elements joined by `::`; bAlt (rustfilt without -h) leaves
** out a final hash element. */
void rust_legacy_print(const RustLegacy *pSym, int bAlt, RustSink *pOut);

#endif /* TIMETRACE_DEMANGLE_RUST_LEGACY_H */

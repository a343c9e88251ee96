/*
** demangle_rust_v0.h: Rust v0 symbols (RFC 2603, `_R...`), checked and
** printed as rustfilt 0.2.1 (rustc-demangle 0.1.21) does, and the crates
** a v0 symbol records without printing them.
**
** Owns one symbol at a time; the text scan, the `.llvm.` and suffix rules
** and the size limit's message are demangle_rust.c's.  Depends only on the
** sink (demangle_rust_sink.h), punycode.c and demangle_rust_chars.c: the
** four link alone.
**
** Usage:
**
**     size_t iInner, iCrate, iSuffix;
**     if( rust_v0_check(z, n, &iInner, &iCrate, &iSuffix) )
**       rust_v0_print(z + iInner, n - iInner, bAlt, &sink);
**
** The limits below are rustc-demangle's; hostile input cannot pass them.
*/
#ifndef TIMETRACE_DEMANGLE_RUST_V0_H
#define TIMETRACE_DEMANGLE_RUST_V0_H

#include "demangle_rust_sink.h"

/* Nesting levels a v0 symbol may use: each path, type, const and each
** backref that is followed costs one.  Past it rustfilt prints
** "{recursion limit reached}" (or leaves the symbol alone when the check
** pass already hits it). */
#define RUST_DEMANGLE_MAX_DEPTH 500

/* Our own limit, not rustfilt's: the work of printing one v0 symbol.
** rustc-demangle bounds only the output, but a backref reads its target
** again each time it prints it, and a target can be a chain of hundreds
** of nested paths that print nothing (`Nv` over an empty identifier, `C0`
** with hashes hidden): a 1,394-byte symbol read 317 million bytes (1 s)
** for its 1 MB of output, and rustfilt does the same.  Here printing may
** read (each read of a byte through a backref counts again; see
** v0_spend() in demangle_rust_v0.c) at most
**     RUST_DEMANGLE_V0_STEPS_BASE bytes
**   + RUST_DEMANGLE_V0_STEPS_PER_BYTE per byte of the symbol
**   + RUST_DEMANGLE_V0_STEPS_PER_OUT per byte printed so far,
** so the work is linear in the symbol's length plus its output, which
** RUST_DEMANGLE_MAX_SYMBOL_OUT bounds, and a text of many hostile symbols
** stays linear in its length.  Real symbols stay far below: of the
** 126,683 of the corpus the one that reads most reads 4,247 bytes, and
** none reads more than 11.4 per byte of the symbol or 4.6 per byte
** printed; the 47,000 lines of rust_symbols_extra.tsv (hostile and
** mutated symbols among them) at most 3,802 bytes; rustfilt's 1 MB of
** exponential output (20 levels of tuples of two backrefs) reads 1.0 per
** byte printed.  Past the limit the symbol ends with "{size limit
** reached}", as when the output limit cuts it: rustfilt's text up to that
** point, then the marker rustfilt prints when it gives up on a symbol. */
#define RUST_DEMANGLE_V0_STEPS_BASE     4096
#define RUST_DEMANGLE_V0_STEPS_PER_BYTE 16
#define RUST_DEMANGLE_V0_STEPS_PER_OUT  4

/* Characters a punycode identifier may decode to; longer ones are printed
** as `punycode{...}` like rustfilt does. */
#define RUST_DEMANGLE_MAX_PUNYCODE 128

/* rust_v0_check() returns 1 when z[0..n) starts with a valid v0 symbol
** and sets *piInner (where the path starts, after `_R`), *piCrate (where
** the instantiating crate starts; *piSuffix when there is none) and
** *piSuffix (what follows the symbol).  rust_v0_print() prints the path
** that starts at zInner; nInner runs to the end of the symbol text, suffix
** included.  bAlt: 1 like rustfilt (no crate hashes, no const types), 0
** like rustfilt -h. */
int rust_v0_check(const char *z, size_t n, size_t *piInner, size_t *piCrate, size_t *piSuffix);
void rust_v0_print(const char *zInner, size_t nInner, int bAlt, RustSink *pOut);

/* rust_v0_crate(): print to pOut the name of a crate that the path at
** zInner[iPath] records (as rustfilt prints an identifier, no hash), and
** return 1; return 0 when there is none.  Bounded by
** RUST_DEMANGLE_MAX_DEPTH steps plus the name's length.
**   RUST_V0_ROOT_CRATE: the crate root of the path (through nested paths,
**     generic args and backrefs): for an instantiating crate.
**   RUST_V0_IMPL_CRATE: when the path's root is an inherent impl (`M`,
**     printed `<T>::`), the crate of the impl's own path (the item that
**     holds the impl), through impls that hold it in turn. */
#define RUST_V0_ROOT_CRATE 0
#define RUST_V0_IMPL_CRATE 1
int rust_v0_crate(const char *zInner, size_t nInner, size_t iPath, int eWhich, RustSink *pOut);

#endif /* TIMETRACE_DEMANGLE_RUST_V0_H */

/*
** demangle_rust.h: the Rust symbol demangler of timetrace.
**
** Owns the whole job of turning Rust symbols, legacy (`_ZN...E`) and v0
** (`_R...`), into the text that Debian's `rustfilt` 0.2.1 (rustc-demangle
** 0.1.21) prints for them, byte for byte.  Plain C11: no SQLite, no global
** state, no locale; safe to call from any number of threads at once.
**
** Usage:
**
**     char *zOut; size_t nOut;
**     if( rust_demangle_text(zLine, nLine, 0, &zOut, &nOut) ) return NOMEM;
**     use(zOut ? zOut : zLine, zOut ? nOut : nLine);
**     free(zOut);
**
** rust_demangle_text() is `rustfilt` (or `rustfilt -h` when bShowHash is 1)
** applied to a piece of text: every run of bytes that matches
** `_(ZN|R)[$._[:alnum:]]*` is replaced by its demangling, the rest is copied.
** rust_demangle_symbol() is `rustfilt NAME`: the whole input is one symbol.
** rust_symbol_instantiating_crate() and rust_symbol_impl_crate() read two
** crates a v0 symbol records but rustfilt does not print (see below).
**
** The files, each with its own header; this one is only the API:
**   demangle_rust.c         the API below, the text scan, the parts of
**                           rustc-demangle's lib.rs (LLVM suffixes, the
**                           size limit)
**   demangle_rust_legacy.c  legacy symbols (`_ZN` 3foo 3bar 17h<hash> `E`)
**   demangle_rust_v0.c      v0 symbols (RFC 2603), one pass that parses and
**                           prints together; checking is the same code with
**                           the output switched off; the crates a symbol
**                           records without printing them
**   punycode.c              punycode (RFC 3492) for v0 identifiers
**   demangle_rust_chars.c   which chars const generics print as \u{...},
**                           from a table that tools/gen_rust_chars.py
**                           generates (demangle_rust_chars_table.h)
**   demangle_rust_sink.c    the output buffer and the per-symbol size limit
** legacy and v0 depend on the sink (v0 also on punycode and chars) and
** not on each other nor on demangle_rust.c.
**
** Hostile input: nothing here crashes, hangs or overflows.  The limits are
** those of rustc-demangle 0.1.21 where rustfilt shows them (output size
** per symbol, below; recursion depth and punycode length, in
** demangle_rust_v0.h) plus two of our own: the output of a whole text,
** and the work of printing one v0 symbol (RUST_DEMANGLE_V0_STEPS_* in
** demangle_rust_v0.h), which ends it with "{size limit reached}" too.
*/
#ifndef TIMETRACE_DEMANGLE_RUST_H
#define TIMETRACE_DEMANGLE_RUST_H

#include <stddef.h>

/* Bytes of demangled output per symbol.  rustfilt stops at the first piece
** that does not fit and appends "{size limit reached}". */
#define RUST_DEMANGLE_MAX_SYMBOL_OUT 1000000

/* Our own limit, not rustfilt's: once the output of rust_demangle_text()
** has grown past this many bytes, the symbols after that point are copied
** unchanged.  A 13-byte symbol can demangle to a megabyte, so without it a
** short hostile text could ask for gigabytes. */
#define RUST_DEMANGLE_MAX_TEXT_OUT (64u * 1024u * 1024u)

/* Rewrite every Rust symbol inside z[0..n) the way rustfilt does with a line
** of its standard input (pattern `_(ZN|R)[$._[:alnum:]]*`, each match run
** through rustc_demangle::demangle).
** bShowHash: 0 = like `rustfilt`, 1 = like `rustfilt -h`.
** Returns 0 and sets *pzOut to a malloc()ed NUL-terminated string (length
** *pnOut) that the caller must free() when the text changed; returns 0 with
** *pzOut = NULL when nothing changed (the caller then uses the input);
** returns -1 only when out of memory (*pzOut is then NULL).
** z need not be NUL-terminated and may contain any bytes. */
int rust_demangle_text(const char *z, size_t n, int bShowHash, char **pzOut, size_t *pnOut);

/* Demangle one whole symbol (no surrounding text), as `rustfilt NAME` does.
** Same return convention and ownership as rust_demangle_text().
** *pzOut == NULL means "not a Rust symbol / cannot be demangled" (rustfilt
** leaves it unchanged).  Note that rustfilt drops a `.llvm.<hex>` suffix
** even from a symbol it cannot demangle: that is a change too. */
int rust_demangle_symbol(const char *z, size_t n, int bShowHash, char **pzOut, size_t *pnOut);

/* Crates a v0 symbol records that rustfilt does not print; z[0..n) is one
** whole symbol, classified as rust_symbol_kind() does.  Both return 0 and
** set *pzOut to the crate's name, malloc()ed (the caller frees it; length
** *pnOut), or to NULL when there is none (not v0, or no such crate);
** -1 only when out of memory.  Names are decoded like rustfilt's
** (punycode), without the hash.
** rust_symbol_instantiating_crate(): the crate of the optional
**   `<instantiating-crate>` after the path: the crate whose build made
**   this instance of a generic item ("_RINvC...E" followed by "C..." or a
**   backref "B<n>_").
** rust_symbol_impl_crate(): when the symbol's path starts with an
**   inherent impl (`<[u8]>::ends_with`, `<str>::len`), the crate that
**   holds the impl (core for those two), which the mangling names and
**   the demangled text does not. */
int rust_symbol_instantiating_crate(const char *z, size_t n, char **pzOut, size_t *pnOut);
int rust_symbol_impl_crate(const char *z, size_t n, char **pzOut, size_t *pnOut);

/* The mangling rustfilt recognises in the whole symbol z[0..n). */
#define RUST_SYMBOL_NONE   0   /* not a Rust symbol; rustfilt leaves it be */
#define RUST_SYMBOL_LEGACY 1   /* _ZN...E, also ZN...E and __ZN...E */
#define RUST_SYMBOL_V0     2   /* _R..., also R... and __R... */
int rust_symbol_kind(const char *z, size_t n);

#endif /* TIMETRACE_DEMANGLE_RUST_H */

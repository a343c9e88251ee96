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
** The files:
**   demangle_rust.c         the API below, the text scan, the output buffer,
**                           the parts of rustc-demangle's lib.rs (LLVM
**                           suffixes, the size limit)
**   demangle_rust_legacy.c  legacy symbols (`_ZN` 3foo 3bar 17h<hash> `E`)
**   demangle_rust_v0.c      v0 symbols (RFC 2603), one pass that parses and
**                           prints together; checking is the same code with
**                           the output switched off; the crates a symbol
**                           records without printing them
**   demangle_rust_chars.c   which chars const generics print as \u{...}
**
** Hostile input: nothing here crashes, hangs or overflows.  The limits, each
** named below, are those of rustc-demangle 0.1.21 where rustfilt shows them
** (recursion depth, output size per symbol, punycode length) plus one of
** our own for the output of a whole text.
*/
#ifndef TIMETRACE_DEMANGLE_RUST_H
#define TIMETRACE_DEMANGLE_RUST_H

#include <stddef.h>
#include <stdint.h>

/* Nesting levels a v0 symbol may use: each path, type, const and each
** backref that is followed costs one.  Past it rustfilt prints
** "{recursion limit reached}" (or leaves the symbol alone when the check
** pass already hits it). */
#define RUST_DEMANGLE_MAX_DEPTH 500

/* Bytes of demangled output per symbol.  rustfilt stops at the first piece
** that does not fit and appends "{size limit reached}". */
#define RUST_DEMANGLE_MAX_SYMBOL_OUT 1000000

/* Characters a punycode identifier may decode to; longer ones are printed
** as `punycode{...}` like rustfilt does. */
#define RUST_DEMANGLE_MAX_PUNYCODE 128

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

/*
** ---------------------------------------------------------------------------
** Internal: shared by the demangle_rust*.c files, not for other callers.
** ---------------------------------------------------------------------------
*/

/* A growing output buffer.  z is malloc()ed and owned by the buffer until
** whoever built it hands z on (or frees it); z is NUL-terminated whenever
** n > 0 and bOom is clear. */
typedef struct RustBuf {
  char *z;         /* the bytes, NULL until the first append */
  size_t n;        /* bytes in use */
  size_t nAlloc;   /* bytes allocated */
  int bOom;        /* an allocation failed: later appends do nothing */
} RustBuf;

/* Where one symbol prints to.  Every rust_sink_put() is one piece in the
** sense of Rust's fmt::Write::write_str: the size limit accepts or refuses
** whole pieces, so pieces must be cut exactly where rustc-demangle cuts. */
typedef struct RustSink {
  RustBuf *pBuf;   /* the output, not owned */
  size_t nLeft;    /* bytes this symbol may still add */
  int bFull;       /* a piece did not fit: nothing more is printed */
} RustSink;

void rust_buf_append(RustBuf *p, const char *z, size_t n);
void rust_sink_put(RustSink *p, const char *z, size_t n);
void rust_sink_put_u64(RustSink *p, uint64_t v);     /* decimal, one piece */
void rust_sink_put_char(RustSink *p, uint32_t c);    /* UTF-8, one piece */

/* Does Rust's char::escape_debug print c as \u{...} (not printable, or
** grapheme-extending)?  For the Unicode tables of the Rust that built
** rustfilt 0.2.1 (demangle_rust_chars.c). */
int rust_char_needs_unicode_escape(uint32_t c);

/* A legacy symbol that passed rust_legacy_check(). */
typedef struct RustLegacy {
  const char *zInner;  /* the elements, after `_ZN`; points into the symbol */
  size_t nElem;        /* how many length-prefixed elements */
  size_t iSuffix;      /* offset in the symbol of what follows the `E` */
} RustLegacy;
int rust_legacy_check(const char *z, size_t n, RustLegacy *pSym);
void rust_legacy_print(const RustLegacy *pSym, int bAlt, RustSink *pOut);

/* v0: rust_v0_check() returns 1 when z[0..n) starts with a valid v0 symbol
** and sets *piInner (where the path starts, after `_R`), *piCrate (where
** the instantiating crate starts; *piSuffix when there is none) and
** *piSuffix (what follows the symbol).  rust_v0_print() prints the path
** that starts at zInner; nInner runs to the end of the symbol text, suffix
** included. */
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

#endif /* TIMETRACE_DEMANGLE_RUST_H */

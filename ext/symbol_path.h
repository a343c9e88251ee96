/*
** symbol_path.h: which crate (Rust) or outermost namespace (C++) a
** DEMANGLED symbol belongs to, read from its text.  Plain C, no SQLite.
**
** Usage:
**
**     const char *zCrate; size_t nCrate;
**     const char *z = "<alloc::vec::Vec<tokio_postgres::config::Host>>::len";
**     symbol_crate(z, strlen(z), SYMBOL_CRATE_OUTER, &zCrate, &nCrate);   // "alloc"
**     symbol_crate(z, strlen(z), SYMBOL_CRATE_NONSTD, &zCrate, &nCrate);  // "tokio_postgres"
**     char *zJson = symbol_crates_json(z, strlen(z), 0);  // ["alloc","tokio_postgres"]
**     free(zJson);
**
** The rules (Rust and C++, how the two are told apart, what gives NULL)
** are listed at the top of symbol_path.c.
*/
#ifndef TIMETRACE_SYMBOL_PATH_H
#define TIMETRACE_SYMBOL_PATH_H
#include <stddef.h>

/* Mode for symbol_crate(). */
enum { SYMBOL_CRATE_OUTER = 0, SYMBOL_CRATE_NONSTD = 1 };

/* Deepest nesting that symbol_crate() looks through to find the crate of
** a Rust self type: each '<', '&', '*', '[', '(' or "dyn" is one level.
** Deeper input gives no crate (NULL) instead of deeper recursion. */
#define SYMBOL_PATH_MAX_DEPTH 64

/* The crate (Rust) or outermost namespace (C++) of a demangled symbol z[0..n).
** On success returns 0 and sets *pzCrate and *pnCrate to point INTO z (no allocation), or *pzCrate = NULL when there is none. Returns nonzero only for a mode that does not exist. */
int symbol_crate(const char *z, size_t n, int eMode, const char **pzCrate, size_t *pnCrate);

/* JSON array text of every distinct crate, first-appearance order; malloc()ed, caller frees; NULL on OOM. "[]" when none.
** *pnOut (when not NULL) gets the length of the text. */
char *symbol_crates_json(const char *z, size_t n, size_t *pnOut);

/* symbol_crates_json() with the crate zFirst[0..nFirst) (found elsewhere:
** crates_of() gives the impl crate of a v0 mangling so) first and not
** repeated; zFirst NULL or nFirst 0: none, as symbol_crates_json(). */
char *symbol_crates_json_first(const char *z, size_t n, const char *zFirst,
                               size_t nFirst, size_t *pnOut);

/* The demangled text z[0..n) with every generic argument list removed
** (`a::f::<T>` -> `a::f`, `<a::Vec<u8>>::len` -> `<a::Vec>::len`), written
** to zOut, which must have room for n bytes.  Returns the length written.
** Instances of one generic function share the result.  Operator names
** keep their brackets (`std::operator<< <T>(...)` -> `std::operator<<(...)`)
** and so do Rust char and str consts inside a list (`a::<'>'>::b` -> `a::b`). */
size_t symbol_strip_generics(const char *z, size_t n, char *zOut);

#endif

/*
** demangle_cxx.h: Itanium C++ symbols demangled the way GNU c++filt 2.40
** prints them, through libstdc++'s __cxa_demangle (link with -lstdc++).
**
** Usage:
**
**     char *zOut; size_t nOut;
**     int rc = cxx_demangle_symbol("_ZNSolsEi", 9, &zOut, &nOut);
**     // rc==0, zOut = "std::basic_ostream<char, std::char_traits<char> >::operator<<(int)"
**     free(zOut);
**
** cxx_demangle_symbol() takes ONE symbol, as `c++filt SYMBOL` does:
** "_Z5helloPKc@plt" is not a symbol and comes back unchanged.
** cxx_demangle_text() is c++filt reading the text on its standard input:
** the text is cut into words of [A-Za-z0-9_$.] bytes and every word that
** is a symbol is demangled, so "call _Z5helloPKc@plt" gives
** "call hello(char const*)@plt".
** See demangle_cxx.c for what differs from plain __cxa_demangle and why.
*/
#ifndef TIMETRACE_DEMANGLE_CXX_H
#define TIMETRACE_DEMANGLE_CXX_H
#include <stddef.h>

/* Longest symbol (after a leading '.' or '$') handed to the demangler.
** libiberty itself refuses longer input (its component arrays are sized
** 2*length and checked against its recursion limit of 2048), so c++filt 2.40
** prints such symbols unchanged too; the limit also bounds the stack the
** demangler's recursion and arrays can take. */
#define CXX_DEMANGLE_MAX_INPUT 1024

/* Longest demangled text accepted (bytes).  Above it the symbol counts as
** not demangled; see cxx_demangle_symbol() in demangle_cxx.c. */
#define CXX_DEMANGLE_MAX_OUTPUT (256 * 1024)

/* Most bytes __cxa_demangle may print, and nodes it may visit, per input
** byte.  Before the call, ext/itanium_size.c bounds both from the mangled
** name; a name whose bound is above this many per input byte is not
** demangled (so at most 1 MB for the longest input).  On real symbols the
** bound stays below 190 per byte (the worst: nlohmann::json tuples, 47
** bytes of output per input byte); a few hundred bytes of hostile input can
** ask for exponentially more. */
#define CXX_DEMANGLE_BOUND_PER_BYTE 1024

/* Demangle an Itanium C++ symbol z[0..n) (need not be NUL-terminated) like c++filt.
** Returns 0 and sets *pzOut to a malloc()ed NUL-terminated string (*pnOut its length) when it
** demangled; 0 with *pzOut = NULL when z is not a C++ symbol (caller uses the input); -1 on OOM.
** The caller owns *pzOut and frees it with free(). */
int cxx_demangle_symbol(const char *z, size_t n, char **pzOut, size_t *pnOut);

/* Bytes of a word c++filt reads at once: its buffer holds 32767 bytes with
** the NUL.  A longer run of word bytes is cut there, the byte after the cut
** is copied as it is, and the next word starts after it. */
#define CXX_FILT_MAX_WORD 32766

/* Our own limit, not c++filt's: once the output of cxx_demangle_text()
** has grown past this many bytes, the words after that point are copied
** unchanged.  Each symbol may demangle to CXX_DEMANGLE_MAX_OUTPUT bytes, so
** without it a text of many short symbols could ask for gigabytes. */
#define CXX_DEMANGLE_MAX_TEXT_OUT (64u * 1024u * 1024u)

/* What c++filt prints for the text z[0..n) on its standard input (no
** trailing newline added): every word of [A-Za-z0-9_$.] bytes (ASCII only)
** that cxx_demangle_symbol() demangles is replaced by its demangling, the
** rest is copied byte for byte (a NUL byte ends a word and is copied,
** where c++filt drops it with the rest of its word: see demangle_cxx.c).
** Returns 0 and sets *pzOut to a malloc()ed NUL-terminated string (*pnOut
** its length) when something was demangled; 0 with *pzOut = NULL when the
** text comes back unchanged; -1 on OOM.  The caller frees *pzOut. */
int cxx_demangle_text(const char *z, size_t n, char **pzOut, size_t *pnOut);

/* cxx_demangle_text() where the words handed to the demangler (those that
** start, after one '.' or '$', as a C++ symbol does, and are at most
** CXX_DEMANGLE_MAX_INPUT bytes long) may total nCandidate bytes: from the
** first one that takes the total past it, every word is copied unchanged,
** as past CXX_DEMANGLE_MAX_TEXT_OUT.  In a text the words total at most
** its length, so cxx_demangle_text() passes n and never reaches it; so
** each byte of input costs at most CXX_DEMANGLE_BOUND_PER_BYTE bytes of
** output and steps.  demangle_text() runs this on what the Rust demangler
** printed, where a backref can repeat one identifier, a C++ name say,
** hundreds of times (a 1,078-byte v0 symbol printed a 1,010-byte C++ name
** 256 times, and the C++ pass turned that into 66 MB), and passes the
** length of the text it was given, so the bound holds against that. */
int cxx_demangle_text_bounded(const char *z, size_t n, size_t nCandidate,
                              char **pzOut, size_t *pnOut);

#endif

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
** The input is ONE symbol, as `c++filt SYMBOL` takes it (c++filt reading
** stdin would also split text at characters other than [A-Za-z0-9_.$]).
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

/* Demangle an Itanium C++ symbol z[0..n) (need not be NUL-terminated) like c++filt.
** Returns 0 and sets *pzOut to a malloc()ed NUL-terminated string (*pnOut its length) when it
** demangled; 0 with *pzOut = NULL when z is not a C++ symbol (caller uses the input); -1 on OOM.
** The caller owns *pzOut and frees it with free(). */
int cxx_demangle_symbol(const char *z, size_t n, char **pzOut, size_t *pnOut);

#endif

/*
** itanium_size.h: an upper bound of what a C++ (Itanium ABI) demangler
** prints for a symbol, computed without printing it.
**
** Usage:
**
**     uint64_t nBound;
**     int rc = itanium_size_bound("_ZNSt6vectorIiSaIiEE9push_backERKi", 33, &nBound);
**     // rc==ITANIUM_SIZE_OK: printing it takes at most about nBound bytes
**     // and nBound steps; anything else: no bound is known (see below)
**
** Why: a few hundred bytes of mangled name can refer back to earlier parts
** of itself (substitutions S_, S<n>_ and template parameters T_, T<n>_),
** each reference printing the whole referent again, so the demangled text
** (and the demangler's time) can grow exponentially with the input.
** ext/demangle_cxx.c asks for the bound before calling __cxa_demangle.
** See itanium_size.c for how it is computed.
*/
#ifndef TIMETRACE_ITANIUM_SIZE_H
#define TIMETRACE_ITANIUM_SIZE_H
#include <stddef.h>
#include <stdint.h>

#define ITANIUM_SIZE_OK        0   /* *pnBound is set */
#define ITANIUM_SIZE_UNPARSED  1   /* not a name this parser reads */
#define ITANIUM_SIZE_UNBOUNDED 2   /* read, but no finite bound (cycles, nesting) */
#define ITANIUM_SIZE_REFUSED   3   /* read, but GCC 12 prints it otherwise than c++filt
                                   ** 2.40 does (DF16b, DF<N>x: itanium_parse.c) */
#define ITANIUM_SIZE_NOMEM    (-1) /* out of memory */

/* Largest bound reported; larger ones saturate to it. */
#define ITANIUM_SIZE_MAX ((uint64_t)1 << 40)

/* Bound the text libstdc++'s __cxa_demangle (GCC 12, libiberty) prints for
** the mangled name z[0..n) ("_Z..." or "_GLOBAL_[._$][ID]_..."): on
** ITANIUM_SIZE_OK *pnBound is at least the length of that text (with the
** standard abbreviations Ss, Si, So and Sd counted at their verbose length,
** as c++filt prints them) and at least the number of tree nodes the printer
** visits.  Cost: the parse is linear (at most a few nodes per input byte);
** the bound visits each node once per evaluation mode and template context
** (at most 4 x 9, 36 memo slots of 9 bytes per node), and each T<n>_ looks
** through the argument lists, so O(n*n) time at worst: under a millisecond
** for n = 1024, 1.6 us on average on real symbols. */
int itanium_size_bound(const char *z, size_t n, uint64_t *pnBound);

/* Does z[0..n) contain a back reference: S_, S<seq-id>_ (S followed by a
** digit, an upper-case letter or '_') or T_, T<n>_?  A name without any
** prints a tree without shared parts: each node once, but for a
** constructor or destructor, which prints the last name read again, so
** at most n*n/4 bytes (below 1024 per byte up to 4096 bytes of input).
** Nor can cp-demangle re-parse it (that needs a T_). */
int itanium_has_reference(const char *z, size_t n);

#endif

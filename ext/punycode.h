/*
** punycode.h: decoding punycode (RFC 3492), as Rust's v0 mangling uses it
** for identifiers that are not ASCII.
**
** Owns turning the two halves of a punycode string, the basic (ASCII)
** code points and the deltas that insert the others, into Unicode code
** points.  Plain C11, no state, no allocation; depends on nothing else of
** timetrace.
**
** Usage (the v0 identifier `u8_gdel_5qa`, "gödel", is "gdel" and "5qa"):
**
**     uint32_t a[128];
**     int n = punycode_decode("gdel", 4, "5qa", 3, a, 128);
**     if( n<0 ) ...not valid, print it as it is...;
**     else ...a[0..n) are the code points...
**
** It follows RFC 3492 with rustc-demangle's choices: the delta digits are
** lowercase letters and digits only (that is all the mangling writes), at
** least one delta must be there, every number is checked for overflow, and
** a result that is not a Rust char (a surrogate, or past U+10FFFF) or that
** would hold more than nMax code points is refused.
*/
#ifndef TIMETRACE_PUNYCODE_H
#define TIMETRACE_PUNYCODE_H

#include <stddef.h>
#include <stdint.h>

/* Decode the basic code points zBasic[0..nBasic) (ASCII, taken as they
** are) and the deltas zDelta[0..nDelta) into a[], which has room for nMax
** code points (at most INT_MAX).  Returns how many it wrote, or -1 when
** the deltas are bad or empty, a code point is not a Rust char, or there
** are more than nMax. */
int punycode_decode(const char *zBasic, size_t nBasic,
                    const char *zDelta, size_t nDelta,
                    uint32_t *a, size_t nMax);

#endif /* TIMETRACE_PUNYCODE_H */

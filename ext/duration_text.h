/*
** duration_text.h: a number of nanoseconds as Rust's Duration prints it
** with {:?} or {:.N?}, the way measureme's `summarize` shows times:
** "66.93ms", "390.00ns", "1.50s", "344.00269ms".  Plain C, no SQLite, no
** locale (the decimal point is always '.').
**
**   char z[DURATION_TEXT_MAX];
**   duration_text(66925000, 2, z);    // "66.93ms"
**   duration_text(344002690, -1, z);  // "344.00269ms"
**
** The unit is the largest of s, ms, µs, ns under which the value is at
** least 1 (ns for 0).  With nDecimals 0 to 9, that many decimals, the
** last rounded to nearest from the digits after it, an exact half to an
** even digit (a carry may make "1000.00ms": Rust does not change the
** unit either); with -1, every
** decimal up to the last that is not zero, and no point when there is
** none.  Negative values get a '-' before the digits.
*/
#ifndef TIMETRACE_DURATION_TEXT_H
#define TIMETRACE_DURATION_TEXT_H
#include <stddef.h>
#include <stdint.h>

/* '-', 20 digits of seconds, '.', 9 decimals, "µs" (3 bytes), NUL. */
#define DURATION_TEXT_MAX 40

/* Writes the text and its NUL to zOut; returns its length. */
size_t duration_text(int64_t ns, int nDecimals, char *zOut);

#endif

/*
** demangle_text.h: what the SQL function demangle() makes of a text, in
** plain C (no SQLite), for the call tree's frames as well.
**
**   char *zOut; size_t nOut;
**   if( demangle_text(z, n, &zOut, &nOut) ) -> out of memory
**   zOut ? use zOut[0..nOut), then free(zOut) : the text did not change
**
** Every Rust symbol in the text is demangled as rustfilt does on a line
** (demangle_rust.h), then every C++ symbol in the result as c++filt does
** (demangle_cxx.h).  Both bound their output (64 MB of text at most, and
** a limit per symbol), so the work is bounded by the input's size; the C++
** symbols demangled in the Rust output total at most as many bytes as the
** input (cxx_demangle_text_bounded()), so C++ prints at most 1,024 bytes
** per input byte even where Rust backrefs repeat a C++ name.
*/
#ifndef TIMETRACE_DEMANGLE_TEXT_H
#define TIMETRACE_DEMANGLE_TEXT_H
#include <stddef.h>

/* Sets *pzOut to a malloc()ed NUL-terminated text the caller frees (*pnOut
** its length), or NULL when nothing changed.  Returns 0, or 1 when out of
** memory. */
int demangle_text(const char *z, size_t n, char **pzOut, size_t *pnOut);

#endif

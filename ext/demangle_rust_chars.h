/*
** demangle_rust_chars.h: which chars Rust's char::escape_debug prints as
** \u{...}, for the quoted chars and strings of v0 const generics.
**
** Owns nothing but the question; demangle_rust_chars.c answers it from
** the table demangle_rust_chars_table.h, which tools/gen_rust_chars.py
** generates from the Unicode data of the version Rust used.  A leaf: no
** state, depends on nothing else of timetrace.
**
** Usage:  if( rust_char_needs_unicode_escape(c) ) ...print "\u{hex}"...
*/
#ifndef TIMETRACE_DEMANGLE_RUST_CHARS_H
#define TIMETRACE_DEMANGLE_RUST_CHARS_H

#include <stdint.h>

/* Does Rust's char::escape_debug print c as \u{...} (not printable, or
** grapheme-extending)?  0 for \0, \t, \n and \r, which it prints with
** their short escapes, and for everything it prints as itself. */
int rust_char_needs_unicode_escape(uint32_t c);

#endif /* TIMETRACE_DEMANGLE_RUST_CHARS_H */

/*
** demangle_rust_chars.c: which chars Rust's char::escape_debug prints as
** \u{...}, for the quoted chars and strings of v0 const generics
** (demangle_rust_v0.c prints them).  See demangle_rust_chars.h.
**
** Owns the search; the table is demangle_rust_chars_table.h, which
** tools/gen_rust_chars.py generates from the Unicode data of the version
** rustfilt's Rust used (14.0.0; the table's header says which).  Plain C,
** no state.
*/
#include "demangle_rust_chars.h"
#include "demangle_rust_chars_table.h"

#include <stddef.h>

/* Binary search of aEscapeRange, whose runs are sorted and disjoint. */
int rust_char_needs_unicode_escape(uint32_t c){
  size_t lo = 0, hi = sizeof(aEscapeRange) / sizeof(aEscapeRange[0]);
  while( lo < hi ){
    size_t mid = lo + (hi - lo) / 2;
    if( c < aEscapeRange[mid][0] ) hi = mid;
    else if( c > aEscapeRange[mid][1] ) lo = mid + 1;
    else return 1;
  }
  return 0;
}

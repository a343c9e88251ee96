/*
** json_text.h: JSON text checked and written, for the functions that give
** JSON back to SQL (chrome_trace.c's traces, symbol_path.c's crates_of)
** and for the self-profile reader's event arguments (mm_events.c).
** Plain C, no SQLite, no allocation.
**
**   JsonError e;
**   if( json_object_check(z, n, xMember, pArg, &e) ){
**     printf("byte %zu: %s\n", e.iByte, e.zWhy);     // not one JSON object
**   }
**   size_t nLit = json_string_write(0, z, n);        // its length as a literal
**   json_string_write(zOut, z, n);                   // the literal, quotes included
**
** json_object_check() is strict RFC 8259, as Python's json and jq read
** it, and as the trace reader reads events (event_reader.c): one object,
** whitespace around it allowed; strings of valid UTF-8 (utf8.h) with no raw
** control characters and only the escapes JSON defines, a \u escape of a
** surrogate paired (high then low); numbers as the grammar writes them (no
** leading zeros, no "1.", no NaN); at most JSON_MAX_DEPTH levels of
** nesting.  It walks the text once, with a stack of JSON_MAX_DEPTH bytes,
** and calls xMember for each member of the outer object.
**
** json_string_write() turns any bytes into a valid JSON string literal:
** '"', '\' and control characters escaped (\n, \t, ... or \u00XX), UTF-8
** characters copied, and each byte that is not part of one written as
** \ufffd (U+FFFD, the replacement character).  At most 6 bytes out per
** byte in, plus the two quotes.
**
** json_number_double() reads a number's value whatever the locale (the
** readers of traces and cargo timings use it for numbers that are not
** integers).
*/
#ifndef TIMETRACE_JSON_TEXT_H
#define TIMETRACE_JSON_TEXT_H
#include <stddef.h>
#include <stdint.h>

/* Nesting json_object_check() accepts: the trace reader's limit. */
#define JSON_MAX_DEPTH 1000

/* Where and why a text is not one JSON object. */
typedef struct JsonError {
  size_t iByte;          /* offset of the byte where the check stopped */
  const char *zWhy;      /* the reason, a static string */
} JsonError;

/* Called for each member of the outer object, in order: the key as
** written, quotes and escapes included (z[iKey .. iKey+nKey)), and the
** value's text (z[iValue .. iEnd)). */
typedef void (*JsonMemberFn)(void *pArg, size_t iKey, size_t nKey, size_t iValue, size_t iEnd);

/* Check that z[0..n) is one JSON object.  Returns 0, or 1 with *pErr set.
** xMember may be NULL. */
int json_object_check(const char *z, size_t n, JsonMemberFn xMember, void *pArg, JsonError *pErr);

/* Is the checked key literal zKey[0..nKey) (quotes included) the ASCII
** name zName once its escapes are read ("ts", "\u0074s")? */
int json_key_is(const char *zKey, size_t nKey, const char *zName);

/* Write z[0..n) as a JSON string literal into zOut, which has room for
** json_string_write(0, z, n) bytes; with zOut NULL, only count them.
** Returns the literal's length.  zOut is not NUL-terminated. */
size_t json_string_write(char *zOut, const char *z, size_t n);

/* The value of the JSON number z[0..n) (as the grammar writes it), rounded
** to the nearest double as C's strtod rounds it in the "C" locale, +-inf
** past the largest: whatever the process's locale.  strtod reads "1.5" as 1
** where the decimal point is ',' (de_DE, fr_FR...), and a host program may
** set one (setlocale(LC_ALL, "")).  Reads z as far as it is a number. */
double json_number_double(const char *z, size_t n);

/* How many decimals the JSON number z[0..n) is written with: the digits
** of its fraction less its exponent ("0.25" 2, "2.5e-3" 4, "1.5e2" 0,
** "12" 0), at most 99.  A time written so is a whole number of units of
** its last decimal (call_tree.c rounds what it computes from such times
** to them). */
int json_number_decimals(const char *z, size_t n);

/* Is the JSON number z[0..n) written as an integer ("-12", "-0", 19
** digits) that fits in 64 bits?  Then 1 with its value in *pv, else 0
** (1.0, 1e3, 2^64: json_number_double's).  Inline: the columns ts and dur
** ask it of every row. */
static inline int json_number_int64(const char *z, size_t n, int64_t *pv){
  size_t i = (n>0 && z[0]=='-') ? 1 : 0, k;
  uint64_t v = 0, vMax = i ? (uint64_t)1<<63 : ((uint64_t)1<<63) - 1;
  for(k=i; k<n && z[k]>='0' && z[k]<='9'; k++){}
  if( k!=n || n==i ) return 0;
  if( n-i<=18 ){
    /* the common case: 18 digits cannot overflow */
    for(k=i; k<n; k++) v = v*10 + (uint64_t)(z[k] - '0');
  }else{
    for(k=i; k<n; k++){
      unsigned d = (unsigned)(z[k] - '0');
      if( v > (vMax - d)/10 ) return 0;
      v = v*10 + d;
    }
  }
  *pv = i ? (v ? -(int64_t)(v - 1) - 1 : 0) : (int64_t)v;
  return 1;
}

#endif

/*
** utf8.h: one strict UTF-8 decoder for every file that reads UTF-8 a
** character at a time (error messages quoting a text, JSON out of
** symbols, flame graph XML, v0 string constants, self-profile strings),
** and the encoder of a code point.  Header only, plain C.
**
**   uint32_t c;
**   size_t len = utf8_decode(z, n, &c);   // 0: z[0..n) does not start with a character
**
** Strict as Python's bytes.decode('utf-8') and jq are: no overlong forms,
** no encoded surrogates (U+D800-U+DFFF), nothing past U+10FFFF, no
** sequence cut short by the end.
**
**   size_t nBad = utf8_invalid_len(z, n);  // where utf8_decode gave 0: the bytes one U+FFFD replaces
**   size_t len = utf8_encode(c, a);        // code point c as 1-4 bytes into a[4]
**
** The trace reader's string check (json_string_check.c) applies the same
** rules a byte at a time, since a string may be split between two reads.
*/
#ifndef TIMETRACE_UTF8_H
#define TIMETRACE_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* The length (1-4) of the UTF-8 character at z[0..n) with its code point
** in *pc, or 0 when the bytes there are not one (n must be at least 1). */
static inline size_t utf8_decode(const unsigned char *z, size_t n, uint32_t *pc){
  unsigned c = z[0];
  size_t len, i;
  uint32_t cp;
  if( c<0x80 ){
    *pc = c;
    return 1;
  }
  if( c<0xC2 || c>0xF4 ) return 0;         /* a continuation byte, or overlong, or past U+10FFFF */
  len = c>=0xF0 ? 4 : c>=0xE0 ? 3 : 2;
  if( len>n ) return 0;
  cp = c & (0x7Fu >> len);
  for(i=1; i<len; i++){
    if( (z[i] & 0xC0)!=0x80 ) return 0;
    cp = (cp << 6) | (z[i] & 0x3F);
  }
  if( (len==3 && cp<0x800) || (len==4 && (cp<0x10000 || cp>0x10FFFF)) ) return 0;
  if( cp>=0xD800 && cp<=0xDFFF ) return 0;
  *pc = cp;
  return len;
}

/* The length of the UTF-8 character at z[0..n), 0 when there is none. */
static inline size_t utf8_char_len(const unsigned char *z, size_t n){
  uint32_t c;
  return utf8_decode(z, n, &c);
}

/* Where utf8_decode returned 0 for z[0..n): the length (1-3) of the
** maximal prefix of a UTF-8 sequence there, the bytes one U+FFFD stands
** for in a lossy decoding (Unicode's "maximal subpart" rule, which Rust's
** from_utf8_lossy and Python's errors="replace" follow). */
static inline size_t utf8_invalid_len(const unsigned char *z, size_t n){
  unsigned c = z[0], lo = 0x80, hi = 0xBF;
  size_t nNeed, i;
  if( c<0xC2 || c>0xF4 ) return 1;
  nNeed = c>=0xF0 ? 4 : c>=0xE0 ? 3 : 2;
  if( c==0xE0 ) lo = 0xA0;
  else if( c==0xED ) hi = 0x9F;
  else if( c==0xF0 ) lo = 0x90;
  else if( c==0xF4 ) hi = 0x8F;
  for(i=1; i<nNeed && i<n; i++){
    if( z[i]<lo || z[i]>hi ) break;
    lo = 0x80;
    hi = 0xBF;
  }
  return i;
}

/* Code point c (at most 0x10FFFF, not a surrogate) as UTF-8 into a[0..4):
** returns its length, 1 to 4. */
static inline size_t utf8_encode(uint32_t c, unsigned char *a){
  if( c<0x80 ){ a[0] = (unsigned char)c; return 1; }
  if( c<0x800 ){
    a[0] = (unsigned char)(0xC0 | (c >> 6)); a[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
  }
  if( c<0x10000 ){
    a[0] = (unsigned char)(0xE0 | (c >> 12)); a[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    a[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  a[0] = (unsigned char)(0xF0 | (c >> 18)); a[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
  a[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F)); a[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

#endif

/*
** utf8.h: one strict UTF-8 decoder for every file that reads UTF-8 a
** character at a time (error messages that show a pattern, JSON out of
** symbols, flame graph XML, v0 string constants).  Header only, plain C.
**
**   uint32_t c;
**   size_t len = utf8_decode(z, n, &c);   // 0: z[0..n) does not start with a character
**
** Strict as Python's bytes.decode('utf-8') and jq are: no overlong forms,
** no encoded surrogates (U+D800-U+DFFF), nothing past U+10FFFF, no
** sequence cut short by the end.  The reader's string check
** (json_string_check.c) applies the same rules a byte at a time, since a
** string may be split between two reads.
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

#endif

/*
** json_string_check.h: strict UTF-8 and \u escapes in the strings of a
** JSON text, followed byte by byte alongside yajl.  Plain C, no yajl, no
** SQLite: the event reader embeds a JsonStrCheck and gives it every byte
** it gives yajl (event_reader.c, reader_parse); a unit test can drive it
** alone (tests/unit/test_json_string_check.c).
**
**   JsonStrCheck s = {0};                       // outside any string
**   size_t k = json_str_check(&s, a, n, iAt);   // a[0] is at offset iAt
**   if( k<n ) -> a bad string: s.iBad is the byte to name, s.zBad why
**   ... feed the next bytes, whatever the cut, with the same s ...
**
** Why it exists: yajl checks only the shape of a multi-byte sequence, and
** decodes unpaired surrogate escapes to invalid UTF-8 or "?"; SQLite TEXT
** must be valid UTF-8.  The details are in json_string_check.c.
*/
#ifndef TIMETRACE_JSON_STRING_CHECK_H
#define TIMETRACE_JSON_STRING_CHECK_H
#include <stddef.h>
#include <stdint.h>

/* Where the bytes followed so far end (JsonStrCheck.eState). */
enum {
  JSON_STR_OUT = 0,         /* outside a string */
  JSON_STR_IN,              /* inside one */
  JSON_STR_ESC,             /* after a "\\" */
  JSON_STR_HEX,             /* in the hex digits of a \u escape */
  JSON_STR_UTF8,            /* inside a multi-byte sequence */
  JSON_STR_LOW_BACKSLASH,   /* after a high surrogate escape: its "\\" must follow */
  JSON_STR_LOW_U            /* ... then its "u" */
};

/* The state of the check; all zero is outside any string, the start of
** a JSON text.  Offsets are those of the bytes in the whole input. */
typedef struct JsonStrCheck {
  int eState;               /* JSON_STR_* */
  int nNeed;                /* JSON_STR_UTF8: continuation bytes to come; JSON_STR_HEX: hex digits */
  unsigned char cLo, cHi;   /* JSON_STR_UTF8: the range of the next continuation byte */
  unsigned cpEsc;           /* JSON_STR_HEX: the value of the digits so far */
  int bWantLow;             /* JSON_STR_HEX: this escape must be a low surrogate */
  uint64_t iMark;           /* Offset of the lead byte or the "\\" being followed */
  uint64_t iHighMark;       /* Offset of the "\\" of a high surrogate escape */
  uint64_t iOpen;           /* Offset of the '"' that opened the last string entered */
  uint64_t iBad;            /* Where a bad string showed: the byte to name */
  const char *zBad;         /* ... and why */
} JsonStrCheck;

/* Follow a[0..n), whose first byte is at offset iAt of the input, as
** yajl's lexer will.  Returns n, or the index of the first byte that shows
** a bad string (then iBad and zBad say which byte to name and why: that
** byte, or where its character or escape starts).  A byte yajl rejects
** anyway (a bad escape, a control character) is left to yajl. */
size_t json_str_check(JsonStrCheck *p, const unsigned char *a, size_t n, uint64_t iAt);

#endif

/*
** test_text_shown.c: text_shown() of ext/text_buf.c, how an error message
** quotes a user's text: UTF-8 as it is, bytes that are not UTF-8 and
** control characters escaped, cut after nChar characters or where the
** buffer is full with "...", never inside a character or an escape.  The
** SQL side (every message that quotes an argument, an option or a path)
** is in tests/oracle/messages_test.py.
*/
#include "text_buf.h"
#include "unit.h"

/* text_shown of the C string z into a buffer of nOut bytes (at most 256). */
static const char *shown(const char *z, size_t nChar, size_t nOut){
  static char aOut[256];
  return text_shown(z, strlen(z), nChar, aOut, nOut);
}

int main(void){
  char aBig[TEXT_SHOWN_SIZE(3)];
  /* as it is */
  CHECK_STR(shown("", 10, 64), "");
  CHECK_STR(shown("abc", 10, 64), "abc");
  CHECK_STR(shown("a\\b", 10, 64), "a\\b");                     /* a backslash stays */
  CHECK_STR(shown("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10, 64), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  /* not UTF-8: each byte as \xHH (a cut sequence, an overlong form, a surrogate) */
  CHECK_STR(shown("\xff", 10, 64), "\\xFF");
  CHECK_STR(shown("a\xe2\x82", 10, 64), "a\\xE2\\x82");
  CHECK_STR(shown("\xc0\xaf", 10, 64), "\\xC0\\xAF");
  CHECK_STR(shown("\xed\xa0\x80", 10, 64), "\\xED\\xA0\\x80");
  /* control characters: C0 and DEL as \xHH, C1 as \u00HH */
  CHECK_STR(shown("\x01\n\t\x1b[m\x7f", 10, 64), "\\x01\\x0A\\x09\\x1B[m\\x7F");
  CHECK_STR(shown("\xc2\x85\xc2\x9f\xc2\xa0", 10, 64), "\\u0085\\u009F\xc2\xa0");
  /* a NUL inside the text */
  CHECK(strcmp(text_shown("a\0b", 3, 10, aBig, sizeof(aBig)), "a\\x00b")==0);
  /* the cut: after nChar characters, an escape counting as one */
  CHECK_STR(shown("abcdef", 3, 64), "abc...");
  CHECK_STR(shown("abc", 3, 64), "abc");                        /* exactly nChar: no cut */
  CHECK_STR(shown("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3, 64), "\xc3\xa9\xc3\xa9\xc3\xa9...");
  CHECK_STR(shown("\xff\xff\xff\xff", 2, 64), "\\xFF\\xFF...");
  /* the cut where the buffer is full: a whole character or escape, then "..." */
  CHECK_STR(shown("abcdefgh", 100, 8), "abcd...");
  CHECK_STR(shown("a\xff" "bc", 100, 8), "a...");             /* \xFF does not fit after a */
  CHECK_STR(shown("\xe2\x82\xac\xe2\x82\xac", 100, 8), "\xe2\x82\xac...");
  CHECK_STR(shown("abc", 100, 4), "...");
  CHECK_STR(shown("abc", 100, 3), "");                         /* no room for "...": nothing */
  /* TEXT_SHOWN_SIZE(n) holds n characters whatever they are */
  CHECK(strcmp(text_shown("\xc2\x85\xc2\x85\xc2\x85\xc2\x85", 8, 3, aBig, sizeof(aBig)),
               "\\u0085\\u0085\\u0085...")==0);
  return unit_report();
}

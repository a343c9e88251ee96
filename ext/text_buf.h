/*
** text_buf.h: a growing NUL-terminated text, for the functions that
** build one result string a piece at a time (the demanglers' text
** rewriting, the flame graph's SVG, the self-profile reader's strings).
** Plain C, no SQLite.
**
**   TextBuf b = TEXT_BUF_INIT;
**   text_buf_append(&b, z, n);  text_buf_printf(&b, "%d", x);  ...
**   if( b.bOom ) -> out of memory (free(b.z))
**   else b.z, b.n: the text (NULL when nothing was appended), owned by the caller
**
** Out of memory is sticky: the first failure sets bOom and every later
** append does nothing, so a builder checks once at the end.  A text that
** must fit a limit (a function's result under SQLite's
** SQLITE_LIMIT_LENGTH) sets nMax before its first append: an append that
** would make it longer fails the same way, with bTooLong set too, and the
** buffer never grows past nMax + 1 bytes, so a builder stops at the limit
** instead of building the whole text for SQLite to refuse.  The reader's
** event arena is not one of these: it holds no NUL, grows through
** big_array.c and is inlined in the hot loop (event_reader_int.h).
**
** text_shown() is how an error message quotes a user's text (an
** argument, an option, a path): a message is text, so it must be valid
** UTF-8 and short whatever the user gave.
**
**   char aShown[TEXT_SHOWN_SIZE(60)];
**   sqlite3_mprintf("unknown mode '%s'", text_shown(z, n, 60, aShown, sizeof aShown));
*/
#ifndef TIMETRACE_TEXT_BUF_H
#define TIMETRACE_TEXT_BUF_H
#include <stddef.h>

typedef struct TextBuf {
  char *z;          /* the text, NUL-terminated once anything is in it (malloc()ed) */
  size_t n;         /* bytes in z, without the NUL */
  size_t nAlloc;    /* bytes allocated */
  int bOom;         /* an allocation failed (or bTooLong): nothing more is appended */
  int bTooLong;     /* an append would have made the text longer than nMax */
  size_t nMax;      /* the longest the text may be, in bytes; 0: no limit but memory */
} TextBuf;

#define TEXT_BUF_INIT {0, 0, 0, 0, 0, 0}

/* Room for nMore more bytes and the NUL.  Returns 1, or 0 (bOom set; and
** bTooLong when the text would be longer than nMax). */
int text_buf_reserve(TextBuf *p, size_t nMore);
/* Append z[0..n); the text stays NUL-terminated. */
void text_buf_append(TextBuf *p, const char *z, size_t n);
/* Append what printf would print (bOom also when it cannot be formatted). */
void text_buf_printf(TextBuf *p, const char *zFmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

/* Room for text_shown() to show nChar characters, each as at most 6
** bytes (\u0085), and "..." with the NUL. */
#define TEXT_SHOWN_SIZE(nChar) (6*(size_t)(nChar) + 4)

/* z[0..n) as an error message shows it, into aOut[0..nOut) (NUL-terminated;
** returns aOut): UTF-8 characters as they are, but a byte that is not
** UTF-8 and a control character U+0000-U+001F or U+007F as \xHH, a C1
** control U+0080-U+009F as \u00HH (a terminal or log reads them as
** commands); cut after nChar characters, or where aOut is full, with
** "..." to show the cut, never inside a character or an escape.  A
** backslash stays as it is: the text is quoted, not encoded, and a
** pattern or a path is easier to read with its own. */
const char *text_shown(const char *z, size_t n, size_t nChar, char *aOut, size_t nOut);

#endif

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
** append does nothing, so a builder checks once at the end.  The reader's
** event arena is not one of these: it holds no NUL, grows through
** big_array.c and is inlined in the hot loop (event_reader_int.h).
*/
#ifndef TIMETRACE_TEXT_BUF_H
#define TIMETRACE_TEXT_BUF_H
#include <stddef.h>

typedef struct TextBuf {
  char *z;          /* the text, NUL-terminated once anything is in it (malloc()ed) */
  size_t n;         /* bytes in z, without the NUL */
  size_t nAlloc;    /* bytes allocated */
  int bOom;         /* an allocation failed: nothing more is appended */
} TextBuf;

#define TEXT_BUF_INIT {0, 0, 0, 0}

/* Room for nMore more bytes and the NUL.  Returns 1, or 0 (bOom set). */
int text_buf_reserve(TextBuf *p, size_t nMore);
/* Append z[0..n); the text stays NUL-terminated. */
void text_buf_append(TextBuf *p, const char *z, size_t n);
/* Append what printf would print (bOom also when it cannot be formatted). */
void text_buf_printf(TextBuf *p, const char *zFmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

#endif

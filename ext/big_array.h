/*
** big_array.h: memory for arrays that grow by doubling to many megabytes
** (the reader's arena and event queue, the call tree's slices) without
** leaving copies behind.  Plain C, no SQLite.
**
**   void *a = 0;  size_t nAlloc = 0;
**   if( big_resize(&a, nAlloc, nNew) ) -> out of memory (a unchanged)
**   nAlloc = nNew;
**   ...
**   big_free(a, nAlloc);
**
** Why: growing a large heap block with realloc copies it, and the old
** pages stay resident until malloc reuses them; after a parallel scan has
** freed its buffers, glibc's raised mmap threshold keeps blocks of several
** MB on the heap, so a second scan measured 5 to 10 MB more than the first.
** On Linux a block of BIG_MAP_MIN bytes or more is an anonymous mapping of
** its own, grown by mremap without copying, and given back whole when
** freed.  Whether a block is a mapping follows from its size, so callers
** must pass the size they asked for last.  Elsewhere this is realloc/free.
*/
#ifndef TIMETRACE_BIG_ARRAY_H
#define TIMETRACE_BIG_ARRAY_H
#include <stddef.h>

/* Blocks this large or larger are mappings (on Linux). */
#define BIG_MAP_MIN ((size_t)64 << 10)

/* Make *pa, a block of nOld bytes (0 and NULL for none), nNew bytes long,
** keeping the first min(nOld, nNew) bytes.  Returns 0, or 1 when out of
** memory (then *pa is unchanged).  nNew must not be 0. */
int big_resize(void **pa, size_t nOld, size_t nNew);

/* Free a block of n bytes from big_resize (NULL is fine). */
void big_free(void *a, size_t n);

#endif

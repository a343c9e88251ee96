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

/* For arrays filled front to back.  A page fault per 4 KB page is costly
** in a virtual machine (filling 138 MB took 0.41 s, 0.12 s when prefaulted
** 256 KB at a time), so a caller that is about to write bytes
** [iFrom, iTo) of a block of nAlloc bytes may have them made resident in
** one system call with big_prefault; big_trim gives back the whole pages
** from byte iFrom to the end that hold nothing the caller needs (their
** contents are lost), so a window prefaulted but not used does not stay
** resident.  Both only advise: they do nothing for heap blocks, on kernels
** without MADV_POPULATE_WRITE (5.14) or on failure. */
void big_prefault(void *a, size_t nAlloc, size_t iFrom, size_t iTo);
void big_trim(void *a, size_t nAlloc, size_t iFrom);

#endif

/*
** string_table.h: distinct byte strings, numbered 0, 1, 2, ... in the order
** they first came.  Plain C, no SQLite.  The call tree keeps its slice
** names, function symbols and thread keys in three of these.
**
**   StringTable s;
**   string_table_init(&s);
**   long i = string_table_intern(&s, z, n);   // -1: out of memory or full
**   string_table_str(&s, i), string_table_len(&s, i)
**   string_table_free(&s);
**
** Memory.  The bytes of all strings sit in one arena, each followed by a
** NUL, found by an offset per string; the hash table holds 32-bit
** numbers.  A string of n bytes costs n + 1 + 8 bytes plus 4 to 8 bytes
** of hash table, with no allocation of its own: a trace with a million
** threads keeps a million keys in about 40 MB, where a malloc()ed copy
** and two pointers per key took twice that.  The arena and offsets grow
** through big_array.c, so growing them leaves no copies resident.
**
** Pointers from string_table_str stay valid only until the next intern
** (the arena can move).  At most STRING_TABLE_MAX strings.
*/
#ifndef TIMETRACE_STRING_TABLE_H
#define TIMETRACE_STRING_TABLE_H
#include <stddef.h>
#include <stdint.h>

#define STRING_TABLE_MAX ((size_t)UINT32_MAX - 1)

typedef struct StringTable {
  char *aByte;           /* the strings, each followed by a NUL */
  size_t nByte, nByteAlloc;
  size_t *aOff;          /* aOff[i]: where string i starts in aByte;
                         ** aOff[n] is nByte (so lengths need no array) */
  size_t n, nOffAlloc;   /* strings; room in aOff (elements) */
  uint32_t *aHash;       /* open addressing: string number + 1, 0 empty */
  size_t nHash;          /* a power of two, or 0 before the first string */
} StringTable;

void string_table_init(StringTable *p);

/* The number of string z[0..n), added when new.  Returns -1 when out of
** memory or when the table holds STRING_TABLE_MAX strings. */
long string_table_intern(StringTable *p, const char *z, size_t n);

/* The number of string z[0..n), or -1 when the table does not hold it
** (nothing is added). */
long string_table_find(const StringTable *p, const char *z, size_t n);

/* String i (i < p->n), NUL-terminated, and its length. */
static inline const char *string_table_str(const StringTable *p, size_t i){
  return p->aByte + p->aOff[i];
}
static inline size_t string_table_len(const StringTable *p, size_t i){
  return p->aOff[i+1] - p->aOff[i] - 1;
}

void string_table_free(StringTable *p);

/* Rebuild an open-addressing table of slots (entry number + 1, 0 for
** empty) holding entries 0 to n-1 at twice its size (nFirst slots at
** first, a power of two), entry i hashed by xHash(pCtx, i).  Returns 0, or
** 1 when out of memory (the table unchanged).  The string table's own
** probe, shared with the call tree's table of stacks. */
int hash_slots_grow(uint32_t **paSlot, size_t *pnSlot, size_t n, size_t nFirst,
                    size_t (*xHash)(const void *pCtx, size_t i), const void *pCtx);

/* The hash the table uses, for other tables of bytes (a word at a time). */
uint64_t string_hash(const char *z, size_t n);

#endif

/*
** group_rows.h: rows held back and given out again group by group, for a
** scan that hands SQLite its rows already grouped (a GROUP BY the virtual
** table consumes, trace_group.c).  Plain C, no SQLite.
**
**   GroupRows *g = group_rows_new();
**   for each row:
**     long iGroup = group_rows_group(g, key, nKey);    // -1: out of memory
**     group_rows_append(g, iGroup, row, nRow)          // -1: out of memory
**   GroupRowsIter it;
**   group_rows_iter_start(g, &it);
**   while( group_rows_iter_next(g, &it) ){
**     it.zKey, it.nKey    the row's group (bytes as given; a new group
**                         whenever it.bNewGroup)
**     it.aRow, it.nRow    the row's bytes, as given
**   }
**   group_rows_free(g);
**
** Keys and rows are opaque bytes: the caller encodes them.  Groups come
** out in the order their first row came in (or the caller's order of
** their keys, group_rows_sort), and the rows of a group in the order they
** came in, so a caller that added rows in file order gets each group's
** rows in file order.
**
** Memory.  Keys are interned in a StringTable (n + 9 bytes and 4 to 8 of
** hash table each, once per group).  Each group's rows sit in a chain of
** chunks cut from 1 MB slabs, the first chunk of a group 32 bytes, each
** next one twice the last up to 64 KB, so a group of one row costs about
** 64 bytes and a big group wastes at most a few percent; a row costs its
** bytes plus a 1 to 5 byte length.  Nothing is copied as the rows grow.
*/
#ifndef TIMETRACE_GROUP_ROWS_H
#define TIMETRACE_GROUP_ROWS_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct GroupRows GroupRows;
typedef struct GroupChunk GroupChunk;

/* A new, empty store, or NULL when out of memory. */
GroupRows *group_rows_new(void);

/* The number of the group of key zKey[0..nKey) (0, 1, 2, ... in the order
** of their first row), made when new.  Returns -1 when out of memory or
** when more than 2^32 - 2 groups were made. */
long group_rows_group(GroupRows *g, const void *zKey, size_t nKey);

/* Add row aRow[0..nRow) to group iGroup (from group_rows_group).  Returns
** 0, or -1 when out of memory (nothing is added). */
int group_rows_append(GroupRows *g, long iGroup, const void *aRow, size_t nRow);

/* The number of groups, and of rows. */
size_t group_rows_groups(const GroupRows *g);
uint64_t group_rows_count(const GroupRows *g);

/* Hand the groups out in the order xCompare(pCtx, keyA, nA, keyB, nB)
** says (negative: A first), instead of the order of their first rows.
** Returns 0, or -1 when out of memory (the order is unchanged).  Costs 4
** bytes a group. */
typedef int (*GroupKeyCompare)(void *pCtx, const char *zA, size_t nA, const char *zB, size_t nB);
int group_rows_sort(GroupRows *g, GroupKeyCompare xCompare, void *pCtx);

/* Walking the rows, group after group. */
typedef struct GroupRowsIter {
  const char *zKey;              /* the current row's group key */
  size_t nKey;
  int bNewGroup;                 /* 1 on the first row of each group */
  const unsigned char *aRow;     /* the current row's bytes */
  size_t nRow;
  /* private */
  size_t iGroup;
  const GroupChunk *pChunk;
  const unsigned char *pAt, *pEnd;   /* the rest of pChunk's rows */
} GroupRowsIter;

void group_rows_iter_start(const GroupRows *g, GroupRowsIter *pIt);
/* Move to the next row: 1, or 0 at the end.  Nearly every step is to the
** next row of the same chunk, whose length is one byte: that is done
** here, inline (the rows go out one by one to SQLite, between its own
** opcodes); group_rows_iter_step does the rest. */
int group_rows_iter_step(const GroupRows *g, GroupRowsIter *pIt);
static inline int group_rows_iter_next(const GroupRows *g, GroupRowsIter *pIt){
  if( pIt->pAt<pIt->pEnd && pIt->pAt[0]<0x80 ){
    pIt->nRow = pIt->pAt[0];
    pIt->aRow = pIt->pAt + 1;
    pIt->pAt += 1 + pIt->nRow;
    pIt->bNewGroup = 0;
    return 1;
  }
  return group_rows_iter_step(g, pIt);
}

void group_rows_free(GroupRows *g);

/* The plan's text of a grouping names its columns ("name, pid desc", or
** "-" for none); xFilter reads it back.  azName[0..nName) are the table's
** column names.  group_columns_text writes the list of columns ai[0..n)
** into z (room nz), those in mDesc marked " desc".  group_columns_parse
** reads such a list at z up to cEnd into ai[], *pn and the masks *pm and
** *pmDesc (bits set, not cleared): it returns the end, or NULL when z is
** not such a list. */
void group_columns_text(char *z, size_t nz, const char *const *azName, const int *ai, int n, unsigned mDesc);
const char *group_columns_parse(const char *z, char cEnd, const char *const *azName, int nName,
                                int *ai, int *pn, unsigned *pm, unsigned *pmDesc);

/* Varints (LEB128: 7 bits a byte, low first), for the caller's rows. */
#define GROUP_VARINT_MAX 10
size_t group_varint_put(unsigned char *a, uint64_t v);
/* Read a varint from a[0..n): its length, or 0 when it runs past n.
** Rows are read a few varints at a time, most of one or two bytes: those
** are read here, inline, the rest by group_varint_get_long. */
size_t group_varint_get_long(const unsigned char *a, size_t n, uint64_t *pV);
static inline size_t group_varint_get(const unsigned char *a, size_t n, uint64_t *pV){
  if( n>0 && a[0]<0x80 ){
    *pV = a[0];
    return 1;
  }
  if( n>1 && a[1]<0x80 ){
    *pV = (uint64_t)(a[0] & 0x7f) | (uint64_t)a[1] << 7;
    return 2;
  }
  return group_varint_get_long(a, n, pV);
}

/* SQLite's BINARY order of texts a[0..na) and b[0..nb): by their bytes,
** then the shorter first (negative, 0, positive). */
static inline int group_bytes_compare(const void *a, size_t na, const void *b, size_t nb){
  int c = memcmp(a, b, na<nb ? na : nb);
  if( c ) return c;
  return na<nb ? -1 : na>nb;
}

#endif

/*
** event_pairs.h: begin events waiting for their end, for the call tree.
** Plain C, no SQLite.
**
** Two kinds of pairs make slices besides X events:
**   - B/E: an E ends the last B still open on its thread (pid, tid);
**   - b/e, the Trace Event Format's nestable async events: an e ends the
**     last b still open with the same pid, cat, id, id2 and scope (clang
**     19 and later write each included header so, cat "Source", id 0),
**     wherever its thread.
** Each kind is a stack per key; the caller makes the keys (the thread's
** number for B/E, the bytes of pid, cat and id for b/e, with a first byte
** that tells the kinds apart) and keeps the slices.  A begin event is
** remembered as the slice it opened: its thread and its place there.
**
**   PairTable pairs;  pair_table_init(&pairs);
**   B or b:  pair_push(&pairs, zKey, nKey, iThread, iRec)          -> 1 when out of memory
**   E or e:  pair_pop(&pairs, zKey, nKey, &open)                    -> 0 when nothing is open
**   n:       pair_top(&pairs, zKey, nKey, &open)                    (the same, left open)
**   at the end of the file: pair_table_each(&pairs, xOpen, pArg)    (the unmatched begins)
**   pair_table_free(&pairs);
**
** Memory: a key and a 16-byte stack per key that ever had a begin, 8
** bytes per begin still open.
*/
#ifndef TIMETRACE_EVENT_PAIRS_H
#define TIMETRACE_EVENT_PAIRS_H
#include <stddef.h>
#include <stdint.h>
#include "string_table.h"

/* A begin event still open: the slice it made. */
typedef struct PairOpen {
  uint32_t iThread;      /* the caller's thread number */
  uint32_t iRec;         /* the slice's place in that thread's slices */
} PairOpen;

typedef struct PairStack PairStack;
typedef struct PairTable {
  StringTable keys;      /* stack i belongs to key i */
  PairStack *aStack;
  size_t nStackAlloc;
} PairTable;

void pair_table_init(PairTable *p);
int pair_push(PairTable *p, const char *zKey, size_t nKey, uint32_t iThread, uint32_t iRec);
int pair_pop(PairTable *p, const char *zKey, size_t nKey, PairOpen *pOut);
/* The last begin still open with key zKey, left open (an async instant
** "n" belongs to it): 1 and *pOut, or 0 when none is. */
int pair_top(const PairTable *p, const char *zKey, size_t nKey, PairOpen *pOut);
/* Call xOpen(pArg, zKey, nKey, pOpen) for every begin still open, key by
** key (in the order the keys came), each stack from the bottom; stops at
** the first non-zero return, which it returns. */
int pair_table_each(const PairTable *p, int (*xOpen)(void*, const char*, size_t, const PairOpen*), void *pArg);
void pair_table_free(PairTable *p);

/* The value of the top-level key zKey (nKey bytes, no escapes) of the
** JSON object z[0..n), as its bytes z[*piStart..+*pnLen): for the async
** key's "id2" and "scope", which the reader leaves in the extra column.
** Returns 1, or 0 when the object has no such key (or is no object). */
int pair_json_member(const char *z, size_t n, const char *zKey, size_t nKey, size_t *piStart, size_t *pnLen);

#endif

/*
** tree_cache.h: call trees shared by the cursors of one table, so that a
** join of a trace with itself builds each file's tree once.  Plain C, no
** SQLite.
**
**   TreeCache cache = {0};                       (one per virtual table)
**   CallTree *t = tree_cache_borrow(&cache, zPath, mFlags);
**   if( t==0 ){ build it; if( tree_cache_add(&cache, zPath, mFlags, t) ) -> out of memory }
**   ... use t ...
**   tree_cache_release(&cache, t);               (frees it with its last user)
**   tree_cache_clear(&cache);                    (at the table's end: frees what is left)
**
** A scan of `trace_events(T) c JOIN trace_events(T) p ON p.rowid =
** c.parent` builds the tree of T for c.parent; the lookups of p borrow it
** instead of reading the file again.  A tree is found again only while
** someone holds it, only for the same path whose device, inode, size and
** modification time have not changed, and only if it was built with at
** least the flags asked for (CALL_TREE_NAMES, CALL_TREE_FUNCTIONS) and
** the same others (the lexer).  The trees live only as long as their
** statements: nothing stays in memory between statements.
*/
#ifndef TIMETRACE_TREE_CACHE_H
#define TIMETRACE_TREE_CACHE_H
#include "call_tree.h"
#include "trace_source.h"

typedef struct TreeCacheEntry TreeCacheEntry;
typedef struct TreeCache {
  TreeCacheEntry *pFirst;
} TreeCache;

/* A tree of zPath built with mFlags (or more), now borrowed; NULL when
** there is none. */
CallTree *tree_cache_borrow(TreeCache *pCache, const char *zPath, unsigned mFlags);

/* Hand t, just built from zPath with mFlags, to the cache, borrowed once
** by the caller.  Returns 0, or 1 when out of memory (then t is not in
** the cache and still the caller's). */
int tree_cache_add(TreeCache *pCache, const char *zPath, unsigned mFlags, CallTree *t);

/* Give back a tree from tree_cache_borrow or tree_cache_add; the last user
** frees it.  NULL is a no-op. */
void tree_cache_release(TreeCache *pCache, CallTree *t);

/* Free every entry (there should be none left in use). */
void tree_cache_clear(TreeCache *pCache);

#endif

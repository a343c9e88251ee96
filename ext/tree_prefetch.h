/*
** tree_prefetch.h: the call tree of the next file built on a thread of
** its own while the caller reads the rows of the current one.  Plain C,
** no SQLite.
**
** A statement that reads the tree's columns beside the events' fields
** reads each file twice: once to build its tree, once for the rows.  Over
** a build's hundreds of files, the two passes of consecutive files can
** overlap: while SQLite's thread reads file k's rows, a worker builds
** file k+1's tree.
**
**   TreePrefetch *p = tree_prefetch_start(zPath, nThread, nPiece, mFlags);
**   ...                                   // NULL: build it yourself
**   rc = tree_prefetch_take(p, xStop, pStopCtx, &pTree, &id, zErr, nErr);
**   // or, when it is not wanted after all: tree_prefetch_cancel(p);
**
** The worker never calls xStop (the caller's callback may belong to the
** caller's thread): tree_prefetch_take waits for it and asks xStop every
** few milliseconds meanwhile, and stops the worker when xStop says so.
*/
#ifndef TIMETRACE_TREE_PREFETCH_H
#define TIMETRACE_TREE_PREFETCH_H
#include <stddef.h>

#include "call_tree.h"
#include "trace_source.h"

typedef struct TreePrefetch TreePrefetch;

/* Start building the tree of zPath (call_tree_build_rows with these
** arguments and no rows).  Returns NULL when out of memory or when no
** thread could be started: nothing was started then. */
TreePrefetch *tree_prefetch_start(const char *zPath, int nThread, size_t nPiece, unsigned mFlags);

/* The path and flags it was started with. */
const char *tree_prefetch_path(const TreePrefetch *p);
unsigned tree_prefetch_flags(const TreePrefetch *p);

/* Wait for the build and free p.  Returns 0 with the tree in *ppTree and
** in *pId the identity the file had when the build began; 1 with the
** build's error in zErr; 2 when xStop(pStopCtx) said stop (the build is
** abandoned, zErr empty). */
int tree_prefetch_take(TreePrefetch *p, EventStopFn xStop, void *pStopCtx, CallTree **ppTree,
                       TraceFileId *pId, char *zErr, size_t nErr);

/* Stop the build, wait for the worker, free p and what it built.  NULL is
** a no-op. */
void tree_prefetch_cancel(TreePrefetch *p);

#endif

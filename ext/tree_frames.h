/*
** tree_frames.h: frames that say what a slice worked on, for the call
** tree's stacks with the option frames=detail or frames=generic.  Plain C,
** no SQLite; used by call_tree.c.
**
**   while building, per slice:  iKey = tree_frames_key(&raw, name, detail)
**   after the walk:             tree_frames_make(&raw, bGeneric, &frames, &aMap)
**                               (slice key iKey has frame aMap[iKey] in frames)
**
** A frame is the slice's name, a space and its args.detail demangled as
** demangle() does (OptFunction tiny::main, RunPass InstCombinePass, Source
** /usr/include/c++/12/vector), with generic=1 also without generic
** arguments, as strip_generics() does, so the instances of one generic
** function are one frame.  A slice without detail (or with an empty one)
** is its name alone; one without a name, its detail alone.  A slice whose
** detail is that of its nearest enclosing slice with a detail is its name
** alone too: LLVM's new pass manager gives every pass on a function the
** function as detail, and "PassManager<Function> tiny::main;InstCombinePass
** tiny::main;AAManager tiny::main" says no more than
** "PassManager<Function> tiny::main;InstCombinePass;AAManager", in a
** fraction of the bytes.  The call tree decides that (it knows the
** enclosing slices); this file gives both frames of each pair.
**
** Why in two steps: a trace has millions of slices and far fewer distinct
** (name, detail) pairs, so slices keep the number of their pair as they
** come (the cost of a name's interning), and each pair is demangled once.
** Memory: each distinct pair's bytes twice (raw, then as a frame) while
** the frames are made; the raw table is then freed.
*/
#ifndef TIMETRACE_TREE_FRAMES_H
#define TIMETRACE_TREE_FRAMES_H
#include <stddef.h>
#include <stdint.h>
#include "string_table.h"
#include "tree_walk.h"

/* The number in pRaw of the pair (name, detail); zDetail NULL for none.
** Returns -1 when out of memory.  pRaw's string 0 must be "" (no name, no
** detail), as the call tree's name table starts. */
long tree_frames_key(StringTable *pRaw, const char *zName, size_t nName, const char *zDetail, size_t nDetail);

/* The frames of the pairs of a raw table, each pair's by its number. */
typedef struct TreeFrames {
  StringTable frames;    /* the frames; string 0 is "" */
  uint32_t *aFull;       /* its frame, with its detail */
  uint32_t *aBare;       /* its frame when the detail is the enclosing one's */
  uint32_t *aDetail;     /* its detail as a number, the same for the same
                         ** bytes; 0 when it has none */
} TreeFrames;

/* The frames of the pairs of pRaw into *p (bGeneric: strip generic
** arguments).  Returns 0, or 1 when out of memory (nothing to free then). */
int tree_frames_make(const StringTable *pRaw, int bGeneric, TreeFrames *p);
void tree_frames_free(TreeFrames *p);

/* Work arrays tree_frames_thread reuses from one thread to the next. */
typedef struct TreeFramesWork {
  uint32_t *aInh;        /* per slice: the detail its children inherit */
  size_t nInhAlloc;
  uint32_t *aPath;       /* the slices climbed through */
  size_t nPathAlloc;
} TreeFramesWork;

/* Give each slice of a thread, a[0..n) after the walk (parents as
** rowids, a[i].name the number of its pair), its frame: the bare one when
** its detail is the one its nearest enclosing slice with a detail has.
** Adds the bytes of the frames (and a separator each) to *pnByte.
** Returns 1 when out of memory. */
int tree_frames_thread(const TreeFrames *f, SliceRec *a, size_t n, TreeFramesWork *w, size_t *pnByte);
void tree_frames_work_free(TreeFramesWork *w);

#endif

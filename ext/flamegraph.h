/*
** flamegraph.h: folded stacks in, a self-contained, explorable SVG flame
** graph out.  Plain C, no SQLite (sql_functions.c wraps it as the
** aggregates flamegraph(stack, weight [, title [, minwidth]]) and
** flamegraph_diff(stack, before, after [, title [, minwidth]])).
**
**   FlameGraph *g = flamegraph_new();
**   flamegraph_add(g, "main;parse;lex", 14, 120.0);   // stack, its length, weight
**   ...
**   char *zSvg; size_t nSvg;
**   flamegraph_render(g, "title", 5, FLAMEGRAPH_MINWIDTH, SIZE_MAX, &zSvg, &nSvg);  // malloc()ed, caller frees
**   flamegraph_free(g);
**
**   FlameGraph *d = flamegraph_new_diff();             // a differential graph
**   flamegraph_add_diff(d, "main;parse", 10, 80.0, 120.0);   // before, after
**
** Stacks are frame names joined with ';' (flamegraph.pl's folded format),
** outermost first.  Equal stacks add up.  Each distinct stack prefix is one
** frame, drawn as one <rect> (of no class) whose width is proportional to
** the total weight of the stacks under it; siblings are sorted by name, as
** flamegraph.pl does, and the root frame "all" spans the whole width.  Each
** frame is a <g> holding a <title> (the tooltip: its name, weight and
** share of the total), the rect and a label cut to fit; the frames come in
** depth-first order (a frame, then its children's subtrees left to right).
**
** Narrow frames (minWidth).  A frame is drawn when its width,
** weight / total * (FLAMEGRAPH_WIDTH - 20) pixels, is at least minWidth
** (FLAMEGRAPH_MINWIDTH, 0.1 px, by default; 0 draws every frame).  The
** children of a drawn frame that are not drawn (and so their whole
** subtrees) are merged: they become one <rect class="merged"> placed after
** the drawn children, as wide as their weights together, titled "N frames
** narrower than M px, merged (weight, share%)", when that width is itself
** at least minWidth (else they stay an empty gap).  Nothing is lost from a
** drawn frame: its width and tooltip are its whole total, the merged
** frames' weight included; the gap at its right is its self weight.
**
** Exploring.  An inline script (in CDATA; no network) makes the graph
** explorable when a browser opens the SVG itself: a click zooms into a
** frame, "Reset zoom" (or Escape) undoes it, "Search" (or '/' or Ctrl-F)
** highlights the frames whose name matches a JavaScript regular expression
** and shows the matched share of the total (a stack counted once however
** many of its frames match).  Where scripts do not run (an <img>, a
** converter) it is the same static picture with its tooltips.
**
** Differential graphs.  Widths come from the after weights; each frame
** is coloured by the change of its self weight, after - before: red when
** it grew, blue when it shrank, white when equal, the colour's strength
** proportional to the change over the largest change among the drawn
** frames (inferno's and flamegraph.pl's convention).  A frame with no
** after weight has width 0 and is not drawn; its before weight shows in
** its ancestors' tooltips ("before"), and swapping before and after draws
** it.  The tooltip: "name (before B, after A, change +C, +P%, self change
** +S)".
*/
#ifndef TIMETRACE_FLAMEGRAPH_H
#define TIMETRACE_FLAMEGRAPH_H
#include <stddef.h>

/* Drawing: image width in pixels and the height of one frame. */
#define FLAMEGRAPH_WIDTH        1200
#define FLAMEGRAPH_FRAME_HEIGHT 16
/* Frames (distinct stack prefixes) one graph may hold. */
#define FLAMEGRAPH_MAX_FRAMES   2000000
/* The default minWidth of flamegraph_render(), in pixels. */
#define FLAMEGRAPH_MINWIDTH     0.1

typedef struct FlameGraph FlameGraph;

/* A new, empty graph, or NULL when out of memory. */
FlameGraph *flamegraph_new(void);
/* A new, empty differential graph (flamegraph_add_diff), or NULL. */
FlameGraph *flamegraph_new_diff(void);

/* What flamegraph_add() and flamegraph_render() return. */
#define FLAMEGRAPH_OK        0
#define FLAMEGRAPH_NOMEM     1   /* out of memory */
#define FLAMEGRAPH_TOOBIG    2   /* more than FLAMEGRAPH_MAX_FRAMES frames */
#define FLAMEGRAPH_NEGATIVE  3   /* the weight is below zero */
#define FLAMEGRAPH_INFINITE  4   /* the weight is infinite or NaN */
#define FLAMEGRAPH_OVERFLOW  5   /* the total weight would not be finite */
#define FLAMEGRAPH_MINWIDTH_BAD 6 /* minWidth is negative, infinite or NaN */
#define FLAMEGRAPH_TOOLONG   7   /* the SVG would be longer than nMax bytes */

/* FLAMEGRAPH_OK when w is a weight a graph takes (zero or more, finite),
** else FLAMEGRAPH_NEGATIVE or FLAMEGRAPH_INFINITE. */
int flamegraph_weight_check(double w);

/* Add weight w to stack z[0..n).  A weight of zero adds nothing (no frame
** is made for it).  Returns FLAMEGRAPH_OK, or one of the codes above; on
** any error the graph is left as it was, except that with FLAMEGRAPH_NOMEM
** or FLAMEGRAPH_TOOBIG some frames of the stack may have been made (with
** no weight).  Not for a differential graph (it would add to after). */
int flamegraph_add(FlameGraph *g, const char *z, size_t n, double w);

/* Add the weights before and after to stack z[0..n) of a differential
** graph; both zero adds nothing.  The codes and rules of flamegraph_add(),
** for either weight (flamegraph_weight_check() tells which is wrong). */
int flamegraph_add_diff(FlameGraph *g, const char *z, size_t n, double before, double after);

/* Render the SVG.  zTitle[0..nTitle) is the title, any bytes (a NUL or
** another character XML cannot hold shows as "?", as in a frame's name),
** or NULL for the default; minWidth in pixels (see above);
** nMax the longest the SVG may be, in bytes (SQLite's length limit;
** SIZE_MAX: no limit).  Returns FLAMEGRAPH_OK and a malloc()ed
** NUL-terminated string in *pz (length *pn, at most nMax),
** FLAMEGRAPH_NOMEM, FLAMEGRAPH_MINWIDTH_BAD, FLAMEGRAPH_TOOLONG (writing
** stops as soon as the text would pass nMax: a graph of a million
** full-width frames is some 150 MB of SVG, which is not built to be
** refused), or FLAMEGRAPH_OVERFLOW when a position or share would not be
** a finite number (no NaN or infinity is ever written into the SVG).
** Numbers are written with '.' whatever the locale. */
int flamegraph_render(const FlameGraph *g, const char *zTitle, size_t nTitle, double minWidth, size_t nMax,
                      char **pz, size_t *pn);

void flamegraph_free(FlameGraph *g);

#endif

/*
** flamegraph.h: folded stacks in, a self-contained SVG flame graph out.
** Plain C, no SQLite (sql_functions.c wraps it as the aggregate
** flamegraph(stack, weight [, title])).
**
**   FlameGraph *g = flamegraph_new();
**   flamegraph_add(g, "main;parse;lex", 5, 120.0);   // stack, its length, weight
**   ...
**   char *zSvg; size_t nSvg;
**   flamegraph_render(g, "title", &zSvg, &nSvg);      // malloc()ed, caller frees
**   flamegraph_free(g);
**
** Stacks are frame names joined with ';' (flamegraph.pl's folded format),
** outermost first.  Equal stacks add up.  Each distinct stack prefix is one
** frame, drawn as one <rect class="frame"> whose width is proportional to
** the total weight of the stacks under it; siblings are sorted by name, as
** flamegraph.pl does, and the root frame "all" spans the whole width.  Each
** frame has a <title> with its name, weight and share of the total, and a
** label truncated to fit.
*/
#ifndef TIMETRACE_FLAMEGRAPH_H
#define TIMETRACE_FLAMEGRAPH_H
#include <stddef.h>

/* Drawing: image width in pixels and the height of one frame. */
#define FLAMEGRAPH_WIDTH        1200
#define FLAMEGRAPH_FRAME_HEIGHT 16
/* Frames (distinct stack prefixes) one graph may hold. */
#define FLAMEGRAPH_MAX_FRAMES   2000000

typedef struct FlameGraph FlameGraph;

/* A new, empty graph, or NULL when out of memory. */
FlameGraph *flamegraph_new(void);

/* What flamegraph_add() and flamegraph_render() return. */
#define FLAMEGRAPH_OK        0
#define FLAMEGRAPH_NOMEM     1   /* out of memory */
#define FLAMEGRAPH_TOOBIG    2   /* more than FLAMEGRAPH_MAX_FRAMES frames */
#define FLAMEGRAPH_NEGATIVE  3   /* the weight is below zero */
#define FLAMEGRAPH_INFINITE  4   /* the weight is infinite or NaN */
#define FLAMEGRAPH_OVERFLOW  5   /* the total weight would not be finite */

/* Add weight w to stack z[0..n).  A weight of zero adds nothing (no frame
** is made for it).  Returns FLAMEGRAPH_OK, or one of the codes above; on
** any error the graph is left as it was, except that with FLAMEGRAPH_NOMEM
** or FLAMEGRAPH_TOOBIG some frames of the stack may have been made (with
** no weight). */
int flamegraph_add(FlameGraph *g, const char *z, size_t n, double w);

/* Render the SVG.  zTitle may be NULL.  Returns FLAMEGRAPH_OK and a
** malloc()ed NUL-terminated string in *pz (length *pn), FLAMEGRAPH_NOMEM,
** or FLAMEGRAPH_OVERFLOW when a position or share would not be a finite
** number (no NaN or infinity is ever written into the SVG). */
int flamegraph_render(const FlameGraph *g, const char *zTitle, char **pz, size_t *pn);

void flamegraph_free(FlameGraph *g);

#endif

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

/* Add weight w to stack z[0..n).  Weights that are not positive and
** finite are ignored.  Returns 0, 1 when out of memory, 2 when the graph
** would exceed FLAMEGRAPH_MAX_FRAMES. */
int flamegraph_add(FlameGraph *g, const char *z, size_t n, double w);

/* Render the SVG.  zTitle may be NULL.  Returns 0 and a malloc()ed
** NUL-terminated string in *pz (length *pn), or 1 when out of memory. */
int flamegraph_render(const FlameGraph *g, const char *zTitle, char **pz, size_t *pn);

void flamegraph_free(FlameGraph *g);

#endif

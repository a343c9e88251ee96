/*
** flamegraph_script.h: the JavaScript that makes a flame graph SVG
** explorable (click to zoom, reset, search with the matched share).
** Plain C, a constant; flamegraph_svg.c writes it into every SVG.
*/
#ifndef TIMETRACE_FLAMEGRAPH_SCRIPT_H
#define TIMETRACE_FLAMEGRAPH_SCRIPT_H

/* The script's lines, each ending in '\n', then a NULL; it expects a
** global fgConfig (see flamegraph_script.c) written before it. */
extern const char *const flamegraph_script[];

#endif

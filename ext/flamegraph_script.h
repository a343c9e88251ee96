/*
** flamegraph_script.h: the JavaScript that makes a flame graph SVG
** explorable (click to zoom, reset, search with the matched share).
** Plain C, a constant; flamegraph_svg.c writes it into every SVG.
*/
#ifndef TIMETRACE_FLAMEGRAPH_SCRIPT_H
#define TIMETRACE_FLAMEGRAPH_SCRIPT_H

/* The script's text, NUL-terminated; it expects a global fgConfig (see
** flamegraph_script.c) written before it. */
extern const char flamegraph_script[];

#endif

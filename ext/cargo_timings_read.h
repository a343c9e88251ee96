/*
** cargo_timings_read.h: the units of a cargo timings page, read in plain
** C (no SQLite).  cargo build --timings writes
** target/cargo-timings/cargo-timing-<time>-<hash>.html (and a copy of the
** newest as cargo-timing.html); the page embeds its data as JavaScript:
**
**   const UNIT_DATA = [ {"i": 0, "name": "cfg-if", "version": "1.0.0",
**     "mode": "todo", "target": "", "features": [], "start": 0.62,
**     "duration": 0.39, "unblocked_units": [], "unblocked_rmeta_units": [],
**     "sections": [["frontend", {"start": 0.0, "end": 0.3}], ...]}, ... ];
**
** This reader finds `UNIT_DATA =`, parses the JSON array after it (its own
** strict JSON parser: RFC 8259, strings checked as UTF-8, a nesting limit)
** and gives one CargoUnit per element.  The rest of the page is not read.
**
**   CargoTimings t;
**   char zErr[CARGO_TIMINGS_ERRMSG_MAX];
**   int rc = cargo_timings_read("cargo-timing.html", &t, zErr, sizeof zErr);
**   rc == CARGO_TIMINGS_OK: t.aUnit[0..t.nUnit)
**   rc == CARGO_TIMINGS_ERROR: zErr says what is wrong ("byte 1234: ...")
**   rc == CARGO_TIMINGS_NOMEM: out of memory
**   cargo_timings_free(&t);    (always; t is empty after an error)
**
** Memory: the file's bytes (at most CARGO_TIMINGS_MAX_FILE; a gzip file
** is inflated, trace_source.c) and the units' texts, no more.
*/
#ifndef TIMETRACE_CARGO_TIMINGS_READ_H
#define TIMETRACE_CARGO_TIMINGS_READ_H
#include <stddef.h>
#include <stdint.h>

#define CARGO_TIMINGS_OK     0
#define CARGO_TIMINGS_ERROR  1
#define CARGO_TIMINGS_NOMEM  2

#define CARGO_TIMINGS_ERRMSG_MAX  512
#define CARGO_TIMINGS_MAX_FILE    ((size_t)1 << 30)  /* a page of more bytes is an error */
#define CARGO_TIMINGS_MAX_DEPTH   64                 /* JSON nesting below UNIT_DATA */
#define CARGO_TIMINGS_MAX_NUMBER  400                /* characters in one JSON number */

/* One element of UNIT_DATA.  Texts are malloc()ed, NUL-terminated, NULL
** when the key is absent or null; the b* flags say whether a number was
** given. */
typedef struct CargoUnit {
  int bIndex;            /* "i" was given */
  int64_t iIndex;        /* "i": the unit's index, what unblocked_units name */
  char *zName;           /* "name": the package name (cfg-if) */
  char *zVersion;        /* "version" */
  char *zMode;           /* "mode" (todo, run-custom-build, ...) */
  char *zTarget;         /* "target" as cargo writes it ("", " build-script", ...) */
  int bStart;            /* "start" was a number */
  double rStart;         /* "start": seconds since the build began */
  int bDuration;         /* "duration" was a number */
  double rDuration;      /* "duration": seconds */
  int bRmeta;            /* rRmeta is known */
  double rRmeta;         /* "rmeta_time", else the end of the "frontend" section */
  char *zSections;       /* "sections": compact JSON text */
  char *zFeatures;       /* "features": compact JSON text */
  char *zUnblocked;      /* "unblocked_units": compact JSON text */
  char *zUnblockedRmeta; /* "unblocked_rmeta_units": compact JSON text */
  char *zUnit;           /* the unit as trace_events names it (cargo_timings_unit) */
} CargoUnit;

typedef struct CargoTimings {
  CargoUnit *aUnit;      /* the units in page order (malloc()ed) */
  int nUnit;             /* how many */
} CargoTimings;

/* Read the page at zPath (plain or gzip).  See above.  The message in
** zErr does not name the file. */
int cargo_timings_read(const char *zPath, CargoTimings *pOut, char *zErr, size_t nErr);

/* The same on the page's bytes a[0..n). */
int cargo_timings_parse(const unsigned char *a, size_t n, CargoTimings *pOut, char *zErr, size_t nErr);

/* Free what pOut holds and empty it.  An empty CargoTimings is a no-op. */
void cargo_timings_free(CargoTimings *pOut);

/* The compilation unit of a timings unit, as trace_events' unit column
** names the trace of the same compilation (README, cargo_timings):
**   a build script's compile (target " build-script")  -> <name>/build_script_build
**   its run (mode run-custom-build, target "... (run)")   -> <name>/build_script_build (run)
**   another target naming itself (` tally-cli "bin"`, ` bin "tally-cli"`)
**                                                         -> that name, '-' as '_'
**   a lib (target "")                                     -> zName, '-' as '_'
** Returns a malloc()ed string (the caller frees it), NULL when zName is
** NULL or out of memory (*pbNoMem set then). */
char *cargo_timings_unit(const char *zName, const char *zTarget, const char *zMode, int *pbNoMem);

#endif

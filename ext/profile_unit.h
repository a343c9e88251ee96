/*
** profile_unit.h: the compilation unit of a rustc self-profile file, named
** as trace_events names the unit of the same compilation's LLVM trace
** (trace_source_unit), so the two join.  Plain C, no SQLite.
**
**   char *zUnit = profile_unit(zPath, zCmd);   // malloc()ed, NULL: out of memory
**
** rustc names a profile "<crate>-<pid>.mm_profdata" in the folder
** -Zself-profile names, whatever the output, so the file name alone
** cannot tell a build script of serde from one of tokio.  The command
** line rustc records in the profile's metadata can: from --crate-name,
** --out-dir and -C extra-filename it rebuilds the path of the output
** ("<out-dir>/<crate><extra>", where rustc writes the LLVM trace too)
** and gives that path's unit:
**   --crate-name serde_json -C extra-filename=-d6da068819b03b25 --out-dir .../deps
**       -> serde_json
**   --crate-name build_script_build -C extra-filename=-f3d8f7b4fb78d9d3
**   --out-dir .../build/tokio-f3d8f7b4fb78d9d3       -> tokio/build_script_build
** Without both options (a plain `rustc x.rs`), the unit is the file's
** name without ".gz", ".mm_profdata" and the "-<pid>" rustc adds:
** x-4242.mm_profdata -> x.  The command line is split at spaces, as rustc
** joined it: an argument with a space in it cannot be told apart.
*/
#ifndef TIMETRACE_PROFILE_UNIT_H
#define TIMETRACE_PROFILE_UNIT_H

/* zCmd may be NULL (no metadata). */
char *profile_unit(const char *zPath, const char *zCmd);

#endif

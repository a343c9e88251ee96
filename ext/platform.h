/*
** platform.h: what differs between the systems timetrace builds on
** (Linux with glibc or musl, macOS).  Everything else is C11 and
** POSIX.1-2008: the Makefile compiles with -std=c11
** -D_POSIX_C_SOURCE=200809L, without _GNU_SOURCE, and tests/portability.sh
** checks that every C file in ext/ still does.
**
** A file that includes this header includes it first, before any system
** header, because of the feature-test macros.
*/
#ifndef TIMETRACE_PLATFORM_H
#define TIMETRACE_PLATFORM_H

/* Feature-test macros beyond POSIX.1-2008, and who needs them:
**  - Linux: big_array.c's mremap(2) and MREMAP_MAYMOVE are Linux's own
**    (glibc and musl alike) and declared only under _GNU_SOURCE; it asks
**    with TT_WANT_MREMAP.  Others get _DEFAULT_SOURCE: the BSD extensions
**    glob's GLOB_BRACE (trace_source.c), MAP_ANONYMOUS and madvise
**    (big_array.c), which glibc hides under _POSIX_C_SOURCE alone.
**  - macOS: _POSIX_C_SOURCE hides the system's own additions, among them
**    GLOB_BRACE and _SC_NPROCESSORS_ONLN (trace_options.c);
**    _DARWIN_C_SOURCE brings them back. */
#if defined(__linux__)
# if defined(TT_WANT_MREMAP) && !defined(_GNU_SOURCE)
#  define _GNU_SOURCE 1
# endif
# ifndef _DEFAULT_SOURCE
#  define _DEFAULT_SOURCE 1
# endif
#elif defined(__APPLE__)
# ifndef _DARWIN_C_SOURCE
#  define _DARWIN_C_SOURCE 1
# endif
#endif

/* The one symbol the library exports: the Makefile builds with
** -fvisibility=hidden (SQLite loads extensions with RTLD_GLOBAL, so any
** other global name could collide with another extension's). */
#if defined(_WIN32)
# define TT_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
# define TT_EXPORT __attribute__((visibility("default")))
#else
# define TT_EXPORT
#endif

/* A struct stat's modification time as a struct timespec. */
#if defined(__APPLE__)
# define TT_ST_MTIM(pSt) ((pSt)->st_mtimespec)
#else
# define TT_ST_MTIM(pSt) ((pSt)->st_mtim)
#endif

/* posix_fadvise is advice only; macOS has none. */
#if defined(__APPLE__)
# define posix_fadvise(fd, off, len, advice) ((void)(fd), (void)(off), (void)(len), (void)(advice), 0)
# define POSIX_FADV_SEQUENTIAL 0
# define POSIX_FADV_WILLNEED 0
#endif

/* glob(3) with GLOB_BRACE expands "{a,b}" (glibc, macOS, the BSDs).
** musl's glob has no GLOB_BRACE: trace_source.c passes 0 there, and a
** pattern's braces are then ordinary characters. */

#endif

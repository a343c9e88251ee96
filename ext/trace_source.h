/*
** trace_source.h: the bytes of one trace file, decompressed when it is gzip.
**
**   TraceSource *pSrc;
**   char zErr[TRACE_ERRMSG_MAX];
**   if( trace_source_open("t.json.gz", &pSrc, zErr, sizeof zErr) ) -> error in zErr
**   while( (n = trace_source_read(pSrc, aBuf, sizeof aBuf, zErr, sizeof zErr)) > 0 ) ...
**   n == 0 at the end, n < 0 on error (message in zErr)
**   trace_source_close(pSrc);
**
** "-" and "/dev/stdin" read standard input.  Standard input and any file
** that is not a regular file (a pipe, /dev/fd/N, a FIFO, a device) can be
** opened once per process: the second trace_source_open is an error that
** says to save the trace to a file.  Gzip is recognised by its magic
** bytes (1f 8b), not by the file name, and is inflated in a fixed-size
** window, so memory does not depend on the file.  No SQLite in here.
*/
#ifndef TIMETRACE_TRACE_SOURCE_H
#define TIMETRACE_TRACE_SOURCE_H
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

/* Room for every error message the reader and the source write. */
#define TRACE_ERRMSG_MAX 512

/* How the tables' error messages quote a path (text_shown() in
** text_buf.h): at most TRACE_SHOWN_PATH characters, in a buffer of
** TRACE_SHOWN_PATH_SIZE bytes (a path of bytes that are not UTF-8, each
** shown as \xHH, is cut sooner).  A reader's message, which may hold a
** path of its own, is passed through text_shown() whole into a buffer
** of TRACE_SHOWN_MSG_SIZE bytes. */
#define TRACE_SHOWN_PATH 200
#define TRACE_SHOWN_PATH_SIZE 512
#define TRACE_SHOWN_MSG_SIZE (2*TRACE_ERRMSG_MAX)

typedef struct TraceSource TraceSource;

/* Open zPath.  On success returns 0 and *ppSrc owns an open source (free it
** with trace_source_close).  On failure returns non-zero, *ppSrc is NULL and
** zErr holds "cannot open: <reason>" or similar, without the file name. */
int trace_source_open(const char *zPath, TraceSource **ppSrc, char *zErr, size_t nErr);

/* trace_source_open, and while opening and reading, ask xStop(pStopCtx)
** (when not NULL) whether to stop: a FIFO with no writer is then opened
** without blocking and waited for, as is any read of a FIFO or pipe, in
** slices of TRACE_SOURCE_WAIT_MS; when xStop returns non-zero the open or
** the read fails with the message "interrupted".  Called on the thread
** that opens and reads. */
#define TRACE_SOURCE_WAIT_MS 50
int trace_source_open_stop(const char *zPath, int (*xStop)(void*), void *pStopCtx,
                           TraceSource **ppSrc, char *zErr, size_t nErr);

/* 1 if zPath can be read only once (trace_source_open): standard input,
** a pipe, a FIFO, a socket or a device.  Does not open it. */
int trace_source_one_pass(const char *zPath);

/* Read up to nBuf decompressed bytes into aBuf.  Returns the number read,
** 0 at the end of the data, or -1 with a message in zErr. */
long trace_source_read(TraceSource *pSrc, unsigned char *aBuf, size_t nBuf, char *zErr, size_t nErr);

/* 1 if the source is gzip-compressed (known after the first read). */
int trace_source_is_gzip(const TraceSource *pSrc);

/* Close the file (unless it is standard input) and free pSrc.  NULL is a no-op. */
void trace_source_close(TraceSource *pSrc);

/* The files a trace_events argument names, in the order they are read:
**   - an existing file (or "-" / "/dev/stdin"): just that;
**   - a directory: every *.json and *.json.gz directly inside it (and
**     below it: trace_source_expand_ex);
**   - otherwise, when it has a "*", "?", "[" or "{", a glob(3) pattern with
**     braces (e.g. "target/release/deps/ *.llvm_timings.json", "f{1,2}.json").
** Lists are sorted by byte order of the path.  Returns 0 with *pazFile a
** malloc()ed array of *pnFile malloc()ed paths (free with
** trace_source_free_list), or non-zero with a message in zErr (a pattern
** that matches nothing, an empty directory, an unreadable directory, which
** the message names). */
int trace_source_expand(const char *zArg, char ***pazFile, int *pnFile, char *zErr, size_t nErr);
void trace_source_free_list(char **azFile, int nFile);

/* trace_source_expand with options (mFlags, TRACE_EXPAND_*):
**   TRACE_EXPAND_RECURSIVE   a directory argument lists the *.json and
**       *.json.gz files of its subdirectories too, at any depth down to
**       TRACE_EXPAND_MAX_DEPTH levels (CMake nests traces in
**       CMakeFiles/<target>.dir/<source dirs>/); links to directories are
**       not followed (no loops), links to files are listed;
**   TRACE_EXPAND_SKIP_NONTRACE  a listed file whose first event is not an
**       event (the reader's "not a trace: ..." error: compile_commands.json,
**       CMake's and other tools' JSON) is left out of the list; standard
**       input and pipes are not looked at (they can be read once).  Any
**       other error in a file (cannot open, invalid JSON, empty) leaves it
**       in the list, where reading it gives the error.
** The files left out go to *pazSkip, *pnSkip (when pazSkip is not NULL;
** free with trace_source_free_list), two entries each, in list order: its
** path, then the reader's reason ("byte 59: not a trace: ...").  A list that ends up empty is an error that says how many
** files were left out. */
#define TRACE_EXPAND_RECURSIVE      0x01
#define TRACE_EXPAND_SKIP_NONTRACE  0x02
#define TRACE_EXPAND_SELF_PROFILE   0x04  /* a directory lists *.mm_profdata and
                                          ** *.mm_profdata.gz files instead (self_profile) */
#define TRACE_EXPAND_MAX_DEPTH      64
int trace_source_expand_ex(const char *zArg, int mFlags, char ***pazFile, int *pnFile,
                           char ***pazSkip, int *pnSkip, char *zErr, size_t nErr);

/* A regular file as stat(2) sees it: what tells that two reads of one
** path read the same file (a rebuild replaces or rewrites traces). */
typedef struct TraceFileId {
  int bKnown;             /* 0: not a regular file, or no stat (nothing to compare) */
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
} TraceFileId;

/* The identity of a stat result, or of the file at zPath now. */
void trace_file_id_of(const struct stat *pSt, TraceFileId *pId);
void trace_file_id(const char *zPath, TraceFileId *pId);

/* Are a and b the same file, unchanged?  0 when either is not known. */
int trace_file_id_same(const TraceFileId *a, const TraceFileId *b);

/* The compilation unit of a trace file, from its path (README "Units"):
**   deps/serde_json-d6da068819b03b25.llvm_timings.json.gz -> serde_json
**   build/tokio-f3d8f7b4fb78d9d3/build_script_build-f3d8f7b4fb78d9d3.llvm_timings.json
**                                                          -> tokio/build_script_build
**   build/lock_api-d226361e1946e530/out/probe0.llvm_timings.json -> lock_api/probe0
**   tiny.llvm_timings.json -> tiny;   json_catalog.json -> json_catalog;   - -> -
** Returns a malloc()ed string, NULL when out of memory. */
char *trace_source_unit(const char *zPath);

#endif

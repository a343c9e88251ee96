/*
** trace_options.c: the options argument of trace_events and
** trace_metadata ('threads=2,since=2026-12-05 09:30'), and what a cursor
** asks of a file beyond its events: its modification time (the mtime
** column, since=TIME), and that a file read twice by one statement is the
** same file; and the list of files the argument names, as the options
** 'recursive=1' and 'skip=nontrace' want it (tracecurExpand).  Part of the
** virtual table (trace_table.h).
*/
#include "platform.h"

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "text_buf.h"
#include "trace_table.h"

/* The number of online CPUs, at least 1 and at most TEV_MAX_THREADS. */
int trace_online_cpus(void){
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n<1 ? 1 : n>TEV_MAX_THREADS ? TEV_MAX_THREADS : (int)n;
}

/* The options' names and ranges, for error messages. */
#define TEV_OPTIONS_HELP "the options are threads=N (N from 1 to %d; default: the number of online CPUs), " \
                         "piece=BYTES (%d to %d), lexer=fast|yajl, since=TIME, partial=0|1, recursive=0|1, " \
                         "skip=nontrace|none and frames=name|detail|generic"

/* The option zOpt (nOpt bytes, "name=value"), whose value starts at zVal,
** as a whole number from iLo to iHi into *piOut.  Only digits: no sign, no
** space, no other character, at least one digit; no wrap-around.  Returns
** SQLITE_OK, or an error naming the option and the range. */
int trace_option_whole(const char *zVal, const char *zEnd, int iLo, int iHi, int *piOut){
  const char *z;
  sqlite3_int64 v = 0;
  for(z=zVal; z<zEnd && *z>='0' && *z<='9'; z++){
    if( v<=iHi ) v = v*10 + (*z - '0');   /* past iHi it is out of range anyway */
  }
  if( z==zVal || z!=zEnd || v<iLo || v>iHi ) return 0;
  *piOut = (int)v;
  return 1;
}

/* Characters of an option an error message shows (text_shown: escaped,
** a longer one cut with "..."), and the bytes that may take: fewer than
** TRACE_SHOWN_PATH, since tracecurError shows its zWhere again, as it
** would a path (an escape \xHH is 4 characters then), and must not cut
** it a second time. */
#define TEV_SHOWN_OPTION 60
#define TEV_SHOWN_OPTION_SIZE 160

/* The error "option <zOpt>: <zMsg>" for option zOpt (nOpt bytes), or
** "option '<zOpt>': <zMsg>" when bQuote. */
static int tracecurOptionMsg(TraceCursor *pCur, const char *zOpt, int nOpt, int bQuote, const char *zMsg){
  char aShown[TEV_SHOWN_OPTION_SIZE], zWhere[TEV_SHOWN_OPTION_SIZE + 16];
  text_shown(zOpt, (size_t)nOpt, TEV_SHOWN_OPTION, aShown, sizeof(aShown));
  snprintf(zWhere, sizeof(zWhere), "option %s%s%s", bQuote ? "'" : "", aShown, bQuote ? "'" : "");
  return tracecurError(pCur, zWhere, zMsg);
}

static int tracecurOptionInt(TraceCursor *pCur, const char *zOpt, int nOpt, const char *zVal,
                             int iLo, int iHi, int *piOut){
  char zMsg[80];
  if( trace_option_whole(zVal, zOpt + nOpt, iLo, iHi, piOut) ) return SQLITE_OK;
  snprintf(zMsg, sizeof(zMsg), "must be a whole number from %d to %d", iLo, iHi);
  return tracecurOptionMsg(pCur, zOpt, nOpt, 0, zMsg);
}

/* The error "option <zOpt>: <zMsg>" for option zOpt (nOpt bytes). */
static int tracecurOptionError(TraceCursor *pCur, const char *zOpt, int nOpt, const char *zMsg){
  return tracecurOptionMsg(pCur, zOpt, nOpt, 0, zMsg);
}

/* The option since=TIME (zOpt, nOpt bytes; the time starts at zVal) into
** zSince, in the form of the mtime column so that the two compare as
** text: "YYYY-MM-DD", then optionally " HH:MM", ":SS", ".SSS" (a "T" for
** the space is fine).  What is not given counts as zero. */
/* The number of the 2 digits at z (checked to be digits). */
static int two_digits(const char *z){
  return (z[0] - '0')*10 + (z[1] - '0');
}

/* Is the time z (n bytes, in zShape's form) one SQLite's datetime() reads:
** month 1 to 12, day 1 to 31, hour to 23, minute and second to 59?  (It
** rolls 2001-02-30 over to March, so a day up to 31 is a time.) */
static int since_in_range(const char *z, int n){
  int m = two_digits(z + 5), d = two_digits(z + 8);
  if( m<1 || m>12 || d<1 || d>31 ) return 0;
  if( n>=16 && (two_digits(z + 11)>23 || two_digits(z + 14)>59) ) return 0;
  if( n>=19 && two_digits(z + 17)>59 ) return 0;
  return 1;
}

static int tracecurOptionSince(TraceCursor *pCur, const char *zOpt, int nOpt, const char *zVal){
  static const char zShape[] = "9999-99-99 99:99:99.999";
  static const int aLen[] = { 10, 16, 19, 23 };
  int n = (int)(zOpt + nOpt - zVal), i, bOk = 0;
  for(i=0; i<4; i++) bOk |= n==aLen[i];
  for(i=0; bOk && i<n; i++){
    char c = zVal[i];
    if( zShape[i]=='9' ) bOk = c>='0' && c<='9';
    else if( i==10 ) bOk = c==' ' || c=='T';
    else bOk = c==zShape[i];
  }
  if( bOk && since_in_range(zVal, n) ){
    memcpy(pCur->zSince, "0000-00-00 00:00:00.000", 24);
    memcpy(pCur->zSince, zVal, (size_t)n);
    pCur->zSince[10] = ' ';
    return SQLITE_OK;
  }
  return tracecurOptionError(pCur, zOpt, nOpt, "must be a time in UTC as SQLite writes it: YYYY-MM-DD, "
                             "YYYY-MM-DD HH:MM, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD HH:MM:SS.SSS");
}

/* The second argument, a comma-separated list of options (spaces before
** an option are skipped; a trailing comma is fine):
**   threads=N      worker threads of a scan (1 to TEV_MAX_THREADS)
**   piece=BYTES    size of the pieces a parallel scan cuts a file into
**                  (TEV_MIN_PIECE to TEV_MAX_PIECE; tests use small ones)
**   lexer=fast|yajl  yajl: no fast path (event_reader.c), for comparisons
**   since=TIME     read only the files modified at or after TIME (UTC,
**                  "2026-12-05 09:30" or longer; tracecurOptionSince)
**   partial=0|1    1: a file whose scan stops on an error in its bytes ends
**                  there (tracecurFileEnd); 0, the default: the error fails
**                  the statement
**   recursive=0|1  1: a directory argument lists its subdirectories' traces
**                  too (tracecurExpand)
**   skip=nontrace|none  nontrace: files of the list whose first event is not
**                  an event are left out, each named in SQLite's log; none,
**                  the default: such a file is an error
**   frames=name|detail|generic  the frames of the stack column: the
**                  slices' names (the default), or each name with its
**                  args.detail demangled ("OptFunction tiny::main"),
**                  generic: without generic arguments (tree_frames.h)
** Anything else is an error that names the option. */
int tracecurSetOptions(TraceCursor *pCur, const char *z){
  while( *z ){
    const char *zComma, *zEq;
    int nOpt, rc = SQLITE_OK;
    while( *z==' ' ) z++;
    zComma = strchr(z, ',');
    nOpt = zComma ? (int)(zComma - z) : (int)strlen(z);
    zEq = memchr(z, '=', (size_t)nOpt);
    if( zEq && zEq-z==7 && strncmp(z, "threads", 7)==0 ){
      rc = tracecurOptionInt(pCur, z, nOpt, zEq + 1, 1, TEV_MAX_THREADS, &pCur->nThread);
    }else if( zEq && zEq-z==5 && strncmp(z, "piece", 5)==0 ){
      rc = tracecurOptionInt(pCur, z, nOpt, zEq + 1, TEV_MIN_PIECE, TEV_MAX_PIECE, &pCur->nPiece);
    }else if( zEq && zEq-z==5 && strncmp(z, "since", 5)==0 ){
      rc = tracecurOptionSince(pCur, z, nOpt, zEq + 1);
    }else if( zEq && zEq-z==5 && strncmp(z, "lexer", 5)==0 ){
      if( nOpt==10 && (strncmp(z, "lexer=yajl", 10)==0 || strncmp(z, "lexer=fast", 10)==0) ){
        pCur->bYajlOnly = z[6]=='y';
      }else{
        rc = tracecurOptionError(pCur, z, nOpt, "must be fast or yajl");
      }
    }else if( zEq && zEq-z==7 && strncmp(z, "partial", 7)==0 ){
      if( nOpt==9 && (z[8]=='0' || z[8]=='1') ){
        pCur->bPartial = z[8]=='1';
      }else{
        rc = tracecurOptionError(pCur, z, nOpt, "must be 0 or 1");
      }
    }else if( zEq && zEq-z==9 && strncmp(z, "recursive", 9)==0 ){
      if( nOpt==11 && (z[10]=='0' || z[10]=='1') ){
        pCur->mExpand = (pCur->mExpand & ~TRACE_EXPAND_RECURSIVE) | (z[10]=='1' ? TRACE_EXPAND_RECURSIVE : 0);
      }else{
        rc = tracecurOptionError(pCur, z, nOpt, "must be 0 or 1");
      }
    }else if( zEq && zEq-z==4 && strncmp(z, "skip", 4)==0 ){
      if( (nOpt==13 && strncmp(z, "skip=nontrace", 13)==0) || (nOpt==9 && strncmp(z, "skip=none", 9)==0) ){
        pCur->mExpand = (pCur->mExpand & ~TRACE_EXPAND_SKIP_NONTRACE) | (nOpt==13 ? TRACE_EXPAND_SKIP_NONTRACE : 0);
      }else{
        rc = tracecurOptionError(pCur, z, nOpt, "must be nontrace or none");
      }
    }else if( zEq && zEq-z==6 && strncmp(z, "frames", 6)==0 ){
      if( nOpt==11 && strncmp(z, "frames=name", 11)==0 ){
        pCur->mFrames = 0;
      }else if( nOpt==13 && strncmp(z, "frames=detail", 13)==0 ){
        pCur->mFrames = CALL_TREE_DETAIL_FRAMES;
      }else if( nOpt==14 && strncmp(z, "frames=generic", 14)==0 ){
        pCur->mFrames = CALL_TREE_GENERIC_FRAMES;
      }else{
        rc = tracecurOptionError(pCur, z, nOpt, "must be name, detail or generic");
      }
    }else if( nOpt>0 || zComma ){
      char zMsg[320];
      snprintf(zMsg, sizeof(zMsg), "unknown: " TEV_OPTIONS_HELP, TEV_MAX_THREADS, TEV_MIN_PIECE, TEV_MAX_PIECE);
      rc = tracecurOptionMsg(pCur, z, nOpt, 1, zMsg);
    }
    if( rc!=SQLITE_OK ) return rc;
    z += nOpt;
    if( *z==',' ) z++;
  }
  return SQLITE_OK;
}

/* The modification time of regular file zFile as SQLite writes times,
** "YYYY-MM-DD HH:MM:SS.SSS" in UTC, into zOut; "" for standard input, a
** pipe or anything else that is not a regular file. */
void trace_file_mtime(const TraceFileId *pId, char zOut[32]){
  struct tm tm;
  zOut[0] = 0;
  if( !pId->bKnown || gmtime_r(&pId->mtime.tv_sec, &tm)==0 ) return;
  if( tm.tm_year<-1900 || tm.tm_year>9999-1900 ) return;     /* not a time SQLite can read */
  snprintf(zOut, 32, "%04d-%02d-%02d %02d:%02d:%02d.%03d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
           tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100,
           (int)(pId->mtime.tv_nsec/1000000) % 1000);
}

/* A statement that reads a file twice (the call tree, then the rows; the
** rows, then the tree of its B/E events; a lookup's index and tree) must
** read the same file twice: a rebuild that replaces the trace in between
** would otherwise give rows of one file with tree columns of the other. */
int tracecurSameFile(TraceCursor *pCur, const char *zFile, const TraceFileId *pId){
  TraceFileId now;
  if( !pId->bKnown ) return SQLITE_OK;
  trace_file_id(zFile, &now);
  if( trace_file_id_same(&now, pId) ) return SQLITE_OK;
  return tracecurError(pCur, zFile, "the file changed between the two reads this statement makes of it "
                                    "(for the call tree and for the rows): run the statement again");
}

/* Is a file whose mtime column is zMtime modified at or after
** 'since=TIME'?  Standard input and pipes have no time ("": they are
** being written now). */
int tracecurFileRecent(const TraceCursor *pCur, const char *zMtime){
  return pCur->zSince[0]==0 || zMtime[0]==0 || strcmp(zMtime, pCur->zSince)>=0;
}


/* The files of the cursor's argument into pCur->azFile, pCur->nFile, as
** its options want them (trace_source_expand_ex): with 'skip=nontrace',
** each file left out is named in SQLite's log (SQLITE_WARNING, as
** partial=1 reports its stops) with the reader's reason.  The options'
** bits are reset, so a later xFilter without options lists plainly.
** Returns 0, or non-zero with a message in zErr. */
int tracecurExpand(TraceCursor *pCur, char *zErr, size_t nErr){
  char **azSkip = 0;
  int nSkip = 0, i;
  int mFlags = pCur->mExpand;
  pCur->mExpand = 0;
  if( trace_source_expand_ex(pCur->zArg, mFlags, &pCur->azFile, &pCur->nFile, &azSkip, &nSkip, zErr, nErr) ){
    return 1;
  }
  for(i=0; i+1<nSkip; i+=2){
    sqlite3_log(SQLITE_WARNING, "%s: skip=nontrace left out %s: %s", tracecurTableName(pCur), azSkip[i], azSkip[i+1]);
  }
  if( ((TraceTable*)pCur->base.pVtab)->bMeta ){
    pCur->azSkipped = azSkip;       /* trace_metadata's rows key 'skipped' */
    pCur->nSkipped = nSkip;
  }else{
    trace_source_free_list(azSkip, nSkip);
  }
  return 0;
}

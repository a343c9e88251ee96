/*
** yajl_baseline.c: the single-thread ceiling for parsing a trace with yajl.
**
**   yajl_baseline FILE [CHUNK]
**
** Parses FILE with yajl 2 in CHUNK-byte reads (default 65536) with every
** callback present and empty (numbers through yajl_integer/yajl_double, as
** a plain yajl user would), and prints the number of bytes and top-level
** array elements seen.  make bench compares timetrace's scan with it.
*/
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

static long long nDepth, nEvents;
static int cb_null(void *p){ (void)p; return 1; }
static int cb_bool(void *p, int b){ (void)p; (void)b; return 1; }
static int cb_int(void *p, long long v){ (void)p; (void)v; return 1; }
static int cb_double(void *p, double v){ (void)p; (void)v; return 1; }
static int cb_string(void *p, const unsigned char *z, size_t n){ (void)p; (void)z; (void)n; return 1; }
static int cb_key(void *p, const unsigned char *z, size_t n){ (void)p; (void)z; (void)n; return 1; }
static int cb_start_map(void *p){ (void)p; if( ++nDepth==3 ) nEvents++; return 1; }
static int cb_end_map(void *p){ (void)p; nDepth--; return 1; }
static int cb_start_array(void *p){ (void)p; nDepth++; return 1; }
static int cb_end_array(void *p){ (void)p; nDepth--; return 1; }

int main(int argc, char **argv){
  static const yajl_callbacks cb = {
    cb_null, cb_bool, cb_int, cb_double, 0, cb_string,
    cb_start_map, cb_key, cb_end_map, cb_start_array, cb_end_array
  };
  size_t nChunk = argc>2 ? (size_t)atol(argv[2]) : 65536;
  unsigned char *aBuf = malloc(nChunk);
  long long nByte = 0;
  yajl_handle h;
  int fd;
  ssize_t n;
  if( argc<2 || aBuf==0 ){ fprintf(stderr, "usage: yajl_baseline FILE [CHUNK]\n"); return 2; }
  fd = open(argv[1], O_RDONLY);
  if( fd<0 ){ perror(argv[1]); return 1; }
  h = yajl_alloc(&cb, 0, 0);
  if( h==0 ) return 1;
  while( (n = read(fd, aBuf, nChunk))>0 ){
    nByte += n;
    if( yajl_parse(h, aBuf, (size_t)n)!=yajl_status_ok ){ fprintf(stderr, "parse error\n"); return 1; }
  }
  if( n<0 || yajl_complete_parse(h)!=yajl_status_ok ){ fprintf(stderr, "parse error at end\n"); return 1; }
  printf("%lld bytes, %lld objects at depth 3\n", nByte, nEvents);
  yajl_free(h);
  free(aBuf);
  close(fd);
  return 0;
}

/*
** unit_files.h: writing test inputs, plain or gzip-compressed, for the
** unit tests that read files (test_event_index.c, test_stop.c).  Any
** failure ends the test program: the input is needed.
*/
#ifndef TIMETRACE_UNIT_FILES_H
#define TIMETRACE_UNIT_FILES_H
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

static inline void unit_write_file(const char *zPath, const char *z, size_t n, int bGzip){
  if( bGzip ){
    gzFile g = gzopen(zPath, "wb");
    if( g==0 || gzwrite(g, z, (unsigned)n)!=(int)n || gzclose(g)!=Z_OK ){ fprintf(stderr, "gz write\n"); exit(2); }
  }else{
    FILE *f = fopen(zPath, "wb");
    if( f==0 || fwrite(z, 1, n, f)!=n || fclose(f)!=0 ){ fprintf(stderr, "write\n"); exit(2); }
  }
}

#endif

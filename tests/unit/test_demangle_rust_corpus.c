/*
** test_demangle_rust_corpus.c: the Rust demangler against rustfilt on every
** line of the symbol corpora, in both modes, with no exception list.
**
** Format of the data (TT_DATA, default build/testdata; tests/data/prepare.sh
** fills it): each line of a .tsv is
**     mangled <TAB> rustfilt output <TAB> rustfilt -h output
** where the outputs are what Debian's rustfilt 0.2.1 printed for the line
** `mangled` on its standard input.  The files:
**   rust_symbols.tsv        126,683 lines from real rustc time traces
**                           (see /work/shared/corpus/gen/make.sh)
**   rust_symbols_extra.tsv  symbols of other crates (itertools, nom, rayon,
**                           smallvec, indexmap, unicode-segmentation, built
**                           with Debian's crate sources in both manglings),
**                           of a program that uses every v0 production, every
**                           prefix of 300 corpus symbols, and a few thousand
**                           generated and mutated symbols (hostile input)
** To add lines: put the inputs in a file, one per line, then
**     paste in.txt <(rustfilt < in.txt) <(rustfilt -h < in.txt)
** Each line is run through rust_demangle_text() in both modes.  The report
** has one check per file and mode, the count of lines that differ and the
** first few of them; any single difference fails.
**
** With --filter [-h] the program is a filter instead, like rustfilt [-h]:
** tests/oracle/rustfilt_extra.sh uses it to compare with rustfilt live.
*/
#include "demangle_rust.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How many differing lines are printed per file and mode. */
#define CORPUS_SHOW_MISMATCHES 5

/* Demangle z[0..n) as text: returns the result (malloc()ed, or NULL for
** "unchanged", which then means z itself) and its length. */
static const char *corpus_demangle(const char *z, size_t n, int bShowHash,
                                   char **pzFree, size_t *pnOut){
  char *zOut = 0;
  size_t nOut = 0;
  if( rust_demangle_text(z, n, bShowHash, &zOut, &nOut) ){
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  *pzFree = zOut;
  *pnOut = zOut ? nOut : n;
  return zOut ? zOut : z;
}

/* Counts for one file. */
typedef struct CorpusStats {
  size_t nLine;          /* lines read */
  size_t nBad[2];        /* lines that differ, per mode */
  double rSeconds[2];    /* time spent in rust_demangle_text, per mode */
} CorpusStats;

static double corpus_now(void){
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Check one line `mangled TAB plain TAB hash` (no newline) of zFile. */
static void corpus_line(const char *zFile, char *zLine, size_t nLine, CorpusStats *pStats){
  char *zTab1 = memchr(zLine, '\t', nLine), *zTab2;
  const char *azWant[2];
  size_t anWant[2], nIn;
  int bHash;
  pStats->nLine++;
  zTab2 = zTab1 ? memchr(zTab1 + 1, '\t', nLine - (size_t)(zTab1 + 1 - zLine)) : 0;
  if( zTab2==0 ){
    fprintf(stderr, "%s:%zu: not three columns\n", zFile, pStats->nLine);
    pStats->nBad[0]++; pStats->nBad[1]++;
    return;
  }
  nIn = (size_t)(zTab1 - zLine);
  azWant[0] = zTab1 + 1; anWant[0] = (size_t)(zTab2 - azWant[0]);
  azWant[1] = zTab2 + 1; anWant[1] = nLine - (size_t)(azWant[1] - zLine);
  for(bHash = 0; bHash < 2; bHash++){
    char *zFree;
    size_t nGot;
    double t0 = corpus_now();
    const char *zGot = corpus_demangle(zLine, nIn, bHash, &zFree, &nGot);
    pStats->rSeconds[bHash] += corpus_now() - t0;
    if( nGot!=anWant[bHash] || memcmp(zGot, azWant[bHash], nGot)!=0 ){
      if( pStats->nBad[bHash]++ < CORPUS_SHOW_MISMATCHES ){
        fprintf(stderr, "%s:%zu: rustfilt%s differs\n  in:   %.*s\n  got:  %.*s\n  want: %.*s\n",
                zFile, pStats->nLine, bHash ? " -h" : "", (int)nIn, zLine,
                (int)nGot, zGot, (int)anWant[bHash], azWant[bHash]);
      }
    }
    free(zFree);
  }
}

/* Check every line of $TT_DATA/zName; nWant is the number of lines the file
** must have (0: any), so that a cut-off file cannot pass. */
static void corpus_file(const char *zDir, const char *zName, size_t nWant){
  char zPath[4096];
  char *zLine = 0;
  size_t nAlloc = 0;
  ssize_t nRead;
  CorpusStats stats;
  FILE *f;
  int bHash;
  memset(&stats, 0, sizeof(stats));
  snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
  f = fopen(zPath, "rb");
  CHECK(f!=0);
  if( f==0 ){ fprintf(stderr, "cannot open %s (run sh tests/data/prepare.sh %s)\n", zPath, zDir); return; }
  while( (nRead = getline(&zLine, &nAlloc, f)) > 0 ){
    size_t n = (size_t)nRead;
    if( zLine[n-1]=='\n' ) n--;
    corpus_line(zName, zLine, n, &stats);
  }
  free(zLine);
  fclose(f);
  CHECK(nWant==0 || stats.nLine==nWant);
  if( nWant && stats.nLine!=nWant ){
    fprintf(stderr, "%s: %zu lines, expected %zu\n", zName, stats.nLine, nWant);
  }
  for(bHash = 0; bHash < 2; bHash++){
    CHECK(stats.nBad[bHash]==0);
    printf("%s: rustfilt%s: %zu of %zu lines equal, %zu differ (%.0f lines/s)\n",
           zName, bHash ? " -h" : "", stats.nLine - stats.nBad[bHash], stats.nLine,
           stats.nBad[bHash],
           stats.rSeconds[bHash] > 0 ? (double)stats.nLine / stats.rSeconds[bHash] : 0.0);
  }
}

/* --filter [-h]: demangle standard input line by line, like rustfilt. */
static int corpus_filter(int bShowHash){
  char *zLine = 0;
  size_t nAlloc = 0;
  ssize_t nRead;
  while( (nRead = getline(&zLine, &nAlloc, stdin)) > 0 ){
    char *zFree;
    size_t nOut;
    const char *zOut = corpus_demangle(zLine, (size_t)nRead, bShowHash, &zFree, &nOut);
    fwrite(zOut, 1, nOut, stdout);
    free(zFree);
  }
  free(zLine);
  return 0;
}

int main(int argc, char **argv){
  const char *zDir = getenv("TT_DATA");
  if( argc>1 && strcmp(argv[1], "--filter")==0 ){
    return corpus_filter(argc>2 && strcmp(argv[2], "-h")==0);
  }
  if( zDir==0 || zDir[0]==0 ) zDir = "build/testdata";
  corpus_file(zDir, "rust_symbols.tsv", 126683);
  corpus_file(zDir, "rust_symbols_extra.tsv", 46986);
  return unit_report();
}

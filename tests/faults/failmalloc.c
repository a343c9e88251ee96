/*
** failmalloc.c: an LD_PRELOAD shim that makes the Nth allocation of the
** extension fail (tests/faults/fault_test.py drives it).
**
** Which allocations count.  Every malloc, calloc and realloc made while
** the extension is on the call stack: the shim takes a backtrace() of the
** caller and counts the allocation when one of its return addresses lies
** in the extension's mapped range.  So the extension's own calls count,
** and so do those that yajl, zlib, PCRE2, libstdc++ and SQLite itself
** (sqlite3_malloc, sqlite3_result_text, ...) make on its behalf, in any
** thread (the parallel scan's workers start in the extension).  Allocations
** of the shell or of SQLite outside a call into the extension do not
** count.  The range is learnt in dlopen: the first object loaded whose
** path contains TT_FAIL_LIB (default "timetrace") is the extension.
**
** Environment:
**   TT_FAIL_AT=N      the Nth counted allocation returns NULL (1-based)
**   TT_FAIL_ONCE=1    only that one; otherwise every later one fails too
**   TT_FAIL_COUNT=F   at exit, write the number of counted allocations to F
**   TT_FAIL_LIB=S     the extension is the object whose path contains S
**   TT_FAIL_NOTE=F    at the first failure, write to F "glob" when glibc's
**                     glob() is on the stack (it double-frees then), else
**                     "other"
**   TT_FAIL_TRACE=1   print the stack of the first failure to stderr
**
** Under ASan the shim must come first in LD_PRELOAD (with
** ASAN_OPTIONS=verify_asan_link_order=0): it forwards to the next malloc,
** which is then ASan's, so leaks and bad accesses are still ASan's to find.
*/
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FRAMES 64

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void*, size_t);
static void (*real_free)(void*);
static void *(*real_dlopen)(const char*, int);

/* Allocations made before the real functions are known (dlsym may
** allocate): a bump area that is never freed. */
static _Alignas(16) char aBoot[8192];
static size_t nBoot;

static int bEnabled;          /* TT_FAIL_AT or TT_FAIL_COUNT is set */
static long iFailAt;          /* TT_FAIL_AT, 0 for none */
static int bFailOnce;         /* TT_FAIL_ONCE */
static const char *zCountFile;
static const char *zLib = "timetrace";
static const char *zNoteFile;
static int bTrace;
static atomic_uintptr_t extLo, extHi;   /* the extension's mapped range */
static atomic_long nCounted;            /* allocations counted so far */

/* Set while this thread is inside the shim (backtrace may allocate). */
static __thread int bInShim __attribute__((tls_model("initial-exec")));

static int in_boot(const void *p){
  return (const char*)p >= aBoot && (const char*)p < aBoot + sizeof(aBoot);
}

static void *boot_alloc(size_t n){
  void *p;
  n = (n + 15) & ~(size_t)15;
  if( n > sizeof(aBoot) - nBoot ) return 0;
  p = aBoot + nBoot;
  nBoot += n;
  return p;
}

static void resolve(void){
  static int bResolving;
  if( real_malloc || bResolving ) return;
  bResolving = 1;
  real_calloc = (void*(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
  real_realloc = (void*(*)(void*, size_t))dlsym(RTLD_NEXT, "realloc");
  real_free = (void(*)(void*))dlsym(RTLD_NEXT, "free");
  real_dlopen = (void*(*)(const char*, int))dlsym(RTLD_NEXT, "dlopen");
  real_malloc = (void*(*)(size_t))dlsym(RTLD_NEXT, "malloc");
  bResolving = 0;
}

__attribute__((constructor)) static void shim_init(void){
  const char *z;
  void *aFrame[4];
  resolve();
  z = getenv("TT_FAIL_AT");
  if( z && *z ) iFailAt = atol(z);
  z = getenv("TT_FAIL_ONCE");
  bFailOnce = z && *z=='1';
  zCountFile = getenv("TT_FAIL_COUNT");
  if( zCountFile && !*zCountFile ) zCountFile = 0;
  zNoteFile = getenv("TT_FAIL_NOTE");
  z = getenv("TT_FAIL_TRACE");
  bTrace = z && *z=='1';
  z = getenv("TT_FAIL_LIB");
  if( z && *z ) zLib = z;
  bEnabled = iFailAt>0 || zCountFile;
  /* backtrace() loads libgcc_s and allocates on its first call: now. */
  bInShim = 1;
  (void)backtrace(aFrame, 4);
  bInShim = 0;
}

__attribute__((destructor)) static void shim_fini(void){
  char zBuf[32];
  int fd, n;
  if( !zCountFile ) return;
  fd = open(zCountFile, O_WRONLY|O_CREAT|O_TRUNC, 0644);
  if( fd<0 ) return;
  n = snprintf(zBuf, sizeof(zBuf), "%ld\n", (long)atomic_load(&nCounted));
  if( write(fd, zBuf, (size_t)n)!=n ){ /* nothing to do */ }
  close(fd);
}

/* dl_iterate_phdr callback: find the extension, keep its range. */
static int find_ext(struct dl_phdr_info *p, size_t n, void *pArg){
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  int i;
  (void)n; (void)pArg;
  if( p->dlpi_name==0 || strstr(p->dlpi_name, zLib)==0 ) return 0;
  for(i=0; i<p->dlpi_phnum; i++){
    const ElfW(Phdr) *ph = &p->dlpi_phdr[i];
    if( ph->p_type!=PT_LOAD ) continue;
    if( p->dlpi_addr + ph->p_vaddr < lo ) lo = p->dlpi_addr + ph->p_vaddr;
    if( p->dlpi_addr + ph->p_vaddr + ph->p_memsz > hi ) hi = p->dlpi_addr + ph->p_vaddr + ph->p_memsz;
  }
  if( hi>lo ){
    atomic_store(&extLo, lo);
    atomic_store(&extHi, hi);
    return 1;
  }
  return 0;
}

void *dlopen(const char *zFile, int flags){
  void *h;
  resolve();
  h = real_dlopen(zFile, flags);
  if( h && bEnabled && atomic_load(&extHi)==0 ){
    bInShim = 1;
    dl_iterate_phdr(find_ext, 0);
    bInShim = 0;
  }
  return h;
}

/* The first failure: say where it is. */
static void note_failure(void **aFrame, int n){
  int i, bGlob = 0;
  if( bTrace ){
    static const char zHead[] = "failmalloc: the first failing allocation:\n";
    if( write(2, zHead, sizeof(zHead)-1)<0 ){ /* nothing to do */ }
    backtrace_symbols_fd(aFrame, n, 2);
  }
  if( zNoteFile ){
    int fd;
    for(i=0; i<n && !bGlob; i++){
      Dl_info info;
      if( dladdr(aFrame[i], &info) && info.dli_sname && info.dli_fname
       && strstr(info.dli_fname, "libc.so")
       && (strcmp(info.dli_sname, "glob")==0 || strcmp(info.dli_sname, "glob64")==0
           || strcmp(info.dli_sname, "__glob")==0 || strcmp(info.dli_sname, "__glob64")==0) ){
        bGlob = 1;
      }
    }
    fd = open(zNoteFile, O_WRONLY|O_CREAT|O_TRUNC, 0644);
    if( fd>=0 ){
      if( write(fd, bGlob ? "glob\n" : "other\n", bGlob ? 5 : 6)<0 ){ /* nothing to do */ }
      close(fd);
    }
  }
}

/* Is this allocation counted, and does it fail?  A failure sets errno to
** ENOMEM, as malloc does (glibc's pthread_create asserts that it is,
** after its calloc for a thread's TLS fails). */
static int should_fail(void){
  void *aFrame[MAX_FRAMES];
  uintptr_t lo, hi;
  int n, i, bIn = 0;
  long k;
  if( !bEnabled || bInShim ) return 0;
  hi = atomic_load(&extHi);
  if( hi==0 ) return 0;
  lo = atomic_load(&extLo);
  bInShim = 1;
  n = backtrace(aFrame, MAX_FRAMES);
  bInShim = 0;
  for(i=0; i<n && !bIn; i++){
    uintptr_t a = (uintptr_t)aFrame[i];
    bIn = a>=lo && a<hi;
  }
  if( !bIn ) return 0;
  k = atomic_fetch_add(&nCounted, 1) + 1;
  if( iFailAt<=0 || k<iFailAt ) return 0;
  if( k==iFailAt ){
    bInShim = 1;
    note_failure(aFrame, n);
    bInShim = 0;
    errno = ENOMEM;
    return 1;
  }
  if( bFailOnce ) return 0;
  errno = ENOMEM;
  return 1;
}

void *malloc(size_t n){
  if( !real_malloc ){
    resolve();
    if( !real_malloc ) return boot_alloc(n);
  }
  if( should_fail() ) return 0;
  return real_malloc(n);
}

void *calloc(size_t n, size_t sz){
  if( !real_calloc ){
    void *p;
    resolve();
    if( real_calloc==0 ){
      if( sz && n > SIZE_MAX/sz ) return 0;
      p = boot_alloc(n*sz);    /* static: already zeroed */
      return p;
    }
  }
  if( should_fail() ) return 0;
  return real_calloc(n, sz);
}

void *realloc(void *p, size_t n){
  if( p && in_boot(p) ){
    void *pNew = malloc(n);
    if( pNew ) memcpy(pNew, p, n < sizeof(aBoot) - (size_t)((char*)p - aBoot) ? n : sizeof(aBoot) - (size_t)((char*)p - aBoot));
    return pNew;
  }
  if( !real_realloc ){
    resolve();
    if( !real_realloc ) return 0;
  }
  if( n>0 && should_fail() ) return 0;
  return real_realloc(p, n);
}

void free(void *p){
  if( p==0 || in_boot(p) ) return;
  if( !real_free ){
    resolve();
    if( !real_free ) return;
  }
  real_free(p);
}

# portable.sh: sourced by tests/no_gnu.sh and tests/musl.sh (not a test).
# What "portable" means for ext/: C11 and POSIX.1-2008, no _GNU_SOURCE (a
# file that needs more asks for it in ext/platform.h), with the Makefile's
# warnings as errors.
PORT_CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -O2"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# compile_ext CC OUTDIR FLAGS...: every ext/*.c compiled on its own with
# PORT_CFLAGS and FLAGS, into OUTDIR/NAME.o; one check per file.
compile_ext() {
  cc=$1 outdir=$2; shift 2
  mkdir -p "$outdir"
  for f in ext/*.c; do
    o=$outdir/$(basename "$f" .c).o
    if out=$($cc $PORT_CFLAGS "$@" -DTIMETRACE_VERSION='"0"' -c -o "$o" "$f" 2>&1); then ok; else
      bad "$cc $PORT_CFLAGS $* -c $f"; echo "$out" | head -20 | sed 's/^/    /'; fi
  done
}

#!/bin/sh
# rust_chars_table.sh: ext/demangle_rust_chars_table.h is what
# tools/gen_rust_chars.py makes from Unicode 14.0.0 (Python's unicodedata
# and Perl's Unicode::UCD, the version of the Rust that built Debian's
# rustfilt): a hand edit or a stale table fails here.
# Prints "N passed, M failed".
cd "$(dirname "$0")/../.." || exit 2
if /usr/bin/python3 tools/gen_rust_chars.py --check; then
  echo "1 passed, 0 failed"
else
  echo "FAIL: ext/demangle_rust_chars_table.h differs from what tools/gen_rust_chars.py makes"
  echo "0 passed, 1 failed"
  exit 1
fi

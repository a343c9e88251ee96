# timetrace: a SQLite extension for compiler time traces.
#
#   make            build/timetrace.so (build/timetrace.dylib on macOS)
#   make deps       install the Debian packages needed to build and test
#   make demo       build, then print a short report on examples/tiny.llvm_timings.json.gz
#   make test       build, run every test, again under ASan+UBSan, print "N passed, N failed"
#   make install    copy the library to $(PREFIX)/lib (PREFIX=/usr/local: .load timetrace finds it)
#   make dist       build/dist/timetrace-VERSION-linux-x86_64.tar.gz: the library with yajl,
#                   PCRE2, zlib and libstdc++ linked in (needs only libc and libm), sql/, licences
#   make wheel      build/dist/timetrace-VERSION-py3-none-linux_x86_64.whl (timetrace.load(conn))
#   make npm        build/dist/timetrace-VERSION.tgz, an npm package (load(db), getLoadablePath())
#   make fuzz       build the libFuzzer targets (clang) into build/fuzz/
#   make bench      run the benchmarks in tests/bench/ (never part of make test)
#
# Sources: ext/*.c.  The files in SQLITE_SRCS talk to SQLite; every other
# file in ext/ is plain C (parsers, demanglers) and is linked into the unit
# tests and fuzzers on its own.

# The version: the file VERSION, and nowhere else (timetrace_version(),
# timetrace_debug(), the archive's, the wheel's and the npm package's names).
VERSION    := $(shell cat VERSION)
DEFAULT_PREFIX := /usr/local
PREFIX     ?= $(DEFAULT_PREFIX)
CC         ?= cc
PKG_CONFIG ?= pkg-config

# The platform: everything that differs between Linux and macOS.  The
# library is build/timetrace.so on Linux, build/timetrace.dylib on macOS
# (what SQLite's .load adds to a name without suffix on each).  On Linux
# -z defs makes a symbol left undefined a link error (the macOS linker does
# that by default); the extension gets SQLite through sqlite3_api, so
# nothing needs -undefined dynamic_lookup.  __cxa_demangle comes from
# libstdc++ on Linux, libc++ on macOS.
UNAME_S := $(shell uname -s)
ifeq ($(UNAME_S),Darwin)
SO          := dylib
SHARED      := -dynamiclib
NO_UNDEF    :=
CXX_LIB     := -lc++
else
SO          := so
SHARED      := -shared
NO_UNDEF    := -Wl,-z,defs
CXX_LIB     := -lstdc++
endif
LIB      := build/timetrace.$(SO)
ASAN_LIB := build/asan/timetrace.$(SO)

DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 yajl libpcre2-8 2>/dev/null)
# The extension gets its SQLite API through sqlite3_api, so it does not link
# libsqlite3; yajl, PCRE2 (8-bit) and zlib are linked dynamically, the C++
# runtime for __cxa_demangle.
DEPS_LIBS   := $(shell $(PKG_CONFIG) --libs yajl 2>/dev/null || echo -lyajl) \
               $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || echo -lpcre2-8) -lz $(CXX_LIB) -lm

# C11 and POSIX.1-2008, no _GNU_SOURCE: what else a file needs, it asks
# for in ext/platform.h (tests/portability.sh checks).  Every name is
# hidden but the entry point, sqlite3_timetrace_init (TT_EXPORT): SQLite
# loads extensions with RTLD_GLOBAL, where our names could collide with
# another extension's (tests/oracle/exports.sh checks).
STD      := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
CFLAGS   ?= -O2 -g
# BUILD_FLAGS and LINKAGE are what timetrace_debug() reports (build_info.c);
# the sanitizer and dist builds set their own.
BUILD_FLAGS = $(CFLAGS)
LINKAGE     = shared
ALL_CFLAGS = $(STD) -fPIC -fvisibility=hidden $(WARN) $(CFLAGS) $(DEPS_CFLAGS) \
             -DTIMETRACE_VERSION='"$(VERSION)"' -DTIMETRACE_CFLAGS='"$(BUILD_FLAGS)"' \
             -DTIMETRACE_LINKAGE='"$(LINKAGE)"'

SQLITE_SRCS := ext/timetrace.c ext/build_info.c ext/cargo_timings.c ext/self_profile.c ext/sp_group.c ext/interrupt_probe.c ext/trace_events.c ext/trace_columns.c ext/trace_group.c ext/trace_lookup.c ext/trace_options.c ext/trace_rows_ahead.c ext/sql_functions.c
SRCS        := $(sort $(wildcard ext/*.c))
PLAIN_SRCS  := $(filter-out $(SQLITE_SRCS),$(SRCS))
HDRS        := $(wildcard ext/*.h)
UNIT_SRCS   := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRCS   := $(sort $(wildcard tests/fuzz/fuzz_*.c))

# Sanitizer build: same sources, same tests, its own directory.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps demo test test-plain test-bins test-plain-bins test-asan install uninstall dist wheel npm fuzz bench clean
all: $(LIB)

$(LIB): $(SRCS) $(HDRS) Makefile VERSION
	@mkdir -p build
	$(CC) $(ALL_CFLAGS) $(SHARED) $(NO_UNDEF) -o $@ $(SRCS) $(DEPS_LIBS)

$(ASAN_LIB): BUILD_FLAGS = $(CFLAGS) $(SAN_FLAGS)
$(ASAN_LIB): $(SRCS) $(HDRS) Makefile VERSION
	@mkdir -p build/asan
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(SHARED) -o $@ $(SRCS) $(DEPS_LIBS)

# The plain-C sources as a static library: a unit test or fuzzer links only
# the objects it uses.
PLAIN_OBJS      := $(patsubst ext/%.c,build/obj/%.o,$(PLAIN_SRCS))
ASAN_PLAIN_OBJS := $(patsubst ext/%.c,build/asan/obj/%.o,$(PLAIN_SRCS))
build/obj/%.o: ext/%.c $(HDRS) Makefile
	@mkdir -p build/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
build/asan/obj/%.o: ext/%.c $(HDRS) Makefile
	@mkdir -p build/asan/obj
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<
build/libplain.a: $(PLAIN_OBJS)
	rm -f $@ && ar rcs $@ $^
build/asan/libplain.a: $(ASAN_PLAIN_OBJS)
	rm -f $@ && ar rcs $@ $^

# Unit tests: tests/unit/test_NAME.c -> build/unit/test_NAME
build/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/libplain.a
	@mkdir -p build/unit
	$(CC) $(ALL_CFLAGS) -Iext -o $@ $< build/libplain.a $(DEPS_LIBS)

build/asan/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/asan/libplain.a
	@mkdir -p build/asan/unit
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Iext -o $@ $< build/asan/libplain.a $(DEPS_LIBS)

# The Rust demanglers' parts link alone: these unit tests get only the
# objects named here, not libplain.a, so a reference from legacy or v0 to
# anything else (demangle_rust.c above all) fails their link.
RUST_V0_OBJS     := demangle_rust_v0.o demangle_rust_sink.o text_buf.o punycode.o demangle_rust_chars.o
RUST_LEGACY_OBJS := demangle_rust_legacy.o demangle_rust_sink.o text_buf.o
build/unit/test_demangle_rust_v0: $(addprefix build/obj/,$(RUST_V0_OBJS))
build/unit/test_demangle_rust_legacy: $(addprefix build/obj/,$(RUST_LEGACY_OBJS))
build/asan/unit/test_demangle_rust_v0: $(addprefix build/asan/obj/,$(RUST_V0_OBJS))
build/asan/unit/test_demangle_rust_legacy: $(addprefix build/asan/obj/,$(RUST_LEGACY_OBJS))
build/unit/test_demangle_rust_v0 build/unit/test_demangle_rust_legacy: build/unit/%: tests/unit/%.c tests/unit/unit.h tests/unit/v0_symbols.h
	@mkdir -p build/unit
	$(CC) $(ALL_CFLAGS) -Iext -o $@ $< $(filter %.o,$^)
build/asan/unit/test_demangle_rust_v0 build/asan/unit/test_demangle_rust_legacy: build/asan/unit/%: tests/unit/%.c tests/unit/unit.h tests/unit/v0_symbols.h
	@mkdir -p build/asan/unit
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Iext -o $@ $< $(filter %.o,$^)

# The allocation-failure shim of tests/faults/fault_test.py: preloaded into
# the sqlite3 shell, not linked with anything of ours.
build/failmalloc.so: tests/faults/failmalloc.c Makefile
	@mkdir -p build
	$(CC) -std=c11 -D_GNU_SOURCE -fPIC $(WARN) $(CFLAGS) -shared -o $@ $< -ldl

UNIT_BINS      := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRCS))
ASAN_UNIT_BINS := $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT_SRCS))

deps:
	@sh tests/install-deps.sh

demo: $(LIB)
	@sh examples/demo.sh

# make test: the whole suite on the normal build, then again on the
# sanitizer build; tests/run.sh prints the combined "N passed, N failed".
# What the tests need is built first, TEST_JOBS at a time (the normal and
# the sanitizer library side by side, then the unit tests) unless make was
# given -j itself; tests/run.sh then runs the tests TT_JOBS at a time.
# Both default to the number of online CPUs; TT_JOBS=1 makes it all serial.
TEST_JOBS = $(or $(TT_JOBS),$(shell getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 1))
TEST_MAKE = $(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(TEST_JOBS))
test:
	@$(TEST_MAKE) test-bins
	@sh tests/run.sh

test-plain:
	@$(TEST_MAKE) test-plain-bins
	@TIMETRACE_NO_ASAN=1 sh tests/run.sh

test-bins: $(LIB) $(ASAN_LIB) build/failmalloc.so $(UNIT_BINS) $(ASAN_UNIT_BINS)
test-plain-bins: $(LIB) build/failmalloc.so $(UNIT_BINS)

# make install [PREFIX=dir]: the library goes to $(PREFIX)/lib.  The dynamic
# loader finds a bare name such as "timetrace.so" only in its default
# directories (ld.so.cache holds lib*.so names alone), and /usr/local/lib is
# not one of them.  So with the default PREFIX, and when the system's library
# directory is writable (root), a link to the library goes there and
# `.load timetrace` finds it without a path.  Another PREFIX is a place of
# the user's own (PREFIX=~/.local needs no root): nothing outside it is
# touched, and the library loads by its path, `.load $(PREFIX)/lib/timetrace`,
# as it does when the directory is not writable.  DESTDIR (packaging): only
# the file.  Each case prints the .load line that works.
SYSLIBDIR ?= $(shell d=/usr/lib/$$($(CC) -print-multiarch 2>/dev/null); [ -d "$$d" ] && echo $$d || echo /usr/lib)
install: $(LIB)
	install -d $(DESTDIR)$(PREFIX)/lib
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/timetrace.$(SO)
	@echo "installed $(DESTDIR)$(PREFIX)/lib/timetrace.$(SO)"
	@if [ -n "$(DESTDIR)" ]; then exit 0; \
	elif [ "$(PREFIX)/lib" = "$(SYSLIBDIR)" ]; then \
	  echo "load it with: .load timetrace   (Python: db.load_extension('timetrace'))"; \
	elif [ "$(PREFIX)" = "$(DEFAULT_PREFIX)" ] && [ -w "$(SYSLIBDIR)" ]; then \
	  ln -sf "$(PREFIX)/lib/timetrace.$(SO)" "$(SYSLIBDIR)/timetrace.$(SO)" && \
	  echo "linked $(SYSLIBDIR)/timetrace.$(SO) -> $(PREFIX)/lib/timetrace.$(SO)" && \
	  echo "load it with: .load timetrace   (Python: db.load_extension('timetrace'))"; \
	else \
	  if [ "$(PREFIX)" = "$(DEFAULT_PREFIX)" ]; then \
	    echo "not linked from $(SYSLIBDIR): it is not writable (run make install as root for .load timetrace)"; fi; \
	  echo "load it with: .load $(PREFIX)/lib/timetrace   (Python: db.load_extension('$(PREFIX)/lib/timetrace'))"; \
	fi

# The link is removed only when it points to this PREFIX's library.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/lib/timetrace.$(SO)
	@link="$(SYSLIBDIR)/timetrace.$(SO)"; \
	if [ -z "$(DESTDIR)" ] && [ -L "$$link" ] && [ "$$(readlink "$$link")" = "$(PREFIX)/lib/timetrace.$(SO)" ]; then \
	  rm -f "$$link" && echo "removed $$link"; fi

# make dist: the release archive of this platform (Linux; tools/dist.sh).
# Its library needs nothing beyond libc and libm: yajl, PCRE2 and zlib come
# from the static archives Debian's -dev packages ship (built with -fPIC),
# and libstdc++ (__cxa_demangle) from the compiler's libstdc++.a, given by
# its path (-static-libstdc++ is a g++ flag, and $(CC) may be gcc or clang).
# --exclude-libs,ALL hides the archives' own names as -fvisibility=hidden
# hides ours, so the entry point is still the only export
# (tests/oracle/dist_test.sh checks, with tests/oracle/exports.sh).
# Stripped: the symbols help no one who did not build it.
PLATFORM    := $(shell uname -s | tr A-Z a-z)-$(shell uname -m)
WHEEL_PLAT  := $(subst -,_,$(PLATFORM))
DIST_LIB    := build/dist/lib/timetrace.$(SO)
DIST_TGZ    := build/dist/timetrace-$(VERSION)-$(PLATFORM).tar.gz
DIST_WHEEL  := build/dist/timetrace-$(VERSION)-py3-none-$(WHEEL_PLAT).whl
DIST_NPM    := build/dist/timetrace-$(VERSION).tgz
STATIC_DIR  := $(shell $(PKG_CONFIG) --variable=libdir yajl 2>/dev/null)
STATIC_LIBS := $(STATIC_DIR)/libyajl_s.a $(STATIC_DIR)/libpcre2-8.a $(STATIC_DIR)/libz.a \
               $(shell $(CC) -print-file-name=libstdc++.a)

$(DIST_LIB): LINKAGE = static
$(DIST_LIB): $(SRCS) $(HDRS) Makefile VERSION
ifeq ($(UNAME_S),Darwin)
	@echo "make dist: Linux only for now (macOS: make, and load build/timetrace.dylib)"; exit 1
else
	@mkdir -p build/dist/lib
	$(CC) $(ALL_CFLAGS) $(SHARED) $(NO_UNDEF) -s -o $@ $(SRCS) -Wl,--exclude-libs,ALL $(STATIC_LIBS) -lm
endif

$(DIST_TGZ): $(DIST_LIB) $(wildcard sql/*.sql) README.md LICENSE tools/dist.sh
	@sh tools/dist.sh $(DIST_LIB) $@ $(STATIC_LIBS)
dist: $(DIST_TGZ)

# make wheel: a Python wheel written by tools/wheel.py (zipfile; no
# network, no setuptools) around bindings/python/timetrace/.
$(DIST_WHEEL): $(DIST_LIB) bindings/python/timetrace/__init__.py tools/wheel.py README.md VERSION
	@/usr/bin/python3 tools/wheel.py $(DIST_LIB) $(VERSION) py3-none-$(WHEEL_PLAT) $@
wheel: $(DIST_WHEEL)

# make npm: bindings/node/ with the library and the version, through npm pack.
$(DIST_NPM): $(DIST_LIB) $(wildcard bindings/node/*) tools/npm.sh README.md LICENSE VERSION
	@sh tools/npm.sh $(DIST_LIB) $(VERSION) $@
npm: $(DIST_NPM)

# libFuzzer targets: tests/fuzz/fuzz_NAME.c -> build/fuzz/fuzz_NAME
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
build/fuzz/%: tests/fuzz/%.c $(PLAIN_SRCS) $(HDRS) Makefile
	@mkdir -p build/fuzz
	clang $(STD) -g -O1 -fsanitize=fuzzer,address,undefined $(DEPS_CFLAGS) -Iext -o $@ $< $(PLAIN_SRCS) $(DEPS_LIBS)
fuzz: $(FUZZ_BINS)

bench: $(LIB)
	@/usr/bin/python3 tests/bench/bench.py

clean:
	rm -rf build

# libsrschema — SQLite loadable extension for StarRocks schemas.
#   make          build libsrschema.so and the srschema command
#   make demo     install missing Debian packages, build, run the drift report on examples/
#   make test     install, build, run the whole suite (test/all.tcl)
#   make test-asan  the same suite with AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench    benchmarks under bench/ (print their figures)
#   make test-oom   fail every allocation in turn over test/oom.cases (ASan)
#   make fuzz     build the libFuzzer targets (clang) and run each FUZZ_SECONDS
#   make fuzz-ci  the same targets, a fixed seed and number of runs each (CI)
#   make install  libsrschema.so, srschema and the man pages under PREFIX
#                 (/usr/local; DESTDIR honoured); make uninstall removes them

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
# Hidden by default: the .so exports its entry point only (ext.c marks it);
# the objects still link with each other, e.g. into a static program.
PIC     := -fPIC -fvisibility=hidden
MARIADB_CFLAGS := $(shell mariadb_config --cflags 2>/dev/null || echo -I/usr/include/mariadb)
MARIADB_LIBS   := $(shell mariadb_config --libs 2>/dev/null || echo -lmariadb)
LIBS    := $(MARIADB_LIBS) -lcjson -lm

# src/<layer>/*.c (doc/README.md's map); src/cli is the srschema command.
SRC     := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
HDR     := $(wildcard src/*/*.h include/*.h)
OBJ     := $(SRC:src/%.c=build/%.o)
ASANOBJ := $(SRC:src/%.c=build/asan/%.o)
ASANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# The srschema command: src/cli/*.c linked with the extension's objects (as
# a static archive) and SQLite.
CLI_SRC := $(sort $(wildcard src/cli/*.c))
CLI_OBJ := $(CLI_SRC:src/%.c=build/%.o)
ASAN_CLI_OBJ := $(CLI_SRC:src/%.c=build/asan/%.o)
CLI_LIBS := -lsqlite3 $(LIBS)

# Where make install puts things. `.load libsrschema` (no path) makes SQLite
# dlopen "libsrschema.so", which the dynamic loader finds in its cache:
# LIBDIR must be a directory of /etc/ld.so.conf (Debian lists /usr/local/lib)
# and ldconfig must have run, or LD_LIBRARY_PATH must name it.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
MANDIR  ?= $(PREFIX)/share/man
# What install copies (the tests install the sanitizer builds this way).
INSTALL_SO  ?= libsrschema.so
INSTALL_BIN ?= srschema
MANPAGES := doc/man/srschema.1 doc/man/libsrschema.7

# The loader's cache is rebuilt by a real install (root, no DESTDIR), and a
# LIBDIR the loader does not search is pointed out.
define run_ldconfig
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
	  ldconfig; \
	  if [ -e $(LIBDIR)/libsrschema.so ] && ! ldconfig -p | grep -qF '=> $(LIBDIR)/libsrschema.so'; then \
	    echo "note: the loader does not search $(LIBDIR): .load libsrschema needs LD_LIBRARY_PATH=$(LIBDIR) or the full path"; \
	  fi; \
	fi
endef

.PHONY: all deps demo test test-asan test-oom fuzz fuzz-ci bench clean format install uninstall

all: libsrschema.so srschema

deps:
	@sh test/install-deps.sh

# Includes name the layer: #include "core/types.h".
build/asan/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(WARN) $(ASANFLAGS) $(PIC) $(MARIADB_CFLAGS) -Isrc -Iinclude -c $< -o $@

build/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(PIC) $(MARIADB_CFLAGS) -Isrc -Iinclude -c $< -o $@

libsrschema.so: $(OBJ)
	$(CC) -shared -o $@ $(OBJ) $(LIBS)

build/asan/libsrschema.so: $(ASANOBJ)
	$(CC) -shared -fsanitize=address,undefined -o $@ $(ASANOBJ) $(LIBS)

build/libsrschema.a: $(OBJ)
	rm -f $@ && ar rcs $@ $(OBJ)

build/asan/libsrschema.a: $(ASANOBJ)
	rm -f $@ && ar rcs $@ $(ASANOBJ)

srschema: $(CLI_OBJ) build/libsrschema.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) build/libsrschema.a $(CLI_LIBS)

build/asan/srschema: $(ASAN_CLI_OBJ) build/asan/libsrschema.a
	$(CC) -fsanitize=address,undefined -o $@ $(ASAN_CLI_OBJ) build/asan/libsrschema.a $(CLI_LIBS)

demo: deps libsrschema.so
	@sh examples/demo.sh

test: deps libsrschema.so srschema
	tclsh test/all.tcl ./libsrschema.so

# The sanitizer runtime must be loaded first, so the suite runs under LD_PRELOAD.
test-asan: deps build/asan/libsrschema.so build/asan/srschema
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=test/lsan.supp:print_suppressions=0 \
	LD_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
	tclsh test/all.tcl ./build/asan/libsrschema.so

# The allocation-failure driver links the extension's ASan objects with
# `ld --wrap` on the C library's allocators (test/oom.c says what fails).
OOMWRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=strndup
build/oom/oomtest: test/oom.c $(ASANOBJ)
	@mkdir -p build/oom
	$(CC) $(WARN) $(ASANFLAGS) -Isrc -Iinclude test/oom.c $(ASANOBJ) -o $@ $(OOMWRAP) -lsqlite3 -lpthread $(LIBS)

# OOM_ARGS: e.g. --stride 3, --persist, --case 'diff-*', -v (test/oom.c).
test-oom: deps build/oom/oomtest
	sh test/oom.sh $(OOM_ARGS)

# libFuzzer targets (test/fuzz/): the extension's objects built by clang
# with coverage and ASan/UBSan; each target runs FUZZ_SECONDS (default 30),
# seeded from test/fixtures, test/fuzz/seeds and ../shared/corpus when it
# is there (read in place: libFuzzer writes new inputs to build/fuzz/corpus
# only). test/fuzz/run.sh says what a finding is.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZOBJ := $(SRC:src/%.c=build/fuzz/obj/%.o)
FUZZERS := types ddl spec apply

build/fuzz/obj/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(FUZZFLAGS) -fsanitize=fuzzer-no-link $(PIC) $(MARIADB_CFLAGS) -Isrc -Iinclude -c $< -o $@

# The objects are only reached through the pattern rule above, so make
# takes them for intermediate files and deletes them after each build:
# kept, a re-run relinks only what changed.
.SECONDARY: $(FUZZOBJ)

build/fuzz/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/common.h $(FUZZOBJ)
	$(FUZZ_CC) $(WARN) $(FUZZFLAGS) -fsanitize=fuzzer -Isrc $(MARIADB_CFLAGS) -Iinclude $< $(FUZZOBJ) -o $@ -lsqlite3 -lpthread $(LIBS)

fuzz:
	@sh test/install-deps.sh fuzz
	$(MAKE) $(FUZZERS:%=build/fuzz/fuzz_%)
	sh test/fuzz/run.sh time $(FUZZ_SECONDS) $(FUZZERS)

# CI's run: the same verdict for the same commit (a fixed seed and number of
# executions per target, seeds only; test/fuzz/run.sh). FUZZ_RUNS_SCALE=k
# runs k times as many.
fuzz-ci:
	@sh test/install-deps.sh fuzz
	$(MAKE) $(FUZZERS:%=build/fuzz/fuzz_%)
	sh test/fuzz/run.sh runs $(FUZZERS)

install: $(INSTALL_SO) $(INSTALL_BIN) $(MANPAGES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/srschema
	install -m 644 $(INSTALL_SO) $(DESTDIR)$(LIBDIR)/libsrschema.so
	install -m 644 doc/man/srschema.1 $(DESTDIR)$(MANDIR)/man1/srschema.1
	install -m 644 doc/man/libsrschema.7 $(DESTDIR)$(MANDIR)/man7/libsrschema.7
	$(run_ldconfig)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/srschema $(DESTDIR)$(LIBDIR)/libsrschema.so \
	  $(DESTDIR)$(MANDIR)/man1/srschema.1 $(DESTDIR)$(MANDIR)/man7/libsrschema.7
	$(run_ldconfig)

bench: deps libsrschema.so
	@sh bench/run.sh

format:
	clang-format -i src/*/*.c src/*/*.h include/*.h

clean:
	rm -rf build libsrschema.so srschema bench/out

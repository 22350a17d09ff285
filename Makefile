# reel: build, test, benchmark and install.  The experiment itself (the
# data pipeline) lives in pipeline.mk, included at the end.
#
#   make            the full run (build, then the pipeline)
#   make check      the tests (SANITIZE=1: under ASan and UBSan)
#   make bench      speed and memory figures
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin

OPT ?= -O3 -march=native -ffp-contract=fast
CFLAGS ?= $(OPT) -g
ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
# Recursive (=) on purpose: pkg-config runs when a recipe needs the flags,
# after the deps stamp has installed what was missing.
PKG_CFLAGS = $(shell pkg-config --cflags gsl openblas zlib md4c md4c-html 2>/dev/null)
# Debian's OpenMP build of OpenBLAS by its own directory, with an rpath, so
# that reel runs on it whatever the system's BLAS alternatives name (and
# scripts/deps.sh leaves those as they were).
BLAS_DIR = $(firstword $(wildcard /usr/lib/*-linux-gnu/openblas-openmp) \
	$(shell pkg-config --variable=libdir openblas 2>/dev/null))
BLAS_LIBS = $(if $(BLAS_DIR),-L$(BLAS_DIR) -Wl$(comma)-rpath$(comma)$(BLAS_DIR)) -lopenblas
ALL_CFLAGS = -std=c11 -Wall -Wextra -D_GNU_SOURCE -fopenmp -Ilib -Ibuild $(PKG_CFLAGS) \
	$(CFLAGS) $(SAN_FLAGS)
# GSL is linked against OpenBLAS's CBLAS, not the slow reference gslcblas.
# md4c renders the report's Markdown (lib/report.c).
MD4C_LIBS = $(shell pkg-config --libs md4c-html md4c 2>/dev/null || echo -lmd4c-html -lmd4c)
LIBS = -lgsl $(BLAS_LIBS) $(MD4C_LIBS) -lz -lm $(MPI_LIBS)
# MPI (docs/SCALE.md): lib/dist.c is built against OpenMPI when pkg-config
# knows ompi-c (Debian's libopenmpi-dev), else as one-rank stubs; MPI=0
# forces the stubs.  --as-needed links libmpi only into the tools that use
# it (reel-train-als, reel-topk).
MPI ?= $(if $(shell pkg-config --exists ompi-c 2>/dev/null && echo y),1,0)
ifeq ($(MPI),1)
MPI_CFLAGS = -DHAVE_MPI $(shell pkg-config --cflags ompi-c 2>/dev/null)
MPI_LIBS = -Wl,--as-needed $(shell pkg-config --libs ompi-c 2>/dev/null)
endif
ALL_LDFLAGS = -fopenmp $(SAN_FLAGS) $(LDFLAGS)

LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:lib/%.c=build/lib/%.o)
TOOL_SRC = $(sort $(filter-out tools/reel.c,$(wildcard tools/*.c)))
TOOLS = $(TOOL_SRC:tools/%.c=bin/reel-%)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/tests/%)
LIBREEL = build/libreel.a
DEPS_OK = build/.deps-ok
FLAGS_STAMP = build/.flags

.PHONY: all build check bench install uninstall clean deps fuzz valgrind man
.DELETE_ON_ERROR:

# The full run.  Two runs must never overlap (cron): the pipeline runs in a
# second make under an exclusive lock on out/.lock, and ends with one line.
all: build
	@mkdir -p out
	@start=$$(date +%s); flock -n -E 75 out/.lock $(MAKE) --no-print-directory pipeline; rc=$$?; \
	if [ $$rc = 75 ]; then echo "reel: another run holds out/.lock; not started" >&2; exit 1; fi; \
	[ $$rc = 0 ] || exit $$rc; \
	echo "reel: run done in $$(( $$(date +%s) - start )) s: $$(scripts/headline.sh out)"

build: bin/reel $(TOOLS)

$(DEPS_OK):
	@mkdir -p build
	@scripts/deps.sh
	@touch $@

deps:
	@scripts/deps.sh --mpi
	@mkdir -p build && touch $(DEPS_OK)

# Objects depend on the flags in use, so SANITIZE=1 rebuilds everything:
# the stamp is rewritten, when the flags differ, as the Makefile is read
# (a rule run every time would make `make -q` and `make -n` see the whole
# build as out of date).
FLAGS_NOW = $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(MPI_CFLAGS)
$(shell mkdir -p build && { echo '$(FLAGS_NOW)' | cmp -s - $(FLAGS_STAMP) || \
	echo '$(FLAGS_NOW)' >$(FLAGS_STAMP); })

build/lib/dist.o: ALL_CFLAGS += $(MPI_CFLAGS)
build/lib/%.o: lib/%.c $(FLAGS_STAMP) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/tools/%.o: tools/%.c $(FLAGS_STAMP) build/commands.h | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/tests/%.o: tests/unit/%.c $(FLAGS_STAMP) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -MMD -MP -c -o $@ $<

$(LIBREEL): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

bin/reel-%: build/tools/%.o $(LIBREEL)
	@mkdir -p bin
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

bin/reel: build/tools/reel.o $(LIBREEL)
	@mkdir -p bin
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

build/tests/%: build/tests/%.o $(LIBREEL)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

build/bench/%: tests/bench/%.c $(LIBREEL) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBREEL) $(ALL_LDFLAGS) $(LIBS)

# The front command's list of commands: the summary line (line 2) of each
# tool's header comment.
build/commands.h: $(TOOL_SRC)
	@mkdir -p build
	@for f in $(TOOL_SRC); do sed -n '2{s/[\\"]/\\&/g;s/^ \* \(reel-[a-z0-9-]*\) - \(.*\)$$/{"\1", "\2"},/p;}' $$f; done > $@.tmp
	@mv $@.tmp $@

check: build $(UNIT_BIN)
	@scripts/deps.sh --format
	@tests/run.sh

BENCH_SRC = $(sort $(wildcard tests/bench/*.c))
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=build/bench/%)

bench: build $(BENCH_BIN)
	@tests/bench.sh

# ---- fuzzing: libFuzzer harnesses of the readers (docs/TESTING.md) --------
# Apart from the main build: clang, the library instrumented for coverage
# under ASan and UBSan in build/fuzz/, each harness run for FUZZ_SECONDS on
# its seeds in tests/fuzz/corpus/NAME (new finds go to build/fuzz/corpus/NAME;
# a crash is saved as build/fuzz/NAME-crash-*; rerun one with
# build/fuzz/NAME FILE).  FUZZ=NAME... runs only those.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZ ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_LIB_OBJ = $(LIB_SRC:lib/%.c=build/fuzz/lib/%.o)
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -Wno-pass-failed -D_GNU_SOURCE -g -O1 -fopenmp -Ilib -Itests/fuzz $(PKG_CFLAGS) \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

build/.fuzz-deps-ok: | $(DEPS_OK)
	@scripts/deps.sh --fuzz
	@touch $@

build/fuzz/lib/%.o: lib/%.c | build/.fuzz-deps-ok
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/libreel.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libreel.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libreel.a $(LIBS)

fuzz: $(FUZZ:%=build/fuzz/%)
	@for n in $(FUZZ); do \
		mkdir -p build/fuzz/corpus/$$n; \
		build/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 -close_fd_mask=2 \
			-print_final_stats=1 -artifact_prefix=build/fuzz/$$n- \
			$$([ -f tests/fuzz/$$n.dict ] && echo -dict=tests/fuzz/$$n.dict) \
			build/fuzz/corpus/$$n tests/fuzz/corpus/$$n >build/fuzz/$$n.log 2>&1; \
		rc=$$?; \
		echo "fuzz: $$n: $(FUZZ_SECONDS) s, $$(sed -n 's/^stat::number_of_executed_units: *//p' \
			build/fuzz/$$n.log) runs, corpus $$(ls build/fuzz/corpus/$$n | wc -l) (log build/fuzz/$$n.log)"; \
		[ $$rc = 0 ] || { tail -n 60 build/fuzz/$$n.log; echo "fuzz: $$n failed"; exit 1; }; \
	done

# ---- valgrind: the small synthetic pipeline, every tool under memcheck ------
# Debian 12's valgrind decodes AVX2 but not AVX-512, so bin/ is rebuilt
# for x86-64-v3 first (the next plain make rebuilds it for this machine).
VALGRIND_OPT = -O2 $(if $(filter x86_64,$(shell uname -m)),-march=x86-64-v3) -ffp-contract=fast
valgrind:
	@scripts/deps.sh --valgrind
	@$(MAKE) --no-print-directory OPT='$(VALGRIND_OPT)' build
	@tests/valgrind.sh

PLOTDIR = $(DESTDIR)$(PREFIX)/share/reel/plots
MANDIR = $(DESTDIR)$(PREFIX)/share/man
COMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions

# The man pages, made from each tool's --help, docs/TOOLS.md, docs/FORMATS.md
# and pipeline.mk (scripts/man.sh), so an option is written down once.
man: build/man/.stamp
build/man/.stamp: build scripts/man.sh scripts/md2man.awk docs/TOOLS.md docs/FORMATS.md pipeline.mk
	scripts/man.sh build/man
	@touch $@

install: build man
	mkdir -p $(BINDIR) $(PLOTDIR) $(MANDIR)/man1 $(MANDIR)/man5 $(COMPDIR)
	cp bin/reel $(TOOLS) $(BINDIR)/
	cp plots/*.gp plots/render.sh plots/draw.sh $(PLOTDIR)/
	cp scripts/zip3-zones.tsv $(DESTDIR)$(PREFIX)/share/reel/
	cp build/man/*.1 $(MANDIR)/man1/
	cp build/man/*.5 $(MANDIR)/man5/
	cp scripts/completion/reel.bash $(COMPDIR)/reel

uninstall:
	rm -f $(BINDIR)/reel $(TOOLS:bin/%=$(BINDIR)/%)
	rm -f $(MANDIR)/man1/reel.1 $(TOOLS:bin/%=$(MANDIR)/man1/%.1) $(MANDIR)/man5/reel-formats.5
	rm -f $(COMPDIR)/reel
	rm -rf $(DESTDIR)$(PREFIX)/share/reel

clean:
	rm -rf bin build

-include $(LIB_OBJ:.o=.d) $(TOOL_SRC:tools/%.c=build/tools/%.d) build/tools/reel.d \
	$(UNIT_SRC:tests/unit/%.c=build/tests/%.d) $(FUZZ_LIB_OBJ:.o=.d)

include pipeline.mk

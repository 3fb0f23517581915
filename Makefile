# grantsheet - plain Makefile.  `make` builds build/grantsheet; `make demo`
# renders every sample into out/; `make test` runs every test (unit tests
# under AddressSanitizer + UndefinedBehaviorSanitizer, then end-to-end);
# `make bench` prints speed and size figures.  `make test` also builds and
# runs the unit and end-to-end tests with clang (build/clang/) and runs every
# fuzz harness over its committed corpus; `make fuzz` fuzzes (build/fuzz/,
# FUZZ_SECONDS per harness).  Each target first makes sure the Debian
# packages it needs are installed (mk/deps.sh).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR     = $(PREFIX)/bin
DATADIR    = $(PREFIX)/share/grantsheet
MANDIR     = $(PREFIX)/share/man/man1
DOCDIR     = $(PREFIX)/share/doc/grantsheet

CC        ?= gcc
PKGS      := libxml-2.0 harfbuzz-subset icu-uc libqpdf xlsxwriter libzip libdeflate
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wno-format-nonliteral
CPPFLAGS  += -Isrc -DGS_VERSION='"$(VERSION)"' -DGS_DATADIR='"$(DATADIR)"' \
             -D_GNU_SOURCE
CFLAGS    ?= -O2 -g
CFLAGS    += -std=c17 $(WARN)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# How the libraries are linked decides how fast a process starts: each shared
# library costs about a quarter of a millisecond to map and relocate before
# main (issue 12; `make bench` prints the process figures).  So:
#  - libqpdf, libxlsxwriter and libzip, which a render never calls, are not
#    linked but loaded on first use (src/util/dl.h and the *_dl.c files);
#    SONAME is the library the build was made against;
#  - libxml2, ICU, libcsv, libdeflate, liblzma and libcrypto are linked from
#    the static archives their Debian -dev packages ship (with libstdc++,
#    which ICU is written in), when those are installed.  The archives are
#    prerequisites of every program: after a Debian update of one of them
#    (`apt-get upgrade`), `make` links the programs again;
#  - HarfBuzz and libharu ship no archive and stay shared.
# (before mk/deps.sh has installed pkg-config, Debian's multiarch folder)
LIBDIR    := $(or $(shell pkg-config --variable=libdir libxml-2.0 2>/dev/null),\
                  /usr/lib/$(shell uname -m)-linux-gnu)
soname     = $(shell objdump -p "$(LIBDIR)/$(1).so" 2>/dev/null | awk '/SONAME/ { print $$2 }')
dl_define  = $(if $(call soname,$(2)),-DGS_$(1)_SONAME='"$(call soname,$(2))"')
# worked out on first use (after mk/deps.sh), then kept: not once per object
DL_DEFINES = $(eval DL_DEFINES := $(call dl_define,QPDF,libqpdf) \
               $(call dl_define,ZIP,libzip) \
               $(call dl_define,XLSXWRITER,libxlsxwriter))$(DL_DEFINES)
CPPFLAGS  += $(DL_DEFINES)
# each of these as its archive when installed, else as the shared library
STATIC     = xml2 icuuc icudata csv deflate lzma crypto
LINKED     = $(foreach l,$(STATIC),$(or $(wildcard $(LIBDIR)/lib$(l).a),-l$(l)))
ARCHIVES   = $(filter %.a,$(LINKED))
LIBS       = $(LINKED) $(shell pkg-config --libs harfbuzz-subset 2>/dev/null) \
             -lhpdf -lz -lm -Wl,-Bstatic -lstdc++ -Wl,-Bdynamic
# tests edit workbooks with libzip itself (tests/input/xlsx_edit.h)
TEST_LIBS := -lcmocka -lzip
SAN       := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

BUILD_PKGS := gcc make pkg-config libhpdf-dev libxml2-dev libcsv-dev \
              libharfbuzz-dev libicu-dev libssl-dev zlib1g-dev libqpdf-dev \
              libxlsxwriter-dev libzip-dev libdeflate-dev libstdc++-12-dev
TEST_PKGS  := libcmocka-dev poppler-utils qpdf libreoffice-calc-nogui
B := build

LIB_SRC   := $(sort $(filter-out src/cli/main.c,$(wildcard src/*/*.c)))
LIB_ASM   := src/input/schema.S
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/obj/%.o) $(LIB_ASM:%.S=$(B)/obj/%.o)
ASAN_OBJ  := $(LIB_SRC:%.c=$(B)/asan/%.o) $(LIB_ASM:%.S=$(B)/asan/%.o)
UNIT_SRC  := $(sort $(filter-out tests/e2e/%,$(wildcard tests/*/test_*.c)))
UNIT_BIN  := $(UNIT_SRC:%.c=$(B)/asan/%)
E2E_BIN   := $(patsubst %.c,$(B)/asan/%,$(sort $(wildcard tests/e2e/test_*.c)))
SAMPLES   := $(sort $(wildcard samples/*.xml samples/*.xlsx))

.PHONY: all deps test-deps demo test unit e2e bench install uninstall clean \
        test-clang clang-unit clang-e2e fuzz fuzz-build fuzz-regress

all: $(B)/grantsheet

deps: $(B)/.deps
$(B)/.deps: mk/deps.sh
	@mk/deps.sh $(BUILD_PKGS)
	@mkdir -p $(B) && touch $@
test-deps: $(B)/.test-deps
$(B)/.test-deps: mk/deps.sh | $(B)/.deps
	@mk/deps.sh $(TEST_PKGS)
	@touch $@

$(B)/grantsheet: $(B)/obj/src/cli/main.o $(LIB_OBJ) $(ARCHIVES)
	$(CC) $(CFLAGS) -o $@ $(filter %.o,$^) $(LIBS)

$(B)/obj/%.o: %.c | $(B)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<
$(B)/obj/%.o: %.S src/input/plan.rng | $(B)/.deps
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<
$(B)/asan/%.o: %.c | $(B)/.deps $(B)/.test-deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(SAN) -MMD -MP -c -o $@ $<
$(B)/asan/%.o: %.S src/input/plan.rng | $(B)/.deps
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<

$(B)/asan/grantsheet: $(B)/asan/src/cli/main.o $(ASAN_OBJ) $(ARCHIVES)
	$(CC) $(CFLAGS) $(SAN) -o $@ $(filter %.o,$^) $(LIBS)
$(B)/asan/tests/%: $(B)/asan/tests/%.o $(ASAN_OBJ) $(ARCHIVES)
	$(CC) $(CFLAGS) $(SAN) -o $@ $(filter %.o,$^) $(LIBS) $(TEST_LIBS)
# every end-to-end program links the helpers of tests/e2e/e2e.h
$(B)/asan/tests/e2e/%: $(B)/asan/tests/e2e/%.o $(B)/asan/tests/e2e/e2e.o $(ASAN_OBJ) $(ARCHIVES)
	$(CC) $(CFLAGS) $(SAN) -o $@ $(filter %.o,$^) $(LIBS) $(TEST_LIBS)

# Samples (plans and workbooks) render into out/, every document of each
# (out/NAME.pdf is the 実施計画, out/NAME-地域再生計画.pdf beside it).  A sample
# whose name ends in -invalid exists to be refused, so demo skips it (the
# tests check that it is refused).  Then the 活用状況 reports of the
# governments with several sample projects: 長岡市's two and 紫波町's three
# (samples/shiwa-*.xml: one finished, one running, one just started).
demo: $(B)/grantsheet
	@mkdir -p out
	@for s in $(filter-out %-invalid.xml %-invalid.xlsx,$(SAMPLES)); do \
	    o=out/$$(basename $${s%.*}).pdf; \
	    $(B)/grantsheet render $$s --document all -o $$o || exit 1; \
	    echo "wrote $$o and its other documents ($${o%.pdf}-*.pdf)"; \
	done
	@$(B)/grantsheet report samples/nagaoka-kouka.xml samples/nagaoka-kanko.xml \
	    -o out/nagaoka-活用状況-report.pdf && echo "wrote out/nagaoka-活用状況-report.pdf"
	@$(B)/grantsheet report $(wildcard samples/shiwa-*.xml) \
	    -o out/shiwa-活用状況-report.pdf && echo "wrote out/shiwa-活用状況-report.pdf"

# Tests run with the data folder set to this checkout.
TEST_ENV := GRANTSHEET_DATADIR=$(CURDIR) GS_BIN=$(CURDIR)/$(B)/asan/grantsheet \
            ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

test: unit e2e test-clang fuzz-regress
unit: $(UNIT_BIN) $(B)/asan/grantsheet
	@fail=0; for t in $(UNIT_BIN); do \
	    echo "== $$t"; $(TEST_ENV) $$t || fail=1; \
	done; exit $$fail
e2e: $(E2E_BIN) $(B)/asan/grantsheet $(B)/grantsheet
	@fail=0; for t in $(E2E_BIN); do \
	    echo "== $$t"; $(TEST_ENV) GS_RELEASE_BIN=$(CURDIR)/$(B)/grantsheet $$t || fail=1; \
	done; exit $$fail

# ---- clang ----------------------------------------------------------------
# The unit and end-to-end tests again, built with clang under its own ASan and
# UBSan in build/clang/, so that gcc and clang objects never mix.  clang's
# UBSan checks what gcc's does not (arithmetic on a NULL pointer, for one:
# layout.c once added an offset to a NULL text and every sample aborted under
# clang only), and clang's warnings are errors here so that the tree stays
# clean under both compilers (CLANG_WERROR= turns that off).  The e2e pass
# compares the clang build's PDFs with the gcc release build's, byte for byte.
CLANG        ?= clang
CLANG_PKGS   := clang libclang-rt-dev
CLANG_WERROR ?= -Werror
CB           := $(B)/clang
CLANG_OBJ    := $(LIB_SRC:%.c=$(CB)/%.o) $(LIB_ASM:%.S=$(CB)/%.o)
CLANG_UNIT   := $(UNIT_SRC:%.c=$(CB)/%)
# test_faults runs only GS_RELEASE_BIN, the gcc release build, so the clang
# pass would repeat it exactly (and it is the slowest); every other e2e runs.
CLANG_E2E_SKIP := tests/e2e/test_faults.c
CLANG_E2E    := $(patsubst %.c,$(CB)/%,$(filter-out $(CLANG_E2E_SKIP),$(sort $(wildcard tests/e2e/test_*.c))))
CLANG_ENV    := $(TEST_ENV) GS_BIN=$(CURDIR)/$(CB)/grantsheet

$(B)/.clang-deps: mk/deps.sh | $(B)/.deps
	@mk/deps.sh $(CLANG_PKGS)
	@touch $@
$(CB)/%.o: %.c | $(B)/.deps $(B)/.test-deps $(B)/.clang-deps
	@mkdir -p $(dir $@)
	$(CLANG) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(CLANG_WERROR) $(SAN) -MMD -MP -c -o $@ $<
$(CB)/%.o: %.S src/input/plan.rng | $(B)/.clang-deps
	@mkdir -p $(dir $@)
	$(CLANG) -c -o $@ $<
$(CB)/grantsheet: $(CB)/src/cli/main.o $(CLANG_OBJ) $(ARCHIVES)
	$(CLANG) $(CFLAGS) $(SAN) -o $@ $(filter %.o,$^) $(LIBS)
$(CB)/tests/%: $(CB)/tests/%.o $(CLANG_OBJ) $(ARCHIVES)
	$(CLANG) $(CFLAGS) $(SAN) -o $@ $(filter %.o,$^) $(LIBS) $(TEST_LIBS)
$(CB)/tests/e2e/%: $(CB)/tests/e2e/%.o $(CB)/tests/e2e/e2e.o $(CLANG_OBJ) $(ARCHIVES)
	$(CLANG) $(CFLAGS) $(SAN) -o $@ $(filter %.o,$^) $(LIBS) $(TEST_LIBS)

test-clang: clang-unit clang-e2e
clang-unit: $(CLANG_UNIT) $(CB)/grantsheet
	@fail=0; for t in $(CLANG_UNIT); do \
	    echo "== $$t"; $(CLANG_ENV) $$t || fail=1; \
	done; exit $$fail
clang-e2e: $(CLANG_E2E) $(CB)/grantsheet $(B)/grantsheet
	@fail=0; for t in $(CLANG_E2E); do \
	    echo "== $$t"; $(CLANG_ENV) GS_RELEASE_BIN=$(CURDIR)/$(B)/grantsheet $$t || fail=1; \
	done; exit $$fail

# ---- fuzzing --------------------------------------------------------------
# One libFuzzer binary per tests/fuzz/fuzz_NAME.c, in build/fuzz/ with the
# library built for it (clang, coverage, ASan, UBSan).  `make fuzz` runs each
# for FUZZ_SECONDS, one after the other (FUZZ=xml csv: only those), from the
# seeds in tests/fuzz/corpus/NAME/, keeping what it learns in
# build/fuzz/corpus/NAME/ and any crash in build/fuzz/crash/.  `make test`
# runs each binary once over every file of its committed corpus, so a crash
# that was found and fixed stays fixed.  A run over 2 s or 2 GB is a finding.
FUZZ_SECONDS ?= 60
FUZZ_OPTS    := -timeout=2 -rss_limit_mb=2048
# Plans may hold long texts (a cell of thousands of characters, a project
# name past what libharu takes); libFuzzer would cap inputs at the largest
# seed (30 KB), which the XML mutator's long values do not fit in.
FUZZ_PLAN_LEN ?= 262144
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=undefined
FB           := $(B)/fuzz
FUZZ_OBJ     := $(LIB_SRC:%.c=$(FB)/%.o) $(LIB_ASM:%.S=$(FB)/%.o) $(FB)/tests/fuzz/fuzz.o
FUZZ_NAMES   := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FB)/fuzz_%)
FUZZ         ?= $(FUZZ_NAMES)

$(FB)/%.o: %.c | $(B)/.deps $(B)/.clang-deps
	@mkdir -p $(dir $@)
	$(CLANG) $(CPPFLAGS) -DGS_FUZZ_ROOT='"$(CURDIR)"' $(PKG_CFLAGS) $(CFLAGS) $(CLANG_WERROR) $(FUZZ_SAN) -MMD -MP -c -o $@ $<
$(FB)/%.o: %.S src/input/plan.rng | $(B)/.clang-deps
	@mkdir -p $(dir $@)
	$(CLANG) -c -o $@ $<
$(FB)/fuzz_%: $(FB)/tests/fuzz/fuzz_%.o $(FUZZ_OBJ) $(ARCHIVES)
	$(CLANG) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $(filter %.o,$^) $(LIBS)
# the harnesses whose input is a plan get the mutator that keeps it XML
$(FB)/fuzz_xml $(FB)/fuzz_render: $(FB)/tests/fuzz/mutate.o

# Objects made only on the way to a test binary are kept, so that a second
# `make test` does not rebuild them (make would delete them as intermediate).
.SECONDARY: $(UNIT_BIN:%=%.o) $(E2E_BIN:%=%.o) $(CLANG_UNIT:%=%.o) $(CLANG_E2E:%=%.o) \
            $(B)/asan/tests/e2e/e2e.o $(CB)/tests/e2e/e2e.o \
            $(FUZZ_OBJ) $(FUZZ_BIN:$(FB)/%=$(FB)/tests/fuzz/%.o) $(FB)/tests/fuzz/mutate.o

fuzz-build: $(FUZZ_BIN)
fuzz: $(FUZZ_BIN)
	@for n in $(FUZZ); do \
	    mkdir -p $(FB)/corpus/$$n $(FB)/crash; \
	    echo "== fuzz_$$n for $(FUZZ_SECONDS) s"; \
	    dict=; [ -f tests/fuzz/$$n.dict ] && dict=-dict=tests/fuzz/$$n.dict; \
	    len=; case $$n in xml|render) len=-max_len=$(FUZZ_PLAN_LEN);; esac; \
	    GRANTSHEET_DATADIR=$(CURDIR) $(FB)/fuzz_$$n $(FUZZ_OPTS) $$dict $$len \
	        -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=$(CURDIR)/$(FB)/crash/$$n- \
	        $(FB)/corpus/$$n tests/fuzz/corpus/$$n || exit 1; \
	done
fuzz-regress: $(FUZZ_BIN)
	@fail=0; for n in $(FUZZ_NAMES); do \
	    echo "== fuzz_$$n over tests/fuzz/corpus/$$n"; \
	    GRANTSHEET_DATADIR=$(CURDIR) $(FB)/fuzz_$$n $(FUZZ_OPTS) \
	        tests/fuzz/corpus/$$n/* >$(FB)/regress-$$n.log 2>&1 \
	    || { tail -n 40 $(FB)/regress-$$n.log; fail=1; }; \
	done; exit $$fail

bench: $(B)/grantsheet $(B)/bench $(B)/corpus
	@GRANTSHEET_DATADIR=$(CURDIR) tests/bench/bench.sh $(B)/bench $(B)/grantsheet samples/nagaoka.xml $(B)/corpus
# the batch corpus generator (tests/bench/corpus.c): plain C, no library
$(B)/corpus: $(B)/obj/tests/bench/corpus.o
	$(CC) $(CFLAGS) -o $@ $^
$(B)/bench: $(B)/obj/tests/bench/bench.o $(LIB_OBJ) $(ARCHIVES)
	$(CC) $(CFLAGS) -o $@ $(filter %.o,$^) $(LIBS)

install: $(B)/grantsheet
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/templates
	install -m 755 $(B)/grantsheet $(DESTDIR)$(BINDIR)/grantsheet
	install -m 644 fonts/*.ttf fonts/*.txt $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 templates/* $(DESTDIR)$(DATADIR)/templates/
	install -d $(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR)
	install -m 644 docs/grantsheet.1 $(DESTDIR)$(MANDIR)/grantsheet.1
	install -m 644 docs/plan-format.md $(DESTDIR)$(DOCDIR)/plan-format.md
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/grantsheet $(DESTDIR)$(MANDIR)/grantsheet.1
	rm -rf $(DESTDIR)$(DOCDIR)
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

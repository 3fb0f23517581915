# grantsheet - plain Makefile.  `make` builds build/grantsheet; `make demo`
# renders every sample into out/; `make test` runs every test (unit tests
# under AddressSanitizer + UndefinedBehaviorSanitizer, then end-to-end);
# `make bench` prints speed and size figures.  Each target first makes sure
# the Debian packages it needs are installed (mk/deps.sh).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR     = $(PREFIX)/bin
DATADIR    = $(PREFIX)/share/grantsheet
MANDIR     = $(PREFIX)/share/man/man1
DOCDIR     = $(PREFIX)/share/doc/grantsheet

CC        ?= gcc
PKGS      := libxml-2.0 harfbuzz-subset icu-uc libqpdf xlsxwriter libzip
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wno-format-nonliteral
CPPFLAGS  += -Isrc -DGS_VERSION='"$(VERSION)"' -DGS_DATADIR='"$(DATADIR)"' \
             -D_GNU_SOURCE
CFLAGS    ?= -O2 -g
CFLAGS    += -std=c17 $(WARN)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS       = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lcsv -lcrypto -lz -lm
SAN       := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

BUILD_PKGS := gcc make pkg-config libhpdf-dev libxml2-dev libcsv-dev \
              libharfbuzz-dev libicu-dev libssl-dev zlib1g-dev libqpdf-dev \
              libxlsxwriter-dev libzip-dev
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

.PHONY: all deps test-deps demo test unit e2e bench install uninstall clean

all: $(B)/grantsheet

deps: $(B)/.deps
$(B)/.deps: mk/deps.sh
	@mk/deps.sh $(BUILD_PKGS)
	@mkdir -p $(B) && touch $@
test-deps: $(B)/.test-deps
$(B)/.test-deps: mk/deps.sh | $(B)/.deps
	@mk/deps.sh $(TEST_PKGS)
	@touch $@

$(B)/grantsheet: $(B)/obj/src/cli/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

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

$(B)/asan/grantsheet: $(B)/asan/src/cli/main.o $(ASAN_OBJ)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS)
$(B)/asan/tests/%: $(B)/asan/tests/%.o $(ASAN_OBJ)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS) -lcmocka

# Samples (plans and workbooks) render into out/, every document of each
# (out/NAME.pdf is the 実施計画, out/NAME-地域再生計画.pdf beside it).  A sample
# whose name ends in -invalid exists to be refused, so demo skips it (the
# tests check that it is refused).  Then the 活用状況 report of 長岡市's two
# sample projects.
demo: $(B)/grantsheet
	@mkdir -p out
	@for s in $(filter-out %-invalid.xml %-invalid.xlsx,$(SAMPLES)); do \
	    o=out/$$(basename $${s%.*}).pdf; \
	    $(B)/grantsheet render $$s --document all -o $$o || exit 1; \
	    echo "wrote $$o and its other documents ($${o%.pdf}-*.pdf)"; \
	done
	@$(B)/grantsheet report samples/nagaoka-kouka.xml samples/nagaoka-kanko.xml \
	    -o out/nagaoka-活用状況-report.pdf && echo "wrote out/nagaoka-活用状況-report.pdf"

# Tests run with the data folder set to this checkout.
TEST_ENV := GRANTSHEET_DATADIR=$(CURDIR) GS_BIN=$(CURDIR)/$(B)/asan/grantsheet \
            ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

test: unit e2e
unit: $(UNIT_BIN) $(B)/asan/grantsheet
	@fail=0; for t in $(UNIT_BIN); do \
	    echo "== $$t"; $(TEST_ENV) $$t || fail=1; \
	done; exit $$fail
e2e: $(E2E_BIN) $(B)/asan/grantsheet $(B)/grantsheet
	@fail=0; for t in $(E2E_BIN); do \
	    echo "== $$t"; $(TEST_ENV) GS_RELEASE_BIN=$(CURDIR)/$(B)/grantsheet $$t || fail=1; \
	done; exit $$fail

bench: $(B)/grantsheet $(B)/bench $(B)/corpus
	@GRANTSHEET_DATADIR=$(CURDIR) tests/bench/bench.sh $(B)/bench $(B)/grantsheet samples/nagaoka.xml $(B)/corpus
# the batch corpus generator (tests/bench/corpus.c): plain C, no library
$(B)/corpus: $(B)/obj/tests/bench/corpus.o
	$(CC) $(CFLAGS) -o $@ $^
$(B)/bench: $(B)/obj/tests/bench/bench.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

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

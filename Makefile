# reflect - a sealed reflective-practice journal.  Plain make; see README.md.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
DOCDIR    ?= $(PREFIX)/share/doc/reflect
DESTDIR   ?=
BUILD     ?= build

PKGS      := libsodium sqlite3 ncursesw jansson check libcmark libutf8proc icu-uc icu-i18n protobuf
# Debian packages that provide the above (and the tools the tests drive).
DEB_PKGS  := build-essential pkg-config libsodium-dev libsqlite3-dev libncurses-dev \
             libjansson-dev check libsubunit-dev libcmark-dev libutf8proc-dev tmux locales gettext \
             sqlite3 libicu-dev libphonenumber-dev wamerican wbritish wspanish
# Only the tests need these (the PDF test prints the HTML export with headless Chromium); a
# machine without them skips that test rather than failing.
TEST_DEB_PKGS := chromium poppler-utils

CC        ?= cc
WARN      := -std=c11 -Wall -Wextra -Wpedantic -Werror
CPPFLAGS  += -Iinclude -I$(BUILD)/gen -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D_XOPEN_SOURCE_EXTENDED
CFLAGS    ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags libsodium sqlite3 ncursesw jansson libcmark libutf8proc icu-uc icu-i18n 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs libsodium sqlite3 ncursesw jansson libcmark libutf8proc 2>/dev/null)
# De-identification: Google's libphonenumber (C++, behind src/core/deid/phone_shim.cc) and ICU.
DEID_LIBS  = -lphonenumber $(shell pkg-config --libs protobuf icu-i18n icu-uc 2>/dev/null) -lstdc++
CXX       ?= c++
CXXFLAGS  ?= -O2 -g
# The English and Spanish word lists embedded in the binary (possible names).
# English as written in the US and in the UK (NMC accounts use British spelling), merged.
WORDS_EN_SRC ?= /usr/share/dict/american-english /usr/share/dict/british-english
WORDS_EN  := $(BUILD)/gen/words-en.txt
WORDS_ES  ?= /usr/share/dict/spanish
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)
ALL_CFLAGS = $(WARN) $(CFLAGS) $(PKG_CFLAGS) -pthread -MMD -MP
LDLIBS    += $(PKG_LIBS) $(DEID_LIBS) -lm -pthread

CORE_SRC  := $(sort $(wildcard src/core/*.c src/core/deid/*.c src/core/pattern/*.c))
TUI_SRC   := $(sort $(wildcard src/tui/*.c))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
LIB_SRC   := $(CORE_SRC) $(TUI_SRC) $(CLI_SRC)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema.o $(BUILD)/gen/words.o \
             $(BUILD)/src/core/deid/phone_shim.o
MAIN_OBJ  := $(BUILD)/src/main.o
UNIT_SRC  := $(sort $(wildcard tests/unit/check_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
DRIVER_SRC := $(sort $(wildcard tests/drivers/*.c))
DRIVER_BIN := $(DRIVER_SRC:tests/drivers/%.c=$(BUILD)/tests/drivers/%)
TESTLIB_SRC := $(sort $(wildcard tests/unit/support/*.c))
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(BUILD)/%.o)
SCHEMA    := $(sort $(wildcard schema/*.sql))
# Translations: one po/<lang>.po per language named in po/LINGUAS.
LINGUAS   := $(shell sed 's/\#.*//' po/LINGUAS 2>/dev/null)
MO        := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/reflect.mo)
# libFuzzer harnesses (tests/fuzz/fuzz_*.c, seeds in tests/fuzz/corpus/NAME/): 'make fuzz' runs
# each for FUZZ_SECONDS; 'make check' replays every corpus through the same harness without
# libFuzzer ($(BUILD)/tests/replay_NAME, driven by tests/cli/fuzz_corpus.sh).
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/replay_%)
# Per harness, long enough for inputs found deep (the search line's crash took ~15,000 runs, at
# 30-60 runs a second on a loaded machine).
FUZZ_SECONDS ?= 300

.SECONDARY:

.PHONY: no-update-golden all run check unit asan bench fuzz install uninstall clean deps format pot golden mutate

all: deps $(BUILD)/reflect $(MO)

# Install what is missing, as root or through sudo; otherwise say what to install.  Every
# compile waits for it (order-only), so 'make -j' on a fresh machine does not race the install.
deps:
	@sh tools/deps.sh $(DEB_PKGS)

run: all
	$(BUILD)/reflect $(ARGS)

$(BUILD)/reflect: $(MAIN_OBJ) $(BUILD)/libreflect.a
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(BUILD)/libreflect.a $(LDLIBS)

$(BUILD)/libreflect.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/gen/schema.c: $(SCHEMA) tools/embed.sh | deps
	@mkdir -p $(@D)
	sh tools/embed.sh $(SCHEMA) > $@

$(BUILD)/gen/schema.o: $(BUILD)/gen/schema.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/gen/words-en.txt: $(WORDS_EN_SRC) | deps
	@mkdir -p $(@D)
	@for f in $(WORDS_EN_SRC); do [ -r "$$f" ] || { echo "$$f is missing: install the Debian packages wamerican and wbritish (make deps)" >&2; exit 1; }; done
	LC_ALL=C sort -u $(WORDS_EN_SRC) > $@

$(BUILD)/gen/words.S: tools/embed_words.sh $(WORDS_EN) $(WORDS_EN_SRC)
	@mkdir -p $(@D)
	sh tools/embed_words.sh $(WORDS_EN) $(WORDS_ES) > $@

$(BUILD)/gen/words.o: $(BUILD)/gen/words.S $(WORDS_EN) $(WORDS_ES)
	$(CC) -c -o $@ $<

# The one C++ file: a shim over libphonenumber behind a C header.
$(BUILD)/src/core/deid/phone_shim.o: src/core/deid/phone_shim.cc | deps
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) -std=c++17 -Wall -Wextra -Werror $(CXXFLAGS) -c -o $@ $<

$(BUILD)/src/core/i18n.o: CPPFLAGS += -DREFLECT_LOCALEDIR_DEFAULT='"$(LOCALEDIR)"'

$(BUILD)/locale/%/LC_MESSAGES/reflect.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# Refresh the template and merge it into every catalogue (run after changing messages).
pot:
	xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 --add-comments=TRANSLATORS \
	  --package-name=reflect --msgid-bugs-address=reflect -o po/reflect.pot \
	  $$(ls include/reflect/*.h src/*.c src/*/*.c | LC_ALL=C sort)
	for l in $(LINGUAS); do msgmerge -q --update --backup=none --no-fuzzy-matching po/$$l.po po/reflect.pot; done

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/%.o: tests/unit/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TESTLIB_OBJ) $(BUILD)/libreflect.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(WRAP) -o $@ $< $(TESTLIB_OBJ) $(BUILD)/libreflect.a $(CHECK_LIBS) $(LDLIBS)

# Test binaries that interpose on calls from the core (tests/unit/support/kdfmemo.h, check_alloc.c).
$(BUILD)/tests/check_faults: WRAP = -Wl,--wrap=crypto_pwhash,--wrap=rcrypto_kdf_new
$(BUILD)/tests/check_alloc: WRAP = -Wl,--wrap=crypto_pwhash,--wrap=rcrypto_kdf_new \
  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=free \
  -Wl,--wrap=sodium_malloc,--wrap=sodium_free,--wrap=json_loadb

# Small programs the shell tests drive (crash loops, leak checks).
$(BUILD)/tests/drivers/%: tests/drivers/%.c $(BUILD)/libreflect.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libreflect.a $(LDLIBS)

unit: all $(UNIT_BIN) $(DRIVER_BIN)

# Every test: Check suites, command-line tests, tmux end-to-end tests, fuzz corpus replay.
check: no-update-golden all $(UNIT_BIN) $(DRIVER_BIN) $(FUZZ_REPLAY)
	@sh tools/deps.sh $(TEST_DEB_PKGS) || echo "(the PDF test will be skipped)"
	@BUILD=$(BUILD) sh tests/run.sh

# Golden files change only through 'make golden', never during a test run.
no-update-golden:
	@if [ -n "$$UPDATE_GOLDEN" ]; then \
	  echo "UPDATE_GOLDEN is set: 'make check' never rewrites golden files; run 'make golden'" >&2; \
	  exit 2; fi

# Regenerate tests/golden/* from what the golden tests produce, show the diff, test again.
golden: all
	@BUILD=$(BUILD) sh tools/golden.sh

# Deliberate one-line bugs (tests/mutants/*.mutant), each built in a copy of the tree and run
# against its tests: every one must be killed. Slow; not part of 'make check'.
mutate: all $(UNIT_BIN) $(DRIVER_BIN)
	@BUILD=$(BUILD) sh tools/mutate.sh $(MUTANTS)

$(BUILD)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libreflect.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	  $(BUILD)/libreflect.a $(LDLIBS)

fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined" \
	  build-fuzz/libreflect.a
	@set -e; for src in $(FUZZ_SRC); do \
	  name=$$(basename $$src .c); \
	  clang $(CPPFLAGS) $(WARN) -O1 -g $(PKG_CFLAGS) \
	    -fsanitize=fuzzer,address,undefined -o build-fuzz/$$name $$src build-fuzz/libreflect.a $(LDLIBS); \
	  mkdir -p build-fuzz/corpus/$$name; \
	  echo "fuzzing $$name for $(FUZZ_SECONDS) s"; \
	  build-fuzz/$$name -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    build-fuzz/corpus/$$name tests/fuzz/corpus/$$name; \
	done

asan:
	$(MAKE) BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" check

bench: all
	@sh bench/run.sh $(BUILD)/reflect

COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BUILD)/reflect $(DESTDIR)$(BINDIR)/reflect
	install -m 644 man/reflect.1 $(DESTDIR)$(MANPREFIX)/man1/reflect.1
	install -m 644 completion/reflect.bash $(DESTDIR)$(COMPLETIONDIR)/reflect
	for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/reflect.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/reflect.mo \
	  || exit 1; done
	install -d $(DESTDIR)$(DOCDIR)
	install -m 644 doc/prompts.*.txt $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/reflect $(DESTDIR)$(MANPREFIX)/man1/reflect.1 \
	      $(DESTDIR)$(COMPLETIONDIR)/reflect
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/reflect.mo; done
	rm -f $(DESTDIR)$(DOCDIR)/prompts.*.txt
	rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# vouch: one GNU Makefile, non-recursive. See README.md.
#
#   make               build build/vouch (and build/libvouch.a)
#   make check         install missing packages, build, run every test, then the
#                      same again under AddressSanitizer + UndefinedBehaviorSanitizer
#   make demo          run the main job on examples/ and leave results in out/
#   make fuzz          build the libFuzzer targets into build-fuzz/ (clang)
#   make format        clang-format every source file
#   make install       install the binary, man pages and bash/zsh completions
#                      under $(DESTDIR)$(PREFIX) (PREFIX defaults to /usr/local)
#
# Source files are found, not listed: a new extractor or command is a new
# file under src/, and a new unit suite a new tests/unit/test_*.c.

BUILD   ?= build
CC      ?= cc
PKGS    := jansson libsodium libxxhash sqlite3 libarchive yaml-0.1 libxml-2.0 libcurl zlib \
	libhs libgit2 libmicrohttpd libpq gpgme
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0-dev)

# The matcher of `vouch secrets` (src/core/secrets/match.h): vectorscan or
# hyperscan (pkg-config libhs) when found, else PCRE2 with its JIT
# (libpcre2-8). SECRETS_ENGINE=hs or =pcre2 forces one (t0950 builds both).
SECRETS_ENGINE ?= $(if $(shell pkg-config --exists libhs 2>/dev/null && echo y),hs,pcre2)
SECRETS_PKG    := $(if $(filter pcre2,$(SECRETS_ENGINE)),libpcre2-8,libhs)
PKGS           := $(filter-out libhs,$(PKGS)) $(SECRETS_PKG)
DEB_libpcre2-8 := libpcre2-dev

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# Missing build dependencies are named before anything is compiled, with the
# Debian package of each (DEB_<pkg-config name>; scripts/bootstrap lists the
# same). Goals that install, clean or only read the sources skip the check.
DEB_jansson    := libjansson-dev
DEB_libsodium  := libsodium-dev
DEB_libxxhash  := libxxhash-dev
DEB_sqlite3    := libsqlite3-dev
DEB_libarchive := libarchive-dev
DEB_yaml-0.1   := libyaml-dev
DEB_libxml-2.0 := libxml2-dev
DEB_libcurl    := libcurl4-openssl-dev
DEB_zlib       := zlib1g-dev
DEB_libhs      := libvectorscan-dev
DEB_libgit2    := libgit2-dev
DEB_libmicrohttpd := libmicrohttpd-dev
DEB_libpq      := libpq-dev
DEB_gpgme      := libgpgme-dev
NO_DEPS_GOALS  := bootstrap check demo clean format format-check
ifneq ($(filter-out $(NO_DEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(shell command -v pkg-config 2>/dev/null),)
PKGS_MISSING := $(PKGS)
DEBS_MISSING := pkg-config
else
PKGS_MISSING := $(shell for p in $(PKGS); do pkg-config --exists $$p || echo $$p; done)
endif
ifneq ($(strip $(PKGS_MISSING)),)
DEBS_MISSING += $(foreach p,$(PKGS_MISSING),$(or $(DEB_$(p)),$(p)))
$(error missing build dependencies (pkg-config): $(strip $(PKGS_MISSING)); \
	install them with 'make bootstrap' as root, or 'apt-get install $(strip $(DEBS_MISSING))')
endif
endif

WARN := -Wall -Wextra -Werror -Wformat-security -Wstrict-prototypes -Wvla -Wwrite-strings \
	-Wmissing-prototypes -Wno-unused-parameter
OPT  ?= -O2 -g
ifeq ($(SAN),1)
OPT  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDSAN := -fsanitize=address,undefined
else
HARDEN := -D_FORTIFY_SOURCE=2 -fstack-protector-strong
endif

CFLAGS_ALL := -std=c17 $(OPT) $(WARN) $(HARDEN) -fPIE -Isrc $(PKG_CFLAGS) \
	-DVOUCH_VERSION='"$(VERSION)"' -MMD -MP $(CFLAGS)
# Full RELRO: symbols bound at start and the GOT read-only after (measured:
# no difference beyond noise now that the heavy libraries are loaded on demand).
LDFLAGS_ALL := -pie -Wl,-z,relro,-z,now $(LDSAN) $(LDFLAGS)
# Libraries only some commands need are not linked: src/util/dynlib.c loads
# each on first use by the soname of the .so in pkg-config's libdir (start-up
# cost, see dynlib.h and bench/sbom/README.md).
DYNLIB_PKGS := libcurl:CURL libgit2:GIT2 libpq:PQ gpgme:GPGME libmicrohttpd:MHD libhs:HS \
	libxml-2.0:XML2 libarchive:ARCHIVE
# With the PCRE2 secrets matcher vectorscan is neither loaded nor needed to build.
ifeq ($(SECRETS_ENGINE),pcre2)
DYNLIB_PKGS := $(filter-out libhs:HS,$(DYNLIB_PKGS))
$(BUILD)/obj/src/util/dynlib.o: CFLAGS_ALL += -DDYNLIB_NO_HS
endif
DYNLIB_LIBS := $(foreach p,$(DYNLIB_PKGS),$(shell pkg-config --libs-only-l $(firstword $(subst :, ,$(p))) 2>/dev/null))
DYNLIB_DEFS := $(foreach p,$(DYNLIB_PKGS),$(shell pk=$(firstword $(subst :, ,$(p))); \
	so=$$(readelf -d "$$(pkg-config --variable=libdir $$pk)/$$(pkg-config --libs-only-l $$pk | sed 's/^ *-l\([^ ]*\).*/lib\1/').so" 2>/dev/null | \
	sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'); \
	[ -n "$$so" ] && echo "-DDYNLIB_SONAME_$(lastword $(subst :, ,$(p)))='\"$$so\"'"))
LIBS := $(filter-out $(DYNLIB_LIBS),$(PKG_LIBS)) -ldl -lm
$(BUILD)/obj/src/util/dynlib.o: CFLAGS_ALL += $(DYNLIB_DEFS)

CORE_SRC := $(sort $(shell find src/core src/util -name '*.c'))
CORE_SRC := $(filter-out src/core/secrets/match_$(if $(filter pcre2,$(SECRETS_ENGINE)),hs,pcre2).c,$(CORE_SRC))
CLI_SRC  := src/main.c $(sort $(wildcard src/cmd/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
HELPER_SRC := $(sort $(wildcard tests/helper/*.c))

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HARNESS_OBJ := $(BUILD)/obj/tests/unit/harness.o

# "make -s" silences the short "CC file" lines too.
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
SAY := @true
else
SAY := @echo
endif

.PHONY: all check demo fuzz fuzz-bins fuzz-run format format-check clean bootstrap tests bench \
	man completions install
.DEFAULT_GOAL := all

all: $(BUILD)/vouch

$(BUILD)/libvouch.a: $(CORE_OBJ)
	@mkdir -p $(@D)
	@rm -f $@
	$(SAY) "  AR      $@"
	@ar qcs $@ $^   # q, not r: members of one name (ci/check.o, release/check.o) are all kept

$(BUILD)/vouch: $(CLI_OBJ) $(BUILD)/libvouch.a
	$(SAY) "  LINK    $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libvouch.a $(LIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(SAY) "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(HARNESS_OBJ) $(BUILD)/libvouch.a
	@mkdir -p $(@D)
	@$(CC) $(LDFLAGS_ALL) -o $@ $< $(HARNESS_OBJ) $(BUILD)/libvouch.a $(LIBS)

$(BUILD)/vouch-test-tool: $(HELPER_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/libvouch.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(BUILD)/libvouch.a $(LIBS)

tests: $(BUILD)/vouch $(UNIT_BIN) $(if $(HELPER_SRC),$(BUILD)/vouch-test-tool)

# Man pages from docs/cmd/*.md and completions from the binary's own --help,
# both by scripts of ours (scripts/mkman, scripts/mkcompletion).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
MAN_SRC  := $(sort $(wildcard docs/cmd/*.md))
MAN_PAGES := $(BUILD)/man/vouch.1 $(MAN_SRC:docs/cmd/%.md=$(BUILD)/man/vouch-%.1)

$(BUILD)/man/vouch-%.1: docs/cmd/%.md scripts/mkman
	@mkdir -p $(@D)
	@scripts/mkman $(VERSION) $< >$@.tmp && mv $@.tmp $@

$(BUILD)/man/vouch.1: $(BUILD)/vouch scripts/mkman
	@mkdir -p $(@D)
	@scripts/mkman $(VERSION) --main $(BUILD)/vouch >$@.tmp && mv $@.tmp $@

$(BUILD)/completions/vouch $(BUILD)/completions/_vouch: $(BUILD)/vouch scripts/mkcompletion
	@mkdir -p $(@D)
	@scripts/mkcompletion $(BUILD)/vouch bash >$(BUILD)/completions/vouch.tmp
	@scripts/mkcompletion $(BUILD)/vouch zsh >$(BUILD)/completions/_vouch.tmp
	@mv $(BUILD)/completions/vouch.tmp $(BUILD)/completions/vouch
	@mv $(BUILD)/completions/_vouch.tmp $(BUILD)/completions/_vouch

man: $(MAN_PAGES)
completions: $(BUILD)/completions/vouch $(BUILD)/completions/_vouch

install: $(BUILD)/vouch man completions
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 $(BUILD)/vouch $(DESTDIR)$(BINDIR)/vouch
	install -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(BUILD)/completions/vouch $(DESTDIR)$(BASHCOMPDIR)/vouch
	install -m 0644 $(BUILD)/completions/_vouch $(DESTDIR)$(ZSHCOMPDIR)/_vouch

bootstrap:
	@scripts/bootstrap

check:
	@scripts/bootstrap
	@scripts/check

demo:
	@scripts/bootstrap --build-only
	@$(MAKE) --no-print-directory all
	@scripts/demo

# Fuzzing: one libFuzzer binary per tests/fuzz/fuzz_*.c, linked with the core
# built under clang with the fuzzer and sanitizers.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_PCRE2 := $(if $(shell pkg-config --exists libpcre2-8 2>/dev/null && echo y),y)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build-fuzz/fuzz/%,$(FUZZ_SRC))
FUZZ_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
fuzz:
	@$(MAKE) --no-print-directory -j$(FUZZ_JOBS) BUILD=build-fuzz CC=clang \
		OPT='-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined' \
		LDSAN='-fsanitize=address,undefined' HARDEN= build-fuzz/libvouch.a
	@mkdir -p build-fuzz/fuzz
	@$(MAKE) --no-print-directory -j$(FUZZ_JOBS) fuzz-bins

# Each target is relinked when its source, a header of tests/fuzz or the
# library changes; they link FUZZ_JOBS at a time.
fuzz-bins: $(FUZZ_BINS)$(if $(filter hsy,$(SECRETS_ENGINE)$(FUZZ_PCRE2)), build-fuzz/fuzz/fuzz_secrets_pcre2)
build-fuzz/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) build-fuzz/libvouch.a
	@echo "  FUZZ $*"
	@clang -std=c17 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) \
		-o $@ $< build-fuzz/libvouch.a $(LIBS)
# the secrets target once more with the other engine: PCRE2's matcher object
# comes before the library, so the vectorscan one is never pulled in
build-fuzz/fuzz/fuzz_secrets_pcre2: tests/fuzz/fuzz_secrets.c src/core/secrets/match_pcre2.c \
		$(wildcard tests/fuzz/*.h) build-fuzz/libvouch.a
	@echo "  FUZZ fuzz_secrets_pcre2"
	@mkdir -p build-fuzz/obj-pcre2
	@clang -std=c17 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
		-Isrc $(PKG_CFLAGS) $(shell pkg-config --cflags libpcre2-8) \
		-c -o build-fuzz/obj-pcre2/match_pcre2.o src/core/secrets/match_pcre2.c
	@clang -std=c17 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) \
		-o $@ tests/fuzz/fuzz_secrets.c \
		build-fuzz/obj-pcre2/match_pcre2.o build-fuzz/libvouch.a $(LIBS) \
		$(shell pkg-config --libs libpcre2-8)

# Runs every fuzzer for FUZZ_SECONDS each on its seed corpus.
FUZZ_SECONDS ?= 30
fuzz-run: fuzz
	@scripts/fuzz-run $(FUZZ_SECONDS)

format:
	clang-format -i $$(find src tests -name '*.[ch]')

format-check:
	@clang-format --dry-run --Werror $$(find src tests -name '*.[ch]')

bench: all
	@echo "benchmarks live in bench/; see bench/README.md"

clean:
	rm -rf build build-san build-fuzz out

-include $(CORE_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# detectd: plain Makefile, dependencies found with pkg-config.
#
#   make            build build/detectd
#   make demo       set up, build, replay the sample logs and print alerts
#                   (V=1 shows the compiler lines)
#   make check      set up, build, run every test (layers, unit, fuzz corpora, e2e)
#   make check-layers  fail on any dependency that climbs the layers
#   make check-funcs   fail on any function of src/ over 60 lines
#   make check-sanitize   the same tests built with ASan and UBSan
#   make check-fuzz-ubsan the fuzz corpora under clang's UBSan (in make check)
#   make bench      throughput figures beside the wc -l floor (SIGMA=DIR
#                   adds the figures of a SigmaHQ rules tree)
#   make bench-kafka  1, 2 and 4 daemons behind librdkafka's mock
#                   cluster, 8 partitions: records per second and per
#                   CPU second (docs/scale.md)
#   make bench-peer Debian's sagan and detectd on the same file, equivalent
#                   rules: events per CPU-second of each and the ratio
#   make sigma-coverage SIGMA=DIR  what of a Sigma rules tree loads, and why not
#   make eval       replay the attack campaign scenario, per stage found/missed,
#                   and benign days: alerts per benign host-day by rule
#   make fuzz       run every libFuzzer target (FUZZ_SECONDS each)
#   make mutate     plant each bug of scripts/mutate.list in a copy of the
#                   tree and report those the tests do not catch
#   make install    PREFIX, DESTDIR, SYSCONFDIR, LOCALSTATEDIR (and the
#                   system user, through systemd-sysusers, without DESTDIR)
#   make uninstall  remove what make install wrote, but changed
#                   configuration, local rules, state and alerts

PREFIX		?= /usr/local
SYSCONFDIR	?= /etc
LOCALSTATEDIR	?= /var
SBINDIR		?= $(PREFIX)/sbin
MANDIR		?= $(PREFIX)/share/man
DATADIR		?= $(PREFIX)/share/detectd
UNITDIR		?= /lib/systemd/system
SYSUSERSDIR	?= /usr/lib/sysusers.d

B		?= build
CC		?= cc
PKG_CONFIG	?= pkg-config
PKGS		 = libevent_core libevent_extra libpcre2-8 jansson zlib libmaxminddb \
		   yaml-0.1 libcurl libevent_openssl openssl rdkafka
VERSION		 = 0.1.0

OPT		?= -O2 -g
WARN		 = -Wall -Wextra -Wmissing-prototypes -Wmissing-declarations \
		   -Wshadow -Wpointer-arith -Wcast-qual -Wformat=2
ifeq ($(CI),true)
WARN		+= -Werror
endif
# The test runners read them: under CI=true a skip fails make check
# unless SKIP_OK declares it (tests/run-lib.sh).
export CI SKIP_OK
SAN		?=

PKG_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS	:= $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS	:= $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

ALL_CFLAGS	 = -std=c11 -pthread $(OPT) $(WARN) $(SAN) $(PKG_CFLAGS) $(CFLAGS)
ALL_CPPFLAGS	 = -D_GNU_SOURCE -Isrc -DDETECTD_VERSION=\"$(VERSION)\" \
		   -DSYSCONFDIR=\"$(SYSCONFDIR)\" \
		   -DLOCALSTATEDIR=\"$(LOCALSTATEDIR)\" $(CPPFLAGS)
ALL_LDFLAGS	 = $(SAN) $(LDFLAGS)
LIBS		 = $(PKG_LIBS) -lm -pthread

LIB_SRC		:= $(filter-out src/detectd.c, \
		   $(wildcard src/*.c src/util/*.c src/conf/*.c src/event/*.c \
		   src/collector/*.c src/parsers/*.c src/alert/*.c src/output/*.c \
		   src/analyzers/*.c src/rules/*.c src/report/*.c))
LIB_OBJ		:= $(LIB_SRC:%.c=$(B)/%.o)
TEST_SRC	:= $(wildcard tests/check_*.c)
TEST_BIN	:= $(TEST_SRC:tests/%.c=$(B)/tests/%)
TOOL_SRC	:= $(wildcard tools/*.c tests/tools/*.c)
TOOL_BIN	:= $(TOOL_SRC:%.c=$(B)/%)
FUZZ_SRC	:= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY	:= $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz-replay/%)
FUZZ_BIN	:= $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)

.PHONY: all deps deps-test demo check check-build check-layers check-funcs check-unit check-fuzz \
	check-e2e check-fuzz-ubsan \
	check-sanitize mutate \
	bench bench-kafka bench-peer eval fuzz install uninstall clean tools sigma-coverage

all: $(B)/detectd tools

tools: $(TOOL_BIN)

deps:
	@sh scripts/deps.sh

# What some tests need beyond the build (scripts/deps.sh): make check's.
deps-test:
	@sh scripts/deps.sh test

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/libdetectd.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/detectd: $(B)/src/detectd.o $(B)/libdetectd.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/check_%: tests/check_%.c $(B)/libdetectd.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(CHECK_CFLAGS) -MMD -MP \
	    -DTEST_SRCDIR=\"$(CURDIR)/tests\" -o $@ $< $(B)/libdetectd.a \
	    $(ALL_LDFLAGS) $(CHECK_LIBS) $(LIBS)

$(B)/tools/%: tools/%.c $(B)/libdetectd.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -o $@ $< \
	    $(B)/libdetectd.a $(ALL_LDFLAGS) $(LIBS)

$(B)/tests/tools/%: tests/tools/%.c $(B)/libdetectd.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -o $@ $< \
	    $(B)/libdetectd.a $(ALL_LDFLAGS) $(LIBS)

# Fuzz targets built with a plain driver that replays their corpus, so
# that every corpus runs in make check (and under the sanitizers).
$(B)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c \
    tests/fuzz/fuzz_parser.h $(B)/libdetectd.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c \
	    $(B)/libdetectd.a $(ALL_LDFLAGS) $(LIBS)

# The compiler lines are kept in $(B)/demo-build.log (V=1 shows them);
# a failed build prints its log.
demo: deps
	@if [ "$(V)" = 1 ]; then \
	    $(MAKE) --no-print-directory all || exit 1; \
	else \
	    mkdir -p $(B); \
	    echo "== building detectd (V=1 shows the compiler lines)"; \
	    $(MAKE) --no-print-directory all > $(B)/demo-build.log 2>&1 || \
	    { cat $(B)/demo-build.log; exit 1; }; \
	fi
	@sh scripts/demo.sh $(B)

# The builds of make check use every processor, unless make was given -j.
BUILD_J		 = $$(case "$(MAKEFLAGS)" in *-j*) ;; \
		   *) echo -j$$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) ;; \
		   esac)

check: deps-test
	@$(MAKE) --no-print-directory $(BUILD_J) check-build
	@$(MAKE) --no-print-directory check-layers check-funcs check-unit \
	    check-fuzz check-fuzz-ubsan check-e2e

# What the checks run, built.
check-build: all $(TEST_BIN) $(FUZZ_REPLAY)

# The layers of src/ (scripts/check-layers.sh): no edge may climb.
check-layers: $(LIB_OBJ) $(B)/src/detectd.o
	@sh scripts/check-layers.sh $(B) $^

check-funcs:
	@sh scripts/check-funcs.sh 60

check-unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(B) $(TEST_BIN)

check-fuzz: $(FUZZ_REPLAY)
	@sh tests/run-fuzz-corpora.sh $(B) $(FUZZ_REPLAY)

# E2E_SAN: the sanitizers the binary was built with, for the tests that
# build something of their own (debian_package) and so add nothing
# there; their skip is declared expected in that build (SKIP_OK).
check-e2e: $(B)/detectd tools
	@E2E_SAN="$(SAN)" SKIP_OK="$(SKIP_OK)$(if $(SAN), e2e:debian_package)" \
	    sh tests/run-e2e.sh $(B)

# The corpora again, built by clang with its UBSan: it finds undefined
# behaviour gcc's does not (NULL + 0 in kv_url, for one).  Skipped, and
# said so, where there is no clang.
CLANG		?= clang
check-fuzz-ubsan:
	@if command -v $(CLANG) > /dev/null 2>&1; then \
	    $(MAKE) --no-print-directory B=$(B)/ubsan CC=$(CLANG) CI=no \
	    OPT="-O1 -g" SAN="-fsanitize=undefined -fno-sanitize-recover=all" \
	    $(BUILD_J) check-fuzz; \
	else \
	    sh tests/skipped.sh fuzz-ubsan "no $(CLANG)"; \
	fi

SAN_MAKE	 = $(MAKE) --no-print-directory B=build/san OPT="-O1 -g" \
		   SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

# The sanitizers slow the code several times over: each Check test gets
# three times its time limit.
check-sanitize: deps-test
	@$(SAN_MAKE) $(BUILD_J) check-build
	@CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-3} \
	    $(SAN_MAKE) check-unit check-fuzz check-e2e

bench: deps
	@$(MAKE) --no-print-directory all
	@SIGMA="$(SIGMA)" sh scripts/bench.sh $(B)

# sagan against detectd on one generated file (scripts/bench-peer.sh).
bench-peer: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/bench-peer.sh $(B)

# What of a Sigma rules tree (SIGMA=DIR) loads, by log source and reason.
sigma-coverage: $(B)/detectd
	@sh scripts/sigma-coverage.sh "$(SIGMA)" $(B)

bench-kafka: deps
	@$(MAKE) --no-print-directory all
	@RUNS="$(RUNS)" sh scripts/bench-kafka.sh $(B)

# Replay the campaign scenario: what each stage and analyzer found.
eval: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/eval.sh $(B)

# Each mutant of scripts/mutate.list planted in a copy of the tree, its
# tests run: fails when one survives.  Not part of check (see README).
mutate: deps
	@sh scripts/mutate.sh scripts/mutate.list

# libFuzzer needs clang; each target runs FUZZ_SECONDS on its corpus.
FUZZ_SECONDS	?= 60
$(B)/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	clang $(ALL_CPPFLAGS) -std=c11 -O1 -g $(PKG_CFLAGS) \
	    -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB_SRC) $(LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@sh tests/run-fuzz.sh $(B) $(FUZZ_SECONDS) $(FUZZ_BIN)

# The configuration is handled as dpkg handles conffiles: see
# scripts/install-conf.sh.  The system user comes from sysusers.d.
MAN1		:= $(notdir $(wildcard man/*.1))
MAN5		:= $(notdir $(wildcard man/*.5))
MAN7		:= $(notdir $(wildcard man/*.7))
MAN8		:= $(notdir $(wildcard man/*.8))
CONF_ARGS	 = "$(DESTDIR)" "$(SYSCONFDIR)" "$(LOCALSTATEDIR)" "$(DATADIR)"

install: $(B)/detectd
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 755 $(B)/detectd $(DESTDIR)$(SBINDIR)/detectd
	sh scripts/install-conf.sh install $(CONF_ARGS)
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 schema/alert.schema.json $(DESTDIR)$(DATADIR)/
	install -D -m 644 etc/logrotate.d/detectd $(DESTDIR)$(SYSCONFDIR)/logrotate.d/detectd
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    systemd/detectd.service.in > $(DESTDIR)$(UNITDIR)/detectd.service
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    systemd/detectd@.service.in > $(DESTDIR)$(UNITDIR)/detectd@.service
	install -m 644 systemd/detectd.sysusers $(DESTDIR)$(SYSUSERSDIR)/detectd.conf
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers > /dev/null; then \
	    echo "systemd-sysusers $(SYSUSERSDIR)/detectd.conf"; \
	    systemd-sysusers $(SYSUSERSDIR)/detectd.conf; \
	fi

# The user detectd stays: files it owned may outlive the package.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/detectd $(DESTDIR)$(UNITDIR)/detectd.service \
	    $(DESTDIR)$(UNITDIR)/detectd@.service \
	    $(DESTDIR)$(SYSUSERSDIR)/detectd.conf \
	    $(DESTDIR)$(DATADIR)/alert.schema.json \
	    $(DESTDIR)$(SYSCONFDIR)/logrotate.d/detectd \
	    $(MAN1:%=$(DESTDIR)$(MANDIR)/man1/%) \
	    $(MAN5:%=$(DESTDIR)$(MANDIR)/man5/%) \
	    $(MAN7:%=$(DESTDIR)$(MANDIR)/man7/%) \
	    $(MAN8:%=$(DESTDIR)$(MANDIR)/man8/%)
	sh scripts/install-conf.sh uninstall $(CONF_ARGS)
	-rmdir $(DESTDIR)$(DATADIR) 2> /dev/null

clean:
	rm -rf build

-include $(shell find $(B) -name '*.d' -type f 2>/dev/null)

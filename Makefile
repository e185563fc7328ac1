# SPDX-License-Identifier: GPL-2.0-or-later
#
# Front door: fetch a QEMU base, lay our files over it, build, test.
#   make          build qemu-system-x86_64 with virtio-gpio-acrn and virtio-gpio
#   make demo     build, then boot a Linux guest and show the devices working
#   make check    build, then run unit tests, qtests, command-line checks and
#                 the guest tiers (a real kernel's gpio-sim and gpio-virtio)
#   make bench    latency and CPU figures next to their floors and the peer:
#                 table and plot in build/bench (PEER_BIN= the peer daemon)
#   make peer PEER_SRC=DIR  build the peer, vhost-device-gpio, offline
#   make series   the patch series in build/series, checked
#   make series-build  build at every patch of the series (slow)
#   make fuzz     clang + libFuzzer + ASan + UBSan build in build/qemu/build-fuzz,
#                 then QEMU's generic-fuzz on both devices, FUZZ_SECONDS each
#                 (default 600); FUZZ_TARGET=virtio-gpio-pci (or -acrn-pci)
#                 runs one.  Corpus in build/fuzz-corpus, findings in
#                 build/fuzz-crashes.  Not part of make check.
#   make sanitize the same build's qemu-system-x86_64, qos-test and unit tests:
#                 the unit tests and our qtests under ASan, LSan and UBSan.
#   make check-all  make check on every base (10.0, then 10.2), one total
#   make docs     the HTML manual (Sphinx), build/qemu[-10.2]/build-docs/docs/manual
# QEMU_BASE=10.2 works on Debian's QEMU 10.2.x instead of 10.0.x (the
# default), in its own tree build/qemu-10.2; the compiler cache is shared.
# QEMU_SRC=/path/to/qemu uses an existing tree instead of Debian's (its
# VERSION picks QEMU_BASE unless given).

TOP      := $(abspath .)
CACHE    ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/virtio-gpio-acrn
# from QEMU_SRC's VERSION: 10.2.2 is 10.2, a development tree (10.2.50) master
QEMU_BASE ?= $(if $(QEMU_SRC),$(shell awk -F. '{ print ($$3 >= 50) ? "master" : \
		$$1 "." $$2 }' $(QEMU_SRC)/VERSION),10.0)
export QEMU_BASE
BASES    := 10.0 10.2
# 10.0 keeps the tree it always had; other bases get build/qemu-<base>
TREE     := $(TOP)/build/qemu$(if $(filter 10.0,$(QEMU_BASE)),,-$(QEMU_BASE))
SUFFIX   := $(patsubst $(TOP)/build/qemu%,%,$(TREE))
BUILD    := $(TREE)/build
QEMU     := $(BUILD)/qemu-system-x86_64
TARGETS  := qemu-system-x86_64 tests/qtest/qos-test \
	    tests/qtest/virtio-gpio-acrn-acpi-test tests/unit/test-gpio-map \
	    tests/unit/test-gpio-lines

# ccache: one cache outside the clone, keyed on paths relative to build/,
# so a fresh clone elsewhere hits the same entries.
export CCACHE_DIR      ?= $(CACHE)/ccache
export CCACHE_BASEDIR  := $(TOP)/build
export CCACHE_NOHASHDIR := 1
export CCACHE_MAXSIZE  ?= 5G

CONFIGURE_FLAGS := --target-list=x86_64-softmmu --disable-docs --disable-tools \
	--disable-guest-agent --disable-install-blobs --disable-download \
	--enable-werror --python=/usr/bin/python3 --cc="ccache cc" \
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu

.PHONY: all build deps tree check check-all bench peer demo series series-build clean \
	distclean fuzz-deps fuzz-tree fuzz sanitize docs
all: build

deps:
	@scripts/setup-deps.sh

tree: deps
	@scripts/prepare-tree.sh $(TREE)

$(BUILD)/build.ninja:
	@$(MAKE) --no-print-directory tree
	mkdir -p $(BUILD)
	cd $(BUILD) && ../configure $(CONFIGURE_FLAGS) > configure.log 2>&1 || \
		{ tail -n 30 configure.log; exit 1; }

# Debian's source ships no firmware: QEMU run from the build tree looks
# for it under qemu-bundle/, so point the configured paths there.
FIRMWARE_DIRS := /usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu

link_firmware = for d in $(FIRMWARE_DIRS); do \
		mkdir -p $(1)/qemu-bundle$$(dirname $$d); \
		[ -e $(1)/qemu-bundle$$d ] || ln -s $$d $(1)/qemu-bundle$$d; \
	done

build: tree $(BUILD)/build.ninja
	ninja -C $(BUILD) $(TARGETS)
	@$(call link_firmware,$(BUILD))
	@echo "Built $(QEMU)"
	@echo "QEMU base: $$($(QEMU) --version | head -n 1)"

check: build
	@scripts/run-tests.sh $(BUILD)

# Every base in turn (builds one at a time), then one total.
check-all:
	@scripts/check-all.sh $(BASES)

# The main job: boot a Linux guest on a simulated chip and show it working.
demo: build
	@scripts/demo.sh $(BUILD)

# The project as a git format-patch series against the base, in
# build/series, checked with checkpatch.pl and git am.
series: tree
	@scripts/make-series.py "$$(cat build/.base$(SUFFIX))" build/series$(SUFFIX)

# Slow (about 25 minutes): build the tree at every patch of the series.
series-build: series
	@scripts/series-build.sh $(SUFFIX)

# Figures, not pass/fail (see docs/system/devices/virtio/virtio-gpio-perf.rst):
# request round trips seen by a Linux guest next to their floors and the
# peer, with a plot in build/bench/; edge storms and idle wake-ups; the
# qtest's in-QEMU edge latency on the simulated chip and on the kernel's
# gpio-sim.  PEER_BIN=path/to/vhost-device-gpio adds the peer (default:
# the one "make peer" built, if any; PEER_BIN= leaves it out).
# EDGES=N changes the simulated chip's edge count (default 1000);
# BENCH_ROUNDS (5) and BENCH_COUNT (4000 calls) the request rounds,
# BENCH_EDGE_ROUNDS (3) and BENCH_EDGES (400) the host edge rounds,
# BENCH_IDLE (10 s) and BENCH_STORM (200:100,20000:0) the rest.
PEER_BIN ?= $(wildcard $(CACHE)/peer/bin/vhost-device-gpio)
export PEER_BIN BENCH_ROUNDS BENCH_COUNT BENCH_EDGE_ROUNDS BENCH_EDGES \
	BENCH_IDLE BENCH_STORM
$(TOP)/build/bench/gpio-rtt: tests/bench/gpio-rtt.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -o $@ $< -lgpiod

bench: build $(TOP)/build/bench/gpio-rtt
	@scripts/setup-deps.sh --bench
	@echo "== request round trip seen by a Linux guest"
	@scripts/bench.py $(BUILD)
	@echo "== host edge to guest event, the guest kernel's gpio-sim (qtest)"
	-@scripts/bench-edge.py $(BUILD)
	@echo "== edge storm and idle wake-ups"
	@# not fatal: Linux 6.12's gpio-virtio can stall under a storm (its
	@# docs page says why); the figures after it still come
	-@scripts/bench-storm.py $(BUILD)
	@echo "== instructions per request in the request handlers (callgrind, qtest); round trips in qtest"
	@scripts/bench-insns.sh $(BUILD) $(or $(BENCH_INSN_ROUNDS),300)
	@echo "== edge latency in QEMU, simulated chip (qtest)"
	@QTEST_QEMU_BINARY=$(QEMU) QTEST_VIRTIO_GPIO_BENCH=$(or $(EDGES),1000) \
		$(BUILD)/tests/qtest/qos-test -p /x86_64/virtio-gpio-acrn/bench | \
		sed -n 's/^# bench: //p'
	@echo "== edge latency in QEMU, the kernel's gpio-sim in the guest (qtest)"
	@scripts/guest-tier.sh $(BUILD) bench.sh | sed -n 's/^\[guest\] figure: //p'

# The peer for make bench, built offline from PEER_SRC (a vhost-device
# checkout or git directory) with Debian 13's crate sources, outside this
# tree (scripts/build-peer.sh); downloads Debian packages, so not part of
# make bench.
peer:
	@scripts/build-peer.sh $(or $(PEER_SRC),$(error give PEER_SRC=/path/to/vhost-device))

# Fuzzing and sanitizers: one clang build (libFuzzer, ASan, UBSan) from the
# same tree, niced, at most 2 jobs.  Its qemu-system-x86_64 and qos-test
# serve make sanitize; qemu-fuzz-x86_64 serves make fuzz.
FUZZ_BUILD   := $(TREE)/build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_CONFIGURE_FLAGS := --target-list=x86_64-softmmu --disable-docs \
	--disable-tools --disable-guest-agent --disable-install-blobs \
	--disable-download --python=/usr/bin/python3 \
	--cc="ccache clang-16" --cxx="ccache clang++-16" \
	--enable-fuzzing --enable-asan --enable-ubsan \
	--extra-cflags=-fno-omit-frame-pointer \
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu

fuzz-deps:
	@scripts/setup-deps.sh --fuzz

$(FUZZ_BUILD)/build.ninja:
	@$(MAKE) --no-print-directory fuzz-deps tree
	mkdir -p $(FUZZ_BUILD)
	cd $(FUZZ_BUILD) && nice -n 10 ../configure $(FUZZ_CONFIGURE_FLAGS) \
		> configure.log 2>&1 || { tail -n 30 configure.log; exit 1; }

fuzz-tree: fuzz-deps tree $(FUZZ_BUILD)/build.ninja
	@$(call link_firmware,$(FUZZ_BUILD))

fuzz: fuzz-tree
	nice -n 10 ninja -j2 -C $(FUZZ_BUILD) qemu-fuzz-x86_64
	@scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGET)

sanitize: fuzz-tree
	nice -n 10 ninja -j2 -C $(FUZZ_BUILD) $(TARGETS)
	@scripts/sanitize.sh $(FUZZ_BUILD) $(filter tests/unit/%,$(TARGETS))

# The HTML manual of the base with our documents, from its own configured
# build directory (Sphinx from Debian; -W through --enable-werror, so any
# warning fails it), no compiling.
DOCS_BUILD := $(TREE)/build-docs
DOCS_CONFIGURE_FLAGS := --target-list=x86_64-softmmu --enable-docs \
	--disable-tools --disable-guest-agent --disable-install-blobs \
	--disable-download --enable-werror --python=/usr/bin/python3

$(DOCS_BUILD)/build.ninja:
	@scripts/setup-deps.sh --docs
	@$(MAKE) --no-print-directory tree
	mkdir -p $(DOCS_BUILD)
	cd $(DOCS_BUILD) && ../configure $(DOCS_CONFIGURE_FLAGS) > configure.log 2>&1 || \
		{ tail -n 30 configure.log; exit 1; }

docs: tree $(DOCS_BUILD)/build.ninja
	ninja -C $(DOCS_BUILD) docs/docs.stamp
	@scripts/check-docs.sh $(DOCS_BUILD)/docs/manual

clean:
	rm -rf $(BUILD)

distclean:
	rm -rf $(TOP)/build

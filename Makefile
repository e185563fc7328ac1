# SPDX-License-Identifier: GPL-2.0-or-later
#
# Front door: fetch the QEMU 10.0.x base, lay our files over it, build, test.
#   make          build qemu-system-x86_64 with virtio-gpio-acrn and virtio-gpio
#   make demo     build, then boot a Linux guest and show the devices working
#   make check    build, then run unit tests, qtests, command-line checks and
#                 the guest tiers (a real kernel's gpio-sim and gpio-virtio)
#   make bench    edge latency and per-request CPU figures
#   make series   the patch series in build/series, checked
#   make series-build  build at every patch of the series (slow)
# QEMU_SRC=/path/to/qemu uses an existing 10.0.x tree instead of Debian's.

TOP      := $(abspath .)
CACHE    ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/virtio-gpio-acrn
TREE     := $(TOP)/build/qemu
BUILD    := $(TREE)/build
QEMU     := $(BUILD)/qemu-system-x86_64
TARGETS  := qemu-system-x86_64 tests/qtest/qos-test tests/unit/test-gpio-map

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

.PHONY: all build deps tree check bench demo series series-build clean distclean
all: build

deps:
	@scripts/setup-deps.sh

tree: deps
	@scripts/prepare-tree.sh

$(BUILD)/build.ninja:
	@$(MAKE) --no-print-directory tree
	mkdir -p $(BUILD)
	cd $(BUILD) && ../configure $(CONFIGURE_FLAGS) > configure.log 2>&1 || \
		{ tail -n 30 configure.log; exit 1; }

# Debian's source ships no firmware: QEMU run from the build tree looks
# for it under qemu-bundle/, so point the configured paths there.
FIRMWARE_DIRS := /usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu

build: tree $(BUILD)/build.ninja
	ninja -C $(BUILD) $(TARGETS)
	@for d in $(FIRMWARE_DIRS); do \
		mkdir -p $(BUILD)/qemu-bundle$$(dirname $$d); \
		[ -e $(BUILD)/qemu-bundle$$d ] || ln -s $$d $(BUILD)/qemu-bundle$$d; \
	done
	@echo "Built $(QEMU)"
	@echo "QEMU base: $$($(QEMU) --version | head -n 1)"

check: build
	@scripts/run-tests.sh $(BUILD)

# The main job: boot a Linux guest on a simulated chip and show it working.
demo: build
	@scripts/demo.sh

# The project as a git format-patch series against the base, in
# build/series, checked with checkpatch.pl and git am.
series: tree
	@scripts/make-series.py "$$(cat build/.base)" build/series

# Slow (about 25 minutes): build the tree at every patch of the series.
series-build: series
	@scripts/series-build.sh

# Figures, not pass/fail: the simulated chip here, the kernel's gpio-sim
# in the guest.  EDGES=N changes the edge count (default 1000).
bench: build
	@echo "== benchmark on QEMU's simulated chip"
	@QTEST_QEMU_BINARY=$(QEMU) QTEST_VIRTIO_GPIO_BENCH=$(or $(EDGES),1000) \
		$(BUILD)/tests/qtest/qos-test -p /x86_64/virtio-gpio-acrn/bench | \
		sed -n 's/^# bench: //p'
	@echo "== benchmark on the kernel's gpio-sim, in the guest"
	@scripts/guest-tier.sh $(BUILD) bench.sh | sed -n 's/^\[guest\] figure: //p'

clean:
	rm -rf $(BUILD)

distclean:
	rm -rf $(TOP)/build

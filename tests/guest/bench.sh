#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark inside the guest kernel: 1000 edges driven through gpio-sim's
# pull, edge-to-notify latency and QEMU CPU per queue-0 request.  Prints
# figures; "[guest] ok bench" only says it ran.
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
build=${vgabuild:-$top/build/qemu/build}
sim_chip vgab "vga-bench=in:b:c"
export QTEST_QEMU_BINARY=$build/qemu-system-x86_64
export QTEST_VIRTIO_GPIO_HOST_CHIP=$(sim_bank_chip vgab 0)
export QTEST_VIRTIO_GPIO_HOST_SYSFS=$(sim_bank_sysfs vgab 0)
export QTEST_VIRTIO_GPIO_BENCH=${vgaedges:-1000}
"$build/tests/qtest/qos-test" --tap -p /x86_64/virtio-gpio-acrn/bench 2>&1 |
    sed -n 's/^# bench: /[guest] figure: /p;s/^ok .*/[guest] ok bench/p;s/^not ok .*/[guest] not ok bench/p;/ERROR/p'

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, inside the guest: host edge to guest event, for our
# virtio-gpio-pci and for the peer (vhost-user-gpio-pci with rust-vmm's
# vhost-device-gpio, vgapeer=PATH) on the kernel's gpio-sim, measured the
# same way for both by the qtest virtio-gpio-pci/bench-edge (pull written,
# the eventq pair watched for in the used ring, in the VM's RAM); and two
# floors: the same QEMU completing a virtio-rng buffer when a byte reaches
# the FIFO its rng-random reads (a host fd to a used buffer, measured the
# same way), and the same pull read as an edge event by a program on the
# guest's own gpio-sim chip (the kernel's part).  vgaedges= edges per run,
# vgarounds= rounds, each in a rotated order.  Prints figures.
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
build=${vgabuild:-$top/build/qemu/build}
sim_chip vgae "vga-edge-ours=in" "vga-edge-peer=in"
export QTEST_QEMU_BINARY=$build/qemu-system-x86_64
export QTEST_VIRTIO_GPIO_EDGE_BENCH=${vgaedges:-300}
export QTEST_VIRTIO_GPIO_EDGE_SHM=/run/tmp
peer=${vgapeer:-}

run() {  # ours|peer|rng BANK
    export QTEST_VIRTIO_GPIO_HOST_CHIP=$(sim_bank_chip vgae "$2")
    export QTEST_VIRTIO_GPIO_HOST_SYSFS=$(sim_bank_sysfs vgae "$2")
    local d=
    export QTEST_VIRTIO_GPIO_EDGE_DEVICE=$1
    if [ "$1" = peer ]; then
        rm -f /run/tmp/vgpio.sock0
        "$peer" -s /run/tmp/vgpio.sock -c 1 \
            -l "${QTEST_VIRTIO_GPIO_HOST_CHIP#gpiochip}" >/run/tmp/peer.log 2>&1 &
        d=$!
        wait_for 10 test -S /run/tmp/vgpio.sock0 ||
            { not_ok bench-edge-peer "the daemon did not start: $(cat /run/tmp/peer.log)"; return; }
        export QTEST_VIRTIO_GPIO_EDGE_DEVICE=peer:/run/tmp/vgpio.sock0
    fi
    "$build/tests/qtest/qos-test" --tap -p /x86_64/virtio-gpio-pci/bench-edge 2>&1 |
        sed -n 's/^# bench: /[guest] figure: /p;s/^# bench-raw: /[guest] raw: /p;/^not ok/p;/ERROR/p'
    if [ -n "$d" ]; then
        kill $d 2>/dev/null
        wait $d 2>/dev/null
    fi
}
floor() {  # the same pull, read by a program on the guest's own chip
    local sysfs
    sysfs=$(sim_bank_sysfs vgae 0)
    echo pull-down >"$sysfs/sim_gpio0/pull"
    "$top/build/bench/gpio-rtt" edge "/dev/$(sim_bank_chip vgae 0)" 0 \
        "$QTEST_VIRTIO_GPIO_EDGE_BENCH" /run/tmp/edge-floor.txt \
        "$sysfs/sim_gpio0/pull" || { not_ok bench-edge-floor "gpio-rtt edge failed"; return; }
    echo "[guest] raw: edge floor: $(awk '{printf " %.1f", $1/1000}' /run/tmp/edge-floor.txt)"
}
# each round in another order, so no path always follows the same one
order="ours peer rng floor"
for r in $(seq "${vgarounds:-2}"); do
    for p in $order; do
        case $p in
        ours) run ours 0 ;;
        peer) [ -n "$peer" ] && run peer 1 ;;
        rng) run rng 0 ;;
        floor) floor ;;
        esac
    done
    order="${order#* } ${order%% *}"
done
ok bench-edge

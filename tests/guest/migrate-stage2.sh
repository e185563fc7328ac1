#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Migration with a Linux guest, stage 2 (PID 1 on a tmpfs root, see
# migrate.sh).  Linux's gpio-virtio drives virtio-gpio-pci on the
# simulated chip sim0: gpioset holds 'led' high and gpiomon watches
# 'button' while the host migrates the VM to a second QEMU, then saves
# and loads a snapshot.  Afterwards 'led' is still driven and every edge
# the host makes reaches gpiomon, once and in order.
set -u
export PATH=/usr/bin:/usr/sbin TMPDIR=/tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
# Let the 9p root go: QEMU can migrate once the guest has unmounted it.
umount -l /oldroot
. /gpio-sim-lib.sh
sim=/objects/sim0
queue=/machine/peripheral/gpio1/virtio-backend
n=20
finish() { echo "guest: tier exit 0"; exit 0; }
want() {  # NAME GOT WANTED
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi
}
led_driven() {  # the host side sees 'led' (sim0 line 0) driven to 1 by the device
    [ "$(host get $sim line0-consumer) $(host get $sim line0-direction)" = "qemu:gpio1 output" ] &&
        [ "$(host get $sim line0-value)" = true ]
}
watched() {
    local info
    info=$(gpioinfo -c "$chip" button) &&
        [[ $info == *'consumer="gpiomon"'* && $info == *edges=both* ]]
}
armed() {
    local st
    st=$(host qmp query-gpio | grep -o '{[^{}]*"name": "button"[^{}]*}')
    [[ $st == *'"irq": "edge-both"'* && $st == *'"masked": false'* ]]
}
edges_seen() { [ "$(grep -c . /tmp/mon.txt)" -ge "$1" ]; }

chip=$(gpiodetect | awk '/\[virtio/ && /\(4 lines\)/ { print $1; exit }')
[ -n "$chip" ] || { not_ok migrate-chip "no virtio GPIO chip: $(gpiodetect 2>&1)"; finish; }
gpioset -c "$chip" -C holder -z led=1
wait_for 10 led_driven || not_ok migrate-led-before "led is not driven"
gpiomon -c "$chip" -e both -F %E button >/tmp/mon.txt 2>&1 &
mon=$!
if wait_for 30 watched && wait_for 30 armed; then
    ok migrate-gpiomon-armed
else
    not_ok migrate-gpiomon-armed "$(gpioinfo -c "$chip" button 2>&1)"
fi
host pulse $sim 1 $n $queue >/dev/null || not_ok migrate-pulse-1 "host could not pulse"
wait_for 10 edges_seen $((2 * n))

# Live migration to a second QEMU: the guest goes on there.
out=$(host migrate) && ok migrate-live || not_ok migrate-live "$out"
check migrate-led-after led_driven
want migrate-led-holder "$(line_consumer "$chip" led)" holder
host pulse $sim 1 $n $queue >/dev/null || not_ok migrate-pulse-2 "host could not pulse"
wait_for 10 edges_seen $((4 * n))

# savevm and loadvm: the guest resumes from the snapshot, as it was.
out=$(host snapshot) && ok migrate-snapshot || not_ok migrate-snapshot "$out"
check migrate-led-snapshot led_driven
host pulse $sim 1 $n $queue >/dev/null || not_ok migrate-pulse-3 "host could not pulse"
wait_for 10 edges_seen $((6 * n))
kill $mon 2>/dev/null
got=$(grep -c . /tmp/mon.txt)
want migrate-gpiomon-count "$got" $((6 * n))
pattern=$(tr -d '\n' </tmp/mon.txt)
expect=$(for _ in $(seq $((3 * n))); do printf 'risingfalling'; done)
want migrate-gpiomon-order "$([ "$pattern" = "$expect" ] && echo in-order || echo out-of-order)" in-order
finish

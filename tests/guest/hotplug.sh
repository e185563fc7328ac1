#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Hot-plug and unplug of both devices, seen by the guest: each appears on
# the guest's PCI bus after device_add and goes after device_del (ACPI
# PCI hot-plug), its lines are released on unplug and taken again by the
# next device.  vgabus= names the bus to plug into (a q35 root port).
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
bus=${vgabus:-}
on_bus() {  # VENDOR DEVICE: is such a device on the guest's PCI bus?
    local d
    for d in /sys/bus/pci/devices/*; do
        [ "$(cat "$d/vendor"):$(cat "$d/device")" = "$1:$2" ] && return 0
    done
    return 1
}
off_bus() { ! on_bus "$@"; }
line_used() { [ "$(host get /objects/sim0 line0-used)" = "$1" ]; }

check_cycle() {  # NAME DRIVER VENDOR DEVICE ROUND
    local name=${bus:-pci.0}-$1-$5 extra=""
    [ -n "$bus" ] && extra=",\"bus\":\"$bus\""
    host qmp device_add "{\"driver\":\"$2\",\"id\":\"hp\",\"map\":\"@sim0{0:1}\"$extra}" >/dev/null ||
        { not_ok "$name-add" "device_add refused"; return; }
    if wait_for 30 on_bus "$3" "$4"; then ok "$name-guest-sees-it"
    else not_ok "$name-guest-sees-it" "$3:$4 not on the guest's bus"; fi
    if line_used true; then ok "$name-lines-held"
    else not_ok "$name-lines-held" "line 0 of sim0 not held"; fi
    host qmp device_del '{"id":"hp"}' >/dev/null
    if wait_for 30 off_bus "$3" "$4"; then
        ok "$name-guest-sees-it-go"
    else
        not_ok "$name-guest-sees-it-go" "$3:$4 still on the guest's bus"
    fi
    if wait_for 30 line_used false; then ok "$name-lines-released"
    else not_ok "$name-lines-released" "line 0 of sim0 still held"; fi
}

for round in 1 2; do
    check_cycle acrn virtio-gpio-acrn-pci 0x8086 0x8609 $round
    check_cycle std virtio-gpio-pci 0x1af4 0x1069 $round
done
echo "guest: hotplug done"

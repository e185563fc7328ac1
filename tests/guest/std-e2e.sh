#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end with Linux's own gpio-virtio driver: the guest kernel binds
# virtio-gpio-pci (gpio1, lines led/button/<unnamed>/reset of the
# simulated chip sim0) and libgpiod's tools, run from the shared host
# root, use it while the host side watches and drives sim0 through QMP.
# The same script is the demo (@@SAY lines are its narration).
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
sim=/objects/sim0
say() { echo "@@SAY $*" >/dev/console; }
want() {  # NAME GOT WANTED
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi
}
sim_line0() {  # DIRECTION VALUE: sim0's line 0, seen by the host, is so
    [ "$(host get $sim line0-direction) $(host get $sim line0-value)" = "$1 $2" ]
}

chip=$(gpiodetect | awk '/\[virtio/ && /\(4 lines\)/ { print $1; exit }')
if [ -z "$chip" ]; then
    not_ok std-chip-found "no virtio GPIO chip with 4 lines: $(gpiodetect 2>&1)"
    exit 0
fi
ok std-chip-found
say "The guest's Linux found a virtio GPIO chip: $(gpiodetect | grep "^$chip ")"

info=$(gpioinfo -c "$chip")
names=$(echo "$info" | sed -n 's/^[[:space:]]*line[[:space:]]*[0-9]*:[[:space:]]*\("[^"]*"\|unnamed\).*/\1/p' | tr '\n' ' ')
want std-line-names "$names" '"led" "button" unnamed "reset" '
say "Its lines, named by the map: $names"

# A value written in the guest appears on the host side.
gpioset -c "$chip" -C guest-demo -z led=1
wait_for 10 sim_line0 output true
want std-gpioset-high "$(host get $sim line0-value)" true
want std-gpioset-output "$(host get $sim line0-direction)" output
say "The guest set 'led' high with gpioset; QEMU's simulated chip shows line 0: $(host get $sim line0-value)"
# The killed gpioset gives 'led' back (the device releases line 0), so
# "low" below is only seen if the next gpioset drives it.
pkill -f "gpioset -c $chip"
wait_for 10 line_free "$chip" led ||
    not_ok std-gpioset-released "'led' still held: $(gpioinfo -c "$chip" led 2>&1)"
gpioset -c "$chip" -z led=0
wait_for 10 sim_line0 output false
want std-gpioset-low "$(host get $sim line0-direction) $(host get $sim line0-value)" \
    "output false"
pkill -f "gpioset -c $chip"

# Levels set on the host side read in the guest.
host set $sim line1-input true >/dev/null
want std-gpioget-high "$(gpioget -c "$chip" --numeric button)" 1
host set $sim line1-input false >/dev/null
want std-gpioget-low "$(gpioget -c "$chip" --numeric button)" 0
say "The host drove 'button' high then low; gpioget in the guest read 1 then 0"

# Edges from the host arrive in the guest, in order, none lost.
watched() {  # gpiomon holds 'button', both edges
    local info
    info=$(gpioinfo -c "$chip" button) &&
        [[ $info == *'consumer="gpiomon"'* && $info == *edges=both* ]]
}
armed() {  # the device has the guest's interrupt on 'button' armed
    local st
    st=$(host qmp query-gpio | grep -o '{[^{}]*"name": "button"[^{}]*}')
    [[ $st == *'"irq": "edge-both"'* && $st == *'"masked": false'* ]]
}
mon_done() { ! kill -0 $mon 2>/dev/null; }
n=100
gpiomon -c "$chip" -e both -n $((2 * n)) -F %E button >/run/mon.txt 2>&1 &
mon=$!
# The host pulses only once gpiomon watches the line and the guest's
# driver has queued its eventq buffer: no edge falls before that.
if wait_for 30 watched && wait_for 30 armed; then
    ok std-gpiomon-armed
else
    not_ok std-gpiomon-armed "$(gpioinfo -c "$chip" button 2>&1); $(host qmp query-gpio)"
fi
host pulse $sim 1 $n /machine/peripheral/gpio1/virtio-backend >/dev/null ||
    not_ok std-edges-pulsed "host could not pulse the line"
wait_for 10 mon_done
kill $mon 2>/dev/null
wait $mon 2>/dev/null
got=$(grep -c . /run/mon.txt)
want std-gpiomon-count "$got" $((2 * n))
pattern=$(tr -d '\n' </run/mon.txt)
expect=$(for _ in $(seq $n); do printf 'risingfalling'; done)
want std-gpiomon-order "$([ "$pattern" = "$expect" ] && echo in-order || echo out-of-order)" in-order
say "The host made $((2 * n)) edges on 'button'; gpiomon in the guest saw $got, in order: $(head -c 40 /run/mon.txt | tr '\n' ' ')..."

# The ACRN device is on the guest's PCI bus too (no stock driver binds it).
acrn=""
for d in /sys/bus/pci/devices/*; do
    if [ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x8086:0x8609" ]; then
        acrn=${d##*/}
    fi
done
want acrn-on-guest-pci "${acrn:+found}" found
say "The guest's PCI bus also has the ACRN GPIO device, 8086:8609, at $acrn"
echo "guest: std-e2e done"

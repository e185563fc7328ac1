#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, inside the guest: an edge storm on 63 lines of
# virtio-gpio-pci (00:08.0, lines 0-62 of the simulated chip sim0, made
# by its storm-* properties, no QMP command per edge), watched by gpiomon
# on both edges, while a libgpiod loop reads line 63 (queue-0 latency)
# and the host times QMP commands; then, with every interrupt armed and
# nothing happening, QEMU's wake-ups over vgaidle= seconds.  Prints
# figures.  vgastorm=EDGES:RATE,... sets the storms (edges per line, per
# second per line; 0 is as fast as the chip goes), by default 200:100 (the
# guest keeps up: every edge reaches gpiomon) then 20000:0 (flat out: edges
# coalesce into the line's latch while its pair is out).  With vgaidleonly=1 only the
# idle count runs (a VM without GPIO devices, for comparison).
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
idle=${vgaidle:-10}
fig() { echo "[guest] figure: $*"; }

if [ "${vgaidleonly:-0}" = 1 ]; then
    fig "idle $idle s: $(host idle "$idle")"
    ok bench-idle
    exit 0
fi

g=$(ls -d /sys/bus/pci/devices/0000:00:08.0/virtio*/gpiochip* 2>/dev/null | head -n 1)
[ -n "$g" ] || { not_ok bench-storm "no virtio GPIO chip at 00:08.0"; exit 0; }
chip=/dev/${g##*/}
bpath=/machine/peripheral/storm/virtio-backend
lines=$(seq -s ' ' 0 62)

idle_fig() {  # WHAT: QEMU's wake-ups over $idle s, and the device's work
    local a b
    a=$(host gpiostat storm)
    fig "idle $idle s, $1: $(host idle "$idle"); device before: $a; after: $(host gpiostat storm)"
}
idle_fig "devices bound, no line in use"

gpiomon -c "$chip" -e both -F '%o %E' $lines >/run/storm.txt 2>&1 &
mon=$!
armed() {  # every storm line's interrupt armed in the device
    local st
    st=$(host gpiostat storm) && set -- $st && [ "$2" -ge 63 ]
}
wait_for 60 armed || { not_ok bench-storm "interrupts not armed: $(host gpiostat storm)"; kill $mon; exit 0; }

storm() {  # EDGES RATE: one storm, its figures
    local edges=$1 rate=$2 res made got before rtt
    before=$(seen)
    # queue-0 requests during the storm
    "$top/build/bench/gpio-rtt" get "$chip" 63 1000000 /run/rtt-storm.txt &
    rtt=$!
    res=$(host storm /objects/sim0 0 63 "$edges" "$rate")
    kill -TERM $rtt 2>/dev/null
    wait $rtt 2>/dev/null
    made=$(set -- $res; echo $2)
    wait_for 120 settled
    got=$(($(seen) - before))
    fig "storm $edges:$rate: 63 lines x $edges edges at ${rate}/s per line (0: flat out): $res"
    fig "storm $edges:$rate: guest gpiomon saw $got of $made edges"
    fig "storm $edges:$rate: device: $(host gpiostat storm)"
    if [ -s /run/rtt-storm.txt ]; then
        fig "storm $edges:$rate: queue-0 GET during the storm: $(sort -n /run/rtt-storm.txt | awk '{v[NR]=$1} END {printf "n %d p50 %.1f us p99 %.1f us max %.1f us", NR, v[int(NR/2)+1]/1000, v[int(NR*0.99)+1]/1000, v[NR]/1000}')"
    fi
    rm -f /run/rtt-storm.txt
    armed || wait_for 30 armed
}
seen() { grep -c . /run/storm.txt; }
settled() {  # the count stopped growing
    local a b
    a=$(seen); sleep 0.5; b=$(seen); [ "$a" = "$b" ]
}
for s in $(echo "${vgastorm:-200:100,20000:0}" | tr , " "); do
    storm "${s%%:*}" "${s#*:}"
done
fig "storm: requestq after the storms: $(host qmp x-query-virtio-queue-status '{"path": "/machine/peripheral/storm/virtio-backend", "queue": 0}' | tr -d '{}"' | grep -o 'inuse: [0-9]*\|used-idx: [0-9]*\|last-avail-idx: [0-9]*' | tr '\n' ' ')"
fig "storm: guest driver errors: $(dmesg | grep -c 'failed to add')"
armed || wait_for 30 armed
idle_fig "63 interrupts armed"
kill $mon 2>/dev/null
wait $mon 2>/dev/null
ok bench-storm

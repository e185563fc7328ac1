#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, inside the guest: request round trips seen by a Linux
# program (build/bench/gpio-rtt, libgpiod v2) on every path the VM has,
# in alternating rounds, raw times written to the share "benchout":
#   ours    virtio-gpio-pci at 00:08.0 (QEMU's simulated chip)
#   hop     virtio-gpio-pci with ioeventfd=on at 00:0b.0, if present
#   peer    vhost-user-gpio-pci at 00:09.0 (vhost-device-gpio), if present
#   native  the kernel's own gpio-sim in this guest (the ioctl floor)
#   rng     64-byte reads of virtio-rng: one device request each, the
#           driver's whole buffer (the virtio transport floor)
# Before and after each loop the host is asked for QEMU's (and the peer
# daemon's) CPU time ("@@HOST cpu"), so CPU per request is known too; a
# loop doing nothing ("nop") gives the fixed cost of a run (starting the
# program, the console exchange), which the host subtracts.
# vgarounds= and vgacount= on the kernel command line size the run.
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
rounds=${vgarounds:-3}
count=${vgacount:-2000}
rtt=$top/build/bench/gpio-rtt
out=/run/out
mkdir -p $out
mount -t 9p -o trans=virtio,version=9p2000.L benchout $out ||
    { not_ok bench-rtt-share "cannot mount the output share"; exit 0; }

pci_chip() {  # PCI-SLOT: the gpiochip device of the virtio device there
    local g
    g=$(ls -d /sys/bus/pci/devices/0000:00:$1/virtio*/gpiochip* 2>/dev/null | head -n 1)
    [ -n "$g" ] && echo "/dev/${g##*/}"
}
declare -A chip
chip[ours]=$(pci_chip 08.0)
chip[peer]=$(pci_chip 09.0)
chip[hop]=$(pci_chip 0b.0)
sim_chip vgar "vga-rtt=in:b:c"
chip[native]=/dev/$(sim_bank_chip vgar 0)
targets=ours
[ -n "${chip[hop]}" ] && targets="$targets hop"
[ -n "${chip[peer]}" ] && targets="$targets peer"
targets="$targets native"
[ -n "${chip[ours]}" ] || not_ok bench-rtt-ours "no virtio GPIO chip at 00:08.0"
if [ -e /sys/class/misc/hw_random/rng_available ] &&
   grep -q virtio /sys/class/misc/hw_random/rng_available; then
    cat /sys/class/misc/hw_random/rng_available |
        tr ' ' '\n' | grep virtio | head -n 1 >/sys/class/misc/hw_random/rng_current
    targets="$targets rng"
fi
echo "[guest] figure: targets $targets"

for r in $(seq "$rounds"); do
    for tgt in nop $targets; do
        case $tgt in
        rng) ops=rng arg=64 ;;
        nop) ops=nop arg=0 ;;
        *) ops="get set dir" arg=0 ;;
        esac
        for op in $ops; do
            dev=${chip[$tgt]:-/dev/hwrng}
            a=$(host cpu) || a=-
            if "$rtt" "$op" "$dev" $arg "$count" "$out/$tgt-$op-$r.txt"; then
                b=$(host cpu) || b=-
                echo "$a $b" >"$out/$tgt-$op-$r.cpu"
            else
                not_ok "bench-rtt-$tgt-$op" "gpio-rtt failed on $dev"
            fi
        done
    done
done
sync
umount $out
ok bench-rtt

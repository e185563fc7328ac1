#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Integration tier for the libgpiod backend, run inside the guest kernel
# (gpio-sim, GPIO_CDEV): the conformance qtests on a real kernel chip, and
# what only a real kernel shows (busy lines, permissions, labels, a chip
# that goes away, fd leaks).
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
build=${vgabuild:-$top/build/qemu/build}
qemu=$build/qemu-system-x86_64

# Two devices, three banks; bank 0 is the qos graph's 8-line chip.
sim_chip vga0 "vga-main=LED:btn::reset::::" "vga-aux=a:b:c:d"
sim_chip vga1 "vga-lost=x:y"
main=$(sim_bank_chip vga0 0) aux=$(sim_bank_chip vga0 1)
lost=$(sim_bank_chip vga1 0)
echo "guest: gpio-sim chips $main (vga-main) $aux (vga-aux) $lost (vga-lost)"
gpiodetect

# Conformance qtests, with map=@$main{0:1=button:2} on the kernel's chip
export QTEST_QEMU_BINARY=$qemu
export QTEST_VIRTIO_GPIO_HOST_CHIP=$main
export QTEST_VIRTIO_GPIO_HOST_SYSFS=$(sim_bank_sysfs vga0 0)
export QTEST_VIRTIO_GPIO_LOST_CHIP=$lost
export QTEST_VIRTIO_GPIO_LOST_LIVE=/sys/kernel/config/gpio-sim/vga1/live
paths=$("$build/tests/qtest/qos-test" -l | grep '^/.*virtio-gpio-acrn')
[ -n "$paths" ] || not_ok qtest "qos-test lists no virtio-gpio-acrn test"
args=()
for p in $paths; do args+=(-p "$p"); done
"$build/tests/qtest/qos-test" --tap -k "${args[@]}" 2>&1 | qtest_results
unset QTEST_VIRTIO_GPIO_HOST_CHIP QTEST_VIRTIO_GPIO_HOST_SYSFS

# Start QEMU without a guest and quit through QMP; prints what it said.
qemu_try() {
    printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"quit"}' |
        timeout 60 "$qemu" -M pc -nodefaults -display none -S -qmp stdio "$@" 2>&1
}
expect_error() {  # NAME MESSAGE ARGS...
    local name=$1 msg=$2 out rc; shift 2
    out=$(qemu_try "$@"); rc=$?
    if [ $rc -ne 0 ] && [[ $out == *"$msg"* ]]; then ok "$name"
    else not_ok "$name" "exit $rc, wanted '$msg', got: $out"; fi
}
expect_ok() {  # NAME ARGS...
    local name=$1 out; shift
    if out=$(qemu_try "$@"); then ok "$name"; else not_ok "$name" "$out"; fi
}
dev=virtio-gpio-acrn-pci

expect_ok by-dev-name -device "$dev,map=@$aux{0:1}"
expect_ok by-path -device "$dev,map=@/dev/$aux{0:1}"
expect_ok by-label -device "$dev,map=@vga-aux{a:d=last}"
expect_ok two-banks -device "$dev,map=@$main{0}@vga-aux{3}"
expect_error same-line-two-names "line 1 of chip '/dev/$aux' is mapped twice" \
    -device "$dev,map=@$aux{1}@/dev/$aux{1}"
expect_error line-name-missing "chip 'vga-aux' has no line named 'nosuch'" \
    -device "$dev,map=@vga-aux{nosuch}"
expect_error offset-out-of-range "line offset 4 at column" \
    -device "$dev,map=@vga-aux{4}"

# A line held by another process: the message names its consumer.
gpioset -c "$aux" -C holder 2=1 &
holder=$!
wait_for 10 held_by "$aux" 2 holder ||
    not_ok busy-holder "gpioset did not take line 2: $(gpioinfo -c "$aux" 2 2>&1)"
expect_error busy "is busy: used by 'holder'" -device "$dev,map=@$aux{2}"
kill $holder; wait $holder 2>/dev/null
expect_ok busy-then-free -device "$dev,map=@$aux{2}"

# Permission denied: QEMU as an unprivileged user.
out=$(printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"quit"}' |
      setpriv --reuid=65534 --regid=65534 --clear-groups \
      "$qemu" -M pc -nodefaults -display none -S -qmp stdio \
      -device "$dev,map=@$aux{0}" 2>&1)
if [[ $out == *"cannot open GPIO chip /dev/$aux: Permission denied"* ]]; then
    ok permission-denied
else
    not_ok permission-denied "$out"
fi

# The device does not leave lines held when realize fails part way; the
# same look sees them held while a device that realized maps them.
expect_error partial-failure "no line named 'nosuch'" \
    -device "$dev,map=@$aux{0:1}@vga-main{nosuch}"
if line_free "$aux" 0 && line_free "$aux" 1; then
    ok lines-released-after-failure
else
    not_ok lines-released-after-failure "$(gpioinfo -c "$aux" 0 1 2>&1)"
fi
"$qemu" -M pc -nodefaults -display none -S \
    -device "$dev,id=g0,map=@$aux{0:1}" &
q=$!
if wait_for 30 held_by "$aux" 0 qemu:g0 && held_by "$aux" 1 qemu:g0; then
    ok lines-held-while-mapped
else
    not_ok lines-held-while-mapped "$(gpioinfo -c "$aux" 0 1 2>&1)"
fi
kill $q; wait $q 2>/dev/null

echo "guest: host-backend tier done"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Migration with a Linux guest, stage 1.  The guest's root is the host's
# over 9p, and QEMU refuses to migrate while a 9p export is mounted: so
# this tier runs as PID 1 (tests/guest/init.sh execs it), copies the few
# programs stage 2 needs, with their libraries, to a tmpfs, pivots into
# it and execs tests/guest/migrate-stage2.sh there, which lets the 9p
# root go.
set -u
top=${vgatop:?}
new=/run/newroot
fail() {
    echo "[guest] not ok migrate-setup: $*"
    echo "guest: tier exit 1"
    exit 1
}
copy() {  # FILE: into the new root, with the libraries it loads
    local f
    for f in "$1" $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*'); do
        [ -e "$new$f" ] && continue
        mkdir -p "$new${f%/*}" && cp -L "$f" "$new$f" || return 1
    done
}
mkdir -p $new && mount -t tmpfs tmpfs $new || fail "no tmpfs"
for t in bash cat grep sed tr seq sleep awk head mount umount \
         gpiodetect gpioinfo gpioset gpiomon; do
    copy "$(command -v $t)" || fail "cannot copy $t"
done
mkdir -p $new/etc $new/proc $new/sys $new/dev $new/tmp $new/oldroot
cp /etc/ld.so.cache $new/etc/ &&
    cp "$top/tests/guest/migrate-stage2.sh" "$top/tests/guest/gpio-sim-lib.sh" \
        $new/ || fail "cannot copy the scripts"
cd $new && pivot_root . oldroot || fail "pivot_root failed"
exec /usr/bin/bash /migrate-stage2.sh

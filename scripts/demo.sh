#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo: boot a Linux guest in our QEMU with a simulated GPIO chip and
# both devices, and show in plain words the guest using the lines while
# the host side watches and drives them.  Exits 0, or non-zero with why.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build/qemu/build}
echo "== demo: QEMU with a simulated chip 'sim0' (8 lines) and two devices:"
echo "   virtio-gpio-pci       map=@sim0{0=led:1=button:2:3=reset}  (stock Linux driver)"
echo "   virtio-gpio-acrn-pci  map=@sim0{4:5}                       (ACRN's driver)"
echo "== booting the guest kernel (first run builds it, ~12 minutes)"
if /usr/bin/python3 "$top/scripts/guest-run.py" --demo --timeout 600 \
       "$build" std-e2e.sh -- $(cat "$top/tests/guest/std-e2e.args"); then
    echo "== demo finished: every step worked"
    exit 0
fi
echo "== demo FAILED: see the lines above and build/guest-std-e2e.log" >&2
exit 1

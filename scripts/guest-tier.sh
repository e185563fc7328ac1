#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Boot the small guest kernel under TCG with this machine's root shared
# read-only over 9p, run one tier script of tests/guest inside it, and
# print its "[guest] ok/not ok" lines.  Exit status 0 only when the tier
# ran to its end; a tier that cannot run says why and fails.
#   scripts/guest-tier.sh BUILD_DIR TIER [extra QEMU args...]
set -u

build=$(cd "${1:?usage: $0 BUILD_DIR TIER}" && pwd)
tier=${2:?usage: $0 BUILD_DIR TIER}
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
qemu=$build/qemu-system-x86_64
timeout=${GUEST_TIMEOUT:-900}

kernel=$("$top/scripts/guest-kernel.sh") || {
    echo "[guest] not ok $tier: the guest kernel could not be built"
    exit 1
}
log=$top/build/guest-$tier.log
mkdir -p "$top/build"
echo "guest-tier: booting $(basename "$kernel") for $tier (log: $log)" >&2
timeout "$timeout" "$qemu" -M pc -accel tcg -cpu max -m 2048 -smp 2 \
    -nodefaults -display none -no-reboot -serial stdio \
    -kernel "$kernel" \
    -append "console=ttyS0 root=hostroot rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro panic=-1 quiet init=$top/tests/guest/init.sh vgatop=$top vgatier=$tier" \
    -fsdev local,id=hostroot,path=/,security_model=none,readonly=on \
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
    "$@" </dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" | grep -E '^\[guest\] ((not )?ok |figure: )'
if ! grep -q '^guest: tier exit' "$log"; then
    echo "[guest] not ok $tier: the tier did not run to its end (QEMU exit $rc); last lines of $log:"
    tr -d '\r' <"$log" | tail -n 25 | sed 's/^/    /'
    exit 1
fi
exit 0

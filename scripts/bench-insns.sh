#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Instructions per request of each device's request path, counted by
# callgrind around the queue's handler while a qtest sends N rounds of
# get, set and direction requests (-accel qtest: no guest is emulated,
# so the handler is all that is counted).  The handler's inclusive count
# splits into the virtio core's part (virtqueue_pop, virtqueue_push,
# virtio_notify: the transport floor) and the device's own.  Then the
# same requests' round trips through qtest, natively (qtest-rtt.txt).
#   scripts/bench-insns.sh BUILD_DIR [ROUNDS]
set -u
build=${1:?BUILD_DIR}
rounds=${2:-300}
out=$(dirname "$0")/../build/bench
mkdir -p "$out"
command -v valgrind >/dev/null || {
    echo "bench-insns: valgrind is needed (apt-get install valgrind)"; exit 1; }

# DEVICE HANDLER: callgrind's inclusive counts for the handler and the
# virtio core functions it calls, per request
count() {
    local dev=$1 handler=$2 file=$out/callgrind.$1 requests f
    rm -f "$file" "$file".*
    # one file per QEMU the qtest starts (%p): the one that ran the handler
    requests=$(QTEST_VIRTIO_GPIO_INSN_BENCH=$rounds \
        QTEST_QEMU_BINARY="valgrind -q --tool=callgrind --callgrind-out-file=$file.%p --toggle-collect=$handler $build/qemu-system-x86_64" \
        "$build/tests/qtest/qos-test" -p "/x86_64/pc/i440FX-pcihost/pci-bus-pc/pci-bus/$dev-pci/$dev/$dev-tests/bench-requests" 2>&1 |
        sed -n 's/^# bench: \([0-9]*\) requests/\1/p')
    # QEMU may outlive the qtest by a moment: wait for its dump
    for _ in $(seq 300); do
        pgrep -f -- "--callgrind-out-file=$file" >/dev/null || break
        sleep 0.1
    done
    for f in "$file".*; do
        grep -q "^fn=.*$handler" "$f" 2>/dev/null && mv "$f" "$file"
    done
    rm -f "$file".*
    [ -n "$requests" ] && [ -s "$file" ] || {
        echo "bench-insns: $dev: no count (requests: ${requests:-none})"; return 1; }
    callgrind_annotate --inclusive=yes "$file" 2>/dev/null |
        awk -v dev="$dev" -v n="$requests" -v h="$handler" '
        function num(s) { gsub(/,/, "", s); return s + 0 }
        NF < 3 || $2 !~ /^\(/ { next }
        {
            fn = $3; sub(/^.*:/, "", fn)
            if (fn == h) total = num($1)
            if (fn == "virtqueue_pop") pop = num($1)
            if (fn == "virtqueue_push") push = num($1)
            if (fn == "virtio_notify") notify = num($1)
        }
        END {
            core = pop + push + notify
            printf "%-18s %8d %10.0f %10.0f %10.0f %8.1f\n", dev, n,
                   total / n, core / n, (total - core) / n,
                   core ? total / core : 0
        }'
}

printf "%-18s %8s %10s %10s %10s %8s\n" device requests "insns/req" \
    "virtio" "device" "x virtio"
{
    count virtio-gpio gpio_handle_request
    count virtio-gpio-acrn acrn_gpio_handle_request
} | tee "$out/insns.txt"

# The same requests without valgrind, ten times as many: each request's
# round trip through qtest (its notify write; both devices answer in it)
# next to a notify with no request (the floor: qtest and the notify path).
# For virtio-gpio-acrn-pci this is the round trip ACRN's driver model has
# here: no ACRN guest driver runs in this tree's guests.
for dev in virtio-gpio virtio-gpio-acrn; do
    QTEST_VIRTIO_GPIO_INSN_BENCH=$((rounds * 10)) QTEST_VIRTIO_GPIO_RTT_BENCH=1 \
        QTEST_QEMU_BINARY=$build/qemu-system-x86_64 \
        "$build/tests/qtest/qos-test" -p "/x86_64/pc/i440FX-pcihost/pci-bus-pc/pci-bus/$dev-pci/$dev/$dev-tests/bench-requests" 2>&1 |
        sed -n 's/^# bench: \(.*request round trip.*\)/\1/p'
done | tee "$out/qtest-rtt.txt"
[ "$(grep -c . "$out/qtest-rtt.txt")" = 2 ] || {
    echo "bench-insns: the qtest round trips did not come out for both devices"
    exit 1
}

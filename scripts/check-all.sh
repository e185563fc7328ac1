#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `make check` on each QEMU base in turn (one build at a time), then one
# line "N passed, N failed" covering all of them.  A base whose build
# fails, or whose run ends without its count, counts as one failure.
#   scripts/check-all.sh BASE...        (make check-all: 10.0 10.2)
set -u
cd "$(dirname "$0")/.."
passed=0 failed=0
summary=()
for b in "$@"; do
    echo "======== QEMU base $b"
    log=$(mktemp)
    make --no-print-directory check QEMU_BASE="$b" 2>&1 | tee "$log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    rm -f "$log"
    note=""
    if [ -n "$line" ]; then
        p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
    else
        p=0 f=1 note=" (no count: the build or the run failed)"
    fi
    passed=$((passed + p)); failed=$((failed + f))
    summary+=("QEMU $b: $p passed, $f failed$note")
done
echo
echo "======== all bases"
printf '  %s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

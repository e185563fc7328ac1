#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run unit tests and our qtests (the selection run-tests.sh makes) on an
# ASan+UBSan build, each test in its own process, and end with "N passed,
# N failed".  A test passes when it says ok, exits 0 and its output (its
# own or QEMU's) holds no AddressSanitizer, LeakSanitizer or UBSan report.
# One log per test in build/sanitize/.
#   scripts/sanitize.sh BUILD_DIR [UNIT_TEST...]
# UNIT_TEST is a path in BUILD_DIR, by default tests/unit/test-gpio-map.
set -eu

build=$(cd "${1:?usage: $0 BUILD_DIR [UNIT_TEST...]}" && pwd)
shift
units=${*:-tests/unit/test-gpio-map}
top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/sanitize
rm -rf "$logs"
mkdir -p "$logs"
passed=0 failed=0
failures=()

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:print_stacktrace=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-16/bin/llvm-symbolizer
export QTEST_QEMU_BINARY=$build/qemu-system-x86_64
report='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: [A-Za-z]*Sanitizer'

run() {  # LABEL BINARY TESTPATH: one test in its own process
    local log rc=0
    log=$logs/$1$(echo "$3" | tr / _).log
    timeout 1200 nice -n 10 "$2" -p "$3" --tap -k > "$log" 2>&1 || rc=$?
    if grep -qE "$report" "$log"; then
        echo "[$1] not ok $3: sanitizer report"
        grep -E "$report|^ *#[0-9]+ 0x" "$log" | head -n 30 | sed 's/^/    /'
    elif [ $rc -ne 0 ] || ! grep -q '^ok ' "$log"; then
        echo "[$1] not ok $3 (exit $rc)"
        grep -v '^ok ' "$log" | tail -n 20 | sed 's/^/    /'
    else
        echo "[$1] ok $3"
        passed=$((passed + 1))
        return
    fi
    failed=$((failed + 1))
    failures+=("$3: see $log")
}

tests() {  # BINARY [PATTERN]: the test paths it lists
    "$1" -l 2>/dev/null | grep -E "^${2:-/}" || true
}

echo "== unit tests (ASan, UBSan, LSan)"
for u in $units; do
    for p in $(tests "$build/$u"); do run unit "$build/$u" "$p"; done
done

echo "== qtests (ASan, UBSan, LSan, in QEMU and in qos-test)"
qos=$build/tests/qtest/qos-test
paths=$(tests "$qos" '/.*/virtio-gpio-(acrn|pci)')
[ -n "$paths" ] || { failed=$((failed + 1)); failures+=("qos-test lists no test"); }
for p in $paths; do run qtest "$qos" "$p"; done

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "Failures:"; printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the map parser unit tests and our qtests (the selection run-tests.sh
# makes) on an ASan+UBSan build, each qtest in its own process, and end
# with "N passed, N failed".  A test that fails, or whose output (its
# own or QEMU's) holds an AddressSanitizer, LeakSanitizer or UBSan
# report, counts as failed.  Logs in build/sanitize/.
#   scripts/sanitize.sh BUILD_DIR
set -eu

build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/sanitize
rm -rf "$logs"
mkdir -p "$logs"
passed=0 failed=0
failures=()

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:print_stacktrace=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export QTEST_QEMU_BINARY=$build/qemu-system-x86_64
report='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: [A-Za-z]*Sanitizer'

run() {  # LABEL LOG COMMAND...: count its TAP results, then any sanitizer report
    local label=$1 log=$logs/$2.log rc=0
    shift 2
    timeout 1200 nice -n 10 "$@" --tap -k > "$log" 2>&1 || rc=$?
    grep -E '^(not )?ok ' "$log" | sed "s|^|[$label] |" || true
    passed=$((passed + $(grep -cE '^ok ' "$log" || true)))
    failed=$((failed + $(grep -cE '^not ok ' "$log" || true)))
    if grep -qE "$report" "$log"; then
        failed=$((failed + 1))
        failures+=("$label: sanitizer report, see $log")
        grep -E "$report|^ *#[0-9]+ 0x" "$log" | head -n 30 | sed 's/^/    /'
    elif [ $rc -ne 0 ]; then
        grep -q '^not ok ' "$log" || failed=$((failed + 1))
        failures+=("$label (exit $rc), see $log")
        tail -n 20 "$log" | sed 's/^/    /'
    fi
}

echo "== unit tests (ASan, UBSan)"
run unit test-gpio-map "$build/tests/unit/test-gpio-map"

echo "== qtests (ASan, UBSan, LSan in QEMU and in qos-test)"
paths=$("$build/tests/qtest/qos-test" -l | grep -E '^/.*/virtio-gpio-(acrn|pci)' || true)
[ -n "$paths" ] || { failed=$((failed + 1)); failures+=("qos-test lists no test"); }
for p in $paths; do
    run qtest "qtest$(echo "${p#*/virtio-gpio-}" | tr / _)" \
        "$build/tests/qtest/qos-test" -p "$p"
done

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "Failures:"; printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

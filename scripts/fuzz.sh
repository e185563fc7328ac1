#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run QEMU's generic-fuzz targets for our devices (patches/0008), each for
# SECONDS, with libFuzzer, ASan and UBSan, and report executions and any
# finding.  Exits non-zero when a target crashed, leaked or tripped UBSan.
#   scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]
# The corpus grows in build/fuzz-corpus/TARGET across runs; crash-, leak-,
# timeout- and oom- reproducers go to build/fuzz-crashes/TARGET, the full
# libFuzzer output to build/fuzz-crashes/TARGET.log.  Reproduce with
#   BUILD_DIR/qemu-fuzz-x86_64 --fuzz-target=generic-fuzz-TARGET FILE
set -eu

usage="usage: $0 BUILD_DIR SECONDS [TARGET...]"
build=$(cd "${1:?$usage}" && pwd)
secs=${2:?$usage}
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
fuzzer=$build/qemu-fuzz-x86_64
targets=${*:-virtio-gpio-acrn-pci virtio-gpio-pci}

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:print_stacktrace=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-16/bin/llvm-symbolizer

findings=0
for t in $targets; do
    t=${t#generic-fuzz-}
    corpus=$top/build/fuzz-corpus/$t
    crashes=$top/build/fuzz-crashes/$t
    log=$crashes.log
    mkdir -p "$corpus" "$crashes"
    # seeds that get through the virtio handshake (scripts/fuzz-seeds.py)
    /usr/bin/python3 "$top/scripts/fuzz-seeds.py" "$corpus" "$t"
    echo "== generic-fuzz-$t: ${secs}s, corpus $corpus ($(ls "$corpus" | wc -l) inputs)"
    rc=0
    nice -n 10 "$fuzzer" --fuzz-target="generic-fuzz-$t" \
        -max_total_time="$secs" -timeout="${FUZZ_TIMEOUT:-120}" -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$corpus" > "$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    echo "generic-fuzz-$t: ${execs:-?} executions, ${rate:-?} exec/s," \
         "${cov:-no coverage line}, corpus $(ls "$corpus" | wc -l) inputs"
    # Coverage of our files by the corpus, libFuzzer's own count (code run
    # only while QEMU starts, e.g. realize, is not counted).
    echo "  our files, edges the corpus reaches:"
    ASAN_OPTIONS=detect_leaks=0 nice -n 10 "$fuzzer" \
        --fuzz-target="generic-fuzz-$t" -runs=0 -print_coverage=1 \
        "$corpus" 2>&1 | awk '
        /^(UN)?COVERED_FUNC/ && $7 ~ /\/hw\/(gpio\/(gpio-|virtio-gpio)|virtio\/virtio-gpio)/ {
            f = $7; sub(/:[0-9]+$/, "", f); sub(/.*\/hw\//, "hw/", f)
            split($5, e, "/"); cov[f] += e[1]; tot[f] += e[2]
        }
        END { for (f in tot) printf "    %-34s %5d/%-5d edges\n", f, cov[f], tot[f] }' |
        sort
    if [ $rc -ne 0 ] && ! grep -q '^INFO: Seed' "$log"; then
        findings=$((findings + 1))
        echo "generic-fuzz-$t: did not start (exit $rc):"
        tail -n 20 "$log" | sed 's/^/    /'
    elif [ $rc -ne 0 ]; then
        findings=$((findings + 1))
        echo "generic-fuzz-$t: FINDING (exit $rc), full output in $log"
        grep -E 'ERROR: |runtime error:|SUMMARY: |^ *#[0-9]+ 0x|Test unit written' \
            "$log" | head -n 40 | sed 's/^/    /'
    fi
done
echo "fuzz: $findings of $(echo "$targets" | wc -w) target(s) failed;" \
     "reproducers in $top/build/fuzz-crashes"
[ $findings -eq 0 ]

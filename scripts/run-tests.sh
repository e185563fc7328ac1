#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the project's tests against a build directory and end with the line
# "N passed, N failed".  Usage: scripts/run-tests.sh BUILD_DIR
set -u

build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
qemu=$build/qemu-system-x86_64
passed=0 failed=0 skipped=0
failures=()

# Count the TAP results of one test binary.
run_tap() {
    local label=$1; shift
    local out rc
    out=$("$@" --tap -k 2>&1); rc=$?
    echo "$out" | grep -E '^(not )?ok ' | sed "s|^|[$label] |"
    local ok notok skip
    ok=$(echo "$out" | grep -cE '^ok .*' )
    skip=$(echo "$out" | grep -cE '^ok .*# SKIP')
    notok=$(echo "$out" | grep -cE '^not ok ')
    passed=$((passed + ok - skip)); skipped=$((skipped + skip))
    failed=$((failed + notok))
    if [ "$notok" -gt 0 ] || { [ $rc -ne 0 ] && [ "$notok" -eq 0 ]; }; then
        [ "$notok" -eq 0 ] && failed=$((failed + 1))
        failures+=("$label (exit $rc)")
        echo "$out" | grep -vE '^(ok|not ok) ' | tail -n 40
    fi
}

result() {  # result NAME ok|fail [detail]
    if [ "$2" = ok ]; then
        passed=$((passed + 1)); echo "[cli] ok $1"
    else
        failed=$((failed + 1)); failures+=("cli: $1"); echo "[cli] not ok $1: ${3:-}"
    fi
}

# Start QEMU with a PCI machine, no guest, and quit through QMP.
qemu_try() {
    printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"quit"}' |
        timeout 60 "$qemu" -M pc -nodefaults -display none -S -qmp stdio "$@" 2>&1
}

expect_ok() {  # NAME ARGS...
    local name=$1; shift
    local out
    if out=$(qemu_try "$@"); then
        result "$name" ok
    else
        result "$name" fail "$out"
    fi
}

expect_error() {  # NAME "MESSAGE" ARGS...
    local name=$1 msg=$2; shift 2
    local out rc
    out=$(qemu_try "$@"); rc=$?
    if [ $rc -ne 0 ] && [[ $out == *"$msg"* ]]; then
        result "$name" ok
    else
        result "$name" fail "exit $rc, wanted '$msg', got: $out"
    fi
}

# Count "[TAG] ok ..." / "[TAG] not ok ..." lines of a step's output; a
# step that failed without saying so counts as one failure.
count_tagged() {  # TAG OUTPUT RC [NAME]
    local ok notok
    echo "$2" | grep "^\[$1\]\|^    "
    ok=$(echo "$2" | grep -c "^\[$1\] ok ")
    notok=$(echo "$2" | grep -c "^\[$1\] not ok ")
    passed=$((passed + ok)); failed=$((failed + notok))
    if [ "$notok" -gt 0 ] || [ "$3" -ne 0 ]; then
        [ "$notok" -eq 0 ] && failed=$((failed + 1))
        failures+=("${4:-$1}")
    fi
}

echo "== unit tests"
run_tap unit "$build/tests/unit/test-gpio-map"
run_tap unit "$build/tests/unit/test-gpio-lines"

echo "== qtests"
export QTEST_QEMU_BINARY=$qemu
paths=$("$build/tests/qtest/qos-test" -l 2>/dev/null | grep -E '^/.*/virtio-gpio-(acrn|pci)')
args=()
for p in $paths; do args+=(-p "$p"); done
if [ ${#args[@]} -eq 0 ]; then
    failed=$((failed + 1)); failures+=("qos-test lists no virtio-gpio-acrn test")
else
    run_tap qtest "$build/tests/qtest/qos-test" "${args[@]}"
fi
# The ACRN device in the DSDT, disassembled with iasl (fails without it)
run_tap qtest "$build/tests/qtest/virtio-gpio-acrn-acpi-test"

echo "== command line"
SIM="-object gpio-sim,id=sim0,lines=8,line-names=a:b:c:reset"
dev=virtio-gpio-acrn-pci
if "$qemu" -device help 2>&1 | grep -q "name \"$dev\""; then
    result "device-help-lists-$dev" ok
else
    result "device-help-lists-$dev" fail "not in -device help"
fi
expect_ok acrn-example-1 $SIM -device "$dev,map=@sim0{1:6:reset}"
expect_ok acrn-example-2 $SIM -object gpio-sim,id=sim1,lines=2,line-names=x \
    -device "$dev,map=@sim0{1:6:reset=shutdown}@sim1{0=reset}"
expect_ok angle-brackets $SIM -device "$dev,map=@sim0<1:6:reset>"
expect_ok no-leading-at $SIM -device "$dev,map=sim0{3}"
expect_ok q35 -M q35 $SIM -device "$dev,map=@sim0{0:1}"
expect_error missing-map "property 'map' is required" $SIM -device "$dev"
expect_error empty-map "the map is empty" $SIM -device "$dev,map="
expect_error syntax "empty line entry before '}' at column 9" $SIM \
    -device "$dev,map=@sim0{1:}"
expect_error unclosed "expected ':' or '}' at column 8 of map, found end of map" \
    $SIM -device "$dev,map=@sim0{1"
expect_error unknown-chip "no GPIO chip 'nochip'" $SIM \
    -device "$dev,map=@nochip{1}"
if grep -q '^#define CONFIG_LIBGPIOD' "$build/config-host.h"; then
    expect_error host-chip-label "no GPIO chip 'nolabel': not the id of a gpio-sim object, not a device in /dev and not the label of any host GPIO chip" \
        -device "$dev,map=@nolabel{1}"
    expect_error host-chip-path "no GPIO chip /dev/gpiochip97: the file does not exist" \
        -device "$dev,map=@/dev/gpiochip97{1}"
    expect_error host-not-gpio "/dev/null is not a GPIO character device" \
        -device "$dev,map=@/dev/null{1}"
else
    expect_error host-chip "host GPIO chips are not supported in this build" \
        -device "$dev,map=@gpiochip0{1}"
fi
expect_error unknown-line-name "chip 'sim0' has no line named 'nosuch' (column 7" \
    $SIM -device "$dev,map=@sim0{nosuch}"
expect_error offset-out-of-range "line offset 8 at column 7 of map is out of range: chip 'sim0' has 8 lines" \
    $SIM -device "$dev,map=@sim0{8}"
expect_error same-line-twice "line 1 of chip 'sim0' is mapped twice: the entry at column 9" \
    $SIM -device "$dev,map=@sim0{1:1}"
expect_error same-line-by-name "line 3 of chip 'sim0' is mapped twice: the entry at column 13" \
    $SIM -device "$dev,map=@sim0{reset:3}"
expect_error same-line-two-devices "line 2 of chip 'sim0' (column 7 of map) is busy: used by 'qemu:g0'" \
    $SIM -device "$dev,id=g0,map=@sim0{2}" -device "$dev,id=g1,map=@sim0{2}"
many=$(seq -s: 0 64)
expect_error too-many-lines "too many lines" \
    -object gpio-sim,id=big,lines=70 -device "$dev,map=@big{$many}"
expect_error alias-too-long "alias 'abcdefghijklmnopqrstuvwxyz012345' at column 9 of map is longer than 31" \
    $SIM -device "$dev,map=@sim0{1=abcdefghijklmnopqrstuvwxyz012345}"
expect_error trailing-junk-hex "invalid line offset '0x10' at column 7" \
    $SIM -device "$dev,map=@sim0{0x10}"
expect_error trailing-junk-3a "invalid line offset '3a' at column 7" \
    $SIM -device "$dev,map=@sim0{3a}"
expect_error acrn-base-too-high "base=4294967290 with 1 lines goes beyond GPIO number 65535" \
    $SIM -device "$dev,base=4294967290,map=@sim0{0}"
expect_error acrn-base-overlap "base=1 would give GPIO numbers 1-1, which overlap 0-1 of /machine/peripheral/g0/virtio-backend" \
    $SIM -device "$dev,id=g0,map=@sim0{0:1}" -device "$dev,id=g1,base=1,map=@sim0{2}"
expect_error sim-bad-lines "'lines' must be between 1 and 1024" \
    -object gpio-sim,id=s,lines=0

# The patch series: checkpatch-clean, and applies with git am to a clean
# copy of the base.
echo "== patch series"
# the tree build/qemu<suffix> records its base in build/.base<suffix>
tree=$(dirname "$build")
suffix=${tree##*/qemu}
base=$(cat "$top/build/.base$suffix" 2>/dev/null)
if [ -n "$base" ] && out=$(/usr/bin/python3 "$top/scripts/make-series.py" \
                               "$base" "$top/build/series$suffix" 2>&1); then
    rc=0
else
    rc=1
fi
count_tagged series "$out" $rc

# libvirt: a private libvirtd runs our QEMU with both devices.
echo "== libvirt"
out=$("$top/scripts/libvirt-test.sh" "$build" 2>&1); rc=$?
count_tagged libvirt "$out" $rc

# Integration tiers: a real Linux kernel (gpio-sim, GPIO_CDEV) in a TCG
# guest.  A tier that cannot run is a failure, never a pass.
guest_tier() {  # TIER [QEMU args...]
    local out rc
    echo "== guest tier $1"
    out=$("$top/scripts/guest-tier.sh" "$build" "$@"); rc=$?
    count_tagged guest "$out" $rc "guest tier $1"
}
if [ "${SKIP_GUEST:-0}" = 1 ]; then
    echo "== guest tiers NOT RUN (SKIP_GUEST=1): counted as a failure"
    failed=$((failed + 1)); failures+=("guest tiers skipped by SKIP_GUEST=1")
else
    guest_tier host-backend.sh
    guest_tier std-e2e.sh $(cat "$top/tests/guest/std-e2e.args")
    # a Linux guest migrated to a second QEMU, then snapshotted
    guest_tier migrate.sh $(cat "$top/tests/guest/std-e2e.args")
    guest_tier hotplug.sh -object gpio-sim,id=sim0,lines=8
    GUEST_APPEND=vgabus=rp1 guest_tier hotplug.sh -M q35 \
        -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
        -object gpio-sim,id=sim0,lines=8
    # ACRN devices' GPCS/GPCG evaluated by the guest's ACPICA
    acpi_sims="-object gpio-sim,id=sim0,lines=2
        -object gpio-sim,id=sim1,lines=2"
    GUEST_APPEND="vgaa=S40 vgab=S48" guest_tier acpi.sh $acpi_sims \
        -device virtio-gpio-acrn-pci,id=ga,addr=8,map=@sim0{0:1} \
        -device virtio-gpio-acrn-pci,id=gb,addr=9,map=@sim1{0:1}
    GUEST_APPEND="vgaa=S40 vgab=S10.S00" guest_tier acpi.sh -M q35 $acpi_sims \
        -device pcie-root-port,id=rp1,bus=pcie.0,addr=2,chassis=1 \
        -device virtio-gpio-acrn-pci,id=ga,addr=8,map=@sim0{0:1} \
        -device virtio-gpio-acrn-pci,id=gb,bus=rp1,map=@sim1{0:1}
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "Failures:"; printf '  %s\n' "${failures[@]}"
fi
[ "$skipped" -gt 0 ] && echo "($skipped skipped)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

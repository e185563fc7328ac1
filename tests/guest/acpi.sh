#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ACRN devices' ACPI methods evaluated by the guest kernel's ACPICA, on
# the tables SeaBIOS loaded.  Two devices: ga maps sim0 lines 0 and 1,
# gb maps sim1 lines 0 and 1, all inputs at first.  vgaa= and vgab=
# name their slot nodes below \_SB.PCI0 (S40, S10.S00, ...).  GPCG is
# checked on input levels set from outside and on the values GPCS drove,
# GPCS on the lines through QMP.
#
# An SSDT loaded through configfs gives one probe device per call: its
# _HRV returns \_SB.PCI0.<slot>.AGPI.GPCG(pin) or GPCS(pin, value), so
# reading the probe's "hrv" attribute evaluates the method then and
# there.  The host side reads the simulated lines through QMP.
set -u
top=${vgatop:?}
. "$top/tests/guest/gpio-sim-lib.sh"
slot_a=${vgaa:?} slot_b=${vgab:?}
tmp=$TMPDIR/acpi
mkdir -p "$tmp"
ONES=4294967295

# \_SB.PCI0.S40 as Linux prints ACPI paths: \_SB_.PCI0.S40_
padded() {
    local out="" seg
    IFS=. read -r -a segs <<<"${1#\\}"
    for seg in "${segs[@]}"; do
        seg="${seg}___"
        out="$out.${seg:0:4}"
    done
    echo "\\${out#.}"
}

acpi_dev() {  # PATH: the /sys/bus/acpi/devices entry of that node
    local want d
    want=$(padded "$1")
    for d in /sys/bus/acpi/devices/*; do
        [ "$(cat "$d/path" 2>/dev/null)" = "$want" ] && { echo "$d"; return 0; }
    done
    return 1
}

# The probe SSDT: for devices a, b and pins 0..2, GPCG (G), GPCS high (H)
# and GPCS low (L).
probe_asl() {
    local d slot p
    echo 'DefinitionBlock ("", "SSDT", 2, "VGA", "ACPIPROB", 1)'
    echo '{'
    for d in a b; do
        slot=$slot_a; [ $d = b ] && slot=$slot_b
        echo "    External (\\_SB.PCI0.$slot.AGPI.GPCG, MethodObj)"
        echo "    External (\\_SB.PCI0.$slot.AGPI.GPCS, MethodObj)"
        for p in 0 1 2; do
            echo "    Device (\\_SB.QG${d^^}$p) { Method (_HRV) {" \
                 "Return (\\_SB.PCI0.$slot.AGPI.GPCG ($p)) } }"
            echo "    Device (\\_SB.QH${d^^}$p) { Method (_HRV) {" \
                 "Return (\\_SB.PCI0.$slot.AGPI.GPCS ($p, One)) } }"
            echo "    Device (\\_SB.QL${d^^}$p) { Method (_HRV) {" \
                 "Return (\\_SB.PCI0.$slot.AGPI.GPCS ($p, Zero)) } }"
        done
    done
    echo '}'
}

call() {  # KIND(G/H/L) DEV(a/b) PIN: evaluate, print the result
    local d
    d=$(acpi_dev "\\_SB.Q$1${2^^}$3") || { echo "no probe Q$1${2^^}$3"; return 1; }
    cat "$d/hrv"
}
gpcg() { call G "$1" "$2"; }
gpcs() {  # DEV PIN VALUE
    if [ "$3" = 1 ]; then call H "$1" "$2"; else call L "$1" "$2"; fi
}

expect() {  # NAME WANT COMMAND...: ok when COMMAND prints WANT
    local name=$1 want=$2 got; shift 2
    got=$("$@" 2>&1)
    if [ "$got" = "$want" ]; then ok "$name"
    else not_ok "$name" "wanted $want, got $got"; fi
}
line() {  # CHIP LINE PROP: a simulated line's property, from the host
    host get "/objects/$1" "line$2-$3"
}

# The PCI function (sysfs name) of a slot node, through its companion
pci_of() {
    local d
    d=$(acpi_dev "\\_SB.PCI0.$1") && basename "$(readlink -f "$d/physical_node")"
}

# --- the DSDT the guest got
cp /sys/firmware/acpi/tables/DSDT "$tmp/dsdt.aml"
if iasl -p "$tmp/dsdt" -d "$tmp/dsdt.aml" >"$tmp/iasl.log" 2>&1; then
    n=$(grep -c 'Device (AGPI)' "$tmp/dsdt.dsl")
    if [ "$n" = 2 ]; then ok dsdt-two-agpi; else not_ok dsdt-two-agpi "$n"; fi
else
    not_ok dsdt-disassembled "$(tail -n 3 "$tmp/iasl.log")"
fi

pci_a=$(pci_of "$slot_a") pci_b=$(pci_of "$slot_b")
for d in a b; do
    slot=$slot_a pci=$pci_a
    [ $d = b ] && slot=$slot_b pci=$pci_b
    if node=$(acpi_dev "\\_SB.PCI0.$slot.AGPI"); then
        ok "agpi-$d-in-namespace"
        # _UID: bus number * 256 + devfn of the function in the slot
        IFS=':.' read -r _ bus dev fn <<<"$pci"
        expect "agpi-$d-uid" $((16#$bus * 256 + 16#$dev * 8 + fn)) \
            cat "$node/uid"
    else
        not_ok "agpi-$d-in-namespace" "no \\_SB.PCI0.$slot.AGPI"
    fi
done

# --- probes
probe_asl >"$tmp/probe.asl"
if ! iasl -p "$tmp/probe" "$tmp/probe.asl" >"$tmp/iasl.log" 2>&1; then
    not_ok probe-ssdt-built "$(tail -n 5 "$tmp/iasl.log")"
    echo "guest: acpi done"; exit 1
fi
mkdir /sys/kernel/config/acpi/table/vgaprobe &&
    cat "$tmp/probe.aml" >/sys/kernel/config/acpi/table/vgaprobe/aml
if wait_for 30 acpi_dev '\_SB.QLB2' >/dev/null; then
    ok probe-ssdt-loaded
else
    not_ok probe-ssdt-loaded "probe devices did not appear"
    echo "guest: acpi done"; exit 1
fi

# --- reads of inputs: levels set from outside, a = (1, 0), b = (0, 1)
pattern() {  # PREFIX: GPCG of both devices' lines is a = (1, 0), b = (0, 1)
    expect "$1-gpcg-a0" 1 gpcg a 0
    expect "$1-gpcg-a1" 0 gpcg a 1
    expect "$1-gpcg-b0" 0 gpcg b 0
    expect "$1-gpcg-b1" 1 gpcg b 1
}
host set /objects/sim0 line0-input true >/dev/null
host set /objects/sim1 line1-input true >/dev/null
pattern input
host set /objects/sim0 line0-input false >/dev/null
host set /objects/sim1 line1-input false >/dev/null
expect input-gpcg-a0-low 0 gpcg a 0

# --- writes: each makes the line an output with the value, on this
# device's chip only: a = (1, 0), b = (0, 1)
expect gpcs-a0-done 1 gpcs a 0 1
expect gpcs-a0-dir output line sim0 0 direction
expect gpcs-a0-value true line sim0 0 value
expect gpcs-a1-done 1 gpcs a 1 0
expect gpcs-a1-dir output line sim0 1 direction
expect gpcs-a1-value false line sim0 1 value
expect gpcs-a-not-b0 input line sim1 0 direction
expect gpcs-a-not-b1 input line sim1 1 direction
expect gpcs-b0-done 1 gpcs b 0 0
expect gpcs-b0-value false line sim1 0 value
expect gpcs-b1-done 1 gpcs b 1 1
expect gpcs-b1-dir output line sim1 1 direction
expect gpcs-b1-value true line sim1 1 value
expect gpcs-b-not-a0 true line sim0 0 value
expect gpcs-a2-no-line 0 gpcs a 2 1

# --- reads of outputs: each device's own lines, nothing past ngpio
pattern read
expect read-gpcg-a2-no-line $ONES gpcg a 2

# --- a value changed and changed back, read after each
expect flip-a1-high 1 gpcs a 1 1
expect flip-a1-high-value true line sim0 1 value
expect flip-a1-high-reads 1 gpcg a 1
expect flip-a1-low 1 gpcs a 1 0
expect flip-a1-low-value false line sim0 1 value
expect flip-a1-low-reads 0 gpcg a 1

# --- MSI-X enabled: device config moves 4 bytes up; the methods follow
msix_enabled() {  # PCI: MSI-X enable set in the function's capability
    local ctl
    ctl=$(setpci -s "$1" CAP_MSIX+2.w) && (( 16#$ctl & 0x8000 ))
}
setpci -s "$pci_a" CAP_MSIX+2.w=8000:8000
check msix-a-enabled msix_enabled "$pci_a"
pattern msix
expect msix-gpcs-a1 1 gpcs a 1 1
expect msix-gpcs-a1-value true line sim0 1 value
expect msix-gpcg-a1-high 1 gpcg a 1
expect msix-gpcs-a1-back 1 gpcs a 1 0
setpci -s "$pci_a" CAP_MSIX+2.w=0000:8000

# --- I/O decoding off: no port touched, the methods say so
setpci -s "$pci_a" COMMAND=0000:0001
expect io-off-gpcg-a0 $ONES gpcg a 0
expect io-off-gpcs-a0 0 gpcs a 0 0
expect io-off-a0-unchanged true line sim0 0 value
setpci -s "$pci_a" COMMAND=0001:0001
expect io-on-gpcg-a0 1 gpcg a 0

# --- BAR0 moved: the two devices swap their I/O addresses (same bus
# only: behind a bridge the address must stay in the bridge's window)
if [ "${pci_a%:*}" = "${pci_b%:*}" ]; then
    bar_a=$(setpci -s "$pci_a" BASE_ADDRESS_0)
    bar_b=$(setpci -s "$pci_b" BASE_ADDRESS_0)
    setpci -s "$pci_a" COMMAND=0000:0001
    setpci -s "$pci_b" COMMAND=0000:0001
    setpci -s "$pci_a" BASE_ADDRESS_0="$bar_b"
    setpci -s "$pci_b" BASE_ADDRESS_0="$bar_a"
    setpci -s "$pci_a" COMMAND=0001:0001
    setpci -s "$pci_b" COMMAND=0001:0001
    expect bar-swapped "$bar_b" setpci -s "$pci_a" BASE_ADDRESS_0
    pattern bar
    expect bar-gpcs-a1 1 gpcs a 1 1
    expect bar-gpcs-a1-value true line sim0 1 value
    expect bar-gpcs-a1-back 1 gpcs a 1 0
fi

# --- device b unplugged: its AGPI stays until the next reset, and its
# methods find no ACRN function in the slot and touch nothing
on_bus() { [ -e "/sys/bus/pci/devices/$1" ]; }
off_bus() { ! on_bus "$1"; }
if host qmp device_del '{"id": "gb"}' >/dev/null &&
   wait_for 30 off_bus "$pci_b"; then
    ok unplug-b
    expect unplug-gpcg-b0 $ONES gpcg b 0
    expect unplug-gpcs-b0 0 gpcs b 0 1
    expect unplug-gpcg-a0 1 gpcg a 0
else
    not_ok unplug-b "$pci_b still on the guest's bus"
fi
echo "guest: acpi done"

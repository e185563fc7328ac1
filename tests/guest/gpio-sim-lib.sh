#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers for tier scripts inside the guest: the kernel's gpio-sim via
# configfs, and results in the form scripts/guest-tier.sh counts.

ok() { echo "[guest] ok $1"; }
not_ok() { echo "[guest] not ok $1: $2"; }
check() {  # NAME COMMAND...: ok when the command succeeds
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}

# wait_for SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds;
# fails if it has not after SECONDS.  Tiers wait for a condition this way,
# never for a fixed time.
wait_for() {
    local end=$((SECONDS + $1)); shift
    until "$@"; do
        [ "$SECONDS" -lt "$end" ] || return 1
        sleep 0.1
    done
}

# The consumer holding line LINE (offset or name) of CHIP, as gpioinfo
# shows it; nothing when the line is free; fails when gpioinfo does.
line_consumer() {
    local info
    info=$(gpioinfo -c "$1" "$2") || return 1
    sed -n 's/.*[[:space:]]consumer="\([^"]*\)".*/\1/p' <<<"$info"
}
held_by() {  # CHIP LINE CONSUMER: the line is held by CONSUMER
    local c
    c=$(line_consumer "$1" "$2") && [ "$c" = "$3" ]
}
line_free() {  # CHIP LINE: no one holds the line
    local c
    c=$(line_consumer "$1" "$2") && [ -z "$c" ]
}

# Ask the host side (scripts/guest-run.py) through the console; prints
# its answer, fails on @@FAIL or silence.
host() {
    local reply
    echo "@@HOST $*" >/dev/console
    IFS= read -r -t 60 reply || { echo "no answer from the host" >&2; return 1; }
    case $reply in
    "@@OK "*) echo "${reply#@@OK }" ;;
    *) echo "$reply" >&2; return 1 ;;
    esac
}

# TAP of a qtest binary as results; an abort is a failure too.
qtest_results() {
    sed -n -e 's/^\(not \)\{0,1\}ok [0-9]* \([^#]*\)$/[guest] \1ok qtest \2/p' \
        -e 's/^Bail out! \(.*\)/[guest] not ok qtest aborted: \1/p' \
        -e '/^# .*ERROR/p' -e 's/^# \(storm: .*\)/[guest] figure: \1/p'
}

# sim_chip DEVICE LABEL:NAMES [LABEL:NAMES...]: one gpio-sim device with
# one bank per argument; NAMES are ':'-separated line names ("" unnamed),
# their count is the bank's line count.  Prints nothing; see sim_bank_*.
sim_chip() {
    local dev=/sys/kernel/config/gpio-sim/$1; shift
    local b=0
    mkdir "$dev"
    for spec in "$@"; do
        local label=${spec%%=*} names=${spec#*=}
        local bank=$dev/bank$b
        mkdir "$bank"
        IFS=: read -r -a arr <<<"$names:"
        echo "${#arr[@]}" > "$bank/num_lines"
        echo "$label" > "$bank/label"
        for i in "${!arr[@]}"; do
            if [ -n "${arr[$i]}" ]; then
                mkdir "$bank/line$i"
                echo "${arr[$i]}" > "$bank/line$i/name"
            fi
        done
        b=$((b + 1))
    done
    echo 1 > "$dev/live"
}

# The gpiochipN of bank B of device DEV, and its sysfs directory.
sim_bank_chip() {
    cat "/sys/kernel/config/gpio-sim/$1/bank$2/chip_name"
}
sim_bank_sysfs() {
    echo "/sys/devices/platform/$(cat "/sys/kernel/config/gpio-sim/$1/dev_name")/$(sim_bank_chip "$1" "$2")"
}

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run one tier script of tests/guest in the guest kernel; see
# scripts/guest-run.py.  Prints "[guest] ok/not ok" lines; exit status 0
# only when the tier ran to its end.
#   scripts/guest-tier.sh BUILD_DIR TIER [extra QEMU args...]
set -u
exec /usr/bin/python3 "$(dirname "$0")/guest-run.py" "${1:?BUILD_DIR}" \
    "${2:?TIER}" -- "${@:3}"

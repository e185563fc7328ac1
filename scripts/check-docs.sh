#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# After make docs (Sphinx with -W: the manual built, so without warnings):
# our two pages are there, the system manual's device list links them,
# and the QMP reference documents query-gpio and gpio-sim.
#   scripts/check-docs.sh MANUAL_DIR
set -u
m=${1:?MANUAL_DIR}
failed=0
check() {  # NAME CONDITION...
    local name=$1; shift
    if "$@"; then echo "[docs] ok $name"; else echo "[docs] not ok $name"; failed=1; fi
}
for page in virtio-gpio virtio-gpio-acrn; do
    check "$page.html built" test -s "$m/system/devices/virtio/$page.html"
    # 10.2 lists them in devices/virtio/index.rst, 10.0 in device-emulation.rst
    check "$page in the device list" grep -qs "href=\"[^\"]*$page.html\"" \
        "$m/system/devices/virtio/index.html" "$m/system/device-emulation.html"
done
check "query-gpio in the QMP reference" grep -qs 'query-gpio' "$m/interop/qemu-qmp-ref.html"
check "GpioSimProperties in the QMP reference" grep -qs 'GpioSimProperties' "$m/interop/qemu-qmp-ref.html"
echo "manual: $m/index.html"
exit $failed

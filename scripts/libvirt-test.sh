#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Through libvirt: a private libvirtd (system mode, as root, its own
# directories) runs a domain whose <emulator> is our QEMU and whose
# <qemu:commandline> adds a simulated chip and both GPIO devices; the
# test checks them through virsh qemu-monitor-command, then destroys and
# undefines the domain and stops the daemon.  Prints "[libvirt] ..." lines.
#   scripts/libvirt-test.sh BUILD_DIR
set -u
build=$(cd "${1:?BUILD_DIR}" && pwd)
qemu=$build/qemu-system-x86_64
top=$(cd "$(dirname "$0")/.." && pwd)
ok() { echo "[libvirt] ok $1"; }
not_ok() { echo "[libvirt] not ok $1: $2"; }

if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
    not_ok libvirt-installed "libvirtd/virsh missing (scripts/setup-deps.sh installs them)"
    exit 1
fi
home=$(mktemp -d /tmp/vga-libvirt.XXXXXX)
# A private system-mode libvirtd: in its own mount namespace, its state,
# sockets and qemu.conf are this test's directories, so the machine's
# libvirt setup is neither needed nor touched.  QEMU runs as root with no
# security driver and no cgroups (none of that is what is tested here).
for d in run lib log cache etc; do mkdir -p "$home/$d"; done
cat >"$home/etc/qemu.conf" <<CONF
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
stdio_handler = "file"
CONF
uri="qemu:///system?socket=$home/run/libvirt-sock"
mkdir -p /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt \
    /var/cache/libvirt
unshare -m sh -c "
    mount --make-rprivate / &&
    mount --bind '$home/etc' /etc/libvirt &&
    mount --bind '$home/run' /run/libvirt &&
    mount --bind '$home/lib' /var/lib/libvirt &&
    mount --bind '$home/log' /var/log/libvirt &&
    mount --bind '$home/cache' /var/cache/libvirt &&
    exec libvirtd --timeout 300" >"$home/libvirtd.log" 2>&1 &
daemon=$!
cleanup() {
    virsh -c "$uri" destroy vga-test >/dev/null 2>&1
    virsh -c "$uri" undefine vga-test >/dev/null 2>&1
    kill $daemon 2>/dev/null; wait $daemon 2>/dev/null
    rm -rf "$home"
}
trap cleanup EXIT
for _ in $(seq 100); do
    virsh -c "$uri" version >/dev/null 2>&1 && break
    sleep 0.2
done

sed "s|@QEMU@|$qemu|" "$top/tests/libvirt/domain.xml" >"$home/domain.xml"
if out=$(virsh -c "$uri" define "$home/domain.xml" 2>&1); then ok define
else not_ok define "$out"; tail -n 20 "$home/libvirtd.log"; exit 1; fi
if out=$(virsh -c "$uri" start vga-test 2>&1); then ok start
else not_ok start "$out"; exit 1; fi

mon() { virsh -c "$uri" qemu-monitor-command vga-test "$1"; }
pci=$(mon '{"execute":"query-pci"}')
python3 - "$pci" <<'PY' && ok pci-ids || not_ok pci-ids "$pci"
import json, sys
ids = {(d['id']['vendor'], d['id']['device'], d['id'].get('subsystem'))
       for b in json.loads(sys.argv[1])['return'] for d in b['devices']}
assert (0x8086, 0x8609, 0xfff7) in ids, ids     # virtio-gpio-acrn-pci
assert any(v == 0x1af4 and d == 0x1069 for v, d, _ in ids), ids  # virtio-gpio
PY
mon '{"execute":"qom-set","arguments":{"path":"/objects/sim0","property":"line1-input","value":true}}' >/dev/null
got=$(mon '{"execute":"qom-get","arguments":{"path":"/objects/sim0","property":"line1-value"}}')
case $got in *'"return":true'*) ok sim-line-set-and-read ;;
*) not_ok sim-line-set-and-read "$got" ;; esac
got=$(mon '{"execute":"query-gpio"}')
case $got in *'"name":"button"'*'"value":true'*) ok query-gpio ;;
*) not_ok query-gpio "$got" ;; esac
if out=$(virsh -c "$uri" destroy vga-test 2>&1); then ok destroy
else not_ok destroy "$out"; fi
if out=$(virsh -c "$uri" undefine vga-test 2>&1); then ok undefine
else not_ok undefine "$out"; fi

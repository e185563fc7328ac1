#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install what building and testing needs on Debian 12 (bookworm).
# Adds bookworm-backports (meson >= 1.5, libgpiod 2.x) and trixie (QEMU 10.0
# source, firmware data) with a low pin so nothing else is upgraded, and
# the sources (deb-src only, so no binary package can come from there) of
# unstable and experimental for QEMU 10.2's source.
# Idempotent: does nothing when everything is already present.
#   scripts/setup-deps.sh [--fuzz | --docs | --bench]
set -eu

need_pkgs="build-essential git ccache ninja-build python3-venv python3-pycotap
libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev dpkg-dev pkg-config
flex bison seabios ipxe-qemu bc libelf-dev libssl-dev linux-source-6.12
libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients acpica-tools pciutils"
bp_pkgs="meson libgpiod-dev gpiod"
trixie_pkgs="qemu-system-data"

# --fuzz: also clang with libFuzzer, the sanitizer runtimes and the
# symbolizer for their reports, for make fuzz and make sanitize only.
fuzz_pkgs="clang-16 libclang-rt-16-dev llvm-16"
if [ "${1:-}" = --fuzz ]; then need_pkgs="$need_pkgs $fuzz_pkgs"; fi

# --docs: Sphinx and its Read the Docs theme, for make docs only.
docs_pkgs="python3-sphinx python3-sphinx-rtd-theme"
if [ "${1:-}" = --docs ]; then need_pkgs="$need_pkgs $docs_pkgs"; fi

# --bench: gnuplot for make bench's plot, valgrind for its instruction
# counts.
bench_pkgs="gnuplot-nox valgrind"
if [ "${1:-}" = --bench ]; then need_pkgs="$need_pkgs $bench_pkgs"; fi

# libvirt's QEMU driver resolves its default user and group at start even
# when qemu.conf overrides them; libvirt-daemon-system would create them
# (with systemd, which is not wanted here), so create them ourselves.
libvirt_ids() {
    getent group kvm >/dev/null || $SUDO groupadd --system kvm
    getent group libvirt-qemu >/dev/null || $SUDO groupadd --system libvirt-qemu
    getent passwd libvirt-qemu >/dev/null ||
        $SUDO useradd --system --gid kvm --no-create-home \
            --home-dir /var/lib/libvirt --shell /usr/sbin/nologin libvirt-qemu
}

missing=""
for p in $need_pkgs $bp_pkgs $trixie_pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
        missing="$missing $p"
done
meson_ok=0
if command -v meson >/dev/null; then
    dpkg --compare-versions "$(meson --version)" ge 1.5 && meson_ok=1
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
if [ -z "$missing" ] && [ $meson_ok = 1 ] &&
   grep -qs trixie /etc/apt/sources.list.d/virtio-gpio-acrn.sources &&
   grep -qs unstable /etc/apt/sources.list.d/virtio-gpio-acrn.sources; then
    libvirt_ids
    exit 0
fi

echo "setup-deps: configuring apt (bookworm-backports, trixie, unstable deb-src, low pin)"
$SUDO tee /etc/apt/sources.list.d/virtio-gpio-acrn.sources >/dev/null <<SRC
Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: unstable experimental
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
$SUDO tee /etc/apt/preferences.d/virtio-gpio-acrn >/dev/null <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 50

Package: *
Pin: release n=bookworm-backports
Pin-Priority: 100

Package: *
Pin: release a=unstable
Pin-Priority: -1

Package: *
Pin: release a=experimental
Pin-Priority: -1
PIN

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $need_pkgs
$SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports $bp_pkgs
$SUDO apt-get install -y -qq --no-install-recommends -t trixie $trixie_pkgs ||
    echo "setup-deps: warning: qemu-system-data from trixie not installed"
libvirt_ids
echo "setup-deps: done"

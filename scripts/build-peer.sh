#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the peer for `make bench`: rust-vmm's vhost-device-gpio, offline,
# without the crates.io registry.  Nothing of it enters this repository:
# the source is yours (PEER_SRC), everything else lives under
# ~/.cache/virtio-gpio-acrn/peer.
#   scripts/build-peer.sh PEER_SRC     prints the daemon's path at the end
# PEER_SRC is a checkout (or bare git directory) of
# https://github.com/rust-vmm/vhost-device; commit f293c4e (2024-12-16) is
# used, the last whose dependency versions Debian 13 (trixie) packages.
#   1. apt-get download of trixie's librust-*-dev packages (sources of the
#      crates), unpacked (not installed: that would pull in a partial
#      upgrade to trixie) and used as a cargo "directory" source;
#   2. the libgpiod crates from Debian's libgpiod 2.2.1 source package
#      (bindings/rust), adapted to trixie's bindgen 0.71, system-deps 7
#      and errno 0.3;
#   3. the daemon's queue size raised from 256 to 1024: QEMU 10.0.x sets
#      every vhost-user queue to 1024 entries and the unmodified daemon
#      exits on SET_VRING_NUM 1024 (QEMU then aborts);
#   4. cargo build --offline --release --features mock_gpio.
# Needs cargo/rustc >= 1.74 (clap 4.5; bookworm's rustc 1.63 is too old: use
# rustup's, e.g. ~/.cargo/bin, or trixie's rustc), libclang (Debian 12's
# libclang1-16 or clang-16), pkg-config and libgpiod-dev (>= 2.1).
set -eu
src=${1:?usage: build-peer.sh PEER_SRC}
commit=${PEER_COMMIT:-f293c4e}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/virtio-gpio-acrn/peer
export PATH=$HOME/.cargo/bin:$PATH
say() { echo "build-peer: $*" >&2; }

command -v cargo >/dev/null || { say "no cargo: install rustup's toolchain (cargo >= 1.74)"; exit 1; }
mkdir -p "$cache/debs"

# 1. crate sources from trixie
crates="clap env-logger libc log thiserror vhost vhost-user-backend
        virtio-bindings virtio-queue vm-memory vmm-sys-util bindgen
        system-deps clap-derive intmap errno"
if [ ! -f "$cache/debs/.done" ]; then
    say "downloading trixie's librust-*-dev packages into $cache/debs"
    pkgs=$(apt-cache -o APT::Default-Release=trixie depends --recurse \
               --no-recommends --no-suggests --no-conflicts --no-breaks \
               --no-replaces --no-enhances \
               $(for c in $crates; do echo "librust-$c-dev"; done) 2>/dev/null |
           grep '^librust' | sort -u)
    (cd "$cache/debs" && apt-get -qq -o APT::Default-Release=trixie download $pkgs) 2>&1 |
        grep -v 'unsandboxed' >&2 || true
    touch "$cache/debs/.done"
fi
if [ ! -d "$cache/root/usr/share/cargo/registry" ]; then
    mkdir -p "$cache/root"
    for d in "$cache"/debs/*.deb; do dpkg-deb -x "$d" "$cache/root"; done
fi

# 2. libgpiod's rust bindings from Debian's libgpiod 2.2.1 source
if [ ! -d "$cache/libgpiod-2.2.1/bindings/rust" ]; then
    say "fetching Debian's libgpiod 2.2.1 source"
    (cd "$cache" && { ls libgpiod_2.2.1.orig.tar.xz >/dev/null 2>&1 ||
         apt-get source -qq --download-only "libgpiod/trixie" >/dev/null 2>&1 || true; } &&
     tar xf libgpiod_2.2.1.orig.tar.xz)
fi

# 3. a private build tree
work=$cache/work
rm -rf "$work"
mkdir -p "$work"
if [ -d "$src/.git" ] || [ -d "$src/objects" ]; then
    gd=$src; [ -d "$src/.git" ] && gd=$src/.git
    git --git-dir="$gd" archive "$commit" vhost-device-gpio | tar -x -C "$work"
else
    cp -a "$src/vhost-device-gpio" "$work/"
fi
cp -a "$cache/libgpiod-2.2.1/bindings/rust/libgpiod" \
      "$cache/libgpiod-2.2.1/bindings/rust/libgpiod-sys" "$work/"
g=$work/vhost-device-gpio
sed -i 's/^const QUEUE_SIZE: usize = 256;/const QUEUE_SIZE: usize = 1024;/' "$g/src/vhu_gpio.rs"
grep -q 'QUEUE_SIZE: usize = 1024' "$g/src/vhu_gpio.rs"
# no dev-dependencies (tests are not built), libgpiod from the path, own workspace
sed -i -e '/^\[dev-dependencies\]/,$d' \
       -e 's|^libgpiod = .*|libgpiod = { path = "../libgpiod" }|' "$g/Cargo.toml"
printf '\n[workspace]\n' >> "$g/Cargo.toml"
sed -i -e 's/^errno = .*/errno = "0.3"/' -e '/^\[dev-dependencies\]/,$d' \
    "$work/libgpiod/Cargo.toml"
sed -i -e 's/^bindgen = .*/bindgen = "0.71"/' -e 's/^system-deps = .*/system-deps = "7"/' \
    "$work/libgpiod-sys/Cargo.toml"
sed -i -e 's/bindgen::CargoCallbacks)/bindgen::CargoCallbacks::new())/' \
       -e 's/for (_name, lib) in libs {/for (_name, lib) in libs.iter() {/' \
       -e 's/in lib.include_paths {/in \&lib.include_paths {/' \
    "$work/libgpiod-sys/build.rs"

vendor=$cache/root/usr/share/cargo/registry
mkdir -p "$g/.cargo"
cat > "$g/.cargo/config.toml" <<EOC
[source.crates-io]
replace-with = "debian-trixie"
[source.debian-trixie]
directory = "$vendor"
[net]
offline = true
EOC

# 4. build
say "cargo build (about 2 minutes)"
lib=$(ls -d /usr/lib/llvm-*/lib 2>/dev/null | sort -V | tail -n 1)
[ -n "${LIBCLANG_PATH:-$lib}" ] ||
    { say "no libclang (bindgen needs it): apt-get install libclang1-16"; exit 1; }
(cd "$g" && CARGO_TARGET_DIR=$cache/target LIBCLANG_PATH=${LIBCLANG_PATH:-$lib} nice -n 10 \
     cargo build --offline --release -j 2 --features mock_gpio >&2)
bin=$cache/target/release/vhost-device-gpio
mkdir -p "$cache/bin"
cp "$bin" "$cache/bin/vhost-device-gpio"
say "built; use PEER_BIN=$cache/bin/vhost-device-gpio"
echo "$cache/bin/vhost-device-gpio"

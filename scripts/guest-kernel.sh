#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the small guest kernel of the integration tier, once: Debian's
# linux-source-6.12, x86_64 tinyconfig plus tests/guest/kernel.config.
# The result is cached outside the clone, keyed by the fragment's hash,
# and its path is printed on stdout.  Progress goes to stderr.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${VGA_CACHE:-$HOME/.cache/virtio-gpio-acrn}
frag=$top/tests/guest/kernel.config
# VGA_KERNEL_EXTRA=FILE: a second fragment on top (make bench's
# tests/guest/kernel-bench.config), its own cached kernel
extra=${VGA_KERNEL_EXTRA:-}
if [ -n "$extra" ]; then
    merged=$(mktemp)
    cat "$frag" "$extra" >"$merged"
    frag=$merged
fi
tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null || true)
if [ -z "$tarball" ]; then
    echo "guest-kernel: /usr/src/linux-source-6.12.tar.xz missing" \
         "(run scripts/setup-deps.sh)" >&2
    exit 1
fi
key=$( (sha256sum <"$frag"; stat -c %s "$tarball") | sha256sum | cut -c1-16)
out=$cache/guest-kernel/bzImage-$key
if [ -s "$out" ]; then
    echo "$out"
    exit 0
fi

src=$cache/guest-kernel/linux-6.12
mkdir -p "$cache/guest-kernel"
if [ ! -f "$src/Makefile" ]; then
    echo "guest-kernel: unpacking $tarball" >&2
    rm -rf "$src" "$src.tmp"
    mkdir -p "$src.tmp"
    tar -C "$src.tmp" -xf "$tarball" --strip-components=1
    mv "$src.tmp" "$src"
fi
bld=$cache/guest-kernel/build-$key
rm -rf "$bld"
mkdir -p "$bld"
echo "guest-kernel: configuring (tinyconfig + $(basename "$frag"))" >&2
make -s -C "$src" O="$bld" ARCH=x86_64 tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$bld" "$bld/.config" "$frag" \
    >/dev/null
make -s -C "$src" O="$bld" ARCH=x86_64 olddefconfig >&2
# Every option the fragment asks for must have survived olddefconfig.
missing=0
while IFS= read -r line; do
    case "$line" in
    CONFIG_*=y)
        grep -qx "$line" "$bld/.config" || {
            echo "guest-kernel: $line did not stick" >&2
            missing=1
        } ;;
    esac
done < "$frag"
[ $missing = 0 ] || exit 1
echo "guest-kernel: building bzImage (about 6 minutes on 2 cores)" >&2
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
CCACHE_DIR=$cache/ccache make -s -C "$src" O="$bld" ARCH=x86_64 CC="$cc" \
    -j"$(nproc)" bzImage >&2
cp "$bld/arch/x86/boot/bzImage" "$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$bld"
echo "$out"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Does each patch of build/series[-BASE] build on its own?  Applies the series
# to a git copy of the base in build/series-build, then builds
# qemu-system-x86_64 and the tests at every patch in turn (incremental,
# as a bisect would).  Slow: about 25 minutes on 2 cores, so not part of
# `make check`.  Usage: scripts/series-build.sh [SUFFIX]   (after `make
# series`; SUFFIX "-10.2" for the tree build/qemu-10.2, none for build/qemu)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
suffix=${1:-}
base=$(cat "$top/build/.base$suffix")
work=$top/build/series-build$suffix
tree=$work/qemu
rm -rf "$work"; mkdir -p "$work"
cp -a "$base" "$tree"
git -C "$tree" init -q
git -C "$tree" add -A
git -C "$tree" -c user.name=series -c user.email=series@invalid commit -qm base
git -C "$tree" -c user.name=series -c user.email=series@invalid \
    am -q "$top"/build/series$suffix/000[1-9]-*.patch || exit 1
n=$(ls "$top"/build/series$suffix/000[1-9]-*.patch | wc -l)
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/virtio-gpio-acrn/ccache}
export CCACHE_BASEDIR=$work CCACHE_NOHASHDIR=1
mkdir "$tree/build"
failed=0
for k in $(seq $((n - 1)) -1 0); do
    git -C "$tree" checkout -q "master~$k" 2>/dev/null ||
        git -C "$tree" checkout -q "main~$k"
    if [ ! -f "$tree/build/build.ninja" ]; then
        (cd "$tree/build" && ../configure --target-list=x86_64-softmmu \
            --disable-docs --disable-tools --disable-guest-agent \
            --disable-install-blobs --disable-download --enable-werror \
            --python=/usr/bin/python3 --cc="ccache cc" >configure.log 2>&1) ||
            { echo "configure failed"; exit 1; }
    fi
    targets="qemu-system-x86_64 tests/qtest/qos-test"
    grep -q test-gpio-map "$tree/tests/unit/meson.build" &&
        targets="$targets tests/unit/test-gpio-map"
    grep -q test-gpio-lines "$tree/tests/unit/meson.build" &&
        targets="$targets tests/unit/test-gpio-lines"
    subject=$(git -C "$tree" log -1 --format=%s)
    if ninja -C "$tree/build" $targets >"$work/build-$k.log" 2>&1; then
        echo "[series-build] ok $subject"
    else
        echo "[series-build] not ok $subject (see $work/build-$k.log)"
        failed=1
    fi
done
exit $failed

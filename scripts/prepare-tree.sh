#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Lay this project over a QEMU 10.0.x tree in build/qemu:
#   1. copy the base once (Debian's source package, or $QEMU_SRC);
#   2. apply patches/*.patch to QEMU's own files (re-applied when they change);
#   3. symlink every project file into place, so edits rebuild incrementally.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/virtio-gpio-acrn
tree=$top/build/qemu

find_base() {
    if [ -n "${QEMU_SRC:-}" ]; then
        [ -f "$QEMU_SRC/VERSION" ] || {
            echo "prepare-tree: QEMU_SRC=$QEMU_SRC is not a QEMU source tree" >&2
            exit 1
        }
        (cd "$QEMU_SRC" && pwd)
        return
    fi
    local d
    d=$(ls -d "$cache"/qemu-10.0.*/ 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$d" ]; then
        echo "prepare-tree: fetching Debian's QEMU 10.0.x source into $cache" >&2
        mkdir -p "$cache"
        (cd "$cache" && apt-get source -qq qemu/trixie >/dev/null 2>"$cache/apt-source.log") || {
            echo "prepare-tree: 'apt-get source qemu/trixie' failed; see $cache/apt-source.log" >&2
            exit 1
        }
        d=$(ls -d "$cache"/qemu-10.0.*/ | sort -V | tail -n 1)
    fi
    (cd "$d" && pwd)
}

base=$(find_base)
mkdir -p "$top/build"
if [ "$(cat "$top/build/.base" 2>/dev/null)" != "$base" ]; then
    echo "prepare-tree: copying QEMU $(cat "$base/VERSION") from $base"
    rm -rf "$tree" "$top/build/.patches"
    cp -a "$base" "$tree"
    echo "$base" > "$top/build/.base"
fi

# Patches: when the set changes, apply them all to fresh copies of the files
# they touch, in a staging directory, then replace only the files whose
# content differs (an unchanged file keeps its timestamp: no rebuild).
want=$(cat "$top"/patches/*.patch | sha256sum | cut -d' ' -f1)
if [ "$(cat "$top/build/.patches" 2>/dev/null)" != "$want" ]; then
    stage=$(mktemp -d "$top/build/.stage.XXXXXX")
    files=$(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$top"/patches/*.patch \
                "$top"/build/applied/*.patch 2>/dev/null | sort -u)
    for f in $files; do
        if [ -f "$base/$f" ]; then
            mkdir -p "$(dirname "$stage/$f")"
            cp -p "$base/$f" "$stage/$f"
        fi
    done
    for p in "$top"/patches/*.patch; do
        case $p in
        *.optional.patch)
            # Only for bases that need it (see the patch's description).
            if patch -s -p1 -d "$stage" --dry-run -f < "$p" >/dev/null 2>&1; then
                patch -s -p1 -d "$stage" --no-backup-if-mismatch < "$p"
                echo "prepare-tree: applied $(basename "$p")"
            else
                echo "prepare-tree: $(basename "$p") not needed by this base, not applied"
            fi
            continue
            ;;
        esac
        patch -s -p1 -d "$stage" --no-backup-if-mismatch < "$p" || {
            echo "prepare-tree: $p does not apply to $base" >&2
            rm -rf "$stage"
            exit 1
        }
    done
    for f in $files; do
        if [ ! -f "$stage/$f" ]; then
            rm -f "$tree/$f"
        elif ! cmp -s "$stage/$f" "$tree/$f"; then
            mkdir -p "$(dirname "$tree/$f")"
            cp "$stage/$f" "$tree/$f"
        fi
    done
    rm -rf "$stage"
    rm -rf "$top/build/applied"
    cp -r "$top/patches" "$top/build/applied"
    echo "$want" > "$top/build/.patches"
fi

# Overlay: every project file under QEMU's directories becomes a symlink.
(cd "$top" && git ls-files -co --exclude-standard -- hw include tests docs qapi) |
while read -r f; do
    [ -f "$top/$f" ] || continue
    if [ "$(readlink "$tree/$f" 2>/dev/null)" != "$top/$f" ]; then
        mkdir -p "$(dirname "$tree/$f")"
        rm -f "$tree/$f"
        ln -s "$top/$f" "$tree/$f"
    fi
done
echo "prepare-tree: QEMU base $(cat "$tree/VERSION") from $base"

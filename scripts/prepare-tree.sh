#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Lay this project over a QEMU tree, one tree per base:
#   1. copy the base once: Debian's source package of QEMU $QEMU_BASE
#      (10.0 by default, or 10.2), or $QEMU_SRC;
#   2. apply patches/*.patch, then patches/<major.minor>/*.patch for that
#      base only, to QEMU's own files (re-applied when they change);
#   3. symlink every project file into place, so edits rebuild incrementally.
#   scripts/prepare-tree.sh [TREE]   (default build/qemu)
# The tree build/qemu<suffix> keeps its state in build/.base<suffix>,
# build/.patches<suffix> and build/applied<suffix>.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/virtio-gpio-acrn
tree=${1:-$top/build/qemu}
want_base=${QEMU_BASE:-10.0}
suffix=${tree##*/qemu}
state_base=$top/build/.base$suffix
state_patches=$top/build/.patches$suffix
applied=$top/build/applied$suffix

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
    local d v
    d=$(ls -d "$cache/qemu-$want_base".*/ 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$d" ]; then
        # the newest Debian source of that base: 10.0.x from trixie,
        # 10.2.x from unstable/experimental (deb-src only, see setup-deps)
        v=$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' |
            grep -F "1:$want_base." | sort -V | tail -n 1)
        [ -n "$v" ] || {
            echo "prepare-tree: no Debian source of QEMU $want_base.x known to apt (run make deps)" >&2
            exit 1
        }
        echo "prepare-tree: fetching Debian's QEMU $v source into $cache" >&2
        mkdir -p "$cache"
        (cd "$cache" && apt-get source -qq "qemu=$v" >/dev/null 2>"$cache/apt-source-$want_base.log") || {
            echo "prepare-tree: 'apt-get source qemu=$v' failed; see $cache/apt-source-$want_base.log" >&2
            exit 1
        }
        d=$(ls -d "$cache/qemu-$want_base".*/ | sort -V | tail -n 1)
    fi
    (cd "$d" && pwd)
}

base=$(find_base)
mkdir -p "$top/build"
if [ "$(cat "$state_base" 2>/dev/null)" != "$base" ]; then
    echo "prepare-tree: copying QEMU $(cat "$base/VERSION") from $base to $tree"
    rm -rf "$tree" "$state_patches"
    cp -a "$base" "$tree"
    echo "$base" > "$state_base"
fi

# The patches for this base: patches/*.patch for every base, then those in
# patches/<major.minor of the base's VERSION>/, in order of file name.
series=$(sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p' "$base/VERSION")
patch_list=$(for p in "$top"/patches/*.patch "$top/patches/$series"/*.patch; do
                 [ -f "$p" ] && printf '%s\t%s\n' "$(basename "$p")" "$p"
             done | sort | cut -f2)

# Patches: when the set changes, apply them all to fresh copies of the files
# they touch, in a staging directory, then replace only the files whose
# content differs (an unchanged file keeps its timestamp: no rebuild).
want=$(cat $patch_list | sha256sum | cut -d' ' -f1)
if [ "$(cat "$state_patches" 2>/dev/null)" != "$want" ]; then
    stage=$(mktemp -d "$top/build/.stage.XXXXXX")
    files=$(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' $patch_list \
                "$applied"/*.patch 2>/dev/null | sort -u)
    for f in $files; do
        if [ -f "$base/$f" ]; then
            mkdir -p "$(dirname "$stage/$f")"
            cp -p "$base/$f" "$stage/$f"
        fi
    done
    for p in $patch_list; do
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
    rm -rf "$applied"
    mkdir -p "$applied"
    cp $patch_list "$applied"
    echo "$want" > "$state_patches"
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
# A project file moved or removed since leaves a dangling link: drop it.
for d in hw include tests docs qapi; do
    find "$tree/$d" -type l -lname "$top/*" ! -exec test -e {} \; \
        -print -delete 2>/dev/null | sed 's|^|prepare-tree: removed stale link |'
done
echo "prepare-tree: QEMU base $(cat "$tree/VERSION") from $base"

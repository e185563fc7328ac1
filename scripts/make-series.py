#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Produce the project as a `git format-patch` series against the QEMU
# base, one logical change per patch, check every patch with QEMU's
# scripts/checkpatch.pl, and check that the series applies with `git am`
# to a clean copy of the base.
#   scripts/make-series.py BASE_DIR OUT_DIR
# The series is derived, not kept: the overlay files and patches/ are
# the source; each added line of QEMU's own files and each new file goes
# to the patch its subject belongs to (see step_of()).  The patches are
# patches/*.patch and patches/<major.minor of the base>/*.patch;
# *.optional.patch (distribution-specific: 10.0's queue-size exemption)
# are left out.  On 10.0 the backport shim (patches/10.0/0000-*) becomes
# a first patch of its own; newer bases need none.
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUTHOR = 'virtio-gpio-acrn project <virtio-gpio-acrn@invalid>'

STEPS = [
    ('qom: accept 10.1\'s class_init signature (backport shim)',
     'The devices are written for QEMU 10.1 and later, whose class_init\n'
     'takes "const void *data" and whose interface lists are const.  Let\n'
     'this older QEMU accept both signatures (see the comment in\n'
     'include/qom/object.h).  Only for a backport to 10.0.'),
    ('virtio: know ACRN\'s GPIO device ID 0xFFF7',
     'ACRN\'s virtio-gpio device uses the vendor device ID 0xFFF7 with\n'
     'legacy virtio only.  Name it, allow it legacy, and give QMP its\n'
     'feature names.'),
    ('hw/gpio: GPIO line engine, map parser, simulated chip, query-gpio',
     'The pieces GPIO protocol front ends share: a parser for ACRN\'s line\n'
     'map syntax, a chip backend interface shaped like libgpiod v2, a\n'
     'simulated chip object (-object gpio-sim) that needs no hardware, the\n'
     'line engine with edge and level interrupt logic, and a management\n'
     'view (query-gpio, info gpio).'),
    ('meson, hw/gpio: host GPIO chips through libgpiod v2',
     'An optional libgpiod (>= 2.0) dependency and a chip backend for the\n'
     'Linux GPIO character devices: chips by /dev name, path or label,\n'
     'lines taken as they are and reconfigured in place, edge events read\n'
     'in the main loop.'),
    ('hw/gpio: add virtio-gpio-acrn, ACRN\'s virtio GPIO device',
     'Wire-compatible with ACRN\'s guest driver (PCI 8086:8609), on the\n'
     'shared line engine, with ACRN\'s known bugs fixed.  qtests through\n'
     'libqos, a generic-fuzz target and documentation.'),
    ('hw/gpio: add virtio-gpio, the standard virtio GPIO device',
     'The OASIS virtio-gpio device (ID 41) for Linux\'s gpio-virtio driver,\n'
     'on the same engine, without an external daemon.  qtests through\n'
     'libqos, a generic-fuzz target and documentation.'),
]
Z, A, B, C, D, E = range(6)
COMPAT_FILES = ('include/qom/object.h', 'include/hw/virtio/virtio-pci.h',
                'hw/virtio/virtio-pci.c')


def step_of(text, path=''):
    """Which patch a new file, or a group of added lines, belongs to."""
    t = (path + ' ' + text).lower()
    if path in COMPAT_FILES:
        return Z
    if path == 'MAINTAINERS' and not text.startswith('F:'):
        return B        # the section's title, M: and S: come with its first files
    if path in ('hw/virtio/virtio.c', 'include/hw/virtio/virtio.h'):
        return A
    if path in ('hmp-commands-info.hx', 'include/monitor/hmp.h') or \
            path.startswith('qapi/'):
        return B
    if path == 'hw/virtio/virtio-qmp.c':
        return A if 'acrn' in t else E
    if path in ('meson.build', 'Kconfig.host') and 'posix' in t:
        return B
    if path in ('meson.build', 'meson_options.txt', 'Kconfig.host',
                'scripts/meson-buildoptions.sh'):
        return C
    if 'acrn' in t:
        return D
    if re.search(r'virtio-gpio-std|virtio-gpio\.c|virtio-gpio-pci|'
                 r'virtio-gpio\.h|virtio-gpio\.rst|virtio_gpio_|'
                 r'config virtio_gpio\b|config_virtio_gpio\'', t):
        return E
    if 'gpio-host' in t or 'libgpiod' in t:
        return C
    return B


def starts_group(path, line, prev):
    """Whether an added line begins a new group in a file of this kind."""
    name = os.path.basename(path)
    if name == 'MAINTAINERS' or path.endswith('.rst'):
        return True
    if name == 'trace-events':
        return line.startswith('#')
    if name == 'Kconfig':
        return line.startswith('config ')
    if name == 'meson.build':
        st = line.strip()
        return line.startswith(('system_ss', 'system_virtio_ss', 'if ')) or \
            (st.startswith("'") and st.endswith("',") and
             not (prev or '').rstrip().endswith('('))
    if name == 'generic_fuzz_configs.h':
        return line.strip() == '},{'
    if path.endswith(('.c', '.h')):
        return line.startswith('#if')
    return False


def groups(path, lines):
    """Split added lines into groups that belong together."""
    out, cur = [], []
    for line in lines:
        if cur and starts_group(path, line, cur[-1]) and \
                any(x.strip() for x in cur):
            # blank lines separate this group from the last: they come
            # with this one, so no patch ends a file with a blank line
            n = len(cur)
            while n and not cur[n - 1].strip():
                n -= 1
            out.append(cur[:n])
            cur = cur[n:]
        cur.append(line)
    if cur:
        out.append(cur)
    return out


def split_file(path, base_lines, final_lines):
    """The file's content after each step: a list of line lists."""
    ops = []            # (i1, i2, new_lines, step)
    sm = difflib.SequenceMatcher(a=base_lines, b=final_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == 'equal':
            continue
        new = final_lines[j1:j2]
        gs = groups(path, new)
        if tag == 'insert':
            for g in gs:
                ops.append((i1, i1, g, step_of(''.join(g), path)))
            continue
        # a replacement: the group most like the old lines replaces them,
        # the others are insertions around it
        old = ''.join(base_lines[i1:i2])
        best = max(range(len(gs)), key=lambda n: difflib.SequenceMatcher(
            a=old, b=''.join(gs[n])).ratio())
        for n, g in enumerate(gs):
            st = step_of(''.join(g), path)
            if n < best:
                ops.append((i1, i1, g, st))
            elif n == best:
                ops.append((i1, i2, g, st))
            else:
                ops.append((i2, i2, g, st))
    versions = []
    for k in range(len(STEPS)):
        out, last = [], 0
        for i1, i2, new, st in ops:
            if st > k:
                continue
            out.extend(base_lines[last:i1])
            out.extend(new)
            last = i2
        out.extend(base_lines[last:])
        versions.append(out)
    return versions


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def git(tree, *args, **kw):
    env = dict(os.environ, GIT_AUTHOR_NAME='virtio-gpio-acrn project',
               GIT_AUTHOR_EMAIL='virtio-gpio-acrn@invalid',
               GIT_COMMITTER_NAME='virtio-gpio-acrn project',
               GIT_COMMITTER_EMAIL='virtio-gpio-acrn@invalid',
               GIT_AUTHOR_DATE='2026-11-23T00:00:00Z',
               GIT_COMMITTER_DATE='2026-11-23T00:00:00Z')
    # no background auto-gc: it would race with removing the work tree
    return run(['git', '-C', tree, '-c', 'gc.auto=0'] + list(args), env=env,
               **kw)


def git_repo_of(base, dest):
    shutil.copytree(base, dest, symlinks=True)
    git(dest, 'init', '-q')
    git(dest, 'add', '-A')
    git(dest, 'commit', '-qm', 'QEMU base')


def main():
    base, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    work = tempfile.mkdtemp(prefix='vga-series-')
    final = os.path.join(work, 'final')
    # the final state of QEMU's own files: base + our non-optional patches
    touched = set()
    ver = re.match(r'\d+\.\d+', open(os.path.join(base, 'VERSION')).read())
    patches = glob.glob(os.path.join(TOP, 'patches/*.patch')) + \
        glob.glob(os.path.join(TOP, 'patches', ver.group(0), '*.patch'))
    patches = sorted((p for p in patches if not p.endswith('.optional.patch')),
                     key=os.path.basename)
    for p in patches:
        touched |= set(re.findall(r'^\+\+\+ b/(\S+)', open(p).read(), re.M))
    for f in touched:
        os.makedirs(os.path.dirname(os.path.join(final, f)), exist_ok=True)
        if os.path.exists(os.path.join(base, f)):
            shutil.copy(os.path.join(base, f), os.path.join(final, f))
    for p in patches:
        run(['patch', '-s', '-p1', '-d', final, '-i', p])
    new_files = subprocess.run(
        ['git', '-C', TOP, 'ls-files', '--', 'hw', 'include', 'tests', 'docs',
         'qapi'], stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    # the project's own test harnesses are not QEMU's
    new_files = [f for f in new_files
                 if not f.startswith(('tests/guest/', 'tests/libvirt/'))]

    tree = os.path.join(work, 'series')
    git_repo_of(base, tree)
    per_file = {}
    for f in sorted(touched):
        bl = open(os.path.join(base, f)).readlines() \
            if os.path.exists(os.path.join(base, f)) else []
        per_file[f] = split_file(f, bl, open(os.path.join(final, f))
                                 .readlines())
    commits = 0
    for k, (subject, body) in enumerate(STEPS):
        for f, versions in per_file.items():
            with open(os.path.join(tree, f), 'w') as fh:
                fh.writelines(versions[k])
        for f in new_files:
            if step_of('', f) == k:
                dst = os.path.join(tree, f)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy(os.path.join(TOP, f), dst)
        git(tree, 'add', '-A')
        if subprocess.run(['git', '-C', tree, 'diff', '--cached', '--quiet'
                           ]).returncode == 0:
            continue            # nothing for this base (the shim on 10.2)
        git(tree, 'commit', '-q', '-s', '-m', subject + '\n\n' + body)
        commits += 1

    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    git(tree, 'format-patch', '-q', '--cover-letter', '-o',
        os.path.abspath(out), 'HEAD~%d' % commits)
    series = sorted(glob.glob(os.path.join(out, '0*.patch')))
    series = [p for p in series if not p.endswith('0000-cover-letter.patch')]
    failed = 0
    for p in series:
        r = subprocess.run([os.path.join(base, 'scripts/checkpatch.pl'), p],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, cwd=tree)
        m = re.search(r'total: (\d+) errors, (\d+) warnings', r.stdout)
        clean = m and m.group(1) == '0' and m.group(2) == '0'
        print('[series] %s checkpatch %s: %s' % (
            'ok' if clean else 'not ok', os.path.basename(p),
            m.group(0) if m else 'no verdict'))
        if not clean:
            failed += 1
            print('\n'.join('    ' + x for x in r.stdout.splitlines()[-30:]))
    clean_tree = os.path.join(work, 'clean')
    git_repo_of(base, clean_tree)
    r = subprocess.run(['git', '-C', clean_tree, '-c', 'gc.auto=0',
                        '-c', 'user.name=t',
                        '-c', 'user.email=t@t', 'am', '-q'] + series,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    print('[series] %s git am of %d patches on a clean %s' % (
        'ok' if r.returncode == 0 else 'not ok', len(series),
        open(os.path.join(base, 'VERSION')).read().strip()))
    if r.returncode != 0:
        failed += 1
        print(r.stdout)
    shutil.rmtree(work)
    print('series in %s' % out)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

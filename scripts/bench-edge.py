#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, part 2: host edge to guest event, side by side, with its
# floors, as a table and a gnuplot plot.
#   scripts/bench-edge.py BUILD_DIR
# In the guest tier (tests/guest/bench-edge.sh, the kernel's gpio-sim):
#   ours    virtio-gpio-pci mapping a gpio-sim line
#   peer    vhost-user-gpio-pci + vhost-device-gpio on another, when
#           PEER_BIN names the daemon
#   rng     the transport floor: the same QEMU completing a virtio-rng
#           buffer when a byte reaches the FIFO its rng-random reads
#   floor   the kernel floor: the pull read as an edge event by a program
#           on the guest's own gpio-sim chip
# in rounds, each in a rotated order; each VM is a qtest QEMU inside the TCG guest,
# watched by a spinning SCHED_IDLE reader of its RAM (the qtest
# virtio-gpio-pci/bench-edge says how).  Table to stdout and
# build/bench/edge.txt, plot build/bench/edge.png.
# Environment: PEER_BIN, BENCH_EDGE_ROUNDS (3), BENCH_EDGES (400).
import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, 'scripts'))
from bench import pct, plot_cdf, write_table  # noqa: E402

LABEL = {'ours': 'virtio-gpio-pci (ours)',
         'peer': 'vhost-user-gpio-pci + vhost-device-gpio (peer)',
         'rng': 'virtio-rng on a FIFO, same QEMU (floor)',
         'floor': 'gpio-sim edge read in the guest (kernel floor)'}


def main():
    build = os.path.abspath(sys.argv[1])
    out = os.path.join(TOP, 'build', 'bench')
    os.makedirs(out, exist_ok=True)
    rounds = int(os.environ.get('BENCH_EDGE_ROUNDS') or 3)
    edges = int(os.environ.get('BENCH_EDGES') or 400)
    peer_bin = os.environ.get('PEER_BIN', '')
    env = dict(os.environ)
    env['GUEST_APPEND'] = 'vgarounds=%d vgaedges=%d vgapeer=%s' % (
        rounds, edges, peer_bin)
    env.setdefault('GUEST_TIMEOUT', '900')
    t0 = time.monotonic()
    p = subprocess.run([os.path.join(TOP, 'scripts/guest-tier.sh'), build,
                        'bench-edge.sh'], env=env, stdout=subprocess.PIPE,
                       text=True)
    runs = {}
    bad = []
    look = []
    for line in p.stdout.splitlines():
        m = re.search(r'one look at the ring ([0-9.]+) us', line)
        if m:
            look.append(float(m.group(1)))
        if line.startswith('[guest] raw: edge '):
            name, _, vals = line[len('[guest] raw: edge '):].partition(':')
            vals = sorted(float(x) for x in vals.split())
            if vals:
                runs.setdefault(name, []).append(vals)
        elif 'not ok' in line or 'ERROR' in line:
            bad.append(line)
    load1 = os.getloadavg()[0]
    for line in bad:
        print(line)
    if p.returncode != 0 or 'ours' not in runs:
        print('bench: the edge tier failed; see build/guest-bench-edge.log')
        return 1

    def p50(name):
        return pct(sorted(sum(runs[name], [])), 50) if name in runs else None

    lines = []
    say = lines.append
    say('Host edge to guest event: a kernel gpio-sim line pulled (the '
        'floors: a FIFO written) until the buffer is in the used ring; '
        'the kernel floor until a guest program reads the event.  %d '
        'rounds x %d edges, microseconds' % (rounds, edges))
    say('%-50s %8s %8s %9s %16s %12s' %
        ('path', 'p50', 'p99', 'max', 'p50 spread', 'x rng/+kern'))
    stats = {}
    for name in ('ours', 'peer', 'rng', 'floor'):
        if name not in runs:
            continue
        v = sorted(sum(runs[name], []))
        stats['kernel' if name == 'floor' else name] = [v]
        p50s = [pct(r, 50) for r in runs[name]]
        ratio = '-'
        if name in ('ours', 'peer') and p50('rng') and p50('floor'):
            ratio = '%.1f/%.1f' % (pct(v, 50) / p50('rng'),
                                   pct(v, 50) / (p50('rng') + p50('floor')))
        say('%-50s %8.1f %8.1f %9.1f %16s %12s' %
            (LABEL[name], pct(v, 50), pct(v, 99), v[-1],
             '%.1f-%.1f' % (min(p50s), max(p50s)), ratio))
    say('x rng/+kern: p50 over the virtio-rng floor (a host fd to a used '
        'buffer in the same nested QEMU) / over that plus the kernel floor.  '
        'Every '
        'QEMU here runs inside the TCG guest, so QEMU\'s own work costs '
        'about what it would on a slow CPU; the kernel floor does not.')
    if look:
        say('resolution: one look at the ring %.2f us (the slowest run\'s '
            'median)' % max(look))
    if not peer_bin:
        say('peer: not measured; see the request table for how to add it.')
    write_table(out, 'edge', lines, load1, t0)
    plot_cdf(out, 'edge', 'Host edge to guest event: cumulative distribution '
             '(QEMU in a TCG guest)', [('edge', stats)])
    return 0


if __name__ == '__main__':
    sys.exit(main())

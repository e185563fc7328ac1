#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, part 1: request round trips seen by a Linux guest, side by
# side, with their floors, as a table and a gnuplot plot.
#   scripts/bench.py BUILD_DIR
# One guest (tests/guest/bench-rtt.sh) has, at once:
#   ours    virtio-gpio-pci on QEMU's simulated chip (00:08.0)
#   hop     the same with ioeventfd=on (00:0b.0): requests through QEMU's
#           main loop, as before ioeventfd defaulted to off
#   peer    vhost-user-gpio-pci + rust-vmm's vhost-device-gpio with its
#           mock chip (00:09.0), when PEER_BIN names the daemon
#   native  the kernel's gpio-sim inside the guest: the ioctl floor
#   rng     virtio-rng, 64-byte reads (one device request each, the
#           guest driver's whole buffer): the virtio transport floor
# and runs a libgpiod loop (build/bench/gpio-rtt) on each, in alternating
# rounds.  Raw times go to build/bench/raw/, the table to stdout and
# build/bench/rtt.txt, the plot to build/bench/rtt.png.
# Environment: PEER_BIN (daemon), BENCH_ROUNDS (5), BENCH_COUNT (4000).
import os
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS = ('get', 'set', 'dir', 'rng')
TARGETS = ('ours', 'hop', 'peer', 'native', 'rng')
LABEL = {'ours': 'virtio-gpio-pci (ours)',
         'hop': 'virtio-gpio-pci ioeventfd=on (main loop)',
         'peer': 'vhost-user-gpio-pci + vhost-device-gpio (peer)',
         'native': 'gpio-sim ioctl in the guest (floor)',
         'rng': 'virtio-rng 64-byte read (main-loop floor)'}


def pct(v, p):
    return v[min(len(v) - 1, int(len(v) * p / 100))]


def load(raw, tgt, op, rounds, fixed=None):
    """Sorted times per round (us) and CPU per call per round (us, QEMU
    then the peer daemon), less the fixed cost of a run (the nop loop)."""
    per_round, cpu = [], []
    for r in range(1, rounds + 1):
        path = os.path.join(raw, '%s-%s-%d.txt' % (tgt, op, r))
        if not os.path.exists(path):
            continue
        with open(path) as f:
            per_round.append(sorted(int(x) / 1000.0 for x in f if x.strip()))
        try:
            with open(path[:-4] + '.cpu') as f:
                w = [int(x) for x in f.read().split()]
            n = len(w) // 2
            base = (fixed or {}).get(r, [0] * n)
            cpu.append([(w[n + i] - w[i] - base[i]) / 1000.0 /
                        len(per_round[-1]) for i in range(n)])
        except (OSError, ValueError):
            pass
    return per_round, cpu


def main():
    build = os.path.abspath(sys.argv[1])
    out = os.path.join(TOP, 'build', 'bench')
    raw = os.path.join(out, 'raw')
    shutil.rmtree(raw, ignore_errors=True)
    os.makedirs(raw)
    rounds = int(os.environ.get('BENCH_ROUNDS') or 5)
    count = int(os.environ.get('BENCH_COUNT') or 4000)
    peer_bin = os.environ.get('PEER_BIN', '')
    tmp = tempfile.mkdtemp(prefix='vga-bench-')
    args = ['-object', 'gpio-sim,id=sim0,lines=8',
            '-device', 'virtio-gpio-pci,id=ours,addr=0x8,map=@sim0{0:1:2}',
            '-object', 'gpio-sim,id=sim1,lines=8',
            '-device', 'virtio-gpio-pci,id=hop,addr=0xb,map=@sim1{0:1:2},'
            'ioeventfd=on',
            '-object', 'rng-builtin,id=rng0',
            '-device', 'virtio-rng-pci,rng=rng0,addr=0xa',
            '-fsdev', 'local,id=benchout,path=%s,security_model=none' % raw,
            '-device', 'virtio-9p-pci,fsdev=benchout,mount_tag=benchout']
    env = dict(os.environ)
    env['VGA_KERNEL_EXTRA'] = os.path.join(TOP, 'tests/guest/kernel-bench.config')
    env['GUEST_APPEND'] = ('rng_core.default_quality=0 vgarounds=%d '
                           'vgacount=%d %s' % (rounds, count,
                                               os.environ.get('GUEST_APPEND', '')))
    daemon = None
    if peer_bin:
        sock = os.path.join(tmp, 'vgpio.sock')
        # RUST_LOG=warn: by default the daemon's mock chip logs every
        # request at level info, which would be charged to the peer
        denv = dict(os.environ, RUST_LOG=os.environ.get('PEER_LOG', 'warn'))
        daemon = subprocess.Popen([peer_bin, '-s', sock, '-c', '1', '-l', 's8'],
                                  stdout=subprocess.DEVNULL, env=denv,
                                  stderr=open(os.path.join(out, 'peer.log'), 'w'))
        deadline = time.monotonic() + 10
        while not os.path.exists(sock + '0'):
            if time.monotonic() > deadline or daemon.poll() is not None:
                print('bench: the peer daemon did not start; see %s/peer.log' % out)
                return 1
            time.sleep(0.05)
        env['GUEST_CPU_PIDS'] = str(daemon.pid)
        # vhost-user needs the guest's RAM shareable with the daemon
        args += ['-object', 'memory-backend-memfd,id=mem,size=2048M,share=on',
                 '-machine', 'memory-backend=mem',
                 '-chardev', 'socket,id=vgpio,path=%s0' % sock,
                 '-device', 'vhost-user-gpio-pci,chardev=vgpio,id=peer,addr=0x9']
    t0 = time.monotonic()
    rc = subprocess.call([sys.executable, os.path.join(TOP, 'scripts/guest-run.py'),
                          build, 'bench-rtt.sh', '--'] + args, env=env)
    if daemon:
        daemon.terminate()
        daemon.wait()
    shutil.rmtree(tmp, ignore_errors=True)
    if rc != 0:
        return rc
    load1 = os.getloadavg()[0]

    # fixed cost of a run per round, in ns, from the nop loop
    fixed = {}
    for r in range(1, rounds + 1):
        try:
            with open(os.path.join(raw, 'nop-nop-%d.cpu' % r)) as f:
                w = [int(x) for x in f.read().split()]
            n = len(w) // 2
            fixed[r] = [w[n + i] - w[i] for i in range(n)]
        except (OSError, ValueError):
            pass
    stats = {}
    for tgt in TARGETS:
        for op in OPS:
            per_round, cpu = load(raw, tgt, op, rounds, fixed)
            if per_round:
                stats[tgt, op] = (per_round, cpu)
    lines = []
    say = lines.append
    say('Request round trip seen by the guest (libgpiod loop, TCG), '
        '%d rounds x %d calls, microseconds' % (rounds, count))
    say('%-7s %-44s %8s %8s %9s %16s %11s %10s' %
        ('op', 'path', 'p50', 'p99', 'max', 'p50 spread', 'x ioctl/rng',
         'CPU/req'))
    for op in OPS[:3]:
        floor = stats.get(('native', op))
        fl50 = pct(sorted(sum(floor[0], [])), 50) if floor else None
        rng = stats.get(('rng', 'rng'))
        rng50 = pct(sorted(sum(rng[0], [])), 50) if rng else None
        for tgt in ('ours', 'hop', 'peer', 'native'):
            if (tgt, op) not in stats:
                continue
            per_round, cpu = stats[tgt, op]
            v = sorted(sum(per_round, []))
            p50s = [pct(r, 50) for r in per_round]
            ratio = '%.1f/%.1f' % (pct(v, 50) / fl50, pct(v, 50) / rng50) \
                if fl50 and rng50 and tgt != 'native' else '-'
            c = '-'
            if cpu:
                c = '+'.join('%.0f' % max(0, sum(x[i] for x in cpu) / len(cpu))
                             for i in range(len(cpu[0])) if
                             tgt == 'peer' or i == 0)
            say('%-7s %-44s %8.1f %8.1f %9.1f %16s %11s %10s' %
                (op, LABEL[tgt], pct(v, 50), pct(v, 99), v[-1],
                 '%.1f-%.1f' % (min(p50s), max(p50s)), ratio, c))
    if ('rng', 'rng') in stats:
        per_round, cpu = stats['rng', 'rng']
        v = sorted(sum(per_round, []))
        p50s = [pct(r, 50) for r in per_round]
        c = '%.0f' % max(0, sum(x[0] for x in cpu) / len(cpu)) if cpu else '-'
        say('%-7s %-44s %8.1f %8.1f %9.1f %16s %11s %10s' %
            ('read', LABEL['rng'], pct(v, 50), pct(v, 99), v[-1],
             '%.1f-%.1f' % (min(p50s), max(p50s)), '1.0', c))
    say('x ioctl/rng: p50 over the native gpio-sim ioctl / over the virtio-rng '
        'round trip.  CPU/req: QEMU process CPU (all threads, the emulated '
        'guest included) per call, us, less a nop loop\'s; the peer adds '
        '"+daemon".')
    if not peer_bin:
        say('peer: not measured.  Build it once with "make peer '
            'PEER_SRC=/path/to/vhost-device" (a rust-vmm/vhost-device '
            'checkout; scripts/build-peer.sh), then "make bench" fills its '
            'rows; or give PEER_BIN=/path/to/vhost-device-gpio.')
    write_table(out, 'rtt', lines, load1, t0)
    plot(out, stats)
    return 0


def write_table(out, name, lines, load1, t0):
    """Print @lines and the machine's line, and write them to
    out/NAME.txt; @load1 is the load after the run, @t0 its start."""
    lines.append('machine: %s, %d CPUs, load %.2f after the run, %.0f s' %
                 (os.uname().release, os.cpu_count(), load1,
                  time.monotonic() - t0))
    text = '\n'.join(lines)
    print(text)
    with open(os.path.join(out, name + '.txt'), 'w') as f:
        f.write(text + '\n')


def plot_cdf(out, name, title, panels):
    """A gnuplot PNG, out/NAME.png: one panel per (title, {curve: [sorted
    times per round]}), each curve the cumulative distribution of all
    rounds together, log time axis."""
    if not shutil.which('gnuplot'):
        print('bench: gnuplot not found (apt-get install gnuplot-nox): no plot')
        return
    color = {'ours': 1, 'peer': 2, 'native': 3, 'rng': 4, 'kernel': 3,
             'hop': 6}
    gp = ['set terminal pngcairo size %d,420 font ",10"' %
          max(800, 400 * len(panels)),
          'set output "%s/%s.png"' % (out, name),
          'set multiplot layout 1,%d title "%s"' % (len(panels), title),
          'set logscale x', 'set xlabel "microseconds"', 'set grid',
          'set key bottom right', 'set yrange [0:1]']
    for panel, curves in panels:
        plots = []
        for tgt, per_round in sorted(curves.items()):
            v = sorted(sum(per_round, []))
            if not v:
                continue
            path = os.path.join(out, 'cdf-%s-%s.dat' % (tgt, panel))
            with open(path, 'w') as f:
                for i, x in enumerate(v):
                    f.write('%.3f %.5f\n' % (x, (i + 1) / len(v)))
            plots.append('"%s" using 1:2 with lines lw 2 lc %d title "%s"' %
                         (path, color.get(tgt, 7), tgt))
        gp.append('set title "%s"' % panel)
        gp.append('plot ' + (', '.join(plots) or '0 notitle'))
    gp.append('unset multiplot')
    with open(os.path.join(out, name + '.gp'), 'w') as f:
        f.write('\n'.join(gp) + '\n')
    subprocess.call(['gnuplot', os.path.join(out, name + '.gp')])
    print('plot: %s/%s.png' % (out, name))


def plot(out, stats):
    panels = []
    for op in ('get', 'set', 'dir'):
        panels.append((op, {tgt: per_round for (tgt, o), (per_round, _)
                            in stats.items() if o == op or tgt == 'rng'}))
    plot_cdf(out, 'rtt', 'Request round trip seen by the guest: cumulative '
             'distribution (TCG)', panels)


if __name__ == '__main__':
    sys.exit(main())

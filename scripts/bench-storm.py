#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, part 2: edge storms and idle wake-ups, in the guest tier
# (tests/guest/bench-storm.sh).
#   scripts/bench-storm.py BUILD_DIR
# First VM: virtio-gpio-pci (63 storm lines + 1 request line of sim0) and
# virtio-gpio-acrn-pci (on sim1); the storm, then QEMU's context switches
# over BENCH_IDLE seconds (10) with every interrupt armed.  Second VM: the
# same without any GPIO device, idle only.  Figures to stdout and
# build/bench/storm.txt.  BENCH_STORM=EDGES:RATE,... (default
# 200:100,20000:0: 200 edges per line at 100/s, then 20000 flat out).
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(build, args, append):
    env = dict(os.environ)
    env['VGA_KERNEL_EXTRA'] = os.path.join(TOP, 'tests/guest/kernel-bench.config')
    env['GUEST_APPEND'] = 'loglevel=1 ' + append
    env.setdefault('GUEST_TIMEOUT', '300')
    p = subprocess.run([sys.executable, os.path.join(TOP, 'scripts/guest-run.py'),
                        build, 'bench-storm.sh', '--'] + args, env=env,
                       stdout=subprocess.PIPE, text=True)
    figs = [l[len('[guest] figure: '):] for l in p.stdout.splitlines()
            if l.startswith('[guest] figure: ')]
    bad = [l for l in p.stdout.splitlines() if 'not ok' in l]
    return figs, bad, p.returncode


def main():
    build = os.path.abspath(sys.argv[1])
    idle = os.environ.get('BENCH_IDLE') or '10'
    storm = os.environ.get('BENCH_STORM') or '200:100,20000:0'
    lines = ':'.join(str(i) for i in range(64))
    out = []
    figs, bad, rc = run(build, [
        '-object', 'gpio-sim,id=sim0,lines=64',
        '-object', 'gpio-sim,id=sim1,lines=8',
        '-device', 'virtio-gpio-pci,id=storm,addr=0x8,map=@sim0{%s}' % lines,
        '-device', 'virtio-gpio-acrn-pci,id=acrn,addr=0x9,map=@sim1{0:1:2:3}'],
        'vgaidle=%s vgastorm=%s' % (idle, storm))
    out += figs + bad
    log = os.path.join(TOP, 'build', 'guest-bench-storm.log')
    if os.path.exists(log):
        os.replace(log, log.replace('storm', 'storm-devices'))
    figs, bad, rc2 = run(build, [], 'vgaidle=%s vgaidleonly=1' % idle)
    out += [f.replace('idle', 'idle without GPIO devices', 1) for f in figs]
    out += bad
    text = '\n'.join(out)
    print(text)
    os.makedirs(os.path.join(TOP, 'build', 'bench'), exist_ok=True)
    with open(os.path.join(TOP, 'build', 'bench', 'storm.txt'), 'w') as f:
        f.write(text + '\n')
    return rc or rc2


if __name__ == '__main__':
    sys.exit(main())

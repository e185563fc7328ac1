#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Boot the small guest kernel under TCG with this machine's root shared
# read-only over 9p and run one script of tests/guest inside it (its PID 1
# is tests/guest/init.sh).  The guest talks back over the serial line:
#   [guest] ok NAME / [guest] not ok NAME: WHY / [guest] figure: TEXT
#                        results, printed as they come
#   @@SAY TEXT           narration, printed in --demo mode
#   @@HOST CMD ARGS      a request to the host side, answered on the
#                        guest's console input with "@@OK ..." or "@@FAIL ..."
# Host commands act on QEMU through QMP:
#   get PATH PROP        qom-get, answers the value
#   set PATH PROP VALUE  qom-set (VALUE true/false or a number)
#   pulse PATH LINE N QUEUEPATH
#                        N rising and N falling edges on simulated line
#                        LINE, each after the guest re-armed its interrupt
#                        (queue 1 of the device at QUEUEPATH)
#   qmp NAME [JSON]      any QMP command, answers its return value
#   migrate              live-migrate the VM to a second QEMU with the
#                        same options (over a unix socket, return path
#                        on); the guest goes on there
#   snapshot             savevm then loadvm (snapshot-save/-load on a
#                        qcow2 node made for it)
#   cpu                  CPU time used so far, in ns: QEMU's, then that of
#                        each process in GUEST_CPU_PIDS (make bench)
#   storm PATH FIRST LINES EDGES RATE
#                        an edge storm on the simulated chip at PATH (its
#                        storm-* properties), timing QMP commands while it
#                        runs; answers "made N secs S cpu_ns C qmp_us P50 MAX"
#   gpiostat ID          query-gpio of the device whose path has /ID/, in
#                        one short line: "armed N pending N requests N
#                        events N waiting N" (armed: lines with an
#                        interrupt type, unmasked)
#   idle SECONDS         context switches of QEMU's threads over SECONDS
#                        (wake-ups), answers "switches N main-loop M secs S
#                        threads T" (M: of the main-loop thread alone; N of
#                        the T threads that lived through the whole time)
# GUEST_APPEND adds to the kernel command line (name=value pairs reach
# the script as environment variables).
# Exit status 0 only if the script ran to its end.
import argparse
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time


class QMP:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(300):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.1)
        self.file = self.sock.makefile('rw')
        self._read()                        # greeting
        self.cmd('qmp_capabilities')

    def _read(self):
        while True:
            msg = json.loads(self.file.readline())
            if 'event' not in msg:
                return msg

    def cmd(self, name, **args):
        self.file.write(json.dumps({'execute': name, 'arguments': args}))
        self.file.write('\n')
        self.file.flush()
        msg = self._read()
        if 'error' in msg:
            raise RuntimeError(msg['error']['desc'])
        return msg['return']


def parse_value(text):
    if text in ('true', 'false'):
        return text == 'true'
    try:
        return int(text)
    except ValueError:
        return text


def wait_rearm(qmp, queue_path, before, timeout=10.0):
    """Wait until the guest queued one more buffer on eventq (queue 1)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = qmp.cmd('x-query-virtio-queue-status', path=queue_path, queue=1)
        if st['last-avail-idx'] != before:
            return st['last-avail-idx']
        time.sleep(0.002)
    raise RuntimeError('the guest did not re-arm its interrupt')


class Session:
    """The QEMU running the guest: a migration replaces it."""

    def __init__(self, cmd, qmp_path, tmp):
        self.cmd, self.qmp_path, self.tmp = cmd, qmp_path, tmp
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.qmp = None
        self.generation = 0

    def monitor(self):
        if self.qmp is None:
            self.qmp = QMP(self.qmp_path)
        return self.qmp


def wait_for(what, test, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise RuntimeError('timed out waiting for ' + what)
        time.sleep(0.05)


def migration_done(qmp):
    st = qmp.cmd('query-migrate').get('status')
    if st in ('failed', 'cancelled'):
        raise RuntimeError('migration %s: %s' % (
            st, qmp.cmd('query-migrate').get('error-desc', '')))
    return st == 'completed'


def migrate(sess):
    src = sess.monitor()
    sess.generation += 1
    sock = os.path.join(sess.tmp, 'migrate.sock')
    qmp_path = os.path.join(sess.tmp, 'qmp%d.sock' % sess.generation)
    cmd = [a.replace(sess.qmp_path, qmp_path) for a in sess.cmd]
    dst = Session(cmd + ['-incoming', 'unix:' + sock], qmp_path, sess.tmp)
    dq = dst.monitor()
    for q in (src, dq):
        q.cmd('migrate-set-capabilities',
              capabilities=[{'capability': 'return-path', 'state': True}])
    src.cmd('migrate', uri='unix:' + sock)
    wait_for('the migration', lambda: migration_done(src))
    wait_for('the destination to run',
             lambda: dq.cmd('query-status')['running'])
    src.cmd('quit')
    sess.proc.wait()
    sess.proc, sess.qmp, sess.qmp_path = dst.proc, dq, qmp_path
    return 'migrated'


def run_job(qmp, job, command, **args):
    qmp.cmd(command, **{'job-id': job}, **args)

    def concluded():
        for j in qmp.cmd('query-jobs'):
            if j['id'] == job and j['status'] == 'concluded':
                if 'error' in j:
                    raise RuntimeError('%s: %s' % (command, j['error']))
                return True
        return False
    wait_for(command, concluded)
    qmp.cmd('job-dismiss', id=job)


def snapshot(sess):
    qmp = sess.monitor()
    img = os.path.join(sess.tmp, 'snapshot.qcow2')
    open(img, 'w').close()
    qmp.cmd('blockdev-add', driver='file', filename=img,
            **{'node-name': 'snapfile'})
    run_job(qmp, 'create', 'blockdev-create',
            options={'driver': 'qcow2', 'file': 'snapfile',
                     'size': 1 << 20})
    qmp.cmd('blockdev-add', driver='qcow2', file='snapfile',
            **{'node-name': 'snap'})
    run_job(qmp, 'save', 'snapshot-save', tag='t1', vmstate='snap',
            devices=['snap'])
    run_job(qmp, 'load', 'snapshot-load', tag='t1', vmstate='snap',
            devices=['snap'])
    return 'saved and loaded'


def cpu_ns(pid):
    """Run time of every thread of PID so far (schedstat, nanoseconds)."""
    total = 0
    for task in os.listdir('/proc/%d/task' % pid):
        try:
            with open('/proc/%d/task/%s/schedstat' % (pid, task)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass                            # the thread just ended
    return total


def switches(pid):
    """Context switches of each thread of PID so far, by thread id."""
    out = {}
    for task in os.listdir('/proc/%d/task' % pid):
        try:
            with open('/proc/%d/task/%s/status' % (pid, task)) as f:
                out[task] = sum(int(line.split()[1]) for line in f
                                if 'ctxt_switches' in line)
        except OSError:
            pass                            # the thread just ended
    return out


def storm(qmp, pid, words):
    """Edge storm on a gpio-sim; QMP latency sampled while it runs."""
    path, first, lines, edges, rate = words
    made0 = qmp.cmd('qom-get', path=path, property='storm-made')
    for prop, val in (('storm-first', first), ('storm-lines', lines),
                      ('storm-rate', rate)):
        qmp.cmd('qom-set', path=path, property=prop, value=int(val))
    cpu0, t0 = cpu_ns(pid), time.monotonic()
    qmp.cmd('qom-set', path=path, property='storm-edges', value=int(edges))
    lat = []
    deadline = t0 + 600
    while time.monotonic() < deadline:
        a = time.monotonic()
        left = qmp.cmd('qom-get', path=path, property='storm-edges')
        lat.append((time.monotonic() - a) * 1e6)
        if left == 0:
            break
        time.sleep(0.005)
    secs = time.monotonic() - t0
    cpu = cpu_ns(pid) - cpu0
    made = qmp.cmd('qom-get', path=path, property='storm-made') - made0
    lat.sort()
    return 'made %d secs %.3f cpu_ns %d qmp_us %.0f %.0f' % (
        made, secs, cpu, lat[len(lat) // 2], lat[-1])


def bench_command(sess, words):
    """make bench's host commands (cpu, storm, gpiostat, idle), or None."""
    cmd = words[0]
    pid = sess.proc.pid
    if cmd == 'cpu':
        pids = [pid] + [int(p) for p in
                        os.environ.get('GUEST_CPU_PIDS', '').split()]
        return ' '.join(str(cpu_ns(p)) for p in pids)
    if cmd == 'storm':
        return storm(sess.monitor(), pid, words[1:])
    if cmd == 'gpiostat':
        for d in sess.monitor().cmd('query-gpio'):
            if '/%s/' % words[1] in d['path']:
                lines = d['lines']
                return 'armed %d pending %d requests %d events %d waiting %d' % (
                    sum(1 for l in lines
                        if l['irq'] != 'none' and not l['masked']),
                    sum(1 for l in lines if l['pending']),
                    d['requests'], d['events'], d['events-waiting'])
        raise RuntimeError('no GPIO device %s' % words[1])
    if cmd == 'idle':
        n0, t0 = switches(pid), time.monotonic()
        time.sleep(float(words[1]))
        n1 = switches(pid)
        both = [t for t in n1 if t in n0]
        return 'switches %d main-loop %d secs %.1f threads %d' % (
            sum(n1[t] - n0[t] for t in both), n1[str(pid)] - n0[str(pid)],
            time.monotonic() - t0, len(both))
    return None


def host_command(sess, words):
    cmd = words[0]
    if cmd == 'migrate':
        return migrate(sess)
    if cmd == 'snapshot':
        return snapshot(sess)
    reply = bench_command(sess, words)
    if reply is not None:
        return reply
    qmp = sess.monitor()
    if cmd == 'get':
        return str(qmp.cmd('qom-get', path=words[1],
                           property=words[2])).lower()
    if cmd == 'set':
        qmp.cmd('qom-set', path=words[1], property=words[2],
                value=parse_value(words[3]))
        return 'done'
    if cmd == 'pulse':
        path, line, count, qpath = words[1], words[2], int(words[3]), words[4]
        prop = 'line%s-input' % line
        idx = qmp.cmd('x-query-virtio-queue-status', path=qpath,
                      queue=1)['last-avail-idx']
        for _ in range(count):
            for level in (True, False):
                qmp.cmd('qom-set', path=path, property=prop, value=level)
                idx = wait_rearm(qmp, qpath, idx)
        return '%d edges' % (2 * count)
    if cmd == 'qmp':
        args = json.loads(' '.join(words[2:])) if len(words) > 2 else {}
        return json.dumps(qmp.cmd(words[1], **args))
    raise RuntimeError('unknown host command %r' % cmd)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('build')
    ap.add_argument('script')
    ap.add_argument('--demo', action='store_true')
    ap.add_argument('--timeout', type=float,
                    default=float(os.environ.get('GUEST_TIMEOUT', 900)))
    ap.add_argument('qemu_args', nargs=argparse.REMAINDER)
    a = ap.parse_args()

    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.path.abspath(a.build)
    name = os.path.splitext(a.script)[0]
    kernel = subprocess.run([os.path.join(top, 'scripts/guest-kernel.sh')],
                            stdout=subprocess.PIPE, text=True)
    if kernel.returncode != 0:
        print('[guest] not ok %s: the guest kernel could not be built' % name)
        return 1
    kernel = kernel.stdout.strip()
    os.makedirs(os.path.join(top, 'build'), exist_ok=True)
    log_path = os.path.join(top, 'build', 'guest-%s.log' % name)
    tmp = tempfile.mkdtemp(prefix='vga-guest-')
    qmp_path = os.path.join(tmp, 'qmp.sock')
    # tsc=reliable: under TCG the watchdog would demote the TSC and
    # leave jiffies, whose 1 ms steps the benchmark cannot use.
    append = ('console=ttyS0 root=hostroot rootfstype=9p '
              'rootflags=trans=virtio,version=9p2000.L,msize=512000,'
              'cache=loose ro panic=-1 quiet tsc=reliable '
              'init=%s/tests/guest/init.sh '
              'vgatop=%s vgabuild=%s vgatier=%s %s'
              % (top, top, build, a.script, os.environ.get('GUEST_APPEND', '')))
    extra = a.qemu_args[1:] if a.qemu_args[:1] == ['--'] else a.qemu_args
    cmd = [os.path.join(build, 'qemu-system-x86_64'), '-M', 'pc',
           '-accel', 'tcg', '-cpu', 'max', '-m', '2048', '-smp', '2',
           '-nodefaults', '-display', 'none', '-no-reboot',
           '-serial', 'stdio', '-qmp', 'unix:%s,server=on,wait=off' % qmp_path,
           '-kernel', kernel, '-append', append,
           '-fsdev', 'local,id=hostroot,path=/,security_model=none,'
           'readonly=on',
           '-device', 'virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot'] + extra
    sys.stderr.write('guest: booting %s for %s (log: %s)\n'
                     % (os.path.basename(kernel), a.script, log_path))
    sess = Session(cmd, qmp_path, tmp)
    finished = False
    deadline = time.monotonic() + a.timeout
    buf = b''
    with open(log_path, 'w') as log:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                print('[guest] not ok %s: timed out after %ds'
                      % (name, a.timeout))
                sess.proc.kill()
                break
            ready, _, _ = select.select([sess.proc.stdout], [], [],
                                        min(left, 1))
            if not ready:
                continue
            chunk = os.read(sess.proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            while b'\n' in buf:
                raw, buf = buf.split(b'\n', 1)
                line = raw.decode('utf-8', 'replace').rstrip('\r')
                log.write(line + '\n')
                log.flush()
                if line.startswith('[guest] not ok') or (
                        line.startswith('[guest] ') and not a.demo):
                    print(line, flush=True)
                elif line.startswith('@@SAY ') and a.demo:
                    print(line[6:], flush=True)
                elif line.startswith('@@HOST '):
                    try:
                        reply = '@@OK ' + host_command(sess, line[7:].split())
                    except Exception as e:      # answer, never hang
                        reply = '@@FAIL %s' % e
                    log.write('host: %s\n' % reply)
                    sess.proc.stdin.write(reply.encode() + b'\n')
                    sess.proc.stdin.flush()
                elif line.startswith('guest: tier exit'):
                    finished = True
    sess.proc.wait()
    if a.demo:
        with open(log_path) as log:
            bad = [l for l in log if l.startswith('[guest] not ok')]
        if bad:
            finished = False
    if not finished:
        print('[guest] not ok %s: the guest script did not run to its end '
              '(QEMU exit %d); see %s' % (name, sess.proc.returncode, log_path))
        with open(log_path) as log:
            for line in log.readlines()[-25:]:
                print('    ' + line.rstrip())
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

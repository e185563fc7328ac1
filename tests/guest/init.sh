#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# PID 1 of the integration-tier guest (scripts/guest-tier.sh boots it).
# The host's root is the guest's root, read-only over 9p; scratch space
# is a tmpfs on /run.  Runs the tier script named by vgatier= on the
# kernel command line, then exits, which ends the VM (panic=-1 and
# QEMU's -no-reboot).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
mount -t configfs configfs /sys/kernel/config
mkdir -p /run/tmp /run/home
export TMPDIR=/run/tmp HOME=/run/home
echo "guest: booted Linux $(uname -r)"
# The migration tier lets go of the 9p root, which takes PID 1.
[ "$vgatier" = migrate.sh ] && exec "${vgatop:?}/tests/guest/$vgatier"
"${vgatop:?}/tests/guest/${vgatier:?}"
echo "guest: tier exit $?"

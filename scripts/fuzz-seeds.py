#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Seed inputs for QEMU's generic-fuzz targets of our devices
# (patches/0008): each seed brings a device through the virtio handshake,
# sets up its queues over a DMA pattern that reads back as descriptors,
# and kicks every queue, so the fuzzer starts from inputs that reach the
# request, IRQ and event paths rather than having to find the handshake.
#   scripts/fuzz-seeds.py CORPUS_DIR TARGET
# The input format is generic-fuzz's: an opcode byte and its operands
# per operation, operations separated by "FUZZ" (see the comments in
# tests/qtest/fuzz/generic_fuzz.c).  Region indexes count the device
# memory regions the fuzzer may touch, in address order.
import os
import struct
import sys

OP_OUT, OP_WRITE, OP_ADD_DMA_PATTERN = 1, 3, 7
BYTE, WORD, LONG, QUAD = 0, 1, 2, 3


def out(size, region, offset, value):
    return bytes([OP_OUT]) + struct.pack('<BBHI', size, region, offset, value)


def write(size, region, offset, value):
    # generic_fuzz.c's C struct: offset and value naturally aligned
    return bytes([OP_WRITE]) + struct.pack('<BBxxIQ', size, region, offset,
                                           value)


def pattern(data):
    return bytes([OP_ADD_DMA_PATTERN, 0, 0]) + data


def dma_patterns(shift):
    """The fuzzer fills each region the device reads with the next of its
    DMA patterns, from the pattern's first byte.  Two alternating 16-byte
    patterns read as: avail idx 1, head 2, descriptor 2 a readable
    10-byte request chained to descriptor 3, a writable 2-byte answer;
    the request itself a GET_VALUE of line 0.  @shift rotates them, for
    devices that read the rings in another order."""
    p = [struct.pack('<QIHH', 0x00200001, 10, 1, 3),
         struct.pack('<QIHH', 0x00210002, 2, 2, 0),
         struct.pack('<QIHH', 0x00220001, 8, 2, 0)]
    p = p[shift:] + p[:shift]
    return [pattern(x) for x in p]


def legacy_seed(region, queues, shift):
    """Legacy virtio-pci (ACRN's device): status, features, queue PFNs,
    DRIVER_OK, then a kick of every queue."""
    ops = dma_patterns(shift) + [out(BYTE, region, 18, 3),
                                 out(LONG, region, 4, 1)]
    for q in range(queues):
        ops += [out(WORD, region, 14, q), out(LONG, region, 8, 0x300 + q)]
    ops.append(out(BYTE, region, 18, 7))
    for q in range(queues):
        ops.append(out(WORD, region, 16, q))
    return b'FUZZ'.join(ops)


def modern_seed(common, notify, queues, shift):
    """Modern virtio-pci (the standard device): the common configuration
    handshake with VERSION_1 and the IRQ feature, queue addresses and
    enables, DRIVER_OK, then a notify of every queue."""
    ops = dma_patterns(shift) + [write(BYTE, common, 20, 3),
           write(LONG, common, 8, 0), write(LONG, common, 12, 1),
           write(LONG, common, 8, 1), write(LONG, common, 12, 1),
           write(BYTE, common, 20, 11)]
    for q in range(queues):
        base = 0x300000 + q * 0x10000
        ops += [write(WORD, common, 22, q), write(WORD, common, 24, 64),
                write(QUAD, common, 32, base),
                write(QUAD, common, 40, base + 0x1000),
                write(QUAD, common, 48, base + 0x2000),
                write(WORD, common, 28, 1)]
    ops.append(write(BYTE, common, 20, 15))
    for q in range(queues):
        ops.append(write(WORD, notify, q * 4, q))
    return b'FUZZ'.join(ops)


def main():
    corpus, target = sys.argv[1], sys.argv[2]
    os.makedirs(corpus, exist_ok=True)
    seeds = {}
    if target == 'virtio-gpio-acrn-pci':
        # each device's BAR0 is one I/O region: index 0 and 1
        for dev in range(2):
            for shift in range(3):
                seeds['seed-acrn-%d-%d' % (dev, shift)] = \
                    legacy_seed(dev, 3, shift)
    else:
        # the regions' order depends on where the BARs land: try each
        # index for the common configuration, notify three regions on
        for common in range(12):
            for shift in range(3):
                seeds['seed-std-%d-%d' % (common, shift)] = \
                    modern_seed(common, (common + 3) % 12, 2, shift)
    for name, data in seeds.items():
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()

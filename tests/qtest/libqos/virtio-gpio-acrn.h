/*
 * libqos driver for virtio-gpio-acrn-pci
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_LIBQOS_VIRTIO_GPIO_ACRN_H
#define TESTS_LIBQOS_VIRTIO_GPIO_ACRN_H

#include "qgraph.h"
#include "virtio.h"
#include "virtio-pci.h"

/*
 * The qos graph starts the device on this simulated chip: 8 lines, three
 * named, so every test (and the generic nop test) runs without hardware.
 */
#define QVIRTIO_GPIO_ACRN_SIM_OPTS \
    "-object gpio-sim,id=gsim0,lines=8,line-names=LED:btn::reset"
#define QVIRTIO_GPIO_ACRN_MAP "@gsim0{0:1=button:2}"

typedef struct QVirtioGpioAcrn {
    QVirtioDevice *vdev;
} QVirtioGpioAcrn;

typedef struct QVirtioGpioAcrnPCI {
    QVirtioPCIDevice pci_vdev;
    QVirtioGpioAcrn gpio;
} QVirtioGpioAcrnPCI;

#endif

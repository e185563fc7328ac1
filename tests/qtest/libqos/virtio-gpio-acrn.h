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
#define QVIRTIO_GPIO_ACRN_SIM_ID "gsim0"
#define QVIRTIO_GPIO_ACRN_LINES "{0:1=button:2}"

/*
 * Set to a host chip (a /dev name, path or label) that has the same 8
 * lines (the kernel's gpio-sim, in the integration tier), the graph maps
 * that chip instead and no simulated chip is created.
 */
#define QVIRTIO_GPIO_ACRN_HOST_CHIP_ENV "QTEST_VIRTIO_GPIO_HOST_CHIP"

typedef struct QVirtioGpioAcrn {
    QVirtioDevice *vdev;
} QVirtioGpioAcrn;

typedef struct QVirtioGpioAcrnPCI {
    QVirtioPCIDevice pci_vdev;
    QVirtioGpioAcrn gpio;
} QVirtioGpioAcrnPCI;

#endif

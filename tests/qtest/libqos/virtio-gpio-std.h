/*
 * libqos driver for virtio-gpio-pci, the standard virtio GPIO device
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_LIBQOS_VIRTIO_GPIO_STD_H
#define TESTS_LIBQOS_VIRTIO_GPIO_STD_H

#include "qgraph.h"
#include "virtio.h"
#include "virtio-pci.h"

/* The same simulated chip as virtio-gpio-acrn's graph node */
#define QVIRTIO_GPIO_STD_SIM_OPTS \
    "-object gpio-sim,id=gsim0,lines=8,line-names=LED:btn::reset"
#define QVIRTIO_GPIO_STD_MAP "@gsim0{0:1=button:2}"

typedef struct QVirtioGpioStd {
    QVirtioDevice *vdev;
} QVirtioGpioStd;

typedef struct QVirtioGpioStdPCI {
    QVirtioPCIDevice pci_vdev;
    QVirtioGpioStd gpio;
} QVirtioGpioStdPCI;

#endif

/*
 * libqos driver for virtio-gpio-acrn-pci
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../libqtest.h"
#include "qemu/module.h"
#include "qgraph.h"
#include "virtio-gpio-acrn.h"

static void *qvirtio_gpio_acrn_pci_get_driver(void *object,
                                              const char *interface)
{
    QVirtioGpioAcrnPCI *dev = object;

    if (!g_strcmp0(interface, "pci-device")) {
        return dev->pci_vdev.pdev;
    }
    if (!g_strcmp0(interface, "virtio")) {
        return dev->gpio.vdev;
    }
    if (!g_strcmp0(interface, "virtio-gpio-acrn")) {
        return &dev->gpio;
    }
    fprintf(stderr, "%s not present in virtio-gpio-acrn-pci\n", interface);
    g_assert_not_reached();
}

static void *qvirtio_gpio_acrn_pci_create(void *pci_bus,
                                          QGuestAllocator *alloc, void *addr)
{
    QVirtioGpioAcrnPCI *dev = g_new0(QVirtioGpioAcrnPCI, 1);

    /* 8086:8609 is not a modern virtio ID: libqos falls back to legacy. */
    virtio_pci_init(&dev->pci_vdev, pci_bus, addr);
    dev->gpio.vdev = &dev->pci_vdev.vdev;
    dev->pci_vdev.obj.get_driver = qvirtio_gpio_acrn_pci_get_driver;
    return &dev->pci_vdev.obj;
}

static void qvirtio_gpio_acrn_register_nodes(void)
{
    QPCIAddress addr = {
        .devfn = QPCI_DEVFN(4, 0),
    };
    const char *host = getenv(QVIRTIO_GPIO_ACRN_HOST_CHIP_ENV);
    QOSGraphEdgeOptions opts = {
        .before_cmd_line = host ? "" : QVIRTIO_GPIO_ACRN_SIM_OPTS,
    };
    /* Registered once per process, kept for the graph's lifetime. */
    static char *device_opts;

    device_opts = g_strdup_printf("addr=04.0,id=gpio0,map=@%s"
                                  QVIRTIO_GPIO_ACRN_LINES,
                                  host ? host : QVIRTIO_GPIO_ACRN_SIM_ID);
    opts.extra_device_opts = device_opts;
    add_qpci_address(&opts, &addr);
    qos_node_create_driver("virtio-gpio-acrn-pci",
                           qvirtio_gpio_acrn_pci_create);
    qos_node_consumes("virtio-gpio-acrn-pci", "pci-bus", &opts);
    qos_node_produces("virtio-gpio-acrn-pci", "pci-device");
    qos_node_produces("virtio-gpio-acrn-pci", "virtio");
    qos_node_produces("virtio-gpio-acrn-pci", "virtio-gpio-acrn");
}

libqos_init(qvirtio_gpio_acrn_register_nodes);

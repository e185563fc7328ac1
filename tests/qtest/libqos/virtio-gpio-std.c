/*
 * libqos driver for virtio-gpio-pci, the standard virtio GPIO device
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../libqtest.h"
#include "qemu/module.h"
#include "qgraph.h"
#include "virtio-gpio-std.h"

static void *qvirtio_gpio_std_pci_get_driver(void *object,
                                             const char *interface)
{
    QVirtioGpioStdPCI *dev = object;

    if (!g_strcmp0(interface, "pci-device")) {
        return dev->pci_vdev.pdev;
    }
    if (!g_strcmp0(interface, "virtio")) {
        return dev->gpio.vdev;
    }
    if (!g_strcmp0(interface, "virtio-gpio")) {
        return &dev->gpio;
    }
    fprintf(stderr, "%s not present in virtio-gpio-pci\n", interface);
    g_assert_not_reached();
}

static void *qvirtio_gpio_std_pci_create(void *pci_bus,
                                         QGuestAllocator *alloc, void *addr)
{
    QVirtioGpioStdPCI *dev = g_new0(QVirtioGpioStdPCI, 1);

    virtio_pci_init(&dev->pci_vdev, pci_bus, addr);
    dev->gpio.vdev = &dev->pci_vdev.vdev;
    dev->pci_vdev.obj.get_driver = qvirtio_gpio_std_pci_get_driver;
    return &dev->pci_vdev.obj;
}

static void qvirtio_gpio_std_register_nodes(void)
{
    QPCIAddress addr = {
        .devfn = QPCI_DEVFN(4, 0),
    };
    QOSGraphEdgeOptions opts = {
        .before_cmd_line = QVIRTIO_GPIO_STD_SIM_OPTS,
        .extra_device_opts = "addr=04.0,id=gpio0,map=" QVIRTIO_GPIO_STD_MAP,
    };

    add_qpci_address(&opts, &addr);
    qos_node_create_driver("virtio-gpio-pci", qvirtio_gpio_std_pci_create);
    qos_node_consumes("virtio-gpio-pci", "pci-bus", &opts);
    qos_node_produces("virtio-gpio-pci", "pci-device");
    qos_node_produces("virtio-gpio-pci", "virtio");
    qos_node_produces("virtio-gpio-pci", "virtio-gpio");
}

libqos_init(qvirtio_gpio_std_register_nodes);

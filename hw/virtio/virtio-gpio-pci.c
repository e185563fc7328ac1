/*
 * virtio-gpio-pci: PCI proxy of the standard virtio GPIO device
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/virtio/virtio-gpio.h"

typedef struct VirtIOGPIOPCI VirtIOGPIOPCI;

#define TYPE_VIRTIO_GPIO_PCI "virtio-gpio-pci-base"
DECLARE_INSTANCE_CHECKER(VirtIOGPIOPCI, VIRTIO_GPIO_PCI, TYPE_VIRTIO_GPIO_PCI)

struct VirtIOGPIOPCI {
    VirtIOPCIProxy parent_obj;
    VirtIOGPIO vdev;
};

static const Property virtio_gpio_pci_properties[] = {
    /*
     * A request is a few microseconds of work that the guest waits for:
     * answer it in the notify write, in the vCPU's thread, rather than
     * wake the main loop and then the vCPU (under TCG 8 us instead of
     * 106, docs: virtio-gpio-perf).  Under KVM the vCPU then waits for
     * the host chip's ioctl: ioeventfd=on may suit slow (I2C, USB) chips.
     */
    DEFINE_PROP_BIT("ioeventfd", VirtIOPCIProxy, flags,
                    VIRTIO_PCI_FLAG_USE_IOEVENTFD_BIT, false),
    DEFINE_PROP_UINT32("vectors", VirtIOPCIProxy, nvectors,
                       DEV_NVECTORS_UNSPECIFIED),
};

static void virtio_gpio_pci_realize(VirtIOPCIProxy *vpci_dev, Error **errp)
{
    VirtIOGPIOPCI *dev = VIRTIO_GPIO_PCI(vpci_dev);

    if (vpci_dev->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        /* requestq, eventq and configuration changes */
        vpci_dev->nvectors = 3;
    }
    /* Device ID 41 exists only in virtio 1.0 and later. */
    virtio_pci_force_virtio_1(vpci_dev);
    qdev_realize(DEVICE(&dev->vdev), BUS(&vpci_dev->bus), errp);
}

static void virtio_gpio_pci_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pcidev_k = PCI_DEVICE_CLASS(klass);

    k->realize = virtio_gpio_pci_realize;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    device_class_set_props(dc, virtio_gpio_pci_properties);
    pcidev_k->class_id = PCI_CLASS_OTHERS;
}

static void virtio_gpio_pci_instance_init(Object *obj)
{
    VirtIOGPIOPCI *dev = VIRTIO_GPIO_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_GPIO);
}

static const VirtioPCIDeviceTypeInfo virtio_gpio_pci_info = {
    .base_name = TYPE_VIRTIO_GPIO_PCI,
    .generic_name = "virtio-gpio-pci",
    .instance_size = sizeof(VirtIOGPIOPCI),
    .instance_init = virtio_gpio_pci_instance_init,
    .class_init = virtio_gpio_pci_class_init,
};

static void virtio_gpio_pci_register(void)
{
    virtio_pci_types_register(&virtio_gpio_pci_info);
}

type_init(virtio_gpio_pci_register)

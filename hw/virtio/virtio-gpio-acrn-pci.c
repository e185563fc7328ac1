/*
 * virtio-gpio-acrn-pci: PCI proxy with ACRN's identity
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * 8086:8609, subsystem 8086:FFF7, class 08/00/00, revision 0, legacy
 * virtio only: what ACRN's guest kernel binds to.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/virtio/virtio-gpio-acrn.h"

typedef struct VirtIOGPIOAcrnPCI VirtIOGPIOAcrnPCI;

#define TYPE_VIRTIO_GPIO_ACRN_PCI "virtio-gpio-acrn-pci-base"
DECLARE_INSTANCE_CHECKER(VirtIOGPIOAcrnPCI, VIRTIO_GPIO_ACRN_PCI,
                         TYPE_VIRTIO_GPIO_ACRN_PCI)

struct VirtIOGPIOAcrnPCI {
    VirtIOPCIProxy parent_obj;
    VirtIOGPIOAcrn vdev;
};

static const Property virtio_gpio_acrn_pci_properties[] = {
    /* The guest polls right after its kick: answer in the notify write. */
    DEFINE_PROP_BIT("ioeventfd", VirtIOPCIProxy, flags,
                    VIRTIO_PCI_FLAG_USE_IOEVENTFD_BIT, false),
    DEFINE_PROP_UINT32("vectors", VirtIOPCIProxy, nvectors,
                       DEV_NVECTORS_UNSPECIFIED),
};

static void virtio_gpio_acrn_pci_realize(VirtIOPCIProxy *vpci_dev,
                                         Error **errp)
{
    VirtIOGPIOAcrnPCI *dev = VIRTIO_GPIO_ACRN_PCI(vpci_dev);

    if (vpci_dev->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        vpci_dev->nvectors = ACRN_GPIO_NUM_VQS + 1;
    }
    qdev_realize(DEVICE(&dev->vdev), BUS(&vpci_dev->bus), errp);
}

static void virtio_gpio_acrn_pci_class_init(ObjectClass *klass,
                                            const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pcidev_k = PCI_DEVICE_CLASS(klass);

    k->realize = virtio_gpio_acrn_pci_realize;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    device_class_set_props(dc, virtio_gpio_acrn_pci_properties);
    pcidev_k->vendor_id = ACRN_GPIO_PCI_VENDOR_ID;
    pcidev_k->device_id = ACRN_GPIO_PCI_DEVICE_ID;
    pcidev_k->subsystem_vendor_id = ACRN_GPIO_PCI_VENDOR_ID;
    pcidev_k->revision = VIRTIO_PCI_ABI_VERSION;
    pcidev_k->class_id = ACRN_GPIO_PCI_CLASS;
}

static void virtio_gpio_acrn_pci_instance_init(Object *obj)
{
    VirtIOGPIOAcrnPCI *dev = VIRTIO_GPIO_ACRN_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_GPIO_ACRN);
    /*
     * ACRN's device is legacy only, also behind a PCIe port (where
     * virtio-pci would otherwise turn legacy off).
     */
    VIRTIO_PCI(obj)->disable_modern = true;
    VIRTIO_PCI(obj)->disable_legacy = ON_OFF_AUTO_OFF;
}

static const VirtioPCIDeviceTypeInfo virtio_gpio_acrn_pci_info = {
    .base_name = TYPE_VIRTIO_GPIO_ACRN_PCI,
    .generic_name = "virtio-gpio-acrn-pci",
    .instance_size = sizeof(VirtIOGPIOAcrnPCI),
    .instance_init = virtio_gpio_acrn_pci_instance_init,
    .class_init = virtio_gpio_acrn_pci_class_init,
};

static void virtio_gpio_acrn_pci_register(void)
{
    virtio_pci_types_register(&virtio_gpio_acrn_pci_info);
}

type_init(virtio_gpio_acrn_pci_register)

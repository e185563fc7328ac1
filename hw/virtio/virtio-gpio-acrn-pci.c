/*
 * virtio-gpio-acrn-pci: PCI proxy with ACRN's identity
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * 8086:8609, subsystem 8086:FFF7, class 08/00/00, revision 0, legacy
 * virtio only: what ACRN's guest kernel binds to.  The proxy also
 * describes the device in the DSDT, inside its PCI slot's node, with
 * ACRN's AML methods for the per-line PIO words.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/acpi/acpi_aml_interface.h"
#include "hw/pci/msix.h"
#include "hw/virtio/virtio-pci.h"
#include "standard-headers/linux/virtio_pci.h"
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

/*
 * ACPI: Device (AGPI) inside the slot's Device (Sxx), named and described
 * as ACRN's (reference section 2), with GPCS(pin, value) and GPCG(pin)
 * on the line's PIO word at device config offset 4 + 4 * pin.  ACRN
 * froze BAR0 at start and assumed MSI-X; these methods read BAR0, the
 * command register and MSI-X enable from the function's own PCI config
 * space on every call, and touch no port when the slot holds another
 * function, I/O decoding is off, BAR0 is unassigned or the pin does not
 * exist.
 */
#define ACRN_GPIO_PCI_ID \
    ((uint32_t)ACRN_GPIO_PCI_DEVICE_ID << 16 | ACRN_GPIO_PCI_VENDOR_ID)
/* PIO word 0 in BAR0: legacy config follows a 20-byte header ... */
#define ACRN_GPIO_AML_PIO_OFFSET \
    (VIRTIO_PCI_CONFIG_OFF(false) + offsetof(AcrnGpioConfig, pio))
/* ... or a 24-byte one while MSI-X is enabled */
#define ACRN_GPIO_AML_MSIX_SHIFT \
    (VIRTIO_PCI_CONFIG_OFF(true) - VIRTIO_PCI_CONFIG_OFF(false))

/* Append field @name of @bits at bit @pos; @cur is where the last ended. */
static void acrn_gpio_aml_field(Aml *field, unsigned *cur, unsigned pos,
                                const char *name, unsigned bits)
{
    if (pos > *cur) {
        aml_append(field, aml_reserved_field(pos - *cur));
    }
    aml_append(field, aml_named_field(name, bits));
    *cur = pos + bits;
}

/* The registers GPRA reads, in Operation Region GPCF (PCI_Config) */
static Aml *acrn_gpio_aml_config_fields(PCIDevice *pdev)
{
    VirtIOPCIProxy *vpci = VIRTIO_PCI(pdev);
    Aml *field = aml_field("GPCF", AML_DWORD_ACC, AML_NOLOCK, AML_PRESERVE);
    unsigned bar = PCI_BASE_ADDRESS_0 + 4 * vpci->legacy_io_bar_idx;
    unsigned cur = 0;

    acrn_gpio_aml_field(field, &cur, PCI_VENDOR_ID * 8, "VDID", 32);
    acrn_gpio_aml_field(field, &cur, PCI_COMMAND * 8, "PCMD", 16);
    acrn_gpio_aml_field(field, &cur, bar * 8, "IOBA", 32);
    if (msix_present(pdev)) {
        acrn_gpio_aml_field(field, &cur, (pdev->msix_cap + PCI_MSIX_FLAGS) * 8,
                            "MXCT", 16);
    }
    return field;
}

/* GPRA(pin): the I/O port of the pin's PIO word, or Zero */
static Aml *acrn_gpio_aml_port_method(PCIDevice *pdev, unsigned ngpio)
{
    Aml *method = aml_method("GPRA", 1, AML_NOTSERIALIZED);
    Aml *pin = aml_arg(0), *port = aml_local(0);
    Aml *no_line, *other_function, *io_off, *unassigned, *ifctx;

    no_line = aml_lgreater_equal(pin, aml_int(ngpio));
    other_function = aml_lnot(aml_equal(aml_name("VDID"),
                                        aml_int(ACRN_GPIO_PCI_ID)));
    io_off = aml_lnot(aml_and(aml_name("PCMD"), aml_int(PCI_COMMAND_IO),
                              NULL));
    ifctx = aml_if(aml_lor(no_line, aml_lor(other_function, io_off)));
    aml_append(ifctx, aml_return(aml_int(0)));
    aml_append(method, ifctx);

    aml_append(method, aml_and(aml_name("IOBA"),
                               aml_int((uint32_t)PCI_BASE_ADDRESS_IO_MASK),
                               port));
    unassigned = aml_lor(aml_equal(port, aml_int(0)),
                         aml_lgreater(port, aml_int(UINT16_MAX)));
    ifctx = aml_if(unassigned);
    aml_append(ifctx, aml_return(aml_int(0)));
    aml_append(method, ifctx);

    aml_append(method, aml_add(port,
                               aml_add(aml_int(ACRN_GPIO_AML_PIO_OFFSET),
                                       aml_shiftleft(pin, aml_int(2)), NULL),
                               port));
    if (msix_present(pdev)) {
        ifctx = aml_if(aml_and(aml_name("MXCT"),
                               aml_int(PCI_MSIX_FLAGS_ENABLE), NULL));
        aml_append(ifctx, aml_add(port, aml_int(ACRN_GPIO_AML_MSIX_SHIFT),
                                  port));
        aml_append(method, ifctx);
    }
    aml_append(method, aml_return(port));
    return method;
}

/*
 * A method whose first argument is a pin: returns @unreachable if GPRA
 * finds no port, else declares the pin's PIO word as Operation Region
 * GPRG with one field @field of @bits from bit 0.
 */
static Aml *acrn_gpio_aml_pin_method(const char *name, int args,
                                     const char *field, unsigned bits,
                                     Aml *unreachable)
{
    Aml *method = aml_method(name, args, AML_SERIALIZED);
    Aml *port = aml_local(0);
    Aml *ifctx, *word;

    aml_append(method, aml_store(aml_call1("GPRA", aml_arg(0)), port));
    ifctx = aml_if(aml_equal(port, aml_int(0)));
    aml_append(ifctx, aml_return(unreachable));
    aml_append(method, ifctx);

    aml_append(method, aml_operation_region("GPRG", AML_SYSTEM_IO, port, 4));
    word = aml_field("GPRG", AML_DWORD_ACC, AML_NOLOCK, AML_PRESERVE);
    aml_append(word, aml_named_field(field, bits));
    aml_append(method, word);
    return method;
}

/*
 * GPCS(pin, value): as ACRN's, a two-bit write (the rest of the word is
 * written back as read): bit 0 the value, high for any non-zero value,
 * bit 1 the direction, 0 for output.  One once written, Zero if the line
 * cannot be reached.
 */
static Aml *acrn_gpio_aml_set_method(void)
{
    Aml *method = acrn_gpio_aml_pin_method("GPCS", 2, "GPVD", 2, aml_int(0));
    Aml *ifctx, *elsectx;

    ifctx = aml_if(aml_arg(1));
    aml_append(ifctx, aml_store(aml_int(ACRN_GPIO_PIO_VALUE),
                                aml_name("GPVD")));
    aml_append(method, ifctx);
    elsectx = aml_else();
    aml_append(elsectx, aml_store(aml_int(0), aml_name("GPVD")));
    aml_append(method, elsectx);
    aml_append(method, aml_return(aml_int(1)));
    return method;
}

/* GPCG(pin): bit 0 of the word, or Ones if the line cannot be reached */
static Aml *acrn_gpio_aml_get_method(void)
{
    Aml *method = acrn_gpio_aml_pin_method("GPCG", 1, "GPWD", 32,
                                           aml_int(UINT32_MAX));

    aml_append(method, aml_return(aml_and(aml_name("GPWD"),
                                          aml_int(ACRN_GPIO_PIO_VALUE),
                                          NULL)));
    return method;
}

static void virtio_gpio_acrn_pci_build_aml(AcpiDevAmlIf *adev, Aml *scope)
{
    PCIDevice *pdev = PCI_DEVICE(adev);
    VirtIOGPIOAcrnPCI *dev = VIRTIO_GPIO_ACRN_PCI(adev);
    Aml *agpi = aml_device("AGPI");
    uint32_t adr = PCI_SLOT(pdev->devfn) << 16 | PCI_FUNC(pdev->devfn);

    /* The function's own address, as the slot's: PCI_Config resolves it */
    aml_append(agpi, aml_name_decl("_ADR", aml_int(adr)));
    aml_append(agpi, aml_name_decl("_DDN",
                                   aml_string("Virtio GPIO Controller")));
    /* Bus (as the firmware numbered it) and devfn: unique and stable */
    aml_append(agpi, aml_name_decl("_UID",
                                   aml_int(pci_dev_bus_num(pdev) << 8 |
                                           pdev->devfn)));

    aml_append(agpi, aml_operation_region("GPCF", AML_PCI_CONFIG, aml_int(0),
                                          PCI_CONFIG_SPACE_SIZE));
    aml_append(agpi, acrn_gpio_aml_config_fields(pdev));
    aml_append(agpi, acrn_gpio_aml_port_method(pdev, dev->vdev.lines.count));
    aml_append(agpi, acrn_gpio_aml_set_method());
    aml_append(agpi, acrn_gpio_aml_get_method());
    aml_append(scope, agpi);
}

static void virtio_gpio_acrn_pci_class_init(ObjectClass *klass,
                                            const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pcidev_k = PCI_DEVICE_CLASS(klass);
    AcpiDevAmlIfClass *adevc = ACPI_DEV_AML_IF_CLASS(klass);

    k->realize = virtio_gpio_acrn_pci_realize;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    device_class_set_props(dc, virtio_gpio_acrn_pci_properties);
    pcidev_k->vendor_id = ACRN_GPIO_PCI_VENDOR_ID;
    pcidev_k->device_id = ACRN_GPIO_PCI_DEVICE_ID;
    pcidev_k->subsystem_vendor_id = ACRN_GPIO_PCI_VENDOR_ID;
    pcidev_k->revision = VIRTIO_PCI_ABI_VERSION;
    pcidev_k->class_id = ACRN_GPIO_PCI_CLASS;
    adevc->build_dev_aml = virtio_gpio_acrn_pci_build_aml;
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
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_ACPI_DEV_AML_IF },
        { },
    },
};

static void virtio_gpio_acrn_pci_register(void)
{
    virtio_pci_types_register(&virtio_gpio_acrn_pci_info);
}

type_init(virtio_gpio_acrn_pci_register)

/*
 * virtio-gpio-acrn: ACRN's legacy virtio GPIO device
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Wire format of ACRN's three-queue protocol (not the OASIS virtio-gpio
 * device, ID 41): see docs/system/devices/virtio/virtio-gpio-acrn.rst.
 */

#ifndef HW_VIRTIO_VIRTIO_GPIO_ACRN_H
#define HW_VIRTIO_VIRTIO_GPIO_ACRN_H

#include "hw/virtio/virtio.h"
#include "hw/gpio/gpio-lines.h"

#define TYPE_VIRTIO_GPIO_ACRN "virtio-gpio-acrn-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOGPIOAcrn, VIRTIO_GPIO_ACRN)

/* PCI identity of ACRN's device model */
#define ACRN_GPIO_PCI_VENDOR_ID     0x8086
#define ACRN_GPIO_PCI_DEVICE_ID     0x8609
#define ACRN_GPIO_PCI_CLASS         0x0800

/* Feature bit 0: the only one offered, required by the guest driver */
#define ACRN_GPIO_F_CHIP            0

#define ACRN_GPIO_QUEUE_SIZE        64
#define ACRN_GPIO_REQUEST_VQ        0
#define ACRN_GPIO_IRQ_VQ            1
#define ACRN_GPIO_EVENT_VQ          2
#define ACRN_GPIO_NUM_VQS           3

/* Bytes per guest-visible line name in the names request */
#define ACRN_GPIO_NAME_SLOT         32

/* Queue 0 commands */
enum {
    ACRN_GPIO_CMD_SET_VALUE = 0,
    ACRN_GPIO_CMD_GET_VALUE = 1,
    ACRN_GPIO_CMD_INPUT = 2,
    ACRN_GPIO_CMD_OUTPUT = 3,
    ACRN_GPIO_CMD_GET_DIRECTION = 4,
    ACRN_GPIO_CMD_SET_CONFIG = 5,
    ACRN_GPIO_CMD_MAX,
};

/* Queue 1 actions */
enum {
    ACRN_GPIO_IRQ_ENABLE = 0,
    ACRN_GPIO_IRQ_DISABLE = 1,
    ACRN_GPIO_IRQ_ACK = 2,
    ACRN_GPIO_IRQ_MASK = 3,
    ACRN_GPIO_IRQ_UNMASK = 4,
};

typedef struct QEMU_PACKED AcrnGpioRequest {
    uint8_t cmd;
    uint8_t offset;
    uint64_t data;      /* little-endian */
} AcrnGpioRequest;

typedef struct QEMU_PACKED AcrnGpioResponse {
    int8_t err;         /* 0 or -1 */
    uint8_t data;
} AcrnGpioResponse;

typedef struct QEMU_PACKED AcrnGpioIrqRequest {
    uint8_t action;
    uint8_t pin;
    uint8_t mode;
} AcrnGpioIrqRequest;

/* Device config: {le16 base, le16 ngpio} then one PIO word per line */
typedef struct QEMU_PACKED AcrnGpioConfig {
    uint16_t base;
    uint16_t ngpio;
    uint32_t pio[GPIO_MAP_MAX_LINES];
} AcrnGpioConfig;

#define ACRN_GPIO_PIO_VALUE         (1u << 0)
#define ACRN_GPIO_PIO_INPUT         (1u << 1)
#define ACRN_GPIO_PIO_IRQ           (1u << 2)
#define ACRN_GPIO_PIO_CONFIG_SHIFT  16
#define ACRN_GPIO_PIO_CONFIG_MASK   (0xffu << ACRN_GPIO_PIO_CONFIG_SHIFT)

/*
 * Guest GPIO numbers: Linux's dynamic range starts at 512, so instances
 * take the lowest free multiple of 64 below it unless base= pins one.
 */
#define ACRN_GPIO_BASE_AUTO         UINT32_MAX
#define ACRN_GPIO_BASE_STEP         64
#define ACRN_GPIO_BASE_LIMIT        512

struct VirtIOGPIOAcrn {
    VirtIODevice parent_obj;

    char *map;
    uint32_t base_prop;     /* base=, or ACRN_GPIO_BASE_AUTO */

    GpioLineSet lines;
    uint16_t base;          /* guest GPIO number of line 0 */
    uint64_t pending;       /* fired lines not yet in an event buffer */
    /* The last pinconf parameter applied to each line, for PIO reads */
    uint8_t pinconf[GPIO_MAP_MAX_LINES];
    /* Config space as the guest last saw or wrote it, to find its writes */
    AcrnGpioConfig shadow;
    VirtQueue *request_vq;
    VirtQueue *irq_vq;
    VirtQueue *event_vq;
};

#endif

/*
 * virtio-gpio: the standard virtio GPIO device (virtio ID 41)
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_VIRTIO_VIRTIO_GPIO_H
#define HW_VIRTIO_VIRTIO_GPIO_H

#include "hw/virtio/virtio.h"
#include "hw/gpio/gpio-lines.h"
#include "standard-headers/linux/virtio_gpio.h"
#include "standard-headers/linux/virtio_ids.h"

#define TYPE_VIRTIO_GPIO "virtio-gpio-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOGPIO, VIRTIO_GPIO)

/* Room for a request per line plus one eventq pair (2 descriptors) each */
#define VIRTIO_GPIO_QUEUE_SIZE 256

struct VirtIOGPIO {
    VirtIODevice parent_obj;

    char *map;

    GpioLineSet lines;
    char *names;                /* ngpio NUL-terminated names, in order */
    uint32_t names_size;
    VirtQueue *request_vq;
    VirtQueue *event_vq;
    /* The eventq pair the guest queued per line: the line is unmasked. */
    VirtQueueElement *irq_pair[GPIO_MAP_MAX_LINES];
};

#endif

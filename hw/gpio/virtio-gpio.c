/*
 * virtio-gpio: the standard virtio GPIO device (virtio ID 41)
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The protocol front end of the OASIS virtio-gpio device, for the Linux
 * gpio-virtio driver and any other standard guest.  Lines, chips and the
 * interrupt logic are the line engine's (hw/gpio/gpio-lines.c), shared
 * with virtio-gpio-acrn; this file only speaks the wire format.  In the
 * standard model a line is unmasked while the guest has an eventq pair
 * queued for it; returning the pair masks it again.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/iov.h"
#include "qemu/log.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio-gpio.h"
#include "migration/qemu-file-types.h"
#include "migration/vmstate.h"
#include "trace.h"

static bool gpio_irq_negotiated(VirtIOGPIO *s)
{
    return virtio_vdev_has_feature(VIRTIO_DEVICE(s), VIRTIO_GPIO_F_IRQ);
}

/* Give the guest back line @i's eventq pair, with @status. */
static void gpio_return_pair(VirtIOGPIO *s, unsigned i, uint8_t status)
{
    VirtQueueElement *elem = s->irq_pair[i];

    if (!elem) {
        return;
    }
    s->irq_pair[i] = NULL;
    iov_from_buf(elem->in_sg, elem->in_num, 0, &status, 1);
    trace_virtio_gpio_irq_event(i, status);
    if (status == VIRTIO_GPIO_IRQ_STATUS_VALID) {
        s->lines.stats.events++;
        gpio_line_irq_delivered(&s->lines, i);
    }
    virtqueue_push(s->event_vq, elem, 1);
    g_free(elem);
    virtio_notify(VIRTIO_DEVICE(s), s->event_vq);
}

/* The engine fired line @i: it was unmasked, so a pair is waiting. */
static void gpio_fire(void *opaque, unsigned i)
{
    VirtIOGPIO *s = opaque;

    if (!s->irq_pair[i]) {
        /* Cannot happen while the engine masks lines without a pair. */
        gpio_line_irq_withdraw(&s->lines, i);
        gpio_line_irq_mask(&s->lines, i);
        return;
    }
    /* Returning the pair masks the line until the guest queues it again. */
    gpio_line_irq_mask(&s->lines, i);
    gpio_return_pair(s, i, VIRTIO_GPIO_IRQ_STATUS_VALID);
}

static void gpio_irq_off(VirtIOGPIO *s, unsigned i)
{
    if (s->lines.lines[i].irq_mode != GPIO_IRQ_NONE) {
        gpio_line_irq_disable(&s->lines, i);
    }
    /* The spec wants the pair back at once, or Linux cannot re-arm. */
    gpio_return_pair(s, i, VIRTIO_GPIO_IRQ_STATUS_INVALID);
}

static int gpio_set_direction(VirtIOGPIO *s, unsigned i, uint32_t dir)
{
    GpioLineSet *lines = &s->lines;
    int ret;

    switch (dir) {
    case VIRTIO_GPIO_DIRECTION_NONE:
        gpio_irq_off(s, i);
        gpio_line_release(lines, i);
        return 0;
    case VIRTIO_GPIO_DIRECTION_OUT:
        ret = gpio_line_acquire(lines, i);
        if (ret < 0) {
            return ret;
        }
        return gpio_line_set_output(lines, i,
                                    lines->lines[i].settings.value);
    case VIRTIO_GPIO_DIRECTION_IN:
        ret = gpio_line_acquire(lines, i);
        return ret < 0 ? ret : gpio_line_set_input(lines, i);
    default:
        return -EINVAL;
    }
}

static int gpio_set_irq_type(VirtIOGPIO *s, unsigned i, uint32_t type)
{
    GpioLineSet *lines = &s->lines;
    int ret;

    if (!gpio_irq_negotiated(s)) {
        return -EINVAL;
    }
    switch (type) {
    case VIRTIO_GPIO_IRQ_TYPE_NONE:
        gpio_irq_off(s, i);
        return 0;
    case VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING:
    case VIRTIO_GPIO_IRQ_TYPE_EDGE_FALLING:
    case VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH:
    case VIRTIO_GPIO_IRQ_TYPE_LEVEL_HIGH:
    case VIRTIO_GPIO_IRQ_TYPE_LEVEL_LOW:
        break;
    default:
        return -EINVAL;
    }
    ret = gpio_line_acquire(lines, i);
    if (ret < 0) {
        return ret;
    }
    if (lines->lines[i].settings.output) {
        return -EBUSY;
    }
    /* Enabled, and masked until the guest queues the line's pair. */
    return gpio_line_irq_enable(lines, i, type, !s->irq_pair[i]);
}

/* One line request; @rsp_value gets the GET_* result. */
static int gpio_do_request(VirtIOGPIO *s, uint16_t type, uint16_t i,
                           uint32_t value, uint8_t *rsp_value)
{
    GpioLineSet *lines = &s->lines;
    int ret;

    if (i >= lines->count) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: line %u out of range "
                      "(%u lines)\n", i, lines->count);
        return -EINVAL;
    }
    switch (type) {
    case VIRTIO_GPIO_MSG_GET_DIRECTION:
        if (!gpio_line_held(lines, i)) {
            *rsp_value = VIRTIO_GPIO_DIRECTION_NONE;
        } else {
            *rsp_value = lines->lines[i].settings.output ?
                         VIRTIO_GPIO_DIRECTION_OUT : VIRTIO_GPIO_DIRECTION_IN;
        }
        return 0;
    case VIRTIO_GPIO_MSG_SET_DIRECTION:
        return gpio_set_direction(s, i, value);
    case VIRTIO_GPIO_MSG_GET_VALUE:
        ret = gpio_line_get_value(lines, i);
        if (ret >= 0) {
            *rsp_value = ret;
        }
        return ret;
    case VIRTIO_GPIO_MSG_SET_VALUE:
        if (value > 1) {
            return -EINVAL;
        }
        if (gpio_line_held(lines, i) && lines->lines[i].settings.output) {
            return gpio_line_set_value(lines, i, value);
        }
        /* Staged for the coming SET_DIRECTION(OUT), as the spec asks. */
        gpio_line_stage_value(lines, i, value);
        return 0;
    case VIRTIO_GPIO_MSG_IRQ_TYPE:
        return gpio_set_irq_type(s, i, value);
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: unknown request type "
                      "%u\n", type);
        return -EINVAL;
    }
}

/*
 * One requestq chain: an 8-byte request, then a response of 2 bytes (or
 * 1 + gpio_names_size for GET_NAMES).  A malformed chain gets the error
 * status in as much of the response as there is, and that length.
 */
static unsigned gpio_handle_one(VirtIOGPIO *s, VirtQueueElement *elem)
{
    struct virtio_gpio_request req;
    struct virtio_gpio_response rsp = { .status = VIRTIO_GPIO_STATUS_ERR };
    size_t in_size = iov_size(elem->in_sg, elem->in_num);
    uint16_t type, line;
    uint32_t value;
    int ret;

    if (in_size == 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: request without a "
                      "response buffer\n");
        s->lines.stats.errors++;
        return 0;
    }
    if (iov_size(elem->out_sg, elem->out_num) != sizeof(req)) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: request must be %zu "
                      "bytes\n", sizeof(req));
        goto error;
    }
    iov_to_buf(elem->out_sg, elem->out_num, 0, &req, sizeof(req));
    type = le16_to_cpu(req.type);
    line = le16_to_cpu(req.gpio);
    value = le32_to_cpu(req.value);

    if (type == VIRTIO_GPIO_MSG_GET_NAMES) {
        if (!s->names_size || in_size != 1 + s->names_size) {
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: names response "
                          "must be %u bytes\n", 1 + s->names_size);
            goto error;
        }
        rsp.status = VIRTIO_GPIO_STATUS_OK;
        iov_from_buf(elem->in_sg, elem->in_num, 0, &rsp.status, 1);
        iov_from_buf(elem->in_sg, elem->in_num, 1, s->names, s->names_size);
        trace_virtio_gpio_request(type, line, value, rsp.status, 0);
        return in_size;
    }
    if (in_size != sizeof(rsp)) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: response must be %zu "
                      "bytes\n", sizeof(rsp));
        goto error;
    }
    rsp.value = 0;
    ret = gpio_do_request(s, type, line, value, &rsp.value);
    rsp.status = ret < 0 ? VIRTIO_GPIO_STATUS_ERR : VIRTIO_GPIO_STATUS_OK;
    s->lines.stats.errors += ret < 0;
    trace_virtio_gpio_request(type, line, value, rsp.status, rsp.value);
    iov_from_buf(elem->in_sg, elem->in_num, 0, &rsp, sizeof(rsp));
    return sizeof(rsp);

error:
    s->lines.stats.errors++;
    iov_from_buf(elem->in_sg, elem->in_num, 0, &rsp.status, 1);
    return 1;
}

static void gpio_handle_request(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOGPIO *s = VIRTIO_GPIO(vdev);
    VirtQueueElement *elem;
    bool done = false;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        s->lines.stats.requests++;
        virtqueue_push(vq, elem, gpio_handle_one(s, elem));
        g_free(elem);
        done = true;
    }
    if (done) {
        virtio_notify(vdev, vq);
    }
}

/*
 * eventq: a pair {le16 gpio} + {u8 status} unmasks its line.  A pair for
 * a line that is not enabled, or a second one, goes back INVALID.
 */
static void gpio_handle_event(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOGPIO *s = VIRTIO_GPIO(vdev);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        struct virtio_gpio_irq_request req;
        uint8_t status = VIRTIO_GPIO_IRQ_STATUS_INVALID;
        unsigned i;

        s->lines.stats.requests++;
        if (iov_size(elem->out_sg, elem->out_num) != sizeof(req) ||
            iov_size(elem->in_sg, elem->in_num) !=
            sizeof(struct virtio_gpio_irq_response)) {
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: eventq pair must "
                          "be 2 readable then 1 writable byte\n");
            s->lines.stats.errors++;
            virtqueue_push(vq, elem, 0);
            g_free(elem);
            virtio_notify(vdev, vq);
            continue;
        }
        iov_to_buf(elem->out_sg, elem->out_num, 0, &req, sizeof(req));
        i = le16_to_cpu(req.gpio);
        trace_virtio_gpio_irq_unmask(i);
        if (i >= s->lines.count || s->irq_pair[i] ||
            s->lines.lines[i].irq_mode == GPIO_IRQ_NONE) {
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio: eventq pair for "
                          "line %u, which is not enabled or already has "
                          "one\n", i);
            s->lines.stats.errors++;
            iov_from_buf(elem->in_sg, elem->in_num, 0, &status, 1);
            trace_virtio_gpio_irq_event(i, status);
            virtqueue_push(vq, elem, 1);
            g_free(elem);
            virtio_notify(vdev, vq);
            continue;
        }
        s->irq_pair[i] = elem;
        /* The last event is handled: fire what is owed, if anything. */
        gpio_line_irq_ack(&s->lines, i);
        gpio_line_irq_unmask(&s->lines, i);
    }
}

static uint64_t gpio_get_features(VirtIODevice *vdev, uint64_t features,
                                  Error **errp)
{
    return features | (1ull << VIRTIO_GPIO_F_IRQ);
}

static void gpio_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOGPIO *s = VIRTIO_GPIO(vdev);
    struct virtio_gpio_config cfg = {
        .ngpio = cpu_to_le16(s->lines.count),
        .gpio_names_size = cpu_to_le32(s->names_size),
    };

    memcpy(config, &cfg, sizeof(cfg));
}

/* ngpio NUL-terminated names; an unnamed line is a lone NUL. */
static void gpio_build_names(VirtIOGPIO *s)
{
    GString *names = g_string_new(NULL);

    for (unsigned i = 0; i < s->lines.count; i++) {
        g_string_append(names, s->lines.lines[i].name);
        g_string_append_c(names, '\0');
    }
    s->names_size = names->len;
    s->names = g_string_free(names, false);
}

static void gpio_realize(DeviceState *dev, Error **errp)
{
    ERRP_GUARD();
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOGPIO *s = VIRTIO_GPIO(dev);
    g_autofree char *consumer = NULL;

    if (!s->map) {
        error_setg(errp, "virtio-gpio: property 'map' is required, "
                   "e.g. map=@gpiochip0{1:6:reset}");
        return;
    }
    consumer = gpio_line_consumer(dev, "virtio-gpio");
    if (!gpio_line_set_init(&s->lines, OBJECT(dev), s->map, consumer,
                            gpio_fire, s,
                            errp)) {
        error_prepend(errp, "virtio-gpio: map '%s': ", s->map);
        return;
    }
    gpio_build_names(s);
    virtio_init(vdev, VIRTIO_ID_GPIO, sizeof(struct virtio_gpio_config));
    s->request_vq = virtio_add_queue(vdev, VIRTIO_GPIO_QUEUE_SIZE,
                                     gpio_handle_request);
    s->event_vq = virtio_add_queue(vdev, VIRTIO_GPIO_QUEUE_SIZE,
                                   gpio_handle_event);
}

/*
 * The eventq is going away or being reset: give the held pairs back to
 * the virtio core unused (unmapped, not in the used ring).  Their lines
 * are masked again, as when the guest takes a pair back.
 */
static void gpio_drop_pairs(VirtIOGPIO *s)
{
    for (unsigned i = 0; i < GPIO_MAP_MAX_LINES; i++) {
        VirtQueueElement *elem = s->irq_pair[i];

        if (!elem) {
            continue;
        }
        s->irq_pair[i] = NULL;
        virtqueue_detach_element(s->event_vq, elem, 0);
        g_free(elem);
        if (i < s->lines.count) {
            gpio_line_irq_mask(&s->lines, i);
        }
    }
}

static void gpio_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOGPIO *s = VIRTIO_GPIO(dev);

    /* No line fires once its host line is given back. */
    gpio_line_set_cleanup(&s->lines);
    gpio_drop_pairs(s);
    virtio_delete_queue(s->request_vq);
    virtio_delete_queue(s->event_vq);
    virtio_cleanup(vdev);
    g_free(s->names);
    s->names = NULL;
}

/* The queues are reset with the device: forget the pairs, reset lines. */
static void gpio_reset(VirtIODevice *vdev)
{
    VirtIOGPIO *s = VIRTIO_GPIO(vdev);

    gpio_drop_pairs(s);
    gpio_line_set_reset(&s->lines);
}

/*
 * VIRTIO_F_RING_RESET: the guest resets one queue.  Requests are answered
 * as they come, so only the eventq holds buffers; its lines keep their
 * interrupt type, masked until the guest queues their pairs again.
 */
static void gpio_queue_reset(VirtIODevice *vdev, uint32_t queue_index)
{
    VirtIOGPIO *s = VIRTIO_GPIO(vdev);

    if (queue_index == virtio_get_queue_index(s->event_vq)) {
        gpio_drop_pairs(s);
    }
}

/*
 * The eventq pairs the device holds go in the stream as elements of the
 * virtio core, with the line count first as a check.
 */
static int gpio_pairs_put(QEMUFile *f, void *pv, size_t size,
                          const VMStateField *field, JSONWriter *vmdesc)
{
    VirtIOGPIO *s = container_of(pv, VirtIOGPIO, irq_pair);

    qemu_put_be32(f, s->lines.count);
    for (unsigned i = 0; i < s->lines.count; i++) {
        qemu_put_byte(f, s->irq_pair[i] != NULL);
        if (s->irq_pair[i]) {
            qemu_put_virtqueue_element(VIRTIO_DEVICE(s), f, s->irq_pair[i]);
        }
    }
    return 0;
}

static int gpio_pairs_get(QEMUFile *f, void *pv, size_t size,
                          const VMStateField *field)
{
    VirtIOGPIO *s = container_of(pv, VirtIOGPIO, irq_pair);
    uint32_t count = qemu_get_be32(f);

    if (count != s->lines.count) {
        error_report("virtio-gpio: the source holds eventq buffers for %u "
                     "lines, this device has %u", count, s->lines.count);
        return -EINVAL;
    }
    for (unsigned i = 0; i < count; i++) {
        VirtQueueElement *elem;

        if (!qemu_get_byte(f)) {
            continue;
        }
        elem = qemu_get_virtqueue_element(VIRTIO_DEVICE(s), f,
                                          sizeof(VirtQueueElement));
        if (iov_size(elem->out_sg, elem->out_num) !=
            sizeof(struct virtio_gpio_irq_request) ||
            iov_size(elem->in_sg, elem->in_num) !=
            sizeof(struct virtio_gpio_irq_response) || s->irq_pair[i]) {
            error_report("virtio-gpio: invalid eventq buffer for line %u in "
                         "the migration stream", i);
            virtqueue_detach_element(s->event_vq, elem, 0);
            g_free(elem);
            return -EINVAL;
        }
        s->irq_pair[i] = elem;
    }
    return 0;
}

static const VMStateInfo vmstate_info_gpio_pairs = {
    .name = "virtio-gpio-eventq-pairs",
    .get = gpio_pairs_get,
    .put = gpio_pairs_put,
};

static bool gpio_pairs_needed(void *opaque)
{
    VirtIOGPIO *s = opaque;

    for (unsigned i = 0; i < s->lines.count; i++) {
        if (s->irq_pair[i]) {
            return true;
        }
    }
    return false;
}

static const VMStateDescription vmstate_gpio_pairs = {
    .name = "virtio-gpio-device/eventq-pairs",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = gpio_pairs_needed,
    .fields = (const VMStateField[]) {
        {
            .name = "irq_pair",
            .info = &vmstate_info_gpio_pairs,
            .flags = VMS_SINGLE,
            .offset = offsetof(VirtIOGPIO, irq_pair),
        },
        VMSTATE_END_OF_LIST()
    },
};

/* Device state, inside the virtio core's */
static const VMStateDescription vmstate_gpio_device = {
    .name = "virtio-gpio-device",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(lines, VirtIOGPIO, 1, vmstate_gpio_line_set,
                       GpioLineSet),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_gpio_pairs,
        NULL
    },
};

static const VMStateDescription vmstate_gpio = {
    .name = "virtio-gpio",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    },
};

static const Property gpio_properties[] = {
    DEFINE_PROP_STRING("map", VirtIOGPIO, map),
};

static void gpio_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    device_class_set_props(dc, gpio_properties);
    dc->vmsd = &vmstate_gpio;
    vdc->vmsd = &vmstate_gpio_device;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    vdc->realize = gpio_realize;
    vdc->unrealize = gpio_unrealize;
    vdc->get_features = gpio_get_features;
    vdc->get_config = gpio_get_config;
    vdc->reset = gpio_reset;
    vdc->queue_reset = gpio_queue_reset;
}

static const TypeInfo gpio_info = {
    .name = TYPE_VIRTIO_GPIO,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOGPIO),
    .class_init = gpio_class_init,
};

static void gpio_register_types(void)
{
    type_register_static(&gpio_info);
}

type_init(gpio_register_types)

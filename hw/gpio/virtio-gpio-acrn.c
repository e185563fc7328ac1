/*
 * virtio-gpio-acrn: ACRN's legacy virtio GPIO device
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The protocol front end: it speaks ACRN's wire format on three queues
 * and leaves lines, chips and interrupts to the line engine
 * (hw/gpio/gpio-lines.c).  Everything from the guest is checked here.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/host-utils.h"
#include "qemu/iov.h"
#include "qemu/log.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio-gpio-acrn.h"
#include "migration/vmstate.h"
#include "system/dma.h"
#include "standard-headers/linux/virtio_ring.h"
#include "trace.h"

/* Linux's enum pin_config_param, stable for these values since 4.19 */
enum {
    PINCONF_BIAS_DISABLE = 1,
    PINCONF_BIAS_PULL_DOWN = 3,
    PINCONF_BIAS_PULL_UP = 5,
    PINCONF_DRIVE_OPEN_DRAIN = 6,
    PINCONF_DRIVE_OPEN_SOURCE = 7,
    PINCONF_DRIVE_PUSH_PULL = 8,
};

/* Used lengths of a malformed queue-0 chain (reference section 3) */
#define ACRN_GPIO_USED_BAD_SIZE     0
#define ACRN_GPIO_USED_BAD_COUNT    1

/*
 * ACRN offers no indirect descriptors and refuses a chain that uses them,
 * but virtqueue_pop() follows one regardless: look at the head descriptor.
 */
static bool acrn_gpio_chain_indirect(VirtIODevice *vdev, VirtQueue *vq,
                                     const VirtQueueElement *elem)
{
    hwaddr desc = virtio_queue_get_desc_addr(vdev,
                                             virtio_get_queue_index(vq));
    uint16_t flags;

    desc += (hwaddr)elem->index * sizeof(struct vring_desc) +
            offsetof(struct vring_desc, flags);
    /* A legacy ring is in the guest's byte order. */
    if (vdev->device_endian == VIRTIO_DEVICE_ENDIAN_BIG) {
        flags = address_space_lduw_be(vdev->dma_as, desc,
                                      MEMTXATTRS_UNSPECIFIED, NULL);
    } else {
        flags = address_space_lduw_le(vdev->dma_as, desc,
                                      MEMTXATTRS_UNSPECIFIED, NULL);
    }
    return flags & VRING_DESC_F_INDIRECT;
}

static int acrn_gpio_set_config(GpioLineSet *lines, unsigned i, uint64_t data)
{
    switch (data & 0xff) {
    case PINCONF_BIAS_DISABLE:
        return gpio_line_set_bias(lines, i, GPIO_BIAS_DISABLED);
    case PINCONF_BIAS_PULL_DOWN:
        return gpio_line_set_bias(lines, i, GPIO_BIAS_PULL_DOWN);
    case PINCONF_BIAS_PULL_UP:
        return gpio_line_set_bias(lines, i, GPIO_BIAS_PULL_UP);
    case PINCONF_DRIVE_OPEN_DRAIN:
        return gpio_line_set_drive(lines, i, GPIO_DRIVE_OPEN_DRAIN);
    case PINCONF_DRIVE_OPEN_SOURCE:
        return gpio_line_set_drive(lines, i, GPIO_DRIVE_OPEN_SOURCE);
    case PINCONF_DRIVE_PUSH_PULL:
        return gpio_line_set_drive(lines, i, GPIO_DRIVE_PUSH_PULL);
    case 11:
        /*
         * PIN_CONFIG_INPUT_DEBOUNCE, its argument the period in
         * microseconds (0: off), as pinconf_to_config_argument() reads it.
         * ACRN acknowledged it without effect.
         */
        return gpio_line_set_debounce(lines, i, (data >> 8) & 0xffffff);
    default:
        /* ACRN acknowledges every other parameter without effect. */
        return 0;
    }
}

/* Execute one operation; fills @rsp->data for the GET commands. */
static int acrn_gpio_do_request(VirtIOGPIOAcrn *s, const AcrnGpioRequest *req,
                                AcrnGpioResponse *rsp)
{
    GpioLineSet *lines = &s->lines;
    uint64_t data = le64_to_cpu(req->data);
    unsigned i = req->offset;
    int ret;

    if (i >= lines->count) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: line %u out of "
                      "range (%u lines)\n", i, lines->count);
        return -EINVAL;
    }
    /* Only the low byte of a value reaches the line, as in ACRN. */
    switch (req->cmd) {
    case ACRN_GPIO_CMD_SET_VALUE:
        return gpio_line_set_value(lines, i, (data & 0xff) != 0);
    case ACRN_GPIO_CMD_GET_VALUE:
        ret = gpio_line_get_value(lines, i);
        if (ret >= 0) {
            rsp->data = ret;
        }
        return ret;
    case ACRN_GPIO_CMD_INPUT:
        return gpio_line_set_input(lines, i);
    case ACRN_GPIO_CMD_OUTPUT:
        return gpio_line_set_output(lines, i, (data & 0xff) != 0);
    case ACRN_GPIO_CMD_GET_DIRECTION:
        rsp->data = lines->lines[i].settings.output ? 0 : 1;
        return 0;
    case ACRN_GPIO_CMD_SET_CONFIG:
        ret = acrn_gpio_set_config(lines, i, data);
        if (ret == 0) {
            s->pinconf[i] = data & 0xff;
        }
        return ret;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: unknown command "
                      "%u\n", req->cmd);
        return -EINVAL;
    }
}

/*
 * Names: one writable buffer of ngpio slots; the used length is the
 * count, not the size.  The virtio core writes back only the used length
 * of a buffer it had to bounce (not in RAM), so the names also go to the
 * buffer's guest address directly.
 */
static unsigned acrn_gpio_names(VirtIOGPIOAcrn *s, VirtQueueElement *elem)
{
    unsigned n = s->lines.count;
    size_t size = n * ACRN_GPIO_NAME_SLOT;
    g_autofree char *buf = NULL;

    if (elem->in_num != 1 || iov_size(elem->in_sg, 1) != size) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: names buffer "
                      "must be one writable buffer of %zu bytes\n", size);
        s->lines.stats.errors++;
        return ACRN_GPIO_USED_BAD_SIZE;
    }
    buf = g_malloc0(size);
    for (unsigned i = 0; i < n; i++) {
        pstrcpy(buf + i * ACRN_GPIO_NAME_SLOT, ACRN_GPIO_NAME_SLOT,
                s->lines.lines[i].name);
    }
    iov_from_buf(elem->in_sg, 1, 0, buf, size);
    if (dma_memory_write(VIRTIO_DEVICE(s)->dma_as, elem->in_addr[0], buf,
                         size, MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: names buffer at "
                      "0x%" HWADDR_PRIx " is not writable\n",
                      elem->in_addr[0]);
    }
    trace_virtio_gpio_acrn_names(n);
    return n;
}

static unsigned acrn_gpio_operation(VirtIOGPIOAcrn *s, VirtQueueElement *elem)
{
    AcrnGpioRequest req;
    AcrnGpioResponse rsp = { 0 };
    int ret;

    if (elem->out_num != 1 || elem->in_num != 1 ||
        iov_size(elem->out_sg, 1) != sizeof(req) ||
        iov_size(elem->in_sg, 1) != sizeof(rsp)) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: request must be "
                      "%zu readable then %zu writable bytes\n", sizeof(req),
                      sizeof(rsp));
        s->lines.stats.errors++;
        return ACRN_GPIO_USED_BAD_SIZE;
    }
    iov_to_buf(elem->out_sg, 1, 0, &req, sizeof(req));
    /* A response byte the command does not set keeps the guest's value. */
    iov_to_buf(elem->in_sg, 1, 1, &rsp.data, 1);
    ret = acrn_gpio_do_request(s, &req, &rsp);
    rsp.err = ret < 0 ? -1 : 0;
    s->lines.stats.errors += ret < 0;
    trace_virtio_gpio_acrn_request(req.cmd, req.offset,
                                   le64_to_cpu(req.data), rsp.err, rsp.data);
    iov_from_buf(elem->in_sg, 1, 0, &rsp, sizeof(rsp));
    return sizeof(rsp);
}

static void acrn_gpio_flush_events(VirtIOGPIOAcrn *s);

/*
 * Queue 0.  The guest polls for the answer right after its kick, so all
 * chains are answered here, synchronously; ACRN raises no interrupt.
 */
static void acrn_gpio_handle_request(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOGPIOAcrn *s = VIRTIO_GPIO_ACRN(vdev);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        unsigned len;

        if (acrn_gpio_chain_indirect(vdev, vq, elem)) {
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: indirect "
                          "descriptors were not offered\n");
            s->lines.stats.requests++;
            s->lines.stats.errors++;
            virtqueue_push(vq, elem, ACRN_GPIO_USED_BAD_COUNT);
            g_free(elem);
            continue;
        }
        switch (elem->out_num + elem->in_num) {
        case 1:
            len = acrn_gpio_names(s, elem);
            break;
        case 2:
            len = acrn_gpio_operation(s, elem);
            break;
        default:
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: request chain "
                          "has %u descriptors\n",
                          elem->out_num + elem->in_num);
            s->lines.stats.errors++;
            len = ACRN_GPIO_USED_BAD_COUNT;
            break;
        }
        s->lines.stats.requests++;
        virtqueue_push(vq, elem, len);
        g_free(elem);
    }
    acrn_gpio_flush_events(s);
}

/*
 * Queue 2: hand every fired line to the guest in one le64 bitmap.  The
 * guest posts buffers without kicking, so this runs whenever a line
 * fires and on every guest kick; with no buffer, lines wait in @pending.
 */
static void acrn_gpio_flush_events(VirtIOGPIOAcrn *s)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    VirtQueueElement *elem;
    bool done = false;

    while (s->pending &&
           (elem = virtqueue_pop(s->event_vq, sizeof(VirtQueueElement)))) {
        uint64_t bitmap = cpu_to_le64(s->pending);
        unsigned len = 0;

        if (elem->out_num == 0 && elem->in_num == 1 &&
            iov_size(elem->in_sg, 1) == sizeof(bitmap) &&
            !acrn_gpio_chain_indirect(vdev, s->event_vq, elem)) {
            iov_from_buf(elem->in_sg, 1, 0, &bitmap, sizeof(bitmap));
            trace_virtio_gpio_acrn_event(s->pending);
            s->lines.stats.events += ctpop64(s->pending);
            for (unsigned i = 0; i < s->lines.count; i++) {
                if (s->pending & (1ull << i)) {
                    gpio_line_irq_delivered(&s->lines, i);
                }
            }
            s->pending = 0;
            len = sizeof(bitmap);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: event buffer "
                          "must be one direct writable buffer of 8 "
                          "bytes\n");
        }
        virtqueue_push(s->event_vq, elem, len);
        g_free(elem);
        done = true;
    }
    if (done) {
        virtio_notify(vdev, s->event_vq);
    }
}

static void acrn_gpio_fire(void *opaque, unsigned i)
{
    VirtIOGPIOAcrn *s = opaque;

    s->pending |= 1ull << i;
    acrn_gpio_flush_events(s);
}

static void acrn_gpio_irq_action(VirtIOGPIOAcrn *s,
                                 const AcrnGpioIrqRequest *req)
{
    GpioLineSet *lines = &s->lines;
    unsigned pin = req->pin;

    trace_virtio_gpio_acrn_irq(req->action, pin, req->mode);
    if (pin >= lines->count) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: IRQ action on "
                      "line %u out of range (%u lines)\n", pin, lines->count);
        lines->stats.errors++;
        return;
    }
    switch (req->action) {
    case ACRN_GPIO_IRQ_ENABLE:
        if (gpio_line_irq_enable(lines, pin, req->mode, false) < 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: cannot enable "
                          "IRQ mode %u on line %u\n", req->mode, pin);
            lines->stats.errors++;
        }
        break;
    case ACRN_GPIO_IRQ_DISABLE:
        s->pending &= ~(1ull << pin);
        gpio_line_irq_disable(lines, pin);
        break;
    case ACRN_GPIO_IRQ_ACK:
        gpio_line_irq_ack(lines, pin);
        break;
    case ACRN_GPIO_IRQ_MASK:
        /* Never deliver a masked line: an undelivered one is owed again. */
        if (s->pending & (1ull << pin)) {
            s->pending &= ~(1ull << pin);
            gpio_line_irq_withdraw(lines, pin);
        }
        gpio_line_irq_mask(lines, pin);
        break;
    case ACRN_GPIO_IRQ_UNMASK:
        gpio_line_irq_unmask(lines, pin);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: unknown IRQ "
                      "action %u\n", req->action);
        lines->stats.errors++;
        break;
    }
}

/* Queue 1: every buffer goes back with an interrupt so the guest frees it. */
static void acrn_gpio_handle_irq(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOGPIOAcrn *s = VIRTIO_GPIO_ACRN(vdev);
    VirtQueueElement *elem;
    bool done = false;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        AcrnGpioIrqRequest req;

        if (elem->out_num == 1 && elem->in_num == 0 &&
            iov_size(elem->out_sg, 1) == sizeof(req) &&
            !acrn_gpio_chain_indirect(vdev, vq, elem)) {
            iov_to_buf(elem->out_sg, 1, 0, &req, sizeof(req));
            acrn_gpio_irq_action(s, &req);
        } else {
            s->lines.stats.errors++;
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: IRQ request "
                          "must be one direct readable buffer of 3 "
                          "bytes\n");
        }
        s->lines.stats.requests++;
        virtqueue_push(vq, elem, 1);
        g_free(elem);
        done = true;
    }
    if (done) {
        virtio_notify(vdev, vq);
    }
    acrn_gpio_flush_events(s);
}

static void acrn_gpio_handle_event(VirtIODevice *vdev, VirtQueue *vq)
{
    acrn_gpio_flush_events(VIRTIO_GPIO_ACRN(vdev));
}

static uint64_t acrn_gpio_get_features(VirtIODevice *vdev, uint64_t features,
                                       Error **errp)
{
    /* Exactly ACRN's offer: bit 0, no ring or transport features. */
    return 1ull << ACRN_GPIO_F_CHIP;
}

/*
 * PIO word of line @i: bit 0 the live level (the driven value if it
 * cannot be read), bit 1 input, bit 2 in IRQ mode, bits 16-23 the last
 * pinconf parameter applied.
 */
static uint32_t acrn_gpio_pio_read(VirtIOGPIOAcrn *s, unsigned i)
{
    const GpioLine *l = &s->lines.lines[i];
    int v = gpio_line_get_value(&s->lines, i);
    bool value = v >= 0 ? v : l->settings.value;

    return (value ? ACRN_GPIO_PIO_VALUE : 0) |
           (l->settings.output ? 0 : ACRN_GPIO_PIO_INPUT) |
           (l->irq_mode ? ACRN_GPIO_PIO_IRQ : 0) |
           s->pinconf[i] << ACRN_GPIO_PIO_CONFIG_SHIFT;
}

static void acrn_gpio_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOGPIOAcrn *s = VIRTIO_GPIO_ACRN(vdev);
    AcrnGpioConfig cfg = {
        .base = cpu_to_le16(s->base),
        .ngpio = cpu_to_le16(s->lines.count),
    };

    for (unsigned i = 0; i < GPIO_MAP_MAX_LINES; i++) {
        cfg.pio[i] = cpu_to_le32(i < s->lines.count ?
                                 acrn_gpio_pio_read(s, i) : UINT32_MAX);
    }
    memcpy(config, &cfg, sizeof(cfg));
    s->shadow = cfg;
}

/*
 * A guest write to line @i's PIO word, through the same engine calls and
 * the same checks as queue-0 requests: a pinconf parameter other than
 * the last one is applied like SET_CONFIG, then direction and value.
 * A word with the IRQ bit set is refused whole.
 */
static int acrn_gpio_pio_write(VirtIOGPIOAcrn *s, unsigned i, uint32_t pio)
{
    GpioLineSet *lines = &s->lines;
    const GpioLineSettings *st = &lines->lines[i].settings;
    uint8_t param = (pio & ACRN_GPIO_PIO_CONFIG_MASK) >>
                    ACRN_GPIO_PIO_CONFIG_SHIFT;
    bool value = pio & ACRN_GPIO_PIO_VALUE;
    int ret;

    if (pio & ACRN_GPIO_PIO_IRQ) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-gpio-acrn: PIO write to "
                      "line %u sets the IRQ bit: refused\n", i);
        return -EINVAL;
    }
    if (param != s->pinconf[i]) {
        ret = acrn_gpio_set_config(lines, i, param);
        if (ret < 0) {
            return ret;
        }
        s->pinconf[i] = param;
    }
    if (pio & ACRN_GPIO_PIO_INPUT) {
        return st->output ? gpio_line_set_input(lines, i) : 0;
    }
    if (!st->output) {
        return gpio_line_set_output(lines, i, value);
    }
    return st->value == value ? 0 : gpio_line_set_value(lines, i, value);
}

/*
 * Config writes: the virtio core stores the guest's bytes in @config;
 * the words that differ from what the guest last saw are its writes.
 * Offsets 0-3 (base, ngpio) and lines beyond ngpio are read-only.
 */
static void acrn_gpio_write_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOGPIOAcrn *s = VIRTIO_GPIO_ACRN(vdev);
    AcrnGpioConfig cfg;

    memcpy(&cfg, config, sizeof(cfg));
    for (unsigned i = 0; i < s->lines.count; i++) {
        uint32_t pio = le32_to_cpu(cfg.pio[i]);
        int ret;

        if (cfg.pio[i] == s->shadow.pio[i]) {
            continue;
        }
        ret = acrn_gpio_pio_write(s, i, pio);
        s->lines.stats.requests++;
        s->lines.stats.errors += ret < 0;
        trace_virtio_gpio_acrn_pio_write(i, pio, ret);
    }
    s->shadow = cfg;
}

typedef struct AcrnGpioRange {
    VirtIOGPIOAcrn *self;
    unsigned base, n;
    VirtIOGPIOAcrn *hit;    /* another instance whose numbers meet these */
} AcrnGpioRange;

static int acrn_gpio_find_overlap(Object *obj, void *opaque)
{
    AcrnGpioRange *r = opaque;
    VirtIOGPIOAcrn *o = (VirtIOGPIOAcrn *)
                        object_dynamic_cast(obj, TYPE_VIRTIO_GPIO_ACRN);

    if (o && o != r->self && DEVICE(o)->realized &&
        r->base < o->base + o->lines.count && o->base < r->base + r->n) {
        r->hit = o;
        return 1;
    }
    return 0;
}

/* The realized instance whose GPIO numbers meet [base, base + ngpio) */
static VirtIOGPIOAcrn *acrn_gpio_overlap(VirtIOGPIOAcrn *s, unsigned base)
{
    AcrnGpioRange r = { .self = s, .base = base, .n = s->lines.count };

    object_child_foreach_recursive(object_get_root(), acrn_gpio_find_overlap,
                                   &r);
    return r.hit;
}

/*
 * ACRN's guest driver uses base as the gpiochip's static base, so two
 * instances must not share GPIO numbers.  The first keeps 0, as ACRN.
 */
static bool acrn_gpio_choose_base(VirtIOGPIOAcrn *s, Error **errp)
{
    ERRP_GUARD();
    unsigned n = s->lines.count;
    VirtIOGPIOAcrn *o;

    if (s->base_prop == ACRN_GPIO_BASE_AUTO) {
        for (unsigned base = 0; base + n <= ACRN_GPIO_BASE_LIMIT;
             base += ACRN_GPIO_BASE_STEP) {
            if (!acrn_gpio_overlap(s, base)) {
                s->base = base;
                return true;
            }
        }
        error_setg(errp, "virtio-gpio-acrn: no free GPIO base below %u "
                   "for %u lines", ACRN_GPIO_BASE_LIMIT, n);
        error_append_hint(errp, "Give the device a base= of its own.\n");
        return false;
    }
    if (s->base_prop > UINT16_MAX + 1 - n) {
        error_setg(errp, "virtio-gpio-acrn: base=%u with %u lines goes "
                   "beyond GPIO number %u", s->base_prop, n, UINT16_MAX);
        return false;
    }
    o = acrn_gpio_overlap(s, s->base_prop);
    if (o) {
        g_autofree char *path = object_get_canonical_path(OBJECT(o));

        error_setg(errp, "virtio-gpio-acrn: base=%u would give GPIO numbers "
                   "%u-%u, which overlap %u-%u of %s", s->base_prop,
                   s->base_prop, s->base_prop + n - 1, o->base,
                   o->base + o->lines.count - 1, path);
        return false;
    }
    s->base = s->base_prop;
    return true;
}

static void acrn_gpio_realize(DeviceState *dev, Error **errp)
{
    ERRP_GUARD();
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOGPIOAcrn *s = VIRTIO_GPIO_ACRN(dev);
    g_autofree char *consumer = NULL;

    if (!s->map) {
        error_setg(errp, "virtio-gpio-acrn: property 'map' is required, "
                   "e.g. map=@gpiochip0{1:6:reset}");
        return;
    }
    consumer = gpio_line_consumer(dev, "virtio-gpio-acrn");
    if (!gpio_line_set_init(&s->lines, OBJECT(dev), s->map, consumer,
                            acrn_gpio_fire, s,
                            errp)) {
        error_prepend(errp, "virtio-gpio-acrn: map '%s': ", s->map);
        return;
    }
    if (!acrn_gpio_choose_base(s, errp)) {
        gpio_line_set_cleanup(&s->lines);
        return;
    }
    trace_virtio_gpio_acrn_base(s->base, s->lines.count);

    virtio_init(vdev, VIRTIO_ID_GPIO_ACRN, sizeof(AcrnGpioConfig));
    s->request_vq = virtio_add_queue(vdev, ACRN_GPIO_QUEUE_SIZE,
                                     acrn_gpio_handle_request);
    s->irq_vq = virtio_add_queue(vdev, ACRN_GPIO_QUEUE_SIZE,
                                 acrn_gpio_handle_irq);
    s->event_vq = virtio_add_queue(vdev, ACRN_GPIO_QUEUE_SIZE,
                                   acrn_gpio_handle_event);
}

static void acrn_gpio_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOGPIOAcrn *s = VIRTIO_GPIO_ACRN(dev);

    /* No line fires once its host line is given back. */
    gpio_line_set_cleanup(&s->lines);
    virtio_delete_queue(s->request_vq);
    virtio_delete_queue(s->irq_vq);
    virtio_delete_queue(s->event_vq);
    virtio_cleanup(vdev);
}

/* A guest reboot starts from the lines as QEMU found them (ACRN's B9). */
static void acrn_gpio_reset(VirtIODevice *vdev)
{
    VirtIOGPIOAcrn *s = VIRTIO_GPIO_ACRN(vdev);

    s->pending = 0;
    memset(s->pinconf, 0, sizeof(s->pinconf));
    gpio_line_set_reset(&s->lines);
}

static bool acrn_gpio_pending_needed(void *opaque)
{
    VirtIOGPIOAcrn *s = opaque;

    return s->pending != 0;
}

/* Fired lines waiting for an event buffer */
static const VMStateDescription vmstate_acrn_gpio_pending = {
    .name = "virtio-gpio-acrn-device/pending",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = acrn_gpio_pending_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(pending, VirtIOGPIOAcrn),
        VMSTATE_END_OF_LIST()
    },
};

static int acrn_gpio_post_load(void *opaque, int version_id)
{
    VirtIOGPIOAcrn *s = opaque;

    if (s->base_prop != ACRN_GPIO_BASE_AUTO && s->base_prop != s->base) {
        error_report("virtio-gpio-acrn: the source's GPIO base is %u, this "
                     "device's base=%u", s->base, s->base_prop);
        return -EINVAL;
    }
    /* Only lines that exist can wait for the guest. */
    if (s->lines.count < 64 && s->pending >> s->lines.count) {
        error_report("virtio-gpio-acrn: pending lines 0x%" PRIx64 " beyond "
                     "the device's %u", s->pending, s->lines.count);
        return -EINVAL;
    }
    return 0;
}

/*
 * Device state, inside the virtio core's.  The guest saw the source's
 * GPIO base, so that base comes along.
 */
static const VMStateDescription vmstate_acrn_gpio_device = {
    .name = "virtio-gpio-acrn-device",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = acrn_gpio_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(lines, VirtIOGPIOAcrn, 1, vmstate_gpio_line_set,
                       GpioLineSet),
        VMSTATE_UINT16(base, VirtIOGPIOAcrn),
        VMSTATE_UINT8_ARRAY(pinconf, VirtIOGPIOAcrn, GPIO_MAP_MAX_LINES),
        VMSTATE_BUFFER_UNSAFE(shadow, VirtIOGPIOAcrn, 0,
                              sizeof(AcrnGpioConfig)),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_acrn_gpio_pending,
        NULL
    },
};

static const VMStateDescription vmstate_acrn_gpio = {
    .name = "virtio-gpio-acrn",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    },
};

static const Property acrn_gpio_properties[] = {
    DEFINE_PROP_STRING("map", VirtIOGPIOAcrn, map),
    DEFINE_PROP_UINT32("base", VirtIOGPIOAcrn, base_prop, ACRN_GPIO_BASE_AUTO),
};

static void acrn_gpio_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    device_class_set_props(dc, acrn_gpio_properties);
    dc->vmsd = &vmstate_acrn_gpio;
    vdc->vmsd = &vmstate_acrn_gpio_device;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    vdc->realize = acrn_gpio_realize;
    vdc->unrealize = acrn_gpio_unrealize;
    vdc->get_features = acrn_gpio_get_features;
    vdc->get_config = acrn_gpio_get_config;
    vdc->set_config = acrn_gpio_write_config;
    vdc->reset = acrn_gpio_reset;
}

static const TypeInfo acrn_gpio_info = {
    .name = TYPE_VIRTIO_GPIO_ACRN,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOGPIOAcrn),
    .class_init = acrn_gpio_class_init,
};

static void acrn_gpio_register_types(void)
{
    type_register_static(&acrn_gpio_info);
}

type_init(acrn_gpio_register_types)

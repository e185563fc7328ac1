/*
 * Host GPIO chips through libgpiod v2
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A chip backend for the Linux GPIO character devices.  The map token is
 * a /dev name ("gpiochip0"), an absolute path or a chip label.  Each line
 * is held by a line request of its own, taken as the line is (direction,
 * value, drive and bias kept) and changed afterwards only by reconfiguring
 * that request, never by releasing it.  A debounce period is the
 * kernel's: it applies to input lines, so an output line's period waits
 * in the engine's settings until the line is an input again.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "hw/gpio/gpio-chip.h"
#include <gpiod.h>

#define TYPE_GPIO_HOST_CHIP "gpio-host-chip"
OBJECT_DECLARE_SIMPLE_TYPE(GpioHostChip, GPIO_HOST_CHIP)

/* Edge events read per call; the kernel queues more behind them. */
#define HOST_EVENT_BATCH 16

struct GpioHostChip {
    GpioChip parent_obj;

    struct gpiod_chip *chip;
    char *path;
    unsigned num_lines;
};

typedef struct GpioHostRequest {
    GpioLineRequest parent;

    struct gpiod_line_request *req;
    struct gpiod_edge_event_buffer *events;
} GpioHostRequest;

static GpioHostChip *host_chip(GpioChip *chip)
{
    return GPIO_HOST_CHIP(chip);
}

static GpioHostRequest *host_req(GpioLineRequest *req)
{
    return container_of(req, GpioHostRequest, parent);
}

static unsigned host_num_lines(GpioChip *chip)
{
    return host_chip(chip)->num_lines;
}

static const char *host_path(GpioChip *chip)
{
    return host_chip(chip)->path;
}

static GpioDrive drive_from_gpiod(enum gpiod_line_drive d)
{
    switch (d) {
    case GPIOD_LINE_DRIVE_OPEN_DRAIN:
        return GPIO_DRIVE_OPEN_DRAIN;
    case GPIOD_LINE_DRIVE_OPEN_SOURCE:
        return GPIO_DRIVE_OPEN_SOURCE;
    default:
        return GPIO_DRIVE_PUSH_PULL;
    }
}

static GpioBias bias_from_gpiod(enum gpiod_line_bias b)
{
    switch (b) {
    case GPIOD_LINE_BIAS_DISABLED:
        return GPIO_BIAS_DISABLED;
    case GPIOD_LINE_BIAS_PULL_UP:
        return GPIO_BIAS_PULL_UP;
    case GPIOD_LINE_BIAS_PULL_DOWN:
        return GPIO_BIAS_PULL_DOWN;
    default:
        return GPIO_BIAS_AS_IS;
    }
}

static void host_line_info(GpioChip *chip, unsigned offset,
                           GpioLineInfo *info)
{
    struct gpiod_line_info *li;

    memset(info, 0, sizeof(*info));
    li = gpiod_chip_get_line_info(host_chip(chip)->chip, offset);
    if (!li) {
        return;
    }
    pstrcpy(info->name, sizeof(info->name),
            gpiod_line_info_get_name(li) ?: "");
    pstrcpy(info->consumer, sizeof(info->consumer),
            gpiod_line_info_get_consumer(li) ?: "");
    info->used = gpiod_line_info_is_used(li);
    info->output = gpiod_line_info_get_direction(li) ==
                   GPIOD_LINE_DIRECTION_OUTPUT;
    info->drive = drive_from_gpiod(gpiod_line_info_get_drive(li));
    info->bias = bias_from_gpiod(gpiod_line_info_get_bias(li));
    info->debounce_us = gpiod_line_info_get_debounce_period_us(li);
    gpiod_line_info_free(li);
}

/*
 * Settings as libgpiod wants them; NULL keeps the line's direction and
 * value, for the first request.  Later the engine says what it wants.
 */
static struct gpiod_line_settings *settings_to_gpiod(const GpioLineSettings *s)
{
    struct gpiod_line_settings *ls = gpiod_line_settings_new();
    static const enum gpiod_line_drive drive[] = {
        [GPIO_DRIVE_PUSH_PULL] = GPIOD_LINE_DRIVE_PUSH_PULL,
        [GPIO_DRIVE_OPEN_DRAIN] = GPIOD_LINE_DRIVE_OPEN_DRAIN,
        [GPIO_DRIVE_OPEN_SOURCE] = GPIOD_LINE_DRIVE_OPEN_SOURCE,
    };
    static const enum gpiod_line_bias bias[] = {
        [GPIO_BIAS_AS_IS] = GPIOD_LINE_BIAS_AS_IS,
        [GPIO_BIAS_DISABLED] = GPIOD_LINE_BIAS_DISABLED,
        [GPIO_BIAS_PULL_UP] = GPIOD_LINE_BIAS_PULL_UP,
        [GPIO_BIAS_PULL_DOWN] = GPIOD_LINE_BIAS_PULL_DOWN,
    };
    enum gpiod_line_edge edge = GPIOD_LINE_EDGE_NONE;

    if (!ls) {
        return NULL;
    }
    /* The kernel takes bias and drive only with an explicit direction. */
    if (!s) {
        gpiod_line_settings_set_direction(ls, GPIOD_LINE_DIRECTION_AS_IS);
        return ls;
    }
    gpiod_line_settings_set_bias(ls, bias[s->bias]);
    if (s->output) {
        gpiod_line_settings_set_direction(ls, GPIOD_LINE_DIRECTION_OUTPUT);
        gpiod_line_settings_set_drive(ls, drive[s->drive]);
        gpiod_line_settings_set_output_value(ls, s->value ?
                                             GPIOD_LINE_VALUE_ACTIVE :
                                             GPIOD_LINE_VALUE_INACTIVE);
        return ls;
    }
    gpiod_line_settings_set_direction(ls, GPIOD_LINE_DIRECTION_INPUT);
    /*
     * The kernel debounces in hardware when the chip can, else in
     * software (gpiolib-cdev): edge events and values read alike.
     */
    gpiod_line_settings_set_debounce_period_us(ls, s->debounce_us);
    if (s->edges == GPIO_EDGE_BOTH) {
        edge = GPIOD_LINE_EDGE_BOTH;
    } else if (s->edges & GPIO_EDGE_RISING) {
        edge = GPIOD_LINE_EDGE_RISING;
    } else if (s->edges & GPIO_EDGE_FALLING) {
        edge = GPIOD_LINE_EDGE_FALLING;
    }
    gpiod_line_settings_set_edge_detection(ls, edge);
    return ls;
}

/* The line config of a request's one line; @set NULL: as it is. */
static struct gpiod_line_config *request_config(unsigned offset,
                                                const GpioLineSettings *set)
{
    struct gpiod_line_config *lc = gpiod_line_config_new();
    struct gpiod_line_settings *ls = settings_to_gpiod(set);

    if (!lc || !ls ||
        gpiod_line_config_add_line_settings(lc, &offset, 1, ls) < 0) {
        gpiod_line_config_free(lc);
        lc = NULL;
    }
    gpiod_line_settings_free(ls);
    return lc;
}

static void host_release(GpioLineRequest *req)
{
    GpioHostRequest *r = host_req(req);

    if (r->req) {
        gpiod_line_request_release(r->req);
    }
    gpiod_edge_event_buffer_free(r->events);
    object_unref(OBJECT(req->chip));
    g_free(r);
}

static GpioLineRequest *host_request(GpioChip *chip, unsigned offset,
                                     const char *consumer, Error **errp)
{
    GpioHostChip *hc = host_chip(chip);
    GpioHostRequest *r = g_new0(GpioHostRequest, 1);
    struct gpiod_request_config *rc = NULL;
    struct gpiod_line_config *lc = NULL;

    r->parent.chip = chip;
    r->parent.offset = offset;
    object_ref(OBJECT(chip));
    lc = request_config(offset, NULL);
    rc = gpiod_request_config_new();
    r->events = gpiod_edge_event_buffer_new(HOST_EVENT_BATCH);
    if (!lc || !rc || !r->events) {
        error_setg(errp, "out of memory requesting lines of GPIO chip %s",
                   hc->path);
        goto fail;
    }
    gpiod_request_config_set_consumer(rc, consumer);
    r->req = gpiod_chip_request_lines(hc->chip, rc, lc);
    if (!r->req) {
        error_setg_errno(errp, errno, "cannot request line %u of GPIO "
                         "chip %s as '%s'", offset, hc->path, consumer);
        goto fail;
    }
    gpiod_request_config_free(rc);
    gpiod_line_config_free(lc);
    return &r->parent;

fail:
    gpiod_request_config_free(rc);
    gpiod_line_config_free(lc);
    host_release(&r->parent);
    return NULL;
}

static bool host_reconfigure(GpioLineRequest *req, const GpioLineSettings *s,
                             Error **errp)
{
    GpioHostRequest *r = host_req(req);
    struct gpiod_line_config *lc;
    int ret;

    lc = request_config(req->offset, s);
    if (!lc) {
        error_setg(errp, "out of memory reconfiguring a GPIO line");
        return false;
    }
    ret = gpiod_line_request_reconfigure_lines(r->req, lc);
    gpiod_line_config_free(lc);
    if (ret < 0) {
        error_setg_errno(errp, errno, "cannot reconfigure line %u of GPIO "
                         "chip %s", req->offset, host_chip(req->chip)->path);
        return false;
    }
    return true;
}

static int host_get_value(GpioLineRequest *req)
{
    GpioHostRequest *r = host_req(req);
    enum gpiod_line_value v = gpiod_line_request_get_value(r->req,
                                                           req->offset);

    if (v == GPIOD_LINE_VALUE_ERROR) {
        return -errno;
    }
    return v == GPIOD_LINE_VALUE_ACTIVE;
}

static int host_set_value(GpioLineRequest *req, bool value)
{
    GpioHostRequest *r = host_req(req);

    if (gpiod_line_request_set_value(r->req, req->offset,
                                     value ? GPIOD_LINE_VALUE_ACTIVE :
                                     GPIOD_LINE_VALUE_INACTIVE) < 0) {
        return -errno;
    }
    return 0;
}

static int host_event_fd(GpioLineRequest *req)
{
    return gpiod_line_request_get_fd(host_req(req)->req);
}

/* Non-blocking: reads only what is already queued. */
static int host_read_events(GpioLineRequest *req, GpioEdgeEvent *ev,
                            unsigned max)
{
    GpioHostRequest *r = host_req(req);
    int ready, n;

    ready = gpiod_line_request_wait_edge_events(r->req, 0);
    if (ready <= 0) {
        return ready < 0 ? -errno : 0;
    }
    n = gpiod_line_request_read_edge_events(r->req, r->events,
                                            MIN(max, HOST_EVENT_BATCH));
    if (n < 0) {
        return -errno;
    }
    for (int k = 0; k < n; k++) {
        struct gpiod_edge_event *e =
            gpiod_edge_event_buffer_get_event(r->events, k);

        ev[k].rising = gpiod_edge_event_get_event_type(e) ==
                       GPIOD_EDGE_EVENT_RISING_EDGE;
        ev[k].timestamp_ns = gpiod_edge_event_get_timestamp_ns(e);
    }
    return n;
}

static bool host_open_path(GpioHostChip *hc, const char *path, Error **errp)
{
    ERRP_GUARD();
    struct gpiod_chip_info *info;

    hc->chip = gpiod_chip_open(path);
    if (!hc->chip) {
        int err = errno;

        if (err == EACCES || err == EPERM) {
            error_setg_errno(errp, err, "cannot open GPIO chip %s", path);
            error_append_hint(errp, "QEMU needs read and write access to "
                              "%s (run as root, or add the user to the "
                              "group that owns it)\n", path);
        } else if (err == ENOENT) {
            error_setg(errp, "no GPIO chip %s: the file does not exist",
                       path);
        } else if (err == ENOTTY || err == ENODEV || err == EINVAL) {
            error_setg(errp, "%s is not a GPIO character device", path);
        } else {
            error_setg_errno(errp, err, "cannot open GPIO chip %s", path);
        }
        return false;
    }
    info = gpiod_chip_get_info(hc->chip);
    if (!info) {
        error_setg_errno(errp, errno, "cannot read GPIO chip %s", path);
        return false;
    }
    hc->num_lines = gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    hc->path = g_strdup(path);
    return true;
}

/* The /dev/gpiochipN whose label is @label, or NULL. */
static char *host_find_label(const char *label, bool *denied)
{
    g_autoptr(GDir) dir = g_dir_open("/dev", 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename("/dev", name, NULL);
        struct gpiod_chip *chip;
        struct gpiod_chip_info *info;
        bool match;

        if (!g_str_has_prefix(name, "gpiochip") ||
            !gpiod_is_gpiochip_device(path)) {
            continue;
        }
        chip = gpiod_chip_open(path);
        if (!chip) {
            *denied |= errno == EACCES || errno == EPERM;
            continue;
        }
        info = gpiod_chip_get_info(chip);
        match = info && !strcmp(gpiod_chip_info_get_label(info), label);
        gpiod_chip_info_free(info);
        gpiod_chip_close(chip);
        if (match) {
            return g_steal_pointer(&path);
        }
    }
    return NULL;
}

GpioChip *gpio_host_chip_open(const char *token, Error **errp)
{
    ERRP_GUARD();
    g_autofree char *path = NULL;
    GpioHostChip *hc;
    bool denied = false;

    if (token[0] == '/') {
        path = g_strdup(token);
    } else {
        path = g_build_filename("/dev", token, NULL);
        if (!strchr(token, '/') && !g_file_test(path, G_FILE_TEST_EXISTS)) {
            g_free(path);
            path = host_find_label(token, &denied);
            if (!path) {
                error_setg(errp, "no GPIO chip '%s': not the id of a gpio-sim "
                           "object, not a device in /dev and not the label "
                           "of any host GPIO chip%s", token,
                           denied ? " that QEMU may open" : "");
                error_append_hint(errp, "List host chips with gpiodetect, or "
                                  "create a simulated chip with "
                                  "-object gpio-sim,id=%s,lines=N\n", token);
                return NULL;
            }
        }
    }
    hc = GPIO_HOST_CHIP(object_new(TYPE_GPIO_HOST_CHIP));
    if (!host_open_path(hc, path, errp)) {
        object_unref(OBJECT(hc));
        return NULL;
    }
    return GPIO_CHIP(hc);
}

static void host_chip_finalize(Object *obj)
{
    GpioHostChip *hc = GPIO_HOST_CHIP(obj);

    if (hc->chip) {
        gpiod_chip_close(hc->chip);
    }
    g_free(hc->path);
}

static void host_chip_class_init(ObjectClass *klass, const void *data)
{
    GpioChipClass *gc = GPIO_CHIP_CLASS(klass);

    gc->num_lines = host_num_lines;
    gc->line_info = host_line_info;
    gc->path = host_path;
    gc->request = host_request;
    gc->release = host_release;
    gc->reconfigure = host_reconfigure;
    gc->get_value = host_get_value;
    gc->set_value = host_set_value;
    gc->event_fd = host_event_fd;
    gc->read_events = host_read_events;
}

static const TypeInfo host_chip_info = {
    .name = TYPE_GPIO_HOST_CHIP,
    .parent = TYPE_GPIO_CHIP,
    .instance_size = sizeof(GpioHostChip),
    .instance_finalize = host_chip_finalize,
    .class_init = host_chip_class_init,
};

static void host_chip_register_types(void)
{
    type_register_static(&host_chip_info);
}

type_init(host_chip_register_types)

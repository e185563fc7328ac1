/*
 * GPIO line engine: the lines a guest sees, on top of chip backends
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "hw/gpio/gpio-lines.h"
#include "hw/qdev-core.h"
#include "system/runstate.h"
#include "trace.h"

/*
 * Edge events handled per line per main-loop wake-up.  A host line that
 * toggles faster than this cannot starve the main loop: the rest wait
 * in the kernel (or the simulated chip) for the next wake-up, and the
 * guest loses nothing, as edges coalesce into the line's latch anyway.
 */
#define GPIO_LINE_EVENT_BUDGET 64
/* Edge events read per line before a save: what is queued, in practice */
#define GPIO_LINE_DRAIN_BUDGET 1024

static GpioChipClass *line_class(GpioLine *l)
{
    return GPIO_CHIP_GET_CLASS(l->chip);
}

/* Resolve one map entry to a chip and offset, checking it is free. */
static bool resolve_entry(GpioLineSet *s, const GpioMapEntry *e,
                          GpioLine *l, bool incoming, Error **errp)
{
    ERRP_GUARD();
    GpioLineInfo info;
    unsigned n;

    l->chip = gpio_chip_find(e->chip, errp);
    if (!l->chip) {
        error_prepend(errp, "chip at column %u of map: ", e->chip_pos);
        return false;
    }
    /*
     * Two tokens may name one chip ("gpiochip0", "/dev/gpiochip0", its
     * label): share the first instance, so a line is known as one line.
     */
    for (unsigned i = 0; i < s->count; i++) {
        if (s->lines[i].chip != l->chip &&
            !strcmp(gpio_chip_identity(s->lines[i].chip),
                    gpio_chip_identity(l->chip))) {
            object_unref(OBJECT(l->chip));
            l->chip = s->lines[i].chip;
            object_ref(OBJECT(l->chip));
            break;
        }
    }

    n = line_class(l)->num_lines(l->chip);
    if (e->line_name) {
        int off = gpio_chip_find_line(l->chip, e->line_name);

        if (off < 0) {
            error_setg(errp, "chip '%s' has no line named '%s' (column %u of "
                       "map)", e->chip, e->line_name, e->pos);
            return false;
        }
        l->chip_offset = off;
    } else if (e->offset >= n) {
        error_setg(errp, "line offset %u at column %u of map is out of "
                   "range: chip '%s' has %u lines (0 to %u)", e->offset,
                   e->pos, e->chip, n, n - 1);
        return false;
    } else {
        l->chip_offset = e->offset;
    }

    for (unsigned i = 0; i < s->count; i++) {
        if (s->lines[i].chip == l->chip &&
            s->lines[i].chip_offset == l->chip_offset) {
            error_setg(errp, "line %u of chip '%s' is mapped twice: the "
                       "entry at column %u repeats an earlier one",
                       l->chip_offset, e->chip, e->pos);
            return false;
        }
    }

    line_class(l)->line_info(l->chip, l->chip_offset, &info);
    /*
     * An incoming migration's source, on this host, holds it under the
     * same label until the switch-over; any other holder is an error now.
     */
    if (info.used && (!incoming || strncmp(info.consumer, s->consumer,
                                           sizeof(info.consumer) - 1))) {
        error_setg(errp, "line %u of chip '%s' (column %u of map) is busy: "
                   "used by '%s'", l->chip_offset, e->chip, e->pos,
                   info.consumer);
        return false;
    }
    pstrcpy(l->name, sizeof(l->name), e->alias ? e->alias : info.name);
    return true;
}

static void line_fire(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];

    l->in_service = true;
    l->delivered = false;
    l->latched = false;
    /* How long since the edge behind this fire (benchmarks read it) */
    if (trace_event_get_state_backends(TRACE_GPIO_LINE_IRQ_FIRE)) {
        trace_gpio_line_irq_fire(i, l->edge_ns ? get_clock() - l->edge_ns
                                               : -1);
    }
    l->edge_ns = 0;
    s->fire(s->opaque, i);
}

static bool level_mode(GpioIrqMode mode)
{
    return mode == GPIO_IRQ_LEVEL_HIGH || mode == GPIO_IRQ_LEVEL_LOW;
}

/* Fire what is owed: a latched edge, or a level that is still active. */
static void line_retrigger(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];
    int v;

    if (s->frozen || l->masked || l->in_service ||
        l->irq_mode == GPIO_IRQ_NONE) {
        return;
    }
    if (l->latched) {
        line_fire(s, i);
        return;
    }
    if (level_mode(l->irq_mode)) {
        /* The level is re-read live, never taken from a cache. */
        v = gpio_line_get_value(s, i);
        if (v >= 0 && v == (l->irq_mode == GPIO_IRQ_LEVEL_HIGH)) {
            line_fire(s, i);
        }
    }
}

static void line_edge(GpioLineSet *s, unsigned i, bool rising,
                      uint64_t timestamp_ns)
{
    GpioLine *l = &s->lines[i];

    trace_gpio_line_edge(i, rising);
    if (timestamp_ns < l->armed_ns) {
        /* Queued before the guest last changed the line's interrupt. */
        trace_gpio_line_edge_stale(i, l->armed_ns - timestamp_ns);
        return;
    }
    if (level_mode(l->irq_mode)) {
        uint64_t prev = l->edge_ns;

        l->edge_ns = prev ? prev : timestamp_ns;
        line_retrigger(s, i);
        if (l->edge_ns) {
            /* It did not fire: this edge made no interrupt. */
            l->edge_ns = prev;
        }
    } else if (l->irq_mode & (rising ? GPIO_IRQ_EDGE_RISING
                                     : GPIO_IRQ_EDGE_FALLING)) {
        if (!l->edge_ns) {
            l->edge_ns = timestamp_ns;
        }
        l->latched = true;
        line_retrigger(s, i);
    }
}

/*
 * Read up to about @budget edge events of one line's request (whole
 * batches of 16); the rest stay queued, the fd readable.
 */
static void line_pull_events(GpioLine *l, unsigned budget)
{
    GpioLineSet *s = l->set;
    GpioLineRequest *req = l->req;
    GpioEdgeEvent ev[16];
    int n;

    do {
        n = GPIO_CHIP_GET_CLASS(req->chip)->read_events(req, ev,
                                                        ARRAY_SIZE(ev));
        if (n < 0 && n != -EAGAIN && n != -EINTR) {
            /*
             * The chip is gone (a USB adapter unplugged, say): stop
             * watching it.  Requests on its lines now fail one by one.
             */
            int fd = GPIO_CHIP_GET_CLASS(req->chip)->event_fd(req);

            trace_gpio_line_chip_lost(gpio_chip_identity(req->chip), -n);
            if (fd >= 0) {
                qemu_set_fd_handler(fd, NULL, NULL, NULL);
            }
            return;
        }
        for (int k = 0; k < n; k++) {
            line_edge(s, l - s->lines, ev[k].rising, ev[k].timestamp_ns);
        }
        budget -= MAX(n, 0);
    } while (n == ARRAY_SIZE(ev) && budget >= ARRAY_SIZE(ev));
}

/* fd handler: at most GPIO_LINE_EVENT_BUDGET events per wake-up */
static void line_read_events(void *opaque)
{
    line_pull_events(opaque, GPIO_LINE_EVENT_BUDGET);
}

/*
 * Each line has a request of its own, so one line can be released (the
 * standard protocol's DIRECTION_NONE) without touching the others.
 */
static bool line_acquire(GpioLineSet *s, unsigned i, Error **errp)
{
    GpioLine *l = &s->lines[i];
    GpioLineInfo info;
    int fd;

    l->req = line_class(l)->request(l->chip, l->chip_offset, s->consumer,
                                    errp);
    if (!l->req) {
        return false;
    }
    l->set = s;
    /*
     * Taken as it is now: direction, drive, bias and debounce period as
     * the chip says.
     */
    line_class(l)->line_info(l->chip, l->chip_offset, &info);
    l->settings.output = info.output;
    l->settings.drive = info.drive;
    l->settings.bias = info.bias;
    l->settings.debounce_us = info.debounce_us;
    l->settings.edges = 0;
    fd = line_class(l)->event_fd(l->req);
    if (fd >= 0) {
        qemu_set_fd_handler(fd, line_read_events, NULL, l);
    }
    return true;
}

static void line_release(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];
    int fd;

    if (!l->req) {
        return;
    }
    fd = line_class(l)->event_fd(l->req);
    if (fd >= 0) {
        qemu_set_fd_handler(fd, NULL, NULL, NULL);
    }
    line_class(l)->release(l->req);
    l->req = NULL;
}

char *gpio_line_consumer(DeviceState *dev, const char *fallback)
{
    BusState *bus = qdev_get_parent_bus(dev);
    const char *id = dev->id;

    /* A virtio device sits on its proxy's bus: the user named the proxy. */
    if (!id && bus && bus->parent) {
        id = bus->parent->id;
    }
    return g_strdup_printf("qemu:%s", id ? id : fallback);
}

bool gpio_line_set_init(GpioLineSet *s, Object *owner, const char *map,
                        const char *consumer, GpioIrqFireFn *fire,
                        void *opaque, Error **errp)
{
    g_autoptr(GpioMap) m = gpio_map_parse(map, errp);
    bool incoming = runstate_check(RUN_STATE_INMIGRATE);

    memset(s, 0, sizeof(*s));
    s->fire = fire;
    s->opaque = opaque;
    if (!m) {
        return false;
    }
    s->consumer = g_strdup(consumer);
    for (unsigned i = 0; i < m->count; i++) {
        if (!resolve_entry(s, &m->entries[i], &s->lines[i], incoming,
                           errp)) {
            /* Count the failed entry so its chip reference is dropped. */
            s->count = i + 1;
            gpio_line_set_cleanup(s);
            return false;
        }
        s->count = i + 1;
    }
    /*
     * An incoming migration brings the lines' state, and the source holds
     * them until the switch-over: park them until then.
     */
    s->frozen = incoming;
    for (unsigned i = 0; i < s->count; i++) {
        GpioLine *l = &s->lines[i];
        int v;

        l->set = s;
        if (incoming) {
            l->parked = true;
        } else if (!line_acquire(s, i, errp)) {
            gpio_line_set_cleanup(s);
            return false;
        } else {
            v = line_class(l)->get_value(l->req);
            l->settings.value = v > 0;
            l->start = l->settings;
        }
        trace_gpio_line_map(i, gpio_chip_identity(l->chip), l->chip_offset,
                            l->name);
    }
    s->owner = owner;
    gpio_qmp_register(s);
    gpio_line_set_migration_init(s);
    return true;
}

void gpio_line_set_cleanup(GpioLineSet *s)
{
    if (s->owner) {
        gpio_line_set_migration_cleanup(s);
        gpio_qmp_unregister(s);
    }
    for (unsigned i = 0; i < s->count; i++) {
        line_release(s, i);
        if (s->lines[i].chip) {
            object_unref(OBJECT(s->lines[i].chip));
        }
    }
    g_free(s->consumer);
    memset(s, 0, sizeof(*s));
}

/* Edges queued before now belong to the old interrupt mode. */
static void line_irq_rearm(GpioLine *l)
{
    l->in_service = false;
    l->delivered = false;
    l->latched = false;
    l->edge_ns = 0;
    l->armed_ns = get_clock();
}

static void line_irq_clear(GpioLine *l)
{
    l->irq_mode = GPIO_IRQ_NONE;
    l->masked = false;
    line_irq_rearm(l);
}

static int apply(GpioLineSet *s, unsigned i, const GpioLineSettings *want)
{
    GpioLine *l = &s->lines[i];
    Error *err = NULL;

    if (!l->req) {
        return -ENODEV;
    }
    if (!line_class(l)->reconfigure(l->req, want, &err)) {
        trace_gpio_line_error(i, error_get_pretty(err));
        error_free(err);
        return -EIO;
    }
    l->settings = *want;
    return 0;
}

int gpio_line_get_value(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];

    if (!l->req) {
        return -ENODEV;
    }
    return line_class(l)->get_value(l->req);
}

int gpio_line_set_value(GpioLineSet *s, unsigned i, bool value)
{
    GpioLine *l = &s->lines[i];
    int ret;

    if (!l->req) {
        return -ENODEV;
    }
    ret = line_class(l)->set_value(l->req, value);
    if (ret == 0) {
        l->settings.value = value;
    }
    return ret;
}

int gpio_line_set_input(GpioLineSet *s, unsigned i)
{
    GpioLineSettings want = s->lines[i].settings;

    want.output = false;
    return apply(s, i, &want);
}

int gpio_line_set_output(GpioLineSet *s, unsigned i, bool value)
{
    GpioLineSettings want = s->lines[i].settings;

    /* An interrupt line is an input, as gpiolib insists. */
    if (s->lines[i].irq_mode != GPIO_IRQ_NONE) {
        return -EBUSY;
    }
    want.output = true;
    want.value = value;
    want.edges = 0;
    return apply(s, i, &want);
}

int gpio_line_set_drive(GpioLineSet *s, unsigned i, GpioDrive drive)
{
    GpioLineSettings want = s->lines[i].settings;

    want.drive = drive;
    return apply(s, i, &want);
}

int gpio_line_set_bias(GpioLineSet *s, unsigned i, GpioBias bias)
{
    GpioLineSettings want = s->lines[i].settings;

    want.bias = bias;
    return apply(s, i, &want);
}

int gpio_line_set_debounce(GpioLineSet *s, unsigned i, uint32_t period_us)
{
    GpioLineSettings want = s->lines[i].settings;

    want.debounce_us = period_us;
    return apply(s, i, &want);
}

int gpio_line_irq_enable(GpioLineSet *s, unsigned i, GpioIrqMode mode,
                         bool masked)
{
    GpioLine *l = &s->lines[i];
    GpioLineSettings want = l->settings;
    int ret;

    switch (mode) {
    case GPIO_IRQ_EDGE_RISING:
    case GPIO_IRQ_EDGE_FALLING:
    case GPIO_IRQ_EDGE_BOTH:
        want.edges = mode;
        break;
    case GPIO_IRQ_LEVEL_HIGH:
    case GPIO_IRQ_LEVEL_LOW:
        /* A level is tracked from both edges and re-read live. */
        want.edges = GPIO_EDGE_BOTH;
        break;
    default:
        return -EINVAL;
    }
    want.output = false;
    ret = apply(s, i, &want);
    if (ret < 0) {
        return ret;
    }
    l->irq_mode = mode;
    l->masked = masked;
    line_irq_rearm(l);
    /* A level already active fires now (ACRN waited for a toggle). */
    line_retrigger(s, i);
    return 0;
}

void gpio_line_irq_disable(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];
    GpioLineSettings want = l->settings;

    want.edges = 0;
    apply(s, i, &want);
    line_irq_clear(l);
}

void gpio_line_irq_mask(GpioLineSet *s, unsigned i)
{
    s->lines[i].masked = true;
}

void gpio_line_irq_unmask(GpioLineSet *s, unsigned i)
{
    s->lines[i].masked = false;
    line_retrigger(s, i);
}

void gpio_line_irq_ack(GpioLineSet *s, unsigned i)
{
    s->lines[i].in_service = false;
    line_retrigger(s, i);
}

void gpio_line_irq_withdraw(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];

    if (!l->in_service) {
        return;
    }
    l->in_service = false;
    /* An edge is owed again; a level is re-read when it matters. */
    l->latched = !level_mode(l->irq_mode);
}

void gpio_line_irq_delivered(GpioLineSet *s, unsigned i)
{
    s->lines[i].delivered = s->lines[i].in_service;
}

bool gpio_line_irq_pending(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];

    return l->latched || (l->in_service && !l->delivered);
}

void gpio_line_stage_value(GpioLineSet *s, unsigned i, bool value)
{
    s->lines[i].settings.value = value;
}

bool gpio_line_held(GpioLineSet *s, unsigned i)
{
    return s->lines[i].req != NULL || s->lines[i].parked;
}

void gpio_line_release(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];

    line_irq_clear(l);
    l->settings.edges = 0;
    l->parked = false;
    line_release(s, i);
}

int gpio_line_acquire(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];
    Error *err = NULL;

    if (l->req) {
        return 0;
    }
    /* A value the guest staged meanwhile is kept for SET_DIRECTION(OUT). */
    if (!line_acquire(s, i, &err)) {
        trace_gpio_line_error(i, error_get_pretty(err));
        error_free(err);
        return -EBUSY;
    }
    l->parked = false;
    return 0;
}

static bool settings_equal(const GpioLineSettings *a,
                           const GpioLineSettings *b)
{
    return a->output == b->output && a->drive == b->drive &&
           a->bias == b->bias && a->edges == b->edges &&
           a->debounce_us == b->debounce_us &&
           (!a->output || a->value == b->value);
}

void gpio_line_set_reset(GpioLineSet *s)
{
    bool away = false;

    for (unsigned i = 0; i < s->count; i++) {
        away |= s->lines[i].parked && !s->lines[i].req;
    }
    for (unsigned i = 0; i < s->count; i++) {
        GpioLine *l = &s->lines[i];

        line_irq_clear(l);
        if (away) {
            /* Handed over: the start settings apply when taken back. */
            line_release(s, i);
            l->parked = true;
            l->settings = l->start;
            continue;
        }
        if (gpio_line_acquire(s, i) == 0 &&
            !settings_equal(&l->settings, &l->start)) {
            apply(s, i, &l->start);
        }
        /* An input's staged value is the guest's: forget it. */
        l->settings.value = l->start.value;
    }
}

/* Migration */

static void settings_save(GpioLineSettingsState *st,
                          const GpioLineSettings *s)
{
    st->output = s->output;
    st->value = s->value;
    st->drive = s->drive;
    st->bias = s->bias;
    st->edges = s->edges;
    st->debounce_us = s->debounce_us;
}

static bool settings_valid(const GpioLineSettingsState *st)
{
    return st->drive <= GPIO_DRIVE_OPEN_SOURCE &&
           st->bias <= GPIO_BIAS_PULL_DOWN && st->edges <= GPIO_EDGE_BOTH &&
           (!st->output || !st->edges);
}

static void settings_load(GpioLineSettings *s,
                          const GpioLineSettingsState *st)
{
    s->output = st->output;
    s->value = st->value;
    s->drive = st->drive;
    s->bias = st->bias;
    s->edges = st->edges;
    s->debounce_us = st->debounce_us;
}

/*
 * Read every edge the chips queued for held lines: they latch (nothing
 * fires while frozen) and so go in the saved state.
 */
static void line_set_drain(GpioLineSet *s)
{
    s->frozen = true;
    for (unsigned i = 0; i < s->count; i++) {
        if (s->lines[i].req) {
            /* bounded: a chip storming meanwhile cannot hold the save */
            line_pull_events(&s->lines[i], GPIO_LINE_DRAIN_BUDGET);
        }
    }
}

void gpio_line_set_save(GpioLineSet *s)
{
    line_set_drain(s);
    memset(s->saved, 0, sizeof(s->saved));
    s->saved_count = s->count;
    for (unsigned i = 0; i < s->count; i++) {
        GpioLine *l = &s->lines[i];
        GpioLineState *st = &s->saved[i];

        pstrcpy((char *)st->name, sizeof(st->name), l->name);
        st->offset = l->chip_offset;
        st->held = gpio_line_held(s, i);
        settings_save(&st->settings, &l->settings);
        settings_save(&st->start, &l->start);
        st->irq_mode = l->irq_mode;
        st->masked = l->masked;
        st->in_service = l->in_service;
        st->delivered = l->delivered;
        st->latched = l->latched;
    }
}

static bool irq_mode_valid(uint8_t mode)
{
    switch (mode) {
    case GPIO_IRQ_NONE:
    case GPIO_IRQ_EDGE_RISING:
    case GPIO_IRQ_EDGE_FALLING:
    case GPIO_IRQ_EDGE_BOTH:
    case GPIO_IRQ_LEVEL_HIGH:
    case GPIO_IRQ_LEVEL_LOW:
        return true;
    default:
        return false;
    }
}

/* The saved state fits this map: same lines, same names, sane values. */
static bool saved_state_fits(GpioLineSet *s, Error **errp)
{
    if (s->saved_count != s->count) {
        error_setg(errp, "the source has %u lines, this map %u",
                   s->saved_count, s->count);
        return false;
    }
    for (unsigned i = 0; i < s->count; i++) {
        GpioLineState *st = &s->saved[i];

        st->name[sizeof(st->name) - 1] = 0;
        if (strcmp((char *)st->name, s->lines[i].name)) {
            error_setg(errp, "line %u is named '%s' on the source but '%s' "
                       "here", i, (char *)st->name, s->lines[i].name);
            return false;
        }
        /* Unnamed lines are told apart by where they are on the chip. */
        if (!*st->name && st->offset != s->lines[i].chip_offset) {
            error_setg(errp, "line %u is offset %u of its chip on the "
                       "source but %u here", i, st->offset,
                       s->lines[i].chip_offset);
            return false;
        }
        if (!settings_valid(&st->settings) || !settings_valid(&st->start) ||
            !irq_mode_valid(st->irq_mode) ||
            (st->irq_mode && st->settings.output)) {
            error_setg(errp, "line %u ('%s'): invalid settings in the "
                       "migration stream", i, (char *)st->name);
            return false;
        }
    }
    return true;
}

bool gpio_line_set_load(GpioLineSet *s, Error **errp)
{
    ERRP_GUARD();

    if (!saved_state_fits(s, errp)) {
        return false;
    }
    s->frozen = true;
    for (unsigned i = 0; i < s->count; i++) {
        GpioLine *l = &s->lines[i];
        GpioLineState *st = &s->saved[i];

        settings_load(&l->settings, &st->settings);
        settings_load(&l->start, &st->start);
        l->irq_mode = st->irq_mode;
        l->masked = st->masked;
        l->in_service = st->in_service;
        l->delivered = st->delivered && st->in_service;
        l->latched = st->latched;
        l->edge_ns = 0;
        if (!st->held) {
            line_release(s, i);
            l->parked = false;
        } else if (!l->req) {
            l->parked = true;
        } else if (!line_class(l)->reconfigure(l->req, &l->settings, errp)) {
            error_prepend(errp, "line %u ('%s'): ", i, l->name);
            return false;
        }
        /*
         * Edges the chip queued until now, reconfiguring included, are
         * not this state's.
         */
        l->armed_ns = get_clock();
    }
    return gpio_line_set_unpark(s, errp);
}

void gpio_line_set_park(GpioLineSet *s)
{
    for (unsigned i = 0; i < s->count; i++) {
        if (s->lines[i].req) {
            line_release(s, i);
            s->lines[i].parked = true;
        }
    }
}

/* Take a parked line back with the settings it had. */
static bool line_take_back(GpioLineSet *s, unsigned i, Error **errp)
{
    GpioLine *l = &s->lines[i];
    GpioLineSettings want = l->settings;
    GpioLineInfo info;

    line_class(l)->line_info(l->chip, l->chip_offset, &info);
    if (info.used) {
        error_setg(errp, "line %u of chip '%s' is busy: used by '%s'",
                   l->chip_offset, gpio_chip_identity(l->chip),
                   info.consumer);
        return false;
    }
    if (!line_acquire(s, i, errp)) {
        return false;
    }
    if (!line_class(l)->reconfigure(l->req, &want, errp)) {
        line_release(s, i);
        return false;
    }
    l->settings = want;
    l->parked = false;
    /* What the chip queued while nobody held the line is not owed. */
    l->armed_ns = get_clock();
    return true;
}

bool gpio_line_set_unpark(GpioLineSet *s, Error **errp)
{
    ERRP_GUARD();
    uint64_t taken = 0;

    for (unsigned i = 0; i < s->count; i++) {
        GpioLine *l = &s->lines[i];

        if (!l->parked) {
            continue;
        }
        if (l->req) {
            l->parked = false;
            continue;
        }
        if (!line_take_back(s, i, errp)) {
            error_prepend(errp, "line %u ('%s'): ", i, l->name);
            /* All or nothing: give back what this call took. */
            for (unsigned k = 0; k < i; k++) {
                if (taken & (1ull << k)) {
                    line_release(s, k);
                    s->lines[k].parked = true;
                }
            }
            return false;
        }
        taken |= 1ull << i;
    }
    return true;
}

void gpio_line_set_resume(GpioLineSet *s)
{
    s->frozen = false;
    for (unsigned i = 0; i < s->count; i++) {
        line_retrigger(s, i);
    }
}

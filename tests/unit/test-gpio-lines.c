/*
 * Unit tests for the GPIO line engine, on a fake chip
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The line engine (hw/gpio/gpio-lines.c) runs here without a QEMU
 * process, over a chip backend defined below whose line states and
 * per-request edge event queues the tests control, timestamps included.
 * The engine reads events in its fd handlers, which the main loop runs.
 * Every test asserts what the engine did: which lines it fired and how
 * often, what it asked of the chip, and what its API answers.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/event_notifier.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "hw/gpio/gpio-lines.h"

#define FAKE_LINES 8
#define CONSUMER "qemu:test"
/* GPIO_LINE_EVENT_BUDGET in gpio-lines.c: events read per wake-up */
#define EVENT_BUDGET 64

/*
 * The fake chip: lines with a direction, drive, bias and an outside
 * level; each request queues edge events, oldest first, and signals an
 * EventNotifier while any wait (or has no fd at all, with no_fd).  A
 * released request's fd is kept open and readable until the chip goes
 * away, so an engine that still watched it would run a stale handler.
 */

#define TYPE_FAKE_CHIP "test-fake-gpio-chip"
OBJECT_DECLARE_SIMPLE_TYPE(FakeChip, FAKE_CHIP)

typedef struct FakeRequest FakeRequest;

typedef struct FakeLine {
    bool outside;               /* level applied from outside */
    bool output;
    bool value;                 /* driven level of an output */
    GpioDrive drive;
    GpioBias bias;
    unsigned edges;             /* GPIO_EDGE_* detected */
    uint32_t debounce_us;       /* debounce period */
    FakeRequest *req;           /* holder, or NULL */
    unsigned requests;          /* request calls that succeeded */
    unsigned reconfigures;      /* reconfigure calls */
    GpioLineSettings last;      /* as last reconfigured */
} FakeLine;

struct FakeRequest {
    GpioLineRequest parent;
    FakeLine *line;
    char consumer[GPIO_CHIP_NAME_MAX];
    EventNotifier notifier;
    GArray *events;             /* GpioEdgeEvent */
    unsigned head;              /* first unread event */
};

struct FakeChip {
    GpioChip parent_obj;

    FakeLine lines[FAKE_LINES];
    bool no_fd;                 /* event_fd() answers -1 */
    int error;                  /* gone: every call fails with this */
    int read_error_once;        /* the next read_events fails with this */
    unsigned reads;             /* read_events calls */
    unsigned events_read;       /* events handed to the engine */
    GPtrArray *closed;          /* EventNotifiers of released requests */
};

static bool fake_level(const FakeLine *l)
{
    return l->output ? l->value : l->outside;
}

static unsigned fake_num_lines(GpioChip *chip)
{
    return FAKE_LINES;
}

static void fake_line_info(GpioChip *chip, unsigned offset, GpioLineInfo *info)
{
    FakeLine *l = &FAKE_CHIP(chip)->lines[offset];

    memset(info, 0, sizeof(*info));
    snprintf(info->name, sizeof(info->name), "L%u", offset);
    if (l->req) {
        info->used = true;
        pstrcpy(info->consumer, sizeof(info->consumer), l->req->consumer);
    }
    info->output = l->output;
    info->drive = l->drive;
    info->bias = l->bias;
    info->debounce_us = l->debounce_us;
}

static GpioLineRequest *fake_request(GpioChip *chip, unsigned offset,
                                     const char *consumer, Error **errp)
{
    FakeChip *fc = FAKE_CHIP(chip);
    FakeLine *l;
    FakeRequest *r;

    g_assert_cmpuint(offset, <, FAKE_LINES);
    l = &fc->lines[offset];
    if (fc->error) {
        error_setg_errno(errp, -fc->error, "fake chip gone");
        return NULL;
    }
    if (l->req) {
        error_setg(errp, "line %u busy: used by '%s'", offset,
                   l->req->consumer);
        return NULL;
    }
    r = g_new0(FakeRequest, 1);
    g_assert_cmpint(event_notifier_init(&r->notifier, false), ==, 0);
    r->parent.chip = chip;
    r->parent.offset = offset;
    r->line = l;
    r->events = g_array_new(false, false, sizeof(GpioEdgeEvent));
    pstrcpy(r->consumer, sizeof(r->consumer), consumer);
    l->req = r;
    l->requests++;
    return &r->parent;
}

static FakeRequest *fake_req(GpioLineRequest *req)
{
    return container_of(req, FakeRequest, parent);
}

static void fake_release(GpioLineRequest *req)
{
    FakeRequest *r = fake_req(req);

    FakeChip *fc = FAKE_CHIP(req->chip);
    EventNotifier *n = g_new(EventNotifier, 1);

    r->line->req = NULL;
    r->line->edges = 0;
    *n = r->notifier;
    event_notifier_set(n);
    g_ptr_array_add(fc->closed, n);
    g_array_free(r->events, true);
    g_free(r);
}

static bool fake_reconfigure(GpioLineRequest *req, const GpioLineSettings *s,
                             Error **errp)
{
    FakeChip *fc = FAKE_CHIP(req->chip);
    FakeLine *l = fake_req(req)->line;

    l->reconfigures++;
    if (fc->error) {
        error_setg_errno(errp, -fc->error, "fake chip gone");
        return false;
    }
    l->output = s->output;
    if (s->output) {
        l->value = s->value;
    }
    l->drive = s->drive;
    l->bias = s->bias;
    l->edges = s->output ? 0 : s->edges;
    l->debounce_us = s->debounce_us;
    l->last = *s;
    return true;
}

static int fake_get_value(GpioLineRequest *req)
{
    FakeChip *fc = FAKE_CHIP(req->chip);

    return fc->error ? fc->error : fake_level(fake_req(req)->line);
}

static int fake_set_value(GpioLineRequest *req, bool value)
{
    FakeChip *fc = FAKE_CHIP(req->chip);
    FakeLine *l = fake_req(req)->line;

    if (fc->error) {
        return fc->error;
    }
    if (!l->output) {
        return -EPERM;
    }
    l->value = value;
    return 0;
}

static int fake_event_fd(GpioLineRequest *req)
{
    if (FAKE_CHIP(req->chip)->no_fd) {
        return -1;
    }
    return event_notifier_get_fd(&fake_req(req)->notifier);
}

static unsigned fake_req_queued(FakeRequest *r)
{
    return r->events->len - r->head;
}

static int fake_read_events(GpioLineRequest *req, GpioEdgeEvent *ev,
                            unsigned max)
{
    FakeChip *fc = FAKE_CHIP(req->chip);
    FakeRequest *r = fake_req(req);
    unsigned n = 0;
    int err;

    fc->reads++;
    if (fc->error) {
        /* The fd stays readable, as a removed chip's does. */
        return fc->error;
    }
    if (fc->read_error_once) {
        err = fc->read_error_once;
        fc->read_error_once = 0;
        return err;
    }
    event_notifier_test_and_clear(&r->notifier);
    while (n < max && fake_req_queued(r)) {
        ev[n++] = g_array_index(r->events, GpioEdgeEvent, r->head++);
    }
    if (fake_req_queued(r)) {
        event_notifier_set(&r->notifier);
    }
    fc->events_read += n;
    return n;
}

static void fake_notifier_free(gpointer p)
{
    event_notifier_cleanup(p);
    g_free(p);
}

static void fake_chip_init(Object *obj)
{
    FAKE_CHIP(obj)->closed = g_ptr_array_new_with_free_func(
        fake_notifier_free);
}

static void fake_chip_finalize(Object *obj)
{
    g_ptr_array_free(FAKE_CHIP(obj)->closed, true);
}

static void fake_chip_class_init(ObjectClass *oc, const void *data)
{
    GpioChipClass *gc = GPIO_CHIP_CLASS(oc);

    gc->num_lines = fake_num_lines;
    gc->line_info = fake_line_info;
    gc->request = fake_request;
    gc->release = fake_release;
    gc->reconfigure = fake_reconfigure;
    gc->get_value = fake_get_value;
    gc->set_value = fake_set_value;
    gc->event_fd = fake_event_fd;
    gc->read_events = fake_read_events;
}

static const TypeInfo fake_chip_info = {
    .name = TYPE_FAKE_CHIP,
    .parent = TYPE_GPIO_CHIP,
    .instance_size = sizeof(FakeChip),
    .instance_init = fake_chip_init,
    .instance_finalize = fake_chip_finalize,
    .class_init = fake_chip_class_init,
};

static void fake_chip_register_types(void)
{
    type_register_static(&fake_chip_info);
}

type_init(fake_chip_register_types)

/* What the world outside does to the fake chip */

/* Queue an edge event stamped @ts on line @offset's request. */
static void fake_queue(FakeChip *fc, unsigned offset, bool rising,
                       uint64_t ts)
{
    FakeRequest *r = fc->lines[offset].req;
    GpioEdgeEvent ev = { .rising = rising, .timestamp_ns = ts };

    g_assert_nonnull(r);
    g_array_append_val(r->events, ev);
    event_notifier_set(&r->notifier);
}

static unsigned fake_queued(FakeChip *fc, unsigned offset)
{
    FakeRequest *r = fc->lines[offset].req;

    return r ? fake_req_queued(r) : 0;
}

/*
 * Apply @level to line @offset from outside; an input whose request
 * detects that edge gets an event stamped now, as the kernel does
 * (a chip without an event fd has no events).
 */
static void fake_set_outside(FakeChip *fc, unsigned offset, bool level)
{
    FakeLine *l = &fc->lines[offset];
    bool old = fake_level(l);

    l->outside = level;
    if (l->req && !fc->no_fd && !l->output && old != level &&
        (l->edges & (level ? GPIO_EDGE_RISING : GPIO_EDGE_FALLING))) {
        fake_queue(fc, offset, level, get_clock());
    }
}

/* Stubs for what the engine links against */

static int qmp_registered;

void gpio_qmp_register(GpioLineSet *s)
{
    qmp_registered++;
}

void gpio_qmp_unregister(GpioLineSet *s)
{
    g_assert_cmpint(qmp_registered, >, 0);
    qmp_registered--;
}

/* The system's migration hooks (gpio-lines-migration.c): not here */
void gpio_line_set_migration_init(GpioLineSet *s)
{
}

void gpio_line_set_migration_cleanup(GpioLineSet *s)
{
}

#ifdef CONFIG_LIBGPIOD
/* gpio-chip.c falls back to host chips: there are none here. */
GpioChip *gpio_host_chip_open(const char *token, Error **errp)
{
    error_setg(errp, "no GPIO chip '%s'", token);
    return NULL;
}
#endif

/* A test's world: one fake chip "fake0", a line set over it */

typedef struct Env {
    FakeChip *chip;
    GpioLineSet set;
    unsigned fired[GPIO_MAP_MAX_LINES];     /* fires per line */
    unsigned fires;                         /* fires in all */
} Env;

static void env_fire(void *opaque, unsigned i)
{
    Env *e = opaque;

    g_assert_cmpuint(i, <, e->set.count);
    e->fired[i]++;
    e->fires++;
}

static Env *env_new(void)
{
    Env *e = g_new0(Env, 1);
    Object *obj = object_new(TYPE_FAKE_CHIP);

    object_property_add_child(object_get_objects_root(), "fake0", obj);
    object_unref(obj);
    e->chip = FAKE_CHIP(obj);
    return e;
}

static void env_map(Env *e, const char *map)
{
    Error *err = NULL;

    if (!gpio_line_set_init(&e->set, OBJECT(e->chip), map, CONSUMER,
                            env_fire, e, &err)) {
        g_test_message("map '%s': %s", map, error_get_pretty(err));
    }
    g_assert_null(err);
}

/* Map "@fake0{0:1:...}" with @n lines, offsets 0 to n - 1. */
static Env *env_new_lines(unsigned n)
{
    Env *e = env_new();
    g_autoptr(GString) map = g_string_new("@fake0{");

    for (unsigned i = 0; i < n; i++) {
        g_string_append_printf(map, i ? ":%u" : "%u", i);
    }
    g_string_append_c(map, '}');
    env_map(e, map->str);
    return e;
}

static void env_free(Env *e)
{
    gpio_line_set_cleanup(&e->set);
    /* The engine gave back every request and chip reference it took. */
    for (unsigned i = 0; i < FAKE_LINES; i++) {
        g_assert_null(e->chip->lines[i].req);
    }
    g_assert_cmpuint(OBJECT(e->chip)->ref, ==, 1);
    g_assert_cmpint(qmp_registered, ==, 0);
    object_unparent(OBJECT(e->chip));
    g_free(e);
}

/*
 * One main-loop iteration that does not wait: the engine's fd handler
 * runs once for each request whose fd is readable.
 */
static void wake(void)
{
    main_loop_wait(true);
}

/* Wake until the engine has read every queued event (bounded). */
static void settle(Env *e)
{
    for (unsigned k = 0; k < 1000; k++) {
        unsigned left = 0;

        for (unsigned i = 0; i < FAKE_LINES; i++) {
            left += fake_queued(e->chip, i);
        }
        if (!left) {
            break;
        }
        wake();
    }
    /* Then a few more, for anything a handler left behind. */
    for (unsigned k = 0; k < 3; k++) {
        wake();
    }
}

/* An edge from outside on line @offset, stamped now, read by the engine. */
static void edge(Env *e, unsigned offset, bool rising)
{
    fake_queue(e->chip, offset, rising, get_clock());
    settle(e);
}

/*
 * The stamp of an event that happens now, strictly before anything the
 * test does next (even with a coarse clock).
 */
static uint64_t stamp_now(void)
{
    return get_clock() - 1;
}

/* Tests */

/* Lines are taken as found, with the consumer label, and named. */
static void test_init(void)
{
    Env *e = env_new();
    FakeLine *l3 = &e->chip->lines[3];
    Error *err = NULL;
    GpioLineSet busy;

    l3->output = true;
    l3->value = true;
    l3->drive = GPIO_DRIVE_OPEN_DRAIN;
    l3->bias = GPIO_BIAS_PULL_UP;
    e->chip->lines[0].outside = true;
    env_map(e, "@fake0{0:3:L5=led}");

    g_assert_cmpuint(e->set.count, ==, 3);
    g_assert_cmpint(qmp_registered, ==, 1);
    g_assert_cmpstr(e->set.lines[0].name, ==, "L0");
    g_assert_cmpstr(e->set.lines[1].name, ==, "L3");
    g_assert_cmpstr(e->set.lines[2].name, ==, "led");
    for (unsigned i = 0; i < 3; i++) {
        g_assert_true(gpio_line_held(&e->set, i));
    }
    g_assert_cmpstr(e->chip->lines[5].req->consumer, ==, CONSUMER);
    g_assert_null(e->chip->lines[1].req);

    /* Taken as it is: nothing reconfigured, an output keeps driving. */
    for (unsigned i = 0; i < FAKE_LINES; i++) {
        g_assert_cmpuint(e->chip->lines[i].reconfigures, ==, 0);
    }
    g_assert_true(l3->output);
    g_assert_true(e->set.lines[1].settings.output);
    g_assert_cmpint(e->set.lines[1].settings.drive, ==, GPIO_DRIVE_OPEN_DRAIN);
    g_assert_cmpint(e->set.lines[1].settings.bias, ==, GPIO_BIAS_PULL_UP);
    g_assert_cmpint(gpio_line_get_value(&e->set, 0), ==, 1);
    g_assert_cmpint(gpio_line_get_value(&e->set, 1), ==, 1);
    g_assert_cmpint(gpio_line_get_value(&e->set, 2), ==, 0);

    /* A second set cannot take a line the first holds; it holds nothing. */
    g_assert_false(gpio_line_set_init(&busy, NULL, "@fake0{1:5}", "qemu:b",
                                      env_fire, e, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "busy"));
    error_free(err);
    g_assert_null(e->chip->lines[1].req);
    g_assert_cmpuint(e->chip->lines[1].requests, ==, 0);
    g_assert_cmpuint(OBJECT(e->chip)->ref, ==, 1 + 3);
    g_assert_cmpint(qmp_registered, ==, 1);

    g_assert_cmpuint(e->fires, ==, 0);
    env_free(e);
}

/* The chip is asked for the edges each interrupt mode needs. */
static void test_irq_config(void)
{
    Env *e = env_new_lines(2);
    FakeLine *l0 = &e->chip->lines[0];

    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_NONE, false),
                    ==, -EINVAL);
    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, 5, false), ==, -EINVAL);
    g_assert_cmpuint(l0->reconfigures, ==, 0);

    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_EDGE_RISING,
                                         false), ==, 0);
    g_assert_cmpuint(l0->edges, ==, GPIO_EDGE_RISING);
    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_EDGE_FALLING,
                                         false), ==, 0);
    g_assert_cmpuint(l0->edges, ==, GPIO_EDGE_FALLING);
    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_EDGE_BOTH,
                                         false), ==, 0);
    g_assert_cmpuint(l0->edges, ==, GPIO_EDGE_BOTH);
    /* A level is followed through both edges. */
    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_LEVEL_LOW,
                                         true), ==, 0);
    g_assert_cmpuint(l0->edges, ==, GPIO_EDGE_BOTH);
    /* An interrupt line is an input, and stays one. */
    g_assert_cmpint(gpio_line_set_output(&e->set, 0, true), ==, -EBUSY);
    g_assert_false(l0->output);
    gpio_line_irq_disable(&e->set, 0);
    g_assert_cmpuint(l0->edges, ==, 0);
    g_assert_cmpint(gpio_line_set_output(&e->set, 0, true), ==, 0);
    g_assert_true(l0->output);
    g_assert_true(l0->value);

    /* Enabling an interrupt on an output turns it into an input. */
    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_LEVEL_HIGH,
                                         true), ==, 0);
    g_assert_false(l0->output);
    g_assert_cmpuint(e->chip->lines[1].reconfigures, ==, 0);
    env_free(e);
}

/*
 * Edge modes: the edges the mode names fire once, then the line is in
 * service until acked; edges meanwhile fire once on ack.
 */
static void check_edge_mode(GpioIrqMode mode)
{
    Env *e = env_new_lines(2);
    bool on_rising = mode & GPIO_IRQ_EDGE_RISING;
    bool on_falling = mode & GPIO_IRQ_EDGE_FALLING;
    bool fires_on = on_rising;     /* an edge this mode fires on */

    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, mode, false), ==, 0);
    g_assert_cmpint(gpio_line_irq_enable(&e->set, 1, mode, false), ==, 0);
    /* An edge alone does not fire at enable. */
    g_assert_cmpuint(e->fires, ==, 0);

    /* The edge the mode ignores does nothing, and is not kept. */
    if (!on_rising || !on_falling) {
        edge(e, 0, !on_rising);
        g_assert_cmpuint(e->fires, ==, 0);
        g_assert_false(gpio_line_irq_pending(&e->set, 0));
        gpio_line_irq_ack(&e->set, 0);
        g_assert_cmpuint(e->fires, ==, 0);
    }

    /* Positive control: the mode's edge fires line 0, once. */
    edge(e, 0, fires_on);
    g_assert_cmpuint(e->fired[0], ==, 1);
    g_assert_cmpuint(e->fired[1], ==, 0);
    g_assert_true(gpio_line_irq_pending(&e->set, 0));

    /* In service: more edges are held, not fired. */
    edge(e, 0, fires_on);
    edge(e, 0, fires_on);
    if (on_rising && on_falling) {
        edge(e, 0, !fires_on);
    }
    g_assert_cmpuint(e->fired[0], ==, 1);

    /* Ack: the held edges fire once in all. */
    gpio_line_irq_ack(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    gpio_line_irq_ack(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    g_assert_false(gpio_line_irq_pending(&e->set, 0));

    /* Out of service: the next edge fires at once. */
    edge(e, 0, fires_on);
    g_assert_cmpuint(e->fired[0], ==, 3);
    if (on_rising && on_falling) {
        gpio_line_irq_ack(&e->set, 0);
        edge(e, 0, !fires_on);
        g_assert_cmpuint(e->fired[0], ==, 4);
    }

    /* Line 1 saw none of it. */
    g_assert_cmpuint(e->fired[1], ==, 0);
    edge(e, 1, fires_on);
    g_assert_cmpuint(e->fired[1], ==, 1);
    env_free(e);
}

static void test_edge_rising(void)
{
    check_edge_mode(GPIO_IRQ_EDGE_RISING);
}

static void test_edge_falling(void)
{
    check_edge_mode(GPIO_IRQ_EDGE_FALLING);
}

static void test_edge_both(void)
{
    check_edge_mode(GPIO_IRQ_EDGE_BOTH);
}

/* Edges while masked are latched, and fire once on unmask. */
static void test_edge_masked_latch(void)
{
    Env *e = env_new_lines(1);

    /* Enabled masked: edges wait. */
    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_EDGE_BOTH,
                                         true), ==, 0);
    for (unsigned k = 0; k < 10; k++) {
        fake_queue(e->chip, 0, k & 1, get_clock());
    }
    settle(e);
    g_assert_cmpuint(e->fires, ==, 0);
    g_assert_true(gpio_line_irq_pending(&e->set, 0));
    gpio_line_irq_ack(&e->set, 0);
    g_assert_cmpuint(e->fires, ==, 0);

    /* Unmask: one fire for the ten edges. */
    gpio_line_irq_unmask(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 1);
    gpio_line_irq_ack(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 1);
    g_assert_false(gpio_line_irq_pending(&e->set, 0));

    /* Mask and unmask with nothing latched: no fire. */
    gpio_line_irq_mask(&e->set, 0);
    gpio_line_irq_unmask(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 1);

    /* Masked while in service: ack does not fire, unmask does. */
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 2);
    gpio_line_irq_mask(&e->set, 0);
    edge(e, 0, false);
    edge(e, 0, true);
    gpio_line_irq_ack(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    g_assert_true(gpio_line_irq_pending(&e->set, 0));
    gpio_line_irq_unmask(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 3);
    gpio_line_irq_ack(&e->set, 0);
    g_assert_cmpuint(e->fired[0], ==, 3);

    /* Unmasked, out of service: an edge fires at once. */
    edge(e, 0, false);
    g_assert_cmpuint(e->fired[0], ==, 4);
    env_free(e);
}

/*
 * Level modes: fire at enable when active, again on ack or unmask while
 * active, never while inactive.
 */
static void check_level_mode(GpioIrqMode mode, bool no_fd)
{
    Env *e = env_new();
    bool active = mode == GPIO_IRQ_LEVEL_HIGH;
    GpioLineSet *s = &e->set;

    e->chip->no_fd = no_fd;
    e->chip->lines[0].outside = !active;
    e->chip->lines[1].outside = active;
    env_map(e, "@fake0{0:1}");

    /* Line 0 is inactive: no fire at enable.  Line 1 is: it fires. */
    g_assert_cmpint(gpio_line_irq_enable(s, 0, mode, false), ==, 0);
    g_assert_cmpuint(e->fires, ==, 0);
    g_assert_cmpint(gpio_line_irq_enable(s, 1, mode, false), ==, 0);
    g_assert_cmpuint(e->fired[1], ==, 1);
    g_assert_cmpuint(e->fired[0], ==, 0);

    /* Acks re-fire while it stays active. */
    gpio_line_irq_ack(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 2);
    gpio_line_irq_ack(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 3);

    /* Inactive now: the ack does not fire. */
    fake_set_outside(e->chip, 1, !active);
    settle(e);
    gpio_line_irq_ack(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 3);
    g_assert_false(gpio_line_irq_pending(s, 1));
    gpio_line_irq_ack(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 3);

    /* Masked and active: no fire until unmask. */
    gpio_line_irq_mask(s, 1);
    fake_set_outside(e->chip, 1, active);
    settle(e);
    gpio_line_irq_ack(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 3);
    gpio_line_irq_unmask(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 4);

    /* Unmask while inactive: no fire. */
    gpio_line_irq_mask(s, 1);
    gpio_line_irq_ack(s, 1);
    fake_set_outside(e->chip, 1, !active);
    settle(e);
    gpio_line_irq_unmask(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 4);

    /* Going active fires through the chip's events, if it has any. */
    fake_set_outside(e->chip, 0, active);
    settle(e);
    if (no_fd) {
        g_assert_cmpuint(e->fired[0], ==, 0);
        /* Without events, the level is still read at ack. */
        gpio_line_irq_ack(s, 0);
    }
    g_assert_cmpuint(e->fired[0], ==, 1);
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);

    /* Enabled again while active: fires at once. */
    gpio_line_irq_disable(s, 0);
    g_assert_cmpint(gpio_line_irq_enable(s, 0, mode, false), ==, 0);
    g_assert_cmpuint(e->fired[0], ==, 3);
    /* Enabled masked while active: fires on unmask. */
    g_assert_cmpint(gpio_line_irq_enable(s, 0, mode, true), ==, 0);
    g_assert_cmpuint(e->fired[0], ==, 3);
    gpio_line_irq_unmask(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 4);
    g_assert_cmpuint(e->fired[1], ==, 4);
    env_free(e);
}

static void test_level_high(void)
{
    check_level_mode(GPIO_IRQ_LEVEL_HIGH, false);
}

static void test_level_low(void)
{
    check_level_mode(GPIO_IRQ_LEVEL_LOW, false);
}

/* A chip without an event fd: levels are read live, nothing is watched. */
static void test_level_no_event_fd(void)
{
    check_level_mode(GPIO_IRQ_LEVEL_HIGH, true);
    check_level_mode(GPIO_IRQ_LEVEL_LOW, true);
}

/* Fired, not delivered, then masked: owed again, fires on unmask. */
static void test_withdraw(void)
{
    Env *e = env_new();
    GpioLineSet *s = &e->set;

    e->chip->lines[1].outside = true;
    env_map(e, "@fake0{0:1}");

    /* An edge line. */
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 1);
    gpio_line_irq_withdraw(s, 0);
    gpio_line_irq_mask(s, 0);
    g_assert_true(gpio_line_irq_pending(s, 0));
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 1);
    gpio_line_irq_unmask(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    gpio_line_irq_delivered(s, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);

    /* Withdrawing a line not in service owes nothing. */
    gpio_line_irq_withdraw(s, 0);
    gpio_line_irq_mask(s, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));
    gpio_line_irq_unmask(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 3);

    /* A level line: owed if still active at unmask... */
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_LEVEL_HIGH, false),
                    ==, 0);
    g_assert_cmpuint(e->fired[1], ==, 1);
    gpio_line_irq_withdraw(s, 1);
    gpio_line_irq_mask(s, 1);
    gpio_line_irq_unmask(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 2);

    /* ...and not if it went inactive meanwhile. */
    gpio_line_irq_withdraw(s, 1);
    gpio_line_irq_mask(s, 1);
    fake_set_outside(e->chip, 1, false);
    settle(e);
    gpio_line_irq_unmask(s, 1);
    g_assert_cmpuint(e->fired[1], ==, 2);
    fake_set_outside(e->chip, 1, true);
    settle(e);
    g_assert_cmpuint(e->fired[1], ==, 3);
    g_assert_cmpuint(e->fired[0], ==, 3);
    env_free(e);
}

/* What gpio_line_irq_pending() says through a line's life. */
static void test_pending_delivered(void)
{
    Env *e = env_new_lines(1);
    GpioLineSet *s = &e->set;

    g_assert_false(gpio_line_irq_pending(s, 0));
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_BOTH, false),
                    ==, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));

    /* Fired, not yet with the guest: pending. */
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 1);
    g_assert_true(gpio_line_irq_pending(s, 0));
    /* Delivered: no longer. */
    gpio_line_irq_delivered(s, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));
    /* An edge while in service is owed. */
    edge(e, 0, false);
    g_assert_true(gpio_line_irq_pending(s, 0));
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    g_assert_true(gpio_line_irq_pending(s, 0));
    gpio_line_irq_delivered(s, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));

    /* Delivered without a fire in service: nothing changes. */
    gpio_line_irq_ack(s, 0);
    gpio_line_irq_delivered(s, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));
    edge(e, 0, true);
    g_assert_true(gpio_line_irq_pending(s, 0));

    /* Disabled: nothing is owed. */
    gpio_line_irq_disable(s, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));
    g_assert_cmpuint(e->fired[0], ==, 3);
    env_free(e);
}

/*
 * Reset: no IRQ state left; lines the guest changed get back what they
 * had, lines it did not change are not reconfigured at all.
 */
static void test_reset(void)
{
    Env *e = env_new();
    FakeChip *fc = e->chip;
    GpioLineSet *s = &e->set;
    unsigned before[FAKE_LINES];

    /* As found: 0 input pulled up, 1 open-drain output at 1, 3 pulled down */
    fc->lines[0].bias = GPIO_BIAS_PULL_UP;
    fc->lines[0].outside = true;
    fc->lines[1].output = true;
    fc->lines[1].value = true;
    fc->lines[1].drive = GPIO_DRIVE_OPEN_DRAIN;
    fc->lines[3].bias = GPIO_BIAS_PULL_DOWN;
    env_map(e, "@fake0{0:1:2:3:4:5}");

    /* 0: only read.  1: driven low, push-pull. */
    g_assert_cmpint(gpio_line_get_value(s, 0), ==, 1);
    g_assert_cmpint(gpio_line_set_value(s, 1, false), ==, 0);
    g_assert_cmpint(gpio_line_set_drive(s, 1, GPIO_DRIVE_PUSH_PULL), ==, 0);
    /* 2: an edge interrupt, fired, in service, more latched, masked. */
    g_assert_cmpint(gpio_line_irq_enable(s, 2, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    edge(e, 2, true);
    g_assert_cmpuint(e->fired[2], ==, 1);
    edge(e, 2, true);
    gpio_line_irq_mask(s, 2);
    g_assert_true(gpio_line_irq_pending(s, 2));
    /* 3: given back (DIRECTION_NONE). */
    gpio_line_release(s, 3);
    g_assert_null(fc->lines[3].req);
    wake();
    /* 4: an interrupt enabled, then disabled: as found again. */
    g_assert_cmpint(gpio_line_irq_enable(s, 4, GPIO_IRQ_LEVEL_HIGH, true),
                    ==, 0);
    gpio_line_irq_disable(s, 4);
    /* 5: made an output, then an input again: as found again. */
    g_assert_cmpint(gpio_line_set_output(s, 5, true), ==, 0);
    g_assert_cmpint(gpio_line_set_input(s, 5), ==, 0);

    for (unsigned i = 0; i < FAKE_LINES; i++) {
        before[i] = fc->lines[i].reconfigures;
    }
    gpio_line_set_reset(s);

    /* No fire at reset, nothing owed, the chip detects no edges. */
    g_assert_cmpuint(e->fires, ==, 1);
    for (unsigned i = 0; i < s->count; i++) {
        g_assert_true(gpio_line_held(s, i));
        g_assert_false(gpio_line_irq_pending(s, i));
        g_assert_cmpuint(fc->lines[i].edges, ==, 0);
        g_assert_cmpstr(fc->lines[i].req->consumer, ==, CONSUMER);
    }
    /* Untouched or unchanged lines: not reconfigured. */
    g_assert_cmpuint(fc->lines[0].reconfigures, ==, before[0]);
    g_assert_cmpuint(fc->lines[3].reconfigures, ==, before[3]);
    g_assert_cmpuint(fc->lines[4].reconfigures, ==, before[4]);
    g_assert_cmpuint(fc->lines[5].reconfigures, ==, before[5]);
    g_assert_cmpuint(fc->lines[0].reconfigures, ==, 0);
    g_assert_cmpint(fc->lines[0].bias, ==, GPIO_BIAS_PULL_UP);
    g_assert_cmpint(fc->lines[3].bias, ==, GPIO_BIAS_PULL_DOWN);
    g_assert_cmpuint(fc->lines[3].requests, ==, 2);
    /* Changed lines: restored, once each. */
    g_assert_cmpuint(fc->lines[1].reconfigures, ==, before[1] + 1);
    g_assert_true(fc->lines[1].output);
    g_assert_true(fc->lines[1].value);
    g_assert_cmpint(fc->lines[1].drive, ==, GPIO_DRIVE_OPEN_DRAIN);
    g_assert_cmpint(fc->lines[1].bias, ==, GPIO_BIAS_AS_IS);
    g_assert_cmpuint(fc->lines[2].reconfigures, ==, before[2] + 1);
    g_assert_false(fc->lines[2].output);

    /* A second reset finds nothing changed. */
    for (unsigned i = 0; i < FAKE_LINES; i++) {
        before[i] = fc->lines[i].reconfigures;
    }
    gpio_line_set_reset(s);
    for (unsigned i = 0; i < FAKE_LINES; i++) {
        g_assert_cmpuint(fc->lines[i].reconfigures, ==, before[i]);
    }

    /* Line 2 starts afresh: neither masked nor in service. */
    g_assert_cmpint(gpio_line_irq_enable(s, 2, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    g_assert_cmpuint(e->fired[2], ==, 1);
    edge(e, 2, true);
    g_assert_cmpuint(e->fired[2], ==, 2);
    /* And line 1 drives as found. */
    g_assert_cmpint(gpio_line_get_value(s, 1), ==, 1);
    /* An output made of line 5 would drive what was found, not 1. */
    g_assert_false(s->lines[5].settings.value);
    env_free(e);
}

/*
 * Stale events: queued on the chip before the interrupt mode last
 * changed, they are dropped; events after it are delivered.
 */

/* Queued before a disable and enable: dropped. */
static void test_stale_disable_enable(void)
{
    Env *e = env_new_lines(1);
    GpioLineSet *s = &e->set;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    fake_queue(e->chip, 0, true, stamp_now());
    fake_queue(e->chip, 0, true, stamp_now());
    gpio_line_irq_disable(s, 0);
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    settle(e);
    g_assert_cmpuint(e->chip->events_read, ==, 2);
    g_assert_cmpuint(e->fires, ==, 0);
    g_assert_false(gpio_line_irq_pending(s, 0));

    /* Positive control: a new edge fires. */
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 1);
    env_free(e);
}

/* Queued before a type change: dropped, though the new type matches. */
static void test_stale_type_change(void)
{
    Env *e = env_new();
    GpioLineSet *s = &e->set;

    e->chip->lines[1].outside = true;
    env_map(e, "@fake0{0:1}");
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_FALLING, false),
                    ==, 0);
    fake_queue(e->chip, 0, true, stamp_now());
    fake_queue(e->chip, 0, false, stamp_now());
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_BOTH, false),
                    ==, 0);
    settle(e);
    g_assert_cmpuint(e->chip->events_read, ==, 2);
    g_assert_cmpuint(e->fires, ==, 0);
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 1);

    /* A level line turned edge: its old edges do not fire either. */
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_LEVEL_HIGH, true),
                    ==, 0);
    fake_queue(e->chip, 1, true, stamp_now());
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    settle(e);
    g_assert_cmpuint(e->fired[1], ==, 0);
    edge(e, 1, true);
    g_assert_cmpuint(e->fired[1], ==, 1);
    env_free(e);
}

/* Queued before a reset: dropped once the guest enables again. */
static void test_stale_reset(void)
{
    Env *e = env_new_lines(1);
    GpioLineSet *s = &e->set;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_BOTH, false),
                    ==, 0);
    fake_queue(e->chip, 0, true, stamp_now());
    gpio_line_set_reset(s);
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_BOTH, false),
                    ==, 0);
    settle(e);
    g_assert_cmpuint(e->chip->events_read, ==, 1);
    g_assert_cmpuint(e->fires, ==, 0);
    edge(e, 0, false);
    g_assert_cmpuint(e->fired[0], ==, 1);
    env_free(e);
}

/* Timestamps decide, not the order of reading. */
static void test_stale_timestamps(void)
{
    Env *e = env_new_lines(1);
    GpioLineSet *s = &e->set;
    uint64_t before = get_clock() - 1;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    /* Read after the enable, stamped before it: dropped. */
    fake_queue(e->chip, 0, true, before);
    fake_queue(e->chip, 0, true, before);
    settle(e);
    g_assert_cmpuint(e->chip->events_read, ==, 2);
    g_assert_cmpuint(e->fires, ==, 0);

    /* One stale and one fresh in one read: one fire, nothing latched. */
    fake_queue(e->chip, 0, true, before);
    fake_queue(e->chip, 0, true, get_clock());
    settle(e);
    g_assert_cmpuint(e->fired[0], ==, 1);
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 1);

    /* Two fresh ones: the second is latched and fires on ack. */
    fake_queue(e->chip, 0, true, get_clock());
    fake_queue(e->chip, 0, true, get_clock());
    settle(e);
    g_assert_cmpuint(e->fired[0], ==, 2);
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 3);
    env_free(e);
}

/* Mask and unmask do not change the mode: queued edges still count. */
static void test_stale_not_on_mask(void)
{
    Env *e = env_new_lines(1);
    GpioLineSet *s = &e->set;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, true),
                    ==, 0);
    fake_queue(e->chip, 0, true, get_clock());
    gpio_line_irq_unmask(s, 0);
    gpio_line_irq_mask(s, 0);
    settle(e);
    g_assert_cmpuint(e->fires, ==, 0);
    g_assert_true(gpio_line_irq_pending(s, 0));
    gpio_line_irq_unmask(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 1);
    env_free(e);
}

/*
 * A storm: 1000 queued events.  One wake-up reads at most the budget,
 * later wake-ups the rest; the guest sees the line fire, and another
 * line's edge is not held up behind the storm.
 */
static void test_event_budget(void)
{
    Env *e = env_new_lines(2);
    GpioLineSet *s = &e->set;
    unsigned wakeups = 0;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_BOTH, false),
                    ==, 0);
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    for (unsigned k = 0; k < 1000; k++) {
        fake_queue(e->chip, 0, !(k & 1), get_clock());
    }
    fake_queue(e->chip, 1, true, get_clock());

    wake();
    g_assert_cmpuint(e->chip->events_read, ==, EVENT_BUDGET + 1);
    g_assert_cmpuint(fake_queued(e->chip, 0), ==, 1000 - EVENT_BUDGET);
    g_assert_cmpuint(e->fired[0], ==, 1);
    g_assert_cmpuint(e->fired[1], ==, 1);
    g_assert_true(gpio_line_irq_pending(s, 0));

    /* The rest, at most a budget per wake-up. */
    while (fake_queued(e->chip, 0)) {
        unsigned read = e->chip->events_read;
        unsigned left = fake_queued(e->chip, 0);

        wake();
        wakeups++;
        g_assert_cmpuint(e->chip->events_read - read, ==,
                         MIN(left, EVENT_BUDGET));
        g_assert_cmpuint(wakeups, <=, 1000);
    }
    g_assert_cmpuint(wakeups, ==, DIV_ROUND_UP(1000 - EVENT_BUDGET,
                                               EVENT_BUDGET));
    g_assert_cmpuint(e->chip->events_read, ==, 1001);

    /* All coalesced: one more fire on ack, then quiet. */
    g_assert_cmpuint(e->fired[0], ==, 1);
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fired[0], ==, 2);
    g_assert_cmpuint(e->fired[1], ==, 1);
    env_free(e);
}

/* A read error other than EAGAIN/EINTR: the chip is gone. */
static void test_chip_lost(void)
{
    Env *e = env_new_lines(2);
    GpioLineSet *s = &e->set;
    FakeChip *fc = e->chip;
    unsigned reads;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    fc->error = -ENODEV;
    fake_queue(fc, 0, true, get_clock());
    wake();
    g_assert_cmpuint(fc->reads, ==, 1);

    /* Line 0's fd stays readable, but nobody reads it any more... */
    for (unsigned k = 0; k < 5; k++) {
        wake();
    }
    g_assert_cmpuint(fc->reads, ==, 1);
    g_assert_cmpuint(e->fires, ==, 0);
    /* ...while line 1's is still watched (and now unwatched too). */
    fake_queue(fc, 1, true, get_clock());
    wake();
    wake();
    g_assert_cmpuint(fc->reads, ==, 2);
    reads = fc->reads;

    /* Requests fail: the chip's error, or -EIO where it cannot pass. */
    g_assert_cmpint(gpio_line_get_value(s, 0), ==, -ENODEV);
    g_assert_cmpint(gpio_line_set_value(s, 0, true), ==, -ENODEV);
    g_assert_cmpint(gpio_line_set_input(s, 0), ==, -EIO);
    g_assert_cmpint(gpio_line_set_output(s, 1, true), ==, -EBUSY);
    gpio_line_irq_disable(s, 1);
    g_assert_cmpint(gpio_line_set_output(s, 1, true), ==, -EIO);
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_LEVEL_HIGH, false),
                    ==, -EIO);
    gpio_line_release(s, 0);
    g_assert_cmpint(gpio_line_acquire(s, 0), ==, -EBUSY);
    g_assert_false(gpio_line_held(s, 0));
    g_assert_cmpint(gpio_line_get_value(s, 0), ==, -ENODEV);
    g_assert_cmpint(gpio_line_set_bias(s, 0, GPIO_BIAS_PULL_UP), ==, -ENODEV);
    wake();
    g_assert_cmpuint(fc->reads, ==, reads);
    g_assert_cmpuint(e->fires, ==, 0);

    /* A reset does not bring it back, nor trip over it. */
    gpio_line_set_reset(s);
    g_assert_false(gpio_line_held(s, 0));
    g_assert_true(gpio_line_held(s, 1));
    env_free(e);
}

/* EAGAIN and EINTR are not errors: the fd stays watched. */
static void test_read_transient(void)
{
    Env *e = env_new_lines(1);
    FakeChip *fc = e->chip;

    g_assert_cmpint(gpio_line_irq_enable(&e->set, 0, GPIO_IRQ_EDGE_RISING,
                                         false), ==, 0);
    fc->read_error_once = -EAGAIN;
    fake_queue(fc, 0, true, get_clock());
    wake();
    g_assert_cmpuint(fc->reads, ==, 1);
    g_assert_cmpuint(e->fires, ==, 0);
    settle(e);
    g_assert_cmpuint(e->fired[0], ==, 1);

    gpio_line_irq_ack(&e->set, 0);
    fc->read_error_once = -EINTR;
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 2);
    env_free(e);
}

/* Release (DIRECTION_NONE) and acquire: the line is taken as it is then. */
static void test_release_acquire(void)
{
    Env *e = env_new_lines(2);
    GpioLineSet *s = &e->set;
    FakeChip *fc = e->chip;
    FakeLine *l0 = &fc->lines[0];
    GpioLineRequest *other;
    unsigned reconf, reads;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    edge(e, 0, true);
    g_assert_cmpuint(e->fired[0], ==, 1);

    gpio_line_release(s, 0);
    g_assert_false(gpio_line_held(s, 0));
    g_assert_null(l0->req);
    g_assert_false(gpio_line_irq_pending(s, 0));
    /* Its fd, still readable, is no longer watched. */
    reads = fc->reads;
    wake();
    g_assert_cmpuint(fc->reads, ==, reads);
    g_assert_cmpint(gpio_line_get_value(s, 0), ==, -ENODEV);
    g_assert_cmpint(gpio_line_set_value(s, 0, true), ==, -ENODEV);
    g_assert_cmpint(gpio_line_set_input(s, 0), ==, -ENODEV);
    g_assert_cmpint(gpio_line_set_drive(s, 0, GPIO_DRIVE_OPEN_SOURCE),
                    ==, -ENODEV);
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, -ENODEV);
    /* Line 1 is not touched. */
    g_assert_true(gpio_line_held(s, 1));
    g_assert_cmpuint(fc->lines[1].requests, ==, 1);

    /* Meanwhile another program holds it, then leaves it changed. */
    other = GPIO_CHIP_GET_CLASS(fc)->request(GPIO_CHIP(fc), 0, "other",
                                             &error_abort);
    g_assert_cmpint(gpio_line_acquire(s, 0), ==, -EBUSY);
    g_assert_false(gpio_line_held(s, 0));
    GPIO_CHIP_GET_CLASS(fc)->release(other);
    l0->output = true;
    l0->value = true;
    l0->drive = GPIO_DRIVE_OPEN_DRAIN;
    l0->bias = GPIO_BIAS_PULL_UP;
    l0->outside = true;
    reconf = l0->reconfigures;

    g_assert_cmpint(gpio_line_acquire(s, 0), ==, 0);
    g_assert_true(gpio_line_held(s, 0));
    g_assert_cmpstr(l0->req->consumer, ==, CONSUMER);
    /* Taken as it is: not reconfigured, still driving. */
    g_assert_cmpuint(l0->reconfigures, ==, reconf);
    g_assert_true(l0->output);
    g_assert_true(s->lines[0].settings.output);
    g_assert_cmpint(s->lines[0].settings.drive, ==, GPIO_DRIVE_OPEN_DRAIN);
    g_assert_cmpint(s->lines[0].settings.bias, ==, GPIO_BIAS_PULL_UP);
    g_assert_cmpint(gpio_line_get_value(s, 0), ==, 1);
    /* Acquiring a held line is a no-op. */
    g_assert_cmpint(gpio_line_acquire(s, 0), ==, 0);
    g_assert_cmpuint(l0->requests, ==, 3);

    /* A change keeps what the line had: direction and drive. */
    g_assert_cmpint(gpio_line_set_bias(s, 0, GPIO_BIAS_PULL_DOWN), ==, 0);
    g_assert_cmpuint(l0->reconfigures, ==, reconf + 1);
    g_assert_true(l0->last.output);
    g_assert_cmpint(l0->last.drive, ==, GPIO_DRIVE_OPEN_DRAIN);
    g_assert_cmpint(l0->last.bias, ==, GPIO_BIAS_PULL_DOWN);
    g_assert_cmpint(gpio_line_set_value(s, 0, false), ==, 0);
    g_assert_false(l0->value);

    /* The interrupt starts afresh on the new request. */
    g_assert_cmpuint(e->fired[0], ==, 1);
    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, false),
                    ==, 0);
    g_assert_cmpuint(e->fired[0], ==, 1);
    fake_set_outside(fc, 0, false);
    fake_set_outside(fc, 0, true);
    settle(e);
    g_assert_cmpuint(e->fired[0], ==, 2);
    env_free(e);
}

/*
 * Debounce: the period is recorded as found, sent to the chip with every
 * later change (kept while the line is an output, as the chip is told),
 * and counts as a change that a reset undoes.
 */
static void test_debounce(void)
{
    Env *e = env_new();
    FakeChip *fc = e->chip;
    GpioLineSet *s = &e->set;
    FakeLine *l0 = &fc->lines[0], *l1 = &fc->lines[1];
    unsigned reconf0, reconf1;

    l0->debounce_us = 5000;
    env_map(e, "@fake0{0:1}");
    g_assert_cmpuint(s->lines[0].settings.debounce_us, ==, 5000);
    g_assert_cmpuint(s->lines[1].settings.debounce_us, ==, 0);
    g_assert_cmpuint(l0->reconfigures, ==, 0);

    /* Set: the chip is asked, with what the line had. */
    g_assert_cmpint(gpio_line_set_bias(s, 1, GPIO_BIAS_PULL_UP), ==, 0);
    g_assert_cmpint(gpio_line_set_debounce(s, 1, 100000), ==, 0);
    g_assert_cmpuint(l1->last.debounce_us, ==, 100000);
    g_assert_cmpint(l1->last.bias, ==, GPIO_BIAS_PULL_UP);
    g_assert_false(l1->last.output);
    /* Kept through an interrupt, an output and an input again. */
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_EDGE_BOTH, false),
                    ==, 0);
    g_assert_cmpuint(l1->last.edges, ==, GPIO_EDGE_BOTH);
    g_assert_cmpuint(l1->last.debounce_us, ==, 100000);
    gpio_line_irq_disable(s, 1);
    g_assert_cmpint(gpio_line_set_output(s, 1, true), ==, 0);
    g_assert_true(l1->last.output);
    g_assert_cmpuint(l1->last.debounce_us, ==, 100000);
    g_assert_cmpint(gpio_line_set_input(s, 1), ==, 0);
    g_assert_false(l1->last.output);
    g_assert_cmpuint(l1->last.debounce_us, ==, 100000);
    /* An output takes a period too, for later. */
    g_assert_cmpint(gpio_line_set_output(s, 1, false), ==, 0);
    g_assert_cmpint(gpio_line_set_debounce(s, 1, 20000), ==, 0);
    g_assert_true(l1->last.output);
    g_assert_cmpuint(l1->last.debounce_us, ==, 20000);
    g_assert_cmpint(gpio_line_set_input(s, 1), ==, 0);
    g_assert_cmpuint(l1->last.debounce_us, ==, 20000);
    /* A chip that refuses: an error, and the engine keeps what it had. */
    fc->error = -EIO;
    g_assert_cmpint(gpio_line_set_debounce(s, 1, 7), ==, -EIO);
    fc->error = 0;
    g_assert_cmpuint(s->lines[1].settings.debounce_us, ==, 20000);

    /* Line 0 changed in its period only: a reset still restores it. */
    g_assert_cmpint(gpio_line_set_debounce(s, 0, 0), ==, 0);
    g_assert_cmpuint(l0->debounce_us, ==, 0);
    reconf0 = l0->reconfigures;
    reconf1 = l1->reconfigures;
    gpio_line_set_reset(s);
    g_assert_cmpuint(l0->reconfigures, ==, reconf0 + 1);
    g_assert_cmpuint(l0->debounce_us, ==, 5000);
    g_assert_cmpuint(l1->reconfigures, ==, reconf1 + 1);
    g_assert_cmpuint(l1->debounce_us, ==, 0);
    g_assert_cmpint(l1->bias, ==, GPIO_BIAS_AS_IS);
    /* And a second reset finds nothing to do. */
    gpio_line_set_reset(s);
    g_assert_cmpuint(l0->reconfigures, ==, reconf0 + 1);
    g_assert_cmpuint(l1->reconfigures, ==, reconf1 + 1);

    /* A released line has no period to set; taken again, as found. */
    gpio_line_release(s, 1);
    g_assert_cmpint(gpio_line_set_debounce(s, 1, 1000), ==, -ENODEV);
    l1->debounce_us = 3000;
    g_assert_cmpint(gpio_line_acquire(s, 1), ==, 0);
    g_assert_cmpuint(s->lines[1].settings.debounce_us, ==, 3000);
    g_assert_cmpuint(e->fires, ==, 0);
    env_free(e);
}

/*
 * A migration's hand-over: park gives every held request up (a released
 * line stays released), unpark takes them back with their settings and
 * drops what the chip queued meanwhile; a busy line makes unpark fail
 * naming it, taking nothing.
 */
static void test_park_unpark(void)
{
    Env *e = env_new_lines(3);
    GpioLineSet *s = &e->set;
    FakeChip *fc = e->chip;
    GpioLineRequest *other;
    Error *err = NULL;

    g_assert_cmpint(gpio_line_set_output(s, 0, true), ==, 0);
    g_assert_cmpint(gpio_line_set_bias(s, 0, GPIO_BIAS_PULL_UP), ==, 0);
    g_assert_cmpint(gpio_line_irq_enable(s, 1, GPIO_IRQ_EDGE_BOTH, false),
                    ==, 0);
    gpio_line_release(s, 2);

    gpio_line_set_park(s);
    for (unsigned i = 0; i < 3; i++) {
        g_assert_null(fc->lines[i].req);
    }
    g_assert_true(gpio_line_held(s, 0));
    g_assert_false(gpio_line_held(s, 2));
    /* an edge while nobody holds the line is lost with the gap */
    fc->lines[1].outside = true;

    /* another program holds line 1: nothing is taken */
    other = GPIO_CHIP_GET_CLASS(fc)->request(GPIO_CHIP(fc), 1, "other",
                                             &error_abort);
    g_assert_false(gpio_line_set_unpark(s, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "line 1 ('L1'): line 1 of "
                            "chip 'fake0' is busy: used by 'other'"));
    error_free(err);
    err = NULL;
    g_assert_null(fc->lines[0].req);
    GPIO_CHIP_GET_CLASS(fc)->release(other);

    fc->lines[0].output = false;
    fc->lines[0].bias = GPIO_BIAS_AS_IS;
    g_assert_true(gpio_line_set_unpark(s, &err));
    g_assert_nonnull(fc->lines[0].req);
    g_assert_true(fc->lines[0].output && fc->lines[0].value);
    g_assert_cmpint(fc->lines[0].bias, ==, GPIO_BIAS_PULL_UP);
    g_assert_cmpuint(fc->lines[1].edges, ==, GPIO_EDGE_BOTH);
    g_assert_null(fc->lines[2].req);
    g_assert_cmpuint(e->fires, ==, 0);
    /* the interrupt works on */
    edge(e, 1, false);
    g_assert_cmpuint(e->fired[1], ==, 1);
    env_free(e);
}

/*
 * Save then load: the lines go back to the saved state (a line released
 * since is taken again, one taken since released), and what was owed
 * fires once the VM runs, not before; a map that does not fit fails,
 * naming what differs, and changes nothing.
 */
static void test_save_load(void)
{
    Env *e = env_new_lines(3);
    GpioLineSet *s = &e->set;
    FakeChip *fc = e->chip;
    Error *err = NULL;

    g_assert_cmpint(gpio_line_irq_enable(s, 0, GPIO_IRQ_EDGE_RISING, true),
                    ==, 0);
    edge(e, 0, true);
    g_assert_true(gpio_line_irq_pending(s, 0));
    g_assert_cmpint(gpio_line_set_output(s, 1, true), ==, 0);
    gpio_line_release(s, 2);
    gpio_line_set_save(s);
    g_assert_cmpuint(s->saved_count, ==, 3);

    /* the guest goes on, then the snapshot is loaded */
    gpio_line_irq_disable(s, 0);
    g_assert_cmpint(gpio_line_set_value(s, 1, false), ==, 0);
    g_assert_cmpint(gpio_line_acquire(s, 2), ==, 0);

    s->saved[1].name[0] = 'x';
    g_assert_false(gpio_line_set_load(s, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "line 1 is named 'x1' on the "
                    "source but 'L1' here");
    error_free(err);
    err = NULL;
    g_assert_cmpuint(fc->lines[2].requests, ==, 2);
    s->saved[1].name[0] = 'L';
    s->saved[0].irq_mode = 5;
    g_assert_false(gpio_line_set_load(s, &err));
    error_free(err);
    err = NULL;
    s->saved[0].irq_mode = GPIO_IRQ_EDGE_RISING;

    g_assert_true(gpio_line_set_load(s, &err));
    g_assert_true(fc->lines[1].output && fc->lines[1].value);
    g_assert_null(fc->lines[2].req);
    g_assert_cmpuint(fc->lines[0].edges, ==, GPIO_EDGE_RISING);
    g_assert_true(gpio_line_irq_pending(s, 0));
    /* frozen until the VM runs: the owed edge waits */
    gpio_line_irq_unmask(s, 0);
    g_assert_cmpuint(e->fires, ==, 0);
    gpio_line_set_resume(s);
    g_assert_cmpuint(e->fired[0], ==, 1);
    gpio_line_irq_ack(s, 0);
    g_assert_cmpuint(e->fires, ==, 1);
    env_free(e);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);

    g_test_add_func("/gpio-lines/init", test_init);
    g_test_add_func("/gpio-lines/irq-config", test_irq_config);
    g_test_add_func("/gpio-lines/edge/rising", test_edge_rising);
    g_test_add_func("/gpio-lines/edge/falling", test_edge_falling);
    g_test_add_func("/gpio-lines/edge/both", test_edge_both);
    g_test_add_func("/gpio-lines/edge/masked-latch", test_edge_masked_latch);
    g_test_add_func("/gpio-lines/level/high", test_level_high);
    g_test_add_func("/gpio-lines/level/low", test_level_low);
    g_test_add_func("/gpio-lines/level/no-event-fd", test_level_no_event_fd);
    g_test_add_func("/gpio-lines/withdraw", test_withdraw);
    g_test_add_func("/gpio-lines/pending-delivered", test_pending_delivered);
    g_test_add_func("/gpio-lines/reset", test_reset);
    g_test_add_func("/gpio-lines/stale/disable-enable",
                    test_stale_disable_enable);
    g_test_add_func("/gpio-lines/stale/type-change", test_stale_type_change);
    g_test_add_func("/gpio-lines/stale/reset", test_stale_reset);
    g_test_add_func("/gpio-lines/stale/timestamps", test_stale_timestamps);
    g_test_add_func("/gpio-lines/stale/not-on-mask", test_stale_not_on_mask);
    g_test_add_func("/gpio-lines/event-budget", test_event_budget);
    g_test_add_func("/gpio-lines/chip-lost", test_chip_lost);
    g_test_add_func("/gpio-lines/read-transient", test_read_transient);
    g_test_add_func("/gpio-lines/release-acquire", test_release_acquire);
    g_test_add_func("/gpio-lines/debounce", test_debounce);
    g_test_add_func("/gpio-lines/migration/park-unpark", test_park_unpark);
    g_test_add_func("/gpio-lines/migration/save-load", test_save_load);
    return g_test_run();
}

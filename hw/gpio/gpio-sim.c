/*
 * gpio-sim: a simulated GPIO chip
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A chip that lives inside QEMU, so GPIO devices run without root or
 * hardware.  "-object gpio-sim,id=sim0,lines=8,line-names=a:b" creates it;
 * per line N, QOM properties let a test or a user play the outside world:
 *
 *   lineN-input      bool, read/write: the level applied to the line from
 *                    outside (think of a button or a pull resistor)
 *   lineN-value      bool: the level the line is at, output or input
 *   lineN-direction  "input" or "output"
 *   lineN-drive      "push-pull", "open-drain" or "open-source"
 *   lineN-bias       "as-is", "disabled", "pull-up" or "pull-down"
 *   lineN-edges      edge detection: "none", "rising", "falling", "both"
 *   lineN-debounce   debounce period in microseconds, 0 for none
 *   lineN-used       bool: requested by a consumer
 *   lineN-consumer   the consumer's label, "" when free
 *
 * Direction, drive, bias and debounce period can be set while no
 * consumer holds the line, as firmware or another program would have
 * left it; a consumer then finds the line so.  At creation,
 * "line-direction", "line-drive", "line-bias" and "line-debounce" give
 * them for every line, ':'-separated like "line-names" (an empty field
 * keeps the default: input, push-pull, as-is, 0).  The chip's
 * "hold-events" property keeps edge events queued without waking the
 * consumer, like a consumer slow to read.
 *
 * Like the kernel's gpio-sim, an output drives the line; an open-drain
 * output at 1 (open-source at 0) lets it float to the outside level.
 * Edge events queue on the request and signal an EventNotifier, so the
 * consumer reads them through the same fd handler path as libgpiod.
 * A chip that a device maps cannot be deleted.
 *
 * A held input line with a debounce period is debounced by the chip, as
 * the kernel's software debouncer does it: every change of the level
 * (re)starts a timer of the period; when it expires, the level is
 * compared with the one last reported, and an edge is reported only if
 * they differ.  Pulses shorter than the period make no edge, and the
 * consumer reads the debounced level (lineN-value stays the level on
 * the wire).  The timer runs on QEMU_CLOCK_VIRTUAL: it stands still
 * while the VM is stopped, and qtest's clock_step drives it.  An output
 * keeps its period and debounces nothing.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/cutils.h"
#include "qemu/event_notifier.h"
#include "qemu/timer.h"
#include "qemu/error-report.h"
#include "qom/object_interfaces.h"
#include "hw/gpio/gpio-sim.h"
#include "hw/vmstate-if.h"
#include "migration/vmstate.h"
#include "system/runstate.h"

/* Events a request buffers per line, as the kernel's default. */
#define GPIO_SIM_EVENTS_PER_LINE 16

typedef struct GpioSimRequest GpioSimRequest;

typedef struct GpioSimLine {
    GpioSim *sim;
    unsigned offset;
    char *name;
    bool input_level;           /* applied from outside */
    bool output;
    bool out_value;
    uint8_t drive;              /* GpioDrive */
    uint8_t bias;               /* GpioBias */
    uint32_t edges;
    uint32_t debounce_us;       /* debounce period, 0: none; for inputs */
    bool level;                 /* last computed level */
    GpioSimRequest *req;        /* holder, or NULL */
    /*
     * Migration: the holder's debounced level and the expiry of a change
     * waiting out its period (virtual clock ns, -1: none), for the
     * request the destination's device makes while the state loads.
     */
    bool saved_reported;
    int64_t saved_deadline;
    bool restored;
} GpioSimLine;

struct GpioSimRequest {
    GpioLineRequest parent;
    GpioSimLine *line;
    char consumer[GPIO_CHIP_NAME_MAX];
    EventNotifier notifier;
    GpioEdgeEvent ring[GPIO_SIM_EVENTS_PER_LINE];
    unsigned ring_head, ring_count;
    QEMUTimer *debounce;        /* runs while a change waits out the period */
    bool reported;              /* the debounced level, last reported */
};

/* An edge storm in progress, see sim_storm_tick() */
typedef struct GpioSimStorm {
    QEMUTimer *timer;
    uint32_t first, lines, rate;
    uint32_t left;              /* edges still to make on each line */
    uint64_t made;              /* edges made by storms so far */
    int64_t next_ns;            /* when the next batch is due */
} GpioSimStorm;

struct GpioSim {
    GpioChip parent_obj;

    uint32_t num_lines;
    char *line_names;
    char *line_direction;
    char *line_drive;
    char *line_bias;
    char *line_debounce;
    bool hold_events;
    GpioSimLine *lines;
    uint32_t saved_lines;       /* num_lines, as migrated */
    GpioSimStorm storm;
};

static const char *const drive_names[] = {
    [GPIO_DRIVE_PUSH_PULL] = "push-pull",
    [GPIO_DRIVE_OPEN_DRAIN] = "open-drain",
    [GPIO_DRIVE_OPEN_SOURCE] = "open-source",
};

static const char *const bias_names[] = {
    [GPIO_BIAS_AS_IS] = "as-is",
    [GPIO_BIAS_DISABLED] = "disabled",
    [GPIO_BIAS_PULL_UP] = "pull-up",
    [GPIO_BIAS_PULL_DOWN] = "pull-down",
};

static const char *const edge_names[] = {
    "none", "rising", "falling", "both",
};

static bool sim_line_level(const GpioSimLine *l)
{
    if (!l->output) {
        return l->input_level;
    }
    switch (l->drive) {
    case GPIO_DRIVE_OPEN_DRAIN:
        return l->out_value ? l->input_level : false;
    case GPIO_DRIVE_OPEN_SOURCE:
        return l->out_value ? true : l->input_level;
    default:
        return l->out_value;
    }
}

static void sim_request_push(GpioSimRequest *r, bool rising)
{
    GpioEdgeEvent *ev;

    if (r->ring_count == GPIO_SIM_EVENTS_PER_LINE) {
        /* Full: drop the oldest, as the kernel does. */
        r->ring_head = (r->ring_head + 1) % GPIO_SIM_EVENTS_PER_LINE;
        r->ring_count--;
    }
    ev = &r->ring[(r->ring_head + r->ring_count) % GPIO_SIM_EVENTS_PER_LINE];
    ev->rising = rising;
    ev->timestamp_ns = get_clock();
    r->ring_count++;
    if (!r->line->sim->hold_events) {
        event_notifier_set(&r->notifier);
    }
}

/* Whether a change of the line's level waits out a debounce period */
static bool sim_line_debounced(const GpioSimLine *l)
{
    return l->req && !l->output && l->debounce_us;
}

/* The level counts now: report the edge if it differs from the last. */
static void sim_line_settle(GpioSimLine *l)
{
    GpioSimRequest *r = l->req;
    unsigned edge;

    if (!r || r->reported == l->level) {
        return;
    }
    r->reported = l->level;
    edge = l->level ? GPIO_EDGE_RISING : GPIO_EDGE_FALLING;
    if (!l->output && (l->edges & edge)) {
        sim_request_push(r, l->level);
    }
}

/* Recompute a line's level after any change and report the edge. */
static void sim_line_update(GpioSimLine *l)
{
    bool level = sim_line_level(l);

    if (level == l->level) {
        return;
    }
    l->level = level;
    if (sim_line_debounced(l)) {
        /* (Re)start the period: the level counts once it has held. */
        timer_mod(l->req->debounce, qemu_clock_get_us(QEMU_CLOCK_VIRTUAL) +
                  l->debounce_us);
        return;
    }
    sim_line_settle(l);
}

static void sim_debounce_expired(void *opaque)
{
    GpioSimRequest *r = opaque;

    sim_line_settle(r->line);
}

/* The holder's debounce state as it was saved */
static void sim_request_restore(GpioSimLine *l)
{
    GpioSimRequest *r = l->req;

    r->reported = l->saved_reported;
    if (l->saved_deadline >= 0 && sim_line_debounced(l)) {
        timer_mod_ns(r->debounce, l->saved_deadline);
    } else {
        timer_del(r->debounce);
    }
}

/* GpioChipClass */

static unsigned sim_num_lines(GpioChip *chip)
{
    return GPIO_SIM(chip)->num_lines;
}

static void sim_line_info(GpioChip *chip, unsigned offset, GpioLineInfo *info)
{
    GpioSimLine *l = &GPIO_SIM(chip)->lines[offset];

    memset(info, 0, sizeof(*info));
    pstrcpy(info->name, sizeof(info->name), l->name ? l->name : "");
    if (l->req) {
        info->used = true;
        pstrcpy(info->consumer, sizeof(info->consumer), l->req->consumer);
    }
    info->output = l->output;
    info->drive = l->drive;
    info->bias = l->bias;
    info->debounce_us = l->debounce_us;
}

static const char *sim_id(GpioSim *sim)
{
    return object_get_canonical_path_component(OBJECT(sim));
}

static GpioLineRequest *sim_request(GpioChip *chip, unsigned offset,
                                    const char *consumer, Error **errp)
{
    GpioSim *sim = GPIO_SIM(chip);
    GpioSimRequest *r;
    GpioSimLine *l;
    int ret;

    if (offset >= sim->num_lines) {
        error_setg(errp, "line %u is out of range: chip '%s' has %u lines",
                   offset, sim_id(sim), sim->num_lines);
        return NULL;
    }
    l = &sim->lines[offset];
    if (l->req) {
        error_setg(errp, "line %u of chip '%s' is busy: used by '%s'",
                   offset, sim_id(sim), l->req->consumer);
        return NULL;
    }

    r = g_new0(GpioSimRequest, 1);
    ret = event_notifier_init(&r->notifier, false);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "cannot create event notifier");
        g_free(r);
        return NULL;
    }
    r->parent.chip = chip;
    r->parent.offset = offset;
    r->line = l;
    pstrcpy(r->consumer, sizeof(r->consumer), consumer);
    r->debounce = timer_new_us(QEMU_CLOCK_VIRTUAL, sim_debounce_expired, r);
    l->level = sim_line_level(l);
    r->reported = l->level;
    l->req = r;
    /* Taken while a migration or snapshot loads: as it was held there. */
    if (l->restored && (runstate_check(RUN_STATE_INMIGRATE) ||
                        runstate_check(RUN_STATE_RESTORE_VM))) {
        sim_request_restore(l);
    }
    l->restored = false;
    return &r->parent;
}

static GpioSimLine *sim_req_line(GpioLineRequest *req)
{
    return container_of(req, GpioSimRequest, parent)->line;
}

static void sim_release(GpioLineRequest *req)
{
    GpioSimRequest *r = container_of(req, GpioSimRequest, parent);

    r->line->req = NULL;
    r->line->edges = 0;
    /* A change still waiting out its period has no one to go to. */
    timer_free(r->debounce);
    event_notifier_cleanup(&r->notifier);
    g_free(r);
}

static bool sim_reconfigure(GpioLineRequest *req, const GpioLineSettings *s,
                            Error **errp)
{
    GpioSimLine *l = sim_req_line(req);

    l->output = s->output;
    if (s->output) {
        l->out_value = s->value;
    }
    l->drive = s->drive;
    l->bias = s->bias;
    l->edges = s->output ? 0 : s->edges;
    l->debounce_us = s->debounce_us;
    sim_line_update(l);
    if (!sim_line_debounced(l)) {
        /* Debounce off, or an output now: a waiting change counts now. */
        timer_del(l->req->debounce);
        sim_line_settle(l);
    }
    return true;
}

static int sim_get_value(GpioLineRequest *req)
{
    GpioSimLine *l = sim_req_line(req);

    /* A debounced input reads its debounced level, as in the kernel. */
    return sim_line_debounced(l) ? l->req->reported : sim_line_level(l);
}

static int sim_set_value(GpioLineRequest *req, bool value)
{
    GpioSimLine *l = sim_req_line(req);

    if (!l->output) {
        return -EPERM;
    }
    l->out_value = value;
    sim_line_update(l);
    return 0;
}

static int sim_event_fd(GpioLineRequest *req)
{
    GpioSimRequest *r = container_of(req, GpioSimRequest, parent);

    return event_notifier_get_fd(&r->notifier);
}

static int sim_read_events(GpioLineRequest *req, GpioEdgeEvent *ev,
                           unsigned max)
{
    GpioSimRequest *r = container_of(req, GpioSimRequest, parent);
    unsigned n = 0;

    event_notifier_test_and_clear(&r->notifier);
    while (n < max && r->ring_count) {
        ev[n++] = r->ring[r->ring_head];
        r->ring_head = (r->ring_head + 1) % GPIO_SIM_EVENTS_PER_LINE;
        r->ring_count--;
    }
    if (r->ring_count && !r->line->sim->hold_events) {
        event_notifier_set(&r->notifier);
    }
    return n;
}

/* Per-line QOM properties */

static void line_get_input(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;

    visit_type_bool(v, name, &l->input_level, errp);
}

static void line_set_input(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    l->input_level = value;
    sim_line_update(l);
}

static void line_get_value(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    bool value = sim_line_level(opaque);

    visit_type_bool(v, name, &value, errp);
}

static void line_get_used(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;
    bool used = l->req != NULL;

    visit_type_bool(v, name, &used, errp);
}

static void visit_const_str(Visitor *v, const char *name, const char *str,
                            Error **errp)
{
    char *s = (char *)str;

    visit_type_str(v, name, &s, errp);
}

static const char *const direction_names[] = { "input", "output" };

/* Settings change only while no consumer holds the line. */
static bool line_check_free(GpioSimLine *l, const char *name, Error **errp)
{
    if (l->req) {
        error_setg(errp, "gpio-sim: '%s' cannot change while the line is "
                   "used by '%s'", name, l->req->consumer);
        return false;
    }
    return true;
}

/*
 * The index of @name's value in @names, for a line no consumer holds.
 * Returns -1 with @errp set otherwise.
 */
static int line_set_choice(GpioSimLine *l, Visitor *v, const char *name,
                           const char *const *names, unsigned n,
                           Error **errp)
{
    g_autofree char *value = NULL;

    if (!visit_type_str(v, name, &value, errp) ||
        !line_check_free(l, name, errp)) {
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        if (!strcmp(value, names[i])) {
            return i;
        }
    }
    error_setg(errp, "gpio-sim: invalid value '%s' for '%s'", value, name);
    return -1;
}

static void line_get_direction(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;

    visit_const_str(v, name, direction_names[l->output], errp);
}

static void line_set_direction(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;
    int i = line_set_choice(l, v, name, direction_names,
                            ARRAY_SIZE(direction_names), errp);

    if (i >= 0) {
        l->output = i;
        sim_line_update(l);
    }
}

static void line_get_drive(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;

    visit_const_str(v, name, drive_names[l->drive], errp);
}

static void line_set_drive(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;
    int i = line_set_choice(l, v, name, drive_names, ARRAY_SIZE(drive_names),
                            errp);

    if (i >= 0) {
        l->drive = i;
        sim_line_update(l);
    }
}

static void line_get_bias(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;

    visit_const_str(v, name, bias_names[l->bias], errp);
}

static void line_set_bias(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;
    int i = line_set_choice(l, v, name, bias_names, ARRAY_SIZE(bias_names),
                            errp);

    if (i >= 0) {
        l->bias = i;
    }
}

static void line_get_edges(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;

    visit_const_str(v, name, edge_names[l->edges & GPIO_EDGE_BOTH], errp);
}

static void line_get_debounce(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;

    visit_type_uint32(v, name, &l->debounce_us, errp);
}

static void line_set_debounce(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;
    uint32_t value;

    if (visit_type_uint32(v, name, &value, errp) &&
        line_check_free(l, name, errp)) {
        l->debounce_us = value;
    }
}

static void line_get_consumer(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    GpioSimLine *l = opaque;

    visit_const_str(v, name, l->req ? l->req->consumer : "", errp);
}

static const struct {
    const char *suffix;
    const char *type;
    ObjectPropertyAccessor *get, *set;
    const char *desc;
} line_props[] = {
    { "input", "bool", line_get_input, line_set_input,
      "level applied to the line from outside" },
    { "value", "bool", line_get_value, NULL, "level of the line" },
    { "direction", "str", line_get_direction, line_set_direction,
      "input or output (settable while the line is free)" },
    { "drive", "str", line_get_drive, line_set_drive,
      "push-pull, open-drain or open-source (settable while free)" },
    { "bias", "str", line_get_bias, line_set_bias,
      "as-is, disabled, pull-up or pull-down (settable while free)" },
    { "edges", "str", line_get_edges, NULL,
      "edge detection: none, rising, falling or both" },
    { "debounce", "uint32", line_get_debounce, line_set_debounce,
      "debounce period in microseconds, 0 for none (settable while free)" },
    { "used", "bool", line_get_used, NULL, "requested by a consumer" },
    { "consumer", "str", line_get_consumer, NULL, "label of the holder" },
};

/* Migration: the whole bench, so a snapshot restores it */

static const VMStateDescription vmstate_gpio_sim_line = {
    .name = "gpio-sim-line",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(input_level, GpioSimLine),
        VMSTATE_BOOL(output, GpioSimLine),
        VMSTATE_BOOL(out_value, GpioSimLine),
        VMSTATE_UINT8(drive, GpioSimLine),
        VMSTATE_UINT8(bias, GpioSimLine),
        VMSTATE_UINT32(edges, GpioSimLine),
        VMSTATE_UINT32(debounce_us, GpioSimLine),
        VMSTATE_BOOL(saved_reported, GpioSimLine),
        VMSTATE_INT64(saved_deadline, GpioSimLine),
        VMSTATE_END_OF_LIST()
    },
};

static int gpio_sim_pre_save(void *opaque)
{
    GpioSim *sim = opaque;

    sim->saved_lines = sim->num_lines;
    for (unsigned i = 0; i < sim->num_lines; i++) {
        GpioSimLine *l = &sim->lines[i];

        l->saved_reported = l->req ? l->req->reported : l->level;
        l->saved_deadline = l->req ? timer_expire_time_ns(l->req->debounce)
                                   : -1;
    }
    return 0;
}

static bool gpio_sim_lines_match(void *opaque, int version_id)
{
    GpioSim *sim = opaque;

    if (sim->saved_lines != sim->num_lines) {
        error_report("gpio-sim '%s': the source chip has %u lines, this one "
                     "%u", sim_id(sim), sim->saved_lines, sim->num_lines);
        return false;
    }
    return true;
}

static int gpio_sim_post_load(void *opaque, int version_id)
{
    GpioSim *sim = opaque;

    for (unsigned i = 0; i < sim->num_lines; i++) {
        GpioSimLine *l = &sim->lines[i];

        if (l->drive > GPIO_DRIVE_OPEN_SOURCE ||
            l->bias > GPIO_BIAS_PULL_DOWN || l->edges > GPIO_EDGE_BOTH) {
            error_report("gpio-sim '%s': invalid settings for line %u in "
                         "the migration stream", sim_id(sim), i);
            return -EINVAL;
        }
        /* The level follows from the state; no edge for the jump. */
        l->level = sim_line_level(l);
        if (l->req) {
            /* Held by a device of this VM (loadvm) */
            sim_request_restore(l);
        } else {
            l->restored = true;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_gpio_sim = {
    .name = "gpio-sim",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = gpio_sim_pre_save,
    .post_load = gpio_sim_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(saved_lines, GpioSim),
        VMSTATE_VALIDATE("same number of lines", gpio_sim_lines_match),
        VMSTATE_STRUCT_VARRAY_POINTER_UINT32(lines, GpioSim, num_lines,
                                             vmstate_gpio_sim_line,
                                             GpioSimLine),
        VMSTATE_END_OF_LIST()
    },
};

static char *gpio_sim_vmstate_id(VMStateIf *vmif)
{
    return object_get_canonical_path(OBJECT(vmif));
}

/* Object */

/*
 * Apply one of the per-line lists given at creation: @list holds a value
 * of @names per line, ':'-separated; an empty field keeps the default.
 */
static bool sim_apply_list(GpioSim *sim, const char *prop, const char *list,
                           const char *const *names, unsigned n_names,
                           unsigned *field_of_line, Error **errp)
{
    g_auto(GStrv) values = NULL;
    unsigned n;

    if (!list || !*list) {
        return true;
    }
    values = g_strsplit(list, ":", -1);
    n = g_strv_length(values);
    if (n > sim->num_lines) {
        error_setg(errp, "gpio-sim: '%s' has %u values for %u lines", prop,
                   n, sim->num_lines);
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned k;

        if (!*values[i]) {
            continue;
        }
        for (k = 0; k < n_names && strcmp(values[i], names[k]); k++) {
            /* look for it */
        }
        if (k == n_names) {
            error_setg(errp, "gpio-sim: '%s' value '%s' for line %u is not "
                       "one of %s%s%s%s%s", prop, values[i], i, names[0],
                       n_names > 1 ? ", " : "", n_names > 1 ? names[1] : "",
                       n_names > 2 ? ", " : "", n_names > 2 ? names[2] : "");
            return false;
        }
        field_of_line[i] = k;
    }
    return true;
}

/*
 * The "line-debounce" list given at creation: a period in microseconds
 * per line, ':'-separated; an empty field keeps 0.
 */
static bool sim_apply_debounce(GpioSim *sim, uint32_t *period, Error **errp)
{
    g_auto(GStrv) values = NULL;
    unsigned n;

    if (!sim->line_debounce || !*sim->line_debounce) {
        return true;
    }
    values = g_strsplit(sim->line_debounce, ":", -1);
    n = g_strv_length(values);
    if (n > sim->num_lines) {
        error_setg(errp, "gpio-sim: 'line-debounce' has %u values for %u "
                   "lines", n, sim->num_lines);
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned v;

        if (!*values[i]) {
            continue;
        }
        if (!g_ascii_isdigit(values[i][0]) ||
            qemu_strtoui(values[i], NULL, 10, &v) < 0) {
            error_setg(errp, "gpio-sim: 'line-debounce' value '%s' for line "
                       "%u is not a period in microseconds (0 to %u)",
                       values[i], i, UINT32_MAX);
            return false;
        }
        period[i] = v;
    }
    return true;
}

static void gpio_sim_complete(UserCreatable *uc, Error **errp)
{
    GpioSim *sim = GPIO_SIM(uc);
    g_auto(GStrv) names = NULL;
    g_autofree unsigned *dir = NULL, *drive = NULL, *bias = NULL;
    g_autofree uint32_t *debounce = NULL;
    unsigned num_names = 0;

    if (sim->num_lines < 1 || sim->num_lines > GPIO_SIM_MAX_LINES) {
        error_setg(errp, "gpio-sim: 'lines' must be between 1 and %d, "
                   "not %u", GPIO_SIM_MAX_LINES, sim->num_lines);
        return;
    }
    if (sim->line_names && *sim->line_names) {
        names = g_strsplit(sim->line_names, ":", -1);
        num_names = g_strv_length(names);
        if (num_names > sim->num_lines) {
            error_setg(errp, "gpio-sim: 'line-names' has %u names for %u "
                       "lines", num_names, sim->num_lines);
            return;
        }
        for (unsigned i = 0; i < num_names; i++) {
            if (strlen(names[i]) >= GPIO_CHIP_NAME_MAX) {
                error_setg(errp, "gpio-sim: line name '%s' is longer than "
                           "%d characters", names[i], GPIO_CHIP_NAME_MAX - 1);
                return;
            }
        }
    }

    dir = g_new0(unsigned, sim->num_lines);
    drive = g_new0(unsigned, sim->num_lines);
    bias = g_new0(unsigned, sim->num_lines);
    debounce = g_new0(uint32_t, sim->num_lines);
    if (!sim_apply_list(sim, "line-direction", sim->line_direction,
                        direction_names, ARRAY_SIZE(direction_names), dir,
                        errp) ||
        !sim_apply_list(sim, "line-drive", sim->line_drive, drive_names,
                        ARRAY_SIZE(drive_names), drive, errp) ||
        !sim_apply_list(sim, "line-bias", sim->line_bias, bias_names,
                        ARRAY_SIZE(bias_names), bias, errp) ||
        !sim_apply_debounce(sim, debounce, errp)) {
        return;
    }

    sim->lines = g_new0(GpioSimLine, sim->num_lines);
    for (unsigned i = 0; i < sim->num_lines; i++) {
        GpioSimLine *l = &sim->lines[i];

        l->sim = sim;
        l->offset = i;
        l->output = dir[i];
        l->drive = drive[i];
        l->bias = bias[i];
        l->debounce_us = debounce[i];
        if (i < num_names && *names[i]) {
            l->name = g_strdup(names[i]);
        }
        for (unsigned j = 0; j < ARRAY_SIZE(line_props); j++) {
            g_autofree char *prop = g_strdup_printf("line%u-%s", i,
                                                    line_props[j].suffix);

            object_property_add(OBJECT(sim), prop, line_props[j].type,
                                line_props[j].get, line_props[j].set,
                                NULL, l);
            object_property_set_description(OBJECT(sim), prop,
                                            line_props[j].desc);
        }
    }
    /*
     * Created before any device that maps it, so its state loads before
     * theirs: a device takes its lines from a chip already restored.
     */
    vmstate_register_any(VMSTATE_IF(sim), &vmstate_gpio_sim, sim);
}

/*
 * The objects root holds one reference; every line a device maps holds
 * another, whether or not the device holds the line just now.
 */
static bool gpio_sim_can_be_deleted(UserCreatable *uc)
{
    return OBJECT(uc)->ref == 1;
}

static void gpio_sim_get_lines(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    visit_type_uint32(v, name, &GPIO_SIM(obj)->num_lines, errp);
}

static void gpio_sim_set_lines(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    GpioSim *sim = GPIO_SIM(obj);

    if (sim->lines) {
        error_setg(errp, "gpio-sim: 'lines' cannot change once created");
        return;
    }
    visit_type_uint32(v, name, &sim->num_lines, errp);
}

static bool gpio_sim_get_hold_events(Object *obj, Error **errp)
{
    return GPIO_SIM(obj)->hold_events;
}

static void gpio_sim_set_hold_events(Object *obj, bool value, Error **errp)
{
    GpioSim *sim = GPIO_SIM(obj);

    sim->hold_events = value;
    for (unsigned i = 0; !value && sim->lines && i < sim->num_lines; i++) {
        GpioSimRequest *r = sim->lines[i].req;

        if (r && r->ring_count) {
            event_notifier_set(&r->notifier);
        }
    }
}

static char *gpio_sim_get_line_names(Object *obj, Error **errp)
{
    return g_strdup(GPIO_SIM(obj)->line_names);
}

static void gpio_sim_set_line_names(Object *obj, const char *value,
                                    Error **errp)
{
    GpioSim *sim = GPIO_SIM(obj);

    if (sim->lines) {
        error_setg(errp, "gpio-sim: 'line-names' cannot change once created");
        return;
    }
    g_free(sim->line_names);
    sim->line_names = g_strdup(value);
}

static char **sim_list_prop(Object *obj, const char *name)
{
    GpioSim *sim = GPIO_SIM(obj);

    if (!strcmp(name, "line-direction")) {
        return &sim->line_direction;
    }
    if (!strcmp(name, "line-debounce")) {
        return &sim->line_debounce;
    }
    return !strcmp(name, "line-drive") ? &sim->line_drive : &sim->line_bias;
}

static void gpio_sim_get_list(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    char *value = *sim_list_prop(obj, name) ?: (char *)"";

    visit_type_str(v, name, &value, errp);
}

static void gpio_sim_set_list(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    char **field = sim_list_prop(obj, name);
    char *value;

    if (GPIO_SIM(obj)->lines) {
        error_setg(errp, "gpio-sim: '%s' cannot change once created; set "
                   "lineN-%s instead", name, name + strlen("line-"));
        return;
    }
    if (!visit_type_str(v, name, &value, errp)) {
        return;
    }
    g_free(*field);
    *field = value;
}

/*
 * Edge storms, for benchmarks: writing N to "storm-edges" makes N edges
 * on each of the lines storm-first .. storm-first + storm-lines - 1 (all
 * lines when storm-lines is 0) by toggling their outside level, in
 * batches of one edge per line: storm-rate batches a second, or one per
 * main-loop iteration when storm-rate is 0.  No QMP command per edge, and
 * the main loop runs its other work between two batches.  "storm-edges"
 * reads the edges still to make on each line (writing 0 stops a storm);
 * "storm-made" counts every edge storms made on the chip.
 */
static void sim_storm_tick(void *opaque)
{
    GpioSim *sim = opaque;
    GpioSimStorm *s = &sim->storm;
    unsigned end = MIN((uint64_t)s->first + (s->lines ?: sim->num_lines),
                       sim->num_lines);
    int64_t now;

    for (unsigned i = s->first; i < end; i++) {
        GpioSimLine *l = &sim->lines[i];

        l->input_level = !l->input_level;
        sim_line_update(l);
        s->made++;
    }
    if (!--s->left) {
        return;
    }
    /* Due now or later: a timer due now runs in the next iteration. */
    now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    s->next_ns = s->rate ? s->next_ns + NANOSECONDS_PER_SECOND / s->rate
                         : now;
    timer_mod(s->timer, MAX(s->next_ns, now));
}

static void sim_storm_get(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    uint32_t *field = (uint32_t *)((char *)obj + (uintptr_t)opaque);

    visit_type_uint32(v, name, field, errp);
}

static void sim_storm_set(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    uint32_t *field = (uint32_t *)((char *)obj + (uintptr_t)opaque);

    visit_type_uint32(v, name, field, errp);
}

static void sim_storm_set_edges(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    GpioSim *sim = GPIO_SIM(obj);
    GpioSimStorm *s = &sim->storm;
    uint32_t n;

    if (!visit_type_uint32(v, name, &n, errp)) {
        return;
    }
    if (!sim->lines || s->first >= sim->num_lines) {
        error_setg(errp, "gpio-sim: 'storm-first' %u is not a line of the "
                   "chip", s->first);
        return;
    }
    if (!s->timer) {
        s->timer = timer_new_ns(QEMU_CLOCK_REALTIME, sim_storm_tick, sim);
    }
    s->left = n;
    if (!n) {
        timer_del(s->timer);
        return;
    }
    s->next_ns = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    timer_mod(s->timer, s->next_ns);
}

static void sim_storm_get_made(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    visit_type_uint64(v, name, &GPIO_SIM(obj)->storm.made, errp);
}

static void sim_storm_class_init(ObjectClass *oc)
{
    static const struct {
        const char *name;
        size_t offset;
        const char *desc;
    } props[] = {
        { "storm-first", offsetof(GpioSim, storm.first),
          "first line of an edge storm (default 0)" },
        { "storm-lines", offsetof(GpioSim, storm.lines),
          "lines of an edge storm, 0 for all from storm-first (default)" },
        { "storm-rate", offsetof(GpioSim, storm.rate),
          "edges a second on each line of a storm, 0 for one per "
          "main-loop iteration (default)" },
    };

    for (unsigned i = 0; i < ARRAY_SIZE(props); i++) {
        object_class_property_add(oc, props[i].name, "uint32", sim_storm_get,
                                  sim_storm_set, NULL,
                                  (void *)(uintptr_t)props[i].offset);
        object_class_property_set_description(oc, props[i].name,
                                              props[i].desc);
    }
    object_class_property_add(oc, "storm-edges", "uint32", sim_storm_get,
                              sim_storm_set_edges, NULL,
                              (void *)offsetof(GpioSim, storm.left));
    object_class_property_set_description(oc, "storm-edges",
        "start a storm of this many edges on each line; reads the edges "
        "still to make (0: none, or stop)");
    object_class_property_add(oc, "storm-made", "uint64", sim_storm_get_made,
                              NULL, NULL, NULL);
    object_class_property_set_description(oc, "storm-made",
        "edges made by storms on this chip");
}

static void gpio_sim_instance_init(Object *obj)
{
    GPIO_SIM(obj)->num_lines = 8;
}

static void gpio_sim_instance_finalize(Object *obj)
{
    GpioSim *sim = GPIO_SIM(obj);

    timer_free(sim->storm.timer);
    if (sim->lines) {
        vmstate_unregister(VMSTATE_IF(sim), &vmstate_gpio_sim, sim);
    }
    for (unsigned i = 0; sim->lines && i < sim->num_lines; i++) {
        g_free(sim->lines[i].name);
    }
    g_free(sim->lines);
    g_free(sim->line_names);
    g_free(sim->line_direction);
    g_free(sim->line_drive);
    g_free(sim->line_bias);
    g_free(sim->line_debounce);
}

static void gpio_sim_class_init(ObjectClass *oc, const void *data)
{
    GpioChipClass *gc = GPIO_CHIP_CLASS(oc);
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);
    VMStateIfClass *vc = VMSTATE_IF_CLASS(oc);

    ucc->complete = gpio_sim_complete;
    ucc->can_be_deleted = gpio_sim_can_be_deleted;
    vc->get_id = gpio_sim_vmstate_id;

    gc->num_lines = sim_num_lines;
    gc->line_info = sim_line_info;
    gc->request = sim_request;
    gc->release = sim_release;
    gc->reconfigure = sim_reconfigure;
    gc->get_value = sim_get_value;
    gc->set_value = sim_set_value;
    gc->event_fd = sim_event_fd;
    gc->read_events = sim_read_events;

    object_class_property_add(oc, "lines", "uint32", gpio_sim_get_lines,
                              gpio_sim_set_lines, NULL, NULL);
    object_class_property_set_description(oc, "lines",
                                          "number of lines (default 8)");
    object_class_property_add_str(oc, "line-names", gpio_sim_get_line_names,
                                  gpio_sim_set_line_names);
    object_class_property_set_description(oc, "line-names",
        "line names in offset order, separated by ':'");
    object_class_property_add(oc, "line-direction", "str", gpio_sim_get_list,
                              gpio_sim_set_list, NULL, NULL);
    object_class_property_set_description(oc, "line-direction",
        "initial directions in offset order, ':'-separated: input, output");
    object_class_property_add(oc, "line-drive", "str", gpio_sim_get_list,
                              gpio_sim_set_list, NULL, NULL);
    object_class_property_set_description(oc, "line-drive",
        "initial drives in offset order, ':'-separated: push-pull, "
        "open-drain, open-source");
    object_class_property_add(oc, "line-bias", "str", gpio_sim_get_list,
                              gpio_sim_set_list, NULL, NULL);
    object_class_property_set_description(oc, "line-bias",
        "initial biases in offset order, ':'-separated: as-is, disabled, "
        "pull-up, pull-down");
    object_class_property_add(oc, "line-debounce", "str", gpio_sim_get_list,
                              gpio_sim_set_list, NULL, NULL);
    object_class_property_set_description(oc, "line-debounce",
        "initial debounce periods in offset order, ':'-separated, in "
        "microseconds (0: none)");
    object_class_property_add_bool(oc, "hold-events",
                                   gpio_sim_get_hold_events,
                                   gpio_sim_set_hold_events);
    object_class_property_set_description(oc, "hold-events",
        "queue edge events without waking their consumer (default off)");
    sim_storm_class_init(oc);
}

static const TypeInfo gpio_sim_info = {
    .name = TYPE_GPIO_SIM,
    .parent = TYPE_GPIO_CHIP,
    .instance_size = sizeof(GpioSim),
    .instance_init = gpio_sim_instance_init,
    .instance_finalize = gpio_sim_instance_finalize,
    .class_init = gpio_sim_class_init,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { TYPE_VMSTATE_IF },
        { }
    },
};

static void gpio_sim_register_types(void)
{
    type_register_static(&gpio_sim_info);
}

type_init(gpio_sim_register_types)

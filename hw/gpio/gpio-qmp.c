/*
 * GPIO devices in QMP and HMP: query-gpio and "info gpio"
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every line set the engine (gpio-lines.c) brings up registers here, so
 * the management view lists them whatever protocol front end owns them.
 */

#include "qemu/osdep.h"
#include "qemu/queue.h"
#include "qapi/qapi-commands-gpio.h"
#include "qobject/qdict.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "hw/gpio/gpio-lines.h"

static QTAILQ_HEAD(, GpioLineSet) gpio_line_sets =
    QTAILQ_HEAD_INITIALIZER(gpio_line_sets);

void gpio_qmp_register(GpioLineSet *s)
{
    QTAILQ_INSERT_TAIL(&gpio_line_sets, s, next);
}

void gpio_qmp_unregister(GpioLineSet *s)
{
    QTAILQ_REMOVE(&gpio_line_sets, s, next);
}

static GpioIrqTrigger irq_mode_qapi(GpioIrqMode mode)
{
    switch (mode) {
    case GPIO_IRQ_EDGE_RISING:
        return GPIO_IRQ_TRIGGER_EDGE_RISING;
    case GPIO_IRQ_EDGE_FALLING:
        return GPIO_IRQ_TRIGGER_EDGE_FALLING;
    case GPIO_IRQ_EDGE_BOTH:
        return GPIO_IRQ_TRIGGER_EDGE_BOTH;
    case GPIO_IRQ_LEVEL_HIGH:
        return GPIO_IRQ_TRIGGER_LEVEL_HIGH;
    case GPIO_IRQ_LEVEL_LOW:
        return GPIO_IRQ_TRIGGER_LEVEL_LOW;
    default:
        return GPIO_IRQ_TRIGGER_NONE;
    }
}

static GpioLineStatus *line_status(GpioLineSet *s, unsigned i)
{
    GpioLine *l = &s->lines[i];
    GpioLineStatus *st = g_new0(GpioLineStatus, 1);
    int v = gpio_line_held(s, i) ? gpio_line_get_value(s, i) : -1;

    st->line = i;
    st->chip = g_strdup(gpio_chip_identity(l->chip));
    st->offset = l->chip_offset;
    st->name = g_strdup(l->name);
    st->held = gpio_line_held(s, i);
    st->output = l->settings.output;
    st->value = v > 0;
    st->irq = irq_mode_qapi(l->irq_mode);
    st->masked = l->masked;
    st->pending = gpio_line_irq_pending(s, i);
    return st;
}

GpioDeviceStatusList *qmp_query_gpio(Error **errp)
{
    GpioDeviceStatusList *head = NULL, **tail = &head;
    GpioLineSet *s;

    QTAILQ_FOREACH(s, &gpio_line_sets, next) {
        GpioDeviceStatus *dev = g_new0(GpioDeviceStatus, 1);
        GpioLineStatusList **lt = &dev->lines;

        dev->path = object_get_canonical_path(s->owner);
        dev->type = g_strdup(object_get_typename(s->owner));
        dev->requests = s->stats.requests;
        dev->errors = s->stats.errors;
        dev->events = s->stats.events;
        for (unsigned i = 0; i < s->count; i++) {
            QAPI_LIST_APPEND(lt, line_status(s, i));
            dev->events_waiting += gpio_line_irq_pending(s, i);
        }
        QAPI_LIST_APPEND(tail, dev);
    }
    return head;
}

void hmp_info_gpio(Monitor *mon, const QDict *qdict)
{
    GpioDeviceStatusList *list = qmp_query_gpio(NULL), *d;

    if (!list) {
        monitor_printf(mon, "No GPIO devices\n");
    }
    for (d = list; d; d = d->next) {
        GpioDeviceStatus *dev = d->value;
        GpioLineStatusList *l;

        monitor_printf(mon, "%s (%s): requests %" PRIu64 ", errors %" PRIu64
                       ", events %" PRIu64 ", waiting %" PRIu64 "\n",
                       dev->path, dev->type, dev->requests, dev->errors,
                       dev->events, dev->events_waiting);
        for (l = dev->lines; l; l = l->next) {
            GpioLineStatus *st = l->value;

            monitor_printf(mon, "  line %2u  %s:%u  %-16s %s %s irq %s%s%s\n",
                           st->line, st->chip, st->offset,
                           st->name[0] ? st->name : "-",
                           !st->held ? "released" :
                           st->output ? "output" : "input ",
                           st->value ? "1" : "0",
                           GpioIrqTrigger_str(st->irq),
                           st->masked ? " masked" : "",
                           st->pending ? " pending" : "");
        }
    }
    qapi_free_GpioDeviceStatusList(list);
}

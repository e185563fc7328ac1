/*
 * GPIO line engine: line sets across migration and snapshots
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The stream format of a line set, and when its host lines change
 * hands: the source gives them up once its VM has stopped for the
 * switch-over (its state is saved after that), the destination takes
 * them when that state arrives, and a source that runs again, because
 * the migration failed or was cancelled, takes back what it gave up.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "hw/qdev-core.h"
#include "migration/misc.h"
#include "migration/vmstate.h"
#include "system/runstate.h"
#include "hw/gpio/gpio-lines.h"

static const VMStateDescription vmstate_gpio_line_settings = {
    .name = "gpio-line-settings",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(output, GpioLineSettingsState),
        VMSTATE_BOOL(value, GpioLineSettingsState),
        VMSTATE_UINT8(drive, GpioLineSettingsState),
        VMSTATE_UINT8(bias, GpioLineSettingsState),
        VMSTATE_UINT8(edges, GpioLineSettingsState),
        VMSTATE_UINT32(debounce_us, GpioLineSettingsState),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_gpio_line = {
    .name = "gpio-line",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BUFFER(name, GpioLineState),
        VMSTATE_UINT32(offset, GpioLineState),
        VMSTATE_BOOL(held, GpioLineState),
        VMSTATE_STRUCT(settings, GpioLineState, 1,
                       vmstate_gpio_line_settings, GpioLineSettingsState),
        VMSTATE_STRUCT(start, GpioLineState, 1,
                       vmstate_gpio_line_settings, GpioLineSettingsState),
        VMSTATE_UINT8(irq_mode, GpioLineState),
        VMSTATE_BOOL(masked, GpioLineState),
        VMSTATE_BOOL(in_service, GpioLineState),
        VMSTATE_BOOL(delivered, GpioLineState),
        VMSTATE_BOOL(latched, GpioLineState),
        VMSTATE_END_OF_LIST()
    },
};

/* The device as the user named it: its lines' consumer label says. */
static const char *owner_name(GpioLineSet *s)
{
    return g_str_has_prefix(s->consumer, "qemu:") ? s->consumer + 5
                                                  : s->consumer;
}

static int gpio_line_set_pre_save(void *opaque)
{
    GpioLineSet *s = opaque;

    gpio_line_set_save(s);
    /*
     * A migration's switch-over, the VM stopped: hand the host lines over
     * so that the destination can take them when this state arrives.
     * A snapshot (savevm) keeps them.
     */
    if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        gpio_line_set_park(s);
    }
    return 0;
}

static bool gpio_line_set_count_valid(void *opaque, int version_id)
{
    GpioLineSet *s = opaque;

    return s->saved_count <= GPIO_MAP_MAX_LINES;
}

static int gpio_line_set_post_load(void *opaque, int version_id)
{
    GpioLineSet *s = opaque;
    Error *err = NULL;

    if (!gpio_line_set_load(s, &err)) {
        error_reportf_err(err, "device '%s': cannot load its GPIO state: ",
                          owner_name(s));
        return -EINVAL;
    }
    return 0;
}

const VMStateDescription vmstate_gpio_line_set = {
    .name = "gpio-line-set",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = gpio_line_set_pre_save,
    .post_load = gpio_line_set_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(saved_count, GpioLineSet),
        VMSTATE_VALIDATE("line count in range", gpio_line_set_count_valid),
        VMSTATE_STRUCT_VARRAY_UINT32(saved, GpioLineSet, saved_count, 1,
                                     vmstate_gpio_line, GpioLineState),
        VMSTATE_UINT64(stats.requests, GpioLineSet),
        VMSTATE_UINT64(stats.errors, GpioLineSet),
        VMSTATE_UINT64(stats.events, GpioLineSet),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * A destination whose load failed may not have let go of the lines yet
 * when the source runs again: retry for a while before giving up.
 */
#define TAKE_BACK_RETRY_MS 100
#define TAKE_BACK_TRIES 50

/* The source runs again: take back the lines it handed over. */
static void gpio_line_set_take_back(GpioLineSet *s)
{
    Error *err = NULL;

    if (gpio_line_set_unpark(s, &err)) {
        s->take_back_tries = 0;
        timer_del(s->take_back);
        if (runstate_is_running()) {
            gpio_line_set_resume(s);
        }
        return;
    }
    if (++s->take_back_tries < TAKE_BACK_TRIES) {
        error_free(err);
        timer_mod(s->take_back, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) +
                  TAKE_BACK_RETRY_MS);
        return;
    }
    s->take_back_tries = 0;
    error_reportf_err(err, "device '%s': cannot take its GPIO lines back: ",
                      owner_name(s));
}

static void gpio_line_set_take_back_timer(void *opaque)
{
    gpio_line_set_take_back(opaque);
}

static void gpio_line_set_vm_state(void *opaque, bool running,
                                   RunState state)
{
    GpioLineSet *s = opaque;

    if (running) {
        gpio_line_set_take_back(s);
        gpio_line_set_resume(s);
    }
}

/* A failed migration of a VM that was not running: it stays stopped. */
static int gpio_line_set_migration_event(NotifierWithReturn *n,
                                         MigrationEvent *e, Error **errp)
{
    if (e->type == MIG_EVENT_PRECOPY_FAILED) {
        gpio_line_set_take_back(container_of(n, GpioLineSet, migration));
    }
    return 0;
}

void gpio_line_set_migration_init(GpioLineSet *s)
{
    /* After the device's transport, by qdev depth, when the VM starts */
    s->vm_state = qdev_add_vm_change_state_handler(DEVICE(s->owner),
                                                   gpio_line_set_vm_state, s);
    migration_add_notifier(&s->migration, gpio_line_set_migration_event);
    s->take_back = timer_new_ms(QEMU_CLOCK_REALTIME,
                                gpio_line_set_take_back_timer, s);
}

void gpio_line_set_migration_cleanup(GpioLineSet *s)
{
    if (s->vm_state) {
        qemu_del_vm_change_state_handler(s->vm_state);
        s->vm_state = NULL;
    }
    migration_remove_notifier(&s->migration);
    timer_free(s->take_back);
    s->take_back = NULL;
}

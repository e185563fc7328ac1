/*
 * GPIO chip backends: the abstract type and chip lookup
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "hw/gpio/gpio-chip.h"

GpioChip *gpio_chip_find(const char *token, Error **errp)
{
    ERRP_GUARD();
    Object *obj = object_resolve_path_component(object_get_objects_root(),
                                                token);

    if (obj) {
        if (!object_dynamic_cast(obj, TYPE_GPIO_CHIP)) {
            error_setg(errp, "object '%s' is not a GPIO chip", token);
            return NULL;
        }
        object_ref(obj);
        return GPIO_CHIP(obj);
    }
#ifdef CONFIG_LIBGPIOD
    return gpio_host_chip_open(token, errp);
#else
    error_setg(errp, "no GPIO chip '%s': it is not the id of a gpio-sim "
               "object, and host GPIO chips are not supported in this build "
               "(QEMU was built without libgpiod)", token);
    error_append_hint(errp, "Create a simulated chip with "
                      "-object gpio-sim,id=%s,lines=N\n", token);
    return NULL;
#endif
}

const char *gpio_chip_identity(GpioChip *chip)
{
    GpioChipClass *gc = GPIO_CHIP_GET_CLASS(chip);

    if (gc->path) {
        return gc->path(chip);
    }
    return object_get_canonical_path_component(OBJECT(chip));
}

int gpio_chip_find_line(GpioChip *chip, const char *name)
{
    GpioChipClass *gc = GPIO_CHIP_GET_CLASS(chip);
    unsigned n = gc->num_lines(chip);

    for (unsigned i = 0; i < n; i++) {
        GpioLineInfo info;

        gc->line_info(chip, i, &info);
        if (!strcmp(info.name, name)) {
            return i;
        }
    }
    return -1;
}

static const TypeInfo gpio_chip_info = {
    .name = TYPE_GPIO_CHIP,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .instance_size = sizeof(GpioChip),
    .class_size = sizeof(GpioChipClass),
};

static void gpio_chip_register_types(void)
{
    type_register_static(&gpio_chip_info);
}

type_init(gpio_chip_register_types)

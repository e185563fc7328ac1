/*
 * GPIO line engine: the lines a guest sees, on top of chip backends
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owns the mapping from virtual line numbers to host chip lines: it
 * resolves a map (gpio-map.h) against chips (gpio-chip.h), holds one line
 * request per chip, and offers per-line operations to protocol front ends.
 * It knows nothing of virtqueues.
 */

#ifndef HW_GPIO_GPIO_LINES_H
#define HW_GPIO_GPIO_LINES_H

#include "hw/gpio/gpio-chip.h"
#include "hw/gpio/gpio-map.h"

typedef struct GpioLine {
    GpioChip *chip;
    unsigned chip_offset;
    GpioLineRequest *req;
    unsigned req_index;
    char name[GPIO_MAP_NAME_MAX + 1];   /* alias, else host name, else "" */
    GpioLineSettings settings;          /* as last applied */
} GpioLine;

typedef struct GpioLineSet {
    unsigned count;
    GpioLine lines[GPIO_MAP_MAX_LINES];
    unsigned num_reqs;
    GpioLineRequest *reqs[GPIO_MAP_MAX_LINES];
} GpioLineSet;

/*
 * Resolve @map and take its lines for @consumer.  On failure nothing is
 * held and @errp names the map token at fault.
 */
bool gpio_line_set_init(GpioLineSet *s, const char *map,
                        const char *consumer, Error **errp);
/* Release every line; @s may be partly initialised or already clean. */
void gpio_line_set_cleanup(GpioLineSet *s);

/* Per-line operations; @i < s->count.  Return 0/level or -errno. */
int gpio_line_get_value(GpioLineSet *s, unsigned i);
int gpio_line_set_value(GpioLineSet *s, unsigned i, bool value);
int gpio_line_set_input(GpioLineSet *s, unsigned i);
int gpio_line_set_output(GpioLineSet *s, unsigned i, bool value);
int gpio_line_set_drive(GpioLineSet *s, unsigned i, GpioDrive drive);
int gpio_line_set_bias(GpioLineSet *s, unsigned i, GpioBias bias);

#endif

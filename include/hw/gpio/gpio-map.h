/*
 * Parser for ACRN-style GPIO line maps
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A map names host lines and the order in which a guest sees them:
 *
 *   map     := [ "@" ] segment { "@" segment }
 *   segment := chip "{" entry { ":" entry } "}"
 *            | chip "<" entry { ":" entry } ">"
 *   entry   := selector [ "=" [ alias ] ]
 *   selector:= decimal offset | line name (first character a letter)
 *
 * This file only checks the text; what the names refer to is resolved
 * by gpio-lines.c.  Positions are 1-based character columns in the map.
 */

#ifndef HW_GPIO_GPIO_MAP_H
#define HW_GPIO_GPIO_MAP_H

/* ACRN's limits: 64 virtual lines, names of at most 31 characters. */
#define GPIO_MAP_MAX_LINES 64
#define GPIO_MAP_NAME_MAX 31

typedef struct GpioMapEntry {
    char *chip;         /* chip token as written */
    unsigned chip_pos;  /* its column */
    char *line_name;    /* selector when it is a name, else NULL */
    unsigned offset;    /* selector when it is a number */
    char *alias;        /* guest-visible name, NULL when none given */
    unsigned pos;       /* column of the selector */
} GpioMapEntry;

typedef struct GpioMap {
    unsigned count;
    GpioMapEntry entries[GPIO_MAP_MAX_LINES];
} GpioMap;

/*
 * Parse @text into a newly allocated map.  On failure returns NULL and
 * sets @errp to a message naming the offending token and its column.
 */
GpioMap *gpio_map_parse(const char *text, Error **errp);
void gpio_map_free(GpioMap *map);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(GpioMap, gpio_map_free)

#endif

/*
 * GPIO chip backends: what the line engine needs from a chip
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A chip backend is a QOM object deriving from TYPE_GPIO_CHIP.  Its shape
 * follows libgpiod v2: a consumer requests a line, gets a request with a
 * pollable fd, reconfigures the line in place, reads and writes its
 * value, and drains edge events when the fd becomes readable.  Each line
 * has a request of its own, so one line can be given back without
 * touching the others.  Backends never print: they return errors for
 * the caller to report.
 */

#ifndef HW_GPIO_GPIO_CHIP_H
#define HW_GPIO_GPIO_CHIP_H

#include "qom/object.h"

#define TYPE_GPIO_CHIP "gpio-chip"
OBJECT_DECLARE_TYPE(GpioChip, GpioChipClass, GPIO_CHIP)

#define GPIO_CHIP_NAME_MAX 32

typedef enum GpioDrive {
    GPIO_DRIVE_PUSH_PULL,
    GPIO_DRIVE_OPEN_DRAIN,
    GPIO_DRIVE_OPEN_SOURCE,
} GpioDrive;

typedef enum GpioBias {
    GPIO_BIAS_AS_IS,
    GPIO_BIAS_DISABLED,
    GPIO_BIAS_PULL_UP,
    GPIO_BIAS_PULL_DOWN,
} GpioBias;

/* Edge detection: a bit mask. */
#define GPIO_EDGE_RISING  1u
#define GPIO_EDGE_FALLING 2u
#define GPIO_EDGE_BOTH    (GPIO_EDGE_RISING | GPIO_EDGE_FALLING)

typedef struct GpioLineSettings {
    bool output;
    bool value;         /* output value; ignored for inputs */
    GpioDrive drive;
    GpioBias bias;
    unsigned edges;     /* GPIO_EDGE_* detected; inputs only */
    /*
     * Debounce period in microseconds, 0 for none: a level must hold
     * this long before it is reported.  Kept while the line is an
     * output, applied while it is an input.
     */
    uint32_t debounce_us;
} GpioLineSettings;

typedef struct GpioLineInfo {
    char name[GPIO_CHIP_NAME_MAX];      /* "" when the line has none */
    char consumer[GPIO_CHIP_NAME_MAX];  /* "" when the line is free */
    bool used;
    bool output;
    GpioDrive drive;
    GpioBias bias;
    uint32_t debounce_us;
} GpioLineInfo;

typedef struct GpioEdgeEvent {
    bool rising;
    uint64_t timestamp_ns;      /* CLOCK_MONOTONIC, as get_clock() */
} GpioEdgeEvent;

/*
 * One line of a chip held by one consumer.  Backends embed this as the
 * first member of their own request state.
 */
typedef struct GpioLineRequest {
    GpioChip *chip;
    unsigned offset;
} GpioLineRequest;

struct GpioChipClass {
    ObjectClass parent_class;

    unsigned (*num_lines)(GpioChip *chip);
    /* Where the chip is (a device path); NULL: the object's id. */
    const char *(*path)(GpioChip *chip);
    void (*line_info)(GpioChip *chip, unsigned offset, GpioLineInfo *info);
    /* Take line @offset as it is now (direction, value, drive, bias kept). */
    GpioLineRequest *(*request)(GpioChip *chip, unsigned offset,
                                const char *consumer, Error **errp);
    void (*release)(GpioLineRequest *req);
    bool (*reconfigure)(GpioLineRequest *req, const GpioLineSettings *s,
                        Error **errp);
    /* Live level of the line, 0 or 1, or -errno. */
    int (*get_value)(GpioLineRequest *req);
    int (*set_value)(GpioLineRequest *req, bool value);
    /* Readable when edge events wait; -1 when the chip has none. */
    int (*event_fd)(GpioLineRequest *req);
    /* Up to @max queued events into @ev, oldest first: number, or -errno. */
    int (*read_events)(GpioLineRequest *req, GpioEdgeEvent *ev, unsigned max);
};

struct GpioChip {
    Object parent_obj;
};

/*
 * The chip a map token names: the id of a GPIO chip object, else a host
 * chip.  Returns a new reference, or NULL with @errp set.
 */
GpioChip *gpio_chip_find(const char *token, Error **errp);

/*
 * A host chip through libgpiod: @token is a /dev name, an absolute path
 * or a chip label.  Only in builds with libgpiod.
 */
GpioChip *gpio_host_chip_open(const char *token, Error **errp);

/* What identifies @chip to a user: its device path or its object id. */
const char *gpio_chip_identity(GpioChip *chip);

/* Find a line by name; returns its offset or -1. */
int gpio_chip_find_line(GpioChip *chip, const char *name);

#endif

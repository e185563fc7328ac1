/*
 * GPIO line engine: the lines a guest sees, on top of chip backends
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owns the mapping from virtual line numbers to host chip lines: it
 * resolves a map (gpio-map.h) against chips (gpio-chip.h), holds one line
 * request per line (labelled with the consumer the front end gives), and
 * offers per-line operations to protocol front ends.  Host-side input is
 * untrusted too: edge events are drained with a budget per wake-up, and
 * events older than the line's last interrupt mode change are dropped.
 * It knows nothing of virtqueues.
 */

#ifndef HW_GPIO_GPIO_LINES_H
#define HW_GPIO_GPIO_LINES_H

#include "hw/gpio/gpio-chip.h"
#include "hw/gpio/gpio-map.h"
#include "qemu/notify.h"
#include "qemu/queue.h"

/* IRQ trigger modes: Linux's IRQ_TYPE_* values, shared by both protocols */
typedef enum GpioIrqMode {
    GPIO_IRQ_NONE = 0,
    GPIO_IRQ_EDGE_RISING = 1,
    GPIO_IRQ_EDGE_FALLING = 2,
    GPIO_IRQ_EDGE_BOTH = 3,
    GPIO_IRQ_LEVEL_HIGH = 4,
    GPIO_IRQ_LEVEL_LOW = 8,
} GpioIrqMode;

typedef struct GpioLineSet GpioLineSet;

/* Called when line @i fires; the line is then in service until acked. */
typedef void GpioIrqFireFn(void *opaque, unsigned i);

typedef struct GpioLine {
    GpioLineSet *set;                   /* the set this line belongs to */
    GpioChip *chip;
    unsigned chip_offset;
    GpioLineRequest *req;               /* NULL while released or parked */
    /*
     * Held for the guest, but its host request given up while the VM
     * migrates: taken back, with its settings, when the state arrives
     * (destination) or the VM runs again (source).
     */
    bool parked;
    char name[GPIO_MAP_NAME_MAX + 1];   /* alias, else host name, else "" */
    GpioLineSettings settings;          /* as last applied */
    GpioLineSettings start;             /* as found at realize */
    GpioIrqMode irq_mode;
    bool masked;
    bool in_service;                    /* fired, not yet acked */
    bool delivered;                     /* in service, and the guest has it */
    bool latched;                       /* an edge came while held back */
    uint64_t edge_ns;                   /* oldest undelivered edge, or 0 */
    uint64_t armed_ns;                  /* edges before this are stale */
} GpioLine;

/* Counted by the protocol front ends, shown by query-gpio */
typedef struct GpioLineStats {
    uint64_t requests;      /* requests handled */
    uint64_t errors;        /* requests answered with an error */
    uint64_t events;        /* interrupt events delivered */
} GpioLineStats;

/* One setting as it migrates: enums as bytes */
typedef struct GpioLineSettingsState {
    bool output;
    bool value;
    uint8_t drive;
    uint8_t bias;
    uint8_t edges;
    uint32_t debounce_us;
} GpioLineSettingsState;

/* A line as it migrates (hw/gpio/gpio-lines-migration.c) */
typedef struct GpioLineState {
    uint8_t name[GPIO_MAP_NAME_MAX + 1];  /* checked against the map */
    uint32_t offset;                      /* on its chip: for unnamed lines */
    bool held;
    GpioLineSettingsState settings;
    GpioLineSettingsState start;
    uint8_t irq_mode;
    bool masked;
    bool in_service;
    bool delivered;
    bool latched;
} GpioLineState;

struct GpioLineSet {
    Object *owner;          /* the device, for query-gpio */
    GpioLineStats stats;
    /*
     * No interrupt fires while frozen: from an incoming migration's start
     * (or a snapshot's load) until the VM runs; edges latch meanwhile.
     */
    bool frozen;
    /* Filled before a save, read after a load */
    uint32_t saved_count;
    GpioLineState saved[GPIO_MAP_MAX_LINES];
    VMChangeStateEntry *vm_state;
    NotifierWithReturn migration;
    /* Taking parked lines back: retried while a destination lets go */
    QEMUTimer *take_back;
    unsigned take_back_tries;
    QTAILQ_ENTRY(GpioLineSet) next;
    unsigned count;
    GpioLine lines[GPIO_MAP_MAX_LINES];
    char *consumer;
    GpioIrqFireFn *fire;
    void *opaque;
};

/*
 * The consumer label host lines get: "qemu:<id>" with the id the user
 * gave the device (or its PCI proxy), else "qemu:<fallback>".
 */
char *gpio_line_consumer(DeviceState *dev, const char *fallback);

/*
 * Resolve @map and take its lines for @consumer.  On failure nothing is
 * held and @errp names the map token at fault.
 */
bool gpio_line_set_init(GpioLineSet *s, Object *owner, const char *map,
                        const char *consumer, GpioIrqFireFn *fire,
                        void *opaque, Error **errp);
/* Release every line; @s may be partly initialised or already clean. */
void gpio_line_set_cleanup(GpioLineSet *s);

/* Per-line operations; @i < s->count.  Return 0/level or -errno. */
int gpio_line_get_value(GpioLineSet *s, unsigned i);
int gpio_line_set_value(GpioLineSet *s, unsigned i, bool value);
int gpio_line_set_input(GpioLineSet *s, unsigned i);
int gpio_line_set_output(GpioLineSet *s, unsigned i, bool value);
int gpio_line_set_drive(GpioLineSet *s, unsigned i, GpioDrive drive);
int gpio_line_set_bias(GpioLineSet *s, unsigned i, GpioBias bias);
/*
 * Debounce period in microseconds, 0 for none: the chip reports a level
 * (edge events, and the value read) only once it has held that long, so
 * pulses shorter than the period make no edge.  An output keeps the
 * period for when it is an input again; it debounces nothing meanwhile.
 */
int gpio_line_set_debounce(GpioLineSet *s, unsigned i, uint32_t period_us);
/* The value the next gpio_line_set_output() would drive, if not given */
void gpio_line_stage_value(GpioLineSet *s, unsigned i, bool value);

/*
 * Give a host line back (its state forgotten), and take it again as it
 * is then.  Operations on a released line fail with -ENODEV.
 */
void gpio_line_release(GpioLineSet *s, unsigned i);
int gpio_line_acquire(GpioLineSet *s, unsigned i);
bool gpio_line_held(GpioLineSet *s, unsigned i);

/*
 * Interrupts.  A line fires once, then stays in service until acked;
 * edges that come while it is masked or in service are latched and fire
 * on unmask or ack; a level fires again on unmask or ack while active.
 */
int gpio_line_irq_enable(GpioLineSet *s, unsigned i, GpioIrqMode mode,
                         bool masked);
void gpio_line_irq_disable(GpioLineSet *s, unsigned i);
void gpio_line_irq_mask(GpioLineSet *s, unsigned i);
void gpio_line_irq_unmask(GpioLineSet *s, unsigned i);
void gpio_line_irq_ack(GpioLineSet *s, unsigned i);
/*
 * The front end could not hand a fired interrupt to the guest and the
 * guest masked the line meanwhile: take it out of service, still owed.
 */
void gpio_line_irq_withdraw(GpioLineSet *s, unsigned i);
/* The front end put line @i's fired interrupt in a guest buffer. */
void gpio_line_irq_delivered(GpioLineSet *s, unsigned i);
/* An interrupt is owed to the guest: latched, or fired and not delivered */
bool gpio_line_irq_pending(GpioLineSet *s, unsigned i);

/*
 * Back to the state found at realize: no IRQs, every line held again;
 * a line the guest changed gets back the direction, value, drive, bias
 * and debounce period it had, a line it did not change is not touched.
 */
void gpio_line_set_reset(GpioLineSet *s);

/*
 * Migration.  The stream (vmstate_gpio_line_set) carries each line's
 * guest-visible state: held or released, settings, the settings found
 * at realize, and its interrupt state.
 *
 * gpio_line_set_save() reads the edges the chips queued (they latch;
 * the set stays frozen until gpio_line_set_resume()) and fills @saved.
 * gpio_line_set_load() checks @saved against this map (same line count
 * and names, unnamed lines at the same offsets, valid values), then
 * makes the lines so: held lines are taken with the saved settings,
 * released ones given back.  Edges queued before the load are dropped,
 * and nothing fires until
 * gpio_line_set_resume(), when the VM runs: then a latched edge or an
 * active level fires.  On failure @errp names the line and nothing is
 * held that was not before.
 *
 * A host line has one holder, so a migration hands lines over: the
 * source parks its lines (gives the requests up) once its VM has
 * stopped for the switch-over, the destination, which found them
 * parked at realize, takes them when the state arrives; a source that
 * runs again takes back what it parked.
 */
void gpio_line_set_save(GpioLineSet *s);
bool gpio_line_set_load(GpioLineSet *s, Error **errp);
void gpio_line_set_park(GpioLineSet *s);
bool gpio_line_set_unpark(GpioLineSet *s, Error **errp);
void gpio_line_set_resume(GpioLineSet *s);
/* Migration hooks of a line set (hw/gpio/gpio-lines-migration.c) */
extern const VMStateDescription vmstate_gpio_line_set;
void gpio_line_set_migration_init(GpioLineSet *s);
void gpio_line_set_migration_cleanup(GpioLineSet *s);

/* The management view's list of line sets (hw/gpio/gpio-qmp.c) */
void gpio_qmp_register(GpioLineSet *s);
void gpio_qmp_unregister(GpioLineSet *s);

#endif

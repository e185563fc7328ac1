/*
 * Benchmark helpers for the GPIO device qtests (make bench): how long a
 * request's notify write takes through qtest, next to an empty one
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_LIBQOS_VIRTIO_GPIO_BENCH_H
#define TESTS_LIBQOS_VIRTIO_GPIO_BENCH_H

#include "../libqtest.h"
#include "virtio.h"

/* CLOCK_MONOTONIC in nanoseconds */
int64_t qgpio_now_ns(void);

/* Sort @ns, an array of int64_t nanoseconds, for qgpio_pct_us() */
void qgpio_sort_ns(GArray *ns);

/* The @p-th percentile of sorted @ns in microseconds (100: the maximum) */
double qgpio_pct_us(GArray *ns, int p);

/*
 * qvirtqueue_kick(); while qgpio_kicks_start() is in effect its notify
 * write is timed.  The GPIO devices answer a request in its notify write
 * (ioeventfd off, their default), so that time is the request's round
 * trip through qtest: the used index must have moved when it returns.
 */
void qgpio_kick(QTestState *qts, QVirtioDevice *d, QVirtQueue *vq,
                uint32_t head);

/* Start timing the notify writes of qgpio_kick() */
void qgpio_kicks_start(void);

/*
 * Stop timing and print, for @device, the p50 and p99 of the timed
 * notify writes next to those of as many notify writes on @vq with
 * nothing new in it (the floor: qtest's round trip, the notify and the
 * virtio core finding no request).
 */
void qgpio_kicks_report(const char *device, QVirtioDevice *d,
                        QVirtQueue *vq);

#endif

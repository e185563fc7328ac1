/*
 * Benchmark helpers for the GPIO device qtests (make bench)
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "virtio-gpio-bench.h"

/* the notify writes timed since qgpio_kicks_start(), in ns */
static GArray *kicks;
/* while qgpio_kick() times one: the device's own bus and its QEMU */
static const QVirtioBus *kick_bus;
static QTestState *kick_qts;

int64_t qgpio_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The bus's notify, timed.  The time is a request's round trip only if
 * the request was answered in it: check that the used index moved (its
 * raw value is enough to see a change, whatever the byte order).
 */
static void timed_notify(QVirtioDevice *d, QVirtQueue *vq)
{
    uint16_t used = qtest_readw(kick_qts, vq->used + 2);
    int64_t t0 = qgpio_now_ns(), ns;

    kick_bus->virtqueue_kick(d, vq);
    ns = qgpio_now_ns() - t0;
    g_assert_cmpuint(qtest_readw(kick_qts, vq->used + 2), !=, used);
    g_array_append_val(kicks, ns);
}

void qgpio_kick(QTestState *qts, QVirtioDevice *d, QVirtQueue *vq,
                uint32_t head)
{
    QVirtioBus timed;

    if (!kicks) {
        qvirtqueue_kick(qts, d, vq, head);
        return;
    }
    /* qvirtqueue_kick() itself, through a copy of the bus that times */
    kick_bus = d->bus;
    kick_qts = qts;
    timed = *d->bus;
    timed.virtqueue_kick = timed_notify;
    d->bus = &timed;
    qvirtqueue_kick(qts, d, vq, head);
    d->bus = kick_bus;
    kick_bus = NULL;
}

void qgpio_kicks_start(void)
{
    g_assert_null(kicks);
    kicks = g_array_new(false, false, sizeof(int64_t));
}

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

void qgpio_sort_ns(GArray *ns)
{
    g_array_sort(ns, cmp_i64);
}

double qgpio_pct_us(GArray *ns, int p)
{
    g_assert_cmpuint(ns->len, >, 0);
    return g_array_index(ns, int64_t, MIN(ns->len - 1, ns->len * p / 100)) /
           1000.0;
}

void qgpio_kicks_report(const char *device, QVirtioDevice *d,
                        QVirtQueue *vq)
{
    g_autoptr(GArray) req = kicks;
    g_autoptr(GArray) empty = g_array_new(false, false, sizeof(int64_t));

    kicks = NULL;
    g_assert_cmpuint(req->len, >, 0);
    for (guint i = 0; i < req->len; i++) {
        int64_t t0 = qgpio_now_ns(), ns;

        d->bus->virtqueue_kick(d, vq);
        ns = qgpio_now_ns() - t0;
        g_array_append_val(empty, ns);
    }
    qgpio_sort_ns(req);
    qgpio_sort_ns(empty);
    printf("# bench: %s: request round trip through qtest (its notify "
           "write): %u requests p50 %.1f us p99 %.1f us; empty notify "
           "(floor) p50 %.1f us p99 %.1f us; x floor %.2f\n", device,
           req->len, qgpio_pct_us(req, 50), qgpio_pct_us(req, 99),
           qgpio_pct_us(empty, 50), qgpio_pct_us(empty, 99),
           qgpio_pct_us(req, 50) / qgpio_pct_us(empty, 50));
}

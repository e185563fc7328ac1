/*
 * Benchmark helpers for the GPIO device qtests (make bench)
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "standard-headers/linux/virtio_ring.h"
#include "virtio-gpio-bench.h"

/* the notify writes timed since qgpio_kicks_start(), in ns */
static GArray *kicks;

int64_t qgpio_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The rings are little-endian: virtio 1.0 for virtio-gpio-pci, the x86
 * target's order for ACRN's legacy device (these qtests are x86 only).
 */
void qgpio_kick(QTestState *qts, QVirtioDevice *d, QVirtQueue *vq,
                uint32_t head)
{
    uint16_t idx = le16_to_cpu(qtest_readw(qts, vq->avail + 2));
    uint16_t flags, avail_event;
    int64_t t0;

    qtest_writew(qts, vq->avail + 4 + 2 * (idx % vq->size),
                 cpu_to_le16(head));
    qtest_writew(qts, vq->avail + 2, cpu_to_le16(idx + 1));
    /* the device's wishes, read after the index, as qvirtqueue_kick() */
    flags = le16_to_cpu(qtest_readw(qts, vq->used));
    avail_event = le16_to_cpu(qtest_readw(qts, vq->used + 4 +
                              sizeof(struct vring_used_elem) * vq->size));
    if ((flags & VRING_USED_F_NO_NOTIFY) ||
        (vq->event && (uint16_t)(idx - avail_event) >= 1)) {
        return;
    }
    t0 = qgpio_now_ns();
    d->bus->virtqueue_kick(d, vq);
    if (kicks) {
        int64_t ns = qgpio_now_ns() - t0;

        g_array_append_val(kicks, ns);
    }
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

static double pct_us(GArray *v, int p)
{
    return g_array_index(v, int64_t, MIN(v->len - 1, v->len * p / 100)) /
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
    g_array_sort(req, cmp_i64);
    g_array_sort(empty, cmp_i64);
    printf("# bench: %s: request round trip through qtest (its notify "
           "write): %u requests p50 %.1f us p99 %.1f us; empty notify "
           "(floor) p50 %.1f us p99 %.1f us; x floor %.2f\n", device,
           req->len, pct_us(req, 50), pct_us(req, 99), pct_us(empty, 50),
           pct_us(empty, 99), pct_us(req, 50) / pct_us(empty, 50));
}

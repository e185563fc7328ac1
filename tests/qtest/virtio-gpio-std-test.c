/*
 * qtests for virtio-gpio-pci, the standard virtio GPIO device
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The qos graph starts the device on a simulated chip (see
 * libqos/virtio-gpio-std.h): 3 lines, v0 = "LED", v1 = alias "button",
 * v2 = unnamed.  Every test looks at guest-visible bytes and at the
 * simulated chip's lines through QMP.
 */

#include "qemu/osdep.h"
#include <sched.h>
#include "libqtest-single.h"
#include "qobject/qdict.h"
#include "qemu/atomic.h"
#include "qemu/bswap.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "standard-headers/linux/pci_regs.h"
#include "standard-headers/linux/virtio_config.h"
#include "standard-headers/linux/virtio_gpio.h"
#include "libqos/qgraph.h"
#include "libqos/malloc-pc.h"
#include "libqos/pci-pc.h"
#include "libqos/virtio-gpio-bench.h"
#include "libqos/virtio-gpio-migrate.h"
#include "libqos/virtio-gpio-std.h"
#include "libqos/virtio-pci.h"
#include "standard-headers/linux/virtio_pci.h"

#define SIM_PATH "/objects/gsim0"
#define WAIT_US (5 * 1000 * 1000)
/* Guest-physical address with no RAM (the PCI hole): DMA there bounces */
#define NOT_RAM 0x40000000ULL

enum { REQ_Q, EVENT_Q };

typedef struct StdTest {
    QVirtioDevice *vdev;
    QTestState *qts;
    QGuestAllocator *alloc;
    QVirtQueue *vq[2];
    /* line -> eventq pair queued for it: head, status address */
    uint32_t pair_head[8];
    uint64_t pair_status[8];
} StdTest;

static void std_start(StdTest *t, void *obj, QGuestAllocator *alloc)
{
    QVirtioGpioStd *gpio = obj;

    for (int i = 0; i < 3; i++) {
        g_autofree char *prop = g_strdup_printf("line%d-input", i);

        qtest_qom_set_bool(global_qtest, SIM_PATH, prop, false);
    }
    memset(t, 0, sizeof(*t));
    t->vdev = gpio->vdev;
    t->qts = global_qtest;
    t->alloc = alloc;
    qvirtio_set_features(t->vdev, qvirtio_get_features(t->vdev));
    for (int i = 0; i < 2; i++) {
        t->vq[i] = qvirtqueue_setup(t->vdev, alloc, i);
    }
    qvirtio_set_driver_ok(t->vdev);
}

static void std_stop(StdTest *t)
{
    for (int i = 0; i < 2 && t->vq[i]; i++) {
        qvirtqueue_cleanup(t->vdev->bus, t->vq[i], t->alloc);
    }
}

/* Poll a queue's used ring: both queues share the ISR. */
static bool poll_used(StdTest *t, int q, uint32_t *idx, uint32_t *len,
                      gint64 wait_us)
{
    gint64 deadline = g_get_monotonic_time() + wait_us;

    while (!qvirtqueue_get_buf(t->qts, t->vq[q], idx, len)) {
        if (g_get_monotonic_time() >= deadline) {
            return false;
        }
        g_usleep(1000);
    }
    return true;
}

/*
 * One request with a response buffer of @rsp_len bytes (filled with 0xee
 * first); returns the used length and leaves the response in @rsp.
 */
static uint32_t request_raw(StdTest *t, const void *req, uint32_t req_len,
                            uint8_t *rsp, uint32_t rsp_len)
{
    uint64_t req_addr = guest_alloc(t->alloc, MAX(req_len, 1));
    uint64_t rsp_addr = guest_alloc(t->alloc, MAX(rsp_len, 1));
    uint32_t head, idx, len;

    memset(rsp, 0xee, rsp_len);
    qtest_memwrite(t->qts, req_addr, req, req_len);
    qtest_memwrite(t->qts, rsp_addr, rsp, rsp_len);
    head = qvirtqueue_add(t->qts, t->vq[REQ_Q], req_addr, req_len, false,
                          rsp_len > 0);
    if (rsp_len) {
        qvirtqueue_add(t->qts, t->vq[REQ_Q], rsp_addr, rsp_len, true, false);
    }
    qgpio_kick(t->qts, t->vdev, t->vq[REQ_Q], head);
    g_assert_true(poll_used(t, REQ_Q, &idx, &len, WAIT_US));
    g_assert_cmpuint(idx, ==, head);
    qtest_memread(t->qts, rsp_addr, rsp, rsp_len);
    guest_free(t->alloc, req_addr);
    guest_free(t->alloc, rsp_addr);
    return len;
}

/* A well-formed request; returns the status, stores the value. */
static uint8_t request(StdTest *t, uint16_t type, uint16_t line,
                       uint32_t value, uint8_t *out)
{
    struct virtio_gpio_request req = {
        .type = cpu_to_le16(type),
        .gpio = cpu_to_le16(line),
        .value = cpu_to_le32(value),
    };
    uint8_t rsp[2];

    g_assert_cmpuint(request_raw(t, &req, sizeof(req), rsp, 2), ==, 2);
    if (out) {
        *out = rsp[1];
    }
    return rsp[0];
}

static void request_ok(StdTest *t, uint16_t type, uint16_t line,
                       uint32_t value)
{
    g_assert_cmpuint(request(t, type, line, value, NULL), ==,
                     VIRTIO_GPIO_STATUS_OK);
}

static uint8_t get(StdTest *t, uint16_t type, uint16_t line)
{
    uint8_t v;

    g_assert_cmpuint(request(t, type, line, 0, &v), ==,
                     VIRTIO_GPIO_STATUS_OK);
    return v;
}

static void sim_set_input(StdTest *t, int line, bool level)
{
    g_autofree char *prop = g_strdup_printf("line%d-input", line);

    qtest_qom_set_bool(t->qts, SIM_PATH, prop, level);
}

static bool sim_bool(StdTest *t, int line, const char *what)
{
    g_autofree char *prop = g_strdup_printf("line%d-%s", line, what);

    return qtest_qom_get_bool(t->qts, SIM_PATH, prop);
}

static char *sim_str(StdTest *t, int line, const char *what)
{
    g_autofree char *prop = g_strdup_printf("line%d-%s", line, what);
    QDict *rsp = qtest_qmp(t->qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': %s, 'property': %s}}", SIM_PATH, prop);
    char *s = g_strdup(qdict_get_str(rsp, "return"));

    qobject_unref(rsp);
    return s;
}

static void sim_assert(StdTest *t, int line, const char *what,
                       const char *want)
{
    g_autofree char *got = sim_str(t, line, what);

    g_assert_cmpstr(got, ==, want);
}

/* A le16 in guest memory: virtio 1.0's byte order, whatever the target's */
static void write_le16(QTestState *qts, uint64_t addr, uint16_t v)
{
    uint16_t le = cpu_to_le16(v);

    qtest_memwrite(qts, addr, &le, sizeof(le));
}

/* Queue an eventq pair naming @line (any value); returns its head. */
static uint32_t queue_pair_raw(StdTest *t, uint16_t line, uint64_t *status)
{
    uint64_t req = guest_alloc(t->alloc, 2);
    uint32_t head;

    *status = guest_alloc(t->alloc, 1);
    write_le16(t->qts, req, line);
    qtest_writeb(t->qts, *status, 0xee);
    head = qvirtqueue_add(t->qts, t->vq[EVENT_Q], req, 2, false, true);
    qvirtqueue_add(t->qts, t->vq[EVENT_Q], *status, 1, true, false);
    qvirtqueue_kick(t->qts, t->vdev, t->vq[EVENT_Q], head);
    return head;
}

/* Queue line @line's eventq pair: this unmasks it. */
static uint32_t queue_pair(StdTest *t, uint16_t line)
{
    t->pair_head[line] = queue_pair_raw(t, line, &t->pair_status[line]);
    return t->pair_head[line];
}

/* The pair of @line comes back with @status. */
static void expect_pair(StdTest *t, uint16_t line, uint8_t status)
{
    uint32_t idx, len;

    g_assert_true(poll_used(t, EVENT_Q, &idx, &len, WAIT_US));
    g_assert_cmpuint(idx, ==, t->pair_head[line]);
    g_assert_cmpuint(len, ==, 1);
    g_assert_cmphex(qtest_readb(t->qts, t->pair_status[line]), ==, status);
}

/*
 * Nothing comes back on the eventq: after a QMP round trip (the main loop
 * has run since the last change), the used ring stays empty for 20 ms.
 * A quiet queue proves something only if the test then makes a pair come
 * back on it: every caller does.
 */
static void expect_no_pair(StdTest *t)
{
    uint32_t idx, len;

    qobject_unref(qtest_qmp(t->qts, "{'execute': 'query-status'}"));
    g_assert_false(poll_used(t, EVENT_Q, &idx, &len, 20 * 1000));
}

static void test_identity(void *obj, void *data, QGuestAllocator *alloc)
{
    QVirtioGpioStd *gpio = obj;
    QVirtioPCIDevice *vp = container_of(gpio->vdev, QVirtioPCIDevice, vdev);
    uint64_t f = qvirtio_get_features(gpio->vdev);

    g_assert_cmphex(qpci_config_readw(vp->pdev, PCI_VENDOR_ID), ==, 0x1af4);
    g_assert_cmphex(qpci_config_readw(vp->pdev, PCI_DEVICE_ID), ==,
                    0x1040 + 41);
    g_assert_cmpuint(gpio->vdev->device_type, ==, 41);
    g_assert_true(f & (1ull << VIRTIO_GPIO_F_IRQ));
    g_assert_true(f & (1ull << VIRTIO_F_VERSION_1));
}

static void test_config_names(void *obj, void *data, QGuestAllocator *alloc)
{
    static const char want[] = "LED\0button\0";    /* + final NUL: 12 */
    struct virtio_gpio_request req = {
        .type = cpu_to_le16(VIRTIO_GPIO_MSG_GET_NAMES),
    };
    uint8_t rsp[16];
    StdTest t;

    std_start(&t, obj, alloc);
    g_assert_cmpuint(qvirtio_config_readw(t.vdev, 0), ==, 3);
    g_assert_cmpuint(qvirtio_config_readl(t.vdev, 4), ==, sizeof(want));
    g_assert_cmpuint(request_raw(&t, &req, sizeof(req), rsp, 13), ==, 13);
    g_assert_cmphex(rsp[0], ==, VIRTIO_GPIO_STATUS_OK);
    g_assert_cmpmem(rsp + 1, 12, want, sizeof(want));
    /* the response must be exactly 1 + gpio_names_size */
    g_assert_cmpuint(request_raw(&t, &req, sizeof(req), rsp, 14), ==, 1);
    g_assert_cmphex(rsp[0], ==, VIRTIO_GPIO_STATUS_ERR);
    g_assert_cmpuint(request_raw(&t, &req, sizeof(req), rsp, 2), ==, 1);
    g_assert_cmphex(rsp[0], ==, VIRTIO_GPIO_STATUS_ERR);
    std_stop(&t);
}

/* Linux's direction_output: SET_VALUE first, staged, then SET_DIRECTION. */
static void test_direction_value(void *obj, void *data,
                                 QGuestAllocator *alloc)
{
    StdTest t;

    std_start(&t, obj, alloc);
    for (int i = 0; i < 3; i++) {
        g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_DIRECTION, i), ==,
                         VIRTIO_GPIO_DIRECTION_IN);
    }
    request_ok(&t, VIRTIO_GPIO_MSG_SET_VALUE, 0, 1);
    sim_assert(&t, 0, "direction", "input");
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
               VIRTIO_GPIO_DIRECTION_OUT);
    sim_assert(&t, 0, "direction", "output");
    g_assert_true(sim_bool(&t, 0, "value"));
    g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_DIRECTION, 0), ==,
                     VIRTIO_GPIO_DIRECTION_OUT);
    g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_VALUE, 0), ==, 1);
    request_ok(&t, VIRTIO_GPIO_MSG_SET_VALUE, 0, 0);
    g_assert_false(sim_bool(&t, 0, "value"));
    /* GET_VALUE of an input follows the outside level */
    sim_set_input(&t, 1, true);
    g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_VALUE, 1), ==, 1);
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
               VIRTIO_GPIO_DIRECTION_IN);
    sim_assert(&t, 0, "direction", "input");
    std_stop(&t);
}

/* DIRECTION_NONE gives the host line back; IN or OUT takes it again. */
static void test_direction_none(void *obj, void *data,
                                QGuestAllocator *alloc)
{
    StdTest t;

    std_start(&t, obj, alloc);
    g_assert_true(sim_bool(&t, 2, "used"));
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 2,
               VIRTIO_GPIO_DIRECTION_NONE);
    g_assert_false(sim_bool(&t, 2, "used"));
    g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_DIRECTION, 2), ==,
                     VIRTIO_GPIO_DIRECTION_NONE);
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_GET_VALUE, 2, 0, NULL), ==,
                     VIRTIO_GPIO_STATUS_ERR);
    request_ok(&t, VIRTIO_GPIO_MSG_SET_VALUE, 2, 1);
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 2,
               VIRTIO_GPIO_DIRECTION_OUT);
    g_assert_true(sim_bool(&t, 2, "used"));
    g_assert_true(sim_bool(&t, 2, "value"));
    /* a device reset takes every line back as QEMU found it */
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 2,
               VIRTIO_GPIO_DIRECTION_NONE);
    qvirtio_reset(t.vdev);
    g_assert_true(sim_bool(&t, 2, "used"));
    sim_assert(&t, 2, "direction", "input");
    std_stop(&t);
}

/* Malformed requests: the error status, never a crash. */
static void test_request_errors(void *obj, void *data,
                                QGuestAllocator *alloc)
{
    static const uint16_t bad_types[] = { 0, 7, 0x100, 0xffff };
    struct virtio_gpio_request req = {
        .type = cpu_to_le16(VIRTIO_GPIO_MSG_GET_VALUE),
    };
    uint8_t big[16] = { VIRTIO_GPIO_MSG_GET_VALUE }, rsp[4];
    StdTest t;

    std_start(&t, obj, alloc);
    for (int i = 0; i < ARRAY_SIZE(bad_types); i++) {
        g_assert_cmpuint(request(&t, bad_types[i], 0, 0, NULL), ==,
                         VIRTIO_GPIO_STATUS_ERR);
    }
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_GET_VALUE, 3, 0, NULL), ==,
                     VIRTIO_GPIO_STATUS_ERR);
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_GET_VALUE, 0xffff, 0, NULL),
                     ==, VIRTIO_GPIO_STATUS_ERR);
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_SET_VALUE, 0, 2, NULL), ==,
                     VIRTIO_GPIO_STATUS_ERR);
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0, 3, NULL),
                     ==, VIRTIO_GPIO_STATUS_ERR);
    sim_assert(&t, 0, "direction", "input");
    /* wrong request sizes: status ERR in a 1-byte answer */
    g_assert_cmpuint(request_raw(&t, &req, 7, rsp, 2), ==, 1);
    g_assert_cmphex(rsp[0], ==, VIRTIO_GPIO_STATUS_ERR);
    g_assert_cmpuint(request_raw(&t, big, 16, rsp, 2), ==, 1);
    g_assert_cmphex(rsp[0], ==, VIRTIO_GPIO_STATUS_ERR);
    /* wrong response sizes */
    g_assert_cmpuint(request_raw(&t, &req, sizeof(req), rsp, 1), ==, 1);
    g_assert_cmphex(rsp[0], ==, VIRTIO_GPIO_STATUS_ERR);
    g_assert_cmpuint(request_raw(&t, &req, sizeof(req), rsp, 3), ==, 1);
    g_assert_cmphex(rsp[0], ==, VIRTIO_GPIO_STATUS_ERR);
    /* no response buffer at all */
    g_assert_cmpuint(request_raw(&t, &req, sizeof(req), rsp, 0), ==, 0);
    /* still answering */
    g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_DIRECTION, 0), ==,
                     VIRTIO_GPIO_DIRECTION_IN);
    std_stop(&t);
}

/* Edges: latched while masked, delivered when the pair is queued. */
static void test_irq_edge(void *obj, void *data, QGuestAllocator *alloc)
{
    StdTest t;

    std_start(&t, obj, alloc);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    sim_assert(&t, 1, "edges", "rising");
    /* masked (no pair yet): the edge waits */
    sim_set_input(&t, 1, true);
    expect_no_pair(&t);
    queue_pair(&t, 1);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* returning the pair masked the line again */
    sim_set_input(&t, 1, false);
    sim_set_input(&t, 1, true);
    expect_no_pair(&t);
    queue_pair(&t, 1);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* unmasked: an edge comes at once; a falling one not at all */
    queue_pair(&t, 1);
    sim_set_input(&t, 1, false);
    expect_no_pair(&t);
    sim_set_input(&t, 1, true);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* NONE returns a queued pair INVALID at once */
    queue_pair(&t, 1);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1, VIRTIO_GPIO_IRQ_TYPE_NONE);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_INVALID);
    sim_assert(&t, 1, "edges", "none");
    std_stop(&t);
}

/* Falling and both-edge types: each edge kind, and nothing else. */
static void test_irq_falling_both(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    StdTest t;

    std_start(&t, obj, alloc);
    sim_set_input(&t, 0, true);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_FALLING);
    sim_assert(&t, 0, "edges", "falling");
    queue_pair(&t, 0);
    expect_no_pair(&t);
    sim_set_input(&t, 0, false);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    queue_pair(&t, 0);
    sim_set_input(&t, 0, true);
    expect_no_pair(&t);
    sim_set_input(&t, 0, false);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* changing the type goes through NONE, as the spec asks */
    queue_pair(&t, 0);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0, VIRTIO_GPIO_IRQ_TYPE_NONE);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_INVALID);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH);
    sim_assert(&t, 0, "edges", "both");
    queue_pair(&t, 0);
    sim_set_input(&t, 0, true);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    queue_pair(&t, 0);
    sim_set_input(&t, 0, false);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0, VIRTIO_GPIO_IRQ_TYPE_NONE);
    std_stop(&t);
}

/* Levels are not latched: re-checked when the pair comes back. */
static void test_irq_level(void *obj, void *data, QGuestAllocator *alloc)
{
    StdTest t;

    std_start(&t, obj, alloc);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 2,
               VIRTIO_GPIO_IRQ_TYPE_LEVEL_HIGH);
    sim_set_input(&t, 2, true);
    expect_no_pair(&t);
    queue_pair(&t, 2);
    expect_pair(&t, 2, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* still high: fires again as soon as it is unmasked */
    queue_pair(&t, 2);
    expect_pair(&t, 2, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* a pulse while masked is not remembered */
    sim_set_input(&t, 2, false);
    queue_pair(&t, 2);
    expect_no_pair(&t);
    sim_set_input(&t, 2, true);
    expect_pair(&t, 2, VIRTIO_GPIO_IRQ_STATUS_VALID);
    sim_set_input(&t, 2, false);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 2, VIRTIO_GPIO_IRQ_TYPE_NONE);
    /* level-low, active at once */
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 2,
               VIRTIO_GPIO_IRQ_TYPE_LEVEL_LOW);
    queue_pair(&t, 2);
    expect_pair(&t, 2, VIRTIO_GPIO_IRQ_STATUS_VALID);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 2, VIRTIO_GPIO_IRQ_TYPE_NONE);
    std_stop(&t);
}

/* The IRQ rules the spec puts on guests, enforced. */
static void test_irq_rules(void *obj, void *data, QGuestAllocator *alloc)
{
    uint64_t bad = guest_alloc(alloc, 4), first_status;
    uint32_t head, idx, len;
    StdTest t;

    std_start(&t, obj, alloc);
    /* a pair for a line without IRQ comes back INVALID */
    queue_pair(&t, 0);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_INVALID);
    /* a bad type, or an IRQ on an output, is an error */
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0, 5, NULL), ==,
                     VIRTIO_GPIO_STATUS_ERR);
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
               VIRTIO_GPIO_DIRECTION_OUT);
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
                             VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH, NULL), ==,
                     VIRTIO_GPIO_STATUS_ERR);
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
               VIRTIO_GPIO_DIRECTION_IN);
    /* an IRQ line cannot become an output */
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH);
    g_assert_cmpuint(request(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
                             VIRTIO_GPIO_DIRECTION_OUT, NULL), ==,
                     VIRTIO_GPIO_STATUS_ERR);
    /* a second pair for one line goes back INVALID, the first stays */
    queue_pair(&t, 0);
    head = t.pair_head[0];
    first_status = t.pair_status[0];
    queue_pair(&t, 0);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_INVALID);
    t.pair_head[0] = head;
    t.pair_status[0] = first_status;
    /* the first is still queued: an edge brings it back */
    sim_set_input(&t, 0, true);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* a pair naming a line the device does not have comes back INVALID */
    for (int i = 0; i < 2; i++) {
        uint64_t status;

        head = queue_pair_raw(&t, i ? 0xffff : 3, &status);
        g_assert_true(poll_used(&t, EVENT_Q, &idx, &len, WAIT_US));
        g_assert_cmpuint(idx, ==, head);
        g_assert_cmpuint(len, ==, 1);
        g_assert_cmphex(qtest_readb(t.qts, status), ==,
                        VIRTIO_GPIO_IRQ_STATUS_INVALID);
    }
    /* a malformed pair comes back empty */
    qtest_writel(t.qts, bad, 0);
    head = qvirtqueue_add(t.qts, t.vq[EVENT_Q], bad, 4, false, false);
    qvirtqueue_kick(t.qts, t.vdev, t.vq[EVENT_Q], head);
    g_assert_true(poll_used(&t, EVENT_Q, &idx, &len, WAIT_US));
    g_assert_cmpuint(idx, ==, head);
    g_assert_cmpuint(len, ==, 0);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0, VIRTIO_GPIO_IRQ_TYPE_NONE);
    guest_free(alloc, bad);
    std_stop(&t);
}

/* Reset the device and set it up again, as a guest driver would. */
static void std_restart(StdTest *t)
{
    std_stop(t);
    qvirtio_start_device(t->vdev);
    qvirtio_set_features(t->vdev, qvirtio_get_features(t->vdev));
    for (int i = 0; i < 2; i++) {
        t->vq[i] = qvirtqueue_setup(t->vdev, t->alloc, i);
    }
    qvirtio_set_driver_ok(t->vdev);
    memset(t->pair_head, 0, sizeof(t->pair_head));
}

/*
 * The same, reusing the rings the queues already have (qvring_init()
 * rewrites every descriptor, too slow for thousands of cycles).
 */
static void std_restart_quick(StdTest *t)
{
    QVirtioPCIDevice *dev = container_of(t->vdev, QVirtioPCIDevice, vdev);

    qvirtio_start_device(t->vdev);
    qvirtio_set_features(t->vdev, qvirtio_get_features(t->vdev));
    for (int i = 0; i < 2; i++) {
        QVirtQueue *vq = t->vq[i];

        /* ring headers and the event index fields behind the rings */
        qtest_memset(t->qts, vq->avail, 0, 4);
        qtest_memset(t->qts, vq->avail + 4 + 2 * vq->size, 0, 2);
        qtest_memset(t->qts, vq->used, 0, 4);
        qtest_memset(t->qts, vq->used + 4 + 8 * vq->size, 0, 2);
        vq->free_head = 0;
        vq->num_free = vq->size;
        vq->last_used_idx = 0;
        t->vdev->bus->queue_select(t->vdev, i);
        t->vdev->bus->set_queue_address(t->vdev, vq);
        qpci_io_writew(dev->pdev, dev->bar, dev->common_cfg_offset +
                       VIRTIO_PCI_COMMON_Q_ENABLE, 1);
    }
    qvirtio_set_driver_ok(t->vdev);
}

/*
 * Queue an eventq pair whose request is at @req (already filled) and
 * whose status byte is at @status.
 */
static uint32_t queue_pair_at(StdTest *t, uint64_t req, uint64_t status)
{
    uint32_t head;

    head = qvirtqueue_add(t->qts, t->vq[EVENT_Q], req, 2, false, true);
    qvirtqueue_add(t->qts, t->vq[EVENT_Q], status, 1, true, false);
    qvirtqueue_kick(t->qts, t->vdev, t->vq[EVENT_Q], head);
    return head;
}

/*
 * A guest looping {SET_IRQ_TYPE, queue an eventq pair, device reset}: the
 * held pair must go back to the virtio core each time.  The pair is
 * outside RAM (reading as zeroes: a pair for line 0), so it holds 3 bytes
 * of bounce buffer (4 KiB in all): pairs dropped without unmapping would
 * exhaust it within 1366 cycles, and the device would stop delivering.
 */
static void test_eventq_reset_cycles(void *obj, void *data,
                                     QGuestAllocator *alloc)
{
    StdTest t;
    uint32_t head, idx, len;
    uint64_t req;

    std_start(&t, obj, alloc);
    for (int n = 0; n < 5000; n++) {
        request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
                   VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
        queue_pair_at(&t, NOT_RAM, NOT_RAM);
        std_restart_quick(&t);
    }
    /* The device still answers, and still delivers through bounced pairs */
    g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_DIRECTION, 1), ==,
                     VIRTIO_GPIO_DIRECTION_IN);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    req = guest_alloc(alloc, 2);
    write_le16(t.qts, req, 1);
    head = queue_pair_at(&t, req, NOT_RAM);
    sim_set_input(&t, 1, true);
    g_assert_true(poll_used(&t, EVENT_Q, &idx, &len, WAIT_US));
    g_assert_cmpuint(idx, ==, head);
    g_assert_cmpuint(len, ==, 1);
    sim_set_input(&t, 1, false);
    queue_pair(&t, 1);
    sim_set_input(&t, 1, true);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    std_stop(&t);
}

/* Write the common configuration's queue_reset of queue @q. */
static void reset_queue(StdTest *t, int q)
{
    QVirtioPCIDevice *dev = container_of(t->vdev, QVirtioPCIDevice, vdev);

    qpci_io_writew(dev->pdev, dev->bar, dev->common_cfg_offset +
                   VIRTIO_PCI_COMMON_Q_SELECT, q);
    qpci_io_writew(dev->pdev, dev->bar, dev->common_cfg_offset +
                   VIRTIO_PCI_COMMON_Q_RESET, 1);
    g_assert_cmpuint(qpci_io_readw(dev->pdev, dev->bar,
                                   dev->common_cfg_offset +
                                   VIRTIO_PCI_COMMON_Q_ENABLE), ==, 0);
    qvirtqueue_cleanup(t->vdev->bus, t->vq[q], t->alloc);
    t->vq[q] = qvirtqueue_setup(t->vdev, t->alloc, q);
}

/*
 * VIRTIO_F_RING_RESET: resetting the eventq while it holds pairs forgets
 * them (nothing stale lands in the new ring), the line keeps its type,
 * masked until a new pair comes; resetting the requestq keeps requests
 * working.
 */
static void test_queue_reset(void *obj, void *data, QGuestAllocator *alloc)
{
    StdTest t;

    std_start(&t, obj, alloc);
    g_assert_true(qvirtio_get_features(t.vdev) &
                  (1ull << VIRTIO_F_RING_RESET));
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    queue_pair(&t, 1);
    queue_pair(&t, 0);
    reset_queue(&t, EVENT_Q);
    /* masked now: the edge waits, and no old pair shows up */
    sim_set_input(&t, 1, true);
    expect_no_pair(&t);
    sim_assert(&t, 1, "edges", "rising");
    /* a new pair takes the owed edge, in the new ring */
    queue_pair(&t, 1);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    queue_pair(&t, 0);
    sim_set_input(&t, 0, true);
    expect_pair(&t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);

    reset_queue(&t, REQ_Q);
    g_assert_cmpuint(get(&t, VIRTIO_GPIO_MSG_GET_VALUE, 1), ==, 1);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1, VIRTIO_GPIO_IRQ_TYPE_NONE);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0, VIRTIO_GPIO_IRQ_TYPE_NONE);
    std_stop(&t);
}

/*
 * Edges the chip queued before the guest changed the line's interrupt
 * (disable and enable again, or a device reset) must not fire under the
 * new setting.  hold-events keeps them queued, unread, meanwhile.
 */
static void test_stale_edges(void *obj, void *data, QGuestAllocator *alloc)
{
    StdTest t;

    std_start(&t, obj, alloc);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    queue_pair(&t, 1);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", true);
    sim_set_input(&t, 1, true);
    /* NONE hands the pair back at once; RISING again with a new pair */
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1, VIRTIO_GPIO_IRQ_TYPE_NONE);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_INVALID);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    queue_pair(&t, 1);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", false);
    expect_no_pair(&t);
    /* positive control: a new edge comes through the same pair */
    sim_set_input(&t, 1, false);
    sim_set_input(&t, 1, true);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);

    /* the same across a device reset */
    queue_pair(&t, 1);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", true);
    sim_set_input(&t, 1, false);
    sim_set_input(&t, 1, true);
    std_restart(&t);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH);
    queue_pair(&t, 1);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", false);
    expect_no_pair(&t);
    sim_set_input(&t, 1, false);
    expect_pair(&t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    request_ok(&t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1, VIRTIO_GPIO_IRQ_TYPE_NONE);
    std_stop(&t);
}

/*
 * A chip a device maps cannot be deleted, even while the device holds
 * none of its lines (all given back with DIRECTION_NONE).
 */
static void test_chip_in_use(void *obj, void *data, QGuestAllocator *alloc)
{
    StdTest t;
    QDict *rsp;

    std_start(&t, obj, alloc);
    for (int i = 0; i < 3; i++) {
        request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, i,
                   VIRTIO_GPIO_DIRECTION_NONE);
        g_assert_false(sim_bool(&t, i, "used"));
    }
    rsp = qtest_qmp(t.qts, "{'execute': 'object-del', 'arguments': "
                    "{'id': 'gsim0'}}");
    g_assert_true(qdict_haskey(rsp, "error"));
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(rsp, "error"), "desc"),
                    ==, "object 'gsim0' is in use, can not be deleted");
    qobject_unref(rsp);
    /* the chip is still there and the device takes its lines again */
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 1,
               VIRTIO_GPIO_DIRECTION_IN);
    g_assert_true(sim_bool(&t, 1, "used"));
    /* positive control: a chip nobody maps can be deleted */
    qobject_unref(qtest_qmp_assert_success_ref(t.qts,
        "{'execute': 'object-add', 'arguments': "
        "{'qom-type': 'gpio-sim', 'id': 'spare', 'lines': 2}}"));
    qobject_unref(qtest_qmp_assert_success_ref(t.qts,
        "{'execute': 'object-del', 'arguments': {'id': 'spare'}}"));
    std_restart(&t);
    std_stop(&t);
}

/* A VM of its own: the chip as @sim_opts says, no device yet. */
typedef struct StdVM {
    QTestState *qts;
    QGuestAllocator alloc;
    QPCIBus *bus;
    QVirtioPCIDevice pdev;
    StdTest t;
} StdVM;

/*
 * Set up the virtio device at 04.0 as a guest driver would: its first
 * @nvq queues (at most 2), the features it offers less @drop.
 */
static void vm_setup_queues(StdVM *vm, int nvq, uint64_t drop)
{
    QPCIAddress addr = { .devfn = QPCI_DEVFN(4, 0) };
    StdTest *t = &vm->t;

    virtio_pci_init(&vm->pdev, vm->bus, &addr);
    qvirtio_pci_device_enable(&vm->pdev);
    qvirtio_start_device(&vm->pdev.vdev);
    memset(t, 0, sizeof(*t));
    t->vdev = &vm->pdev.vdev;
    t->qts = vm->qts;
    t->alloc = &vm->alloc;
    qvirtio_set_features(t->vdev, qvirtio_get_features(t->vdev) & ~drop);
    for (int i = 0; i < nvq; i++) {
        t->vq[i] = qvirtqueue_setup(t->vdev, t->alloc, i);
    }
    qvirtio_set_driver_ok(t->vdev);
}

/* Set up the GPIO device at 04.0 as a guest driver would. */
static void vm_setup(StdVM *vm)
{
    vm_setup_queues(vm, 2, 0);
}

static void vm_plug(StdVM *vm, const char *map)
{
    qtest_qmp_device_add(vm->qts, "virtio-gpio-pci", "g",
                         "{'addr': '04.0', 'map': %s}", map);
    vm_setup(vm);
}

static void sim_assert_line(StdTest *t, int line, const char *dir,
                            const char *drive, const char *bias)
{
    sim_assert(t, line, "direction", dir);
    sim_assert(t, line, "drive", drive);
    sim_assert(t, line, "bias", bias);
}

/*
 * Lines are taken as they are: an open-drain output with a pull-up keeps
 * its drive and bias through hot-plug, guest requests that change only
 * direction or value, a system_reset (which puts back what the guest
 * changed) and unplug; a line the guest never touched is never rewritten.
 */
static void test_lines_as_found(void)
{
    StdVM vm;
    StdTest *t = &vm.t;

    vm.qts = qtest_init("-M pc -object gpio-sim,id=gsim0,lines=4,"
                        "line-direction=::output:output,"
                        "line-drive=::open-drain:open-source,"
                        "line-bias=::pull-up:pull-down");
    pc_alloc_init(&vm.alloc, vm.qts, ALLOC_NO_FLAGS);
    vm.bus = qpci_new_pc(vm.qts, &vm.alloc);
    vm_plug(&vm, "@gsim0{0:2:3}");
    /* plugged: as found */
    sim_assert_line(t, 2, "output", "open-drain", "pull-up");
    sim_assert_line(t, 3, "output", "open-source", "pull-down");
    g_assert_true(sim_bool(t, 2, "used"));
    g_assert_cmpuint(get(t, VIRTIO_GPIO_MSG_GET_DIRECTION, 1), ==,
                     VIRTIO_GPIO_DIRECTION_OUT);

    /* the guest changes value and direction: drive and bias stay */
    request_ok(t, VIRTIO_GPIO_MSG_SET_VALUE, 1, 1);
    sim_assert_line(t, 2, "output", "open-drain", "pull-up");
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 1,
               VIRTIO_GPIO_DIRECTION_IN);
    sim_assert_line(t, 2, "input", "open-drain", "pull-up");
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
               VIRTIO_GPIO_DIRECTION_OUT);
    sim_assert_line(t, 0, "output", "push-pull", "as-is");

    /* system_reset: what the guest changed goes back, the rest stays */
    qtest_qmp_assert_success(vm.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(vm.qts, "RESET");
    sim_assert_line(t, 2, "output", "open-drain", "pull-up");
    sim_assert_line(t, 0, "input", "push-pull", "as-is");
    sim_assert_line(t, 3, "output", "open-source", "pull-down");
    g_assert_false(sim_bool(t, 2, "value"));

    /* unplug: the lines are given back as they are */
    qpci_unplug_acpi_device_test(vm.qts, "g", 4);
    g_assert_false(sim_bool(t, 2, "used"));
    sim_assert_line(t, 2, "output", "open-drain", "pull-up");
    sim_assert_line(t, 3, "output", "open-source", "pull-down");
    std_stop(t);
    g_free(vm.pdev.pdev);
    qpci_free_pc(vm.bus);
    alloc_destroy(&vm.alloc);
    qtest_quit(vm.qts);
}

/* A VM with a device on its command line, @args, set up as vm_setup() */
static void vm_boot(StdVM *vm, const char *args)
{
    vm->qts = qtest_init(args);
    pc_alloc_init(&vm->alloc, vm->qts, ALLOC_NO_FLAGS);
    vm->bus = qpci_new_pc(vm->qts, &vm->alloc);
    vm_setup(vm);
}

static void vm_quit(StdVM *vm)
{
    std_stop(&vm->t);
    g_free(vm->pdev.pdev);
    qpci_free_pc(vm->bus);
    alloc_destroy(&vm->alloc);
    qtest_quit(vm->qts);
}

/*
 * ioeventfd=on (the default is off: requests answered in the notify
 * write): the main loop answers instead, after the notify returns;
 * requests, an event and the host line all behave the same.
 */
static void test_ioeventfd_on(void)
{
    StdVM vm;
    StdTest *t = &vm.t;

    vm_boot(&vm, "-M pc -object gpio-sim,id=gsim0,lines=4 -device "
            "virtio-gpio-pci,id=g,addr=04.0,ioeventfd=on,map=@gsim0{0:1}");
    g_assert_true(qtest_qom_get_bool(vm.qts, "/machine/peripheral/g",
                                     "ioeventfd"));
    request_ok(t, VIRTIO_GPIO_MSG_SET_VALUE, 1, 1);
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 1,
               VIRTIO_GPIO_DIRECTION_OUT);
    g_assert_true(sim_bool(t, 1, "value"));
    sim_set_input(t, 0, true);
    g_assert_cmpuint(get(t, VIRTIO_GPIO_MSG_GET_VALUE, 0), ==, 1);
    request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_FALLING);
    queue_pair(t, 0);
    sim_set_input(t, 0, false);
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    vm_quit(&vm);
}

/* The migration ended: quit the source, go on with the destination. */
static void vm_switch(StdVM *vm, QTestState *dst)
{
    qtest_quit(vm->qts);
    qpci_free_pc(vm->bus);
    vm->qts = dst;
    vm->t.qts = dst;
    vm->bus = qpci_new_pc(dst, &vm->alloc);
    vm->pdev.pdev->bus = vm->bus;
}

/*
 * Migrate @vm to a QEMU started with @args over @uri: on success the
 * test goes on with the destination, the guest's memory (rings, buffers,
 * allocator) as it was.  Returns whether the migration completed; on
 * failure, the destination is quit and @dst_log has its stderr.
 */
static bool vm_migrate(StdVM *vm, const char *args, const char *uri,
                       char **dst_log)
{
    QTestState *dst = qgpio_migrate(vm->qts, args, uri, dst_log);

    if (!dst) {
        return false;
    }
    vm_switch(vm, dst);
    return true;
}

/* query-gpio's 'pending' of line @line of the only device */
static bool line_pending(QTestState *qts, int line)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'query-gpio'}");
    QDict *dev = qobject_to(QDict, qlist_peek(qdict_get_qlist(rsp,
                                                              "return")));
    QListEntry *e;
    bool pending = false;
    int i = 0;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(dev, "lines"), e) {
        if (i++ == line) {
            pending = qdict_get_bool(qobject_to(QDict, e->value), "pending");
        }
    }
    qobject_unref(rsp);
    return pending;
}

#define MIG_ARGS "-M pc -object gpio-sim,id=gsim0,lines=6,line-names=" \
    "a:b:c:d:e:f -device virtio-gpio-pci,addr=04.0,id=g,map=@gsim0{0:1:2:" \
    "3:4:5}"

/*
 * Everything the guest sees survives a migration: a line with its eventq
 * pair held, an edge owed to a masked line, a released line, a staged
 * value, a driven output, an active level while masked, and the chip's
 * input levels.  Owed events arrive once, nothing else arrives.
 * @data: "file" (a snapshot's round trip) or "unix" (live).
 */
static void test_migrate_state(const void *data)
{
    g_autofree char *uri = qgpio_migration_uri(data);
    StdVM vm;
    StdTest *t = &vm.t;

    vm_boot(&vm, MIG_ARGS);
    /* a: rising edges, its pair held */
    request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    queue_pair(t, 0);
    /* b: both edges; one delivered, the next owed while masked */
    request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 1,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH);
    queue_pair(t, 1);
    sim_set_input(t, 1, true);
    expect_pair(t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    sim_set_input(t, 1, false);
    g_assert_true(line_pending(t->qts, 1));
    /* c: released; d: a value staged for an output to come */
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 2,
               VIRTIO_GPIO_DIRECTION_NONE);
    request_ok(t, VIRTIO_GPIO_MSG_SET_VALUE, 3, 1);
    /* e: an output driven high */
    request_ok(t, VIRTIO_GPIO_MSG_SET_VALUE, 4, 1);
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 4,
               VIRTIO_GPIO_DIRECTION_OUT);
    /* f: level high, active while masked (no pair) */
    request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 5,
               VIRTIO_GPIO_IRQ_TYPE_LEVEL_HIGH);
    sim_set_input(t, 5, true);
    /* a: an edge the chip queued, not read yet (the chip holds it) */
    qtest_qom_set_bool(t->qts, SIM_PATH, "hold-events", true);
    sim_set_input(t, 0, true);
    expect_no_pair(t);

    g_assert_true(vm_migrate(&vm, MIG_ARGS, uri, NULL));

    /* the chip came along; the lines are held here as they were */
    g_assert_true(sim_bool(t, 5, "input"));
    g_assert_false(sim_bool(t, 1, "input"));
    sim_assert(t, 0, "consumer", "qemu:g");
    sim_assert(t, 0, "edges", "rising");
    sim_assert(t, 1, "edges", "both");
    g_assert_false(sim_bool(t, 2, "used"));
    g_assert_cmpuint(get(t, VIRTIO_GPIO_MSG_GET_DIRECTION, 2), ==,
                     VIRTIO_GPIO_DIRECTION_NONE);
    sim_assert(t, 4, "direction", "output");
    sim_assert(t, 4, "consumer", "qemu:g");
    g_assert_true(sim_bool(t, 4, "value"));
    g_assert_cmpuint(get(t, VIRTIO_GPIO_MSG_GET_DIRECTION, 4), ==,
                     VIRTIO_GPIO_DIRECTION_OUT);
    /* a's queued edge was read before the save: it arrives once */
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    queue_pair(t, 0);
    expect_no_pair(t);
    sim_set_input(t, 0, false);
    sim_set_input(t, 0, true);
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* b's owed edge arrives once */
    queue_pair(t, 1);
    expect_pair(t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    queue_pair(t, 1);
    expect_no_pair(t);
    sim_set_input(t, 1, true);
    expect_pair(t, 1, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* f's level, still active, fires once unmasked */
    queue_pair(t, 5);
    expect_pair(t, 5, VIRTIO_GPIO_IRQ_STATUS_VALID);
    /* d's staged value drives the line once it is an output */
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 3,
               VIRTIO_GPIO_DIRECTION_OUT);
    g_assert_true(sim_bool(t, 3, "value"));
    /* c can be taken again */
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 2,
               VIRTIO_GPIO_DIRECTION_IN);
    g_assert_true(sim_bool(t, 2, "used"));
    vm_quit(&vm);
    qgpio_remove_uri(uri);
}

/*
 * Live migration while the source's chip toggles a line whose pair is
 * held: what the source owed at the switch-over arrives once on the
 * destination, the level is the chip's last, and edges keep coming.
 */
static void test_migrate_toggling(void)
{
    g_autofree char *uri = qgpio_migration_uri("unix");
    QTestState *dst;
    StdVM vm;
    StdTest *t = &vm.t;
    bool level = false;
    int toggles = 0;

    vm_boot(&vm, MIG_ARGS);
    request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH);
    queue_pair(t, 0);
    dst = qgpio_migrate_start(vm.qts, MIG_ARGS, uri);
    for (;;) {
        g_autofree char *status = qgpio_migration_status(vm.qts);

        if (strcmp(status, "active") && strcmp(status, "setup") &&
            strcmp(status, "device")) {
            break;
        }
        level = !level;
        sim_set_input(t, 0, level);
        toggles++;
    }
    g_test_message("%d toggles during the migration", toggles);
    g_assert_cmpint(toggles, >, 0);
    g_assert_true(qgpio_migrate_finish(vm.qts, dst));
    /* the source handed its lines over, the destination took them */
    g_assert_false(sim_bool(t, 0, "used"));
    g_assert_true(qtest_qom_get_bool(dst, SIM_PATH, "line0-used"));
    vm_switch(&vm, dst);

    /*
     * The chip's level is the source's at the switch-over (a toggle the
     * test made after it is lost with the stopped source): the device
     * reads it.
     */
    level = sim_bool(t, 0, "input");
    g_assert_cmpuint(get(t, VIRTIO_GPIO_MSG_GET_VALUE, 0), ==, level);
    /* the first toggle's event, on the source or here */
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    if (line_pending(t->qts, 0)) {
        /* a later edge is owed: once */
        queue_pair(t, 0);
        expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    }
    g_assert_false(line_pending(t->qts, 0));
    queue_pair(t, 0);
    expect_no_pair(t);
    sim_set_input(t, 0, !level);
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    vm_quit(&vm);
    qgpio_remove_uri(uri);
}

/* Run a block job to its end: it must not fail. */
static void run_job(QTestState *qts, const char *id)
{
    gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;

    for (;;) {
        QDict *rsp = qtest_qmp(qts, "{'execute': 'query-jobs'}");
        QListEntry *e;
        bool done = false;

        QLIST_FOREACH_ENTRY(qdict_get_qlist(rsp, "return"), e) {
            QDict *job = qobject_to(QDict, e->value);

            if (!strcmp(qdict_get_str(job, "id"), id) &&
                !strcmp(qdict_get_str(job, "status"), "concluded")) {
                g_assert_null(qdict_get_try_str(job, "error"));
                done = true;
            }
        }
        qobject_unref(rsp);
        if (done) {
            break;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(2000);
    }
    qtest_qmp_assert_success(qts, "{'execute': 'job-dismiss', "
                             "'arguments': {'id': %s}}", id);
}

/*
 * savevm/loadvm in one QEMU (snapshot-save/-load on a qcow2 node): what
 * the guest changed after the snapshot is undone, the lines held as they
 * were then (a released line taken again), the pair held again.
 */
static void test_snapshot_in_place(void)
{
    g_autofree char *img = NULL;
    QVirtQueue saved[2];
    StdVM vm;
    StdTest *t = &vm.t;
    int fd = g_file_open_tmp("vga-snapshot-XXXXXX.qcow2", &img, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    vm_boot(&vm, MIG_ARGS);
    qtest_qmp_assert_success(vm.qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'file', 'node-name': "
                             "'file0', 'filename': %s}}", img);
    qtest_qmp_assert_success(vm.qts, "{'execute': 'blockdev-create', "
                             "'arguments': {'job-id': 'create', 'options': "
                             "{'driver': 'qcow2', 'file': 'file0', "
                             "'size': 1048576}}}");
    run_job(vm.qts, "create");
    qtest_qmp_assert_success(vm.qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'qcow2', 'node-name': "
                             "'snap', 'file': 'file0'}}");

    request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    queue_pair(t, 0);
    request_ok(t, VIRTIO_GPIO_MSG_SET_VALUE, 4, 1);
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 4,
               VIRTIO_GPIO_DIRECTION_OUT);
    saved[0] = *t->vq[0];
    saved[1] = *t->vq[1];
    qtest_qmp_assert_success(vm.qts, "{'execute': 'snapshot-save', "
                             "'arguments': {'job-id': 'save', 'tag': 't1', "
                             "'vmstate': 'snap', 'devices': ['snap']}}");
    run_job(vm.qts, "save");
    /* savevm keeps the lines */
    g_assert_true(sim_bool(t, 0, "used"));

    /* after the snapshot: the pair used, c released, e driven low */
    sim_set_input(t, 0, true);
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 2,
               VIRTIO_GPIO_DIRECTION_NONE);
    request_ok(t, VIRTIO_GPIO_MSG_SET_VALUE, 4, 0);
    g_assert_false(sim_bool(t, 2, "used"));

    qtest_qmp_assert_success(vm.qts, "{'execute': 'snapshot-load', "
                             "'arguments': {'job-id': 'load', 'tag': 't1', "
                             "'vmstate': 'snap', 'devices': ['snap']}}");
    run_job(vm.qts, "load");
    *t->vq[0] = saved[0];
    *t->vq[1] = saved[1];

    /* as at the snapshot */
    g_assert_true(sim_bool(t, 2, "used"));
    g_assert_cmpuint(get(t, VIRTIO_GPIO_MSG_GET_DIRECTION, 2), ==,
                     VIRTIO_GPIO_DIRECTION_IN);
    g_assert_true(sim_bool(t, 4, "value"));
    g_assert_false(sim_bool(t, 0, "input"));
    expect_no_pair(t);
    sim_set_input(t, 0, true);
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    vm_quit(&vm);
    unlink(img);
}

/*
 * A destination whose map differs fails the load, naming the line; the
 * source, with the return path, fails too and runs on with its lines.
 */
static void test_migrate_mismatch(void)
{
    g_autofree char *uri = qgpio_migration_uri("unix");
    g_autofree char *log = NULL;
    g_autofree char *status = NULL;
    StdVM vm;
    StdTest *t = &vm.t;

    vm_boot(&vm, MIG_ARGS);
    request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
               VIRTIO_GPIO_IRQ_TYPE_EDGE_RISING);
    queue_pair(t, 0);
    g_assert_false(vm_migrate(&vm, "-M pc -object gpio-sim,id=gsim0,lines=6,"
                              "line-names=a:x:c:d:e:f -device virtio-gpio-pci,"
                              "addr=04.0,id=g,map=@gsim0{0:1:2:3:4:5}", uri,
                              &log));
    g_assert_nonnull(strstr(log, "device 'g': cannot load its GPIO state: "
                            "line 1 is named 'b' on the source but 'x' "
                            "here"));
    /* the source failed, runs, and holds its lines again */
    status = qgpio_migration_status(vm.qts);
    g_assert_cmpstr(status, ==, "failed");
    for (int i = 0; i < 6; i++) {
        g_autofree char *prop = g_strdup_printf("line%d-used", i);

        qgpio_wait_qom_bool(vm.qts, SIM_PATH, prop, true);
    }
    sim_assert(t, 0, "consumer", "qemu:g");
    sim_assert(t, 0, "edges", "rising");
    /* and works: the held pair takes the next edge */
    sim_set_input(t, 0, true);
    expect_pair(t, 0, VIRTIO_GPIO_IRQ_STATUS_VALID);
    vm_quit(&vm);
    qgpio_remove_uri(uri);
}

/*
 * Benchmark, not a test: registered only with QTEST_VIRTIO_GPIO_EDGE_BENCH
 * (the edge count), run by make bench in the guest tier.  Host edge to
 * guest event on line 0 of the kernel's gpio-sim: the time from writing
 * the line's pull (QTEST_VIRTIO_GPIO_HOST_SYSFS) until the line's eventq
 * pair is in the used ring.  The device (QTEST_VIRTIO_GPIO_EDGE_DEVICE):
 *   ours         virtio-gpio-pci mapping line 0 of QTEST_VIRTIO_GPIO_HOST_CHIP
 *   peer:SOCKET  vhost-user-gpio-pci on a vhost-device-gpio daemon serving
 *                that chip at SOCKET
 *   rng          the floor beneath both in the same QEMU: virtio-rng on
 *                rng-random reading a FIFO; a byte written to the FIFO
 *                until a posted 1-byte buffer is in the used ring (a host
 *                fd waking QEMU's main loop, which completes a buffer)
 * Each buffer gets 5 ms to be armed before the edge, the same for all (the
 * peer's daemon arms it in a thread of its own).
 *
 * The used ring is watched in the VM's RAM itself, not through qtest: the
 * RAM is a shared file in QTEST_VIRTIO_GPIO_EDGE_SHM (a tmpfs directory),
 * mapped here, and this process spins on the ring's index as a SCHED_IDLE
 * task: any other task that wakes (the chip's interrupt thread, QEMU, the
 * daemon) preempts it, so it takes next to nothing from them.  It sees the
 * buffer when the device and whatever must run after it (for the peer:
 * QEMU relaying the daemon's interrupt) have let go of the CPU; its
 * resolution is one turn of the loop, printed.  The trigger is one
 * write(2) for all: to the pull file opened beforehand, or to the FIFO.
 */
static void bench_pull(const char *path, bool up)
{
    FILE *f = fopen(path, "w");

    g_assert_nonnull(f);
    g_assert_cmpint(fputs(up ? "pull-up" : "pull-down", f), >=, 0);
    g_assert_cmpint(fclose(f), ==, 0);
}

#define BENCH_RAM (256 * MiB)

static void bench_edge(void)
{
    int edges = atoi(getenv("QTEST_VIRTIO_GPIO_EDGE_BENCH"));
    const char *dev = getenv("QTEST_VIRTIO_GPIO_EDGE_DEVICE") ?: "ours";
    const char *shm = getenv("QTEST_VIRTIO_GPIO_EDGE_SHM") ?: "/dev/shm";
    bool rng = !strcmp(dev, "rng");
    int q = rng ? 0 : EVENT_Q, nvq = rng ? 1 : 2;
    g_autofree char *pull = g_strdup_printf(
        "%s/sim_gpio0/pull", getenv("QTEST_VIRTIO_GPIO_HOST_SYSFS"));
    g_autofree char *ram_path = g_strdup_printf("%s/vga-edge-ram.%d", shm,
                                                getpid());
    g_autofree char *fifo = g_strdup_printf("%s/vga-edge-fifo.%d", shm,
                                            getpid());
    g_autofree char *args = NULL;
    g_autofree char *ram_args = g_strdup_printf(
        "-M pc -m 256M -object memory-backend-file,id=mem,size=256M,"
        "mem-path=%s,share=on -machine memory-backend=mem", ram_path);
    g_autoptr(GArray) lat = g_array_new(false, false, sizeof(int64_t));
    g_autoptr(GArray) res = g_array_new(false, false, sizeof(int64_t));
    struct sched_param param = { 0 };
    const uint16_t *used_idx;
    const uint8_t *ram;
    uint64_t req, status;
    StdVM vm;
    StdTest *t = &vm.t;
    int fd, wfd = -1, pfd = -1, policy = sched_getscheduler(0);

    g_assert_cmpint(edges, >, 0);
    g_assert_true(rng || !strcmp(dev, "ours") ||
                  g_str_has_prefix(dev, "peer:"));
    if (!rng) {
        /* every run starts from a low line */
        bench_pull(pull, false);
        pfd = open(pull, O_WRONLY);
        g_assert_cmpint(pfd, >=, 0);
    }
    if (g_str_has_prefix(dev, "peer:")) {
        args = g_strdup_printf("%s -chardev socket,id=vu,path=%s -device "
                               "vhost-user-gpio-pci,chardev=vu,addr=04.0",
                               ram_args, dev + 5);
    } else if (rng) {
        /* read-write: the FIFO always has a writer, QEMU never sees EOF */
        g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
        wfd = open(fifo, O_RDWR);
        g_assert_cmpint(wfd, >=, 0);
        args = g_strdup_printf("%s -object rng-random,id=rng0,filename=%s "
                               "-device virtio-rng-pci,rng=rng0,addr=04.0,"
                               "disable-legacy=on", ram_args, fifo);
    } else {
        args = g_strdup_printf("%s -device virtio-gpio-pci,addr=04.0,"
                               "map=@%s{0}", ram_args,
                               getenv("QTEST_VIRTIO_GPIO_HOST_CHIP"));
    }
    vm.qts = qtest_init(args);
    if (rng) {
        unlink(fifo);
    }
    fd = open(ram_path, O_RDONLY);
    g_assert_cmpint(fd, >=, 0);
    ram = mmap(NULL, BENCH_RAM, PROT_READ, MAP_SHARED, fd, 0);
    g_assert_true(ram != MAP_FAILED);
    close(fd);
    unlink(ram_path);
    pc_alloc_init(&vm.alloc, vm.qts, ALLOC_NO_FLAGS);
    vm.bus = qpci_new_pc(vm.qts, &vm.alloc);
    /*
     * Without VIRTIO_RING_F_EVENT_IDX every completion is signalled, as
     * a Linux driver waiting for it would have it (libqos leaves the
     * used_event index at 0, which would silence all but the first): the
     * peer's daemon then signals QEMU, which relays the interrupt.
     */
    vm_setup_queues(&vm, nvq, 1ull << VIRTIO_RING_F_EVENT_IDX);
    if (!rng) {
        request_ok(t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
                   VIRTIO_GPIO_DIRECTION_IN);
        request_ok(t, VIRTIO_GPIO_MSG_IRQ_TYPE, 0,
                   VIRTIO_GPIO_IRQ_TYPE_EDGE_BOTH);
    }
    /* the low RAM of a pc machine is the start of the backend, 1:1 */
    g_assert_cmpuint(t->vq[q]->used + 4, <, BENCH_RAM);
    used_idx = (const uint16_t *)(ram + t->vq[q]->used + 2);
    req = guest_alloc(t->alloc, 2);
    status = guest_alloc(t->alloc, 1);
    write_le16(t->qts, req, 0);
    g_assert_cmpint(sched_setscheduler(0, SCHED_IDLE, &param), ==, 0);

    /* the resolution: one turn of the loop */
    for (int k = 0; k < 1000; k++) {
        int64_t t0 = qgpio_now_ns(), ns;

        (void)qatomic_read(used_idx);
        ns = qgpio_now_ns() - t0;
        g_array_append_val(res, ns);
    }
    qgpio_sort_ns(res);

    for (int k = 0; k < edges; k++) {
        int64_t t0, deadline, ns;
        uint16_t seen;
        uint32_t head, idx, len;
        uint64_t buf = 0;

        /* the last buffer is back: its descriptors are free again */
        t->vq[q]->free_head = 0;
        t->vq[q]->num_free = t->vq[q]->size;
        if (rng) {
            buf = guest_alloc(t->alloc, 1);
            head = qvirtqueue_add(t->qts, t->vq[0], buf, 1, true, false);
            qvirtqueue_kick(t->qts, t->vdev, t->vq[0], head);
        } else {
            /* line 0's pair: the same two buffers every time */
            qtest_writeb(t->qts, status, 0xee);
            head = qvirtqueue_add(t->qts, t->vq[q], req, 2, false, true);
            qvirtqueue_add(t->qts, t->vq[q], status, 1, true, false);
            qvirtqueue_kick(t->qts, t->vdev, t->vq[q], head);
        }
        g_usleep(5000);
        seen = le16_to_cpu(qatomic_read(used_idx));
        g_assert_cmpuint(seen, ==, t->vq[q]->last_used_idx);
        t0 = qgpio_now_ns();
        deadline = t0 + 5 * NANOSECONDS_PER_SECOND;
        if (rng) {
            g_assert_cmpint(write(wfd, "e", 1), ==, 1);
        } else {
            const char *v = k & 1 ? "pull-down" : "pull-up";

            g_assert_cmpint(pwrite(pfd, v, strlen(v), 0), ==, strlen(v));
        }
        while (le16_to_cpu(qatomic_read(used_idx)) == seen) {
            g_assert_cmpint(qgpio_now_ns(), <, deadline);
        }
        ns = qgpio_now_ns() - t0;
        /* and it is the buffer, filled: read through qtest */
        g_assert_true(qvirtqueue_get_buf(t->qts, t->vq[q], &idx, &len));
        g_assert_cmpuint(idx, ==, head);
        if (rng) {
            g_assert_cmpuint(len, ==, 1);
            g_assert_cmphex(qtest_readb(t->qts, buf), ==, 'e');
            guest_free(t->alloc, buf);
        } else {
            g_assert_cmphex(qtest_readb(t->qts, status), ==,
                            VIRTIO_GPIO_IRQ_STATUS_VALID);
        }
        g_array_append_val(lat, ns);
    }
    g_assert_cmpint(sched_setscheduler(0, policy, &param), ==, 0);
    munmap((void *)ram, BENCH_RAM);
    vm_quit(&vm);
    close(rng ? wfd : pfd);

    printf("# bench-raw: edge %s:",
           rng ? "rng" : dev[0] == 'p' ? "peer" : "ours");
    for (guint k = 0; k < lat->len; k++) {
        printf(" %.1f", g_array_index(lat, int64_t, k) / 1000.0);
    }
    printf("\n");
    printf("# bench: edge %s: one look at the ring %.2f us\n",
           rng ? "rng" : dev[0] == 'p' ? "peer" : "ours",
           qgpio_pct_us(res, 50));
}

/*
 * Benchmark, not a test: registered only with QTEST_VIRTIO_GPIO_INSN_BENCH
 * (make bench runs QEMU under callgrind, counting the request handler).
 * N rounds of GET_VALUE of an input, SET_VALUE of an output and a
 * direction change, each answered OK.  With
 * QTEST_VIRTIO_GPIO_RTT_BENCH as well (and no callgrind), the requests'
 * round trips through qtest, next to as many empty notifies.
 */
static void bench_requests(void *obj, void *data, QGuestAllocator *alloc)
{
    int n = atoi(getenv("QTEST_VIRTIO_GPIO_INSN_BENCH"));
    bool rtt = getenv("QTEST_VIRTIO_GPIO_RTT_BENCH");
    StdTest t;

    std_start(&t, obj, alloc);
    request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 0,
               VIRTIO_GPIO_DIRECTION_OUT);
    if (rtt) {
        qgpio_kicks_start();
    }
    for (int i = 0; i < n; i++) {
        /* every request has come back: reuse the descriptors */
        t.vq[REQ_Q]->free_head = 0;
        t.vq[REQ_Q]->num_free = t.vq[REQ_Q]->size;
        get(&t, VIRTIO_GPIO_MSG_GET_VALUE, 1);
        request_ok(&t, VIRTIO_GPIO_MSG_SET_VALUE, 0, i & 1);
        request_ok(&t, VIRTIO_GPIO_MSG_SET_DIRECTION, 2,
                   i & 1 ? VIRTIO_GPIO_DIRECTION_IN
                         : VIRTIO_GPIO_DIRECTION_OUT);
    }
    if (rtt) {
        qgpio_kicks_report("virtio-gpio-pci", t.vdev, t.vq[REQ_Q]);
    }
    g_test_message("bench: %d requests", 3 * n + 1);
    std_stop(&t);
}

static void register_virtio_gpio_std_test(void)
{
    qos_add_test("identity", "virtio-gpio", test_identity, NULL);
    qos_add_test("config-names", "virtio-gpio", test_config_names, NULL);
    qos_add_test("direction-value", "virtio-gpio", test_direction_value,
                 NULL);
    qos_add_test("direction-none", "virtio-gpio", test_direction_none, NULL);
    qos_add_test("request-errors", "virtio-gpio", test_request_errors, NULL);
    qos_add_test("irq-edge", "virtio-gpio", test_irq_edge, NULL);
    qos_add_test("irq-falling-both", "virtio-gpio", test_irq_falling_both,
                 NULL);
    qos_add_test("irq-level", "virtio-gpio", test_irq_level, NULL);
    qos_add_test("irq-rules", "virtio-gpio", test_irq_rules, NULL);
    qos_add_test("eventq-reset-cycles", "virtio-gpio",
                 test_eventq_reset_cycles, NULL);
    qos_add_test("queue-reset", "virtio-gpio", test_queue_reset, NULL);
    qos_add_test("stale-edges", "virtio-gpio", test_stale_edges, NULL);
    qos_add_test("chip-in-use", "virtio-gpio", test_chip_in_use, NULL);
    qtest_add_func("virtio-gpio-pci/lines-as-found", test_lines_as_found);
    qtest_add_func("virtio-gpio-pci/ioeventfd-on", test_ioeventfd_on);
    qtest_add_data_func("virtio-gpio-pci/migrate/snapshot", "file",
                        test_migrate_state);
    qtest_add_data_func("virtio-gpio-pci/migrate/live", "unix",
                        test_migrate_state);
    qtest_add_func("virtio-gpio-pci/migrate/toggling", test_migrate_toggling);
    qtest_add_func("virtio-gpio-pci/migrate/mismatch", test_migrate_mismatch);
    qtest_add_func("virtio-gpio-pci/migrate/savevm-loadvm",
                   test_snapshot_in_place);
    if (getenv("QTEST_VIRTIO_GPIO_EDGE_BENCH")) {
        qtest_add_func("virtio-gpio-pci/bench-edge", bench_edge);
    }
    if (getenv("QTEST_VIRTIO_GPIO_INSN_BENCH")) {
        qos_add_test("bench-requests", "virtio-gpio", bench_requests, NULL);
    }
}

libqos_init(register_virtio_gpio_std_test);

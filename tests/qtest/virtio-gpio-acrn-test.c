/*
 * qtests for virtio-gpio-acrn-pci: what a guest and a host see
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The qos graph starts the device on a simulated chip (see
 * libqos/virtio-gpio-acrn.h): 3 lines, v0 = "LED", v1 = alias "button",
 * v2 = unnamed.
 */

#include "qemu/osdep.h"
#include "libqtest-single.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qemu/bswap.h"
#include "standard-headers/linux/pci_regs.h"
#include "libqos/qgraph.h"
#include "libqos/pci-pc.h"
#include "libqos/malloc-pc.h"
#include "libqos/virtio-gpio-acrn.h"

#define SIM_PATH "/objects/gsim0"
#define NAME_SLOT 32

typedef struct GpioTest {
    QVirtioDevice *vdev;
    QTestState *qts;
    QGuestAllocator *alloc;
    QVirtQueue *vq[3];
} GpioTest;

static QPCIDevice *pci_dev_of(QVirtioDevice *vdev)
{
    return container_of(vdev, QVirtioPCIDevice, vdev)->pdev;
}

static void gpio_start(GpioTest *t, QVirtioGpioAcrn *gpio,
                       QGuestAllocator *alloc)
{
    t->vdev = gpio->vdev;
    t->qts = global_qtest;
    t->alloc = alloc;
    qvirtio_set_features(t->vdev, qvirtio_get_features(t->vdev));
    for (int i = 0; i < 3; i++) {
        t->vq[i] = qvirtqueue_setup(t->vdev, alloc, i);
    }
    qvirtio_set_driver_ok(t->vdev);
}

static void gpio_stop(GpioTest *t)
{
    for (int i = 0; i < 3; i++) {
        qvirtqueue_cleanup(t->vdev->bus, t->vq[i], t->alloc);
    }
}

/*
 * Post a chain on queue 0 and collect the answer.  The device answers
 * inside the kick, as the guest driver polls right after it, so the used
 * element must already be there: no waiting.
 */
static uint32_t post_names(GpioTest *t, uint32_t size, uint8_t *buf)
{
    uint64_t addr = guest_alloc(t->alloc, size);
    uint32_t head, idx, len = 0xdead;

    memset(buf, 0xaa, size);
    qtest_memwrite(t->qts, addr, buf, size);
    head = qvirtqueue_add(t->qts, t->vq[0], addr, size, true, false);
    qvirtqueue_kick(t->qts, t->vdev, t->vq[0], head);
    g_assert_true(qvirtqueue_get_buf(t->qts, t->vq[0], &idx, &len));
    g_assert_cmpuint(idx, ==, head);
    qtest_memread(t->qts, addr, buf, size);
    guest_free(t->alloc, addr);
    return len;
}

static uint32_t post_request(GpioTest *t, uint8_t cmd, uint8_t line,
                             uint64_t data, uint8_t rsp[2])
{
    uint8_t req[10] = { cmd, line };
    uint64_t req_addr = guest_alloc(t->alloc, sizeof(req));
    uint64_t rsp_addr = guest_alloc(t->alloc, 2);
    uint32_t head, idx, len = 0xdead;

    stq_le_p(&req[2], data);
    rsp[0] = rsp[1] = 0xee;
    qtest_memwrite(t->qts, req_addr, req, sizeof(req));
    qtest_memwrite(t->qts, rsp_addr, rsp, 2);
    head = qvirtqueue_add(t->qts, t->vq[0], req_addr, sizeof(req), false,
                          true);
    qvirtqueue_add(t->qts, t->vq[0], rsp_addr, 2, true, false);
    qvirtqueue_kick(t->qts, t->vdev, t->vq[0], head);
    g_assert_true(qvirtqueue_get_buf(t->qts, t->vq[0], &idx, &len));
    g_assert_cmpuint(idx, ==, head);
    qtest_memread(t->qts, rsp_addr, rsp, 2);
    guest_free(t->alloc, req_addr);
    guest_free(t->alloc, rsp_addr);
    return len;
}

static bool sim_get_bool(QTestState *qts, const char *prop)
{
    return qtest_qom_get_bool(qts, SIM_PATH, prop);
}

static char *sim_get_str(QTestState *qts, const char *prop)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': %s, 'property': %s}}", SIM_PATH, prop);
    char *s = g_strdup(qdict_get_str(rsp, "return"));

    qobject_unref(rsp);
    return s;
}

/* The guest's PCI scan: ACRN's identity, read from config space. */
static void test_pci_identity(void *obj, void *data, QGuestAllocator *alloc)
{
    QVirtioGpioAcrn *gpio = obj;
    QPCIDevice *pdev = pci_dev_of(gpio->vdev);

    g_assert_cmphex(qpci_config_readw(pdev, PCI_VENDOR_ID), ==, 0x8086);
    g_assert_cmphex(qpci_config_readw(pdev, PCI_DEVICE_ID), ==, 0x8609);
    g_assert_cmphex(qpci_config_readw(pdev, PCI_SUBSYSTEM_VENDOR_ID), ==,
                    0x8086);
    g_assert_cmphex(qpci_config_readw(pdev, PCI_SUBSYSTEM_ID), ==, 0xfff7);
    g_assert_cmphex(qpci_config_readb(pdev, PCI_CLASS_DEVICE + 1), ==, 0x08);
    g_assert_cmphex(qpci_config_readb(pdev, PCI_CLASS_DEVICE), ==, 0x00);
    g_assert_cmphex(qpci_config_readb(pdev, PCI_CLASS_PROG), ==, 0x00);
    g_assert_cmphex(qpci_config_readb(pdev, PCI_REVISION_ID), ==, 0x00);
    /* BAR0 is an I/O BAR (legacy virtio register file) */
    g_assert_cmphex(qpci_config_readl(pdev, PCI_BASE_ADDRESS_0) &
                    PCI_BASE_ADDRESS_SPACE, ==, PCI_BASE_ADDRESS_SPACE_IO);
}

/* BAR0 as the host reports it: I/O, 512 bytes, as ACRN's 24 + 260. */
static void test_bar0(void *obj, void *data, QGuestAllocator *alloc)
{
    QDict *rsp = qtest_qmp(global_qtest, "{'execute': 'query-pci'}");
    QList *buses = qdict_get_qlist(rsp, "return");
    QListEntry *be, *de, *re;
    int found = 0;

    QLIST_FOREACH_ENTRY(buses, be) {
        QList *devs = qdict_get_qlist(qobject_to(QDict, be->value),
                                      "devices");
        QLIST_FOREACH_ENTRY(devs, de) {
            QDict *dev = qobject_to(QDict, de->value);
            QDict *id = qdict_get_qdict(dev, "id");

            if (qdict_get_int(id, "device") != 0x8609) {
                continue;
            }
            g_assert_cmpint(qdict_get_int(id, "vendor"), ==, 0x8086);
            g_assert_cmpint(qdict_get_int(id, "subsystem"), ==, 0xfff7);
            g_assert_cmpint(qdict_get_int(id, "subsystem-vendor"), ==,
                            0x8086);
            g_assert_cmpint(qdict_get_int(qdict_get_qdict(dev, "class_info"),
                                          "class"), ==, 0x0800);
            QLIST_FOREACH_ENTRY(qdict_get_qlist(dev, "regions"), re) {
                QDict *bar = qobject_to(QDict, re->value);

                if (qdict_get_int(bar, "bar") == 0) {
                    g_assert_cmpstr(qdict_get_str(bar, "type"), ==, "io");
                    g_assert_cmpint(qdict_get_int(bar, "size"), ==, 512);
                    found++;
                }
            }
        }
    }
    g_assert_cmpint(found, ==, 1);
    qobject_unref(rsp);
}

static void test_features(void *obj, void *data, QGuestAllocator *alloc)
{
    QVirtioGpioAcrn *gpio = obj;

    /* Bit 0 only: no VERSION_1, no ring features, no BAD_FEATURE. */
    g_assert_cmphex(qvirtio_get_features(gpio->vdev), ==, 0x1);
}

static void test_queue_sizes(void *obj, void *data, QGuestAllocator *alloc)
{
    QVirtioDevice *vdev = ((QVirtioGpioAcrn *)obj)->vdev;

    for (int i = 0; i < 4; i++) {
        vdev->bus->queue_select(vdev, i);
        g_assert_cmpuint(vdev->bus->get_queue_size(vdev), ==,
                         (i < 3 ? 64 : 0));
    }
}

static void test_config(void *obj, void *data, QGuestAllocator *alloc)
{
    QVirtioDevice *vdev = ((QVirtioGpioAcrn *)obj)->vdev;
    uint8_t b[4];

    qvirtio_set_features(vdev, qvirtio_get_features(vdev));
    for (int i = 0; i < 4; i++) {
        b[i] = qvirtio_config_readb(vdev, i);
    }
    g_assert_cmphex(b[0], ==, 0x00);
    g_assert_cmphex(b[1], ==, 0x00);
    g_assert_cmphex(b[2], ==, 0x03);
    g_assert_cmphex(b[3], ==, 0x00);
    /* PIO words: inputs at level 0 read "input"; past ngpio all ones */
    g_assert_cmphex(qvirtio_config_readl(vdev, 4), ==, 0x2);
    g_assert_cmphex(qvirtio_config_readl(vdev, 4 + 3 * 4), ==, 0xffffffff);
    g_assert_cmphex(qvirtio_config_readl(vdev, 4 + 63 * 4), ==, 0xffffffff);
}

static void test_names(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint8_t buf[3 * NAME_SLOT];
    uint8_t want[3 * NAME_SLOT] = { 0 };

    gpio_start(&t, obj, alloc);
    /* used length is the count of names, as ACRN's driver checks */
    g_assert_cmpuint(post_names(&t, sizeof(buf), buf), ==, 3);
    memcpy(want, "LED", 3);
    memcpy(want + NAME_SLOT, "button", 6);
    g_assert_cmpmem(buf, sizeof(buf), want, sizeof(want));
    gpio_stop(&t);
}

static void test_names_bad_size(void *obj, void *data, QGuestAllocator *alloc)
{
    static const uint32_t sizes[] = { 64, 95, 97, 128, 1 };
    GpioTest t;
    uint8_t buf[128], untouched[128];

    memset(untouched, 0xaa, sizeof(untouched));
    gpio_start(&t, obj, alloc);
    for (int i = 0; i < ARRAY_SIZE(sizes); i++) {
        g_assert_cmpuint(post_names(&t, sizes[i], buf), ==, 0);
        g_assert_cmpmem(buf, sizes[i], untouched, sizes[i]);
    }
    /* the device still answers a good request afterwards */
    g_assert_cmpuint(post_names(&t, 96, buf), ==, 3);
    gpio_stop(&t);
}

/* The simulated chip, seen through QMP, shows who holds its lines. */
static void test_sim_lines_held(void *obj, void *data, QGuestAllocator *alloc)
{
    QTestState *qts = global_qtest;
    g_autofree char *consumer = sim_get_str(qts, "line1-consumer");
    g_autofree char *free_consumer = sim_get_str(qts, "line3-consumer");

    for (int i = 0; i < 8; i++) {
        g_autofree char *prop = g_strdup_printf("line%d-used", i);

        g_assert_cmpint(sim_get_bool(qts, prop), ==, i < 3);
    }
    g_assert_cmpstr(consumer, ==, "qemu:gpio0");
    g_assert_cmpstr(free_consumer, ==, "");
}

/* GET_VALUE follows the level a test applies to the simulated chip. */
static void test_get_value_follows_sim(void *obj, void *data,
                                       QGuestAllocator *alloc)
{
    GpioTest t;
    uint8_t rsp[2];

    gpio_start(&t, obj, alloc);
    g_assert_cmpuint(post_request(&t, 1, 1, 0, rsp), ==, 2);
    g_assert_cmphex(rsp[0], ==, 0x00);
    g_assert_cmphex(rsp[1], ==, 0x00);
    qtest_qom_set_bool(t.qts, SIM_PATH, "line1-input", true);
    g_assert_cmpuint(post_request(&t, 1, 1, 0, rsp), ==, 2);
    g_assert_cmphex(rsp[0], ==, 0x00);
    g_assert_cmphex(rsp[1], ==, 0x01);
    gpio_stop(&t);
}

static void test_query_virtio_status(void *obj, void *data,
                                     QGuestAllocator *alloc)
{
    QTestState *qts = global_qtest;
    QDict *rsp = qtest_qmp(qts, "{'execute': 'x-query-virtio-status', "
                           "'arguments': {'path': "
                           "'/machine/peripheral/gpio0/virtio-backend'}}");
    QDict *st = qdict_get_qdict(rsp, "return");
    QDict *feat;
    QList *dev_features;

    g_assert_nonnull(st);
    g_assert_cmpstr(qdict_get_str(st, "name"), ==, "virtio-gpio-acrn");
    g_assert_cmpint(qdict_get_int(st, "device-id"), ==, 0xfff7);
    feat = qdict_get_qdict(st, "host-features");
    dev_features = qdict_get_qlist(feat, "dev-features");
    g_assert_cmpint(qlist_size(dev_features), ==, 1);
    g_assert_nonnull(strstr(qstring_get_str(qobject_to(QString,
                            qlist_peek(dev_features))),
                            "VIRTIO_GPIO_ACRN_F_CHIP"));
    qobject_unref(rsp);
}

static int count_acrn_gpio(QPCIBus *bus)
{
    int n = 0;

    for (int devfn = 0; devfn < 256; devfn += 8) {
        QPCIDevice *dev = qpci_device_find(bus, devfn);

        if (!dev) {
            continue;
        }
        if (qpci_config_readw(dev, PCI_VENDOR_ID) == 0x8086 &&
            qpci_config_readw(dev, PCI_DEVICE_ID) == 0x8609 &&
            qpci_config_readw(dev, PCI_SUBSYSTEM_ID) == 0xfff7) {
            n++;
        }
        g_free(dev);
    }
    return n;
}

/* Several instances in one VM, on pc and q35; ACRN allows only one. */
static void test_two_devices(const void *data)
{
    const char *machine = data;
    QTestState *qts;
    QGuestAllocator alloc;
    QPCIBus *bus;

    if (!qtest_has_machine(machine)) {
        g_test_skip("machine not available");
        return;
    }
    qts = qtest_initf("-M %s -object gpio-sim,id=s,lines=4 "
                      "-device virtio-gpio-acrn-pci,map=@s{0:1} "
                      "-device 'virtio-gpio-acrn-pci,map=@s<2=x:3=y>'", machine);
    pc_alloc_init(&alloc, qts, ALLOC_NO_FLAGS);
    bus = qpci_new_pc(qts, &alloc);
    g_assert_cmpint(count_acrn_gpio(bus), ==, 2);
    for (int i = 0; i < 4; i++) {
        g_autofree char *prop = g_strdup_printf("line%d-used", i);

        g_assert_true(qtest_qom_get_bool(qts, "/objects/s", prop));
    }
    qpci_free_pc(bus);
    alloc_destroy(&alloc);
    qtest_quit(qts);
}

static void register_virtio_gpio_acrn_test(void)
{
    qos_add_test("pci-identity", "virtio-gpio-acrn", test_pci_identity, NULL);
    qos_add_test("bar0", "virtio-gpio-acrn", test_bar0, NULL);
    qos_add_test("features", "virtio-gpio-acrn", test_features, NULL);
    qos_add_test("queue-sizes", "virtio-gpio-acrn", test_queue_sizes, NULL);
    qos_add_test("config", "virtio-gpio-acrn", test_config, NULL);
    qos_add_test("names", "virtio-gpio-acrn", test_names, NULL);
    qos_add_test("names-bad-size", "virtio-gpio-acrn", test_names_bad_size,
                 NULL);
    qos_add_test("sim-lines-held", "virtio-gpio-acrn", test_sim_lines_held,
                 NULL);
    qos_add_test("get-value-follows-sim", "virtio-gpio-acrn",
                 test_get_value_follows_sim, NULL);
    qos_add_test("query-virtio-status", "virtio-gpio-acrn",
                 test_query_virtio_status, NULL);
    if (!strcmp(qtest_get_arch(), "x86_64") ||
        !strcmp(qtest_get_arch(), "i386")) {
        qtest_add_data_func("virtio-gpio-acrn/two-devices/pc", "pc",
                            test_two_devices);
        qtest_add_data_func("virtio-gpio-acrn/two-devices/q35", "q35",
                            test_two_devices);
    }
}

libqos_init(register_virtio_gpio_acrn_test);

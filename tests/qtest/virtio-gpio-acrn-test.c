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
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qemu/bswap.h"
#include "standard-headers/linux/pci_regs.h"
#include "libqos/qgraph.h"
#include "libqos/pci-pc.h"
#include "libqos/malloc-pc.h"
#include "libqos/virtio-gpio-acrn.h"
#include "libqos/virtio-gpio-bench.h"
#include "libqos/virtio-gpio-migrate.h"
#include "libqos/virtio-pci.h"
#include "standard-headers/linux/virtio_config.h"
#include "standard-headers/linux/virtio_pci.h"

#define SIM_PATH "/objects/gsim0"
#define NAME_SLOT 32
#define EVENT_TIMEOUT_US (5 * 1000 * 1000)
#define QUIET_US (20 * 1000)

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

/* One buffer of a chain: readable ones carry @data to the device. */
typedef struct Buf {
    uint32_t len;
    bool write;
    uint8_t *data;
} Buf;

#define NO_ANSWER UINT32_MAX

/*
 * Post a chain on queue 0 and collect the answer.  The device answers
 * inside the kick, as the guest driver polls right after it, so the used
 * element must already be there: no waiting.  Writable buffers start as
 * @data and are read back into it.  Returns the used length.
 */
static uint32_t post_chain(GpioTest *t, Buf *b, int n, bool indirect)
{
    QVRingIndirectDesc *ind = NULL;
    uint64_t addr[4];
    uint32_t head = 0, idx, len = 0xdead;
    bool answered;

    g_assert_cmpint(n, <=, ARRAY_SIZE(addr));
    if (indirect) {
        ind = qvring_indirect_desc_setup(t->qts, t->vdev, t->alloc, n);
    }
    for (int i = 0; i < n; i++) {
        addr[i] = guest_alloc(t->alloc, MAX(b[i].len, 1));
        qtest_memwrite(t->qts, addr[i], b[i].data, b[i].len);
        if (ind) {
            qvring_indirect_desc_add(t->vdev, t->qts, ind, addr[i], b[i].len,
                                     b[i].write);
        } else if (i == 0) {
            head = qvirtqueue_add(t->qts, t->vq[0], addr[i], b[i].len,
                                  b[i].write, i + 1 < n);
        } else {
            qvirtqueue_add(t->qts, t->vq[0], addr[i], b[i].len, b[i].write,
                           i + 1 < n);
        }
    }
    if (ind) {
        /* a rogue guest: the feature was not offered */
        t->vq[0]->indirect = true;
        head = qvirtqueue_add_indirect(t->qts, t->vq[0], ind);
        t->vq[0]->indirect = false;
    }
    qgpio_kick(t->qts, t->vdev, t->vq[0], head);
    answered = qvirtqueue_get_buf(t->qts, t->vq[0], &idx, &len);
    if (answered) {
        g_assert_cmpuint(idx, ==, head);
    }
    for (int i = 0; i < n; i++) {
        qtest_memread(t->qts, addr[i], b[i].data, b[i].len);
        guest_free(t->alloc, addr[i]);
    }
    if (ind) {
        guest_free(t->alloc, ind->desc);
        g_free(ind);
    }
    return answered ? len : NO_ANSWER;
}

static uint32_t post_names(GpioTest *t, uint32_t size, uint8_t *buf)
{
    Buf b = { size, true, buf };

    memset(buf, 0xaa, size);
    return post_chain(t, &b, 1, false);
}

/* An operation with request and response of any size (10 and 2 are good) */
static uint32_t post_sized(GpioTest *t, uint8_t cmd, uint8_t line,
                           uint64_t data, uint32_t req_len, uint32_t rsp_len,
                           uint8_t *rsp)
{
    uint8_t req[16] = { cmd, line };
    Buf b[2] = { { req_len, false, req }, { rsp_len, true, rsp } };

    stq_le_p(&req[2], data);
    memset(rsp, 0xee, rsp_len);
    return post_chain(t, b, 2, false);
}

static uint32_t post_request(GpioTest *t, uint8_t cmd, uint8_t line,
                             uint64_t data, uint8_t rsp[2])
{
    return post_sized(t, cmd, line, data, 10, 2, rsp);
}

#define ANY (-1)

/*
 * An operation answered as the protocol says: used length 2, @err, and
 * @data in the response's second byte (0xee: untouched; ANY: not checked).
 */
static void expect_answer(GpioTest *t, uint8_t cmd, uint8_t line,
                          uint64_t data, uint8_t err, int rsp_data)
{
    uint8_t rsp[2];

    g_assert_cmpuint(post_request(t, cmd, line, data, rsp), ==, 2);
    g_assert_cmphex(rsp[0], ==, err);
    if (rsp_data != ANY) {
        g_assert_cmphex(rsp[1], ==, rsp_data);
    }
}

/*
 * The chip under the device, seen from outside: the simulated chip's QOM
 * properties, or in the integration tier the kernel's gpio-sim through
 * sysfs and gpioinfo.  @what is one of the simulated chip's per-line
 * properties: value, used, consumer, direction, drive, bias, edges.
 */
static const char *host_chip(void)
{
    return getenv(QVIRTIO_GPIO_ACRN_HOST_CHIP_ENV);
}

static char *host_sysfs(int line, const char *file)
{
    const char *dir = getenv("QTEST_VIRTIO_GPIO_HOST_SYSFS");

    g_assert_nonnull(dir);
    return g_strdup_printf("%s/sim_gpio%d/%s", dir, line, file);
}

/* One attribute of a gpioinfo line: "bias=pull-up" gives "pull-up". */
static char *gpioinfo_attr(const char *info, const char *key)
{
    g_autofree char *pat = g_strdup_printf("[\\t ]%s=\"?([^\"\\t\\n ]*)",
                                           key);
    g_autoptr(GRegex) re = g_regex_new(pat, 0, 0, NULL);
    g_autoptr(GMatchInfo) m = NULL;

    if (g_regex_match(re, info, 0, &m)) {
        return g_match_info_fetch(m, 1);
    }
    return NULL;
}

static char *host_line_get(int line, const char *what)
{
    g_autofree char *cmd = NULL, *out = NULL, *attr = NULL;
    int status;

    if (!strcmp(what, "value")) {
        g_autofree char *path = host_sysfs(line, "value");

        g_assert_true(g_file_get_contents(path, &out, NULL, NULL));
        return g_strdup(out[0] == '1' ? "true" : "false");
    }
    cmd = g_strdup_printf("gpioinfo -c %s %d", host_chip(), line);
    g_assert_true(g_spawn_command_line_sync(cmd, &out, NULL, &status, NULL));
    g_assert_cmpint(status, ==, 0);
    if (!strcmp(what, "direction")) {
        return g_strdup(strstr(out, "output") ? "output" : "input");
    }
    attr = gpioinfo_attr(out, !strcmp(what, "used") ? "consumer" : what);
    if (!strcmp(what, "used")) {
        return g_strdup(attr ? "true" : "false");
    }
    if (!strcmp(what, "consumer")) {
        return g_strdup(attr ? attr : "");
    }
    if (attr) {
        return g_steal_pointer(&attr);
    }
    /* gpioinfo leaves out what is at its default */
    if (!strcmp(what, "drive")) {
        return g_strdup("push-pull");
    }
    if (!strcmp(what, "edges")) {
        return g_strdup("none");
    }
    return g_strdup("as-is");
}

static char *line_get(QTestState *qts, int line, const char *what)
{
    g_autofree char *prop = g_strdup_printf("line%d-%s", line, what);
    QDict *rsp;
    QObject *ret;
    char *s;

    if (host_chip()) {
        return host_line_get(line, what);
    }
    rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': %s, 'property': %s}}", SIM_PATH, prop);
    ret = qdict_get(rsp, "return");
    if (qobject_type(ret) == QTYPE_QBOOL) {
        s = g_strdup(qbool_get_bool(qobject_to(QBool, ret)) ? "true"
                                                             : "false");
    } else {
        s = g_strdup(qstring_get_str(qobject_to(QString, ret)));
    }
    qobject_unref(rsp);
    return s;
}

static bool line_flag(QTestState *qts, int line, const char *what)
{
    g_autofree char *v = line_get(qts, line, what);

    return !strcmp(v, "true");
}

/*
 * Whether a pull to @level makes the kernel's gpio-sim raise @line's
 * interrupt: the level changes, in a direction the device watches
 * (query-gpio's trigger; a level is watched on both edges).
 */
static bool host_edge_expected(QTestState *qts, int line, bool level)
{
    g_autofree char *now = host_line_get(line, "value");
    g_autofree char *chip = g_strdup_printf("/dev/%s", host_chip());
    g_autofree char *irq = NULL;
    QListEntry *de, *le;
    QDict *rsp;

    if (!strcmp(now, level ? "true" : "false")) {
        return false;
    }
    rsp = qtest_qmp(qts, "{'execute': 'query-gpio'}");
    QLIST_FOREACH_ENTRY(qdict_get_qlist(rsp, "return"), de) {
        QList *lines = qdict_get_qlist(qobject_to(QDict, de->value), "lines");

        QLIST_FOREACH_ENTRY(lines, le) {
            QDict *l = qobject_to(QDict, le->value);

            if (qdict_get_int(l, "offset") == line &&
                !strcmp(qdict_get_str(l, "chip"), chip)) {
                irq = g_strdup(qdict_get_str(l, "irq"));
            }
        }
    }
    qobject_unref(rsp);
    if (!irq || !strcmp(irq, "none")) {
        return false;
    }
    if (!strcmp(irq, "edge-rising")) {
        return level;
    }
    if (!strcmp(irq, "edge-falling")) {
        return !level;
    }
    return true;
}

/* One attribute of interrupt @irq in sysfs, or NULL. */
static char *irq_attr(const char *irq, const char *attr)
{
    g_autofree char *path = g_strdup_printf("/sys/kernel/irq/%s/%s", irq,
                                            attr);
    char *s = NULL;

    g_file_get_contents(path, &s, NULL, NULL);
    return s;
}

/*
 * How often the kernel took @line's interrupt: the irq_sim interrupt
 * whose hwirq is the line's offset and whose handler QEMU's line request
 * installed (named after its consumer, "qemu:<id>").
 */
static uint64_t host_irq_count(int line)
{
    g_autoptr(GDir) d = g_dir_open("/sys/kernel/irq", 0, NULL);
    const char *irq;

    g_assert_nonnull(d);
    while ((irq = g_dir_read_name(d))) {
        g_autofree char *hwirq = irq_attr(irq, "hwirq");
        g_autofree char *actions = irq_attr(irq, "actions");
        g_autofree char *counts = NULL;
        g_auto(GStrv) per_cpu = NULL;
        uint64_t n = 0;

        if (!hwirq || atoi(hwirq) != line ||
            !actions || !g_str_has_prefix(actions, "qemu:")) {
            continue;
        }
        counts = irq_attr(irq, "per_cpu_count");
        g_assert_nonnull(counts);
        per_cpu = g_strsplit(counts, ",", 0);
        for (int i = 0; per_cpu[i]; i++) {
            n += g_ascii_strtoull(per_cpu[i], NULL, 10);
        }
        return n;
    }
    g_assert_not_reached();
}

/* Apply a level from outside: a property, or gpio-sim's pull. */
static void sim_set_input(QTestState *qts, int line, bool level)
{
    g_autofree char *prop = g_strdup_printf("line%d-input", line);

    if (host_chip()) {
        g_autofree char *path = host_sysfs(line, "pull");
        const char *pull = level ? "pull-up" : "pull-down";
        bool edge = host_edge_expected(qts, line, level);
        uint64_t count = edge ? host_irq_count(line) : 0;
        gint64 deadline = g_get_monotonic_time() + EVENT_TIMEOUT_US;
        FILE *f = fopen(path, "w");

        g_assert_nonnull(f);
        g_assert_cmpint(fputs(pull, f), >=, 0);
        g_assert_cmpint(fclose(f), ==, 0);
        /*
         * gpio-sim raises the interrupt from irq_work: wait until the
         * kernel took it.  Its handler thread, which queues the edge on
         * QEMU's request, is real-time and has run by the time this
         * process sees the count (the guest has a single CPU).
         */
        while (edge && host_irq_count(line) == count) {
            g_assert_cmpint(g_get_monotonic_time(), <, deadline);
            g_usleep(100);
        }
        return;
    }
    qtest_qom_set_bool(qts, SIM_PATH, prop, level);
}

static void sim_assert_str(QTestState *qts, int line, const char *what,
                           const char *want)
{
    g_autofree char *got = line_get(qts, line, what);

    g_assert_cmpstr(got, ==, want);
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
    /* the device still answers a good request, writing the buffer */
    g_assert_cmpuint(post_names(&t, 96, buf), ==, 3);
    g_assert_cmpmem(buf, 4, "LED", 4);
    gpio_stop(&t);
}

/* The simulated chip, seen through QMP, shows who holds its lines. */
static void test_sim_lines_held(void *obj, void *data, QGuestAllocator *alloc)
{
    QTestState *qts = global_qtest;
    g_autofree char *consumer = line_get(qts, 1, "consumer");
    g_autofree char *free_consumer = line_get(qts, 3, "consumer");

    for (int i = 0; i < 8; i++) {
        g_assert_cmpint(line_flag(qts, i, "used"), ==, i < 3);
    }
    g_assert_cmpstr(consumer, ==, "qemu:gpio0");
    g_assert_cmpstr(free_consumer, ==, "");
}

/* GET_VALUE follows the level a test applies to the simulated chip. */
static void test_get_value_follows_sim(void *obj, void *data,
                                       QGuestAllocator *alloc)
{
    GpioTest t;

    gpio_start(&t, obj, alloc);
    expect_answer(&t, 1, 1, 0, 0x00, 0x00);
    sim_set_input(t.qts, 1, true);
    expect_answer(&t, 1, 1, 0, 0x00, 0x01);
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
                      "-device 'virtio-gpio-acrn-pci,map=@s<2=x:3=y>'",
                      machine);
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

/* IRQ control (queue 1) and events (queue 2), reference section 5 */

/* One QMP round trip: the main loop has run the chip's event handler. */
static void settle(QTestState *qts)
{
    qobject_unref(qtest_qmp(qts, "{'execute': 'query-status'}"));
    qobject_unref(qtest_qmp(qts, "{'execute': 'query-status'}"));
}

static uint32_t irq_action_len(GpioTest *t, const uint8_t *req, uint32_t size)
{
    uint64_t addr = guest_alloc(t->alloc, 8);
    uint32_t head, len = 0xdead;

    qtest_memwrite(t->qts, addr, req, size);
    head = qvirtqueue_add(t->qts, t->vq[1], addr, size, false, false);
    qvirtqueue_kick(t->qts, t->vdev, t->vq[1], head);
    /* every buffer comes back, with an interrupt */
    qvirtio_wait_used_elem(t->qts, t->vdev, t->vq[1], head, &len,
                           EVENT_TIMEOUT_US);
    guest_free(t->alloc, addr);
    return len;
}

static void irq_action(GpioTest *t, uint8_t action, uint8_t pin, uint8_t mode)
{
    uint8_t req[3] = { action, pin, mode };

    g_assert_cmpuint(irq_action_len(t, req, sizeof(req)), ==, 1);
}

/* Post an event buffer as ACRN's guest does: on the ring, no kick. */
static uint32_t post_event_buffer(GpioTest *t, uint64_t *addr)
{
    QVirtQueue *vq = t->vq[2];
    uint32_t head;
    uint16_t idx;

    *addr = guest_alloc(t->alloc, 8);
    qtest_memset(t->qts, *addr, 0xee, 8);
    head = qvirtqueue_add(t->qts, vq, *addr, 8, true, false);
    idx = qtest_readw(t->qts, vq->avail + 2);
    qtest_writew(t->qts, vq->avail + 4 + 2 * (idx % vq->size), head);
    qtest_writew(t->qts, vq->avail + 2, idx + 1);
    return head;
}

/*
 * The legacy ISR is shared by all queues and cleared by reading it, so
 * waiting on queue 1's interrupt may consume queue 2's: poll the ring.
 */
static uint64_t wait_event(GpioTest *t, uint32_t head, uint64_t addr)
{
    gint64 deadline = g_get_monotonic_time() + EVENT_TIMEOUT_US;
    uint32_t idx, len = 0xdead;

    while (!qvirtqueue_get_buf(t->qts, t->vq[2], &idx, &len)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(1000);
    }
    g_assert_cmpuint(idx, ==, head);
    g_assert_cmpuint(len, ==, 8);
    return qtest_readq(t->qts, addr);
}

/*
 * Nothing comes back on queue @q: after settle(), its used ring stays
 * empty for QUIET_US.  A quiet queue proves something only if the test
 * then makes something arrive on it: every caller does.
 */
static void assert_queue_quiet(GpioTest *t, int q)
{
    gint64 deadline;
    uint32_t idx, len;

    settle(t->qts);
    deadline = g_get_monotonic_time() + QUIET_US;
    do {
        g_assert_false(qvirtqueue_get_buf(t->qts, t->vq[q], &idx, &len));
        g_usleep(1000);
    } while (g_get_monotonic_time() < deadline);
}

/* No event: followed in every test by an event that must arrive. */
static void assert_no_event(GpioTest *t)
{
    assert_queue_quiet(t, 2);
}

static void irq_start(GpioTest *t, void *obj, QGuestAllocator *alloc)
{
    for (int i = 0; i < 3; i++) {
        sim_set_input(global_qtest, i, false);
    }
    gpio_start(t, obj, alloc);
}

enum { ENABLE, DISABLE, ACK, MASK, UNMASK };

/* Cases 18-21: rising edges, one event per ACK, falling ignored. */
static void test_irq_edge(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t a[3];
    uint32_t h[3];

    irq_start(&t, obj, alloc);
    for (int i = 0; i < 3; i++) {
        h[i] = post_event_buffer(&t, &a[i]);
    }
    irq_action(&t, ENABLE, 1, 1);
    sim_assert_str(t.qts, 1, "edges", "rising");
    sim_assert_str(t.qts, 1, "direction", "input");

    sim_set_input(t.qts, 1, true);
    g_assert_cmphex(wait_event(&t, h[0], a[0]), ==, 0x2);
    /* in service: a second edge waits for the ACK, then comes at once */
    sim_set_input(t.qts, 1, false);
    sim_set_input(t.qts, 1, true);
    assert_no_event(&t);
    irq_action(&t, ACK, 1, 0);
    g_assert_cmphex(wait_event(&t, h[1], a[1]), ==, 0x2);
    irq_action(&t, ACK, 1, 0);
    /* a falling edge in rising mode is nothing */
    sim_set_input(t.qts, 1, false);
    assert_no_event(&t);
    sim_set_input(t.qts, 1, true);
    g_assert_cmphex(wait_event(&t, h[2], a[2]), ==, 0x2);
    irq_action(&t, DISABLE, 1, 0);
    sim_assert_str(t.qts, 1, "edges", "none");
    gpio_stop(&t);
}

/* Case 22 with our fix: an edge while masked comes on UNMASK. */
static void test_irq_mask_latch(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t a;
    uint32_t h;

    irq_start(&t, obj, alloc);
    h = post_event_buffer(&t, &a);
    irq_action(&t, ENABLE, 0, 3);
    sim_assert_str(t.qts, 0, "edges", "both");
    irq_action(&t, MASK, 0, 0);
    sim_set_input(t.qts, 0, true);
    assert_no_event(&t);
    irq_action(&t, UNMASK, 0, 0);
    g_assert_cmphex(wait_event(&t, h, a), ==, 0x1);
    irq_action(&t, DISABLE, 0, 0);
    gpio_stop(&t);
}

/* Cases 23 and B5: a level fires at ENABLE and again on UNMASK. */
static void test_irq_level(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t a[4];
    uint32_t h[4];

    irq_start(&t, obj, alloc);
    for (int i = 0; i < 4; i++) {
        h[i] = post_event_buffer(&t, &a[i]);
    }
    sim_set_input(t.qts, 2, true);
    irq_action(&t, ENABLE, 2, 4);
    g_assert_cmphex(wait_event(&t, h[0], a[0]), ==, 0x4);
    /* Linux's level flow: MASK, ACK, handler, UNMASK */
    irq_action(&t, MASK, 2, 0);
    irq_action(&t, ACK, 2, 0);
    assert_no_event(&t);
    irq_action(&t, UNMASK, 2, 0);
    g_assert_cmphex(wait_event(&t, h[1], a[1]), ==, 0x4);
    irq_action(&t, MASK, 2, 0);
    irq_action(&t, ACK, 2, 0);
    sim_set_input(t.qts, 2, false);
    irq_action(&t, UNMASK, 2, 0);
    assert_no_event(&t);
    /* unmasked and live: the level going high fires */
    sim_set_input(t.qts, 2, true);
    g_assert_cmphex(wait_event(&t, h[2], a[2]), ==, 0x4);
    irq_action(&t, MASK, 2, 0);
    irq_action(&t, ACK, 2, 0);
    sim_set_input(t.qts, 2, false);
    /* level-low mirrors it */
    irq_action(&t, DISABLE, 2, 0);
    irq_action(&t, ENABLE, 2, 8);
    g_assert_cmphex(wait_event(&t, h[3], a[3]), ==, 0x4);
    irq_action(&t, DISABLE, 2, 0);
    gpio_stop(&t);
}

/* Cases 25-27: an IRQ line answers GET_*, refuses OUTPUT, keeps INPUT. */
static void test_irq_line_requests(void *obj, void *data,
                                   QGuestAllocator *alloc)
{
    GpioTest t;

    irq_start(&t, obj, alloc);
    irq_action(&t, ENABLE, 1, 3);
    sim_set_input(t.qts, 1, true);
    expect_answer(&t, 1, 1, 0, 0x00, 0x01);
    expect_answer(&t, 4, 1, 0, 0x00, 0x01);
    expect_answer(&t, 3, 1, 1, 0xff, ANY);
    sim_assert_str(t.qts, 1, "direction", "input");
    expect_answer(&t, 2, 1, 0, 0x00, ANY);
    sim_assert_str(t.qts, 1, "edges", "both");
    irq_action(&t, DISABLE, 1, 0);
    sim_assert_str(t.qts, 1, "edges", "none");
    g_assert_true(line_flag(t.qts, 1, "used"));
    expect_answer(&t, 1, 1, 0, 0x00, 0x01);
    gpio_stop(&t);
}

/* No buffer when the edge comes: the event waits for the next buffer. */
static void test_irq_no_buffer(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t a;
    uint32_t h;

    irq_start(&t, obj, alloc);
    irq_action(&t, ENABLE, 0, 1);
    irq_action(&t, ENABLE, 2, 1);
    sim_set_input(t.qts, 0, true);
    sim_set_input(t.qts, 2, true);
    settle(t.qts);
    h = post_event_buffer(&t, &a);
    /* the guest kicks queue 1 for anything: buffers are seen then */
    irq_action(&t, MASK, 1, 0);
    g_assert_cmphex(wait_event(&t, h, a), ==, 0x5);
    irq_action(&t, DISABLE, 0, 0);
    irq_action(&t, DISABLE, 2, 0);
    gpio_stop(&t);
}

/* Case 28: bad pin or size is ignored; the buffer still comes back. */
static void test_irq_bad_requests(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    static const uint8_t bad_pin[3] = { ENABLE, 3, 1 };
    static const uint8_t big_pin[3] = { ENABLE, 255, 1 };
    static const uint8_t short_req[2] = { ENABLE, 0 };
    static const uint8_t long_req[4] = { ENABLE, 0, 1, 0 };
    static const uint8_t bad_action[3] = { 9, 0, 1 };
    static const uint8_t bad_mode[3] = { ENABLE, 0, 5 };
    GpioTest t;

    irq_start(&t, obj, alloc);
    g_assert_cmpuint(irq_action_len(&t, bad_pin, 3), ==, 1);
    g_assert_cmpuint(irq_action_len(&t, big_pin, 3), ==, 1);
    g_assert_cmpuint(irq_action_len(&t, short_req, 2), ==, 1);
    g_assert_cmpuint(irq_action_len(&t, long_req, 4), ==, 1);
    g_assert_cmpuint(irq_action_len(&t, bad_action, 3), ==, 1);
    g_assert_cmpuint(irq_action_len(&t, bad_mode, 3), ==, 1);
    for (int i = 0; i < 3; i++) {
        sim_assert_str(t.qts, i, "edges", "none");
    }
    /* a good request reaches the line */
    irq_action(&t, ENABLE, 0, 1);
    sim_assert_str(t.qts, 0, "edges", "rising");
    irq_action(&t, DISABLE, 0, 0);
    gpio_stop(&t);
}

/* A device reset in the middle of an IRQ clears it all (ACRN's B9). */
static void test_irq_reset(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t a;
    uint32_t h;
    uint8_t rsp[2];

    irq_start(&t, obj, alloc);
    h = post_event_buffer(&t, &a);
    g_assert_cmpuint(post_request(&t, 3, 0, 1, rsp), ==, 2);
    sim_assert_str(t.qts, 0, "direction", "output");
    irq_action(&t, ENABLE, 1, 1);
    sim_set_input(t.qts, 1, true);
    g_assert_cmphex(wait_event(&t, h, a), ==, 0x2);
    qvirtio_reset(t.vdev);
    sim_assert_str(t.qts, 1, "edges", "none");
    sim_assert_str(t.qts, 0, "direction", "input");
    g_assert_true(line_flag(t.qts, 1, "used"));
    gpio_stop(&t);
}


/* Conformance cases 6-12: every operation, seen on the simulated chip. */
static void test_requests(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint8_t rsp[2];

    irq_start(&t, obj, alloc);
    /* 6: GET_DIRECTION of an input */
    expect_answer(&t, 4, 1, 0, 0x00, 0x01);
    /* 7: OUTPUT high; rsp.data untouched; then GET_DIRECTION, GET_VALUE */
    expect_answer(&t, 3, 0, 1, 0x00, 0xee);
    sim_assert_str(t.qts, 0, "direction", "output");
    g_assert_true(line_flag(t.qts, 0, "value"));
    expect_answer(&t, 4, 0, 0, 0x00, 0x00);
    expect_answer(&t, 1, 0, 0, 0x00, 0x01);
    /* 8: SET_VALUE low; only the low byte of data counts */
    expect_answer(&t, 0, 0, 0x100, 0x00, 0xee);
    g_assert_false(line_flag(t.qts, 0, "value"));
    /* 9: SET_VALUE on an input fails, as on kernels with the EPERM check */
    expect_answer(&t, 0, 1, 1, 0xff, 0xee);
    /*
     * 12: open-drain, open-source, push-pull succeed and reach the line;
     * a host kernel applies drive to outputs only, so test it on one
     */
    expect_answer(&t, 5, 0, 6, 0x00, ANY);
    sim_assert_str(t.qts, 0, "drive", "open-drain");
    g_assert_cmpuint(post_request(&t, 5, 0, 7, rsp), ==, 2);
    sim_assert_str(t.qts, 0, "drive", "open-source");
    g_assert_cmpuint(post_request(&t, 5, 0, 8, rsp), ==, 2);
    sim_assert_str(t.qts, 0, "drive", "push-pull");
    /* 10: INPUT */
    expect_answer(&t, 2, 0, 0, 0x00, ANY);
    sim_assert_str(t.qts, 0, "direction", "input");
    /* 11: bias reaches the line (ACRN ignored it) */
    expect_answer(&t, 5, 0, 0x105, 0x00, ANY);
    sim_assert_str(t.qts, 0, "bias", "pull-up");
    g_assert_cmpuint(post_request(&t, 5, 0, 0x3, rsp), ==, 2);
    sim_assert_str(t.qts, 0, "bias", "pull-down");
    g_assert_cmpuint(post_request(&t, 5, 0, 0x1, rsp), ==, 2);
    sim_assert_str(t.qts, 0, "bias", "disabled");
    /* other parameters (debounce 14 here) succeed without effect */
    expect_answer(&t, 5, 0, 0x100e, 0x00, ANY);
    /* a direction change keeps the line held */
    g_assert_true(line_flag(t.qts, 0, "used"));
    gpio_stop(&t);
}

/* Conformance cases 13-17: the protocol's error answers. */
static void test_request_errors(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint8_t rsp[4];
    uint8_t a[10] = { 1 }, b[2], c[2];
    Buf three[3] = { { 10, false, a }, { 2, true, b }, { 2, true, c } };

    irq_start(&t, obj, alloc);
    /* 13: unknown command; 14: line == ngpio, and the largest line */
    for (int cmd = 6; cmd < 256; cmd += 83) {
        expect_answer(&t, cmd, 0, 0, 0xff, 0xee);
    }
    expect_answer(&t, 1, 3, 0, 0xff, ANY);
    expect_answer(&t, 3, 255, 1, 0xff, ANY);
    /* 15: request of 9 or 11 bytes; 16: response of 1 or 3 bytes */
    g_assert_cmpuint(post_sized(&t, 3, 0, 1, 9, 2, rsp), ==, 0);
    g_assert_cmphex(rsp[0], ==, 0xee);
    g_assert_cmpuint(post_sized(&t, 3, 0, 1, 11, 2, rsp), ==, 0);
    g_assert_cmphex(rsp[0], ==, 0xee);
    g_assert_cmpuint(post_sized(&t, 3, 0, 1, 10, 1, rsp), ==, 0);
    g_assert_cmphex(rsp[0], ==, 0xee);
    g_assert_cmpuint(post_sized(&t, 3, 0, 1, 10, 3, rsp), ==, 0);
    g_assert_cmphex(rsp[0], ==, 0xee);
    /* an oversize request is refused just the same */
    g_assert_cmpuint(post_sized(&t, 3, 0, 1, 16, 2, rsp), ==, 0);
    sim_assert_str(t.qts, 0, "direction", "input");
    /* 17: three descriptors */
    memset(b, 0xee, sizeof(b));
    g_assert_cmpuint(post_chain(&t, three, 3, false), ==, 1);
    g_assert_cmphex(b[0], ==, 0xee);
    /* the refused request, well-formed, reaches the line */
    expect_answer(&t, 3, 0, 1, 0x00, 0xee);
    sim_assert_str(t.qts, 0, "direction", "output");
    gpio_stop(&t);
}

/* Malformed chains: wrong directions and indirect descriptors. */
static void test_malformed_chains(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    GpioTest t;
    uint8_t req[10] = { 3, 0, 1 }, rsp[2] = { 0xee, 0xee };
    uint8_t names[96];
    Buf both_w[2] = { { 10, true, req }, { 2, true, rsp } };
    Buf both_r[2] = { { 10, false, req }, { 2, false, rsp } };
    Buf good[2] = { { 10, false, req }, { 2, true, rsp } };
    Buf names_r = { sizeof(names), false, names };

    irq_start(&t, obj, alloc);
    memset(names, 0xaa, sizeof(names));
    g_assert_cmpuint(post_chain(&t, both_w, 2, false), ==, 0);
    g_assert_cmpuint(post_chain(&t, both_r, 2, false), ==, 0);
    g_assert_cmpuint(post_chain(&t, &names_r, 1, false), ==, 0);
    /* indirect descriptors were not offered: a bad chain, as in ACRN */
    g_assert_cmpuint(post_chain(&t, good, 2, true), ==, 1);
    g_assert_cmphex(rsp[0], ==, 0xee);
    sim_assert_str(t.qts, 0, "direction", "input");
    /* the same request, direct, works */
    g_assert_cmpuint(post_chain(&t, good, 2, false), ==, 2);
    g_assert_cmphex(rsp[0], ==, 0x00);
    sim_assert_str(t.qts, 0, "direction", "output");
    gpio_stop(&t);
}

/* Malformed IRQ and event buffers: returned, never acted on or lost. */
static void test_irq_malformed(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t bad = guest_alloc(alloc, 8), a;
    uint32_t bad_head, h, idx, len;
    uint64_t req_addr = guest_alloc(alloc, 3);
    uint8_t enable[3] = { ENABLE, 0, 1 };

    irq_start(&t, obj, alloc);
    /* a writable IRQ request is returned and ignored */
    qtest_memwrite(t.qts, req_addr, enable, 3);
    h = qvirtqueue_add(t.qts, t.vq[1], req_addr, 3, true, false);
    qvirtqueue_kick(t.qts, t.vdev, t.vq[1], h);
    qvirtio_wait_used_elem(t.qts, t.vdev, t.vq[1], h, &len, EVENT_TIMEOUT_US);
    g_assert_cmpuint(len, ==, 1);
    sim_assert_str(t.qts, 0, "edges", "none");
    /* a readable event buffer is returned empty; the event is not lost */
    irq_action(&t, ENABLE, 0, 1);
    sim_assert_str(t.qts, 0, "edges", "rising");
    qtest_memset(t.qts, bad, 0xee, 8);
    bad_head = qvirtqueue_add(t.qts, t.vq[2], bad, 8, false, false);
    qvirtqueue_kick(t.qts, t.vdev, t.vq[2], bad_head);
    sim_set_input(t.qts, 0, true);
    settle(t.qts);
    g_assert_true(qvirtqueue_get_buf(t.qts, t.vq[2], &idx, &len));
    g_assert_cmpuint(idx, ==, bad_head);
    g_assert_cmpuint(len, ==, 0);
    g_assert_cmphex(qtest_readq(t.qts, bad), ==, 0xeeeeeeeeeeeeeeeeULL);
    h = post_event_buffer(&t, &a);
    t.vdev->bus->virtqueue_kick(t.vdev, t.vq[2]);
    g_assert_cmphex(wait_event(&t, h, a), ==, 0x1);
    irq_action(&t, DISABLE, 0, 0);
    guest_free(alloc, bad);
    guest_free(alloc, req_addr);
    gpio_stop(&t);
}

/*
 * ACRN's guest reads the names during probe, before the virtio core sets
 * DRIVER_OK: queue 0 answers then too.
 */
static void test_before_driver_ok(void *obj, void *data,
                                  QGuestAllocator *alloc)
{
    QVirtioGpioAcrn *gpio = obj;
    GpioTest t = { .vdev = gpio->vdev, .qts = global_qtest, .alloc = alloc };
    QVirtioPCIDevice *vp = container_of(t.vdev, QVirtioPCIDevice, vdev);
    uint8_t buf[96];

    /* a kick on a queue the guest never set up is ignored */
    qpci_io_writew(vp->pdev, vp->bar, VIRTIO_PCI_QUEUE_NOTIFY, 0);
    qvirtio_set_features(t.vdev, qvirtio_get_features(t.vdev));
    for (int i = 0; i < 3; i++) {
        t.vq[i] = qvirtqueue_setup(t.vdev, alloc, i);
    }
    g_assert_cmphex(t.vdev->bus->get_status(t.vdev) &
                    VIRTIO_CONFIG_S_DRIVER_OK, ==, 0);
    g_assert_cmpuint(post_names(&t, sizeof(buf), buf), ==, 3);
    g_assert_cmpmem(buf, 4, "LED", 4);
    gpio_stop(&t);
}

/*
 * Chains that break the virtio ring rules (a zero-sized buffer, a
 * readable buffer after a writable one) are refused by QEMU's virtio core
 * for every device: it stops the device until the guest resets it.
 * QEMU runs on and nothing reaches the lines.
 */
static void test_core_refused(void *obj, void *data, QGuestAllocator *alloc)
{
    uint8_t req[10] = { 3, 0, 1 }, rsp[2];
    Buf zero_req[2] = { { 0, false, req }, { 2, true, rsp } };
    Buf swapped[2] = { { 2, true, rsp }, { 10, false, req } };
    Buf *bad[2] = { zero_req, swapped };
    uint8_t names[96];
    GpioTest t;

    irq_start(&t, obj, alloc);
    for (int i = 0; i < ARRAY_SIZE(bad); i++) {
        g_assert_cmpuint(post_chain(&t, bad[i], 2, false), ==, NO_ANSWER);
        assert_queue_quiet(&t, 0);
        sim_assert_str(t.qts, 0, "direction", "input");
        /* a guest reset brings the device back */
        gpio_stop(&t);
        qvirtio_reset(t.vdev);
        qvirtio_set_acknowledge(t.vdev);
        qvirtio_set_driver(t.vdev);
        gpio_start(&t, obj, alloc);
        g_assert_cmpuint(post_names(&t, sizeof(names), names), ==, 3);
        g_assert_cmpmem(names, 4, "LED", 4);
    }
    /* the same request, well-formed, reaches the line */
    expect_answer(&t, 3, 0, 1, 0x00, 0xee);
    sim_assert_str(t.qts, 0, "direction", "output");
    gpio_stop(&t);
}

/* An edge burst with no event buffer: nothing lost, nothing piles up. */
static void test_irq_burst(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t a[4];
    uint32_t h[4];

    irq_start(&t, obj, alloc);
    irq_action(&t, ENABLE, 0, 3);
    irq_action(&t, ENABLE, 2, 1);
    for (int i = 0; i < 200; i++) {
        sim_set_input(t.qts, 0, !(i & 1));
    }
    sim_set_input(t.qts, 2, true);
    settle(t.qts);
    for (int i = 0; i < 4; i++) {
        h[i] = post_event_buffer(&t, &a[i]);
    }
    t.vdev->bus->virtqueue_kick(t.vdev, t.vq[2]);
    /* one bitmap for both lines; the edges behind line 0 are one latch */
    g_assert_cmphex(wait_event(&t, h[0], a[0]), ==, 0x5);
    irq_action(&t, ACK, 2, 0);
    irq_action(&t, ACK, 0, 0);
    g_assert_cmphex(wait_event(&t, h[1], a[1]), ==, 0x1);
    irq_action(&t, ACK, 0, 0);
    assert_no_event(&t);
    /* and both lines still work */
    sim_set_input(t.qts, 0, true);
    g_assert_cmphex(wait_event(&t, h[2], a[2]), ==, 0x1);
    irq_action(&t, ACK, 0, 0);
    sim_set_input(t.qts, 2, false);
    sim_set_input(t.qts, 2, true);
    g_assert_cmphex(wait_event(&t, h[3], a[3]), ==, 0x4);
    irq_action(&t, DISABLE, 0, 0);
    irq_action(&t, DISABLE, 2, 0);
    gpio_stop(&t);
}

/* A VM of our own: devices at 04.0, 05.0, ... on one simulated chip. */
typedef struct GpioVM {
    QTestState *qts;
    QGuestAllocator alloc;
    QPCIBus *bus;
    int ndev;
    QVirtioPCIDevice pdev[4];
    GpioTest t[4];
} GpioVM;

/* The command line of a VM with @ndev devices mapping @maps */
static char *vm_args(const char *extra, const char **maps, int ndev)
{
    GString *args = g_string_new("-M pc ");

    g_string_append(args, extra);
    for (int i = 0; i < ndev; i++) {
        g_string_append_printf(args, " -device 'virtio-gpio-acrn-pci,"
                               "addr=%02x.0,id=gpio%d,map=%s'", 4 + i, i,
                               maps[i]);
    }
    return g_string_free(args, false);
}

/* @extra: more QEMU options, such as the chip the maps name */
static void vm_start(GpioVM *vm, const char *extra, const char **maps,
                     int ndev)
{
    g_autofree char *args = vm_args(extra, maps, ndev);

    vm->qts = qtest_init(args);
    vm->ndev = ndev;
    pc_alloc_init(&vm->alloc, vm->qts, ALLOC_NO_FLAGS);
    vm->bus = qpci_new_pc(vm->qts, &vm->alloc);
    for (int i = 0; i < ndev; i++) {
        QPCIAddress addr = { .devfn = QPCI_DEVFN(4 + i, 0) };
        GpioTest *t = &vm->t[i];

        virtio_pci_init(&vm->pdev[i], vm->bus, &addr);
        qvirtio_pci_device_enable(&vm->pdev[i]);
        qvirtio_start_device(&vm->pdev[i].vdev);
        t->vdev = &vm->pdev[i].vdev;
        t->qts = vm->qts;
        t->alloc = &vm->alloc;
        qvirtio_set_features(t->vdev, qvirtio_get_features(t->vdev));
        for (int q = 0; q < 3; q++) {
            t->vq[q] = qvirtqueue_setup(t->vdev, &vm->alloc, q);
        }
        qvirtio_set_driver_ok(t->vdev);
    }
}

static void vm_stop(GpioVM *vm)
{
    for (int i = 0; i < vm->ndev; i++) {
        gpio_stop(&vm->t[i]);
        qvirtio_pci_device_disable(&vm->pdev[i]);
        g_free(vm->pdev[i].pdev);
    }
    qpci_free_pc(vm->bus);
    alloc_destroy(&vm->alloc);
    qtest_quit(vm->qts);
}

/*
 * Migrate @vm to a QEMU started with @args over @uri: on success the
 * test goes on with the destination, the guest's memory (rings, buffers,
 * allocator) as it was.  Returns whether the migration completed; on
 * failure the destination is quit and @dst_log has its stderr.
 */
static bool vm_migrate(GpioVM *vm, const char *args, const char *uri,
                       char **dst_log)
{
    QTestState *dst = qgpio_migrate(vm->qts, args, uri, dst_log);

    if (!dst) {
        return false;
    }
    qtest_quit(vm->qts);
    qpci_free_pc(vm->bus);
    vm->qts = dst;
    vm->bus = qpci_new_pc(dst, &vm->alloc);
    for (int i = 0; i < vm->ndev; i++) {
        vm->pdev[i].pdev->bus = vm->bus;
        vm->t[i].qts = dst;
    }
    return true;
}

/*
 * Edges the chip queued before the guest changed the line's interrupt
 * (DISABLE then ENABLE, or ENABLE with another mode) do not fire under
 * the new setting; hold-events keeps them queued, unread, meanwhile.
 */
static void test_irq_stale_edges(void *obj, void *data,
                                 QGuestAllocator *alloc)
{
    GpioTest t;
    uint64_t a[2];
    uint32_t h[2];

    irq_start(&t, obj, alloc);
    h[0] = post_event_buffer(&t, &a[0]);
    h[1] = post_event_buffer(&t, &a[1]);
    irq_action(&t, ENABLE, 1, 1);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", true);
    sim_set_input(t.qts, 1, true);
    irq_action(&t, DISABLE, 1, 0);
    irq_action(&t, ENABLE, 1, 1);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", false);
    assert_no_event(&t);
    /* positive control: a new rising edge fires */
    sim_set_input(t.qts, 1, false);
    sim_set_input(t.qts, 1, true);
    g_assert_cmphex(wait_event(&t, h[0], a[0]), ==, 0x2);
    irq_action(&t, ACK, 1, 0);

    /* a type change: a falling edge queued under "both" is not "falling" */
    irq_action(&t, ENABLE, 1, 3);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", true);
    sim_set_input(t.qts, 1, false);
    irq_action(&t, ENABLE, 1, 2);
    qtest_qom_set_bool(t.qts, SIM_PATH, "hold-events", false);
    assert_no_event(&t);
    sim_set_input(t.qts, 1, true);
    sim_set_input(t.qts, 1, false);
    g_assert_cmphex(wait_event(&t, h[1], a[1]), ==, 0x2);
    irq_action(&t, DISABLE, 1, 0);
    gpio_stop(&t);
}

/* The device's events-waiting and a line's pending, in query-gpio */
static void query_line(QTestState *qts, int line, int64_t *waiting,
                       bool *pending)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'query-gpio'}");
    QList *devs = qdict_get_qlist(rsp, "return");
    QDict *dev = qobject_to(QDict, qlist_peek(devs));
    QListEntry *e;
    int i = 0;

    g_assert_nonnull(dev);
    *waiting = qdict_get_int(dev, "events-waiting");
    QLIST_FOREACH_ENTRY(qdict_get_qlist(dev, "lines"), e) {
        if (i++ == line) {
            *pending = qdict_get_bool(qobject_to(QDict, e->value), "pending");
        }
    }
    qobject_unref(rsp);
}

/*
 * events-waiting and pending are exact: while waiting, once delivered,
 * and after a device reset drops what was waiting.
 */
static void test_query_gpio_waiting(void *obj, void *data,
                                    QGuestAllocator *alloc)
{
    GpioTest t;
    int64_t waiting;
    bool pending;
    uint64_t a;
    uint32_t h;

    irq_start(&t, obj, alloc);
    irq_action(&t, ENABLE, 1, 1);
    sim_set_input(t.qts, 1, true);
    settle(t.qts);
    query_line(t.qts, 1, &waiting, &pending);
    g_assert_cmpint(waiting, ==, 1);
    g_assert_true(pending);
    /* delivered: in service, no longer waiting */
    h = post_event_buffer(&t, &a);
    t.vdev->bus->virtqueue_kick(t.vdev, t.vq[2]);
    g_assert_cmphex(wait_event(&t, h, a), ==, 0x2);
    query_line(t.qts, 1, &waiting, &pending);
    g_assert_cmpint(waiting, ==, 0);
    g_assert_false(pending);
    /* waiting again, then a device reset forgets it */
    irq_action(&t, ACK, 1, 0);
    sim_set_input(t.qts, 1, false);
    sim_set_input(t.qts, 1, true);
    settle(t.qts);
    query_line(t.qts, 1, &waiting, &pending);
    g_assert_cmpint(waiting, ==, 1);
    qvirtio_reset(t.vdev);
    query_line(t.qts, 1, &waiting, &pending);
    g_assert_cmpint(waiting, ==, 0);
    g_assert_false(pending);
    gpio_stop(&t);
}

/*
 * The names request's used length is the line count, not the buffer
 * size, yet every name must reach the guest, also when the buffer is not
 * in RAM (the virtio core bounces it and copies back only the used
 * length).  An NVMe controller memory buffer is memory that is not RAM.
 */
static void test_names_not_ram(const void *data)
{
    const char *maps[] = { "@gsim0{0:1:2:3}" };
    uint8_t names[4 * NAME_SLOT];
    QPCIDevice *nvme;
    QPCIBar cmb;
    GpioVM vm;
    GpioTest *t;
    uint32_t head, idx, len = 0;

    vm_start(&vm, "-object gpio-sim,id=gsim0,lines=4,line-names=a:b:c:dd "
             "-device nvme,serial=cmb0,cmb_size_mb=1,addr=06.0", maps, 1);
    t = &vm.t[0];
    nvme = qpci_device_find(vm.bus, QPCI_DEVFN(6, 0));
    g_assert_nonnull(nvme);
    qpci_device_enable(nvme);
    cmb = qpci_iomap(nvme, 2, NULL);
    g_assert_false(cmb.is_io);
    qtest_memset(vm.qts, cmb.addr, 0xaa, sizeof(names));
    head = qvirtqueue_add(vm.qts, t->vq[0], cmb.addr, sizeof(names), true,
                          false);
    qvirtqueue_kick(vm.qts, t->vdev, t->vq[0], head);
    g_assert_true(qvirtqueue_get_buf(vm.qts, t->vq[0], &idx, &len));
    g_assert_cmpuint(idx, ==, head);
    g_assert_cmpuint(len, ==, 4);
    qtest_memread(vm.qts, cmb.addr, names, sizeof(names));
    g_assert_cmpstr((char *)names, ==, "a");
    g_assert_cmpstr((char *)names + NAME_SLOT, ==, "b");
    g_assert_cmpstr((char *)names + 2 * NAME_SLOT, ==, "c");
    g_assert_cmpstr((char *)names + 3 * NAME_SLOT, ==, "dd");
    g_assert_cmphex(names[4 * NAME_SLOT - 1], ==, 0);
    qpci_iounmap(nvme, cmb);
    g_free(nvme);
    vm_stop(&vm);
}

/* A host line toggling as fast as the test can pull it */
typedef struct Storm {
    int fd;
    gint stop;
    unsigned toggles;
} Storm;

static gpointer storm_thread(gpointer opaque)
{
    Storm *st = opaque;

    while (!g_atomic_int_get(&st->stop)) {
        const char *pull = st->toggles & 1 ? "pull-down" : "pull-up";

        g_assert_cmpint(pwrite(st->fd, pull, strlen(pull), 0), ==,
                        strlen(pull));
        st->toggles++;
    }
    return NULL;
}

/*
 * An edge storm on a host line (the kernel's gpio-sim pulled in a loop):
 * QEMU keeps answering queue 0 and QMP throughout, each within a second,
 * and the interrupt still reaches the guest when it takes it.
 */
static void test_irq_storm(void *obj, void *data, QGuestAllocator *alloc)
{
    g_autofree char *path = host_sysfs(1, "pull");
    Storm st = { .fd = open(path, O_WRONLY) };
    gint64 end, worst = 0;
    unsigned rounds = 0;
    GThread *thread;
    GpioTest t;
    uint64_t a;
    uint32_t h;

    g_assert_cmpint(st.fd, >=, 0);
    irq_start(&t, obj, alloc);
    irq_action(&t, ENABLE, 1, 3);
    thread = g_thread_new("storm", storm_thread, &st);
    end = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;
    while (g_get_monotonic_time() < end) {
        gint64 t0 = g_get_monotonic_time();

        /* each request is answered in its kick: reuse the descriptors */
        t.vq[0]->free_head = 0;
        t.vq[0]->num_free = t.vq[0]->size;
        expect_answer(&t, 4, 0, 0, 0x00, 0x01);
        qobject_unref(qtest_qmp(t.qts, "{'execute': 'query-status'}"));
        worst = MAX(worst, g_get_monotonic_time() - t0);
        rounds++;
    }
    g_atomic_int_set(&st.stop, 1);
    g_thread_join(thread);
    close(st.fd);
    g_test_message("storm: %u toggles, %u request+QMP rounds, worst %"
                   PRId64 " us", st.toggles, rounds, worst);
    g_assert_cmpuint(st.toggles, >, 100);
    g_assert_cmpint(worst, <, G_USEC_PER_SEC);
    /* the line fired during the storm and its event waits for a buffer */
    h = post_event_buffer(&t, &a);
    t.vdev->bus->virtqueue_kick(t.vdev, t.vq[2]);
    g_assert_cmphex(wait_event(&t, h, a), ==, 0x2);
    irq_action(&t, DISABLE, 1, 0);
    gpio_stop(&t);
}

/* Write the PIO word of line @line (device config 4 + 4 * line). */
static void pio_write(GpioTest *t, int line, uint32_t word)
{
    QVirtioPCIDevice *dev = container_of(t->vdev, QVirtioPCIDevice, vdev);

    qpci_io_writel(dev->pdev, dev->bar,
                   VIRTIO_PCI_CONFIG_OFF(dev->pdev->msix_enabled) + 4 +
                   4 * line, word);
}

static uint32_t pio_read(GpioTest *t, int line)
{
    return qvirtio_config_readl(t->vdev, 4 + 4 * line);
}

static int64_t query_errors(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'query-gpio'}");
    QDict *dev = qobject_to(QDict, qlist_peek(qdict_get_qlist(rsp,
                                                              "return")));
    int64_t errors = qdict_get_int(dev, "errors");

    qobject_unref(rsp);
    return errors;
}

/*
 * Writable PIO words (ACRN's interface for ACPI methods): value,
 * direction and a pinconf parameter go through the line engine like
 * queue-0 requests; a word with the IRQ bit, an output on an interrupt
 * line, words past ngpio and the base/ngpio fields change nothing.
 */
static void test_pio_write(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    int64_t errors;

    irq_start(&t, obj, alloc);
    g_assert_cmphex(pio_read(&t, 0), ==, 0x2);
    /* output at 1, then 0, then input again */
    pio_write(&t, 0, 0x1);
    sim_assert_str(t.qts, 0, "direction", "output");
    g_assert_true(line_flag(t.qts, 0, "value"));
    g_assert_cmphex(pio_read(&t, 0), ==, 0x1);
    pio_write(&t, 0, 0x0);
    g_assert_false(line_flag(t.qts, 0, "value"));
    expect_answer(&t, 4, 0, 0, 0x00, 0x00);
    pio_write(&t, 0, 0x2);
    sim_assert_str(t.qts, 0, "direction", "input");
    expect_answer(&t, 4, 0, 0, 0x00, 0x01);
    /* the value bit of an input is its live level */
    sim_set_input(t.qts, 0, true);
    g_assert_cmphex(pio_read(&t, 0), ==, 0x3);
    sim_set_input(t.qts, 0, false);

    /* pinconf 6 (open drain) in bits 16-23, with an output at 1 */
    pio_write(&t, 2, 0x00060001);
    sim_assert_str(t.qts, 2, "drive", "open-drain");
    sim_assert_str(t.qts, 2, "direction", "output");
    g_assert_cmphex(pio_read(&t, 2) & 0x00ff0002, ==, 0x00060000);
    pio_write(&t, 2, 0x00080002);
    sim_assert_str(t.qts, 2, "drive", "push-pull");
    sim_assert_str(t.qts, 2, "direction", "input");

    /* refused: the IRQ bit, and an output on an interrupt line */
    errors = query_errors(t.qts);
    pio_write(&t, 0, 0x5);
    sim_assert_str(t.qts, 0, "direction", "input");
    g_assert_cmpint(query_errors(t.qts), ==, errors + 1);
    irq_action(&t, ENABLE, 1, 1);
    pio_write(&t, 1, 0x1);
    sim_assert_str(t.qts, 1, "direction", "input");
    g_assert_cmpint(query_errors(t.qts), ==, errors + 2);
    g_assert_cmphex(pio_read(&t, 1), ==, 0x6);
    irq_action(&t, DISABLE, 1, 0);
    /* past ngpio, and base/ngpio: nothing changes */
    pio_write(&t, 3, 0x1);
    g_assert_cmphex(pio_read(&t, 3), ==, 0xffffffff);
    {
        QVirtioPCIDevice *dev = container_of(t.vdev, QVirtioPCIDevice, vdev);

        qpci_io_writel(dev->pdev, dev->bar,
                       VIRTIO_PCI_CONFIG_OFF(dev->pdev->msix_enabled),
                       0x00400040);
    }
    g_assert_cmphex(qvirtio_config_readl(t.vdev, 0), ==, 0x00030000);
    /* positive control after the refusals: a good write still works */
    pio_write(&t, 0, 0x1);
    sim_assert_str(t.qts, 0, "direction", "output");
    pio_write(&t, 0, 0x2);
    g_assert_cmpint(query_errors(t.qts), ==, errors + 2);
    gpio_stop(&t);
}

static uint16_t acrn_base(GpioTest *t)
{
    return qvirtio_config_readw(t->vdev, 0);
}

/*
 * Every instance gets GPIO numbers of its own (ACRN's driver uses base
 * as the chip's static base): 0, then the lowest free multiple of 64,
 * also for a hot-plugged one; base= pins one and is refused on overlap;
 * a device reset keeps them; the standard device takes none.
 */
static void test_bases(const void *data)
{
    g_autoptr(GString) big = g_string_new("@gsim1{");
    const char *maps[3];
    QPCIAddress addr = { .devfn = QPCI_DEVFN(8, 0) };
    QVirtioPCIDevice hp;
    QDict *rsp;
    GpioVM vm;

    for (int i = 0; i < 64; i++) {
        g_string_append_printf(big, "%s%d", i ? ":" : "", i);
    }
    g_string_append_c(big, '}');
    maps[0] = "@gsim0{0:1}";
    maps[1] = big->str;
    maps[2] = "@gsim0{2:3:4}";
    vm_start(&vm, "-object gpio-sim,id=gsim0,lines=8 "
             "-object gpio-sim,id=gsim1,lines=64 "
             "-device virtio-gpio-pci,addr=0a.0,map=@gsim0{5}", maps, 3);
    g_assert_cmpuint(acrn_base(&vm.t[0]), ==, 0);
    g_assert_cmpuint(acrn_base(&vm.t[1]), ==, 64);
    g_assert_cmpuint(qvirtio_config_readw(vm.t[1].vdev, 2), ==, 64);
    g_assert_cmpuint(acrn_base(&vm.t[2]), ==, 128);

    /* a pinned base that overlaps is refused, naming both ranges */
    rsp = qtest_qmp(vm.qts, "{'execute': 'device_add', 'arguments': "
                    "{'driver': 'virtio-gpio-acrn-pci', 'id': 'bad', "
                    "'addr': '07.0', 'base': 100, 'map': '@gsim0{6}'}}");
    g_assert_true(qdict_haskey(rsp, "error"));
    g_assert_nonnull(strstr(qdict_get_str(qdict_get_qdict(rsp, "error"),
                                          "desc"),
                            "base=100 would give GPIO numbers 100-100, "
                            "which overlap 64-127 of /machine/peripheral/"
                            "gpio1/virtio-backend"));
    qobject_unref(rsp);
    /* hot-plugged: the next free multiple of 64 */
    qtest_qmp_device_add(vm.qts, "virtio-gpio-acrn-pci", "hp",
                         "{'addr': '08.0', 'map': '@gsim0{6:7}'}");
    virtio_pci_init(&hp, vm.bus, &addr);
    qvirtio_pci_device_enable(&hp);
    qvirtio_start_device(&hp.vdev);
    qvirtio_set_features(&hp.vdev, qvirtio_get_features(&hp.vdev));
    g_assert_cmpuint(qvirtio_config_readw(&hp.vdev, 0), ==, 192);
    qvirtio_pci_device_disable(&hp);
    g_free(hp.pdev);
    /* a guest reboot keeps them */
    qvirtio_start_device(vm.t[1].vdev);
    qvirtio_set_features(vm.t[1].vdev, qvirtio_get_features(vm.t[1].vdev));
    g_assert_cmpuint(acrn_base(&vm.t[1]), ==, 64);
    vm_stop(&vm);

    /* a pinned base that fits is taken as given */
    maps[0] = "@gsim0{0:1}";
    maps[1] = "@gsim0{2}";
    vm_start(&vm, "-object gpio-sim,id=gsim0,lines=8 "
             "-global virtio-gpio-acrn-device.base=300", maps, 1);
    g_assert_cmpuint(acrn_base(&vm.t[0]), ==, 300);
    vm_stop(&vm);
}

/* 64 lines, the most ACRN's protocol carries: IRQs on 0, 31, 32, 63. */
static void test_64_lines(const void *data)
{
    static const int irq_lines[] = { 0, 31, 32, 63 };
    g_autoptr(GString) map = g_string_new("@gsim0{");
    g_autofree uint8_t *names = g_malloc(64 * NAME_SLOT);
    const char *maps[1];
    GpioVM vm;
    GpioTest *t;
    uint64_t a[2];
    uint32_t h[2];

    for (int i = 0; i < 64; i++) {
        g_string_append_printf(map, "%s%d", i ? ":" : "", i);
    }
    g_string_append_c(map, '}');
    maps[0] = map->str;
    vm_start(&vm, "-object gpio-sim,id=gsim0,lines=64", maps, 1);
    t = &vm.t[0];
    g_assert_cmpuint(qvirtio_config_readw(t->vdev, 2), ==, 64);
    g_assert_cmpuint(post_names(t, 64 * NAME_SLOT, names), ==, 64);
    /* no line has a name: the device wrote 64 empty slots */
    for (int i = 0; i < 64 * NAME_SLOT; i++) {
        g_assert_cmphex(names[i], ==, 0);
    }
    for (int i = 0; i < ARRAY_SIZE(irq_lines); i++) {
        irq_action(t, ENABLE, irq_lines[i], 1);
        sim_set_input(t->qts, irq_lines[i], true);
    }
    settle(t->qts);
    h[0] = post_event_buffer(t, &a[0]);
    h[1] = post_event_buffer(t, &a[1]);
    t->vdev->bus->virtqueue_kick(t->vdev, t->vq[2]);
    g_assert_cmphex(wait_event(t, h[0], a[0]), ==, 0x8000000180000001ULL);
    for (int i = 0; i < ARRAY_SIZE(irq_lines); i++) {
        irq_action(t, ACK, irq_lines[i], 0);
    }
    sim_set_input(t->qts, 63, false);
    sim_set_input(t->qts, 63, true);
    g_assert_cmphex(wait_event(t, h[1], a[1]), ==, 1ull << 63);
    /* line 63 answers requests; 64 is out of range */
    expect_answer(t, 1, 63, 0, 0x00, 0x01);
    expect_answer(t, 1, 64, 0, 0xff, ANY);
    vm_stop(&vm);
}

/* IRQs on two devices sharing one chip reach only their own guest queue. */
static void test_two_devices_irq(const void *data)
{
    const char *maps[2] = { "@gsim0{0:1}", "@gsim0<2:3>" };
    GpioVM vm;
    uint64_t a[2];
    uint32_t h[2];

    vm_start(&vm, "-object gpio-sim,id=gsim0,lines=4", maps, 2);
    for (int i = 0; i < 2; i++) {
        h[i] = post_event_buffer(&vm.t[i], &a[i]);
        vm.t[i].vdev->bus->virtqueue_kick(vm.t[i].vdev, vm.t[i].vq[2]);
    }
    irq_action(&vm.t[0], ENABLE, 1, 1);
    irq_action(&vm.t[1], ENABLE, 0, 1);
    /* chip line 2 is the second device's v0 */
    sim_set_input(vm.qts, 2, true);
    g_assert_cmphex(wait_event(&vm.t[1], h[1], a[1]), ==, 0x1);
    assert_no_event(&vm.t[0]);
    /* chip line 1 is the first device's v1 */
    sim_set_input(vm.qts, 1, true);
    g_assert_cmphex(wait_event(&vm.t[0], h[0], a[0]), ==, 0x2);
    vm_stop(&vm);
}


/* The management view: query-gpio and info gpio follow what happens. */
static void test_query_gpio(void *obj, void *data, QGuestAllocator *alloc)
{
    GpioTest t;
    QDict *rsp, *dev = NULL;
    QList *devs, *lines;
    QListEntry *e;
    uint8_t rsp2[2];
    int64_t requests, errors;
    int i = 0;
    g_autofree char *hmp = NULL;

    irq_start(&t, obj, alloc);
    g_assert_cmpuint(post_request(&t, 1, 1, 0, rsp2), ==, 2);
    g_assert_cmpuint(post_request(&t, 6, 0, 0, rsp2), ==, 2);
    irq_action(&t, ENABLE, 1, 1);
    irq_action(&t, MASK, 1, 0);
    sim_set_input(t.qts, 1, true);

    rsp = qtest_qmp(t.qts, "{'execute': 'query-gpio'}");
    devs = qdict_get_qlist(rsp, "return");
    QLIST_FOREACH_ENTRY(devs, e) {
        QDict *d = qobject_to(QDict, e->value);

        if (!strcmp(qdict_get_str(d, "path"),
                    "/machine/peripheral/gpio0/virtio-backend")) {
            dev = d;
        }
    }
    g_assert_nonnull(dev);
    g_assert_cmpstr(qdict_get_str(dev, "type"), ==,
                    "virtio-gpio-acrn-device");
    requests = qdict_get_int(dev, "requests");
    errors = qdict_get_int(dev, "errors");
    g_assert_cmpint(requests, >=, 4);
    g_assert_cmpint(errors, >=, 1);
    lines = qdict_get_qlist(dev, "lines");
    g_assert_cmpint(qlist_size(lines), ==, 3);
    QLIST_FOREACH_ENTRY(lines, e) {
        QDict *l = qobject_to(QDict, e->value);

        g_assert_cmpint(qdict_get_int(l, "line"), ==, i);
        g_assert_cmpint(qdict_get_int(l, "offset"), ==, i);
        g_assert_true(qdict_get_bool(l, "held"));
        g_assert_false(qdict_get_bool(l, "output"));
        if (i == 1) {
            g_assert_cmpstr(qdict_get_str(l, "name"), ==, "button");
            g_assert_cmpstr(qdict_get_str(l, "irq"), ==, "edge-rising");
            g_assert_true(qdict_get_bool(l, "masked"));
            g_assert_true(qdict_get_bool(l, "pending"));
            g_assert_true(qdict_get_bool(l, "value"));
        } else {
            g_assert_cmpstr(qdict_get_str(l, "irq"), ==, "none");
            g_assert_false(qdict_get_bool(l, "pending"));
        }
        i++;
    }
    qobject_unref(rsp);

    /* one more bad request shows in the counters, and in HMP */
    g_assert_cmpuint(post_request(&t, 1, 9, 0, rsp2), ==, 2);
    hmp = qtest_hmp(t.qts, "info gpio");
    g_assert_nonnull(strstr(hmp, "line  1  "));
    g_assert_nonnull(strstr(hmp, "button"));
    g_assert_nonnull(strstr(hmp, "irq edge-rising masked pending"));
    rsp = qtest_qmp(t.qts, "{'execute': 'query-gpio'}");
    dev = qobject_to(QDict, qlist_peek(qdict_get_qlist(rsp, "return")));
    g_assert_cmpint(qdict_get_int(dev, "errors"), ==, errors + 1);
    g_assert_cmpint(qdict_get_int(dev, "requests"), ==, requests + 1);
    qobject_unref(rsp);
    irq_action(&t, DISABLE, 1, 0);
    gpio_stop(&t);
}

static int count_fds(QTestState *qts)
{
    g_autofree char *dir = g_strdup_printf("/proc/%d/fd", qtest_pid(qts));
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    int n = 0;

    g_assert_nonnull(d);
    while (g_dir_read_name(d)) {
        n++;
    }
    return n;
}

/*
 * 100 hot-plug cycles leave no fd behind, and the lines are free for the
 * next device.  On the simulated chip, or on the host chip of the
 * integration tier.
 */
static void test_hotplug_fds(const void *data)
{
    const char *chip = host_chip() ? host_chip() : "gsim0";
    g_autofree char *map = g_strdup_printf("@%s{0:1:2}", chip);
    QTestState *qts;
    int before;

    qts = qtest_initf("-M pc %s", host_chip() ? "" :
                      "-object gpio-sim,id=gsim0,lines=8");
    before = count_fds(qts);
    for (int i = 0; i < 100; i++) {
        qtest_qmp_device_add(qts, "virtio-gpio-acrn-pci", "hp",
                             "{'addr': '06.0', 'map': %s}", map);
        g_assert_cmpint(count_fds(qts), >, before);
        qpci_unplug_acpi_device_test(qts, "hp", 6);
        g_assert_cmpint(count_fds(qts), ==, before);
    }
    if (!host_chip()) {
        g_assert_false(qtest_qom_get_bool(qts, SIM_PATH, "line0-used"));
    }
    /* a new device maps the same lines */
    qtest_qmp_device_add(qts, "virtio-gpio-acrn-pci", "hp2",
                         "{'addr': '06.0', 'map': %s}", map);
    qtest_quit(qts);
}

/*
 * A host chip that goes away under a running device (an unplugged USB
 * adapter): QEMU stays up, requests on its lines answer err -1.  Only in
 * the integration tier, which names a chip it may remove.
 */
static void test_chip_lost(const void *data)
{
    const char *chip = getenv("QTEST_VIRTIO_GPIO_LOST_CHIP");
    const char *live = getenv("QTEST_VIRTIO_GPIO_LOST_LIVE");
    g_autofree char *map = g_strdup_printf("@%s{0:1}", chip);
    const char *maps[1] = { map };
    GpioVM vm;
    FILE *f;

    vm_start(&vm, "", maps, 1);
    irq_action(&vm.t[0], ENABLE, 1, 3);
    expect_answer(&vm.t[0], 1, 0, 0, 0x00, ANY);
    f = fopen(live, "w");
    g_assert_nonnull(f);
    fputs("0", f);
    g_assert_cmpint(fclose(f), ==, 0);
    settle(vm.qts);
    expect_answer(&vm.t[0], 1, 0, 0, 0xff, ANY);
    expect_answer(&vm.t[0], 3, 0, 1, 0xff, ANY);
    settle(vm.qts);
    vm_stop(&vm);
}


/* Every buffer came back: reuse the descriptor tables from the start. */
static void recycle_descriptors(GpioTest *t)
{
    for (int q = 0; q < 3; q++) {
        t->vq[q]->free_head = 0;
        t->vq[q]->num_free = t->vq[q]->size;
    }
}

static uint64_t qemu_cpu_ticks(QTestState *qts)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", qtest_pid(qts));
    g_autofree char *stat = NULL;
    g_auto(GStrv) f = NULL;

    g_assert_true(g_file_get_contents(path, &stat, NULL, NULL));
    /* fields after the command's ")": state is 0, utime 11, stime 12 */
    f = g_strsplit(strrchr(stat, ')') + 2, " ", 0);
    return g_ascii_strtoull(f[11], NULL, 10) +
           g_ascii_strtoull(f[12], NULL, 10);
}

/*
 * Benchmark, not a test: prints figures.  Edge latency from the chip's
 * event timestamp to the line firing (the guest's notify follows in the
 * same call, an event buffer being posted), from the gpio_line_irq_fire
 * trace; and QEMU's CPU time per queue-0 request.
 */
static void bench_latency(const void *data)
{
    int edges = atoi(getenv("QTEST_VIRTIO_GPIO_BENCH"));
    const char *chip = host_chip() ? host_chip() : "gsim0";
    g_autofree char *log = g_strdup_printf("%s/vga-bench-%d.log",
                                           g_get_tmp_dir(), getpid());
    g_autofree char *extra = g_strdup_printf(
        "-trace enable=gpio_line_irq_fire -D %s %s", log,
        host_chip() ? "" : "-object gpio-sim,id=gsim0,lines=8");
    g_autofree char *map = g_strdup_printf("@%s{0:1:2}", chip);
    g_autofree char *text = NULL;
    g_autoptr(GArray) lat = g_array_new(false, false, sizeof(int64_t));
    const char *maps[1] = { map };
    const int requests = 2000;
    GpioVM vm;
    GpioTest *t;
    uint64_t ticks;
    uint8_t rsp[2];
    char *p;

    vm_start(&vm, extra, maps, 1);
    t = &vm.t[0];
    sim_set_input(t->qts, 0, false);
    irq_action(t, ENABLE, 0, 1);
    for (int k = 0; k < edges; k++) {
        uint64_t a;
        uint32_t h = post_event_buffer(t, &a);

        sim_set_input(t->qts, 0, true);
        g_assert_cmphex(wait_event(t, h, a), ==, 0x1);
        guest_free(t->alloc, a);
        irq_action(t, ACK, 0, 0);
        sim_set_input(t->qts, 0, false);
        recycle_descriptors(t);
    }
    ticks = qemu_cpu_ticks(t->qts);
    for (int k = 0; k < requests; k++) {
        post_request(t, 1, 1, 0, rsp);
        recycle_descriptors(t);
    }
    ticks = qemu_cpu_ticks(t->qts) - ticks;
    vm_stop(&vm);

    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    for (p = strstr(text, "edge_age_ns "); p;
         p = strstr(p + 1, "edge_age_ns ")) {
        int64_t ns = g_ascii_strtoll(p + strlen("edge_age_ns "), NULL, 10);

        if (ns >= 0) {
            g_array_append_val(lat, ns);
        }
    }
    unlink(log);
    g_assert_cmpuint(lat->len, >=, edges);
    qgpio_sort_ns(lat);
    printf("# bench: chip %s, %u edges: edge-to-notify latency p50 %.1f us, "
           "p99 %.1f us, max %.1f us\n", chip, lat->len,
           qgpio_pct_us(lat, 50), qgpio_pct_us(lat, 99),
           qgpio_pct_us(lat, 100));
    printf("# bench: %d GET_VALUE requests: QEMU CPU %.1f us per request "
           "(includes qtest's own protocol work: an upper bound)\n",
           requests, ticks * 1e6 / sysconf(_SC_CLK_TCK) / requests);
}

/*
 * Debounce: SET_CONFIG with Linux's PIN_CONFIG_INPUT_DEBOUNCE, its
 * argument the period in microseconds.  The simulated chip debounces on
 * QEMU's virtual clock, which the test steps; the kernel's gpio-sim is
 * debounced by gpiolib in real time, which the test waits out by polling.
 */
#define PINCONF_INPUT_DEBOUNCE 11

static void set_debounce(GpioTest *t, int line, uint32_t period_us)
{
    expect_answer(t, 5, line,
                  (uint64_t)period_us << 8 | PINCONF_INPUT_DEBOUNCE, 0x00,
                  0xee);
}

/*
 * A line's debounce period as the chip has it: lineN-debounce, or what
 * gpioinfo prints ("debounce-period=100ms"; nothing when there is none).
 */
static uint64_t line_debounce_us(QTestState *qts, int line)
{
    g_autofree char *prop = g_strdup_printf("line%d-debounce", line);
    g_autofree char *cmd = NULL, *out = NULL, *attr = NULL;
    uint64_t n;
    char *unit;
    QDict *rsp;
    int status;

    if (!host_chip()) {
        rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                        "{'path': %s, 'property': %s}}", SIM_PATH, prop);
        n = qdict_get_int(rsp, "return");
        qobject_unref(rsp);
        return n;
    }
    cmd = g_strdup_printf("gpioinfo -c %s %d", host_chip(), line);
    g_assert_true(g_spawn_command_line_sync(cmd, &out, NULL, &status, NULL));
    g_assert_cmpint(status, ==, 0);
    attr = gpioinfo_attr(out, "debounce-period");
    if (!attr) {
        return 0;
    }
    n = g_ascii_strtoull(attr, &unit, 10);
    if (!strcmp(unit, "s")) {
        return n * G_USEC_PER_SEC;
    }
    if (!strcmp(unit, "ms")) {
        return n * 1000;
    }
    g_assert_cmpstr(unit, ==, "us");
    return n;
}

/*
 * Nothing on queue 2 while @us of the debouncer's time pass: the virtual
 * clock is stepped by @us, or real time is waited out polling the ring.
 * Followed in every test by an event that must arrive.
 */
static void assert_no_event_for(GpioTest *t, uint64_t us)
{
    gint64 deadline = g_get_monotonic_time() + us;
    uint32_t idx, len;

    if (!host_chip()) {
        qtest_clock_step(t->qts, us * 1000);
    }
    while (host_chip() && g_get_monotonic_time() < deadline) {
        g_assert_false(qvirtqueue_get_buf(t->qts, t->vq[2], &idx, &len));
        g_usleep(1000);
    }
    assert_no_event(t);
}

/*
 * @n pulls of line @line from outside, alternately up and down, starting
 * up, as fast as they can be made (on the kernel's chip, straight writes
 * to gpio-sim's pull attribute, not waiting for its interrupts).
 * Returns how long they took, in microseconds of real time.
 */
static gint64 pull_burst(QTestState *qts, int line, int n)
{
    g_autofree char *path = host_chip() ? host_sysfs(line, "pull") : NULL;
    g_autofree char *prop = g_strdup_printf("line%d-input", line);
    gint64 start = g_get_monotonic_time();
    int fd = path ? open(path, O_WRONLY) : -1;

    g_assert_true(!path || fd >= 0);
    for (int i = 0; i < n; i++) {
        const char *pull = i & 1 ? "pull-down" : "pull-up";

        if (path) {
            g_assert_cmpint(pwrite(fd, pull, strlen(pull), 0), ==,
                            strlen(pull));
        } else {
            qtest_qom_set_bool(qts, SIM_PATH, prop, !(i & 1));
        }
    }
    if (path) {
        close(fd);
    }
    return g_get_monotonic_time() - start;
}

/*
 * A line with a both-edge interrupt and a debounce period (SET_CONFIG
 * first, then ENABLE, as gpiolib does for "gpiomon -p"): ten pulls
 * within the period, ending at the level they started from, make no
 * event, even once the period is over; one change held past the period
 * makes exactly one, not before the period, and the line reads the old
 * level until then.  Period 0 turns debouncing off: a short pulse fires
 * at once, both its edges.  The period is the chip's (gpioinfo shows it
 * on the kernel's chip), survives a direction change, and a device reset
 * puts back the period the line was found with.
 */
static void test_debounce(void *obj, void *data, QGuestAllocator *alloc)
{
    /* generous on the kernel's chip: a guest under TCG is slow */
    const uint64_t period = host_chip() ? 100 * 1000 : 10 * 1000;
    GpioTest t;
    uint64_t a[3];
    uint32_t h[3];
    uint64_t irqs = 0;
    uint8_t rsp[2];
    gint64 took, t0;

    irq_start(&t, obj, alloc);
    for (int i = 0; i < 3; i++) {
        h[i] = post_event_buffer(&t, &a[i]);
    }
    g_assert_cmpuint(line_debounce_us(t.qts, 1), ==, 0);
    set_debounce(&t, 1, period);
    irq_action(&t, ENABLE, 1, 3);
    g_assert_cmpuint(line_debounce_us(t.qts, 1), ==, period);
    sim_assert_str(t.qts, 1, "edges", "both");

    /* ten pulls within the period, back to low: nothing, ever */
    if (host_chip()) {
        irqs = host_irq_count(1);
    }
    /* the virtual clock stands still meanwhile */
    took = pull_burst(t.qts, 1, 10);
    if (host_chip()) {
        /* the kernel took the pulls' interrupts: the debouncer saw them */
        gint64 deadline = g_get_monotonic_time() + EVENT_TIMEOUT_US;

        g_test_message("debounce: 10 pulls in %" PRId64 " us, period %"
                       PRIu64 " us", took, period);
        g_assert_cmpint(took, <, period / 2);
        while (host_irq_count(1) == irqs) {
            g_assert_cmpint(g_get_monotonic_time(), <, deadline);
            g_usleep(100);
        }
        g_test_message("debounce: the kernel took %" PRIu64 " interrupts",
                       host_irq_count(1) - irqs);
    }
    assert_no_event_for(&t, 3 * period);
    g_assert_false(line_flag(t.qts, 1, "value"));

    /* one change held: one event, after the period */
    t0 = g_get_monotonic_time();
    sim_set_input(t.qts, 1, true);
    g_assert_true(line_flag(t.qts, 1, "value"));
    /* the guest reads the debounced level, still low, meanwhile */
    g_assert_cmpuint(post_request(&t, 1, 1, 0, rsp), ==, 2);
    g_assert_cmphex(rsp[0], ==, 0x00);
    if (!host_chip() || g_get_monotonic_time() - t0 < period / 2) {
        g_assert_cmphex(rsp[1], ==, 0x00);
    }
    if (!host_chip()) {
        assert_no_event(&t);
        qtest_clock_step(t.qts, period * 1000 - 1000);
        assert_no_event(&t);
        qtest_clock_step(t.qts, 2000);
    }
    g_assert_cmphex(wait_event(&t, h[0], a[0]), ==, 0x2);
    if (host_chip()) {
        took = g_get_monotonic_time() - t0;
        g_test_message("debounce: held change reported after %" PRId64
                       " us", took);
        /* the kernel's debouncer counts in jiffies (1 ms here) */
        g_assert_cmpint(took + 1000, >=, period);
    }
    expect_answer(&t, 1, 1, 0, 0x00, 0x01);
    irq_action(&t, ACK, 1, 0);
    assert_no_event_for(&t, 2 * period);

    /* period 0: a short pulse fires at once, both edges */
    set_debounce(&t, 1, 0);
    g_assert_cmpuint(line_debounce_us(t.qts, 1), ==, 0);
    sim_set_input(t.qts, 1, false);
    sim_set_input(t.qts, 1, true);
    g_assert_cmphex(wait_event(&t, h[1], a[1]), ==, 0x2);
    irq_action(&t, ACK, 1, 0);
    g_assert_cmphex(wait_event(&t, h[2], a[2]), ==, 0x2);
    irq_action(&t, ACK, 1, 0);
    irq_action(&t, DISABLE, 1, 0);

    /* an output keeps the period for when it is an input again */
    set_debounce(&t, 0, period);
    g_assert_cmpuint(line_debounce_us(t.qts, 0), ==, period);
    expect_answer(&t, 3, 0, 1, 0x00, 0xee);
    sim_assert_str(t.qts, 0, "direction", "output");
    expect_answer(&t, 2, 0, 0, 0x00, 0xee);
    sim_assert_str(t.qts, 0, "direction", "input");
    g_assert_cmpuint(line_debounce_us(t.qts, 0), ==, period);

    /* a reset puts back the period each line was found with: none */
    set_debounce(&t, 1, period);
    qvirtio_reset(t.vdev);
    g_assert_cmpuint(line_debounce_us(t.qts, 0), ==, 0);
    g_assert_cmpuint(line_debounce_us(t.qts, 1), ==, 0);
    gpio_stop(&t);
}

/*
 * A simulated chip's own debounce period, given at creation: the device
 * finds it so, the chip debounces with it, and a reset puts it back
 * after the guest changed it.  While the line is held, only the device
 * changes it.
 */
static void test_debounce_as_found(const void *data)
{
    const char *maps[] = { "@gsim0{0:1}" };
    GpioVM vm;
    GpioTest *t;
    QDict *rsp;
    uint64_t a;
    uint32_t h;

    vm_start(&vm, "-object gpio-sim,id=gsim0,lines=4,line-debounce=:5000",
             maps, 1);
    t = &vm.t[0];
    g_assert_cmpuint(line_debounce_us(vm.qts, 0), ==, 0);
    g_assert_cmpuint(line_debounce_us(vm.qts, 1), ==, 5000);
    rsp = qtest_qmp(vm.qts, "{'execute': 'qom-set', 'arguments': "
                    "{'path': %s, 'property': 'line1-debounce', "
                    "'value': 1}}", SIM_PATH);
    g_assert_true(qdict_haskey(rsp, "error"));
    qobject_unref(rsp);
    g_assert_cmpuint(line_debounce_us(vm.qts, 1), ==, 5000);

    /* a 4 ms pulse is nothing; a change held 5 ms is an edge */
    h = post_event_buffer(t, &a);
    irq_action(t, ENABLE, 1, 3);
    qtest_qom_set_bool(vm.qts, SIM_PATH, "line1-input", true);
    qtest_clock_step(vm.qts, 4 * 1000 * 1000);
    qtest_qom_set_bool(vm.qts, SIM_PATH, "line1-input", false);
    qtest_clock_step(vm.qts, 10 * 1000 * 1000);
    assert_no_event(t);
    qtest_qom_set_bool(vm.qts, SIM_PATH, "line1-input", true);
    qtest_clock_step(vm.qts, 5 * 1000 * 1000);
    g_assert_cmphex(wait_event(t, h, a), ==, 0x2);
    irq_action(t, ACK, 1, 0);
    irq_action(t, DISABLE, 1, 0);

    set_debounce(t, 1, 0);
    g_assert_cmpuint(line_debounce_us(vm.qts, 1), ==, 0);
    qvirtio_reset(t->vdev);
    g_assert_cmpuint(line_debounce_us(vm.qts, 1), ==, 5000);
    vm_stop(&vm);
}

/* The chip for tests of their own VMs: the host's, else a simulated one */
static const char *mig_chip(void)
{
    return host_chip() ? host_chip() : "gsim0";
}

static const char *mig_sim_opts(void)
{
    return host_chip() ? "" : "-object gpio-sim,id=gsim0,lines=8,"
                              "line-names=LED:btn::reset";
}

/* A host chip outlives the test: leave its pulls low, as found. */
static void mig_pulls_low(QTestState *qts)
{
    for (int i = 0; i < 6; i++) {
        sim_set_input(qts, i, false);
    }
}

/*
 * Everything the guest sees survives a migration: an event waiting for
 * a buffer, an edge latched while masked, a line in service, a driven
 * output, an active level while masked, a pinconf, the GPIO base.  Owed
 * events arrive once, nothing else arrives.  On a host chip (the
 * integration tier) source and destination share the kernel's lines:
 * the lines change hands at the switch-over.  @data: "file" (a
 * snapshot's round trip) or "unix" (live).
 */
static void test_migrate_state(const void *data)
{
    g_autofree char *uri = qgpio_migration_uri(data);
    g_autofree char *map = g_strdup_printf("@%s{0:1:2:3:4:5}", mig_chip());
    const char *maps[1] = { map };
    g_autofree char *args = vm_args(mig_sim_opts(), maps, 1);
    GpioVM vm;
    GpioTest *t = &vm.t[0];
    uint64_t a[6];
    uint32_t h[6];
    int64_t waiting;
    bool pending;

    vm_start(&vm, mig_sim_opts(), maps, 1);
    for (int i = 0; i < 6; i++) {
        sim_set_input(vm.qts, i, false);
    }
    /* c: an event delivered, not acked (in service) */
    h[2] = post_event_buffer(t, &a[2]);
    irq_action(t, ENABLE, 2, 1);
    sim_set_input(vm.qts, 2, true);
    g_assert_cmphex(wait_event(t, h[2], a[2]), ==, 1 << 2);
    /* LED: fired with no buffer posted: it waits */
    irq_action(t, ENABLE, 0, 1);
    sim_set_input(vm.qts, 0, true);
    query_line(vm.qts, 0, &waiting, &pending);
    g_assert_true(pending);
    /* btn: an edge latched while masked */
    irq_action(t, ENABLE, 1, 3);
    irq_action(t, MASK, 1, 0);
    sim_set_input(vm.qts, 1, true);
    /* reset: an output driven high */
    expect_answer(t, 3, 3, 1, 0x00, 0xee);
    /* line 4: level high, active while masked */
    irq_action(t, ENABLE, 4, 4);
    irq_action(t, MASK, 4, 0);
    sim_set_input(vm.qts, 4, true);
    /* line 5: pull-up */
    expect_answer(t, 5, 5, 5, 0x00, 0xee);
    assert_no_event(t);

    g_assert_true(vm_migrate(&vm, args, uri, NULL));

    /* the lines are held here, as they were */
    sim_assert_str(vm.qts, 3, "direction", "output");
    g_assert_true(line_flag(vm.qts, 3, "value"));
    expect_answer(t, 4, 3, 0, 0x00, 0);
    sim_assert_str(vm.qts, 5, "bias", "pull-up");
    g_assert_cmphex(pio_read(t, 5) >> 16 & 0xff, ==, 5);
    sim_assert_str(vm.qts, 1, "edges", "both");
    g_assert_cmpuint(acrn_base(t), ==, 0);
    /* LED's event and btn's latched edge are owed */
    query_line(vm.qts, 0, &waiting, &pending);
    g_assert_cmpint(waiting, ==, 2);
    g_assert_true(pending);
    /* LED's event goes to the next buffer, at the guest's next kick */
    h[0] = post_event_buffer(t, &a[0]);
    expect_answer(t, 1, 0, 0, 0x00, 1);
    g_assert_cmphex(wait_event(t, h[0], a[0]), ==, 1 << 0);
    /* btn's latched edge fires on unmask */
    h[1] = post_event_buffer(t, &a[1]);
    irq_action(t, UNMASK, 1, 0);
    g_assert_cmphex(wait_event(t, h[1], a[1]), ==, 1 << 1);
    /* line 2 is still in service: a new edge waits for the ACK */
    h[2] = post_event_buffer(t, &a[2]);
    sim_set_input(vm.qts, 2, false);
    sim_set_input(vm.qts, 2, true);
    assert_no_event(t);
    irq_action(t, ACK, 2, 0);
    g_assert_cmphex(wait_event(t, h[2], a[2]), ==, 1 << 2);
    /* line 4's level, still active, fires on unmask */
    h[4] = post_event_buffer(t, &a[4]);
    irq_action(t, UNMASK, 4, 0);
    g_assert_cmphex(wait_event(t, h[4], a[4]), ==, 1 << 4);
    irq_action(t, DISABLE, 4, 0);
    /* nothing else is owed: acks fire nothing, a new edge does */
    h[3] = post_event_buffer(t, &a[3]);
    for (int i = 0; i < 3; i++) {
        irq_action(t, ACK, i, 0);
    }
    assert_no_event(t);
    sim_set_input(vm.qts, 0, false);
    sim_set_input(vm.qts, 0, true);
    g_assert_cmphex(wait_event(t, h[3], a[3]), ==, 1 << 0);
    for (int i = 0; i < 3; i++) {
        irq_action(t, DISABLE, i, 0);
    }
    mig_pulls_low(vm.qts);
    vm_stop(&vm);
    qgpio_remove_uri(uri);
}

/*
 * A change still waiting out its debounce period on the simulated chip
 * when the VM is saved is reported on the destination, once, when the
 * period ends; the guest reads the debounced level until then.  (Under
 * qtest the virtual clock is qtest's own counter, which starts at 0 in
 * either process: the test steps it only on the destination.)
 */
static void test_migrate_debounce(const void *data)
{
    const uint64_t period_ns = 10 * 1000 * 1000;
    g_autofree char *uri = qgpio_migration_uri("file");
    const char *maps[1] = { "@gsim0{0:1}" };
    g_autofree char *args = vm_args(mig_sim_opts(), maps, 1);
    GpioVM vm;
    GpioTest *t = &vm.t[0];
    uint64_t a;
    uint32_t h;

    vm_start(&vm, mig_sim_opts(), maps, 1);
    h = post_event_buffer(t, &a);
    set_debounce(t, 1, period_ns / 1000);
    irq_action(t, ENABLE, 1, 3);
    sim_set_input(vm.qts, 1, true);
    assert_no_event(t);

    g_assert_true(vm_migrate(&vm, args, uri, NULL));
    g_assert_cmpuint(line_debounce_us(vm.qts, 1), ==, period_ns / 1000);
    g_assert_true(line_flag(vm.qts, 1, "value"));
    expect_answer(t, 1, 1, 0, 0x00, 0x00);
    qtest_clock_step(vm.qts, period_ns - 1000);
    assert_no_event(t);
    qtest_clock_step(vm.qts, 2000);
    g_assert_cmphex(wait_event(t, h, a), ==, 1 << 1);
    expect_answer(t, 1, 1, 0, 0x00, 0x01);
    irq_action(t, ACK, 1, 0);
    h = post_event_buffer(t, &a);
    assert_no_event(t);
    /* positive control: the next held change is reported too */
    sim_set_input(vm.qts, 1, false);
    qtest_clock_step(vm.qts, period_ns + 1000);
    g_assert_cmphex(wait_event(t, h, a), ==, 1 << 1);
    irq_action(t, DISABLE, 1, 0);
    vm_stop(&vm);
    qgpio_remove_uri(uri);
}

/* The source's lines are held by it again, and work. */
static void assert_source_runs_on(GpioVM *vm)
{
    GpioTest *t = &vm->t[0];
    g_autofree char *status = qgpio_migration_status(vm->qts);
    g_autofree char *label = NULL;
    gint64 deadline = g_get_monotonic_time() + EVENT_TIMEOUT_US;
    uint64_t a;
    uint32_t h;

    g_assert_cmpstr(status, ==, "failed");
    for (;;) {
        g_free(label);
        label = line_get(vm->qts, 0, "consumer");
        if (!strcmp(label, "qemu:gpio0")) {
            break;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(2000);
    }
    sim_assert_str(vm->qts, 0, "edges", "rising");
    h = post_event_buffer(t, &a);
    sim_set_input(vm->qts, 0, true);
    g_assert_cmphex(wait_event(t, h, a), ==, 1 << 0);
    irq_action(t, DISABLE, 0, 0);
    mig_pulls_low(vm->qts);
}

/*
 * A destination whose map has another line count fails the load, naming
 * it; the source (with the return path) fails too, takes back the lines
 * it handed over and runs on.
 */
static void test_migrate_mismatch(const void *data)
{
    g_autofree char *uri = qgpio_migration_uri("unix");
    g_autofree char *map = g_strdup_printf("@%s{0:1:2}", mig_chip());
    g_autofree char *map2 = g_strdup_printf("@%s{0:1}", mig_chip());
    const char *maps[1] = { map }, *maps2[1] = { map2 };
    g_autofree char *args = vm_args(mig_sim_opts(), maps2, 1);
    g_autofree char *log = NULL;
    GpioVM vm;

    vm_start(&vm, mig_sim_opts(), maps, 1);
    sim_set_input(vm.qts, 0, false);
    irq_action(&vm.t[0], ENABLE, 0, 1);
    g_assert_false(vm_migrate(&vm, args, uri, &log));
    g_assert_nonnull(strstr(log, "device 'gpio0': cannot load its GPIO "
                            "state: the source has 3 lines, this map 2"));
    assert_source_runs_on(&vm);
    vm_stop(&vm);
    qgpio_remove_uri(uri);
}

/*
 * On the host's chip, source and destination on one host: a destination
 * may map the lines the source holds (under the same label), but not a
 * line another program holds: it fails to start, naming the line and
 * its holder, and the source runs on, untouched.  Named lines are
 * aliased so both maps give the same names.
 */
static void test_migrate_busy(const void *data)
{
    g_autofree char *uri = qgpio_migration_uri("unix");
    g_autofree char *map = g_strdup_printf("@%s{0:6=x}", host_chip());
    g_autofree char *map2 = g_strdup_printf("@%s{0:7=x}", host_chip());
    const char *maps[1] = { map }, *maps2[1] = { map2 };
    g_autofree char *args = vm_args("", maps, 1);
    g_autofree char *args2 = vm_args("", maps2, 1);
    g_autofree char *cmd = NULL;
    g_autofree char *err = NULL;
    char *argv[] = { (char *)"gpioset", (char *)"-c", (char *)host_chip(),
                     (char *)"-C", (char *)"holder", (char *)"7=0", NULL };
    gint64 deadline = g_get_monotonic_time() + EVENT_TIMEOUT_US;
    GPid holder;
    GpioVM vm;
    int status;

    g_assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
                                G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &holder, NULL));
    for (;;) {
        g_autofree char *info = NULL;
        g_autofree char *cmd7 = g_strdup_printf("gpioinfo -c %s 7",
                                                host_chip());

        g_assert_true(g_spawn_command_line_sync(cmd7, &info, NULL, NULL,
                                                NULL));
        if (strstr(info, "holder")) {
            break;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(2000);
    }
    vm_start(&vm, "", maps, 1);
    sim_set_input(vm.qts, 0, false);
    irq_action(&vm.t[0], ENABLE, 0, 1);

    /* a destination mapping the held line 7 does not start */
    cmd = g_strdup_printf("sh -c \"exec timeout 60 %s -display none "
                          "-accel qtest -incoming defer %s\"",
                          getenv("QTEST_QEMU_BINARY"), args2);
    g_assert_true(g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL));
    g_test_message("%s", err);
    g_assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    g_assert_nonnull(strstr(err, "line 7 of chip"));
    g_assert_nonnull(strstr(err, "is busy: used by 'holder'"));

    /* one mapping the source's own lines does, and takes them over */
    g_assert_true(vm_migrate(&vm, args, uri, NULL));
    sim_assert_str(vm.qts, 0, "edges", "rising");
    {
        uint64_t a;
        uint32_t h = post_event_buffer(&vm.t[0], &a);

        sim_set_input(vm.qts, 0, true);
        g_assert_cmphex(wait_event(&vm.t[0], h, a), ==, 1 << 0);
    }
    irq_action(&vm.t[0], DISABLE, 0, 0);
    mig_pulls_low(vm.qts);
    vm_stop(&vm);
    kill(holder, SIGTERM);
    waitpid(holder, NULL, 0);
    g_spawn_close_pid(holder);
    qgpio_remove_uri(uri);
}

/*
 * Benchmark, not a test: registered only with QTEST_VIRTIO_GPIO_INSN_BENCH
 * (make bench runs QEMU under callgrind, counting the queue-0 handler).
 * N rounds of GET_VALUE of an input, SET_VALUE of an output and a
 * direction change (INPUT/OUTPUT), each answered err 0.  With
 * QTEST_VIRTIO_GPIO_RTT_BENCH as well (and no callgrind), the requests'
 * round trips through qtest, next to as many empty notifies.
 */
static void bench_requests(void *obj, void *data, QGuestAllocator *alloc)
{
    int n = atoi(getenv("QTEST_VIRTIO_GPIO_INSN_BENCH"));
    bool rtt = getenv("QTEST_VIRTIO_GPIO_RTT_BENCH");
    GpioTest t;

    irq_start(&t, obj, alloc);
    expect_answer(&t, 3, 0, 0, 0x00, ANY);
    if (rtt) {
        qgpio_kicks_start();
    }
    for (int i = 0; i < n; i++) {
        /* every chain is answered in its kick: reuse the descriptors */
        recycle_descriptors(&t);
        expect_answer(&t, 1, 1, 0, 0x00, ANY);
        expect_answer(&t, 0, 0, i & 1, 0x00, ANY);
        expect_answer(&t, i & 1 ? 2 : 3, 2, 0, 0x00, ANY);
    }
    if (rtt) {
        qgpio_kicks_report("virtio-gpio-acrn-pci", t.vdev, t.vq[0]);
    }
    g_test_message("bench: %d requests", 3 * n + 1);
    gpio_stop(&t);
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
    qos_add_test("irq-edge", "virtio-gpio-acrn", test_irq_edge, NULL);
    qos_add_test("irq-mask-latch", "virtio-gpio-acrn", test_irq_mask_latch,
                 NULL);
    qos_add_test("irq-level", "virtio-gpio-acrn", test_irq_level, NULL);
    qos_add_test("irq-line-requests", "virtio-gpio-acrn",
                 test_irq_line_requests, NULL);
    qos_add_test("irq-no-buffer", "virtio-gpio-acrn", test_irq_no_buffer,
                 NULL);
    qos_add_test("irq-bad-requests", "virtio-gpio-acrn",
                 test_irq_bad_requests, NULL);
    qos_add_test("irq-reset", "virtio-gpio-acrn", test_irq_reset, NULL);
    qos_add_test("requests", "virtio-gpio-acrn", test_requests, NULL);
    qos_add_test("request-errors", "virtio-gpio-acrn", test_request_errors,
                 NULL);
    qos_add_test("malformed-chains", "virtio-gpio-acrn",
                 test_malformed_chains, NULL);
    qos_add_test("irq-malformed", "virtio-gpio-acrn", test_irq_malformed,
                 NULL);
    qos_add_test("before-driver-ok", "virtio-gpio-acrn",
                 test_before_driver_ok, NULL);
    qos_add_test("core-refused", "virtio-gpio-acrn", test_core_refused,
                 NULL);
    qos_add_test("irq-burst", "virtio-gpio-acrn", test_irq_burst, NULL);
    qos_add_test("query-gpio", "virtio-gpio-acrn", test_query_gpio, NULL);
    qos_add_test("query-gpio-waiting", "virtio-gpio-acrn",
                 test_query_gpio_waiting, NULL);
    qos_add_test("pio-write", "virtio-gpio-acrn", test_pio_write, NULL);
    if (!host_chip()) {
        /* hold-events is the simulated chip's */
        qos_add_test("irq-stale-edges", "virtio-gpio-acrn",
                     test_irq_stale_edges, NULL);
    } else {
        /* a storm needs a chip that toggles without QEMU's help */
        qos_add_test("irq-storm", "virtio-gpio-acrn", test_irq_storm, NULL);
    }
    if (!strcmp(qtest_get_arch(), "x86_64")) {
        qtest_add_data_func("virtio-gpio-acrn/hotplug-fds", NULL,
                            test_hotplug_fds);
    }
    if (getenv("QTEST_VIRTIO_GPIO_INSN_BENCH")) {
        qos_add_test("bench-requests", "virtio-gpio-acrn", bench_requests,
                     NULL);
        return;
    }
    if (getenv("QTEST_VIRTIO_GPIO_BENCH")) {
        qtest_add_data_func("virtio-gpio-acrn/bench", NULL, bench_latency);
        return;
    }
    if (host_chip() && getenv("QTEST_VIRTIO_GPIO_LOST_CHIP")) {
        qtest_add_data_func("virtio-gpio-acrn/chip-lost", NULL,
                            test_chip_lost);
    }
    /* Tests of their own VM need the simulated chip */
    if (!host_chip() && (!strcmp(qtest_get_arch(), "x86_64") ||
                         !strcmp(qtest_get_arch(), "i386"))) {
        qtest_add_data_func("virtio-gpio-acrn/two-devices/pc", "pc",
                            test_two_devices);
        qtest_add_data_func("virtio-gpio-acrn/two-devices/q35", "q35",
                            test_two_devices);
        qtest_add_data_func("virtio-gpio-acrn/64-lines", NULL, test_64_lines);
        qtest_add_data_func("virtio-gpio-acrn/names-not-ram", NULL,
                            test_names_not_ram);
        qtest_add_data_func("virtio-gpio-acrn/bases", NULL, test_bases);
        qtest_add_data_func("virtio-gpio-acrn/two-devices/irq", NULL,
                            test_two_devices_irq);
    }
    if (!strcmp(qtest_get_arch(), "x86_64")) {
        qtest_add_data_func("virtio-gpio-acrn/migrate/snapshot", "file",
                            test_migrate_state);
        qtest_add_data_func("virtio-gpio-acrn/migrate/live", "unix",
                            test_migrate_state);
        qtest_add_data_func("virtio-gpio-acrn/migrate/mismatch", NULL,
                            test_migrate_mismatch);
    }
    if (host_chip()) {
        qtest_add_data_func("virtio-gpio-acrn/migrate/busy", NULL,
                            test_migrate_busy);
    } else if (!strcmp(qtest_get_arch(), "x86_64")) {
        qtest_add_data_func("virtio-gpio-acrn/migrate/debounce", NULL,
                            test_migrate_debounce);
    }
    qos_add_test("debounce", "virtio-gpio-acrn", test_debounce, NULL);
    if (!host_chip() && (!strcmp(qtest_get_arch(), "x86_64") ||
                         !strcmp(qtest_get_arch(), "i386"))) {
        qtest_add_data_func("virtio-gpio-acrn/debounce-as-found", NULL,
                            test_debounce_as_found);
    }
}

libqos_init(register_virtio_gpio_acrn_test);

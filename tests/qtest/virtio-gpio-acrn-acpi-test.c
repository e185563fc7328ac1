/*
 * virtio-gpio-acrn-pci in the DSDT
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * No firmware runs: the ACPI tables are read through fw_cfg as the
 * firmware reads them ("etc/acpi/tables": the FACS, then the DSDT), the
 * DSDT is disassembled with iasl (Debian's acpica-tools) and each
 * device's node, Device (AGPI) inside its slot, is compared as a whole
 * with what it must be: _ADR, _DDN, _UID, the PCI config fields GPCS
 * and GPCG read (BAR0, the command register, MSI-X enable at the
 * device's own capability) and the PIO word they reach.  Without iasl
 * every case fails.
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "libqtest.h"
#include "libqos/fw_cfg.h"
#include "libqos/pci-pc.h"
#include "standard-headers/linux/pci_regs.h"

#define TABLES_FILE     "etc/acpi/tables"
#define FACS_LEN        64
#define SDT_HEADER_LEN  36

#define SIMS "-object gpio-sim,id=sim0,lines=8 " \
             "-object gpio-sim,id=sim1,lines=8 "

/* Where a device sits: the node path below \_SB.PCI0 and its PCI address */
typedef struct AgpiWhere {
    const char *path[3];    /* slot nodes, outermost first */
    int bus;                /* as numbered by firmware (here: by the test) */
    int devfn;
    unsigned ngpio;
    bool no_msix;           /* vectors=0: no MSI-X capability */
} AgpiWhere;

static char *find_iasl(void)
{
    char *iasl = g_find_program_in_path("iasl");

    if (!iasl) {
        g_test_message("iasl not found: install Debian's acpica-tools");
    }
    g_assert_nonnull(iasl);
    return iasl;
}

/* The DSDT as the firmware would get it now. */
static GBytes *dsdt_aml(QTestState *qts)
{
    QFWCFG *fw_cfg = pc_fw_cfg_init(qts);
    uint8_t head[FACS_LEN + 8];
    uint8_t *tables;
    uint32_t len;

    /* Selecting the file builds the tables, as for the firmware. */
    g_assert_cmpuint(qfw_cfg_get_file(fw_cfg, TABLES_FILE, head, sizeof(head)),
                     >, sizeof(head));
    g_assert(!memcmp(head, "FACS", 4));
    g_assert_cmpuint(ldl_le_p(head + 4), ==, FACS_LEN);
    g_assert(!memcmp(head + FACS_LEN, "DSDT", 4));
    len = ldl_le_p(head + FACS_LEN + 4);
    g_assert_cmpuint(len, >, SDT_HEADER_LEN);

    tables = g_malloc(FACS_LEN + len);
    qfw_cfg_get_file(fw_cfg, TABLES_FILE, tables, FACS_LEN + len);
    pc_fw_cfg_uninit(fw_cfg);
    memmove(tables, tables + FACS_LEN, len);
    return g_bytes_new_take(tables, len);
}

/* @aml disassembled by iasl. */
static char *disassemble(GBytes *aml)
{
    g_autofree char *iasl = find_iasl();
    g_autofree char *dir = g_dir_make_tmp("vga-acpi-XXXXXX", NULL);
    g_autofree char *aml_file = g_build_filename(dir, "dsdt.aml", NULL);
    g_autofree char *prefix = g_build_filename(dir, "dsdt", NULL);
    g_autofree char *asl_file = g_build_filename(dir, "dsdt.dsl", NULL);
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { iasl, "-p", prefix, "-d", aml_file, NULL };
    GError *error = NULL;
    char *asl = NULL;
    gsize len;
    int status;

    g_assert_nonnull(dir);
    g_assert(g_file_set_contents(aml_file, g_bytes_get_data(aml, &len),
                                 g_bytes_get_size(aml), NULL));
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                 &out, &err, &status, &error);
    g_assert_no_error(error);
    if (!g_spawn_check_exit_status(status, NULL)) {
        g_test_message("iasl -d failed: %s%s", out, err);
    }
    g_assert(g_file_get_contents(asl_file, &asl, NULL, NULL));

    unlink(aml_file);
    unlink(asl_file);
    rmdir(dir);
    return asl;
}

static char *dsdt_asl(QTestState *qts)
{
    g_autoptr(GBytes) aml = dsdt_aml(qts);

    return disassemble(aml);
}

/*
 * The body of the first "Device (NAME)" in @text, braces included, or
 * NULL.  Searching a body again descends one level.
 */
static char *device_body(const char *text, const char *name)
{
    g_autofree char *head = g_strdup_printf("Device (%s)", name);
    const char *p = strstr(text, head), *q;
    int depth = 0;

    if (!p) {
        return NULL;
    }
    p = strchr(p, '{');
    g_assert_nonnull(p);
    for (q = p; *q; q++) {
        if (*q == '{') {
            depth++;
        } else if (*q == '}' && --depth == 0) {
            return g_strndup(p, q - p + 1);
        }
    }
    g_assert_not_reached();
}

static bool is_word_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || c == '"';
}

/*
 * Comments dropped, white space kept only between two words (one
 * space), so that indentation and iasl's line wrapping do not matter.
 */
static char *normalize(const char *text)
{
    GString *s = g_string_new(NULL);
    bool space = false;

    for (const char *p = text; *p; p++) {
        if (p[0] == '/' && p[1] == '/') {
            p += strcspn(p, "\n");
            if (!*p) {
                break;
            }
        }
        if (g_ascii_isspace(*p)) {
            space = true;
            continue;
        }
        if (space && s->len && is_word_char(s->str[s->len - 1]) &&
            is_word_char(*p)) {
            g_string_append_c(s, ' ');
        }
        space = false;
        g_string_append_c(s, *p);
    }
    return g_string_free(s, false);
}

static unsigned count(const char *text, const char *what)
{
    unsigned n = 0;

    for (const char *p = strstr(text, what); p; p = strstr(p + 1, what)) {
        n++;
    }
    return n;
}

/* An integer as iasl prints it. */
static char *asl_int(uint64_t v)
{
    if (v == 0) {
        return g_strdup("Zero");
    }
    if (v == 1) {
        return g_strdup("One");
    }
    if (v <= 0xff) {
        return g_strdup_printf("0x%02" PRIX64, v);
    }
    if (v <= 0xffff) {
        return g_strdup_printf("0x%04" PRIX64, v);
    }
    return g_strdup_printf("0x%08" PRIX64, v);
}

/* What Device (AGPI) must be for the device at @w (@msix_cap 0: none). */
static char *expected_agpi(const AgpiWhere *w, uint8_t msix_cap)
{
    g_autofree char *adr = asl_int((w->devfn >> 3) << 16 | (w->devfn & 7));
    g_autofree char *uid = asl_int(w->bus << 8 | w->devfn);
    g_autofree char *ngpio = asl_int(w->ngpio);
    g_autofree char *mxct = asl_int(msix_cap + PCI_MSIX_FLAGS);
    g_autoptr(GString) s = g_string_new(NULL);

    g_string_append_printf(s,
        "{"
        "  Name (_ADR, %s)"
        "  Name (_DDN, \"Virtio GPIO Controller\")"
        "  Name (_UID, %s)"
        "  OperationRegion (GPCF, PCI_Config, Zero, 0x0100)"
        "  Field (GPCF, DWordAcc, NoLock, Preserve)"
        "  {"
        "    VDID, 32,"
        "    PCMD, 16,"
        "    Offset (0x10),"
        "    IOBA, 32", adr, uid);
    if (msix_cap) {
        g_string_append_printf(s, ", Offset (%s), MXCT, 16", mxct);
    }
    g_string_append_printf(s,
        "  }"
        "  Method (GPRA, 1, NotSerialized)"
        "  {"
        "    If (((Arg0 >= %s) || ((VDID != 0x86098086) ||"
        "         !(PCMD & One))))"
        "    {"
        "      Return (Zero)"
        "    }"
        "    Local0 = (IOBA & 0xFFFFFFFC)"
        "    If (((Local0 == Zero) || (Local0 > 0xFFFF)))"
        "    {"
        "      Return (Zero)"
        "    }"
        "    Local0 += (0x18 + (Arg0 << 0x02))", ngpio);
    if (msix_cap) {
        g_string_append(s,
            "    If ((MXCT & 0x8000))"
            "    {"
            "      Local0 += 0x04"
            "    }");
    }
    g_string_append(s,
        "    Return (Local0)"
        "  }"
        "  Method (GPCS, 2, Serialized)"
        "  {"
        "    Local0 = GPRA (Arg0)"
        "    If ((Local0 == Zero))"
        "    {"
        "      Return (Zero)"
        "    }"
        "    OperationRegion (GPRG, SystemIO, Local0, 0x04)"
        "    Field (GPRG, DWordAcc, NoLock, Preserve)"
        "    {"
        "      GPVD, 2"
        "    }"
        "    If (Arg1)"
        "    {"
        "      GPVD = One"
        "    }"
        "    Else"
        "    {"
        "      GPVD = Zero"
        "    }"
        "    Return (One)"
        "  }"
        "  Method (GPCG, 1, Serialized)"
        "  {"
        "    Local0 = GPRA (Arg0)"
        "    If ((Local0 == Zero))"
        "    {"
        "      Return (0xFFFFFFFF)"
        "    }"
        "    OperationRegion (GPRG, SystemIO, Local0, 0x04)"
        "    Field (GPRG, DWordAcc, NoLock, Preserve)"
        "    {"
        "      GPWD, 32"
        "    }"
        "    Return ((GPWD & One))"
        "  }"
        "}");
    return normalize(s->str);
}

/* The MSI-X capability of the function at @w, from its config space. */
static uint8_t msix_cap_of(QTestState *qts, const AgpiWhere *w)
{
    QPCIBus *pcibus = qpci_new_pc(qts, NULL);
    QPCIDevice *dev = qpci_device_find(pcibus, w->bus << 8 | w->devfn);
    uint8_t cap;

    g_assert_nonnull(dev);
    g_assert_cmphex(qpci_config_readl(dev, PCI_VENDOR_ID), ==, 0x86098086);
    cap = qpci_find_capability(dev, PCI_CAP_ID_MSIX, 0);
    g_assert_cmphex(!cap, ==, w->no_msix);
    g_free(dev);
    qpci_free_pc(pcibus);
    return cap;
}

/* Give the bridge at @devfn on bus 0 the secondary bus @bus, as firmware. */
static void number_bus(QTestState *qts, int devfn, int bus)
{
    QPCIBus *pcibus = qpci_new_pc(qts, NULL);
    QPCIDevice *dev = qpci_device_find(pcibus, devfn);

    g_assert_nonnull(dev);
    qpci_config_writeb(dev, PCI_PRIMARY_BUS, 0);
    qpci_config_writeb(dev, PCI_SECONDARY_BUS, bus);
    qpci_config_writeb(dev, PCI_SUBORDINATE_BUS, bus);
    g_free(dev);
    qpci_free_pc(pcibus);
}

/* The device's node in @asl: Device (AGPI) at the end of @w's path. */
static char *agpi_of(const char *asl, const AgpiWhere *w)
{
    g_autofree char *scope = g_strdup(asl);
    char *node;

    for (int i = 0; i < ARRAY_SIZE(w->path) && w->path[i]; i++) {
        char *inner = device_body(scope, w->path[i]);

        if (!inner) {
            g_test_message("no Device (%s) on the way to AGPI", w->path[i]);
        }
        g_assert_nonnull(inner);
        g_free(scope);
        scope = inner;
    }
    node = device_body(scope, "AGPI");
    if (node) {
        /* only one AGPI in the slot: nothing of another device */
        const char *rest = strstr(scope, node) + strlen(node);
        g_assert_null(strstr(rest, "Device (AGPI)"));
    }
    return node;
}

/* Check the node of the device at @w; returns its _UID as printed. */
static char *check_agpi(QTestState *qts, const char *asl, const AgpiWhere *w)
{
    g_autofree char *node = agpi_of(asl, w);
    g_autofree char *got = NULL;
    g_autofree char *want = expected_agpi(w, msix_cap_of(qts, w));
    const char *uid;

    if (!node) {
        g_test_message("no Device (AGPI) in %s", w->path[0]);
    }
    g_assert_nonnull(node);
    got = normalize(node);
    if (strcmp(got, want)) {
        g_test_message("Device (AGPI) at %s:", w->path[0]);
        g_test_message("%s", node);
        g_test_message("want: %s", want);
        g_test_message("got:  %s", got);
    }
    g_assert_cmpstr(got, ==, want);

    uid = strstr(node, "Name (_UID, ");
    g_assert_nonnull(uid);
    return g_strndup(uid, strcspn(uid, ")"));
}

/* The DSDT has the @n devices at @w, and only them, with distinct _UIDs. */
static void check_devices(QTestState *qts, const AgpiWhere *w, unsigned n)
{
    g_autofree char *asl = dsdt_asl(qts);
    g_auto(GStrv) uids = g_new0(char *, n + 1);

    g_assert_cmpuint(count(asl, "Device (AGPI)"), ==, n);
    g_assert_cmpuint(count(asl, "Name (_DDN, \"Virtio GPIO Controller\")"),
                     ==, n);
    for (unsigned i = 0; i < n; i++) {
        uids[i] = check_agpi(qts, asl, &w[i]);
        for (unsigned j = 0; j < i; j++) {
            g_assert_cmpstr(uids[i], !=, uids[j]);
        }
    }
}

static void test_one(const void *data)
{
    const char *machine = data;
    const AgpiWhere w = { { "S18" }, 0, QPCI_DEVFN(3, 0), 2 };
    QTestState *qts = qtest_initf("-M %s -nodefaults " SIMS
                                  "-device virtio-gpio-acrn-pci,addr=3,"
                                  "map=@sim0{0:1}", machine);

    check_devices(qts, &w, 1);
    qtest_quit(qts);
}

static void test_two(const void *data)
{
    const char *machine = data;
    const AgpiWhere w[] = {
        { { "S18" }, 0, QPCI_DEVFN(3, 0), 2 },
        { { "S20" }, 0, QPCI_DEVFN(4, 0), 3 },
    };
    QTestState *qts = qtest_initf("-M %s -nodefaults " SIMS
                                  "-device virtio-gpio-acrn-pci,addr=3,"
                                  "map=@sim0{0:1} "
                                  "-device virtio-gpio-acrn-pci,addr=4,"
                                  "map=@sim1{0:1:2}", machine);

    check_devices(qts, w, 2);
    qtest_quit(qts);
}

/* Two functions of one slot: two nodes, each under its own function. */
static void test_functions(const void *data)
{
    const char *machine = data;
    const AgpiWhere w[] = {
        { { "S28" }, 0, QPCI_DEVFN(5, 0), 1 },
        { { "S29" }, 0, QPCI_DEVFN(5, 1), 4 },
    };
    QTestState *qts = qtest_initf("-M %s -nodefaults " SIMS
                                  "-device virtio-gpio-acrn-pci,"
                                  "addr=5.0,multifunction=on,map=@sim0{7} "
                                  "-device virtio-gpio-acrn-pci,addr=5.1,"
                                  "map=@sim1{0:1:2:3}", machine);

    check_devices(qts, w, 2);
    qtest_quit(qts);
}

/* Without MSI-X the device config always follows the 20-byte header. */
static void test_no_msix(const void *data)
{
    const char *machine = data;
    const AgpiWhere w = { { "S18" }, 0, QPCI_DEVFN(3, 0), 2, true };
    QTestState *qts = qtest_initf("-M %s -nodefaults " SIMS
                                  "-device virtio-gpio-acrn-pci,addr=3,"
                                  "vectors=0,map=@sim0{0:1}", machine);

    check_devices(qts, &w, 1);
    qtest_quit(qts);
}

/* q35: behind PCIe root ports, the buses numbered as firmware would. */
static void test_root_ports(const void *data)
{
    const AgpiWhere w[] = {
        { { "S10", "S00" }, 1, QPCI_DEVFN(0, 0), 2 },
        { { "S18", "S00" }, 2, QPCI_DEVFN(0, 0), 1 },
    };
    QTestState *qts = qtest_init("-M q35 -nodefaults " SIMS
                                 "-device pcie-root-port,id=rp1,addr=2,"
                                 "chassis=1 "
                                 "-device pcie-root-port,id=rp2,addr=3,"
                                 "chassis=2 "
                                 "-device virtio-gpio-acrn-pci,bus=rp1,"
                                 "map=@sim0{0:1} "
                                 "-device virtio-gpio-acrn-pci,bus=rp2,"
                                 "map=@sim1{5}");

    number_bus(qts, QPCI_DEVFN(2, 0), 1);
    number_bus(qts, QPCI_DEVFN(3, 0), 2);
    check_devices(qts, w, 2);
    qtest_quit(qts);
}

/*
 * Hot-plug: the DSDT is built when the firmware reads it and kept until
 * the next reset, so a device plugged later (pc: into slot 6 of the root
 * bus, q35: into a root port) is in it only after a reboot.  Until then
 * its slot's node is there without AGPI.
 */
static void test_hotplug(const void *data)
{
    bool q35 = !strcmp(data, "q35");
    const AgpiWhere pc_w[] = {
        { { "S18" }, 0, QPCI_DEVFN(3, 0), 2 },
        { { "S30" }, 0, QPCI_DEVFN(6, 0), 1 },
    };
    const AgpiWhere q35_w[] = {
        { { "S18" }, 0, QPCI_DEVFN(3, 0), 2 },
        { { "S10", "S00" }, 1, QPCI_DEVFN(0, 0), 1 },
    };
    const AgpiWhere *w = q35 ? q35_w : pc_w;
    QTestState *qts = qtest_initf("-M %s -nodefaults " SIMS "%s"
                                  "-device virtio-gpio-acrn-pci,addr=3,"
                                  "map=@sim0{0:1}", (char *)data,
                                  q35 ? "-device pcie-root-port,id=rp1,"
                                        "addr=2,chassis=1 " : "");
    g_autoptr(GBytes) before = dsdt_aml(qts);
    g_autoptr(GBytes) after = NULL;
    g_autofree char *asl = NULL;
    g_autofree char *slot = NULL;

    check_devices(qts, w, 1);
    if (q35) {
        qtest_qmp_device_add(qts, "virtio-gpio-acrn-pci", "hp",
                             "{'bus': 'rp1', 'map': '@sim1{3}'}");
    } else {
        qtest_qmp_device_add(qts, "virtio-gpio-acrn-pci", "hp",
                             "{'addr': '6', 'map': '@sim1{3}'}");
    }
    after = dsdt_aml(qts);
    g_assert(g_bytes_equal(after, before));
    asl = disassemble(after);
    slot = device_body(asl, w[1].path[0]);
    g_assert_nonnull(slot);
    g_assert_null(strstr(slot, "AGPI"));

    qtest_system_reset(qts);
    if (q35) {
        number_bus(qts, QPCI_DEVFN(2, 0), 1);
    }
    check_devices(qts, w, 2);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    static const char *machines[] = { "pc", "q35" };
    static const struct {
        const char *name;
        GTestDataFunc fn;
    } cases[] = {
        { "one", test_one },
        { "two", test_two },
        { "functions", test_functions },
        { "no-msix", test_no_msix },
        { "hotplug", test_hotplug },
    };

    g_test_init(&argc, &argv, NULL);
    for (int m = 0; m < ARRAY_SIZE(machines); m++) {
        for (int c = 0; c < ARRAY_SIZE(cases); c++) {
            g_autofree char *path = g_strdup_printf(
                "/virtio-gpio-acrn/acpi/%s/%s", machines[m], cases[c].name);

            qtest_add_data_func(path, machines[m], cases[c].fn);
        }
    }
    qtest_add_data_func("/virtio-gpio-acrn/acpi/q35/root-ports", NULL,
                        test_root_ports);
    return g_test_run();
}

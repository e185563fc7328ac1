/*
 * Migration for the GPIO device qtests: a second QEMU and the switch-over
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "virtio-gpio-migrate.h"

#define MIGRATE_WAIT_US (60 * G_USEC_PER_SEC)

char *qgpio_migration_status(QTestState *qts)
{
    QDict *rsp = qtest_qmp_assert_success_ref(qts,
                                              "{'execute': 'query-migrate'}");
    char *status = g_strdup(qdict_get_try_str(rsp, "status") ?: "none");

    qobject_unref(rsp);
    return status;
}

/* Wait for @qts's migration to end; returns whether it completed. */
static bool migration_wait(QTestState *qts)
{
    gint64 deadline = g_get_monotonic_time() + MIGRATE_WAIT_US;

    for (;;) {
        g_autofree char *status = qgpio_migration_status(qts);

        if (!strcmp(status, "completed")) {
            return true;
        }
        if (!strcmp(status, "failed") || !strcmp(status, "cancelled")) {
            return false;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(2000);
    }
}

static bool runs(QTestState *qts)
{
    QDict *rsp = qtest_qmp_assert_success_ref(qts,
                                              "{'execute': 'query-status'}");
    bool running = qdict_get_bool(rsp, "running");

    qobject_unref(rsp);
    return running;
}

static void return_path(QTestState *qts)
{
    qtest_qmp_assert_success(qts, "{'execute': 'migrate-set-capabilities', "
                             "'arguments': {'capabilities': [{'capability': "
                             "'return-path', 'state': true}]}}");
}

static void incoming(QTestState *dst, const char *uri)
{
    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming', "
                             "'arguments': {'uri': %s, "
                             "'exit-on-error': false}}", uri);
}

QTestState *qgpio_migrate_start(QTestState *src, const char *dst_args,
                                const char *uri)
{
    QTestState *dst = qtest_initf("%s -incoming defer", dst_args);

    return_path(src);
    return_path(dst);
    incoming(dst, uri);
    qtest_qmp_assert_success(src, "{'execute': 'migrate', "
                             "'arguments': {'uri': %s}}", uri);
    return dst;
}

/* Wait for both ends; returns whether both completed and @dst runs. */
static bool migration_finish(QTestState *src, QTestState *dst)
{
    bool ok = migration_wait(src) & migration_wait(dst);

    if (ok) {
        gint64 deadline = g_get_monotonic_time() + MIGRATE_WAIT_US;

        while (!runs(dst)) {
            g_assert_cmpint(g_get_monotonic_time(), <, deadline);
            g_usleep(2000);
        }
    }
    return ok;
}

bool qgpio_migrate_finish(QTestState *src, QTestState *dst)
{
    return migration_finish(src, dst);
}

QTestState *qgpio_migrate(QTestState *src, const char *dst_args,
                          const char *uri, char **dst_log)
{
    g_autofree char *log = NULL;
    g_autofree char *args = NULL;
    g_autofree char *said = NULL;
    QTestState *dst;
    bool ok;
    int fd;

    fd = g_file_open_tmp("vga-migrate-XXXXXX.log", &log, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    args = g_strdup_printf("%s 2>%s", dst_args, log);
    if (g_str_has_prefix(uri, "unix:")) {
        dst = qgpio_migrate_start(src, args, uri);
    } else {
        /* A snapshot: the source writes the whole state first. */
        qtest_qmp_assert_success(src, "{'execute': 'migrate', "
                                 "'arguments': {'uri': %s}}", uri);
        g_assert_true(migration_wait(src));
        dst = qtest_initf("%s -incoming defer", args);
        incoming(dst, uri);
    }
    ok = migration_finish(src, dst);
    g_assert_true(g_file_get_contents(log, &said, NULL, NULL));
    unlink(log);
    if (ok) {
        return dst;
    }
    g_test_message("the destination says: %s", said);
    qtest_quit(dst);
    if (dst_log) {
        *dst_log = g_steal_pointer(&said);
    }
    return NULL;
}

void qgpio_wait_qom_bool(QTestState *qts, const char *path,
                         const char *prop, bool want)
{
    gint64 deadline = g_get_monotonic_time() + MIGRATE_WAIT_US;

    while (qtest_qom_get_bool(qts, path, prop) != want) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(2000);
    }
}

char *qgpio_migration_uri(const char *kind)
{
    g_autofree char *dir = g_dir_make_tmp("vga-migrate-XXXXXX", NULL);

    g_assert_nonnull(dir);
    return g_strdup_printf("%s:%s/%s", kind, dir,
                           !strcmp(kind, "unix") ? "sock" : "state");
}

void qgpio_remove_uri(const char *uri)
{
    const char *path = strchr(uri, ':') + 1;
    g_autofree char *dir = g_path_get_dirname(path);

    unlink(path);
    rmdir(dir);
}

/*
 * Migration for the GPIO device qtests: a second QEMU and the switch-over
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_LIBQOS_VIRTIO_GPIO_MIGRATE_H
#define TESTS_LIBQOS_VIRTIO_GPIO_MIGRATE_H

#include "../libqtest.h"
#include "pci.h"

/*
 * Migrate @src to a new QEMU started with @dst_args and "-incoming defer"
 * over @uri: "unix:PATH" (live, with the return path, so a destination
 * that fails makes the source fail and run on) or "file:PATH" (the
 * source saves, then the destination loads: a snapshot's round trip).
 * Returns the destination, running, or NULL if either side failed: then
 * the destination (kept by exit-on-error off) has been quit and what it
 * printed on stderr is in @dst_log (if not NULL).
 */
QTestState *qgpio_migrate(QTestState *src, const char *dst_args,
                          const char *uri, char **dst_log);

/*
 * The same in two steps, live over "unix:PATH": start (the destination
 * is up and the source migrating), then finish (both ended; true if
 * both completed and the destination runs).
 */
QTestState *qgpio_migrate_start(QTestState *src, const char *dst_args,
                                const char *uri);
bool qgpio_migrate_finish(QTestState *src, QTestState *dst);

/* The migration status of @qts: "completed", "failed", ... (free it) */
char *qgpio_migration_status(QTestState *qts);

/*
 * A fresh URI of @kind ("unix" or "file") in a new temporary directory,
 * and its removal with the directory.
 */
char *qgpio_migration_uri(const char *kind);
void qgpio_remove_uri(const char *uri);

/* Wait, with a deadline, for a bool QOM property to read @want. */
void qgpio_wait_qom_bool(QTestState *qts, const char *path,
                         const char *prop, bool want);

#endif

/*
 * query-gpio and "info gpio" for targets without GPIO line devices
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/qapi-commands-gpio.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"

GpioDeviceStatusList *qmp_query_gpio(Error **errp)
{
    return NULL;
}

void hmp_info_gpio(Monitor *mon, const QDict *qdict)
{
    monitor_printf(mon, "No GPIO devices\n");
}

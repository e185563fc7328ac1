/*
 * gpio-sim: a simulated GPIO chip
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_GPIO_GPIO_SIM_H
#define HW_GPIO_GPIO_SIM_H

#include "hw/gpio/gpio-chip.h"

#define TYPE_GPIO_SIM "gpio-sim"
OBJECT_DECLARE_SIMPLE_TYPE(GpioSim, GPIO_SIM)

#define GPIO_SIM_MAX_LINES 1024

#endif

/*
 * Unit tests for the GPIO line map parser
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/gpio/gpio-map.h"

static GpioMap *parse_ok(const char *text)
{
    Error *err = NULL;
    GpioMap *map = gpio_map_parse(text, &err);

    if (err) {
        g_test_message("'%s': %s", text, error_get_pretty(err));
    }
    g_assert_null(err);
    g_assert_nonnull(map);
    return map;
}

static void check_entry(GpioMap *map, unsigned i, const char *chip,
                        const char *name, unsigned offset, const char *alias,
                        unsigned pos)
{
    GpioMapEntry *e = &map->entries[i];

    g_assert_cmpuint(i, <, map->count);
    g_assert_cmpstr(e->chip, ==, chip);
    g_assert_cmpstr(e->line_name, ==, name);
    if (!name) {
        g_assert_cmpuint(e->offset, ==, offset);
    }
    g_assert_cmpstr(e->alias, ==, alias);
    g_assert_cmpuint(e->pos, ==, pos);
}

/* ACRN's documented example: four lines over two chips. */
static void test_acrn_example(void)
{
    g_autoptr(GpioMap) map =
        parse_ok("@gpiochip0{1:6:reset=shutdown}@gpiochip1{0=reset}");

    g_assert_cmpuint(map->count, ==, 4);
    check_entry(map, 0, "gpiochip0", NULL, 1, NULL, 12);
    check_entry(map, 1, "gpiochip0", NULL, 6, NULL, 14);
    check_entry(map, 2, "gpiochip0", "reset", 0, "shutdown", 16);
    check_entry(map, 3, "gpiochip1", NULL, 0, "reset", 42);
    g_assert_cmpuint(map->entries[3].chip_pos, ==, 32);
}

static void test_angle_brackets(void)
{
    g_autoptr(GpioMap) map = parse_ok("@gpiochip0<1:6:reset>@sim0{2}");

    g_assert_cmpuint(map->count, ==, 4);
    check_entry(map, 2, "gpiochip0", "reset", 0, NULL, 16);
    check_entry(map, 3, "sim0", NULL, 2, NULL, 28);
}

static void test_chip_forms(void)
{
    g_autoptr(GpioMap) a = parse_ok("gpiochip0{3}");
    g_autoptr(GpioMap) b = parse_ok("@/dev/gpiochip2{0}");
    g_autoptr(GpioMap) c = parse_ok("@INT3450:00{17=power}");

    check_entry(a, 0, "gpiochip0", NULL, 3, NULL, 11);
    check_entry(b, 0, "/dev/gpiochip2", NULL, 0, NULL, 17);
    check_entry(c, 0, "INT3450:00", NULL, 17, "power", 13);
}

static void test_empty_alias_keeps_name(void)
{
    g_autoptr(GpioMap) map = parse_ok("@c{1=:LED=}");

    check_entry(map, 0, "c", NULL, 1, NULL, 4);
    check_entry(map, 1, "c", "LED", 0, NULL, 7);
}

static void test_limits_accepted(void)
{
    g_autoptr(GString) s = g_string_new("@c{0");
    g_autoptr(GpioMap) map = NULL;
    g_autoptr(GpioMap) alias =
        parse_ok("@c{0=abcdefghijklmnopqrstuvwxyz01234}");

    for (int i = 1; i < GPIO_MAP_MAX_LINES; i++) {
        g_string_append_printf(s, ":%d", i);
    }
    g_string_append_c(s, '}');
    map = parse_ok(s->str);
    g_assert_cmpuint(map->count, ==, 64);
    check_entry(map, 63, "c", NULL, 63, NULL, s->len - 2);
    g_assert_cmpuint(strlen(alias->entries[0].alias), ==, 31);
}

typedef struct BadMap {
    const char *text;
    const char *expect;         /* substring of the message */
} BadMap;

static const BadMap bad_maps[] = {
    { "", "the map is empty" },
    { "@", "expected a chip name before end of map at column 2" },
    { "@@c{1}", "expected a chip name before '@' at column 2" },
    { "{1}", "expected a chip name before '{' at column 1" },
    { "@gpiochip0", "expected '{' or '<' after chip 'gpiochip0' at column 11" },
    { "@gpiochip0{", "empty line entry before end of map at column 12" },
    { "@gpiochip0{1", "expected ':' or '}' at column 13 of map, found end" },
    { "@gpiochip0{}", "empty line entry before '}' at column 12" },
    { "@gpiochip0{1::2}", "empty line entry before ':' at column 14" },
    { "@gpiochip0{1>", "expected ':' or '}' at column 13 of map, found '>'" },
    { "@gpiochip0<1}", "expected ':' or '>' at column 13 of map, found '}'" },
    { "@gpiochip0{0x10}", "invalid line offset '0x10' at column 12" },
    { "@gpiochip0{3a}", "invalid line offset '3a' at column 12" },
    { "@gpiochip0{_X}", "invalid line selector '_X' at column 12" },
    { "@gpiochip0{-1}", "invalid line selector '-1' at column 12" },
    { "@gpiochip0{ 1}", "invalid line selector ' 1' at column 12" },
    { "@gpiochip0{99999999999}",
      "line offset '99999999999' at column 12 of map is out of range" },
    { "@gpiochip0{1}junk", "unexpected 'junk' at column 14" },
    { "@gpiochip0{1} ", "unexpected ' ' at column 14" },
    { "@gpiochip0{1}@", "expected a chip name before end of map at column 15" },
    { "@gpiochip0{1=a=b}",
      "expected ':' or '}' at column 15 of map, found '='" },
    { "@gpiochip0{1==b}", "unexpected '=' at column 14" },
    { "@gpiochip0{1=abcdefghijklmnopqrstuvwxyz012345}",
      "alias 'abcdefghijklmnopqrstuvwxyz012345' at column 14 of map is "
      "longer than 31 characters" },
    { "@gpio chip{1}",
      "invalid character in chip name 'gpio chip' at column 2" },
    { "@c{1=a b}", "invalid character in alias 'a b' at column 6" },
};

static void test_bad_map(gconstpointer opaque)
{
    const BadMap *bad = opaque;
    Error *err = NULL;
    GpioMap *map = gpio_map_parse(bad->text, &err);

    g_assert_null(map);
    g_assert_nonnull(err);
    g_test_message("'%s': %s", bad->text, error_get_pretty(err));
    g_assert_nonnull(strstr(error_get_pretty(err), bad->expect));
    error_free(err);
}

static void test_too_many_lines(void)
{
    g_autoptr(GString) s = g_string_new("@c{0");
    Error *err = NULL;
    unsigned col;

    for (int i = 1; i < GPIO_MAP_MAX_LINES; i++) {
        g_string_append_printf(s, ":%d", i);
    }
    col = s->len + 2;
    g_string_append(s, ":64}");
    g_assert_null(gpio_map_parse(s->str, &err));
    g_assert_nonnull(err);
    g_autofree char *want = g_strdup_printf("the line at column %u of map "
                                            "would be number 65", col);
    g_assert_nonnull(strstr(error_get_pretty(err), want));
    error_free(err);
    err = NULL;

    /* Counted across chip segments too. */
    g_string_assign(s, "@a{0");
    for (int i = 1; i < 40; i++) {
        g_string_append_printf(s, ":%d", i);
    }
    g_string_append(s, "}@b{0");
    for (int i = 1; i < 24; i++) {
        g_string_append_printf(s, ":%d", i);
    }
    g_string_append(s, "}");
    g_autoptr(GpioMap) ok = parse_ok(s->str);
    g_assert_cmpuint(ok->count, ==, 64);
    g_string_truncate(s, s->len - 1);
    g_string_append(s, ":99}");
    g_assert_null(gpio_map_parse(s->str, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "too many lines"));
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gpio-map/acrn-example", test_acrn_example);
    g_test_add_func("/gpio-map/angle-brackets", test_angle_brackets);
    g_test_add_func("/gpio-map/chip-forms", test_chip_forms);
    g_test_add_func("/gpio-map/empty-alias", test_empty_alias_keeps_name);
    g_test_add_func("/gpio-map/limits-accepted", test_limits_accepted);
    g_test_add_func("/gpio-map/too-many-lines", test_too_many_lines);
    for (unsigned i = 0; i < ARRAY_SIZE(bad_maps); i++) {
        g_autofree char *path = g_strdup_printf("/gpio-map/bad/%u", i);

        g_test_add_data_func(path, &bad_maps[i], test_bad_map);
    }
    return g_test_run();
}

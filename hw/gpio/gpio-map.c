/*
 * Parser for ACRN-style GPIO line maps
 *
 * Copyright (c) 2026 The virtio-gpio-acrn authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Accepts the grammar of ACRN's virtio-gpio option (both "{}" and "<>"
 * brackets) but, unlike ACRN, refuses anything it does not understand
 * instead of skipping it: every error names the token and its column.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "hw/gpio/gpio-map.h"

/*
 * Characters that structure a map and so end a token.  A chip token may
 * hold ':' and '=' (host chip labels such as "INT3450:00" do).
 */
#define GPIO_MAP_DELIMS "@{}<>:="
#define GPIO_MAP_CHIP_DELIMS "@{}<>"

typedef struct MapCursor {
    const char *text;
    const char *p;
} MapCursor;

static unsigned cursor_col(MapCursor *c, const char *at)
{
    return at - c->text + 1;
}

/* Length of the token at @c->p: it runs up to the next delimiter. */
static size_t token_len(MapCursor *c)
{
    return strcspn(c->p, GPIO_MAP_DELIMS);
}

static bool token_is_printable(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isgraph(s[i])) {
            return false;
        }
    }
    return true;
}

static void describe_char(char *buf, size_t size, char ch)
{
    if (ch == '\0') {
        pstrcpy(buf, size, "end of map");
    } else {
        snprintf(buf, size, "'%c'", ch);
    }
}

static bool parse_selector(MapCursor *c, GpioMapEntry *e, Error **errp)
{
    size_t len = token_len(c);
    g_autofree char *tok = g_strndup(c->p, len);
    unsigned col = cursor_col(c, c->p);

    e->pos = col;
    if (len == 0) {
        char what[16];

        describe_char(what, sizeof(what), *c->p);
        error_setg(errp, "empty line entry before %s at column %u of map",
                   what, col);
        return false;
    }
    if (g_ascii_isdigit(tok[0])) {
        for (size_t i = 0; i < len; i++) {
            if (!g_ascii_isdigit(tok[i])) {
                error_setg(errp, "invalid line offset '%s' at column %u of "
                           "map: offsets are decimal numbers", tok, col);
                return false;
            }
        }
        if (qemu_strtoui(tok, NULL, 10, &e->offset) < 0) {
            error_setg(errp, "line offset '%s' at column %u of map is out "
                       "of range", tok, col);
            return false;
        }
    } else if (g_ascii_isalpha(tok[0]) && token_is_printable(tok, len)) {
        e->line_name = g_steal_pointer(&tok);
    } else {
        error_setg(errp, "invalid line selector '%s' at column %u of map: "
                   "expected a decimal offset or a line name starting "
                   "with a letter", tok, col);
        return false;
    }
    c->p += len;
    return true;
}

static bool parse_alias(MapCursor *c, GpioMapEntry *e, Error **errp)
{
    size_t len = token_len(c);
    unsigned col = cursor_col(c, c->p);
    g_autofree char *tok = g_strndup(c->p, len);

    if (*c->p == '=') {
        error_setg(errp, "unexpected '=' at column %u of map", col);
        return false;
    }
    if (!token_is_printable(tok, len)) {
        error_setg(errp, "invalid character in alias '%s' at column %u of "
                   "map", tok, col);
        return false;
    }
    if (len > GPIO_MAP_NAME_MAX) {
        error_setg(errp, "alias '%s' at column %u of map is longer than %d "
                   "characters", tok, col, GPIO_MAP_NAME_MAX);
        return false;
    }
    /* "1=" keeps the host name, as in ACRN. */
    e->alias = len ? g_steal_pointer(&tok) : NULL;
    c->p += len;
    return true;
}

static bool parse_segment(MapCursor *c, GpioMap *map, Error **errp)
{
    size_t len = strcspn(c->p, GPIO_MAP_CHIP_DELIMS);
    const char *chip = c->p;
    unsigned chip_col = cursor_col(c, chip);
    char open, close;

    if (len == 0) {
        char what[16];

        describe_char(what, sizeof(what), *c->p);
        error_setg(errp, "expected a chip name before %s at column %u of map",
                   what, chip_col);
        return false;
    }
    if (!token_is_printable(chip, len)) {
        g_autofree char *tok = g_strndup(chip, len);

        error_setg(errp, "invalid character in chip name '%s' at column %u "
                   "of map", tok, chip_col);
        return false;
    }
    c->p += len;
    open = *c->p;
    if (open != '{' && open != '<') {
        g_autofree char *tok = g_strndup(chip, len);
        char what[16];

        describe_char(what, sizeof(what), open);
        error_setg(errp, "expected '{' or '<' after chip '%s' at column %u "
                   "of map, found %s", tok, cursor_col(c, c->p), what);
        return false;
    }
    close = open == '{' ? '}' : '>';
    c->p++;

    for (;;) {
        GpioMapEntry *e;

        if (map->count == GPIO_MAP_MAX_LINES) {
            error_setg(errp, "too many lines: the line at column %u of map "
                       "would be number %d, at most %d are allowed",
                       cursor_col(c, c->p), GPIO_MAP_MAX_LINES + 1,
                       GPIO_MAP_MAX_LINES);
            return false;
        }
        e = &map->entries[map->count++];
        e->chip = g_strndup(chip, len);
        e->chip_pos = chip_col;
        if (!parse_selector(c, e, errp)) {
            return false;
        }
        if (*c->p == '=') {
            c->p++;
            if (!parse_alias(c, e, errp)) {
                return false;
            }
        }
        if (*c->p == ':') {
            c->p++;
            continue;
        }
        if (*c->p == close) {
            c->p++;
            return true;
        }
        {
            char what[16];

            describe_char(what, sizeof(what), *c->p);
            error_setg(errp, "expected ':' or '%c' at column %u of map, "
                       "found %s", close, cursor_col(c, c->p), what);
        }
        return false;
    }
}

GpioMap *gpio_map_parse(const char *text, Error **errp)
{
    g_autoptr(GpioMap) map = g_new0(GpioMap, 1);
    MapCursor c = { .text = text ? text : "", .p = text ? text : "" };

    if (*c.p == '\0') {
        error_setg(errp, "the map is empty: name at least one line, "
                   "e.g. '@gpiochip0{3}'");
        return NULL;
    }
    if (*c.p == '@') {
        c.p++;
    }
    for (;;) {
        if (!parse_segment(&c, map, errp)) {
            return NULL;
        }
        if (*c.p == '\0') {
            break;
        }
        if (*c.p != '@') {
            g_autofree char *junk = g_strdup(c.p);

            error_setg(errp, "unexpected '%s' at column %u of map: a chip "
                       "segment ends with its closing bracket", junk,
                       cursor_col(&c, c.p));
            return NULL;
        }
        c.p++;
    }
    return g_steal_pointer(&map);
}

void gpio_map_free(GpioMap *map)
{
    if (!map) {
        return;
    }
    for (unsigned i = 0; i < map->count; i++) {
        g_free(map->entries[i].chip);
        g_free(map->entries[i].line_name);
        g_free(map->entries[i].alias);
    }
    g_free(map);
}

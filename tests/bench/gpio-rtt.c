/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Request round trip seen by a Linux program, for `make bench`: times
 * COUNT calls of one GPIO operation through libgpiod v2 (or 1-byte reads
 * of /dev/hwrng, the virtio transport's floor) and writes each time in
 * nanoseconds, one a line, to OUT.
 *
 *   gpio-rtt get|set|dir CHIP OFFSET COUNT OUT
 *   gpio-rtt rng /dev/hwrng SIZE COUNT OUT
 *   gpio-rtt nop - 0 COUNT OUT
 *   gpio-rtt edge CHIP OFFSET COUNT OUT PULL
 *
 * get: value of an input line (set to 0 as an output first, so that
 * a chip without an outside level has one); set: value of an output line,
 * toggled;
 * dir: the line's direction, toggled between input and output; edge: the
 * kernel gpio-sim's sysfs file PULL written, to the edge event read (the
 * floor of a host edge reaching a reader); rng: reads of SIZE bytes;
 * nop: nothing, the loop's own cost (and, for make bench, the fixed cost
 * of one run).  The first
 * WARMUP calls are not recorded.  SIGINT or SIGTERM ends the loop early;
 * the times so far are written.
 */
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 50

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    stop = sig != 0;
}

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what)
{
    fprintf(stderr, "gpio-rtt: %s: %s\n", what, strerror(errno));
    exit(1);
}

static struct gpiod_line_config *line_config(unsigned int offset,
                                             enum gpiod_line_direction dir)
{
    struct gpiod_line_settings *s = gpiod_line_settings_new();
    struct gpiod_line_config *c = gpiod_line_config_new();

    if (!s || !c) {
        die("out of memory");
    }
    gpiod_line_settings_set_direction(s, dir);
    if (gpiod_line_config_add_line_settings(c, &offset, 1, s) < 0) {
        die("line settings");
    }
    gpiod_line_settings_free(s);
    return c;
}

/* Both edges on @offset: the same line settings with edge detection */
static void edge_setup(struct gpiod_line_config *c, unsigned int offset)
{
    struct gpiod_line_settings *s = gpiod_line_settings_new();

    if (!s) {
        die("out of memory");
    }
    gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_INPUT);
    gpiod_line_settings_set_edge_detection(s, GPIOD_LINE_EDGE_BOTH);
    gpiod_line_config_reset(c);
    if (gpiod_line_config_add_line_settings(c, &offset, 1, s) < 0) {
        die("edge settings");
    }
    gpiod_line_settings_free(s);
}

/*
 * The kernel gpio-sim's pull of a line: the outside world's level, one
 * write(2) to the sysfs file opened beforehand (@fd)
 */
static int pull(int fd, int up)
{
    const char *v = up ? "pull-up" : "pull-down";

    return pwrite(fd, v, strlen(v), 0) == (ssize_t)strlen(v) ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct gpiod_line_config *in_cfg = NULL, *out_cfg = NULL;
    struct gpiod_line_config *edge_cfg;
    struct gpiod_edge_event_buffer *events = NULL;
    struct gpiod_request_config *rcfg;
    struct gpiod_line_request *req = NULL;
    struct gpiod_chip *chip = NULL;
    unsigned int offset;
    int64_t *t;
    struct sigaction sa = { 0 };
    static char buf[4096];
    long count, done = 0;
    int fd = -1;
    FILE *out;

    if (argc != 6 && !(argc == 7 && !strcmp(argv[1], "edge"))) {
        fprintf(stderr, "usage: gpio-rtt get|set|dir|rng DEVICE OFFSET "
                "COUNT OUT, or edge CHIP OFFSET COUNT OUT PULL\n");
        return 2;
    }
    /* a guest program, not QEMU: plain libc */
    if (sscanf(argv[3], "%u", &offset) != 1 ||
        sscanf(argv[4], "%ld", &count) != 1 || count <= 0 ||
        offset > sizeof(buf)) {
        fprintf(stderr, "gpio-rtt: bad OFFSET or COUNT\n");
        return 2;
    }
    t = calloc(count, sizeof(*t));
    if (!t) {
        die("out of memory");
    }

    if (!strcmp(argv[1], "nop")) {
        /* nothing to open */
    } else if (!strcmp(argv[1], "rng")) {
        fd = open(argv[2], O_RDONLY);
        if (fd < 0) {
            die(argv[2]);
        }
    } else {
        chip = gpiod_chip_open(argv[2]);
        if (!chip) {
            die(argv[2]);
        }
        rcfg = gpiod_request_config_new();
        gpiod_request_config_set_consumer(rcfg, "gpio-rtt");
        in_cfg = line_config(offset, GPIOD_LINE_DIRECTION_INPUT);
        if (argc == 7) {
            fd = open(argv[6], O_WRONLY);
            if (fd < 0) {
                die(argv[6]);
            }
            edge_cfg = line_config(offset, GPIOD_LINE_DIRECTION_INPUT);
            edge_setup(edge_cfg, offset);
            events = gpiod_edge_event_buffer_new(1);
            in_cfg = edge_cfg;
        }
        out_cfg = line_config(offset, GPIOD_LINE_DIRECTION_OUTPUT);
        req = gpiod_chip_request_lines(chip, rcfg,
                                       argv[1][0] == 'e' ? in_cfg : out_cfg);
        if (!req) {
            die("request line");
        }
        if (argv[1][0] == 'g' &&
            gpiod_line_request_reconfigure_lines(req, in_cfg) < 0) {
            die("line to input");
        }
    }

    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    for (long i = -WARMUP; i < count && !stop; i++) {
        int64_t t0 = now_ns();
        int r;

        switch (argv[1][0]) {
        case 'g':
            r = gpiod_line_request_get_value(req, offset) < 0 ? -1 : 0;
            break;
        case 's':
            r = gpiod_line_request_set_value(req, offset, i & 1);
            break;
        case 'd':
            r = gpiod_line_request_reconfigure_lines(req,
                                                     i & 1 ? in_cfg : out_cfg);
            break;
        case 'r':
            r = read(fd, buf, offset) == offset ? 0 : -1;
            break;
        case 'n':
            r = 0;
            break;
        case 'e':
            r = pull(fd, !(i & 1)) ||
                gpiod_line_request_read_edge_events(req, events, 1) != 1;
            r = -r;
            break;
        default:
            fprintf(stderr, "gpio-rtt: unknown operation %s\n", argv[1]);
            return 2;
        }
        if (r < 0) {
            die(argv[1]);
        }
        if (i >= 0) {
            t[i] = now_ns() - t0;
            done = i + 1;
        }
    }

    out = fopen(argv[5], "w");
    if (!out) {
        die(argv[5]);
    }
    for (long i = 0; i < done; i++) {
        fprintf(out, "%lld\n", (long long)t[i]);
    }
    if (fclose(out)) {
        die(argv[5]);
    }
    if (req) {
        gpiod_line_request_release(req);
        gpiod_chip_close(chip);
    }
    return 0;
}

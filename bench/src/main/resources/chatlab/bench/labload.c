/*
 * labload: the fanout scenario of `chatlab bench` as a small C program, for `chatlab bench --generator c`.
 *
 * Why it exists: the bench's clients share the machine's cores with the server they measure. The Java bench spends
 * about as much CPU reading 99 copies of each message as the server spends sending them, and on a two-core machine
 * that shows in the server's latency. This program does the same measurement with one epoll thread for every
 * client's reads and one thread that writes on schedule, so what it reports is closer to the server's own latency.
 * (It does the closed loop too, so the bench's throughput numbers can be checked with a second implementation.)
 *
 * What it does, on the lab wire: connects CLIENTS clients (source addresses 127.0.0.2 and up, PER_ADDRESS each, for
 * an IPv4 loopback target), sends each one's name ("c0", "c1", ...), waits until every client's last user map
 * ("!{...}") lists all of them, then the first SENDERS clients send RATE messages per second each on a schedule made
 * in advance (sender s's n-th message is due at start + s * interval / SENDERS + n * interval), for WARMUP_MS and
 * then the measured DURATION_MS, then it waits up to DRAIN_MS for what is still on its way. A message is
 * "~S.N~" padded with 'x' to PAYLOAD bytes; its latency at each receiver is counted from its scheduled time, so a
 * server that stalls cannot hide the delay of the messages that should have gone out meanwhile (no coordinated
 * omission), and also from the moment it was written. A sender that falls behind writes its overdue messages at
 * least 1 ms apart: the lab wire has no delimiter, and two writes that reach a server together are one message to
 * it. With RATE 0 it runs the closed loop instead: each sender keeps WINDOW messages in flight and writes the next
 * when one has reached every other client (written by the reading thread, at once); latency is then counted from
 * the write, and the measured messages are those written within the window.
 *
 * Usage: labload HOST PORT CLIENTS SENDERS RATE WINDOW WARMUP_MS DURATION_MS DRAIN_MS PAYLOAD PER_ADDRESS
 *                JOIN_TIMEOUT_MS
 *
 * Output on stdout, one fact per line, for the bench to read: "registered MS" once every list is full,
 * "measuring" and "measured" at the edges of the measured window (the bench samples the server's CPU there),
 * "progress PHASE DELIVERED_LAST_SECOND OUTSTANDING" once a second, then "result NAME VALUE" lines and
 * "hist NAME MICROSECONDS COUNT" lines (histograms: latency, after-write, lateness), then "done". A failure is one
 * "error TEXT" line and exit status 2; bad arguments exit with 64.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FINE_BUCKETS 1000000   /* 1 us buckets below 1 s */
#define COARSE_BUCKETS 600000  /* 1 ms buckets from 1 s to 600 s; beyond counts in the last */
#define WRITE_RING 65536       /* write times kept per sender: far more than can be in flight */
#define LAB_CATCH_UP_GAP_NS 1000000L
#define MARKER_NUMBER_LIMIT 100000000000000L /* more digits than any run writes: not one of ours (no overflow) */
#define MAX_WINDOW 10000       /* at most this many in flight per sender: far fewer than WRITE_RING */
#define MAX_PAYLOAD 1000       /* the lab server reads 1024 bytes; a message must fit in one read */

struct histogram {
    uint32_t *fine;
    uint32_t *coarse;
    long count;
};

struct client {
    int fd;
    int in_map;        /* inside "{...}" of a user map */
    int map_entries;   /* ':' seen in the map being read: one per user (names here hold no ':') */
    int last_map;      /* entries of the last complete map */
    int in_marker;     /* 0 outside "~S.N~", 1 reading S, 2 reading N */
    int marker_split;  /* the marker began in an earlier read */
    int prefix_seen;   /* a relay's "NAME: " came since the last marker */
    int last_colon;
    long sender, seq;
};

static struct client *clients;
static int client_count, sender_count, payload_bytes;
static long interval_ns, start_ns, measure_ns, end_ns;
static long last_seq = -1;        /* open loop: the highest sequence number the schedule has, set before it starts */
static int window;                /* closed loop: messages in flight per sender; 0 in the open loop */
static int *remaining;            /* closed loop: [sender * WRITE_RING + seq % WRITE_RING] receivers still owed it */
static long *next_to_send;        /* closed loop: each sender's next sequence number */
static long measured_written;     /* closed loop: messages written within the measured window */
static long *next_seq;            /* [receiver * senders + sender]: the sequence number expected next */
static long *write_times;         /* [sender * WRITE_RING + seq % WRITE_RING] */
static long *sent_per_sender;     /* written by the sender thread; read after it is joined */
static long sent_total;           /* atomic: written by the sender thread, read by the progress line */
static struct histogram latency, after_write, lateness;
static long delivered, measured_deliveries, gaps, duplicated, merged, shared_read, split_reads, foreign, presence_bytes;
static int epoll_fd;

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void fail(const char *format, ...) {
    va_list args;
    va_start(args, format);
    printf("error ");
    vprintf(format, args);
    printf("\n");
    fflush(stdout);
    va_end(args);
    exit(2);
}

static long due(long sender, long n) {
    return start_ns + interval_ns * sender / sender_count + n * interval_ns;
}

static void histogram_init(struct histogram *h) {
    h->fine = calloc(FINE_BUCKETS, sizeof *h->fine);
    h->coarse = calloc(COARSE_BUCKETS, sizeof *h->coarse);
    if (h->fine == NULL || h->coarse == NULL) fail("out of memory");
}

static void record(struct histogram *h, long nanos) {
    long us = nanos < 0 ? 0 : nanos / 1000;
    if (us < FINE_BUCKETS) {
        h->fine[us]++;
    } else {
        long ms = us / 1000 - FINE_BUCKETS / 1000;
        h->coarse[ms < COARSE_BUCKETS ? ms : COARSE_BUCKETS - 1]++;
    }
    h->count++;
}

static void print_histogram(const char *name, const struct histogram *h) {
    for (long i = 0; i < FINE_BUCKETS; i++)
        if (h->fine[i]) printf("hist %s %ld %u\n", name, i, h->fine[i]);
    for (long i = 0; i < COARSE_BUCKETS; i++)
        if (h->coarse[i]) printf("hist %s %ld %u\n", name, (i + FINE_BUCKETS / 1000) * 1000, h->coarse[i]);
}

static void send_next(long sender, long now);

static void on_message(int receiver, long sender, long seq, long at) {
    if (sender < 0 || sender >= sender_count || sender == receiver
        || (window == 0 ? seq > last_seq : seq >= next_to_send[sender])) {
        foreign++;
        return;
    }
    long *expected = &next_seq[(long) receiver * sender_count + sender];
    if (seq < *expected) {
        duplicated++;
        return;
    }
    gaps += seq - *expected;
    *expected = seq + 1;
    delivered++;
    long written = __atomic_load_n(&write_times[sender * WRITE_RING + seq % WRITE_RING], __ATOMIC_RELAXED);
    if (window > 0) {
        if (written >= measure_ns && written < end_ns) {
            measured_deliveries++;
            record(&latency, at - written);
        }
        if (--remaining[sender * WRITE_RING + seq % WRITE_RING] == 0 && at < end_ns) send_next(sender, at);
        return;
    }
    long scheduled = due(sender, seq);
    if (scheduled < measure_ns || scheduled >= end_ns) return;
    measured_deliveries++;
    record(&latency, at - scheduled);
    if (written != 0) record(&after_write, at - written);
}

/* One read's bytes: user maps ("!{...}") and relays ("NAME: ~S.N~xxx "), in any grouping. */
static void scan(int receiver, const char *data, long length, long at) {
    struct client *c = &clients[receiver];
    int markers = 0;
    if (c->in_marker) c->marker_split = 1;
    for (long i = 0; i < length; i++) {
        char ch = data[i];
        if (c->in_marker) {
            long *number = c->in_marker == 1 ? &c->sender : &c->seq;
            if (ch >= '0' && ch <= '9' && *number < MARKER_NUMBER_LIMIT) {
                *number = *number * 10 + (ch - '0');
            } else if (ch == '.' && c->in_marker == 1) {
                c->in_marker = 2;
            } else {
                if (ch == '~' && c->in_marker == 2) {
                    on_message(receiver, c->sender, c->seq, at);
                    markers++;
                    if (c->marker_split) split_reads++;
                }
                c->in_marker = 0;
            }
        } else if (c->in_map) {
            presence_bytes++;
            if (ch == ':') c->map_entries++;
            else if (ch == '}') { c->in_map = 0; c->last_map = c->map_entries; }
        } else if (ch == '{') {
            presence_bytes += 2; /* "!{" */
            c->in_map = 1;
            c->map_entries = 0;
        } else if (ch == '~') {
            if (!c->prefix_seen) merged++; /* a second message inside one relay: the server took two sends as one */
            c->prefix_seen = 0;
            c->in_marker = 1;
            c->marker_split = 0;
            c->sender = 0;
            c->seq = 0;
        } else if (ch == ' ' && c->last_colon) {
            c->prefix_seen = 1;
        }
        c->last_colon = ch == ':';
    }
    if (markers > 1) shared_read += markers;
}

static void read_ready(int timeout_ms) {
    static char buffer[65536];
    struct epoll_event events[256];
    int ready = epoll_wait(epoll_fd, events, 256, timeout_ms);
    if (ready < 0 && errno != EINTR) fail("epoll_wait: %s", strerror(errno));
    for (int i = 0; i < ready; i++) {
        int receiver = (int) events[i].data.u32;
        for (;;) {
            ssize_t got = recv(clients[receiver].fd, buffer, sizeof buffer, 0);
            if (got > 0) {
                scan(receiver, buffer, got, now_ns());
                continue;
            }
            if (got == 0) fail("client c%d: the server closed the connection", receiver);
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            fail("client c%d: recv: %s", receiver, strerror(errno));
        }
    }
}

static void sleep_until(long when) {
    struct timespec t = { when / 1000000000L, when % 1000000000L };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
    }
}

static void send_all(int fd, const char *data, int length, int sender) {
    while (length > 0) {
        ssize_t n = send(fd, data, length, MSG_NOSIGNAL);
        if (n > 0) {
            data += n;
            length -= (int) n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct timespec pause = { 0, 100000 }; /* the server stopped reading: its problem, timed by the schedule */
            nanosleep(&pause, NULL);
        } else {
            fail("sender c%d: send: %s", sender, n < 0 ? strerror(errno) : "nothing written");
        }
    }
}

/* "~S.N~" padded with 'x' to the payload size; returns its length. */
static int format_message(char *message, long sender, long seq) {
    int length = snprintf(message, MAX_PAYLOAD + 1, "~%ld.%ld~", sender, seq);
    while (length < payload_bytes) message[length++] = 'x';
    return length;
}

/* Closed loop: writes the sender's next message now (from the reading thread). */
static void send_next(long sender, long now) {
    char message[MAX_PAYLOAD + 1];
    long seq = next_to_send[sender]++;
    int length = format_message(message, sender, seq);
    write_times[sender * WRITE_RING + seq % WRITE_RING] = now;
    remaining[sender * WRITE_RING + seq % WRITE_RING] = client_count - 1;
    __atomic_fetch_add(&sent_total, 1, __ATOMIC_RELAXED);
    sent_per_sender[sender]++;
    if (now >= measure_ns && now < end_ns) measured_written++;
    send_all(clients[sender].fd, message, length, (int) sender);
}

/* Writes every scheduled message in due order, across the senders; prints the measured window's edges. */
static void *send_on_schedule(void *unused) {
    (void) unused;
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0); /* the default 50 us of slack would make every send that late */
    char message[MAX_PAYLOAD + 1];
    long *last_write = calloc(sender_count, sizeof *last_write);
    int measuring = 0;
    for (long k = 0;; k++) {
        long sender = k % sender_count, seq = k / sender_count, scheduled = due(sender, seq);
        if (scheduled >= end_ns) break;
        long at = scheduled;
        if (last_write[sender] != 0 && at < last_write[sender] + LAB_CATCH_UP_GAP_NS)
            at = last_write[sender] + LAB_CATCH_UP_GAP_NS;
        if (!measuring && scheduled >= measure_ns) {
            sleep_until(measure_ns);
            printf("measuring\n");
            fflush(stdout);
            measuring = 1;
        }
        sleep_until(at);
        int length = format_message(message, sender, seq);
        long written = now_ns();
        /* stored before the send, so the reader, which learns of the message through the kernel, finds it */
        __atomic_store_n(&write_times[sender * WRITE_RING + seq % WRITE_RING], written, __ATOMIC_RELAXED);
        __atomic_fetch_add(&sent_total, 1, __ATOMIC_RELAXED);
        send_all(clients[sender].fd, message, length, (int) sender);
        last_write[sender] = written;
        sent_per_sender[sender]++;
        if (scheduled >= measure_ns) record(&lateness, written - scheduled);
    }
    if (!measuring) {
        sleep_until(measure_ns);
        printf("measuring\n");
    }
    sleep_until(end_ns);
    printf("measured\n");
    fflush(stdout);
    free(last_write);
    return NULL;
}

/* Deliveries owed for what was sent; only once the sender thread has been joined. */
static long outstanding(void) {
    long owed = 0;
    for (int r = 0; r < client_count; r++)
        for (int s = 0; s < sender_count; s++)
            if (r != s) owed += sent_per_sender[s] - next_seq[(long) r * sender_count + s];
    return owed;
}

static void source_address(long n, struct in_addr *out) {
    long host;
    int last;
    if (n < 253) {
        host = 0;
        last = (int) n + 2;
    } else {
        host = 1 + (n - 253) / 254;
        last = (int) ((n - 253) % 254) + 1;
    }
    out->s_addr = htonl((127u << 24) | ((uint32_t) (host >> 8 & 0xff) << 16) | ((uint32_t) (host & 0xff) << 8)
                        | (uint32_t) last);
}

static long argument(char **argv, int index, const char *name, long low, long high) {
    char *end;
    errno = 0;
    long value = strtol(argv[index], &end, 10);
    if (errno != 0 || *end != '\0' || value < low || value > high) {
        fprintf(stderr, "labload: %s must be a whole number from %ld to %ld, not '%s'\n", name, low, high,
                argv[index]);
        exit(64);
    }
    return value;
}

int main(int argc, char **argv) {
    if (argc != 13) {
        fprintf(stderr, "usage: labload HOST PORT CLIENTS SENDERS RATE WINDOW WARMUP_MS DURATION_MS DRAIN_MS "
                        "PAYLOAD PER_ADDRESS JOIN_TIMEOUT_MS\n");
        return 64;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *host = argv[1];
    long port = argument(argv, 2, "PORT", 1, 65535);
    client_count = (int) argument(argv, 3, "CLIENTS", 2, 1000000);
    sender_count = (int) argument(argv, 4, "SENDERS", 1, client_count);
    char *rate_end;
    double rate = strtod(argv[5], &rate_end);
    if (*rate_end != '\0' || !(rate == 0 || (rate >= 0.001 && rate <= 1000000))) {
        fprintf(stderr, "labload: RATE must be 0 (closed loop) or a number of messages per second from 0.001 to "
                        "1000000, not '%s'\n", argv[5]);
        return 64;
    }
    int in_flight = (int) argument(argv, 6, "WINDOW", 1, MAX_WINDOW);
    long warmup_ms = argument(argv, 7, "WARMUP_MS", 0, 86400000L);
    long duration_ms = argument(argv, 8, "DURATION_MS", 1, 86400000L);
    long drain_ms = argument(argv, 9, "DRAIN_MS", 0, 86400000L);
    payload_bytes = (int) argument(argv, 10, "PAYLOAD", 1, MAX_PAYLOAD);
    long per_address = argument(argv, 11, "PER_ADDRESS", 1, 1000000);
    long join_timeout_ms = argument(argv, 12, "JOIN_TIMEOUT_MS", 1, 86400000L);
    if (rate == 0) {
        window = in_flight;
        interval_ns = 1; /* unused */
    } else {
        interval_ns = (long) (1e9 / rate + 0.5);
    }

    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST };
    struct addrinfo *target;
    if (getaddrinfo(host, argv[2], &hints, &target) != 0) fail("HOST must be an IP address, not '%s'", host);
    int spread = target->ai_family == AF_INET
                 && (ntohl(((struct sockaddr_in *) target->ai_addr)->sin_addr.s_addr) >> 24) == 127;

    clients = calloc(client_count, sizeof *clients);
    next_seq = calloc((size_t) client_count * sender_count, sizeof *next_seq);
    write_times = calloc((size_t) sender_count * WRITE_RING, sizeof *write_times);
    sent_per_sender = calloc(sender_count, sizeof *sent_per_sender);
    remaining = calloc((size_t) sender_count * WRITE_RING, sizeof *remaining);
    next_to_send = calloc(sender_count, sizeof *next_to_send);
    if (!clients || !next_seq || !write_times || !sent_per_sender || !remaining || !next_to_send)
        fail("out of memory");
    histogram_init(&latency);
    histogram_init(&after_write);
    histogram_init(&lateness);
    epoll_fd = epoll_create1(0);
    if (epoll_fd < 0) fail("epoll_create1: %s", strerror(errno));

    long first_connect = now_ns();
    for (int i = 0; i < client_count; i++) {
        int fd = socket(target->ai_family, SOCK_STREAM, 0), one = 1;
        if (fd < 0) fail("client c%d: socket: %s (raise the open-files limit for many clients)", i, strerror(errno));
        if (spread) {
            struct sockaddr_in source = { .sin_family = AF_INET };
            source_address(i / per_address, &source.sin_addr);
            if (bind(fd, (struct sockaddr *) &source, sizeof source) != 0)
                fail("client c%d: bind to %s: %s", i, inet_ntoa(source.sin_addr), strerror(errno));
        }
        if (connect(fd, target->ai_addr, target->ai_addrlen) != 0)
            fail("client c%d: connect to %s port %ld: %s", i, host, port, strerror(errno));
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char name[32];
        int length = snprintf(name, sizeof name, "c%d", i);
        send_all(fd, name, length, i);
        if (ioctl(fd, FIONBIO, &one) != 0) fail("client c%d: non-blocking: %s", i, strerror(errno));
        clients[i].fd = fd;
        clients[i].last_colon = 0;
        struct epoll_event event = { .events = EPOLLIN, .data.u32 = (uint32_t) i };
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) fail("epoll_ctl: %s", strerror(errno));
        read_ready(0); /* keep the user maps moving while the others connect */
    }
    freeaddrinfo(target);
    long join_deadline = first_connect + join_timeout_ms * 1000000L;
    for (;;) {
        int full = 0;
        for (int i = 0; i < client_count; i++) full += clients[i].last_map == client_count;
        if (full == client_count) break;
        if (now_ns() > join_deadline)
            fail("only %d of %d clients had the full user list after %ld ms", full, client_count, join_timeout_ms);
        read_ready(20);
    }
    printf("registered %.1f\n", (now_ns() - first_connect) / 1e6);

    start_ns = now_ns() + 20000000L;
    measure_ns = start_ns + warmup_ms * 1000000L;
    end_ns = measure_ns + duration_ms * 1000000L;
    pthread_t sender_thread;
    if (window == 0) {
        last_seq = (end_ns - start_ns) / interval_ns + 1;
        if (pthread_create(&sender_thread, NULL, send_on_schedule, NULL) != 0) fail("cannot start the sender thread");
    } else {
        sleep_until(start_ns);
        for (int s = 0; s < sender_count; s++)
            for (int w = 0; w < window; w++) send_next(s, now_ns());
    }
    long next_progress = now_ns() + 1000000000L, delivered_before = 0;
    int edges = 0; /* closed loop: the measured window's edges announced so far */
    while (now_ns() < end_ns) {
        if (window > 0) {
            long now = now_ns(), edge = edges == 0 ? measure_ns : end_ns;
            if (now >= edge) {
                printf(edges++ == 0 ? "measuring\n" : "measured\n");
                continue;
            }
            read_ready((int) ((edge - now + 999999) / 1000000 < 10 ? (edge - now + 999999) / 1000000 : 10));
        } else {
            read_ready(10);
        }
        if (now_ns() >= next_progress) {
            printf("progress %s %ld %ld\n", now_ns() < measure_ns ? "warm-up" : "measuring",
                   delivered - delivered_before,
                   __atomic_load_n(&sent_total, __ATOMIC_RELAXED) * (client_count - 1) - delivered);
            delivered_before = delivered;
            next_progress += 1000000000L;
        }
    }
    if (window == 0) {
        pthread_join(sender_thread, NULL);
    } else {
        if (edges == 0) printf("measuring\n");
        if (edges < 2) printf("measured\n");
    }
    long drain_deadline = now_ns() + drain_ms * 1000000L;
    while (outstanding() > 0 && now_ns() < drain_deadline) read_ready(10);

    long sent = 0, measured_messages = 0;
    for (int s = 0; s < sender_count; s++) sent += sent_per_sender[s];
    for (long k = 0; window == 0; k++) {
        long scheduled = due(k % sender_count, k / sender_count);
        if (scheduled >= end_ns) break;
        if (scheduled >= measure_ns) measured_messages++;
    }
    if (window > 0) measured_messages = measured_written;
    long owed = outstanding();
    printf("result sent %ld\n", sent);
    printf("result measured_messages %ld\n", measured_messages);
    printf("result measured_deliveries %ld\n", measured_deliveries);
    printf("result delivered %ld\n", delivered);
    printf("result lost %ld\n", owed + gaps);
    printf("result duplicated %ld\n", duplicated);
    printf("result merged %ld\n", merged);
    printf("result shared_read %ld\n", shared_read);
    printf("result split %ld\n", split_reads);
    printf("result foreign %ld\n", foreign);
    printf("result presence_bytes %ld\n", presence_bytes);
    print_histogram("latency", &latency);
    print_histogram("after_write", &after_write);
    print_histogram("lateness", &lateness);
    printf("done\n");
    return 0;
}

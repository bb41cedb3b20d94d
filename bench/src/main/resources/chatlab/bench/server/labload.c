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
 * Joining (connects and full user lists) may take JOIN_TIMEOUT_MS in all. A server that stops reading a sender does
 * not hang the run: in the open loop that sender's writes wait at most until the drain period ends, and what it
 * could not write is reported as unsent; in the closed loop what the socket does not take waits in a backlog while
 * the reads go on. A user map counts the keys "c0".."c<CLIENTS-1>" (other users and IPv6 addresses are fine).
 *
 * Output on stdout, one fact per line, for the bench to read: "registered MS" once every list is full,
 * "measuring" and "measured" at the edges of the measured window, by the clock (the bench samples the server's CPU
 * there), "progress PHASE DELIVERED_LAST_SECOND OUTSTANDING" once a second, then "result NAME VALUE" lines and
 * "hist NAME MICROSECONDS COUNT" lines (histograms: latency, after-write, lateness), then "done". A failure is one
 * "error TEXT" line and exit status 2; bad arguments exit with 64.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
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
#define KEY_LIMIT 15           /* longest user-map key we look at: "c" and up to 14 digits */
#define READS_PER_WAKE 16      /* recv calls per ready client before the others get their turn */

struct histogram {
    uint32_t *fine;
    uint32_t *coarse;
    long count;
};

struct client {
    int fd;
    /* user maps: '!' then a JSON object; we count its keys that are our clients' names */
    int in_map;
    int in_string;
    int escaped;
    int expect_key;    /* the next string in the map is a key (after '{' or ',') */
    int string_is_key;
    int key_length;    /* KEY_LIMIT + 1 once too long to be ours */
    char key[KEY_LIMIT + 1];
    int map_entries;   /* our names in the map being read */
    int last_map;      /* our names in the last complete map */
    /* relays: "NAME: ~S.N~xxx " */
    int in_marker;     /* 0 outside "~S.N~", 1 reading S, 2 reading N */
    int marker_split;  /* the marker began in an earlier read */
    int prefix_seen;   /* a relay's "NAME: " came since the last marker */
    int last_colon;
    long sender, seq;
};

/* Closed loop: bytes a sender could not write yet (the server is not reading it), sent when it is writable. */
struct backlog {
    char *data;
    size_t start, end, capacity;
};

static struct client *clients;
static int client_count, sender_count, payload_bytes;
static long interval_ns, start_ns, measure_ns, end_ns, give_up_ns;
static int window;                /* closed loop: messages in flight per sender; 0 in the open loop */
static int *remaining;            /* closed loop: [sender * WRITE_RING + seq % WRITE_RING] receivers still owed it */
static struct backlog *backlogs;  /* closed loop: per sender */
static long measured_written;     /* closed loop: messages written within the measured window */
static long *written;             /* atomic, per sender: messages written (the next sequence number) */
static long *next_seq;            /* [receiver * senders + sender]: the sequence number expected next */
static long *write_times;         /* atomic: [sender * WRITE_RING + seq % WRITE_RING] */
static long unsent;               /* messages not written: their sender's server stopped reading it */
static int sender_done;           /* atomic: the open loop's sender thread has finished */
static struct histogram latency, after_write, lateness;
static long delivered, measured_deliveries, gaps, duplicated, merged, shared_read, split_reads, foreign, presence_bytes;
static int epoll_fd;
static int failing;               /* atomic: the first failure is the one reported */

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* One "error" line, from whichever thread fails first; the other waits for the exit. */
static void fail(const char *format, ...) {
    if (__atomic_exchange_n(&failing, 1, __ATOMIC_ACQ_REL)) {
        for (;;) pause();
    }
    char text[512];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    printf("error %s\n", text);
    fflush(stdout);
    _exit(2);
}

static long due(long sender, long n) {
    return start_ns + interval_ns * sender / sender_count + n * interval_ns;
}

static int milliseconds_until(long when, int most) {
    long left = (when - now_ns() + 999999) / 1000000;
    return left < 0 ? 0 : left > most ? most : (int) left;
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

/* "~S.N~" padded with 'x' to the payload size; returns its length. */
static int format_message(char *message, long sender, long seq) {
    int length = snprintf(message, MAX_PAYLOAD + 1, "~%ld.%ld~", sender, seq);
    while (length < payload_bytes) message[length++] = 'x';
    return length;
}

/* Asks epoll to report the sender's socket writable too, or no longer. */
static void watch_writable(int sender, int on) {
    struct epoll_event event = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.u32 = (uint32_t) sender };
    if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, clients[sender].fd, &event) != 0) fail("epoll_ctl: %s", strerror(errno));
}

/* Closed loop: writes what the sender's backlog holds, as far as the socket takes it. */
static void flush_backlog(int sender) {
    struct backlog *b = &backlogs[sender];
    while (b->start < b->end) {
        ssize_t n = send(clients[sender].fd, b->data + b->start, b->end - b->start, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            b->start += (size_t) n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return; /* still watched for writability */
        } else {
            fail("sender c%d: send: %s", sender, n < 0 ? strerror(errno) : "nothing written");
        }
    }
    b->start = b->end = 0;
    watch_writable(sender, 0);
}

/* Closed loop: writes now what the socket takes and keeps the rest for when it is writable; never waits. */
static void write_or_keep(int sender, const char *data, size_t length) {
    struct backlog *b = &backlogs[sender];
    if (b->start == b->end) {
        ssize_t n = send(clients[sender].fd, data, length, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            fail("sender c%d: send: %s", sender, strerror(errno));
        size_t done = n > 0 ? (size_t) n : 0;
        if (done == length) return;
        data += done;
        length -= done;
        watch_writable(sender, 1);
    }
    if (b->end + length > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->end + length) capacity *= 2;
        b->data = realloc(b->data, capacity);
        if (b->data == NULL) fail("out of memory");
        b->capacity = capacity;
    }
    memcpy(b->data + b->end, data, length);
    b->end += length;
}

/* Closed loop: the sender's next message, now (from the reading thread). */
static void send_next(int sender, long now) {
    char message[MAX_PAYLOAD + 1];
    long seq = written[sender];
    int length = format_message(message, sender, seq);
    write_times[sender * WRITE_RING + seq % WRITE_RING] = now;
    remaining[sender * WRITE_RING + seq % WRITE_RING] = client_count - 1;
    written[sender] = seq + 1;
    if (now >= measure_ns && now < end_ns) measured_written++;
    write_or_keep(sender, message, (size_t) length);
}

static void on_message(int receiver, long sender, long seq, long at) {
    if (sender < 0 || sender >= sender_count || sender == receiver
        || seq >= __atomic_load_n(&written[sender], __ATOMIC_ACQUIRE)) {
        foreign++; /* not a message of this run that was written: a server's invention or garbling */
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
    long write_time = __atomic_load_n(&write_times[sender * WRITE_RING + seq % WRITE_RING], __ATOMIC_RELAXED);
    if (window > 0) {
        if (write_time >= measure_ns && write_time < end_ns) {
            measured_deliveries++;
            record(&latency, at - write_time);
        }
        if (--remaining[sender * WRITE_RING + seq % WRITE_RING] == 0 && at < end_ns) send_next((int) sender, at);
        return;
    }
    long scheduled = due(sender, seq);
    if (scheduled < measure_ns || scheduled >= end_ns) return;
    measured_deliveries++;
    record(&latency, at - scheduled);
    record(&after_write, at - write_time);
}

static int is_our_name(const char *key, int length) {
    if (length < 2 || length > KEY_LIMIT || key[0] != 'c' || (key[1] == '0' && length > 2)) return 0;
    long number = 0;
    for (int i = 1; i < length; i++) {
        if (key[i] < '0' || key[i] > '9') return 0;
        number = number * 10 + (key[i] - '0');
    }
    return number < client_count;
}

/* A user map's byte: counts the keys that are our clients' names, whatever the values hold. */
static void scan_map(struct client *c, char ch) {
    presence_bytes++;
    if (c->in_string) {
        if (c->escaped) {
            c->escaped = 0;
            if (c->string_is_key) c->key_length = KEY_LIMIT + 1; /* an escape: not one of our names */
        } else if (ch == '\\') {
            c->escaped = 1;
        } else if (ch == '"') {
            c->in_string = 0;
            if (c->string_is_key && is_our_name(c->key, c->key_length)) c->map_entries++;
        } else if (c->string_is_key && c->key_length < KEY_LIMIT) {
            c->key[c->key_length++] = ch;
        } else if (c->string_is_key) {
            c->key_length = KEY_LIMIT + 1;
        }
    } else if (ch == '"') {
        c->in_string = 1;
        c->string_is_key = c->expect_key;
        c->expect_key = 0;
        c->key_length = 0;
    } else if (ch == ',') {
        c->expect_key = 1;
    } else if (ch == '}') {
        c->in_map = 0;
        c->last_map = c->map_entries;
    }
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
            scan_map(c, ch);
        } else if (ch == '{') {
            presence_bytes += 2; /* "!{" */
            c->in_map = 1;
            c->in_string = 0;
            c->escaped = 0;
            c->expect_key = 1;
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
        if (events[i].events & EPOLLOUT) flush_backlog(receiver);
        if (!(events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
        /* a few reads each, then the next client: epoll is level-triggered and reports the rest again */
        for (int reads = 0; reads < READS_PER_WAKE; reads++) {
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

/* Writes all of it, waiting for the socket as long as the deadline allows; 0 if the deadline came first. */
static int write_by(int fd, const char *data, size_t length, long deadline, const char *who, long number) {
    while (length > 0) {
        ssize_t n = send(fd, data, length, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            data += n;
            length -= (size_t) n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (now_ns() >= deadline) return 0;
            struct pollfd wait = { .fd = fd, .events = POLLOUT };
            poll(&wait, 1, milliseconds_until(deadline, 100));
        } else {
            fail("%s c%ld: send: %s", who, number, n < 0 ? strerror(errno) : "nothing written");
        }
    }
    return 1;
}

/* Open loop: writes every scheduled message in due order, across the senders, until the end of the window. */
static void *send_on_schedule(void *unused) {
    (void) unused;
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0); /* the default 50 us of slack would make every send that late */
    char message[MAX_PAYLOAD + 1];
    long *last_write = calloc(sender_count, sizeof *last_write);
    char *stalled = calloc(sender_count, 1); /* its server stopped reading it past the drain period */
    if (last_write == NULL || stalled == NULL) fail("out of memory");
    for (long k = 0;; k++) {
        long sender = k % sender_count, seq = k / sender_count, scheduled = due(sender, seq);
        if (scheduled >= end_ns) break;
        long at = scheduled;
        if (last_write[sender] != 0 && at < last_write[sender] + LAB_CATCH_UP_GAP_NS)
            at = last_write[sender] + LAB_CATCH_UP_GAP_NS;
        if (stalled[sender] || at >= give_up_ns) {
            unsent++; /* read after the join */
            continue;
        }
        sleep_until(at);
        int length = format_message(message, sender, seq);
        long write_time = now_ns();
        /* both stored before the send, so the reader, which learns of the message through the kernel, finds them */
        __atomic_store_n(&write_times[sender * WRITE_RING + seq % WRITE_RING], write_time, __ATOMIC_RELAXED);
        __atomic_store_n(&written[sender], seq + 1, __ATOMIC_RELEASE);
        if (!write_by(clients[sender].fd, message, (size_t) length, give_up_ns, "sender", sender))
            stalled[sender] = 1; /* this message went out in part or not at all: the receivers count it lost */
        last_write[sender] = write_time;
        if (scheduled >= measure_ns) record(&lateness, write_time - scheduled);
    }
    free(last_write);
    free(stalled);
    __atomic_store_n(&sender_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* Deliveries owed for what was written. */
static long outstanding(void) {
    long owed = 0;
    for (int s = 0; s < sender_count; s++) {
        long sent = __atomic_load_n(&written[s], __ATOMIC_ACQUIRE);
        for (int r = 0; r < client_count; r++)
            if (r != s) owed += sent - next_seq[(long) r * sender_count + s];
    }
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

/* Connects a non-blocking socket, waiting at most until the deadline; 0 or the error. */
static int connect_by(int fd, const struct sockaddr *to, socklen_t length, long deadline) {
    if (connect(fd, to, length) == 0) return 0;
    if (errno != EINPROGRESS) return errno;
    for (;;) {
        if (now_ns() >= deadline) return ETIMEDOUT;
        struct pollfd wait = { .fd = fd, .events = POLLOUT };
        int ready = poll(&wait, 1, milliseconds_until(deadline, 100));
        if (ready > 0) break;
        if (ready < 0 && errno != EINTR) return errno;
    }
    int error = 0;
    socklen_t size = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) return errno;
    return error;
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
    written = calloc(sender_count, sizeof *written);
    remaining = calloc((size_t) sender_count * WRITE_RING, sizeof *remaining);
    backlogs = calloc(sender_count, sizeof *backlogs);
    if (!clients || !next_seq || !write_times || !written || !remaining || !backlogs) fail("out of memory");
    histogram_init(&latency);
    histogram_init(&after_write);
    histogram_init(&lateness);
    epoll_fd = epoll_create1(0);
    if (epoll_fd < 0) fail("epoll_create1: %s", strerror(errno));

    long first_connect = now_ns();
    long join_deadline = first_connect + join_timeout_ms * 1000000L;
    for (int i = 0; i < client_count; i++) {
        int fd = socket(target->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
        if (fd < 0) fail("client c%d: socket: %s (raise the open-files limit for many clients)", i, strerror(errno));
        if (spread) {
            struct sockaddr_in source = { .sin_family = AF_INET };
            source_address(i / per_address, &source.sin_addr);
            if (bind(fd, (struct sockaddr *) &source, sizeof source) != 0)
                fail("client c%d: bind to %s: %s", i, inet_ntoa(source.sin_addr), strerror(errno));
        }
        int error = connect_by(fd, target->ai_addr, target->ai_addrlen, join_deadline);
        if (error == ETIMEDOUT)
            fail("client c%d: connect to %s port %ld: not accepted within the join timeout (%ld ms)", i, host, port,
                 join_timeout_ms);
        if (error != 0) fail("client c%d: connect to %s port %ld: %s", i, host, port, strerror(error));
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char name[32];
        int length = snprintf(name, sizeof name, "c%d", i);
        if (!write_by(fd, name, (size_t) length, join_deadline, "client", i))
            fail("client c%d: the server did not take its name within the join timeout (%ld ms)", i, join_timeout_ms);
        clients[i].fd = fd;
        struct epoll_event event = { .events = EPOLLIN, .data.u32 = (uint32_t) i };
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) fail("epoll_ctl: %s", strerror(errno));
        read_ready(0); /* keep the user maps moving while the others connect */
    }
    freeaddrinfo(target);
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
    give_up_ns = end_ns + drain_ms * 1000000L;
    pthread_t sender_thread;
    if (window == 0) {
        if (pthread_create(&sender_thread, NULL, send_on_schedule, NULL) != 0) fail("cannot start the sender thread");
    } else {
        sleep_until(start_ns);
        for (int s = 0; s < sender_count; s++)
            for (int w = 0; w < window; w++) send_next(s, now_ns());
    }
    /* Read until the window has ended and every message is written; announce the window's edges on time. */
    long next_progress = now_ns() + 1000000000L, delivered_before = 0;
    int edges = 0;
    for (;;) {
        long now = now_ns();
        if (edges == 0 && now >= measure_ns) {
            printf("measuring\n");
            edges = 1;
        }
        if (edges == 1 && now >= end_ns) {
            printf("measured\n");
            edges = 2;
        }
        if (edges == 2 && (window > 0 || __atomic_load_n(&sender_done, __ATOMIC_ACQUIRE))) break;
        if (now >= next_progress) {
            long sent = 0;
            for (int s = 0; s < sender_count; s++) sent += __atomic_load_n(&written[s], __ATOMIC_ACQUIRE);
            printf("progress %s %ld %ld\n", edges == 0 ? "warm-up" : edges == 1 ? "measuring" : "finishing",
                   delivered - delivered_before, sent * (client_count - 1) - delivered);
            delivered_before = delivered;
            next_progress += 1000000000L;
        }
        read_ready(milliseconds_until(edges == 0 ? measure_ns : edges == 1 ? end_ns : now + 10000000L, 10));
    }
    if (window == 0) pthread_join(sender_thread, NULL);
    long drain_deadline = now_ns() + drain_ms * 1000000L;
    while (outstanding() > 0 && now_ns() < drain_deadline) read_ready(10);

    long sent = 0, measured_messages = 0;
    for (int s = 0; s < sender_count; s++) sent += written[s];
    if (window > 0) {
        measured_messages = measured_written;
    } else {
        for (long k = 0;; k++) {
            long scheduled = due(k % sender_count, k / sender_count);
            if (scheduled >= end_ns) break;
            if (scheduled >= measure_ns) measured_messages++;
        }
    }
    long owed = outstanding();
    printf("result sent %ld\n", sent);
    printf("result unsent %ld\n", unsent);
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

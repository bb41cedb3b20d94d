/*
 * labrelay: the lab's chat server (chatserver.py) written the plain C way, as a reference for `chatlab bench`.
 *
 * It does chatserver.py's work on the lab wire: a client's first recv(1024) is its name (the empty one too); every
 * join and leave sends everyone the whole user map, '!' followed by json.dumps({name: ip, ...}) in join order;
 * every later recv(1024) is checked as UTF-8 (Python decodes it) and relayed to every other client as
 * "NAME: TEXT ", one send per message per recipient; bytes that are not UTF-8 drop the sender, as there.
 *
 * It differs where any C chat server would: one thread on epoll instead of a thread per client, so accepting does
 * not wait for a newcomer's name, with a listen backlog of 4096 instead of 5 (join storms see no refused
 * connections); TCP_NODELAY unless started with "nagle", so a relay leaves at once instead of waiting for the
 * previous one's acknowledgement; clients that failed a send are announced gone in one map. Smaller: a name taken
 * twice is listed twice (Python's dict keeps one entry). What it deliberately lacks is everything chatlab adds:
 * no gathering of a recipient's messages into one send, no limits, no defence against a client that stops reading
 * (sends block, as the lab's do). So it shows what a straightforward C server costs on the machine: the baseline
 * for deliveries per CPU-second and the floor under any server's latency.
 *
 * Usage: labrelay ADDRESS PORT [nagle]     prints "listening on ADDRESS:PORT" once it accepts connections.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define RECV_BUFFER 1024 /* chatserver.py's recv size: a longer message arrives in pieces, relayed as pieces */
#define MAX_FDS 65536
#define MAX_EVENTS 256

struct client {
    int open;
    int named;
    int failing; /* a send to it failed: listed in failed[] once, closed after the broadcast */
    size_t name_len;
    char name[RECV_BUFFER];
    char ip[INET6_ADDRSTRLEN];
};

static struct client clients[MAX_FDS];
static int members[MAX_FDS]; /* descriptors of named clients, in join order (a Python dict's order) */
static int member_count;
static int failed[MAX_FDS];  /* clients whose send failed during a broadcast, each once, closed after it */
static int failed_count;
static int epoll_fd;
static int listener_fd;
static int accepting = 1;    /* 0 while out of descriptors: the listener is out of epoll until a client leaves */

static char *map_buffer;
static size_t map_capacity;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void ensure_map_capacity(size_t needed) {
    if (needed <= map_capacity) {
        return;
    }
    size_t capacity = map_capacity ? map_capacity : 4096;
    while (capacity < needed) {
        capacity *= 2;
    }
    char *grown = realloc(map_buffer, capacity);
    if (grown == NULL) {
        die("realloc");
    }
    map_buffer = grown;
    map_capacity = capacity;
}

/* Decodes one UTF-8 code point at text[*at]; -1 if the bytes are not valid UTF-8 (Python's decode would fail). */
static long next_code_point(const unsigned char *text, size_t length, size_t *at) {
    unsigned char lead = text[*at];
    int extra;
    long point;
    if (lead < 0x80) {
        *at += 1;
        return lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        extra = 1;
        point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        extra = 2;
        point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        extra = 3;
        point = lead & 0x07;
    } else {
        return -1;
    }
    if (*at + extra >= length) {
        return -1;
    }
    for (int i = 1; i <= extra; i++) {
        unsigned char next = text[*at + i];
        if ((next & 0xC0) != 0x80) {
            return -1;
        }
        point = (point << 6) | (next & 0x3F);
    }
    if ((extra == 2 && (point < 0x800 || (point >= 0xD800 && point <= 0xDFFF))) || (extra == 3 && (point < 0x10000
            || point > 0x10FFFF))) {
        return -1;
    }
    *at += extra + 1;
    return point;
}

/* Appends text as a JSON string the way Python's json.dumps writes it (ensure_ascii: \uXXXX beyond ASCII). */
static size_t append_json_string(size_t at, const char *text, size_t length) {
    ensure_map_capacity(at + length * 12 + 3);
    map_buffer[at++] = '"';
    size_t i = 0;
    while (i < length) {
        long point = next_code_point((const unsigned char *) text, length, &i);
        switch (point) {
            case '"': at += sprintf(map_buffer + at, "\\\""); break;
            case '\\': at += sprintf(map_buffer + at, "\\\\"); break;
            case '\n': at += sprintf(map_buffer + at, "\\n"); break;
            case '\r': at += sprintf(map_buffer + at, "\\r"); break;
            case '\t': at += sprintf(map_buffer + at, "\\t"); break;
            case '\b': at += sprintf(map_buffer + at, "\\b"); break;
            case '\f': at += sprintf(map_buffer + at, "\\f"); break;
            default:
                if (point < 0x20 || (point >= 0x7F && point <= 0xFFFF)) {
                    at += sprintf(map_buffer + at, "\\u%04lx", point);
                } else if (point > 0xFFFF) {
                    long v = point - 0x10000;
                    at += sprintf(map_buffer + at, "\\u%04lx\\u%04lx", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
                } else {
                    map_buffer[at++] = (char) point;
                }
        }
    }
    map_buffer[at++] = '"';
    return at;
}

static int valid_utf8(const char *text, size_t length) {
    size_t i = 0;
    while (i < length) {
        if (next_code_point((const unsigned char *) text, length, &i) < 0) {
            return 0;
        }
    }
    return 1;
}

static void close_client(int fd) {
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    clients[fd].open = 0;
    clients[fd].failing = 0;
    if (!accepting) {
        struct epoll_event event = {.events = EPOLLIN, .data.fd = listener_fd};
        accepting = epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener_fd, &event) == 0;
    }
    if (clients[fd].named) {
        clients[fd].named = 0;
        for (int i = 0; i < member_count; i++) {
            if (members[i] == fd) {
                memmove(&members[i], &members[i + 1], (size_t) (member_count - i - 1) * sizeof(int));
                member_count--;
                break;
            }
        }
    }
}

/* Sends the whole buffer on a blocking socket, as Python's send does for a few kilobytes; 0 on failure. */
static int send_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t sent = send(fd, data, length, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 0;
        }
        data += sent;
        length -= (size_t) sent;
    }
    return 1;
}

static void send_to_members(int except, const char *data, size_t length) {
    for (int i = 0; i < member_count; i++) {
        int fd = members[i];
        if (fd != except && !clients[fd].failing && !send_all(fd, data, length)) {
            clients[fd].failing = 1;
            failed[failed_count++] = fd;
        }
    }
}

static void broadcast_active_users(void) {
    size_t at = 0;
    ensure_map_capacity(2);
    map_buffer[at++] = '!';
    map_buffer[at++] = '{';
    for (int i = 0; i < member_count; i++) {
        struct client *c = &clients[members[i]];
        if (i > 0) {
            ensure_map_capacity(at + 2);
            map_buffer[at++] = ',';
            map_buffer[at++] = ' ';
        }
        at = append_json_string(at, c->name, c->name_len);
        ensure_map_capacity(at + 2);
        map_buffer[at++] = ':';
        map_buffer[at++] = ' ';
        at = append_json_string(at, c->ip, strlen(c->ip));
    }
    ensure_map_capacity(at + 1);
    map_buffer[at++] = '}';
    send_to_members(-1, map_buffer, at);
}

/* Closes the clients a broadcast failed to reach, then announces them in one map, which may fail others in turn. */
static void close_failed(void) {
    while (failed_count > 0) {
        while (failed_count > 0) {
            close_client(failed[--failed_count]);
        }
        broadcast_active_users();
    }
}

static void accept_client(int listener, int nagle) {
    struct sockaddr_storage address;
    socklen_t address_length = sizeof(address);
    int fd = accept(listener, (struct sockaddr *) &address, &address_length);
    if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE) {
            /* The pending connection stays readable: stop watching the listener until a client leaves. */
            fprintf(stderr, "out of file descriptors: not accepting until a client leaves\n");
            epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listener, NULL);
            accepting = 0;
        }
        return;
    }
    if (fd >= MAX_FDS) {
        close(fd);
        return;
    }
    if (!nagle) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    struct client *c = &clients[fd];
    memset(c, 0, sizeof(*c));
    c->open = 1;
    if (address.ss_family == AF_INET) {
        inet_ntop(AF_INET, &((struct sockaddr_in *) &address)->sin_addr, c->ip, sizeof(c->ip));
    } else {
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *) &address)->sin6_addr, c->ip, sizeof(c->ip));
    }
    struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) < 0) {
        close(fd);
        c->open = 0;
    }
}

static void read_client(int fd) {
    static char data[RECV_BUFFER];
    static char relay[RECV_BUFFER + RECV_BUFFER + 3];
    struct client *c = &clients[fd];
    /* Never blocks: an event of this batch may belong to a client closed meanwhile whose number was reused. */
    ssize_t got = recv(fd, data, sizeof(data), MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return;
    }
    if (!c->named) {
        if (got < 0 || !valid_utf8(data, (size_t) got)) {
            close_client(fd); /* chatserver.py's recv or decode fails: it closes the socket, announcing nothing */
            return;
        }
        /* chatserver.py takes any first recv as the name, even the empty one of a client that left at once. */
        /* A name already taken gets a second entry (chatserver.py's dict would keep one); the bench's are unique. */
        memcpy(c->name, data, (size_t) got);
        c->name_len = (size_t) got;
        c->named = 1;
        members[member_count++] = fd;
        broadcast_active_users();
        if (got == 0) {
            close_client(fd);
            broadcast_active_users();
        }
    } else if (got <= 0 || !valid_utf8(data, (size_t) got)) {
        /* a closed or broken connection, or bytes chatserver.py cannot decode: it drops the sender and tells all */
        close_client(fd);
        broadcast_active_users();
    } else {
        size_t length = 0;
        memcpy(relay, c->name, c->name_len);
        length += c->name_len;
        relay[length++] = ':';
        relay[length++] = ' ';
        memcpy(relay + length, data, (size_t) got);
        length += (size_t) got;
        relay[length++] = ' ';
        send_to_members(fd, relay, length);
    }
    close_failed();
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s ADDRESS PORT [nagle]\n", argv[0]);
        return 2;
    }
    int nagle = argc > 3 && strcmp(argv[3], "nagle") == 0;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &address.sin_addr) != 1) {
        fprintf(stderr, "not an IPv4 address: %s\n", argv[1]);
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    listener_fd = listener;
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(listener, (struct sockaddr *) &address, sizeof(address)) < 0) {
        die("bind");
    }
    if (listen(listener, 4096) < 0) {
        die("listen");
    }
    epoll_fd = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &event);
    printf("listening on %s:%s\n", argv[1], argv[2]);
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int ready = epoll_wait(epoll_fd, events, MAX_EVENTS, -1);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("epoll_wait");
        }
        for (int i = 0; i < ready; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                accept_client(listener, nagle);
            } else if (clients[fd].open) {
                read_client(fd);
            }
        }
    }
}

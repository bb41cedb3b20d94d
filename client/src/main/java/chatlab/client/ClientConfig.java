package chatlab.client;

import chatlab.client.tls.TlsSettings;
import chatlab.protocol.lab.LabFormat;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run a client.
 *
 * @param server      DNS name or address of the chat server
 * @param port        the server's TCP port
 * @param bindAddress local address for the TCP connection and the UDP socket; empty for the system's choice
 * @param udpPort     local UDP port for direct messages, and the port peers are sent to (the lab uses one port)
 * @param minSendGap  least time between two chatroom messages: the lab wire has no framing, so a lab server
 *                    reading with {@code recv()} would glue messages sent back to back into one
 * @param reconnect   v2: how to wait between attempts to reach the server again after losing it
 * @param dmRetry     v2: how to wait for a peer's acknowledgement of a direct message before sending it again;
 *                    after the last attempt the message goes through the server
 * @param tls         v2: TLS and how the server's certificate is checked; empty for plain TCP
 * @param silentServer v2: how long without a byte from the server before it counts as gone (it pings every 30 s)
 * @param connectTimeout how long one address of the server gets to accept the connection before the next one (the
 *                    name's other addresses, IPv4 then IPv6) is tried
 * @param drainTimeout v2: at the end of input, how long the client keeps trying (reconnecting if need be) to have
 *                    everything it read acknowledged before it gives up, counts what is left and exits non-zero
 * @param replyWait   lab wire: before the server accepted the name, how long a line sent to it (the name, a
 *                    password) waits for the server's answer before the next line is read, so a prompt is shown
 *                    (and a password hidden) before the user answers it; v2: how long the line after a
 *                    {@code /join} waits for the server's answer, so it goes to the room joined
 * @param rooms       v2 with rooms: the rooms to be in from the start, talking in the first; empty for the server's
 *                    default room
 */
public record ClientConfig(
        String server, int port, Optional<InetAddress> bindAddress, int udpPort, Duration minSendGap,
        Backoff reconnect, Backoff dmRetry, Optional<TlsSettings> tls, Duration silentServer,
        Duration connectTimeout, Duration drainTimeout, Duration replyWait, List<String> rooms) {
    public ClientConfig {
        rooms = List.copyOf(rooms);
    }

    public static final Duration DEFAULT_MIN_SEND_GAP = Duration.ofMillis(50);
    /** Largest partial user map the client holds while waiting for the rest of it. */
    public static final int MAX_PENDING_MAP_BYTES = 1024 * 1024;
    /** 0.5 s, 1 s, 2 s ... up to 30 s between attempts; 40 attempts is about 15 minutes. */
    public static final Backoff DEFAULT_RECONNECT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 40);
    /** 4 tries, waiting 0.25, 0.5, 1 and 2 s (about 4 s in all) before falling back to the server. */
    public static final Backoff DEFAULT_DM_RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2), 4);
    /** v2: messages kept while unacknowledged or while the server is away; beyond it new ones are refused. */
    public static final int MAX_OUTBOX_MESSAGES = 1000;
    /**
     * v2: how long a message the server's log could not store (a full disk) waits before it is sent again: a second
     * keeps a full disk from being asked many times a second, and a freed one is used at once.
     */
    public static final Duration NOT_STORED_RETRY = Duration.ofSeconds(1);
    /** Three of the server's 30 s ping intervals. */
    public static final Duration DEFAULT_SILENT_SERVER = Duration.ofSeconds(90);
    /**
     * An address that has not answered in 5 s is likely unreachable (a missing route, a filtered port): the name's
     * next address is tried. TCP itself resends a lost SYN after 1, 2 and 4 s, so over a very lossy path a longer
     * wait keeps the client on the first address (and address family) it tried.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A sane ceiling (the kernel itself gives up on an unanswered SYN after about two minutes). */
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);
    /**
     * A minute covers a server restart (the reconnect backoff reaches 16 s by then, so five or six tries) without
     * leaving a script hanging for long when the server is gone for good.
     */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(60);
    /** A lab server answers a name or a password at once; a password check may take a second or two. */
    public static final Duration DEFAULT_REPLY_WAIT = Duration.ofSeconds(5);
    /**
     * Lab wire: one read of the server's stream is one message, as the server reads its clients. The lab's own client
     * reads 1024 bytes; this is more, never less, and fixed (an adaptive buffer shrinks after small reads and would
     * cut the next long relay in two).
     */
    public static final int LAB_READ_BYTES = 64 * 1024;
    /**
     * Lab wire: a read that ends in '!' may be a user map cut after its first byte; when no '{' has come after this
     * pause, the '!' was the end of the text. The server's rule for a line sent without its newline.
     */
    public static final Duration LAB_PARTIAL_READ_PAUSE = Duration.ofMillis(200);

    public static ClientConfig of(String server) {
        return new ClientConfig(server, LabFormat.DEFAULT_PORT, Optional.empty(), LabFormat.DEFAULT_PORT,
                DEFAULT_MIN_SEND_GAP, DEFAULT_RECONNECT, DEFAULT_DM_RETRY, Optional.empty(), DEFAULT_SILENT_SERVER,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_DRAIN_TIMEOUT, DEFAULT_REPLY_WAIT, List.of());
    }

    public ClientConfig withPort(int value) {
        return new ClientConfig(server, value, bindAddress, udpPort, minSendGap, reconnect, dmRetry, tls,
                silentServer, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withBindAddress(Optional<InetAddress> value) {
        return new ClientConfig(server, port, value, udpPort, minSendGap, reconnect, dmRetry, tls,
                silentServer, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withUdpPort(int value) {
        return new ClientConfig(server, port, bindAddress, value, minSendGap, reconnect, dmRetry, tls,
                silentServer, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withSilentServer(Duration value) {
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, reconnect, dmRetry, tls,
                value, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withTls(Optional<TlsSettings> value) {
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, reconnect, dmRetry, value,
                silentServer, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withReconnect(Backoff value) {
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, value, dmRetry, tls,
                silentServer, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withDmRetry(Backoff value) {
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, reconnect, value, tls,
                silentServer, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withMinSendGap(Duration value) {
        return new ClientConfig(server, port, bindAddress, udpPort, value, reconnect, dmRetry, tls,
                silentServer, connectTimeout, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withConnectTimeout(Duration value) {
        if (value.isNegative() || value.isZero() || value.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the connect timeout must be above 0 and at most "
                    + MAX_CONNECT_TIMEOUT.toMinutes() + " minutes, got " + value.toMillis() + " ms");
        }
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, reconnect, dmRetry, tls, silentServer,
                value, drainTimeout, replyWait, rooms);
    }

    public ClientConfig withDrainTimeout(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("the drain timeout may not be negative, got " + value.toMillis() + " ms");
        }
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, reconnect, dmRetry, tls, silentServer,
                connectTimeout, value, replyWait, rooms);
    }

    public ClientConfig withReplyWait(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("the reply wait may not be negative, got " + value.toMillis() + " ms");
        }
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, reconnect, dmRetry, tls, silentServer,
                connectTimeout, drainTimeout, value, rooms);
    }

    public ClientConfig withRooms(List<String> value) {
        return new ClientConfig(server, port, bindAddress, udpPort, minSendGap, reconnect, dmRetry, tls, silentServer,
                connectTimeout, drainTimeout, replyWait, value);
    }
}

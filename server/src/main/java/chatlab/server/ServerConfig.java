package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import chatlab.server.web.WebConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a server.
 *
 * @param bindAddresses       addresses to listen on; empty means every IPv6 and IPv4 address
 * @param port                TCP port (0 picks a free one, for tests)
 * @param limits              the limits every connection is held to
 * @param presenceBatchWindow user-list changes go out once the room has been quiet this long
 * @param presenceMaxDelay    ... but never later than this after the first change (a long join storm)
 * @param security            logins and TLS
 * @param ioThreads           event-loop threads for the network; the room runs on the first of them
 * @param transport           which kernel interface the event loops use
 * @param writeCoalescing     under load, the least time between two flushes to the same recipients
 * @param presenceBytesPerSecond presence traffic the server allows itself: an announcement waits until this budget
 *                            has paid for the last one, so huge rooms cannot make user lists cost N cubed
 * @param connectionLimits    per-address limits, the new-address reserve, TCP keepalive and the TLS handshake timeout
 * @param labUdpPort          the UDP port announced for lab users: where lab clients take direct messages
 * @param rooms               the default room and the limits on rooms
 * @param web                 the web client on the same port (docs/WEB.md)
 * @param history             the message log: history on joining, paging, search, replay across restarts
 */
public record ServerConfig(List<InetAddress> bindAddresses, int port, Limits limits, Duration presenceBatchWindow,
        Duration presenceMaxDelay, ServerSecurity security, int ioThreads, Transport transport,
        Duration writeCoalescing, long presenceBytesPerSecond, ConnectionLimits connectionLimits,
        int labUdpPort, RoomConfig rooms, WebConfig web, HistorySettings history) {
    /** Joins and leaves within this window cost one user-map update per client, not one each. */
    public static final Duration DEFAULT_PRESENCE_BATCH_WINDOW = Duration.ofMillis(20);

    /**
     * A storm of joins is announced at the latest this long after it began: a storm shorter than this costs each lab
     * client one full user map; a longer one costs one map per this delay.
     */
    public static final Duration DEFAULT_PRESENCE_MAX_DELAY = Duration.ofMillis(500);

    /**
     * One thread does everything by default: the room and every connection share it, so a relay is written to each
     * recipient's socket without a hand-off between threads (see docs/CONCURRENCY.md). More threads only pay off
     * when TLS handshakes dominate.
     */
    public static final int DEFAULT_IO_THREADS = 1;

    /**
     * Flushes under load are at least this far apart, so a busy room sends several messages per system call; a
     * message after a quiet spell goes out at the end of its turn, undelayed. 100 us roughly halved the server's CPU
     * per delivery in a busy room; 250 us gathers the senders' next messages more fully on a loaded machine (8.7
     * instead of 8.2 deliveries per system call at 100 clients, 8.1 instead of 6.8 at 500, p99 no worse:
     * docs/BENCHMARKS.md, "Experiments") and adds at most a millisecond to a message's way (docs/CONCURRENCY.md).
     */
    public static final Duration DEFAULT_WRITE_COALESCING = Duration.ofNanos(250_000);

    /**
     * In a huge lab room one announcement costs (map size x members), 2.7 GB for 10,000 users; at 100 MiB/s a room of
     * 1,000 lab users (27 MB per announcement) waits at most 0.27 s between announcements, one of 10,000, 27 s.
     */
    public static final long DEFAULT_PRESENCE_BYTES_PER_SECOND = 100L * 1024 * 1024;

    /**
     * Lab clients bind their UDP socket to the lab's port, 5000, whatever port the server listens on (the lab's
     * chatclient.py has one PORT for both), so v2 clients are told to send them direct messages there.
     */
    public static final int DEFAULT_LAB_UDP_PORT = LabFormat.DEFAULT_PORT;

    public ServerConfig {
        bindAddresses = List.copyOf(bindAddresses);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (presenceBatchWindow.isNegative()) {
            throw new IllegalArgumentException("presenceBatchWindow must not be negative");
        }
        if (presenceMaxDelay.compareTo(presenceBatchWindow) < 0) {
            throw new IllegalArgumentException("the presence max delay must be at least the presence batch window");
        }
        if (writeCoalescing.isNegative() || writeCoalescing.compareTo(Duration.ofMillis(100)) > 0) {
            throw new IllegalArgumentException("write coalescing must be between 0 and 100 ms, got " + writeCoalescing);
        }
        if (presenceBytesPerSecond < 1) {
            throw new IllegalArgumentException("presenceBytesPerSecond must be positive, got " + presenceBytesPerSecond);
        }
        if (ioThreads < 1 || ioThreads > 256) {
            throw new IllegalArgumentException("ioThreads must be between 1 and 256, got " + ioThreads);
        }
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        Objects.requireNonNull(web, "web");
        if (labUdpPort < 1 || labUdpPort > 65_535) {
            throw new IllegalArgumentException("the lab UDP port must be between 1 and 65535, got " + labUdpPort);
        }
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(history, "history");
    }

    public static ServerConfig defaults() {
        return new ServerConfig(List.of(), LabFormat.DEFAULT_PORT, Limits.defaults(), DEFAULT_PRESENCE_BATCH_WINDOW,
                DEFAULT_PRESENCE_MAX_DELAY, ServerSecurity.none(), DEFAULT_IO_THREADS, Transport.AUTO,
                DEFAULT_WRITE_COALESCING, DEFAULT_PRESENCE_BYTES_PER_SECOND, ConnectionLimits.defaults(),
                DEFAULT_LAB_UDP_PORT, RoomConfig.defaults(), WebConfig.defaults(), HistorySettings.off());
    }

    public ServerConfig withBindAddresses(List<InetAddress> value) {
        return new ServerConfig(value, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(bindAddresses, value, limits, presenceBatchWindow, presenceMaxDelay, security,
                ioThreads, transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withLimits(Limits value) {
        return new ServerConfig(bindAddresses, port, value, presenceBatchWindow, presenceMaxDelay, security,
                ioThreads, transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withSecurity(ServerSecurity value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, value, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    /** Sets the quiet window; the max delay grows to it if it was shorter. */
    public ServerConfig withPresenceBatchWindow(Duration value) {
        Duration maxDelay = presenceMaxDelay.compareTo(value) < 0 ? value : presenceMaxDelay;
        return new ServerConfig(bindAddresses, port, limits, value, maxDelay, security, ioThreads, transport,
                writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withPresenceMaxDelay(Duration value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, value, security, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withIoThreads(int value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, value,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withWriteCoalescing(Duration value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, value, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withTransport(Transport value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security,
                ioThreads, value, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withPresenceBytesPerSecond(long value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, writeCoalescing, value, connectionLimits, labUdpPort, rooms, web, history);
    }

    public ServerConfig withConnectionLimits(ConnectionLimits value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, value, labUdpPort, rooms, web, history);
    }

    public ServerConfig withLabUdpPort(int value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, value, rooms, web, history);
    }

    public ServerConfig withRooms(RoomConfig value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, value, web, history);
    }

    public ServerConfig withHistory(HistorySettings value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, web, value);
    }

    public ServerConfig withWeb(WebConfig value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, presenceMaxDelay, security, ioThreads,
                transport, writeCoalescing, presenceBytesPerSecond, connectionLimits, labUdpPort, rooms, value, history);
    }
}

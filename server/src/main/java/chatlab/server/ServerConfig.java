package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * How to run a server.
 *
 * @param bindAddresses       addresses to listen on; empty means every IPv6 and IPv4 address
 * @param port                TCP port (0 picks a free one, for tests)
 * @param limits              the limits every connection is held to
 * @param presenceBatchWindow how long user-list changes are gathered before one update goes to every client
 * @param security            logins and TLS
 */
public record ServerConfig(List<InetAddress> bindAddresses, int port, Limits limits, Duration presenceBatchWindow,
        ServerSecurity security) {
    /** Joins and leaves within this window cost one user-map update per client, not one each. */
    public static final Duration DEFAULT_PRESENCE_BATCH_WINDOW = Duration.ofMillis(20);

    public ServerConfig {
        bindAddresses = List.copyOf(bindAddresses);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (presenceBatchWindow.isNegative()) {
            throw new IllegalArgumentException("presenceBatchWindow must not be negative");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(List.of(), LabFormat.DEFAULT_PORT, Limits.defaults(), DEFAULT_PRESENCE_BATCH_WINDOW,
                ServerSecurity.none());
    }

    public ServerConfig withBindAddresses(List<InetAddress> value) {
        return new ServerConfig(value, port, limits, presenceBatchWindow, security);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(bindAddresses, value, limits, presenceBatchWindow, security);
    }

    public ServerConfig withLimits(Limits value) {
        return new ServerConfig(bindAddresses, port, value, presenceBatchWindow, security);
    }

    public ServerConfig withSecurity(ServerSecurity value) {
        return new ServerConfig(bindAddresses, port, limits, presenceBatchWindow, value);
    }

    public ServerConfig withPresenceBatchWindow(Duration value) {
        return new ServerConfig(bindAddresses, port, limits, value, security);
    }
}

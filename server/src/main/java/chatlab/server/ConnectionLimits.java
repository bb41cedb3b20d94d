package chatlab.server;

import java.time.Duration;

/**
 * Limits on connections themselves, beside the per-message {@link chatlab.protocol.Limits}: how many one address may
 * hold, the slots kept for addresses that hold none, TCP keepalive, and the TLS handshake. They make filling the room
 * or the connection table with silent connections cost many addresses (docs/LIMITS.md has the arithmetic).
 *
 * @param maxUsersPerAddress        registered users one IP address may have in the room (a lab user is one person
 *                                  per host, so a few are plenty); registered connections are never timed out for
 *                                  silence (a lab user may be quiet for hours), so this is what stops a few
 *                                  addresses from filling the room
 * @param maxPendingPerAddress      connections from one IP address that have not registered yet (connected, choosing
 *                                  a name, logging in, in a TLS handshake)
 * @param newAddressReservePercent  the last this-many percent of {@code maxConnections} admit only connections from
 *                                  addresses that hold none, so a table filled by a few addresses still lets a newcomer in
 * @param keepAliveIdle             TCP keepalive: a connection silent this long is probed (SO_KEEPALIVE, TCP_KEEPIDLE)
 * @param keepAliveInterval         time between unanswered probes (TCP_KEEPINTVL)
 * @param keepAliveProbes           unanswered probes after which the kernel drops the connection (TCP_KEEPCNT)
 * @param tlsHandshakeTimeout       a TLS handshake not finished within this is closed
 */
public record ConnectionLimits(int maxUsersPerAddress, int maxPendingPerAddress, int newAddressReservePercent,
        Duration keepAliveIdle, Duration keepAliveInterval, int keepAliveProbes, Duration tlsHandshakeTimeout) {
    /** One person per host in the lab; eight leaves room for a few clients on a shared machine. */
    public static final int DEFAULT_MAX_USERS_PER_ADDRESS = 8;
    /** A person connects and types a name: one or two at a time; four absorbs reconnects. */
    public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 4;
    /** 1,000 of the default 10,000 connections. */
    public static final int DEFAULT_NEW_ADDRESS_RESERVE_PERCENT = 10;
    /** A dead peer (host gone, cable pulled) is found within idle + probes x interval: 2 minutes by default. */
    public static final Duration DEFAULT_KEEPALIVE_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(15);
    public static final int DEFAULT_KEEPALIVE_PROBES = 4;
    /** Netty's own default, now named: a handshake takes milliseconds; ten seconds allows a slow, lossy path. */
    public static final Duration DEFAULT_TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** Linux takes TCP_KEEPIDLE and TCP_KEEPINTVL in whole seconds, at most 32767 (include/net/tcp.h). */
    static final long MAX_KEEPALIVE_SECONDS = 32_767;
    /** Linux caps TCP_KEEPCNT at 127 (MAX_TCP_KEEPCNT). */
    static final int MAX_KEEPALIVE_PROBES = 127;

    public ConnectionLimits {
        positive("the users per address", maxUsersPerAddress);
        positive("the unregistered connections per address", maxPendingPerAddress);
        if (newAddressReservePercent < 0 || newAddressReservePercent > 50) {
            throw new IllegalArgumentException("the new-address reserve must be between 0 and 50 percent, got "
                    + newAddressReservePercent);
        }
        keepAliveSeconds("the TCP keepalive idle time", keepAliveIdle);
        keepAliveSeconds("the TCP keepalive interval", keepAliveInterval);
        if (keepAliveProbes < 1 || keepAliveProbes > MAX_KEEPALIVE_PROBES) {
            throw new IllegalArgumentException("the TCP keepalive probes must be between 1 and " + MAX_KEEPALIVE_PROBES
                    + ", got " + keepAliveProbes);
        }
        if (tlsHandshakeTimeout == null || tlsHandshakeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the TLS handshake timeout must be at least 1 ms, got "
                    + tlsHandshakeTimeout);
        }
    }

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_MAX_USERS_PER_ADDRESS, DEFAULT_MAX_PENDING_PER_ADDRESS,
                DEFAULT_NEW_ADDRESS_RESERVE_PERCENT, DEFAULT_KEEPALIVE_IDLE, DEFAULT_KEEPALIVE_INTERVAL,
                DEFAULT_KEEPALIVE_PROBES, DEFAULT_TLS_HANDSHAKE_TIMEOUT);
    }

    /**
     * For load generators and tests that run many clients from one address: no per-address limits and no reserve
     * (the connection and room limits still apply).
     */
    public static ConnectionLimits liftedPerAddress() {
        return defaults().withMaxUsersPerAddress(Integer.MAX_VALUE).withMaxPendingPerAddress(Integer.MAX_VALUE)
                .withNewAddressReservePercent(0);
    }

    /** Slots of {@code maxConnections} that only addresses holding no connection may take. */
    public int newAddressReserve(int maxConnections) {
        return (int) ((long) maxConnections * newAddressReservePercent / 100);
    }

    public ConnectionLimits withMaxUsersPerAddress(int value) {
        return new ConnectionLimits(value, maxPendingPerAddress, newAddressReservePercent, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, tlsHandshakeTimeout);
    }

    public ConnectionLimits withMaxPendingPerAddress(int value) {
        return new ConnectionLimits(maxUsersPerAddress, value, newAddressReservePercent, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, tlsHandshakeTimeout);
    }

    public ConnectionLimits withNewAddressReservePercent(int value) {
        return new ConnectionLimits(maxUsersPerAddress, maxPendingPerAddress, value, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, tlsHandshakeTimeout);
    }

    public ConnectionLimits withKeepAlive(Duration idle, Duration interval, int probes) {
        return new ConnectionLimits(maxUsersPerAddress, maxPendingPerAddress, newAddressReservePercent, idle,
                interval, probes, tlsHandshakeTimeout);
    }

    public ConnectionLimits withTlsHandshakeTimeout(Duration value) {
        return new ConnectionLimits(maxUsersPerAddress, maxPendingPerAddress, newAddressReservePercent, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, value);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    private static void keepAliveSeconds(String name, Duration value) {
        if (value == null || value.toNanos() % 1_000_000_000L != 0 || value.toSeconds() < 1
                || value.toSeconds() > MAX_KEEPALIVE_SECONDS) {
            throw new IllegalArgumentException(name + " must be whole seconds between 1 s and " + MAX_KEEPALIVE_SECONDS
                    + " s, got " + (value == null ? null : chatlab.server.handler.Notices.human(value)));
        }
    }
}

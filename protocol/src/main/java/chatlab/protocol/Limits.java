package chatlab.protocol;

import chatlab.wire.V2Limits;
import java.time.Duration;

/**
 * Every limit the server enforces, with its default. The command line exposes each one as an option and
 * docs/LIMITS.md lists them; change a default here and there together.
 *
 * @param maxNameChars longest accepted user name, in Unicode code points
 * @param maxMessageBytes longest accepted chatroom message, in UTF-8 bytes (without the line end)
 * @param maxOutboundBytes the hard limit of one client's outbound queue, in bytes: a client whose queue passes it is cut off at once
 * @param registrationTimeout how long a new connection may take to send its name (generous: the lab client asks a human after connecting)
 * @param maxConnections simultaneous connections the server accepts (registered or not)
 * @param slowReaderGrace how long a client's queue may stay over the soft limit ({@code softOutboundBytes}) before the client is cut off; nobody else waits meanwhile
 * @param maxLineBytes longest v2 line (one JSON message), in bytes
 * @param messagesPerSecond sustained chatroom and whisper messages one connection may send, per second (token bucket rate)
 * @param burstMessages messages one connection may send at once before the rate applies (token bucket size)
 * @param rateAbuseLimit refused messages in a row after which a connection is closed for abuse
 * @param maxUsers registered users in the room
 * @param maxConnectionsPerAddress simultaneous connections from one IP address
 * @param pingInterval a v2 connection silent this long is sent a ping
 * @param idleTimeout a v2 connection silent this long is closed (lab clients have no keepalive and are never timed out)
 * @param maxDiscardBytes bytes of one over-long line (lab in line mode, or v2) discarded without a newline (or, on the lab wire, a pause) before the connection is closed: an endless line costs the server reading time and gives the room nothing
 * @param softOutboundBytes the soft limit of one client's outbound queue, in bytes (at most {@code maxOutboundBytes} applies): a client whose queue stays over it for {@code slowReaderGrace} is cut off; it is no longer behind once its queue is under half of it
 * @param socketSendBufferBytes the kernel's send buffer per connection (SO_SNDBUF), in bytes; 0 lets the kernel size it (up to net.ipv4.tcp_wmem's maximum, often 4 MiB)
 */
public record Limits(
        int maxNameChars,
        int maxMessageBytes,
        int maxOutboundBytes,
        Duration registrationTimeout,
        int maxConnections,
        Duration slowReaderGrace,
        int maxLineBytes,
        double messagesPerSecond,
        int burstMessages,
        int rateAbuseLimit,
        int maxUsers,
        int maxConnectionsPerAddress,
        Duration pingInterval,
        Duration idleTimeout,
        int maxDiscardBytes,
        int softOutboundBytes,
        int socketSendBufferBytes) {

    public static final int DEFAULT_MAX_NAME_CHARS = 32;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4096;
    /**
     * Room for several senders' bursts at once (the default burst is 200 messages of up to 4 KiB: 800 KiB each) to a
     * reader that drains them a little slower than they come; a client that stops reading is cut off by the soft limit.
     */
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_REGISTRATION_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_SLOW_READER_GRACE = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_LINE_BYTES = V2Limits.DEFAULT_MAX_LINE_BYTES;
    public static final double DEFAULT_MESSAGES_PER_SECOND = 100.0;
    public static final int DEFAULT_BURST_MESSAGES = 200;
    public static final int DEFAULT_RATE_ABUSE_LIMIT = 50;
    public static final int DEFAULT_MAX_USERS = 1000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
    /** 256 messages' worth: no paste is that long, and an endless sender is cut off within milliseconds. */
    public static final int DEFAULT_MAX_DISCARD_BYTES = 1024 * 1024;

    /**
     * The longest name limit allowed: a lab relay {@code NAME: PART } must fit the lab client's 1024-byte read with
     * room for one character of text (4 bytes per name character at most: 4 x 250 + 2 + 1 + 4 = 1007).
     */
    public static final int MAX_NAME_CHARS_CEILING = 250;

    public static final int DEFAULT_SOFT_OUTBOUND_BYTES = 256 * 1024;
    /** Small enough that a client that stops reading shows in the server's own queue soon; ample for chat traffic. */
    public static final int DEFAULT_SOCKET_SEND_BUFFER_BYTES = 64 * 1024;

    public Limits {
        requirePositive("maxNameChars", maxNameChars);
        requirePositive("maxMessageBytes", maxMessageBytes);
        requirePositive("maxOutboundBytes", maxOutboundBytes);
        requirePositive("registrationTimeout", registrationTimeout);
        requirePositive("maxConnections", maxConnections);
        requirePositive("slowReaderGrace", slowReaderGrace);
        requirePositive("maxLineBytes", maxLineBytes);
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
            throw new IllegalArgumentException("messagesPerSecond must be a positive number, got " + messagesPerSecond);
        }
        requirePositive("burstMessages", burstMessages);
        requirePositive("rateAbuseLimit", rateAbuseLimit);
        requirePositive("maxUsers", maxUsers);
        requirePositive("maxConnectionsPerAddress", maxConnectionsPerAddress);
        requirePositive("pingInterval", pingInterval);
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("maxDiscardBytes", maxDiscardBytes);
        requirePositive("softOutboundBytes", softOutboundBytes);
        if (socketSendBufferBytes < 0) {
            throw new IllegalArgumentException("socketSendBufferBytes must not be negative, got " + socketSendBufferBytes);
        }
        if (maxNameChars > MAX_NAME_CHARS_CEILING) {
            throw new IllegalArgumentException("maxNameChars must be at most " + MAX_NAME_CHARS_CEILING
                    + " (a lab relay must fit the lab client's 1024-byte read), got " + maxNameChars);
        }
    }

    public static Limits defaults() {
        return new Limits(
                DEFAULT_MAX_NAME_CHARS,
                DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_OUTBOUND_BYTES,
                DEFAULT_REGISTRATION_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_SLOW_READER_GRACE,
                DEFAULT_MAX_LINE_BYTES,
                DEFAULT_MESSAGES_PER_SECOND,
                DEFAULT_BURST_MESSAGES,
                DEFAULT_RATE_ABUSE_LIMIT,
                DEFAULT_MAX_USERS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_PING_INTERVAL,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_DISCARD_BYTES,
                DEFAULT_SOFT_OUTBOUND_BYTES,
                DEFAULT_SOCKET_SEND_BUFFER_BYTES);
    }

    public Limits withMaxNameChars(int value) {
        return new Limits(value, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMaxMessageBytes(int value) {
        return new Limits(maxNameChars, value, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMaxOutboundBytes(int value) {
        return new Limits(maxNameChars, maxMessageBytes, value, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withRegistrationTimeout(Duration value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, value, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMaxConnections(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, value, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withSlowReaderGrace(Duration value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, value, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMaxLineBytes(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, value, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMessagesPerSecond(double value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, value, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withBurstMessages(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, value, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withRateAbuseLimit(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, value, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMaxUsers(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, value, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMaxConnectionsPerAddress(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, value, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withPingInterval(Duration value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, value, idleTimeout, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withIdleTimeout(Duration value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, value, maxDiscardBytes, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withMaxDiscardBytes(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, value, softOutboundBytes, socketSendBufferBytes);
    }

    public Limits withSoftOutboundBytes(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, value, socketSendBufferBytes);
    }

    public Limits withSocketSendBufferBytes(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers, maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes, value);
    }

    /** The soft limit that applies: {@code softOutboundBytes}, but never above the hard limit. */
    public int effectiveSoftOutboundBytes() {
        return Math.min(softOutboundBytes, maxOutboundBytes);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}

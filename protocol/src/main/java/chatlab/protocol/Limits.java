package chatlab.protocol;

import java.time.Duration;

/**
 * Every limit the server enforces, with its default. The command line exposes each one as an option and
 * docs/LIMITS.md lists them; change a default here and there together.
 *
 * @param maxNameChars        longest accepted user name, in Unicode code points
 * @param maxMessageBytes     longest accepted chatroom message, in UTF-8 bytes (without the line end)
 * @param maxOutboundBytes    bytes that may wait in one client's outbound queue before it is cut off as a slow reader
 * @param registrationTimeout how long a new connection may take to send its name
 * @param maxConnections      simultaneous connections the server accepts (registered or not)
 * @param slowReaderGrace     how long a client's queue may stay over its cap before the client is cut off; meanwhile
 *                            the senders feeding it are paused, so a fast reader that fell behind in a burst catches up
 */
public record Limits(
        int maxNameChars,
        int maxMessageBytes,
        int maxOutboundBytes,
        Duration registrationTimeout,
        int maxConnections,
        Duration slowReaderGrace) {

    public static final int DEFAULT_MAX_NAME_CHARS = 32;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4096;
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
    /** Generous because the lab client asks a human for the name only after connecting. */
    public static final Duration DEFAULT_REGISTRATION_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_SLOW_READER_GRACE = Duration.ofSeconds(5);

    public Limits {
        requirePositive("maxNameChars", maxNameChars);
        requirePositive("maxMessageBytes", maxMessageBytes);
        requirePositive("maxOutboundBytes", maxOutboundBytes);
        requirePositive("maxConnections", maxConnections);
        requirePositive("registrationTimeout", registrationTimeout);
        requirePositive("slowReaderGrace", slowReaderGrace);
    }

    public static Limits defaults() {
        return new Limits(
                DEFAULT_MAX_NAME_CHARS,
                DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_OUTBOUND_BYTES,
                DEFAULT_REGISTRATION_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_SLOW_READER_GRACE);
    }

    public Limits withMaxNameChars(int value) {
        return new Limits(value, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace);
    }

    public Limits withMaxMessageBytes(int value) {
        return new Limits(maxNameChars, value, maxOutboundBytes, registrationTimeout, maxConnections, slowReaderGrace);
    }

    public Limits withMaxOutboundBytes(int value) {
        return new Limits(maxNameChars, maxMessageBytes, value, registrationTimeout, maxConnections, slowReaderGrace);
    }

    public Limits withRegistrationTimeout(Duration value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, value, maxConnections, slowReaderGrace);
    }

    public Limits withMaxConnections(int value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, value, slowReaderGrace);
    }

    public Limits withSlowReaderGrace(Duration value) {
        return new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections, value);
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

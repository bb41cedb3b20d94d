package chatlab.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of each room the log keeps: the newest {@code maxMessages}, none older than {@code maxAge}, and no more
 * than {@code maxBytes} (as {@link LoggedMessage#sizeBytes} counts them). Every rule always applies, so the log never
 * grows without bound; trimming removes the oldest messages and never renumbers the rest. docs/LIMITS.md
 * (*History*) gives the reasons for the defaults.
 *
 * @param maxMessages messages kept per room
 * @param maxAge      the oldest message kept, by the time the room gave it
 * @param maxBytes    bytes of text, sender names and ids kept per room
 */
public record Retention(long maxMessages, Duration maxAge, long maxBytes) {
    /** 100,000 messages: a busy team room's months, and a join or a search stays within milliseconds. */
    public static final long DEFAULT_MAX_MESSAGES = 100_000;
    /** 90 days: a quarter, long enough to look up last month's decision. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);
    /** 100 MB per room: 100,000 messages of 1,000 bytes; caps a room filled with messages of the full 4 KB. */
    public static final long DEFAULT_MAX_BYTES = 100L * 1000 * 1000;

    public Retention {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be positive, got " + maxMessages);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
    }

    public static Retention defaults() {
        return new Retention(DEFAULT_MAX_MESSAGES, DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES);
    }

    public Retention withMaxMessages(long value) {
        return new Retention(value, maxAge, maxBytes);
    }

    public Retention withMaxAge(Duration value) {
        return new Retention(maxMessages, value, maxBytes);
    }

    public Retention withMaxBytes(long value) {
        return new Retention(maxMessages, maxAge, value);
    }

    /**
     * How far a room may pass a limit between two trims on append: 1 % of it (none below 100), so a full room is
     * trimmed once per 1 % of new messages, in one stretch, rather than by one message with every batch.
     */
    static long slack(long limit) {
        return limit / 100;
    }
}

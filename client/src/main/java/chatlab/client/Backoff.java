package chatlab.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th wait is {@code initial * 2^(n-1)}, capped at {@code max}, then spread
 * by up to a quarter either way so that many clients do not retry in step.
 *
 * @param maxAttempts how many tries before giving up
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and at least one attempt");
        }
    }

    /** The wait before attempt {@code attempt} (1-based), with jitter. */
    public Duration delay(int attempt) {
        long base = initial.toNanos() << Math.min(attempt - 1, 30);
        long capped = base <= 0 || base > max.toNanos() ? max.toNanos() : base;
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofNanos((long) (capped * jitter));
    }
}

package chatlab.auth;

import java.time.Duration;

/**
 * How logins are checked and how guessing is slowed.
 *
 * @param iterations          PBKDF2 iterations for new verifiers; older verifiers are upgraded at the next login
 * @param firstFailureDelay   wait before answering after the first failure; doubles with each further one
 * @param maxFailureDelay     the longest such wait
 * @param lockoutFailures     failures in a row on one account (or from one address) that lock it out
 * @param lockout             how long a lockout lasts; failures older than this are forgotten
 * @param namesRefresh        how often the server asks the store whether its accounts changed (and then rereads the
 *                            names it checks registrations against); the longest a new account goes unnoticed
 */
public record AuthConfig(AuthMode mode, int iterations, Duration firstFailureDelay, Duration maxFailureDelay,
        int lockoutFailures, Duration lockout, Duration namesRefresh) {
    /** OWASP Password Storage Cheat Sheet (2023 and later): PBKDF2-HMAC-SHA256 with 600,000 iterations. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** RFC 7677 requires at least 4096 for SCRAM-SHA-256. */
    public static final int MIN_ITERATIONS = 4096;
    public static final Duration DEFAULT_FIRST_FAILURE_DELAY = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_FAILURE_DELAY = Duration.ofSeconds(30);
    public static final int DEFAULT_LOCKOUT_FAILURES = 10;
    public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(15);
    /** One tiny query (PRAGMA data_version) four times a second; the names are reread only when it moved. */
    public static final Duration DEFAULT_NAMES_REFRESH = Duration.ofMillis(250);

    public AuthConfig {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS + " (RFC 7677), got " + iterations);
        }
        if (lockoutFailures < 1) {
            throw new IllegalArgumentException("lockoutFailures must be positive");
        }
        if (namesRefresh.isNegative() || namesRefresh.isZero()) {
            throw new IllegalArgumentException("namesRefresh must be positive");
        }
    }

    public static AuthConfig defaults(AuthMode mode) {
        return new AuthConfig(mode, DEFAULT_ITERATIONS, DEFAULT_FIRST_FAILURE_DELAY, DEFAULT_MAX_FAILURE_DELAY,
                DEFAULT_LOCKOUT_FAILURES, DEFAULT_LOCKOUT, DEFAULT_NAMES_REFRESH);
    }

    public AuthConfig withIterations(int value) {
        return new AuthConfig(mode, value, firstFailureDelay, maxFailureDelay, lockoutFailures, lockout, namesRefresh);
    }

    public AuthConfig withDelays(Duration first, Duration max) {
        return new AuthConfig(mode, iterations, first, max, lockoutFailures, lockout, namesRefresh);
    }

    public AuthConfig withLockout(int failures, Duration duration) {
        return new AuthConfig(mode, iterations, firstFailureDelay, maxFailureDelay, failures, duration, namesRefresh);
    }

    public AuthConfig withNamesRefresh(Duration value) {
        return new AuthConfig(mode, iterations, firstFailureDelay, maxFailureDelay, lockoutFailures, lockout, value);
    }
}

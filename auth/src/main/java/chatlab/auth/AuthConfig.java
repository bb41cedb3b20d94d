package chatlab.auth;

import java.time.Duration;

/**
 * How logins are checked and how guessing is slowed. docs/SECURITY.md ("Guessing") gives the policy and the guess
 * rates these defaults allow.
 *
 * @param iterations          PBKDF2 iterations for new verifiers; older verifiers are upgraded at the next login
 * @param firstFailureDelay   wait before answering after the first failure (from an address, or on an account from
 *                            an address); doubles with each further one
 * @param maxFailureDelay     the longest such wait
 * @param lockoutFailures     failures on one account from one address (the pair) that lock that pair out; the owner
 *                            from any other address is not affected
 * @param lockout             how long a pair's lockout lasts; failures older than this are forgotten
 * @param namesRefresh        how often the server asks the store whether its accounts changed (and then rereads the
 *                            names it checks registrations against); the longest a new account goes unnoticed
 * @param maxAccountDelay     the longest wait that failures on an account from all addresses together add to every
 *                            attempt on it: guessing spread over many addresses is slowed, the owner only delayed
 * @param maxPasswordChecks   lab-wire password checks (each a full PBKDF2 run) queued at once in the whole server;
 *                            beyond it an attempt is answered "busy", and not counted as a failure
 * @param maxLoginsPerAddress logins from one address in progress at once (waiting out their delay or being checked),
 *                            both wires; beyond it an attempt is answered "busy", and not counted as a failure
 */
public record AuthConfig(AuthMode mode, int iterations, Duration firstFailureDelay, Duration maxFailureDelay,
        int lockoutFailures, Duration lockout, Duration namesRefresh, Duration maxAccountDelay, int maxPasswordChecks,
        int maxLoginsPerAddress) {
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
    /** What the owner of an account under attack may have to wait, at most, on top of her own failures' delay. */
    public static final Duration DEFAULT_MAX_ACCOUNT_DELAY = Duration.ofSeconds(2);
    /** 16 queued checks: on two threads at about 0.2 s each, the last is answered within about 2 s. */
    public static final int DEFAULT_MAX_PASSWORD_CHECKS = 16;
    /** Well below the server's 16 checks: one address cannot take more than a quarter of them. */
    public static final int DEFAULT_MAX_LOGINS_PER_ADDRESS = 4;

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
        if (maxAccountDelay.isNegative()) {
            throw new IllegalArgumentException("maxAccountDelay may not be negative");
        }
        if (maxPasswordChecks < 1) {
            throw new IllegalArgumentException("maxPasswordChecks must be positive");
        }
        if (maxLoginsPerAddress < 1) {
            throw new IllegalArgumentException("maxLoginsPerAddress must be positive");
        }
    }

    public static AuthConfig defaults(AuthMode mode) {
        return new AuthConfig(mode, DEFAULT_ITERATIONS, DEFAULT_FIRST_FAILURE_DELAY, DEFAULT_MAX_FAILURE_DELAY,
                DEFAULT_LOCKOUT_FAILURES, DEFAULT_LOCKOUT, DEFAULT_NAMES_REFRESH, DEFAULT_MAX_ACCOUNT_DELAY,
                DEFAULT_MAX_PASSWORD_CHECKS, DEFAULT_MAX_LOGINS_PER_ADDRESS);
    }

    public AuthConfig withIterations(int value) {
        return new AuthConfig(mode, value, firstFailureDelay, maxFailureDelay, lockoutFailures, lockout, namesRefresh,
                maxAccountDelay, maxPasswordChecks, maxLoginsPerAddress);
    }

    public AuthConfig withDelays(Duration first, Duration max) {
        return new AuthConfig(mode, iterations, first, max, lockoutFailures, lockout, namesRefresh, maxAccountDelay,
                maxPasswordChecks, maxLoginsPerAddress);
    }

    public AuthConfig withLockout(int failures, Duration duration) {
        return new AuthConfig(mode, iterations, firstFailureDelay, maxFailureDelay, failures, duration, namesRefresh,
                maxAccountDelay, maxPasswordChecks, maxLoginsPerAddress);
    }

    public AuthConfig withNamesRefresh(Duration value) {
        return new AuthConfig(mode, iterations, firstFailureDelay, maxFailureDelay, lockoutFailures, lockout, value,
                maxAccountDelay, maxPasswordChecks, maxLoginsPerAddress);
    }

    public AuthConfig withMaxAccountDelay(Duration value) {
        return new AuthConfig(mode, iterations, firstFailureDelay, maxFailureDelay, lockoutFailures, lockout,
                namesRefresh, value, maxPasswordChecks, maxLoginsPerAddress);
    }

    public AuthConfig withConcurrency(int passwordChecks, int loginsPerAddress) {
        return new AuthConfig(mode, iterations, firstFailureDelay, maxFailureDelay, lockoutFailures, lockout,
                namesRefresh, maxAccountDelay, passwordChecks, loginsPerAddress);
    }
}

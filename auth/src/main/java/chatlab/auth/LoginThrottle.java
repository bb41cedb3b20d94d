package chatlab.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows guessing. Failures are counted per account and per source address: after n failures in a row the next
 * answer waits {@code first * 2^(n-1)} (capped), and after {@code lockoutFailures} the account (or address) is
 * locked out for {@code lockout}; every attempt then fails, whatever the password. A success clears the counts;
 * failures older than the lockout are forgotten. Bounded memory (the oldest entries go first). Thread-safe.
 */
public final class LoginThrottle {
    private static final int MAX_ENTRIES = 100_000;

    private final AuthConfig config;
    private final Clock clock;
    private final Map<String, Failures> byKey = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private static final class Failures {
        int count;
        Instant last;
        Instant lockedUntil;
    }

    public LoginThrottle(AuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** How long to wait before answering an attempt on {@code account} from {@code address}. */
    public synchronized Duration delayBeforeAnswer(String account, String address) {
        int failures = Math.max(count("u:" + account), count("a:" + address));
        if (failures == 0) {
            return Duration.ZERO;
        }
        long millis = config.firstFailureDelay().toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxFailureDelay().toMillis()));
    }

    /** Whether the account or the address is locked out now. */
    public synchronized boolean lockedOut(String account, String address) {
        return lockedOut("u:" + account) || lockedOut("a:" + address);
    }

    public synchronized void failed(String account, String address) {
        fail("u:" + account);
        fail("a:" + address);
    }

    public synchronized void succeeded(String account, String address) {
        byKey.remove("u:" + account);
        byKey.remove("a:" + address);
    }

    private int count(String key) {
        Failures failures = current(key);
        return failures == null ? 0 : failures.count;
    }

    private boolean lockedOut(String key) {
        Failures failures = current(key);
        return failures != null && failures.lockedUntil != null && clock.instant().isBefore(failures.lockedUntil);
    }

    private void fail(String key) {
        Failures failures = current(key);
        if (failures == null) {
            failures = new Failures();
            byKey.put(key, failures);
        }
        failures.count++;
        failures.last = clock.instant();
        if (failures.count >= config.lockoutFailures() && failures.lockedUntil == null) {
            failures.lockedUntil = failures.last.plus(config.lockout());
        }
    }

    /** The entry, unless it has expired: its lockout is over, or its last failure is older than the lockout. */
    private Failures current(String key) {
        Failures failures = byKey.get(key);
        if (failures == null) {
            return null;
        }
        Instant now = clock.instant();
        boolean lockoutOver = failures.lockedUntil != null && !now.isBefore(failures.lockedUntil);
        boolean stale = failures.lockedUntil == null && failures.last.plus(config.lockout()).isBefore(now);
        if (lockoutOver || stale) {
            byKey.remove(key);
            return null;
        }
        return failures;
    }
}

package chatlab.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows guessing by throttling what a guesser controls, never by locking an account against its owner (OWASP
 * Authentication Cheat Sheet, "Account Lockout", and Credential Stuffing Prevention Cheat Sheet: a lockout an
 * attacker can trigger is a denial of service). Failures are counted three ways:
 * <ul>
 *   <li><b>per address</b>: after n failures from an address (on any accounts) its next attempt waits
 *       {@code first * 2^(n-1)}, at most {@code maxFailureDelay}. Never a lockout: users behind one address (a NAT)
 *       are slowed with a guesser there, not shut out;</li>
 *   <li><b>per pair</b> (account, address): the same delay, and after {@code lockoutFailures} the pair is locked
 *       out for {@code lockout}: that address cannot log in to that account, whatever the password. The owner from
 *       any other address is not affected;</li>
 *   <li><b>per account</b>, from all addresses together: the same delay but at most {@code maxAccountDelay} (and
 *       never more than {@code maxFailureDelay}), so
 *       guessing spread over many addresses is slowed while the owner, wherever she is, is only delayed that much.</li>
 * </ul>
 * An attempt waits the longest of the three. A success clears its pair and takes that pair's failures (the owner's
 * own typing mistakes) off the address's and the account's counts. A count is forgotten {@code lockout} after its
 * last failure. Bounded memory (the least recently used entries go first). Thread-safe.
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

    private static String addressKey(String address) {
        return "a:" + address;
    }

    /** Names never hold a line break (the name rules refuse control characters), so this key is unambiguous. */
    private static String pairKey(String account, String address) {
        return "p:" + account + "\n" + address;
    }

    private static String accountKey(String account) {
        return "u:" + account;
    }

    /** How long to wait before answering an attempt on {@code account} from {@code address}. */
    public synchronized Duration delayBeforeAnswer(String account, String address) {
        int own = Math.max(count(addressKey(address)), count(pairKey(account, address)));
        Duration ownDelay = delay(own, config.maxFailureDelay());
        Duration accountCap = config.maxAccountDelay().compareTo(config.maxFailureDelay()) <= 0
                ? config.maxAccountDelay() : config.maxFailureDelay();
        Duration spreadDelay = delay(count(accountKey(account)), accountCap);
        return ownDelay.compareTo(spreadDelay) >= 0 ? ownDelay : spreadDelay;
    }

    private Duration delay(int failures, Duration cap) {
        if (failures == 0) {
            return Duration.ZERO;
        }
        long millis = config.firstFailureDelay().toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    /** Whether this address is locked out of this account now. Nothing else is ever locked out. */
    public synchronized boolean lockedOut(String account, String address) {
        Failures pair = current(pairKey(account, address));
        return pair != null && pair.lockedUntil != null && clock.instant().isBefore(pair.lockedUntil);
    }

    public synchronized void failed(String account, String address) {
        fail(addressKey(address), false);
        fail(pairKey(account, address), true);
        fail(accountKey(account), false);
    }

    public synchronized void succeeded(String account, String address) {
        Failures pair = current(pairKey(account, address));
        byKey.remove(pairKey(account, address));
        int own = pair == null ? 0 : pair.count;
        forgive(addressKey(address), own);
        forgive(accountKey(account), own);
    }

    private int count(String key) {
        Failures failures = current(key);
        return failures == null ? 0 : failures.count;
    }

    private void fail(String key, boolean locks) {
        Failures failures = current(key);
        if (failures == null) {
            failures = new Failures();
            byKey.put(key, failures);
        }
        failures.count++;
        failures.last = clock.instant();
        if (locks && failures.count >= config.lockoutFailures() && failures.lockedUntil == null) {
            failures.lockedUntil = failures.last.plus(config.lockout());
        }
    }

    private void forgive(String key, int count) {
        Failures failures = current(key);
        if (failures != null && count > 0) {
            failures.count -= Math.min(count, failures.count);
            if (failures.count == 0) {
                byKey.remove(key);
            }
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

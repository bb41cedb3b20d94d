package chatlab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final ManualClock clock = new ManualClock();
    private final AuthConfig config = AuthConfig.defaults(AuthMode.REQUIRED)
            .withDelays(Duration.ofMillis(100), Duration.ofSeconds(2)).withLockout(5, Duration.ofMinutes(10));
    private final LoginThrottle throttle = new LoginThrottle(config, clock);

    @Test
    void delaysDoubleWithEachFailureUpToTheCap() {
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isZero();
        long[] expected = {100, 200, 400, 800};
        for (long millis : expected) {
            throttle.failed("alice", "10.0.0.1");
            assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isEqualTo(Duration.ofMillis(millis));
        }
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anAddressIsThrottledAcrossAccounts() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("user" + i, "10.0.0.66");
        }
        assertThat(throttle.delayBeforeAnswer("someone-else", "10.0.0.66")).isEqualTo(Duration.ofMillis(400));
        assertThat(throttle.delayBeforeAnswer("someone-else", "10.0.0.67")).isZero();
    }

    @Test
    void aPairIsLockedOutAtTheLimitAndTheLockoutExpires() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.66");
        }
        assertThat(throttle.lockedOut("alice", "10.0.0.66")).isFalse();
        throttle.failed("alice", "10.0.0.66");
        assertThat(throttle.lockedOut("alice", "10.0.0.66")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(10)).minusSeconds(1);
        assertThat(throttle.lockedOut("alice", "10.0.0.66")).isTrue();
        clock.now = clock.now.plusSeconds(1);
        assertThat(throttle.lockedOut("alice", "10.0.0.66")).isFalse();
    }

    @Test
    void nothingButThePairIsLockedOutAndTheOwnerElsewhereIsOnlyDelayedUpToTheAccountCap() {
        AuthConfig shortAccountCap = config.withMaxAccountDelay(Duration.ofMillis(300));
        LoginThrottle throttle = new LoginThrottle(shortAccountCap, clock);
        for (int i = 0; i < 20; i++) {
            throttle.failed("alice", "10.0.0.66");
        }
        assertThat(throttle.lockedOut("alice", "10.0.0.66")).isTrue();
        // The owner at her own address: not locked out, and delayed only by the account's capped delay.
        assertThat(throttle.lockedOut("alice", "10.0.0.1")).isFalse();
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isEqualTo(Duration.ofMillis(300));
        // Someone else behind the guesser's address: slowed, never locked out.
        assertThat(throttle.lockedOut("bob", "10.0.0.66")).isFalse();
        assertThat(throttle.delayBeforeAnswer("bob", "10.0.0.66")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void guessesSpreadOverAddressesAddTheCappedAccountDelay() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "10.0.1." + i);
        }
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.2.1")).isEqualTo(AuthConfig.DEFAULT_MAX_ACCOUNT_DELAY);
        assertThat(throttle.delayBeforeAnswer("bob", "10.0.2.1")).isZero();
        assertThat(throttle.lockedOut("alice", "10.0.2.1")).isFalse();
    }

    @Test
    void aSuccessClearsThePairAndTakesItsFailuresOffTheOtherCounts() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("bob", "10.0.0.1");
        throttle.succeeded("alice", "10.0.0.1");
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isEqualTo(Duration.ofMillis(100)); // bob's failure
        throttle.succeeded("bob", "10.0.0.1");
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isZero();
        assertThat(throttle.delayBeforeAnswer("carol", "10.0.0.1")).isZero();
    }

    @Test
    void aGuessersOwnAccountDoesNotClearItsAddress() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.66");
        }
        throttle.succeeded("mallory", "10.0.0.66"); // the guesser logs in to its own account
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.66")).isEqualTo(Duration.ofMillis(400));
        assertThat(throttle.delayBeforeAnswer("bob", "10.0.0.66")).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void countsAreForgottenALockoutAfterTheLastFailure() {
        throttle.failed("alice", "10.0.0.1");
        clock.now = clock.now.plus(Duration.ofMinutes(10)).plusSeconds(1);
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isZero();
    }

    /**
     * docs/SECURITY.md, *Throttling*: the counts are bounded to 100,000 entries, least recently used first, so a
     * sprayer from many addresses cannot make them grow without bound. A failure is three entries (its address, the
     * pair, the account).
     */
    @Test
    void theCountsKeepAtMostAHundredThousandEntriesTheLeastRecentlyUsedGoingFirst() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("bob", "10.0.0.2");
        for (int i = 0; i < 33_331; i++) { // 6 + 99,993 entries: at the bound, nothing forgotten yet
            throttle.failed("sprayed" + i, "10.1." + (i >> 8) + "." + (i & 0xff));
        }
        // alice's entries are used again (every attempt reads them); bob's are now the least recently used.
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isEqualTo(Duration.ofMillis(100));
        throttle.failed("sprayed-more", "10.2.0.1");
        throttle.failed("sprayed-again", "10.2.0.2"); // 100,005 entries: the 5 least recently used go
        assertThat(throttle.delayBeforeAnswer("bob", "10.0.0.2")).isZero();
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isEqualTo(Duration.ofMillis(100));
        assertThat(throttle.delayBeforeAnswer("sprayed33330", "10.1.130.50")).isEqualTo(Duration.ofMillis(100));
    }
}

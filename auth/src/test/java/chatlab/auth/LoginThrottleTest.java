package chatlab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

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
            assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.9")).isEqualTo(Duration.ofMillis(millis));
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
    void aLockoutStartsAtTheLimitAndExpires() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertThat(throttle.lockedOut("alice", "10.0.0.50")).isFalse();
        throttle.failed("alice", "10.0.0.4");
        assertThat(throttle.lockedOut("alice", "10.0.0.50")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(10)).minusSeconds(1);
        assertThat(throttle.lockedOut("alice", "10.0.0.50")).isTrue();
        clock.now = clock.now.plusSeconds(1);
        assertThat(throttle.lockedOut("alice", "10.0.0.50")).isFalse();
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.50")).isZero();
    }

    @Test
    void aSuccessClearsTheCount() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        throttle.succeeded("alice", "10.0.0.1");
        assertThat(throttle.delayBeforeAnswer("alice", "10.0.0.1")).isZero();
    }
}

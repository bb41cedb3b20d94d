package chatlab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * The guess rates the default throttle allows, for docs/SECURITY.md ("Guessing"): a guesser that sends its next
 * attempt the moment the last one is answered, as the Authenticator lets it (one attempt at a time per address,
 * each answered after the delay the throttle gives when it starts), on a simulated clock. Password checks are taken
 * as instant, so these are upper bounds. Printed as {@code guess rate: ...}.
 */
class GuessRateTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    /** Password checks actually made (a locked-out pair's attempts are not checked) within {@code span}. */
    private static long guesses(int addresses, boolean sameAccount, Duration span) {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(AuthConfig.defaults(AuthMode.REQUIRED), clock);
        Instant end = clock.now.plus(span);
        record Attempt(Instant answerAt, int address, int sequence) {}
        PriorityQueue<Attempt> pending = new PriorityQueue<>((a, b) -> a.answerAt().compareTo(b.answerAt()));
        for (int address = 0; address < addresses; address++) {
            pending.add(new Attempt(clock.now, address, 0));
        }
        long checks = 0;
        while (!pending.isEmpty() && !pending.peek().answerAt().isAfter(end)) {
            Attempt attempt = pending.poll();
            clock.now = attempt.answerAt();
            String address = "10.1." + (attempt.address() / 250) + "." + (attempt.address() % 250);
            String account = sameAccount ? "alice" : "user" + attempt.sequence();
            if (!throttle.lockedOut(account, address)) {
                checks++;
            }
            throttle.failed(account, address);
            String next = sameAccount ? "alice" : "user" + (attempt.sequence() + 1);
            Duration delay = throttle.delayBeforeAnswer(next, address);
            pending.add(new Attempt(clock.now.plus(delay), attempt.address(), attempt.sequence() + 1));
        }
        return checks;
    }

    /** Guesses in the first hour and in a day, printed for docs/SECURITY.md. */
    private static long[] measured(String guesser, int addresses, boolean sameAccount) {
        long hour = guesses(addresses, sameAccount, HOUR);
        long day = guesses(addresses, sameAccount, DAY);
        System.out.printf("guess rate: %s: %d in the first hour, %d a day%n", guesser, hour, day);
        return new long[] {hour, day};
    }

    @Test
    void oneAddressAtOneAccount() {
        long[] rate = measured("one address at one account", 1, true);
        // 10 guesses in about 2 minutes, then 15 minutes locked out, then 10 at 30 s each: about 30 an hour.
        assertThat(rate[0]).isBetween(20L, 40L);
        assertThat(rate[1]).isBetween(600L, 800L);
    }

    @Test
    void oneAddressSprayingManyAccounts() {
        long[] rate = measured("one address, a new account each time", 1, false);
        // One every 30 s once the address's delay has reached its cap: about 120 an hour.
        assertThat(rate[0]).isBetween(100L, 130L);
        assertThat(rate[1]).isBetween(2800L, 2900L);
    }

    @Test
    void aHundredAddressesAtOneAccount() {
        long[] rate = measured("100 addresses at one account", 100, true);
        // Each address is held to its own pair's budget; the account's capped delay adds at most 2 s per attempt.
        assertThat(rate[0]).isBetween(2000L, 100 * 40L);
        assertThat(rate[1]).isBetween(100 * 600L, 100 * 800L);
    }
}

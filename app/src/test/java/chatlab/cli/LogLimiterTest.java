package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The log's budget per event kind and address, its cap on all lines, and its bounded memory, on a fake clock. */
class LogLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<LogLimiter.Summary<String>> summaries = new ArrayList<>();

    private LogLimiter<String> limiter(int burst, int maxLines) {
        return new LogLimiter<>(new LogLimits(burst, Duration.ofSeconds(10), maxLines), nanos::get);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static int admitted(LogLimiter<String> limiter, String kind, String address, int times,
            List<LogLimiter.Summary<String>> out) {
        int written = 0;
        for (int i = 0; i < times; i++) {
            if (limiter.admit(kind, address, out::add)) {
                written++;
            }
        }
        return written;
    }

    @Test
    void aFloodFromOneAddressWritesItsBurstThenOneSummaryPerWindow() {
        LogLimiter<String> limiter = limiter(5, 1000);
        assertThat(admitted(limiter, "refusals", "10.0.0.1", 1000, summaries)).isEqualTo(5);
        assertThat(summaries).isEmpty();

        advance(Duration.ofSeconds(10));
        assertThat(admitted(limiter, "refusals", "10.0.0.1", 1, summaries)).isEqualTo(1); // a new window
        assertThat(summaries).containsExactly(new LogLimiter.Summary<>("refusals", "10.0.0.1", 995));
    }

    @Test
    void kindsAndAddressesHaveTheirOwnBudgets() {
        LogLimiter<String> limiter = limiter(2, 1000);
        assertThat(admitted(limiter, "refusals", "10.0.0.1", 5, summaries)).isEqualTo(2);
        assertThat(admitted(limiter, "joins", "10.0.0.1", 5, summaries)).isEqualTo(2);
        assertThat(admitted(limiter, "refusals", "10.0.0.2", 5, summaries)).isEqualTo(2);
        limiter.flushAll(summaries::add);
        assertThat(summaries).containsExactly(new LogLimiter.Summary<>("refusals", "10.0.0.1", 3),
                new LogLimiter.Summary<>("joins", "10.0.0.1", 3), new LogLimiter.Summary<>("refusals", "10.0.0.2", 3));
    }

    @Test
    void aQuietPairIsForgottenWithoutASummaryAndAnEndedWindowIsSummarisedWithoutANewLine() {
        LogLimiter<String> limiter = limiter(3, 1000);
        admitted(limiter, "joins", "10.0.0.1", 3, summaries); // within its budget
        admitted(limiter, "leaves", "10.0.0.1", 7, summaries);
        advance(Duration.ofSeconds(9));
        limiter.flushEnded(summaries::add);
        assertThat(summaries).isEmpty();
        advance(Duration.ofSeconds(1));
        limiter.flushEnded(summaries::add);
        assertThat(summaries).containsExactly(new LogLimiter.Summary<>("leaves", "10.0.0.1", 4));
    }

    @Test
    void allLinesTogetherAreCappedPerWindowHoweverManyAddresses() {
        LogLimiter<String> limiter = limiter(5, 100);
        int written = 0;
        for (int i = 0; i < 1000; i++) {
            written += admitted(limiter, "disconnects", "2001:db8::" + Integer.toHexString(i), 1, summaries);
        }
        assertThat(written).isEqualTo(100);
        advance(Duration.ofSeconds(10));
        limiter.flushEnded(summaries::add);
        assertThat(summaries).containsExactly(new LogLimiter.Summary<>(null, null, 900));
    }

    @Test
    void memoryIsBoundedTheOldestPairIsSummarisedAndForgotten() {
        LogLimiter<String> limiter = limiter(1, 1_000_000);
        admitted(limiter, "refusals", "first", 3, summaries);
        for (int i = 1; i < LogLimits.MAX_TRACKED_KEYS; i++) {
            admitted(limiter, "refusals", "a" + i, 1, summaries);
        }
        assertThat(summaries).isEmpty();
        admitted(limiter, "refusals", "one too many", 1, summaries);
        assertThat(summaries).containsExactly(new LogLimiter.Summary<>("refusals", "first", 2));
        // "first" starts afresh: its line is written again.
        assertThat(admitted(limiter, "refusals", "first", 1, summaries)).isEqualTo(1);
    }
}

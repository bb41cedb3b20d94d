package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreRetriesTest {
    private final FakeScheduler timers = new FakeScheduler();
    private final RecordingClientOutput out = new RecordingClientOutput();
    private final List<String> again = new ArrayList<>();
    private final StoreRetries retries = new StoreRetries(timers, Duration.ofSeconds(1), out, again::add);

    @Test
    void aMessageNotStoredGoesAgainAfterTheWaitAndIsToldOnce() {
        retries.refused("k-1", true, "the message log is full");
        assertThat(again).isEmpty();
        timers.advance(Duration.ofSeconds(1));
        assertThat(again).containsExactly("k-1");
        retries.refused("k-1", true, "the message log is full");
        timers.advance(Duration.ofSeconds(1));
        assertThat(again).containsExactly("k-1", "k-1");
        assertThat(out.lines()).containsExactly("problem the message log is full");
        retries.settled("k-1");
        retries.refused("k-1", true, "the message log is full"); // a new refusal after it was stored: told again
        assertThat(out.count("problem")).isEqualTo(2);
    }

    @Test
    void aMessageNoLongerOwedIsLeftAlone() {
        retries.refused("k-2", false, "the message log is full");
        timers.advance(Duration.ofSeconds(5));
        assertThat(again).isEmpty();
        assertThat(out.lines()).isEmpty();
    }
}

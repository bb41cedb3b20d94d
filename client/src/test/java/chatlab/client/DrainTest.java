package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainTest {
    @Test
    void nothingOwedIsDoneAtOnce() {
        Drain drain = new Drain();
        assertThat(drain.start(() -> 0, Duration.ofMinutes(1))).isDone();
        assertThat(drain.active()).isFalse();
    }

    @Test
    void waitsUntilEverythingIsSettled() {
        Drain drain = new Drain();
        drain.settled(0); // before the end of input: not the end of anything
        CompletableFuture<Void> done = drain.start(() -> 2, Duration.ofMinutes(1));
        assertThat(drain.active()).isTrue();
        drain.settled(1);
        assertThat(done).isNotDone();
        drain.settled(0);
        assertThat(done).isDone();
        assertThat(drain.active()).isFalse();
    }

    @Test
    void endsWhenTheSessionEndsOrTheTimeoutPasses() throws Exception {
        Drain abandoned = new Drain();
        CompletableFuture<Void> first = abandoned.start(() -> 3, Duration.ofMinutes(1));
        abandoned.abandon();
        assertThat(first).isDone();

        Drain timed = new Drain();
        timed.start(() -> 3, Duration.ofMillis(50)).get(20, TimeUnit.SECONDS);
        assertThat(timed.active()).isFalse();
    }
}

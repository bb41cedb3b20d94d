package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectorTest {
    /** 1 s, 2 s, 4 s, each within a quarter either way; three attempts. */
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), 3);

    private final FakeScheduler timers = new FakeScheduler();
    private final List<String> lines = new ArrayList<>();
    private final List<String> gaveUp = new ArrayList<>();
    private boolean wanted = true;
    private int attempts;
    /** What each attempt does: null connects, otherwise it fails with this. */
    private IOException failure = new ServerUnreachableException("cannot connect", "connection refused");

    private final Reconnector reconnector = new Reconnector(BACKOFF, timers, lines::add, () -> wanted, () -> {
        attempts++;
        if (failure != null) {
            throw failure;
        }
    }, gaveUp::add);

    @Test
    void triesAfterEachWaitOfTheBackoffThenGivesUp() {
        reconnector.lost("connection reset");
        assertThat(lines).singleElement().asString().startsWith("lost the server (connection reset); trying again in ");
        assertThat(attempts).isZero();

        assertThat(timers.runNext()).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
        assertThat(attempts).isEqualTo(1);
        assertThat(lines.get(1)).startsWith("attempt 1: connection refused; trying again in ");

        assertThat(timers.runNext()).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2500));
        assertThat(attempts).isEqualTo(2);
        assertThat(timers.runNext()).isBetween(Duration.ofMillis(3000), Duration.ofMillis(5000));
        assertThat(attempts).isEqualTo(3);
        assertThat(gaveUp).containsExactly("gave up reaching the server after 3 attempts (connection refused)");
        assertThat(timers.pending()).isEmpty();
    }

    @Test
    void aWelcomeStartsTheCountAgain() {
        reconnector.lost("connection reset");
        timers.advance(Duration.ofSeconds(2));
        timers.advance(Duration.ofSeconds(3)); // two failed attempts
        assertThat(attempts).isEqualTo(2);
        failure = null;
        timers.advance(Duration.ofSeconds(5));
        assertThat(attempts).isEqualTo(3);
        reconnector.welcomed("run-1");

        reconnector.lost("connection reset");
        assertThat(lines.get(lines.size() - 1)).as("the first attempt again").startsWith("lost the server");
        timers.advance(Duration.ofSeconds(2));
        assertThat(attempts).isEqualTo(4);
        assertThat(gaveUp).isEmpty();
    }

    @Test
    void noAttemptWhenTheSessionNoLongerWantsTheServer() {
        wanted = false;
        reconnector.lost("connection reset");
        assertThat(lines).isEmpty();
        assertThat(timers.pending()).isEmpty();

        wanted = true;
        reconnector.lost("connection reset");
        wanted = false; // the drain ended while waiting
        timers.advance(Duration.ofSeconds(2));
        assertThat(attempts).isZero();
        assertThat(gaveUp).isEmpty();
    }

    @Test
    void aFailedImmediateAttemptCountsAsALoss() {
        failure = new IOException("Network is unreachable");
        reconnector.connectNow();
        assertThat(attempts).isEqualTo(1);
        assertThat(lines).singleElement().asString()
                .startsWith("lost the server (network is unreachable); trying again in ");
    }

    @Test
    void resumesFromTheLastMessageSeenInThisServerRun() {
        assertThat(reconnector.resume()).as("nothing to resume before a welcome").isNull();
        reconnector.welcomed("run-1");
        reconnector.seen(7);
        reconnector.seen(5); // a replay out of order
        assertThat(reconnector.resume()).isEqualTo(new ClientMessage.Resume("run-1", 7));
        reconnector.welcomed("run-1");
        assertThat(reconnector.resume()).as("the same run").isEqualTo(new ClientMessage.Resume("run-1", 7));
        reconnector.welcomed("run-2");
        assertThat(reconnector.resume()).as("a restarted server counts from the start")
                .isEqualTo(new ClientMessage.Resume("run-2", 0));
    }
}

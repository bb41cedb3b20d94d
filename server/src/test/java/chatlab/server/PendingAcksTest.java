package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An acknowledgement waits for its recipients' writes, but never longer than PendingAcks.MAX_WAIT, and runs once. */
class PendingAcksTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final PendingAcks acks;

    PendingAcksTest() {
        channel.freezeTime();
        acks = new PendingAcks(channel.eventLoop());
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** A fan-out to one recipient whose write has not ended. */
    private WriteCountdown fanOutToOneStuckRecipient(AtomicInteger sent) {
        WriteCountdown countdown = new WriteCountdown(sent::incrementAndGet, acks.now());
        countdown.expect();
        countdown.arrive();
        acks.watch(countdown);
        return countdown;
    }

    @Test
    void anAckWhoseRecipientNeverTakesItsCopyGoesOutAfterTheMaxWait() {
        AtomicInteger sent = new AtomicInteger();
        WriteCountdown countdown = fanOutToOneStuckRecipient(sent);

        channel.advanceTimeBy(PendingAcks.MAX_WAIT.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent).as("still waiting").hasValue(0);
        channel.advanceTimeBy(PendingAcks.CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent).hasValue(1);

        countdown.arrive(); // the write ends after all (or fails as the connection closes)
        assertThat(sent).as("sent once").hasValue(1);
    }

    @Test
    void anAckWhoseWritesEndedIsSentOnceAndNotAgain() {
        AtomicInteger sent = new AtomicInteger();
        WriteCountdown countdown = fanOutToOneStuckRecipient(sent);
        countdown.arrive();
        assertThat(sent).hasValue(1);

        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent).hasValue(1);
    }

    @Test
    void laterAcksWaitTheirOwnFullTime() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        fanOutToOneStuckRecipient(first);
        channel.advanceTimeBy(PendingAcks.MAX_WAIT.toMillis() / 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        fanOutToOneStuckRecipient(second);

        channel.advanceTimeBy(PendingAcks.MAX_WAIT.toMillis() / 2 + PendingAcks.CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(first).hasValue(1);
        assertThat(second).hasValue(0);
        channel.advanceTimeBy(PendingAcks.MAX_WAIT.toMillis() / 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(second).hasValue(1);
    }
}

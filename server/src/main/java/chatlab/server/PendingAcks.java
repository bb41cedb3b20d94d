package chatlab.server;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The v2 acknowledgements still waiting for their recipients' writes ({@link WriteCountdown}), oldest first; confined
 * to the room's loop. An acknowledgement that has waited {@link #MAX_WAIT} is sent anyway: a recipient whose copy is
 * not in its socket by then is not keeping up (typically a client that stopped reading, in a room too quiet to take
 * its queue past the soft limit, which could otherwise hold every sender's acknowledgements for hours), and a sender
 * must not wait on it. Recipients that are behind are not waited for at all ({@link SlowReaders#isBehind}).
 */
final class PendingAcks {
    /** The longest an acknowledgement waits for the recipients' writes. */
    static final Duration MAX_WAIT = Duration.ofSeconds(1);
    /** How often the waiting ones are checked while there are any: an acknowledgement waits at most 1.25 s. */
    static final Duration CHECK_INTERVAL = MAX_WAIT.dividedBy(4);

    private final EventExecutor loop;
    private final ArrayDeque<WriteCountdown> waiting = new ArrayDeque<>();
    private boolean checkScheduled;

    PendingAcks(EventExecutor loop) {
        this.loop = loop;
    }

    long now() {
        return loop.ticker().nanoTime();
    }

    /** Watches a countdown whose fan-out is done; call on the room's loop. */
    void watch(WriteCountdown countdown) {
        dropDone();
        if (countdown.done()) {
            return;
        }
        waiting.addLast(countdown);
        if (!checkScheduled) {
            checkScheduled = true;
            loop.schedule(this::check, CHECK_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        checkScheduled = false;
        long oldest = now() - MAX_WAIT.toNanos();
        dropDone();
        while (!waiting.isEmpty() && waiting.peekFirst().startedNanos() - oldest <= 0) {
            waiting.pollFirst().giveUp();
            dropDone();
        }
        if (!waiting.isEmpty()) {
            checkScheduled = true;
            loop.schedule(this::check, CHECK_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void dropDone() {
        while (!waiting.isEmpty() && waiting.peekFirst().done()) {
            waiting.pollFirst();
        }
    }
}

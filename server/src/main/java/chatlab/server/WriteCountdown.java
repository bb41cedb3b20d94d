package chatlab.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an action once every write it was told to expect has ended (written or failed): the v2 acknowledgement of a
 * message, sent once every recipient's copy is in its socket. One counter per message instead of a promise and a
 * listener per recipient. It starts with one expected arrival, the fan-out itself, so the action cannot run while
 * recipients are still being added; the fan-out calls {@link #arrive} when it is done adding. {@link PendingAcks}
 * stops the wait ({@link #giveUp}) for a recipient that does not take its copy in time. The action runs once.
 */
final class WriteCountdown {
    private final AtomicInteger remaining = new AtomicInteger(1);
    private final AtomicBoolean ran = new AtomicBoolean();
    private final Runnable whenDone;
    private final long startedNanos;

    /** @param startedNanos when the fan-out began, on the room's clock ({@link PendingAcks}) */
    WriteCountdown(Runnable whenDone, long startedNanos) {
        this.whenDone = whenDone;
        this.startedNanos = startedNanos;
    }

    /** One more write to wait for. Only before the fan-out's own {@link #arrive}. */
    void expect() {
        remaining.incrementAndGet();
    }

    /** A write ended (on whichever thread wrote it), or the fan-out finished adding writes. */
    void arrive() {
        if (remaining.decrementAndGet() == 0) {
            run();
        }
    }

    /** Waits no longer: runs the action now, unless it ran already. */
    void giveUp() {
        run();
    }

    boolean done() {
        return ran.get();
    }

    long startedNanos() {
        return startedNanos;
    }

    private void run() {
        if (ran.compareAndSet(false, true)) {
            whenDone.run();
        }
    }
}

package chatlab.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The end of input on the v2 wire: everything read is owed to the server until it acknowledges it (or refuses it for
 * good), so the session keeps reconnecting while anything is owed, for at most the drain timeout.
 *
 * <p>Thread-safe without a lock of its own (the session calls it while holding its lock): {@link #start} marks the
 * start before it counts what is owed, and {@link #settled} counts before it looks at the mark, so an
 * acknowledgement racing with the end of input is never missed.
 */
final class Drain {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean started;

    /**
     * Starts waiting; complete at once when nothing is owed, otherwise when {@link #settled} sees nothing left, the
     * session ends ({@link #abandon}) or the timeout passes, whichever is first.
     */
    CompletableFuture<Void> start(IntSupplier owed, Duration timeout) {
        started = true;
        if (owed.getAsInt() == 0) {
            done.complete(null);
        }
        return done.completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Something owed was settled; {@code owedNow} is what is left, counted after the change. */
    void settled(int owedNow) {
        if (owedNow == 0 && started) {
            done.complete(null);
        }
    }

    /** The session ended for good: nothing more will be settled. */
    void abandon() {
        done.complete(null);
    }

    /** Whether the input has ended and the session still works to deliver what is owed. */
    boolean active() {
        return started && !done.isDone();
    }
}

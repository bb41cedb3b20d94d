package chatlab.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Messages the server's log could not store ({@code not_stored}: a full disk, a disk too slow for the traffic;
 * docs/PROTOCOL.md, *History*): neither relayed nor acknowledged, so they stay owed and go again after a wait, until
 * stored or the session ends. The server's sentence is shown once per message, not once per try. Thread-safe.
 */
final class StoreRetries {
    private final ScheduledExecutorService timers;
    private final Duration wait;
    private final ClientOutput output;
    private final Consumer<String> sendAgain;
    /** Messages whose refusal was shown; forgotten once settled. */
    private final Set<String> told = new HashSet<>();

    /** @param sendAgain puts the message with that id first in line to be sent, if it is still owed */
    StoreRetries(ScheduledExecutorService timers, Duration wait, ClientOutput output, Consumer<String> sendAgain) {
        this.timers = timers;
        this.wait = wait;
        this.output = output;
        this.sendAgain = sendAgain;
    }

    /** The server could not store message {@code id}; {@code owed}: it is still in the outbox. */
    void refused(String id, boolean owed, String sentence) {
        if (!owed) {
            return;
        }
        boolean first;
        synchronized (this) {
            first = told.add(id);
        }
        if (first) {
            output.problem(sentence);
        }
        timers.schedule(() -> sendAgain.accept(id), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The message was acknowledged (or refused for good). */
    synchronized void settled(String id) {
        told.remove(id);
    }
}

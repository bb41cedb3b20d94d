package chatlab.client;

import chatlab.protocol.v2.ClientMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reaching the server again after losing it: attempts with backoff and jitter ({@link Backoff}), one short line per
 * attempt (the loss with its reason, then each failed try with its own), giving up after the last attempt; the count
 * starts again once a server welcomes the client. Also where a reconnect resumes: the server run (its epoch) and the
 * last message sequence number seen in it, so the server replays what was missed.
 *
 * <p>Thread-safe; it never holds a lock while it calls back.
 */
final class Reconnector {
    /** One attempt to reach the server: connect and say hello. */
    @FunctionalInterface
    interface Attempt {
        void connect() throws IOException;
    }

    private final Backoff backoff;
    private final ScheduledExecutorService timers;
    private final Consumer<String> info;
    private final BooleanSupplier wantsServer;
    private final Attempt attempt;
    private final Consumer<String> giveUp;
    private final AtomicInteger attempts = new AtomicInteger();
    /** Where a reconnect resumes: this server run and the last message seq seen in it; null before a welcome. */
    private String epoch;
    private long lastSeq;

    /**
     * @param info        shows a line to the user
     * @param wantsServer whether the session still wants the server (checked before each attempt)
     * @param giveUp      no attempt is left: the session is over, for the reason given
     */
    Reconnector(Backoff backoff, ScheduledExecutorService timers, Consumer<String> info, BooleanSupplier wantsServer,
            Attempt attempt, Consumer<String> giveUp) {
        this.backoff = backoff;
        this.timers = timers;
        this.info = info;
        this.wantsServer = wantsServer;
        this.attempt = attempt;
        this.giveUp = giveUp;
    }

    /** The connection was lost (or an attempt failed) for {@code reason}: try again after the next wait, or give up. */
    void lost(String reason) {
        if (!wantsServer.getAsBoolean()) {
            return; // the drain ended meanwhile: nothing more to say
        }
        int next = attempts.incrementAndGet();
        if (next > backoff.maxAttempts()) {
            giveUp.accept("gave up reaching the server after " + (next - 1) + " attempts (" + reason + ")");
            return;
        }
        Duration delay = backoff.delay(next);
        info.accept(next == 1 ? ClientTexts.lostServer(reason, delay) : ClientTexts.stillNoServer(reason, next - 1, delay));
        timers.schedule(() -> {
            if (wantsServer.getAsBoolean()) {
                connectNow();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Connects at once (on the caller's thread); a failure counts as an attempt. */
    void connectNow() {
        try {
            attempt.connect();
        } catch (ServerUnreachableException e) {
            lost(e.shortReason());
        } catch (IOException e) {
            lost(e.getMessage());
        }
    }

    /**
     * A server welcomed the client: the attempts start again from the first; a new server run (another epoch) starts
     * the sequence numbers again.
     */
    void welcomed(String serverEpoch) {
        attempts.set(0);
        synchronized (this) {
            if (!serverEpoch.equals(epoch)) {
                epoch = serverEpoch;
                lastSeq = 0;
            }
        }
    }

    /** A chatroom message with sequence number {@code seq} was seen. */
    synchronized void seen(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    /** Where the next hello resumes; null before any welcome. */
    synchronized ClientMessage.Resume resume() {
        return epoch == null ? null : new ClientMessage.Resume(epoch, lastSeq);
    }
}

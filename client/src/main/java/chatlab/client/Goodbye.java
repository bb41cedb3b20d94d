package chatlab.client;

import chatlab.protocol.v2.ClientMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How a v2 session leaves at the end of its input, once the outbox is drained: when the input asked the server
 * something (a page of history, a search, the rooms), a ping first, whose pong comes after the answers the server
 * had ready; then {@code bye}, and the connection is read until the server closes it, so answers it writes after
 * the pong (a search answered from its log) are still shown. Each wait is bounded by the reply wait. The ping and the
 * bye take a token of the server's rate like any message ({@link Pacer#takeOrWait}): a script that ends at the
 * rate limit is not told it sent too fast. Thread-safe.
 */
final class Goodbye {
    /** The ping's token: its pong says the answers before it were sent. */
    static final String LAST_ANSWERS = "end-of-input";

    private final ScheduledExecutorService timers;
    private final Duration wait;
    /** Takes a token of the server's rate: 0 when taken, else how long until one is there (nanoseconds). */
    private final LongSupplier token;
    private final CompletableFuture<Void> answered = new CompletableFuture<>();

    Goodbye(ScheduledExecutorService timers, Duration wait, LongSupplier token) {
        this.timers = timers;
        this.wait = wait;
        this.token = token;
    }

    /** Leaves on {@code connection}; {@code asked}: the input asked the server something, so its answers are awaited. */
    CompletableFuture<Void> leave(V2Connection connection, boolean asked) {
        CompletableFuture<Void> answers = asked ? paced(() -> connection.send(new ClientMessage.Ping(LAST_ANSWERS)))
                .thenCompose(sent -> answered) : CompletableFuture.completedFuture(null);
        return bounded(answers).thenCompose(done -> {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            connection.closed().addListener(c -> closed.complete(null));
            paced(() -> connection.send(new ClientMessage.Bye()));
            return bounded(closed);
        }).thenCompose(gone -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            connection.close().addListener(c -> done.complete(null));
            return done;
        });
    }

    /** {@code future}, or nothing once the wait is over (on the session's timers). */
    private CompletableFuture<Void> bounded(CompletableFuture<Void> future) {
        CompletableFuture<Void> either = new CompletableFuture<>();
        future.thenRun(() -> either.complete(null));
        timers.schedule(() -> either.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
        return either;
    }

    /** Runs {@code send} once the server's rate allows one more message. */
    private CompletableFuture<Void> paced(Runnable send) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        whenToken(send, sent);
        return sent;
    }

    private void whenToken(Runnable send, CompletableFuture<Void> sent) {
        long nanos = token.getAsLong();
        if (nanos == 0) {
            send.run();
            sent.complete(null);
        } else {
            timers.schedule(() -> whenToken(send, sent), nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A pong came; the one to the goodbye's ping says the answers before it were sent. */
    void pong(String token) {
        if (LAST_ANSWERS.equals(token)) {
            answered.complete(null);
        }
    }

    /** The connection closed after the input ended: nothing more will be answered on it. */
    void closed() {
        answered.complete(null);
    }
}

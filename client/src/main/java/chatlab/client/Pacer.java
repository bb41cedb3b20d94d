package chatlab.client;

import chatlab.protocol.TokenBucket;
import chatlab.protocol.v2.ClientMessage;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends what the {@link Outbox} holds no faster than the server's announced rate (from its welcome), so a burst of
 * typed or resent lines is paced instead of refused. The client keeps its own copy of the server's token bucket for
 * this connection; when the server refuses a message for its rate anyway (the clocks differ a little), the copy is
 * emptied and that message goes out again first.
 *
 * <p>Not thread-safe: the session guards it with its lock and schedules the wake-ups {@link #pump} asks for.
 */
final class Pacer {
    private final Outbox outbox;
    private final LongSupplier nanoClock;
    /** Null until the server announced its rate on this connection: nothing is sent before. */
    private TokenBucket tokens;
    private double messagesPerSecond = 1;
    private boolean wakeUpPending;

    Pacer(Outbox outbox, LongSupplier nanoClock) {
        this.outbox = outbox;
        this.nanoClock = nanoClock;
    }

    /** A welcome announced the rate: the server's bucket for this connection starts full, less the token our hello took. */
    void announced(double messagesPerSecond, int burstMessages) {
        this.messagesPerSecond = messagesPerSecond;
        tokens = new TokenBucket(messagesPerSecond, Math.max(1, burstMessages - 1), nanoClock);
    }

    /** The server refused message {@code id} for its rate: keep it, send it again first once the rate allows. */
    void refused(String id) {
        if (outbox.sendAgainFirst(id)) {
            tokens = new TokenBucket(messagesPerSecond, 1, nanoClock);
            tokens.tryTake();
        }
    }

    /**
     * Sends, in order, as many waiting messages as the rate allows now.
     *
     * @return how long to wait before calling again (then {@link #wokeUp()} first), when messages are left and no
     *         wake-up is pending yet; empty when nothing needs scheduling
     */
    OptionalLong pump(Consumer<ClientMessage> send) {
        if (tokens == null) {
            return OptionalLong.empty();
        }
        for (Optional<ClientMessage> next = outbox.next(); next.isPresent(); next = outbox.next()) {
            if (!tokens.tryTake()) {
                if (wakeUpPending) {
                    return OptionalLong.empty();
                }
                wakeUpPending = true;
                return OptionalLong.of((long) (1e9 / messagesPerSecond));
            }
            outbox.sent();
            send.accept(next.get());
        }
        return OptionalLong.empty();
    }

    /**
     * Takes a token for a message that is not in the outbox (a ping, a bye), when the rate allows it now.
     *
     * @return 0 when taken (or before the server announced its rate), else how long until a token is there
     */
    long takeOrWait() {
        if (tokens == null || tokens.tryTake()) {
            return 0;
        }
        return Math.max(1, tokens.nanosUntilToken());
    }

    /** The wake-up {@link #pump} asked for has come. */
    void wokeUp() {
        wakeUpPending = false;
    }
}

package chatlab.cluster;

import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.support.NatsRequestCompletableFuture;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Whispers (direct messages through the servers) between the servers of a cluster: plain NATS request and reply on
 * one subject per server ({@link RoomSubjects#whisper}). The sender's server asks the recipient's server, which
 * delivers it to its user and answers {@link Answer#DELIVERED}, or answers {@link Answer#UNKNOWN_USER} when it has no
 * such user (the user left). A server that is gone has no subscription, so the broker answers "no responders" at
 * once: that is an unknown user too. No answer within {@link ClusterConfig#requestTimeout} fails with
 * {@link ClusterTexts#whisperNoAnswer}, and while the broker is away a whisper fails at once with
 * {@link ClusterTexts#whisperBrokerAway}. Not a stream: a whisper is delivered now or not at all, as on one server.
 *
 * <p>{@link Listener#whispered} runs on a NATS dispatcher thread: hand the work to the room's thread and return.
 */
public final class WhisperExchange implements AutoCloseable {
    /** A whisper as the servers pass it on. */
    public record Whisper(String from, String id, String to, String text, Instant time) {}

    /** What the recipient's server answers. */
    public enum Answer {
        DELIVERED("delivered"),
        UNKNOWN_USER("unknown_user");

        private final String text;

        Answer(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }

        static Answer parse(String text) {
            return Arrays.stream(values()).filter(a -> a.text.equals(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown answer " + text));
        }
    }

    /** What the exchange hands its server. */
    public interface Listener {
        /** A whisper to a user of this server; {@code answer} may be called from any thread, once. */
        void whispered(Whisper whisper, Consumer<Answer> answer);
    }

    /** A whisper the cluster could not carry (the broker is away, or the other server did not answer). */
    public static final class Undelivered extends RuntimeException {
        Undelivered(String message) {
            super(message, null, false, false);
        }
    }

    private final NatsLink link;
    private final ClusterConfig config;
    private final Dispatcher dispatcher;

    private WhisperExchange(NatsLink link, ClusterConfig config, String server, Listener listener) {
        this.link = link;
        this.config = config;
        this.dispatcher = link.connection().createDispatcher(message -> heard(message, listener));
        dispatcher.subscribe(config.subjects().whisper(server));
    }

    /** Starts taking whispers to this server's users. */
    public static WhisperExchange open(NatsLink link, ClusterConfig config, String server, Listener listener) {
        return new WhisperExchange(link, config, server, listener);
    }

    private void heard(Message message, Listener listener) {
        if (message.getReplyTo() == null) {
            return; // nobody to answer: not a chatlab whisper
        }
        Whisper whisper;
        try {
            whisper = WhisperCodec.decode(message.getData());
        } catch (IllegalArgumentException e) {
            return;
        }
        String replyTo = message.getReplyTo();
        listener.whispered(whisper, answer -> {
            try {
                link.connection().publish(replyTo, WhisperCodec.encode(answer));
            } catch (IllegalStateException e) {
                // The link went away: the sender's server times out and tells its user.
            }
        });
    }

    /**
     * Passes a whisper to the server its recipient is on; completes with that server's answer, or fails with
     * {@link Undelivered} (its message is the sentence for the sender).
     */
    public CompletableFuture<Answer> send(String server, Whisper whisper) {
        if (link.state() != NatsLink.State.CONNECTED) {
            return CompletableFuture.failedFuture(new Undelivered(ClusterTexts.whisperBrokerAway()));
        }
        CompletableFuture<Message> request;
        try {
            request = link.connection().requestWithTimeout(config.subjects().whisper(server),
                    WhisperCodec.encode(whisper), config.requestTimeout());
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(new Undelivered(ClusterTexts.whisperBrokerAway()));
        }
        return request.handle((reply, failure) -> {
            if (failure == null) {
                try {
                    return WhisperCodec.decodeAnswer(reply.getData());
                } catch (IllegalArgumentException e) {
                    throw new Undelivered(ClusterTexts.whisperBadAnswer(e.getMessage()));
                }
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            boolean timedOut = cause instanceof TimeoutException
                    || request instanceof NatsRequestCompletableFuture nats && nats.wasCancelledTimedOut();
            if (timedOut) {
                throw new Undelivered(ClusterTexts.whisperNoAnswer(whisper.to(), config.requestTimeout()));
            }
            if (cause instanceof CancellationException && link.state() == NatsLink.State.CONNECTED) {
                return Answer.UNKNOWN_USER; // no responders: that server is gone, and its users with it
            }
            throw new Undelivered(ClusterTexts.whisperBrokerAway());
        });
    }

    @Override
    public void close() {
        try {
            link.connection().closeDispatcher(dispatcher);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The link is closed already.
        }
    }
}

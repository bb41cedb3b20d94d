package chatlab.cluster;

import chatlab.history.LoggedMessage;
import chatlab.history.MessageLogException;
import chatlab.history.MessageLogException.Reason;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Room messages between the servers, in one order per room that every server agrees on: a server publishes what its
 * users say into the room's stream (the same stream the {@link JetStreamMessageLog} reads) and relays nothing itself;
 * every server, the sender's included, follows the stream and relays each message to its own members as the stream
 * hands it over. The stream's sequence number is the order, and the room's seq on every server.
 *
 * <p>A server follows a room from the moment it asks ({@link #follow}: an ordered consumer from the next message).
 * When the link comes back after the broker went away, every room is followed again from the number after the last
 * one handed over (retried every {@link NatsLink#RECONNECT_WAIT} until the broker answers), and a number already
 * handed over is never handed over again: nothing is skipped or repeated. {@link Listener#message} runs on one NATS dispatcher thread, in stream order per room; it must
 * hand the work to the room's own thread and return.
 */
public final class RoomFeed implements AutoCloseable {
    /** Header naming the server a message was said on, so that server can acknowledge it to its sender. */
    static final String ORIGIN = "Chatlab-Origin";
    /** Header with the origin server's own number for the message (what it matches the acknowledgement by). */
    static final String REF = "Chatlab-Ref";

    /** What the feed hands its server. */
    public interface Listener {
        /**
         * The room's next message in the agreed order.
         *
         * @param origin the server it was said on
         * @param ref    that server's number for it ({@link #publish}), to find its sender and acknowledge it
         */
        void message(String room, LoggedMessage message, String origin, long ref);
    }

    private final NatsLink link;
    private final ClusterConfig config;
    private final String server;
    private final Listener listener;
    private final JetStream js;
    private final RoomStreams streams;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService calls;
    private final Map<String, JetStreamSubscription> following = new ConcurrentHashMap<>();
    /** Rooms asked for whose consumer could not be made yet (the broker was away): made by {@link #followAgain}. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /**
     * When a room was first asked for while the broker was away, until its first message is handed over: its consumer
     * starts there, so what another server's users said in the room meanwhile (once the broker was back, before the
     * consumer was made) is handed over too.
     */
    private final Map<String, ZonedDateTime> askedWhileAway = new ConcurrentHashMap<>();
    /** The last stream number handed over per room (dispatcher thread writes, the calls thread reads). */
    private final Map<String, Long> lastSeqs = new ConcurrentHashMap<>();

    private RoomFeed(NatsLink link, ClusterConfig config, String server, Listener listener) throws IOException {
        this.link = link;
        this.config = config;
        this.server = server;
        this.listener = listener;
        JetStreamOptions options = JetStreamOptions.builder().requestTimeout(config.requestTimeout()).build();
        this.js = link.connection().jetStream(options);
        this.streams = new RoomStreams(link.connection().jetStreamManagement(options), config);
        this.dispatcher = link.connection().createDispatcher();
        this.calls = Executors.newSingleThreadScheduledExecutor(JetStreamMessageLog.daemon("chatlab-room-feed"));
        link.onStateChange(state -> {
            if (state == NatsLink.State.CONNECTED) {
                calls.execute(this::followAgain);
            }
        });
    }

    /** @param server this server's id, unique in the cluster (the {@link #ORIGIN} of what it publishes) */
    public static RoomFeed open(NatsLink link, ClusterConfig config, String server, Listener listener)
            throws IOException {
        return new RoomFeed(link, config, server, listener);
    }

    /**
     * Starts following a room (making its stream if it has none): every message published from now on reaches the
     * listener. Completes once the consumer is in place.
     */
    public CompletableFuture<Void> follow(String room) {
        return CompletableFuture.runAsync(() -> {
            if (following.containsKey(room)) {
                return;
            }
            try {
                streams.ensure(room);
                following.put(room, subscribe(room));
                waiting.remove(room);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                // Followed as soon as the broker answers: a room with members here is never left unfollowed.
                askedWhileAway.putIfAbsent(room, ZonedDateTime.now(ZoneOffset.UTC));
                if (waiting.add(room) && link.state() == NatsLink.State.CONNECTED && !calls.isShutdown()) {
                    calls.schedule(this::followAgain, NatsLink.RECONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                throw new CompletionException(BrokerFailures.ofRead(e));
            }
        }, calls);
    }

    /**
     * An ordered consumer of the room from the number after the last handed over, else from when the room was first
     * asked for while the broker was away, else from the next message.
     */
    private JetStreamSubscription subscribe(String room) throws IOException, JetStreamApiException {
        Long last = lastSeqs.get(room);
        ZonedDateTime askedAt = askedWhileAway.get(room);
        ConsumerConfiguration.Builder consumer = ConsumerConfiguration.builder();
        if (last == null && askedAt != null) {
            consumer.deliverPolicy(DeliverPolicy.ByStartTime).startTime(askedAt);
        } else if (last == null) {
            consumer.deliverPolicy(DeliverPolicy.New);
        } else {
            consumer.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(last + 1);
        }
        PushSubscribeOptions options = PushSubscribeOptions.builder()
                .stream(config.subjects().stream(room))
                .ordered(true)
                .configuration(consumer.build())
                .build();
        return js.subscribe(config.subjects().subject(room), dispatcher, message -> deliver(room, message), false,
                options);
    }

    /**
     * On the calls thread after a reconnect (or a follow that failed): follows every room again where it left off, and
     * the rooms still waiting for their first consumer; retries until it works.
     */
    private void followAgain() {
        boolean failed = false;
        for (Map.Entry<String, JetStreamSubscription> entry : following.entrySet()) {
            try {
                dispatcher.unsubscribe(entry.getValue());
            } catch (RuntimeException e) {
                // gone with the old connection already
            }
            try {
                entry.setValue(subscribe(entry.getKey()));
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                failed = true; // the broker is still reading its streams back
            }
        }
        for (String room : waiting) {
            try {
                streams.ensure(room);
                following.put(room, subscribe(room));
                waiting.remove(room);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                failed = true;
            }
        }
        if (failed && link.state() == NatsLink.State.CONNECTED && !calls.isShutdown()) {
            calls.schedule(this::followAgain, NatsLink.RECONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops following a room (its last member here left). */
    public void unfollow(String room) {
        calls.execute(() -> {
            waiting.remove(room);
            askedWhileAway.remove(room);
            JetStreamSubscription subscription = following.remove(room);
            lastSeqs.remove(room);
            if (subscription != null) {
                dispatcher.unsubscribe(subscription);
            }
        });
    }

    /** What the broker said of a published message: its stream number, and whether it held it already. */
    public record Stored(long seq, boolean duplicate) {}

    /**
     * Publishes a message said on this server; completes with the room's seq for it once the broker has stored it.
     * Fails at once while the broker is away ({@link ClusterTexts#brokerAway}), and after {@link
     * ClusterConfig#requestTimeout} without an acknowledgement: the sender is told, and the message may or may not
     * reach the room (docs/CLUSTER.md, *When the broker goes away*).
     *
     * @param message what was said; its seq is not used (the stream numbers it)
     * @param ref     this server's number for it, handed back with it to {@link Listener#message}
     */
    public CompletableFuture<Long> publish(LoggedMessage message, long ref) {
        return store(message, ref).thenApply(Stored::seq);
    }

    /**
     * {@link #publish}, telling also whether the broker held the message already: a v2 message carries its sender's
     * name and id as its message id ({@link #messageId}), so a copy resent after a reconnect, to this server or to
     * another, is dropped by the broker within {@link RoomStreams#DUPLICATE_WINDOW} and never reaches the room twice;
     * the answer is then the first copy's number, and the message does not come back through the feed.
     */
    public CompletableFuture<Stored> store(LoggedMessage message, long ref) {
        return CompletableFuture.supplyAsync(() -> {
            if (link.state() != NatsLink.State.CONNECTED) {
                throw new CompletionException(new MessageLogException(Reason.IO, ClusterTexts.brokerAway()));
            }
            try {
                streams.ensure(message.room());
                Headers headers = new Headers().put(ORIGIN, server).put(REF, Long.toString(ref));
                PublishOptions options = PublishOptions.builder()
                        .expectedStream(config.subjects().stream(message.room()))
                        .messageId(messageId(message, ref))
                        .build();
                return js.publishAsync(config.subjects().subject(message.room()), headers,
                        LogRecordCodec.encode(message, false), options);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                throw new CompletionException(BrokerFailures.ofAppend(e, config.requestTimeout()));
            }
        }, calls).thenCompose(ack -> ack)
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((ack, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(BrokerFailures.ofAppend(failure, config.requestTimeout()));
                    }
                    return new Stored(ack.getSeqno(), ack.isDuplicate());
                });
    }

    /**
     * The broker's message id: a v2 message's sender and id (unique per client run), in hex, so the same message
     * resent through any server is one message; a lab message (no id) this server's own number.
     */
    String messageId(LoggedMessage message, long ref) {
        if (message.id() == null) {
            return server + "-" + ref;
        }
        return "v2-" + RoomSubjects.token(message.from()) + "-" + RoomSubjects.token(message.id());
    }

    private void deliver(String room, Message message) {
        long seq = message.metaData().streamSequence();
        Long last = lastSeqs.get(room);
        if (last != null && seq <= last) {
            return; // handed over already, before the consumer was made again
        }
        lastSeqs.put(room, seq);
        askedWhileAway.remove(room);
        LoggedMessage decoded;
        try {
            decoded = LogRecordCodec.decode(room, seq, message.getData());
        } catch (IllegalArgumentException e) {
            return; // not ours (another program published on the subject): nothing to relay
        }
        Headers headers = message.getHeaders();
        String origin = headers == null ? "" : headers.getFirst(ORIGIN);
        long ref = 0;
        try {
            ref = headers == null ? 0 : Long.parseLong(headers.getFirst(REF));
        } catch (NumberFormatException e) {
            // an unknown ref: no sender to acknowledge
        }
        listener.message(room, decoded, origin == null ? "" : origin, ref);
    }

    @Override
    public void close() {
        calls.shutdown();
        try {
            following.values().forEach(dispatcher::unsubscribe);
            link.connection().closeDispatcher(dispatcher);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The link is closed already (or the dispatcher with it): nothing is left to stop.
        }
        following.clear();
    }
}

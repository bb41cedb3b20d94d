package chatlab.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Room topics across the cluster, in the topics key-value bucket ({@link RoomSubjects#topicsBucket}; key: the room's
 * token, {@link RoomSubjects#roomToken}, one for every spelling; value: {@link TopicCodec}, with the spelling). A
 * server puts a topic set by its user; every server watches the whole bucket and
 * hears every room's topic as it is now when it opens, then every change, in the bucket's order (so two servers that
 * set a topic at once end with the same one: the later in that order). After the link comes back the watch is made
 * again and every topic heard again: the listener should ignore one it has already.
 *
 * <p>{@link Listener#topic} runs on one NATS thread: hand the work to the room's thread and return.
 */
public final class ClusterTopics implements AutoCloseable {
    /** A room's topic; empty text: cleared. */
    public record Topic(String text, String by, Instant time) {}

    /** What the topics hand their server. */
    public interface Listener {
        void topic(String room, Topic topic);
    }

    private final KeyValue bucket;
    private final Listener listener;
    private final ScheduledExecutorService calls;
    private volatile NatsKeyValueWatchSubscription watch;
    private final NatsLink link;

    private ClusterTopics(NatsLink link, ClusterConfig config, Listener listener)
            throws IOException, JetStreamApiException {
        this.link = link;
        this.bucket = bucket(link, config);
        this.listener = listener;
        this.calls = Executors.newSingleThreadScheduledExecutor(JetStreamMessageLog.daemon("chatlab-topics"));
        link.onStateChange(state -> {
            if (state == NatsLink.State.CONNECTED) {
                calls.execute(this::watchAgain);
            }
        });
    }

    /** Opens the bucket (making it if the cluster has none yet) and starts watching it. */
    public static ClusterTopics open(NatsLink link, ClusterConfig config, Listener listener) throws IOException {
        try {
            ClusterTopics topics = new ClusterTopics(link, config, listener);
            topics.watch = topics.watch();
            return topics;
        } catch (JetStreamApiException e) {
            throw new IOException(ClusterTexts.brokerFailed(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(ClusterTexts.brokerFailed("interrupted"), e);
        }
    }

    /** The cluster's topics bucket, made if it does not exist yet (the message log keeps its epoch there too). */
    static KeyValue bucket(NatsLink link, ClusterConfig config) throws IOException, JetStreamApiException {
        String name = config.subjects().topicsBucket();
        Buckets.ensure(link.connection(), KeyValueConfiguration.builder().name(name).storageType(StorageType.File)
                .maxHistoryPerKey(1).replicas(config.replicas()).build());
        return link.connection().keyValue(name);
    }

    private NatsKeyValueWatchSubscription watch()
            throws IOException, JetStreamApiException, InterruptedException {
        return bucket.watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                heard(entry);
            }

            @Override
            public void endOfData() {}
        });
    }

    private void heard(KeyValueEntry entry) {
        String room;
        try {
            room = entry.getValue() == null ? null : TopicCodec.room(entry.getValue());
            if (room == null) {
                // A bare text or a delete: the key tells what the name reads as, which names the same room.
                room = RoomSubjects.room(entry.getKey());
            }
        } catch (IllegalArgumentException e) {
            return; // not a room (the message log's epoch), or a long name's digest without its spelling
        }
        Instant stored = entry.getCreated() == null ? Instant.now() : entry.getCreated().toInstant();
        if (entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
            listener.topic(room, new Topic("", "", stored));
            return;
        }
        try {
            listener.topic(room, TopicCodec.decode(entry.getValue(), stored));
        } catch (IllegalArgumentException e) {
            // not a topic: nothing to show
        }
    }

    /** On the calls thread after a reconnect: watches the bucket again (the broker may have lost the consumer). */
    private void watchAgain() {
        NatsKeyValueWatchSubscription old = watch;
        try {
            if (old != null) {
                old.unsubscribe();
            }
        } catch (RuntimeException e) {
            // gone with the old connection
        }
        try {
            watch = watch();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            if (link.state() == NatsLink.State.CONNECTED && !calls.isShutdown()) {
                calls.schedule(this::watchAgain, NatsLink.RECONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts a topic set on this server; every server (this one too) hears it through the watch. */
    public CompletableFuture<Void> set(String room, Topic topic) {
        return CompletableFuture.runAsync(() -> {
            try {
                bucket.put(RoomSubjects.roomToken(room), TopicCodec.encode(room, topic));
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                throw new CompletionException(BrokerFailures.ofRead(e));
            }
        }, calls);
    }

    @Override
    public void close() {
        calls.shutdownNow();
        try {
            NatsKeyValueWatchSubscription current = watch;
            if (current != null) {
                current.unsubscribe();
            }
        } catch (RuntimeException e) {
            // The link is closed already.
        }
    }
}

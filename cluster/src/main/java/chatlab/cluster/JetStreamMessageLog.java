package chatlab.cluster;

import chatlab.history.LogHealth;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLog;
import chatlab.history.MessageLogException.Reason;
import chatlab.history.MessageLogException;
import chatlab.history.RoomInfo;
import chatlab.history.SearchQuery;
import chatlab.history.Trimmed;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The message log of a cluster: each room a JetStream stream on the broker ({@link RoomStreams}), so every server
 * reads the same history and a server's death loses nothing the broker acknowledged. It takes the SQLite log's place
 * behind {@link MessageLog}; docs/CLUSTER.md (*The message log*) says where it differs:
 * <ul>
 *   <li>a batch is published message by message; when one fails, those before it may be stored (each carries a
 *       message id, so the broker drops a resent copy within {@link RoomStreams#DUPLICATE_WINDOW});</li>
 *   <li>retention is the broker's: each stream's limits are the rules, applied on every append, so {@link #trim}
 *       finds nothing to do; bytes are counted as the broker stores them (headers and JSON included);</li>
 *   <li>{@link #search} is not available (no word index on the broker) and fails with a sentence saying so.</li>
 * </ul>
 *
 * <p>Appends and topic changes run on one writer thread, in the order they are handed over, so a room's messages
 * reach the broker in their order; reads run on two reader threads. Nothing here blocks the caller.
 */
public final class JetStreamMessageLog implements MessageLog {
    private static final int READ_THREADS = 2;

    private static final String EPOCH_KEY = "epoch";
    private final NatsLink link;
    private final ClusterConfig config;
    private final JetStream js;
    private final RoomStreams streams;
    private final KeyValue topics;
    private final ExecutorService writer;
    private final ExecutorService readers;
    private final AtomicInteger pending = new AtomicInteger();
    /** The last seq handed over per room's stream (writer thread only): a batch must go above it. */
    private final Map<String, Long> lastSeqs = new HashMap<>();
    private volatile boolean closed;
    private volatile LogHealth health;
    /** The numbering's name, kept in the topics bucket: the same for every server and restart while the streams live. */
    private final String epoch;

    private JetStreamMessageLog(NatsLink link, ClusterConfig config) throws IOException, JetStreamApiException {
        this.link = link;
        this.config = config;
        JetStreamOptions options = JetStreamOptions.builder().requestTimeout(config.requestTimeout()).build();
        JetStreamManagement jsm = link.connection().jetStreamManagement(options);
        this.js = link.connection().jetStream(options);
        this.streams = new RoomStreams(jsm, config);
        this.topics = ClusterTopics.bucket(link, config);
        this.epoch = epochOf(topics);
        this.writer = Executors.newSingleThreadExecutor(daemon("chatlab-jetstream-log-writer"));
        this.readers = Executors.newFixedThreadPool(READ_THREADS, daemon("chatlab-jetstream-log-reader"));
        this.health = healthOf(link.state());
        link.onStateChange(state -> health = healthOf(state));
    }

    /**
     * Opens the log on a connected link (making the topics bucket if the cluster has none yet).
     *
     * @throws IOException when the broker does not answer or has no JetStream
     */
    public static JetStreamMessageLog open(NatsLink link, ClusterConfig config) throws IOException {
        try {
            return new JetStreamMessageLog(link, config);
        } catch (JetStreamApiException e) {
            throw new IOException(ClusterTexts.brokerFailed(e.getMessage()), e);
        }
    }

    @Override
    public CompletableFuture<Void> append(List<LoggedMessage> batch) {
        if (closed) {
            return CompletableFuture.failedFuture(new MessageLogException(Reason.CLOSED, ClusterTexts.closed()));
        }
        pending.addAndGet(batch.size());
        CompletableFuture<Void> done = CompletableFuture.supplyAsync(() -> publish(batch), writer)
                .thenCompose(acks -> CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> result = new CompletableFuture<>();
        done.whenComplete((ok, failure) -> {
            pending.addAndGet(-batch.size());
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(BrokerFailures.ofAppend(failure, config.requestTimeout()));
            }
        });
        return result;
    }

    /** On the writer thread: checks the whole batch's numbers, then publishes it in order. */
    private List<CompletableFuture<PublishAck>> publish(List<LoggedMessage> batch) {
        try {
            if (link.state() != NatsLink.State.CONNECTED) {
                throw new MessageLogException(Reason.IO, ClusterTexts.brokerAway());
            }
            RoomSubjects subjects = streams.subjects();
            Map<String, Long> last = new HashMap<>();
            for (LoggedMessage message : batch) {
                // By stream: every spelling of a room is one stream, numbered once.
                String stream = subjects.stream(message.room());
                long before = last.containsKey(stream) ? last.get(stream) : lastSeq(message.room());
                if (message.seq() <= before) {
                    throw new MessageLogException(Reason.INVALID,
                            ClusterTexts.seqNotAbove(message.room(), message.seq(), before));
                }
                last.put(stream, message.seq());
            }
            lastSeqs.putAll(last);
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
            for (LoggedMessage message : batch) {
                streams.ensure(message.room());
                PublishOptions options = PublishOptions.builder()
                        .messageId(Long.toString(message.seq()))
                        .expectedStream(subjects.stream(message.room()))
                        .build();
                acks.add(js.publishAsync(subjects.subject(message.room()), LogRecordCodec.encode(message), options));
            }
            return acks;
        } catch (MessageLogException e) {
            throw new CompletionException(e);
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw new CompletionException(BrokerFailures.ofAppend(e, config.requestTimeout()));
        }
    }

    private long lastSeq(String room) throws IOException, JetStreamApiException {
        String stream = streams.subjects().stream(room);
        Long known = lastSeqs.get(stream);
        if (known != null) {
            return known;
        }
        long stored = streams.lastSeq(room);
        lastSeqs.put(stream, stored);
        return stored;
    }

    @Override
    public CompletableFuture<List<LoggedMessage>> before(String room, long beforeSeq, int count) {
        return read(() -> streams.range(room, Long.MIN_VALUE, beforeSeq, count, true));
    }

    @Override
    public CompletableFuture<List<LoggedMessage>> after(String room, long afterSeq, int max) {
        long from = afterSeq == Long.MAX_VALUE ? Long.MAX_VALUE : afterSeq + 1;
        return read(() -> streams.range(room, from, Long.MAX_VALUE, max, false));
    }

    @Override
    public CompletableFuture<List<LoggedMessage>> search(String room, SearchQuery query, long beforeSeq, int count) {
        return CompletableFuture.failedFuture(new MessageLogException(Reason.FAILED, ClusterTexts.noSearch()));
    }

    @Override
    public CompletableFuture<Optional<RoomInfo>> room(String name) {
        return read(() -> info(name));
    }

    @Override
    public CompletableFuture<List<RoomInfo>> rooms() {
        return read(() -> {
            List<RoomInfo> all = new ArrayList<>();
            for (String room : streams.rooms()) {
                info(room).ifPresent(all::add);
            }
            return all;
        });
    }

    private Optional<RoomInfo> info(String room) throws IOException, JetStreamApiException {
        Optional<StreamInfo> info = streams.info(room);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        StreamState state = info.get().getStreamState();
        long first = 0;
        long last = 0;
        if (state.getMsgCount() > 0) {
            first = streams.at(room, state.getFirstSequence()).map(LoggedMessage::seq).orElse(0L);
            last = streams.at(room, state.getLastSequence()).map(LoggedMessage::seq).orElse(0L);
        }
        return Optional.of(new RoomInfo(room, topic(room), last, first, state.getMsgCount(), state.getByteCount()));
    }

    /**
     * The cluster's epoch: made by the first server to open the log (an atomic create, so two servers opening it at
     * once agree), read by the others. Its key is not a room's: room keys are hex or a digest ({@link
     * RoomSubjects#roomToken}).
     */
    private static String epochOf(KeyValue bucket) throws IOException, JetStreamApiException {
        try {
            String made = UUID.randomUUID().toString();
            bucket.create(EPOCH_KEY, made.getBytes(StandardCharsets.UTF_8));
            return made;
        } catch (JetStreamApiException alreadyMade) {
            KeyValueEntry entry = bucket.get(EPOCH_KEY);
            if (entry == null || entry.getValue() == null) {
                throw alreadyMade;
            }
            return entry.getValueAsString();
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    private String topic(String room) throws IOException, JetStreamApiException {
        KeyValueEntry entry = topics.get(RoomSubjects.roomToken(room));
        if (entry == null || entry.getValue() == null || entry.getValue().length == 0) {
            return null;
        }
        String text = TopicCodec.decode(entry.getValue(), Instant.now()).text(); // a cluster's server writes JSON
        return text.isEmpty() ? null : text;
    }

    @Override
    public CompletableFuture<Void> setTopic(String room, String topic) {
        return CompletableFuture.runAsync(() -> {
            try {
                if (topic == null) {
                    topics.delete(RoomSubjects.roomToken(room));
                } else {
                    topics.put(RoomSubjects.roomToken(room), topic);
                }
            } catch (IOException | JetStreamApiException | IllegalStateException e) {
                throw new CompletionException(BrokerFailures.ofRead(e));
            }
        }, writer);
    }

    /** Nothing to do: the broker applies each room's limits as it appends (the class comment). */
    @Override
    public CompletableFuture<List<Trimmed>> trim() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public LogHealth health() {
        return health;
    }

    @Override
    public int pendingMessages() {
        return pending.get();
    }

    /** Waits (up to the request timeout) for what was handed over, then stops its threads; the link stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.shutdown();
        readers.shutdown();
        try {
            writer.awaitTermination(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + config.requestTimeout().toNanos();
            while (pending.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // acks arrive on the NATS client's thread; bounded by the request timeout
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> read(BrokerCall<T> call) {
        if (closed) {
            return CompletableFuture.failedFuture(new MessageLogException(Reason.CLOSED, ClusterTexts.closed()));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                throw new CompletionException(BrokerFailures.ofRead(e));
            }
        }, readers);
    }

    private static LogHealth healthOf(NatsLink.State state) {
        return state == NatsLink.State.CONNECTED ? LogHealth.ok(Instant.now())
                : LogHealth.failing(ClusterTexts.healthAway(), Instant.now());
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A blocking call to the broker. */
    @FunctionalInterface
    interface BrokerCall<T> {
        T run() throws IOException, JetStreamApiException;
    }
}

package chatlab.cli;

import chatlab.cluster.ClusterConfig;
import chatlab.cluster.ClusterTopics;
import chatlab.cluster.JetStreamMessageLog;
import chatlab.cluster.NameClaims;
import chatlab.cluster.NatsLink;
import chatlab.cluster.PresenceExchange;
import chatlab.cluster.RemoteUser;
import chatlab.cluster.RoomFeed;
import chatlab.cluster.WhisperExchange;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLog;
import chatlab.history.MessageLogException;
import chatlab.protocol.v2.UserInfo;
import chatlab.server.ClusterLimits;
import chatlab.server.ClusterLink;
import chatlab.server.room.Room;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link ClusterLink} on NATS ({@code chatlab server --cluster nats://HOST:4222}): room messages through
 * the cluster module's {@link RoomFeed}, the users and their rooms through its {@link PresenceExchange}, names through
 * its {@link NameClaims}, whispers through its {@link WhisperExchange}, topics through its {@link ClusterTopics}. One per
 * server, named by a random id (a NATS subject token) so two servers never mistake each other.
 */
final class NatsCluster implements ClusterLink {
    private static final Logger LOG = LoggerFactory.getLogger("chatlab.cluster");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NatsLink link;
    private final ClusterConfig config;
    private final String server;
    private final ClusterLimits limits;
    /** The rooms' streams as the server's message log (the server closes it). */
    private final JetStreamMessageLog log;
    private RoomFeed feed;
    private PresenceExchange presence;
    private NameClaims names;
    private WhisperExchange whispers;
    private ClusterTopics topics;
    /** Name claims are blocking round trips to the broker: here, off the room's thread and the NATS client's. */
    private final ExecutorService claims = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chatlab-cluster-claims");
        thread.setDaemon(true);
        return thread;
    });

    private NatsCluster(NatsLink link, ClusterConfig config, String server, ClusterLimits limits,
            JetStreamMessageLog log) {
        this.link = link;
        this.config = config;
        this.server = server;
        this.limits = limits;
        this.log = log;
    }

    /**
     * Connects to the first broker of {@code config} that answers.
     *
     * @throws IOException when none does
     */
    static NatsCluster connect(ClusterConfig config) throws IOException, InterruptedException {
        return connect(config, ClusterLimits.defaults());
    }

    /**
     * Connects to the first broker of {@code config} that answers, and opens the cluster's message log.
     *
     * @param limits how long and how many messages said here may wait to come back
     * @throws IOException when none does
     */
    static NatsCluster connect(ClusterConfig config, ClusterLimits limits) throws IOException, InterruptedException {
        String server = Long.toString(RANDOM.nextLong() >>> 1, 36);
        NatsLink link = NatsLink.connect(config, "chatlab server " + server);
        link.onStateChange(state -> LOG.info("cluster link {}{}", state.name().toLowerCase(Locale.ROOT),
                link.connection().getConnectedUrl() == null ? "" : " to " + link.connection().getConnectedUrl()));
        try {
            return new NatsCluster(link, config, server, limits, JetStreamMessageLog.open(link, config));
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    @Override
    public MessageLog log() {
        return log;
    }

    @Override
    public ClusterLimits limits() {
        return limits;
    }

    String server() {
        return server;
    }

    /** Whether the link to the broker is connected now (for the metrics). */
    boolean linkUp() {
        return link.state() == NatsLink.State.CONNECTED;
    }

    /** Times the link was connected again after it was lost (for the metrics). */
    long reconnects() {
        return link.connection().getStatistics().getReconnects();
    }

    @Override
    public void start(Peer peer, String defaultRoom) {
        try {
            feed = RoomFeed.open(link, config, server, (room, message, origin, ref) -> peer.said(room, message.seq(),
                    new Said(message.from(), message.wire(), message.id(), message.text(), message.action(),
                            message.time()), origin.equals(server), ref));
            presence = PresenceExchange.open(link, config, server, (other, users) -> peer.roster(other,
                    users.stream().map(u -> new Present(new UserInfo(u.name(), u.address(), u.udpPort(), u.wire(),
                            Instant.now()), u.rooms())).toList()));
            whispers = WhisperExchange.open(link, config, server, (whisper, answer) -> peer.whispered(
                    new Whisper(whisper.from(), whisper.id(), whisper.to(), whisper.text(), whisper.time()),
                    delivered -> answer.accept(delivered ? WhisperExchange.Answer.DELIVERED
                            : WhisperExchange.Answer.UNKNOWN_USER)));
            topics = ClusterTopics.open(link, config, (room, topic) -> peer.topic(room,
                    new Room.Topic(topic.text(), topic.by(), topic.time())));
            names = NameClaims.open(link, config, server, new NameClaims.Events() {
                @Override
                public void lost(String name) {
                    LOG.warn("another server of the cluster holds {} now: its user here goes", name);
                    peer.lost(name);
                }
            });
            // The default room is followed before the server takes its first client, so nothing said is missed.
            feed.follow(defaultRoom).get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot follow the cluster's default room: "
                    + MessageLogException.of(e).getMessage(), e);
        }
    }

    @Override
    public void publish(String room, Said said, long ref, Published outcome) {
        feed.store(new LoggedMessage(room, 1, said.time(), said.from(), said.wire(), said.id(), said.text(),
                said.action()), ref).whenComplete((stored, failure) -> {
                    if (failure != null) {
                        outcome.refused(MessageLogException.of(failure).getMessage());
                    } else if (stored.duplicate()) {
                        outcome.duplicate(stored.seq());
                    }
                });
    }

    @Override
    public void claim(String skeleton, String name, String sessionKey, Consumer<Boolean> then) {
        claims.execute(() -> {
            boolean ours;
            try {
                // Held elsewhere with this session: the client is back here before its old claim ran out.
                ours = names.claim(skeleton, name, sessionKey)
                        || sessionKey != null && names.takeOver(skeleton, name, sessionKey);
            } catch (IOException | RuntimeException e) {
                // The broker cannot be asked: this server's roster decides alone (docs/CLUSTER.md, Unique names).
                LOG.warn("cannot claim {} in the cluster ({}): this server's own list decides", name, e.getMessage());
                ours = true;
            }
            then.accept(ours);
        });
    }

    @Override
    public void takeOver(String skeleton, String name, String sessionKey, Consumer<Boolean> then) {
        claims.execute(() -> {
            boolean ours;
            try {
                ours = names.takeOver(skeleton, name, sessionKey);
            } catch (IOException | RuntimeException e) {
                // Unlike a claim, never decided here alone: the other server may well be alive and hold it.
                LOG.warn("cannot take over {} in the cluster ({}): refused", name, e.getMessage());
                ours = false;
            }
            then.accept(ours);
        });
    }

    @Override
    public void release(String skeleton) {
        if (claims.isShutdown()) {
            return; // stopping: close() gives every name back
        }
        claims.execute(() -> {
            try {
                names.release(skeleton);
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot give back a name ({}): it expires within {}", e.getMessage(), config.nameTtl());
            }
        });
    }

    @Override
    public void roster(List<Present> users) {
        presence.announce(users.stream().map(p -> new RemoteUser(p.user().name(), p.user().address(),
                p.user().udpPort(), p.user().wire(), p.rooms())).toList());
    }

    @Override
    public void whisper(String other, Whisper whisper, Consumer<Whispered> then) {
        whispers.send(other, new WhisperExchange.Whisper(whisper.from(), whisper.id(), whisper.to(), whisper.text(),
                whisper.time())).whenComplete((answer, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        then.accept(Whispered.failed(cause.getMessage()));
                    } else {
                        then.accept(answer == WhisperExchange.Answer.DELIVERED ? Whispered.DELIVERED
                                : Whispered.UNKNOWN_USER);
                    }
                });
    }

    @Override
    public void topic(String room, Room.Topic topic) {
        topics.set(room, new ClusterTopics.Topic(topic.text(), topic.by(), topic.time())).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("cannot tell the cluster the topic of {}: {}", room,
                        MessageLogException.of(failure).getMessage());
            }
        });
    }

    @Override
    public void follow(String room) {
        feed.follow(room).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("cannot follow room {} in the cluster: {}", room, MessageLogException.of(failure).getMessage());
            }
        });
    }

    @Override
    public void unfollow(String room) {
        feed.unfollow(room);
    }

    /**
     * Drops the link to the broker without a goodbye, as a crash or a network cut would (for tests): the other servers
     * hear nothing more from this one.
     */
    void cutOff() {
        link.close();
    }

    @Override
    public void close() {
        claims.shutdown();
        try {
            claims.awaitTermination(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (names != null) {
            names.close(); // gives every name back: the others may take them at once
        }
        if (presence != null) {
            presence.close();
        }
        if (whispers != null) {
            whispers.close();
        }
        if (topics != null) {
            topics.close();
        }
        if (feed != null) {
            feed.close();
        }
        link.close();
    }
}

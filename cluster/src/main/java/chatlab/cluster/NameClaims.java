package chatlab.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names unique across the cluster: a name is a key in one JetStream key-value bucket, claimed by an atomic create
 * (the broker stores it only if the key holds nothing: of any number of servers claiming one name at once, exactly one
 * wins). The key is what the name reads as (its skeleton, so {@code bob} and {@code b0b} are one name, as in one
 * server), in hex; the value says which server holds it, the name as spelled and its user's session digest (empty
 * for a client without one), with which the same client may take the name over on another server ({@link #takeOver}).
 *
 * <p>The bucket's entries live {@link ClusterConfig#nameTtl} (the stream's max age); this server renews each of its
 * claims every third of that. A server that dies without saying goodbye stops renewing, and its names are free again
 * after at most {@code nameTtl}. A claim renewed after another server took the name (this server was cut off for
 * longer than the TTL) is lost: {@link Events#lost} tells the server, which must disconnect that user; one that
 * expired meanwhile but nobody took is claimed again, and its user stays.
 *
 * <p>Blocking calls (one round trip to the broker): call them off the room's event loop.
 */
public final class NameClaims implements AutoCloseable {
    /** JetStream's "wrong last sequence" (nats-server errors.json): the key holds something, or changed meanwhile. */
    static final int WRONG_LAST_SEQUENCE = 10071;

    /** What the claims tell their server; on the renewal thread: return quickly. */
    public interface Events {
        Events NONE = new Events() {};

        /** Another server holds {@code name} now: this server's user of that name must go. */
        default void lost(String name) {}

        /** A renewal round finished (for tests and metrics). */
        default void renewed(int claims) {}
    }

    /** A claim of this server's: the name as spelled, its user's session digest ("" for none), the key's revision. */
    private record Held(String name, String session, long revision) {}

    /** What a claim's value says: {@code server\nname\nsession} (the session may be empty). */
    private record Claim(String server, String name, String session) {
        static Claim parse(String value) {
            String[] parts = value.split("\n", 3);
            return new Claim(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
        }
    }

    private final KeyValue bucket;
    private final String server;
    private final Events events;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;
    private final AtomicLong renewals = new AtomicLong();

    private NameClaims(NatsLink link, ClusterConfig config, String server, Events events)
            throws IOException, JetStreamApiException {
        this.server = server;
        this.events = events;
        String name = config.subjects().namesBucket();
        Buckets.ensure(link.connection(), KeyValueConfiguration.builder().name(name).ttl(config.nameTtl())
                .maxHistoryPerKey(1).storageType(StorageType.File).replicas(config.replicas()).build());
        this.bucket = link.connection().keyValue(name, KeyValueOptions.builder()
                .jsRequestTimeout(config.requestTimeout()).build());
        this.renewer = Executors.newSingleThreadScheduledExecutor(JetStreamMessageLog.daemon("chatlab-name-claims"));
        long every = Math.max(1, config.nameTtl().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the cluster's name bucket (making it if none exists yet) and starts renewing this server's claims.
     *
     * @param server this server's id, unique in the cluster
     */
    public static NameClaims open(NatsLink link, ClusterConfig config, String server, Events events)
            throws IOException {
        try {
            return new NameClaims(link, config, server, events);
        } catch (JetStreamApiException e) {
            throw new IOException(ClusterTexts.brokerFailed(e.getMessage()), e);
        }
    }

    /**
     * Claims a name for this server: true when it is this server's now, false when another server (or this one)
     * holds it.
     *
     * @param skeleton what the name reads as: the claim's key
     * @param session  the user's session digest, kept in the claim for {@link #takeOver}; or null
     * @throws IOException when the broker does not answer (the server refuses the name rather than risk a twin)
     */
    public boolean claim(String skeleton, String name, String session) throws IOException {
        String key = key(skeleton);
        String proof = session == null ? "" : session;
        try {
            long revision = bucket.create(key, value(name, proof));
            held.put(key, new Held(name, proof, revision));
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw new IOException(ClusterTexts.brokerFailed(e.getMessage()), e);
        }
    }

    /** {@link #claim(String, String, String)} without a session. */
    public boolean claim(String skeleton, String name) throws IOException {
        return claim(skeleton, name, null);
    }

    /**
     * Takes over a name another server holds, when its claim carries the same session digest (the same client came
     * back here); claims it when nobody holds it. The other server's next renewal finds the key changed and tells its
     * server the name is lost ({@link Events#lost}). True when the name is this server's now.
     *
     * @param session the new connection's session digest; without one nothing is taken over
     * @throws IOException when the broker does not answer
     */
    public boolean takeOver(String skeleton, String name, String session) throws IOException {
        if (session == null || session.isEmpty()) {
            return false;
        }
        String key = key(skeleton);
        try {
            KeyValueEntry entry = bucket.get(key);
            if (entry == null || entry.getValue() == null || entry.getValue().length == 0) {
                return claim(skeleton, name, session);
            }
            Claim claim = Claim.parse(entry.getValueAsString());
            if (claim.server().equals(server) || !claim.session().equals(session)) {
                return false;
            }
            long revision = bucket.update(key, value(name, session), entry.getRevision());
            held.put(key, new Held(name, session, revision));
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false; // changed meanwhile: renewed, released or taken by someone else
            }
            throw new IOException(ClusterTexts.brokerFailed(e.getMessage()), e);
        }
    }

    /** Gives a name back (its user left): another server may claim it at once. */
    public void release(String skeleton) throws IOException {
        String key = key(skeleton);
        Held claim = held.remove(key);
        if (claim == null) {
            return;
        }
        try {
            bucket.delete(key, claim.revision()); // only if it is still this claim
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw new IOException(ClusterTexts.brokerFailed(e.getMessage()), e);
            }
        }
    }

    /** Which server holds the name, if any. */
    public Optional<String> holder(String skeleton) throws IOException {
        try {
            KeyValueEntry entry = bucket.get(key(skeleton));
            if (entry == null || entry.getValue() == null || entry.getValue().length == 0) {
                return Optional.empty();
            }
            return Optional.of(Claim.parse(entry.getValueAsString()).server());
        } catch (JetStreamApiException e) {
            throw new IOException(ClusterTexts.brokerFailed(e.getMessage()), e);
        }
    }

    /** Renewal rounds done so far. */
    public long renewals() {
        return renewals.get();
    }

    /** Renews every claim: a new revision restarts its time to live; a claim someone else took is lost. */
    private void renewAll() {
        for (Map.Entry<String, Held> entry : held.entrySet()) {
            Held claim = entry.getValue();
            try {
                long revision = bucket.update(entry.getKey(), value(claim.name(), claim.session()), claim.revision());
                held.replace(entry.getKey(), claim, new Held(claim.name(), claim.session(), revision));
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                    claimAgainOrLose(entry.getKey(), claim);
                }
            } catch (IOException | RuntimeException e) {
                // The broker is away: try again next round; the claim lives until its TTL runs out.
            }
        }
        renewals.incrementAndGet();
        events.renewed(held.size());
    }

    /**
     * A renewal found the key changed: either the claim expired while this server was cut off and nobody took the
     * name (then it is this server's again with a new create), or another server holds it now (lost).
     */
    private void claimAgainOrLose(String key, Held claim) {
        try {
            long revision = bucket.create(key, value(claim.name(), claim.session()));
            held.replace(key, claim, new Held(claim.name(), claim.session(), revision));
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                return; // the broker failed: try again next round
            }
        } catch (IOException | RuntimeException e) {
            return; // the broker is away again: try again next round
        }
        if (held.remove(key, claim)) {
            events.lost(claim.name());
        }
    }

    private byte[] value(String name, String session) {
        return (server + "\n" + name + "\n" + session).getBytes(StandardCharsets.UTF_8);
    }

    private static String key(String skeleton) {
        return RoomSubjects.token(skeleton);
    }

    /**
     * Stops renewing; with {@code release} gives every name back (a server that stops cleanly), without it leaves
     * them to expire (as a crash would).
     */
    public void close(boolean release) {
        renewer.shutdownNow();
        if (release) {
            for (Map.Entry<String, Held> entry : held.entrySet()) {
                try {
                    bucket.delete(entry.getKey(), entry.getValue().revision());
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    // It expires within the TTL anyway.
                }
            }
        }
        held.clear();
    }

    @Override
    public void close() {
        close(true);
    }
}

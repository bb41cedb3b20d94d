package chatlab.cluster;

import chatlab.history.Retention;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a server joins a cluster; every limit with its unit, the defaults and their reasons in docs/CLUSTER.md.
 *
 * @param servers        the brokers' URLs ({@code nats://host:4222}, {@code tls://host:4222}, credentials as NATS takes
 *                       them in the URL); the client tries them in turn and moves to another when one goes away
 * @param prefix         names this cluster's streams, buckets and subjects, so several clusters share a broker
 * @param retention      what each room's stream keeps (the broker applies it on every append)
 * @param requestTimeout how long an append waits for the broker's acknowledgement, and any other call for its answer
 * @param nameTtl        how long a claimed name outlives its server's last heartbeat: a server that dies without
 *                       saying goodbye has its names free again after at most this (the claims are renewed every
 *                       third of it)
 * @param presenceInterval how often a server tells the others its whole roster even when nothing changed; a server
 *                       not heard from for three intervals is taken to be gone and its users leave every list
 * @param replicas       how many brokers of a NATS cluster keep each room stream and bucket: 1 for a single broker,
 *                       3 (or 5) for a NATS cluster of that many, so the cluster's state survives losing a broker's
 *                       machine; every server of a chatlab cluster should give the same
 * @param access         the brokers' TLS trust and this server's login, beyond what the URLs say
 */
public record ClusterConfig(List<String> servers, String prefix, Retention retention, Duration requestTimeout,
        Duration nameTtl, Duration presenceInterval, int replicas, BrokerAccess access) {
    public static final String DEFAULT_PREFIX = "CHATLAB";
    /** 5 s: the broker answers in well under a millisecond on a LAN; 5 s outlasts a leader move in a NATS cluster. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** 15 s: a dead server's names come free within 15 s, while a renewal every 5 s survives a 10 s broker hiccup. */
    public static final Duration DEFAULT_NAME_TTL = Duration.ofSeconds(15);
    /** 5 s: a dead server's users leave everyone's lists 15 to 20 s after its last roster (three missed, checked each). */
    public static final Duration DEFAULT_PRESENCE_INTERVAL = Duration.ofSeconds(5);
    /** Presence rosters missed before a server counts as gone. */
    public static final int MISSED_ROSTERS = 3;
    /** 1: a single broker (a NATS cluster of three takes 3). */
    public static final int DEFAULT_REPLICAS = 1;
    /** JetStream keeps a stream on at most 5 brokers (nats-server's StreamMaxReplicas). */
    public static final int MAX_REPLICAS = 5;
    /** 100 ms: below it the broker's own round trips on a busy machine would time out the calls. */
    public static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(100);
    /** 1 s: a claim is renewed every third of its TTL, and a shorter life is lost to one slow renewal. */
    public static final Duration MIN_NAME_TTL = Duration.ofSeconds(1);
    /** 100 ms: every server sends its whole roster this often; more often would be a flood, not presence. */
    public static final Duration MIN_PRESENCE_INTERVAL = Duration.ofMillis(100);

    public ClusterConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(nameTtl, "nameTtl");
        Objects.requireNonNull(presenceInterval, "presenceInterval");
        Objects.requireNonNull(access, "access");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one broker URL");
        }
        if (!prefix.matches("[A-Z][A-Z0-9_]{0,31}")) {
            throw new IllegalArgumentException("prefix must be 1 to 32 upper-case letters, digits or _, got " + prefix);
        }
        atLeast("request timeout", requestTimeout, MIN_REQUEST_TIMEOUT);
        atLeast("name time to live", nameTtl, MIN_NAME_TTL);
        atLeast("presence interval", presenceInterval, MIN_PRESENCE_INTERVAL);
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be 1 to " + MAX_REPLICAS + " (JetStream's most), got "
                    + replicas);
        }
    }

    private static void atLeast(String what, Duration value, Duration least) {
        if (value.compareTo(least) < 0) {
            throw new IllegalArgumentException("the cluster's " + what + " must be at least " + least.toMillis()
                    + " ms, got " + value.toMillis() + " ms");
        }
    }

    public static ClusterConfig of(List<String> servers) {
        return new ClusterConfig(servers, DEFAULT_PREFIX, Retention.defaults(), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_NAME_TTL, DEFAULT_PRESENCE_INTERVAL, DEFAULT_REPLICAS, BrokerAccess.none());
    }

    public ClusterConfig withPrefix(String value) {
        return new ClusterConfig(servers, value, retention, requestTimeout, nameTtl, presenceInterval, replicas,
                access);
    }

    public ClusterConfig withRetention(Retention value) {
        return new ClusterConfig(servers, prefix, value, requestTimeout, nameTtl, presenceInterval, replicas, access);
    }

    public ClusterConfig withRequestTimeout(Duration value) {
        return new ClusterConfig(servers, prefix, retention, value, nameTtl, presenceInterval, replicas, access);
    }

    public ClusterConfig withNameTtl(Duration value) {
        return new ClusterConfig(servers, prefix, retention, requestTimeout, value, presenceInterval, replicas, access);
    }

    public ClusterConfig withPresenceInterval(Duration value) {
        return new ClusterConfig(servers, prefix, retention, requestTimeout, nameTtl, value, replicas, access);
    }

    public ClusterConfig withReplicas(int value) {
        return new ClusterConfig(servers, prefix, retention, requestTimeout, nameTtl, presenceInterval, value, access);
    }

    public ClusterConfig withAccess(BrokerAccess value) {
        return new ClusterConfig(servers, prefix, retention, requestTimeout, nameTtl, presenceInterval, replicas,
                value);
    }

    /** How long a server's users stay listed after its last roster. */
    public Duration presenceExpiry() {
        return presenceInterval.multipliedBy(MISSED_ROSTERS);
    }

    RoomSubjects subjects() {
        return new RoomSubjects(prefix);
    }
}

package chatlab.cli;

import chatlab.cluster.ClusterConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * {@code chatlab server --cluster-prefix --cluster-replicas --cluster-request-timeout --cluster-name-ttl
 * --cluster-presence-interval}: the {@link ClusterConfig} an operator may set (docs/CLUSTER.md, *Limits and
 * defaults*). Defaults are ClusterConfig's constants ({@link OptionDefaults.Server}); a value ClusterConfig refuses
 * is a usage error naming the option. Every server of one chatlab cluster should be given the same values.
 */
final class ServerClusterOptions {
    @Option(names = "--cluster-prefix", paramLabel = "NAME",
            description = "With --cluster: names this cluster's streams, buckets and subjects (NAME_ROOM_..., "
                    + "name.room....), so several clusters can share a broker; 1 to 32 upper-case letters, digits or "
                    + "_ (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--cluster-replicas", paramLabel = "N",
            description = "With --cluster: how many brokers of a NATS cluster keep each room stream and bucket: 1 for "
                    + "a single nats-server, 3 (or 5) for a NATS cluster of that many, to survive losing a broker's "
                    + "machine (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--cluster-request-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --cluster: how long a message waits for the broker's acknowledgement, a whisper for "
                    + "the other server's answer, and any other call for the broker (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--cluster-name-ttl", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --cluster: a user's name stays claimed this long after its server's last renewal "
                    + "(every third of it), so a dead server's names come free within it (default: "
                    + "${DEFAULT-VALUE}).")
    Duration nameTtl;

    @Option(names = "--cluster-presence-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --cluster: how often a server tells the others its whole roster; one silent for three "
                    + "intervals is gone and its users leave every list (default: ${DEFAULT-VALUE}).")
    Duration presenceInterval;

    /** The config with these values; one ClusterConfig refuses is a usage error (exit 2) naming its option. */
    ClusterConfig applyTo(ClusterConfig config) {
        ClusterConfig with = checked("--cluster-prefix", config, c -> c.withPrefix(prefix));
        with = checked("--cluster-replicas", with, c -> c.withReplicas(replicas));
        with = checked("--cluster-request-timeout", with, c -> c.withRequestTimeout(requestTimeout));
        with = checked("--cluster-name-ttl", with, c -> c.withNameTtl(nameTtl));
        return checked("--cluster-presence-interval", with, c -> c.withPresenceInterval(presenceInterval));
    }

    private static ClusterConfig checked(String option, ClusterConfig config, UnaryOperator<ClusterConfig> change) {
        try {
            return change.apply(config);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage(), 2);
        }
    }
}

package chatlab.cluster;

import io.nats.client.JetStreamApiException;
import java.io.IOException;

/**
 * The brokers cannot keep a stream or bucket in as many replicas as {@link ClusterConfig#replicas} asks: a single
 * nats-server keeps one, and a NATS cluster needs at least as many JetStream brokers as replicas. Thrown when the
 * server joins (the buckets are made then), so {@code --cluster-replicas 3} against one broker stops the server with
 * this sentence instead of failing each message later.
 */
public final class ReplicasRefusedException extends IOException {
    /**
     * nats-server's errors.json: "replicas > 1 not supported in non-clustered mode", "no suitable peers for
     * placement".
     */
    static final int REPLICAS_NOT_SUPPORTED = 10074;
    static final int NO_SUITABLE_PEERS = 10005;

    /** @param cause the broker's refusal, or null when it took the change and kept fewer replicas */
    ReplicasRefusedException(String what, int replicas, String detail, JetStreamApiException cause) {
        super(ClusterTexts.replicasRefused(what, replicas, detail), cause);
    }

    /** Whether the broker refused because of the replicas. */
    static boolean isAbout(JetStreamApiException e) {
        return e.getApiErrorCode() == REPLICAS_NOT_SUPPORTED || e.getApiErrorCode() == NO_SUITABLE_PEERS;
    }
}

package chatlab.cluster;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import java.io.IOException;
import java.time.Duration;

/**
 * The cluster's key-value buckets (claimed names, topics) on the broker: made when missing, and given this server's
 * replicas and time to live when they have others (an operator changed {@code --cluster-replicas} or
 * {@code --cluster-name-ttl}: the broker applies the new ones at once, as {@link RoomStreams#ensure} does for the
 * rooms' retention).
 */
final class Buckets {
    private Buckets() {}

    /** @throws ReplicasRefusedException when the brokers cannot keep the bucket in its replicas */
    static void ensure(Connection connection, KeyValueConfiguration wanted) throws IOException, JetStreamApiException {
        String name = wanted.getBucketName();
        String cluster = connection.getServerInfo().getCluster();
        if (wanted.getReplicas() > 1 && (cluster == null || cluster.isEmpty())) {
            // A single nats-server refuses to make a bucket of 3 replicas, but takes an existing one's change to 3
            // without a word (2.9.10) and then refuses every new room stream of 3: refused here, when joining.
            throw new ReplicasRefusedException("the bucket " + name, wanted.getReplicas(),
                    "it is a single nats-server, in no NATS cluster", null);
        }
        KeyValueManagement kvm = connection.keyValueManagement();
        if (!kvm.getBucketNames().contains(name)) {
            try {
                kvm.create(wanted);
                return;
            } catch (JetStreamApiException e) {
                if (ReplicasRefusedException.isAbout(e)) {
                    throw new ReplicasRefusedException("the bucket " + name, wanted.getReplicas(),
                            e.getErrorDescription(), e);
                }
                if (!kvm.getBucketNames().contains(name)) {
                    throw e;
                }
                // Another server made it at the same moment: checked below as any bucket that was there.
            }
        }
        KeyValueStatus have = kvm.getStatus(name);
        if (have.getReplicas() != wanted.getReplicas() || !ttl(have.getTtl()).equals(ttl(wanted.getTtl()))) {
            try {
                kvm.update(wanted);
            } catch (JetStreamApiException e) {
                if (have.getReplicas() != wanted.getReplicas()) {
                    throw new ReplicasRefusedException("the bucket " + name, wanted.getReplicas(),
                            e.getErrorDescription(), e);
                }
                throw e;
            }
        }
    }

    /** No TTL is zero, whichever way the client reports it. */
    private static Duration ttl(Duration value) {
        return value == null ? Duration.ZERO : value;
    }
}

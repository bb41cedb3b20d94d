package chatlab.cluster;

import chatlab.testkit.NatsBroker;
import java.util.List;

/** The cluster configuration of a test's broker. */
final class Brokers {
    private Brokers() {}

    static ClusterConfig config(NatsBroker broker) {
        return ClusterConfig.of(List.of(broker.url()));
    }
}

package chatlab.cluster;

import chatlab.testkit.Cleanup;
import chatlab.testkit.NatsBroker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with its own nats-server (JetStream, its store in the test's folder) and what it opened, closed after it. */
abstract class BrokerTest {
    @TempDir
    Path dir;

    final Cleanup open = new Cleanup();
    NatsBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = open.add(NatsBroker.start(dir));
    }

    @AfterEach
    void stop() throws Exception {
        open.close();
    }

    /** The cluster configuration of this test's broker. */
    ClusterConfig config() {
        return ClusterConfig.of(List.of(broker.url()));
    }

    /** A server's link to the broker, closed after the test. */
    NatsLink link(String server) throws Exception {
        return open.add(NatsLink.connect(config(), "test " + server));
    }
}

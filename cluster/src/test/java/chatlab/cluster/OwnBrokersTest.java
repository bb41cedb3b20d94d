package chatlab.cluster;

import chatlab.testkit.Cleanup;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test that starts its own nats-servers, each as it needs it (TLS, operator mode, a NATS cluster), in its temporary
 * folder; what it opened (brokers, links, logs) is closed after it.
 */
abstract class OwnBrokersTest {
    @TempDir
    Path dir;

    final Cleanup open = new Cleanup();

    @AfterEach
    void stop() throws Exception {
        open.close();
    }
}

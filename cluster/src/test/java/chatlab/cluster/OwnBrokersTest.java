package chatlab.cluster;

import chatlab.testkit.Cleanup;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test that starts its own nats-servers, each as it needs it (TLS, operator mode, a NATS cluster), in its temporary
 * folder; what it opened (brokers, links, logs) is closed after it.
 */
abstract class OwnBrokersTest {
    @TempDir
    Path dir;

    /**
     * The connect timeout (the request timeout, 5 s by default) of a link the broker is expected to refuse: jnats
     * fails the connect only when it is over, even after the broker's "Authorization Violation" or a TLS handshake
     * it ended over a missing client certificate (each such refusal took 5 s). The broker refuses within milliseconds
     * on the loopback, and what it said (or what the handshake showed) is in the error either way.
     */
    static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(2);

    final Cleanup open = new Cleanup();

    @AfterEach
    void stop() throws Exception {
        open.close();
    }
}

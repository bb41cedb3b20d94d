package chatlab.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One server's connection to the brokers. It reconnects for ever (every {@link #RECONNECT_WAIT}, trying each URL in
 * turn). While it is away, the log and the bus refuse to publish ({@link #state} is not {@link State#CONNECTED}), so
 * a message is refused rather than held and sent late (docs/CLUSTER.md, *When the broker goes away*).
 *
 * <p>jnats 2.26.1, not 2.24.0: with 2.24.0 about one reconnect in three after the broker was killed left the client
 * sending nothing more (its writer waiting on the reconnect queue, nats.java issue 1522), so nothing was stored until
 * the process restarted; {@code JetStreamMessageLogTest.nothingAcknowledgedIsLostWhenTheBrokerIsKilled} failed 4
 * runs of 12 with 2.24.0 and none of 12 with 2.26.1.
 */
public final class NatsLink implements AutoCloseable {
    /** Between two reconnect attempts to the same URL. */
    static final Duration RECONNECT_WAIT = Duration.ofMillis(500);

    /** Whether the link is up, for the log's health, the metrics and the tests. */
    public enum State {
        CONNECTED,
        RECONNECTING,
        CLOSED
    }

    private final Connection connection;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.CONNECTED;
    /** The last thing the client reported going wrong (a TLS or authorization failure), for the connect error. */
    private volatile String lastProblem;
    /** Whether the broker itself sent an error ({@code -ERR 'Authorization Violation'}): it says why, then. */
    private volatile boolean brokerSaid;

    private NatsLink(ClusterConfig config, String name) throws IOException, InterruptedException {
        ConnectionListener listener = (conn, event) -> {
            State next = switch (event) {
                case CONNECTED, RECONNECTED, RESUBSCRIBED -> State.CONNECTED;
                case DISCONNECTED -> State.RECONNECTING;
                case CLOSED -> State.CLOSED;
                default -> null;
            };
            if (next != null && next != state) {
                state = next;
                listeners.forEach(l -> l.accept(next));
            }
        };
        Options.Builder options = Options.builder()
                .servers(config.servers().toArray(String[]::new))
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .connectionTimeout(config.requestTimeout())
                .connectionListener(listener)
                .errorListener(new io.nats.client.ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        lastProblem = error;
                        brokerSaid = true;
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exception) {
                        lastProblem = describe(exception);
                    }
                });
        config.access().applyTo(options);
        try {
            this.connection = Nats.connect(options.build());
        } catch (IOException e) {
            // jnats says only that no broker answered; what the broker or the TLS handshake said is the useful part.
            // Its error callbacks have run by now: a failed connect closes the connection, which waits for its
            // callback executor to finish (jnats 2.26.1, Options.shutdownExecutors).
            String problem = lastProblem;
            String refusal = config.access().tlsRefusal();
            if (refusal != null && !brokerSaid) {
                // The broker ended the handshake over this server's certificate; jnats saw a timeout or a broken pipe.
                problem = refusal + (problem == null ? "" : "; " + problem);
            }
            throw problem == null || e.getMessage() == null || e.getMessage().contains(problem) ? e
                    : new IOException(e.getMessage() + " (" + problem + ")", e);
        }
    }

    /**
     * Connects to the first broker that answers.
     *
     * @param name what the broker shows for this connection ({@code chatlab server A})
     * @throws IOException when no broker answers
     */
    public static NatsLink connect(ClusterConfig config, String name) throws IOException, InterruptedException {
        return new NatsLink(config, name);
    }

    /** The deepest cause's words ({@code unable to find valid certification path to requested target}). */
    private static String describe(Exception exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public Connection connection() {
        return connection;
    }

    public State state() {
        return state;
    }

    /** Called with every change of state, on the NATS client's thread: return quickly. */
    public void onStateChange(Consumer<State> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

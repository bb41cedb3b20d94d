package chatlab.cli;

import chatlab.server.ChatServer;
import chatlab.server.metrics.MetricsEndpoint;
import chatlab.server.metrics.PrometheusText;
import chatlab.server.metrics.ServerMetricsText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The metrics endpoint of {@code chatlab server --metrics}: it listens before the chat server starts (a port in use
 * stops the start before any client is taken) and answers 503 until {@link #serve} hands it the server. A scrape is
 * the server's own metrics and, with {@code --cluster}, the link's ({@link NatsCluster}).
 */
final class ServerMetrics implements AutoCloseable {
    private final MetricsEndpoint endpoint;
    private volatile ChatServer server;
    private volatile NatsCluster cluster;

    private ServerMetrics(InetSocketAddress address) throws IOException {
        this.endpoint = MetricsEndpoint.start(address, this::scrape);
    }

    /**
     * Listens on {@code address}.
     *
     * @throws UserError when the address cannot be listened on (a port in use, an address not of this machine)
     */
    static ServerMetrics listen(InetSocketAddress address) {
        try {
            return new ServerMetrics(address);
        } catch (chatlab.server.PortInUseException e) {
            throw new UserError("cannot serve metrics on " + describe(address) + ": the port is already in use; "
                    + "choose another with --metrics");
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** From now on scrapes read {@code server} (and {@code cluster}, when not null). */
    void serve(ChatServer server, NatsCluster cluster) {
        this.cluster = cluster;
        this.server = server;
    }

    /** The port it listens on (the one it got, when asked for port 0). */
    int port() {
        return endpoint.address().getPort();
    }

    /** Where it listens, as a URL. */
    String url() {
        return "http://" + describe(endpoint.address()) + MetricsEndpoint.PATH;
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private CompletionStage<String> scrape() {
        ChatServer current = server;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the chat server is starting"));
        }
        NatsCluster link = cluster;
        return current.metrics().exceptionally(stopped -> {
            throw new IllegalStateException("the chat server is stopping", stopped);
        }).thenApply(snapshot -> {
            PrometheusText text = new PrometheusText();
            ServerMetricsText.write(snapshot, text);
            if (link != null) {
                text.single("chatlab_cluster_link_up", "gauge",
                        "1 while this server's link to the cluster's broker is connected, 0 while it reconnects.",
                        link.linkUp() ? 1 : 0);
                text.single("chatlab_cluster_reconnects_total", "counter",
                        "Times the link to the cluster's broker was connected again after it was lost.",
                        link.reconnects());
            }
            return text.toString();
        });
    }

    @Override
    public void close() {
        endpoint.close();
    }
}

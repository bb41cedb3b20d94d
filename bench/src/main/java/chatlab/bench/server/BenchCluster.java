package chatlab.bench.server;

import chatlab.bench.LoopbackTarget;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of chatlab servers the bench starts for one run: a NATS broker with JetStream (started here, or one on
 * the loopback the user names) and {@code servers} chatlab server processes joined to it with {@code --cluster}, each
 * on its own free loopback port with the bench's lifted limits. Its probe counts every server process and the broker
 * (when its PID is known). Everything it started is ended by its PID on {@link #close()}, the servers first.
 */
public final class BenchCluster implements AutoCloseable {
    /** Most servers one bench cluster starts: each is a JVM on this machine. */
    public static final int MAX_SERVERS = 16;

    private final SpawnedServer broker;
    private final Long brokerPid;
    private final String brokerUrl;
    private final List<SpawnedServer> servers = new ArrayList<>();

    private BenchCluster(SpawnedServer broker, Long brokerPid, String brokerUrl) {
        this.broker = broker;
        this.brokerPid = brokerPid;
        this.brokerUrl = brokerUrl;
    }

    /**
     * Starts the broker (unless {@code brokerUrl} names one) and the servers, and waits until each listens.
     *
     * @param brokerUrl   a running broker on the loopback ({@link #checkBrokerUrl}), or null to start one here
     * @param brokerPid   that broker's PID, for its CPU time; null when unknown (its CPU is then not counted)
     * @param connections clients of the whole run (every server's limits fit them all: other servers' users count
     *                    on each)
     * @throws IllegalStateException with one sentence when something cannot be started
     */
    public static BenchCluster start(int servers, String brokerUrl, Long brokerPid, int connections,
            SpawnedServer.ChatlabJvm jvm, Duration timeout) {
        if (servers < 1 || servers > MAX_SERVERS) {
            throw new IllegalArgumentException("--servers must be between 1 and " + MAX_SERVERS + ", got " + servers);
        }
        SpawnedServer broker = brokerUrl == null ? SpawnedServer.startClusterBroker(timeout) : null;
        BenchCluster cluster = broker != null ? new BenchCluster(broker, broker.pid(), broker.natsUrl())
                : new BenchCluster(null, brokerPid, checkBrokerUrl(brokerUrl));
        try {
            List<String> args = new ArrayList<>(jvm.serverArgs());
            args.addAll(List.of("--cluster", cluster.brokerUrl));
            SpawnedServer.ChatlabJvm joined = jvm.withServerArgs(args);
            for (int i = 0; i < servers; i++) {
                cluster.servers.add(SpawnedServer.start(SpawnedServer.Kind.CHATLAB, connections, joined, timeout));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * A broker address as {@code chatlab server --cluster} takes it, {@code nats://HOST:PORT} (or {@code tls://},
     * with {@code USER:PASSWORD@} if the broker wants it), whose host is on the loopback: the bench sends nothing
     * off this machine. Returns it unchanged.
     *
     * @throws IllegalArgumentException with one sentence for anything else
     */
    public static String checkBrokerUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--cluster takes the broker's address, nats://HOST:PORT, not '" + url + "'");
        }
        if (uri.getScheme() == null || !List.of("nats", "tls").contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--cluster takes the broker's address, nats://HOST:PORT (or tls://), "
                    + "not '" + url + "'");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        LoopbackTarget.address(host); // refuses anything off the loopback, with its sentence
        return url.trim();
    }

    /** The servers' addresses, in the order they started: the clients are spread over them in turn. */
    public List<InetSocketAddress> addresses() {
        return servers.stream().map(SpawnedServer::address).toList();
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    /** Whether the broker's CPU is counted (the bench started it, or its PID was given). */
    public boolean brokerMeasured() {
        return brokerPid != null;
    }

    /** Every server process, then the broker when its PID is known. */
    public ServerProbe probe() {
        List<ServerProbe.Member> members = new ArrayList<>();
        for (SpawnedServer server : servers) {
            members.add(new ServerProbe.Member(ServerProbe.SERVER, server.pid()));
        }
        if (brokerPid != null) {
            members.add(new ServerProbe.Member(ServerProbe.BROKER, brokerPid));
        }
        return ServerProbe.group(members);
    }

    /** Stops the servers (each says goodbye to the cluster), then a broker the bench started. */
    @Override
    public void close() {
        for (SpawnedServer server : servers) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}

package chatlab.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The chat server: binds its addresses, accepts lab-wire clients and runs the room. {@link #start} returns once
 * it listens; {@link #close} stops accepting, tells every client, closes them and frees the threads.
 */
public final class ChatServer implements AutoCloseable {
    /**
     * JVM options the {@code chatlab} launcher gives a server: a periodic collection when idle and a heap kept near
     * what is live, so the resident size follows the connections held (about 6 KB each) instead of the high-water
     * mark of a join storm's garbage.
     */
    public static final List<String> RECOMMENDED_JVM_OPTIONS = List.of("-XX:+UseG1GC",
            "-XX:G1PeriodicGCInterval=5000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    /**
     * Connections the kernel may hold for us before we accept them: a join storm of thousands arrives faster than
     * one loop accepts. Linux caps it at {@code net.core.somaxconn} (4096 by default since 5.4).
     */
    static final int ACCEPT_BACKLOG = 4096;

    /** What the server calls itself in a v2 welcome. */
    public static final String SOFTWARE = "chatlab/" + version();

    private final ServerConfig config;
    private final ServerEvents events;
    private final EventLoopGroup group;
    private final ChannelGroup connections = new DefaultChannelGroup("chatlab-connections", GlobalEventExecutor.INSTANCE);
    private final RoomService room;
    /** The message log, or null without history. */
    private final ServerHistory history;
    private final ServerInitializer initializer;
    private final List<Channel> listeners = new ArrayList<>();
    private boolean closed;

    private ChatServer(ServerConfig config, ServerEvents events, ServerHistory.Opened history, ClusterLink cluster,
            ServerCounters counters, boolean countBytes) {
        this.config = config;
        this.events = events;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), config.transport().ioHandlerFactory());
        // The room lives on the first event loop: with one I/O thread (the default) every delivery is a direct write.
        EventExecutor roomLoop = group.next();
        this.history = history == null ? null : history.start(roomLoop);
        this.room = new RoomService(events, config.limits(), config.connectionLimits().maxUsersPerAddress(),
                config.presenceBatchWindow(), config.presenceMaxDelay(), config.presenceBytesPerSecond(),
                config.writeCoalescing(), SOFTWARE, roomLoop, config.labUdpPort(), config.rooms(),
                this.history == null ? RoomLogs.inMemory() : this.history.roomLogs(), config.history(), cluster,
                counters);
        this.initializer = new ServerInitializer(config.limits(), config.connectionLimits(), config.security(), room,
                connections, config.web(), counters, countBytes);
    }

    private static String version() {
        String version = ChatServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * Netty samples buffers for leaks by default, which costs a wrapper and a stack trace now and then on the
     * fan-out path. The server turns it off unless {@code io.netty.leakDetection.level} is set (the tests set it).
     */
    private static void leakDetectionOffUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Starts a server and returns once it listens on every address, or throws if one cannot be bound. */
    public static ChatServer start(ServerConfig config, ServerEvents events) throws IOException {
        return start(config, events, null);
    }

    /**
     * Starts a server that is part of a cluster ({@code cluster} not null: docs/CLUSTER.md); the server closes the
     * link when it stops.
     */
    public static ChatServer start(ServerConfig config, ServerEvents events, ClusterLink cluster) throws IOException {
        return start(config, events, cluster, false);
    }

    /**
     * Starts a server, in a cluster when {@code cluster} is not null.
     *
     * @param metrics whether its metrics are read ({@code --metrics}): then every connection counts its bytes too, at
     *                the cost of one more pipeline stage; every other count is kept in any case (docs/METRICS.md)
     */
    public static ChatServer start(ServerConfig config, ServerEvents events, ClusterLink cluster, boolean metrics)
            throws IOException {
        leakDetectionOffUnlessAsked();
        CodecWarmup.run();
        ServerCounters counters = new ServerCounters();
        // The log is opened (and its rooms read) before anything listens: a log that cannot be opened stops the start.
        // A cluster's servers share its log (the rooms' streams): the same numbers everywhere (docs/CLUSTER.md).
        ServerHistory.Opened history = cluster != null ? ServerHistory.ofCluster(config.history(), cluster.log())
                : config.history().enabled()
                        ? ServerHistory.open(config.history(), counters.countingLog(events.historyEvents())) : null;
        ChatServer server;
        try {
            server = new ChatServer(config, events, history, cluster, counters, metrics);
        } catch (RuntimeException e) {
            if (history != null) {
                history.close();
            }
            throw e;
        }
        try {
            server.bindAll();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        events.listening(server.localAddresses());
        return server;
    }

    private void bindAll() throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(config.transport().serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // One read per turn into a fixed 64 KiB buffer: a lab message is what one read returns, so the buffer
                // must not shrink after small messages (the Python server reads 1024 bytes; we read more, never less),
                // and a flooding client is paused after at most one read, since the room's backlog is checked between reads.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(64 * 1024).maxMessagesPerRead(1))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, SlowReaders.waterMark(config.limits()))
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, HeldBytesEstimator.INSTANCE)
                .childHandler(initializer);
        config.transport().keepAlive(bootstrap, config.connectionLimits());
        if (config.limits().socketSendBufferBytes() > 0) {
            // A fixed send buffer keeps the kernel's share of a slow reader's backlog small (autotuned, it grows to 4 MiB
            // here), so the outbound limits see it soon and bound it (docs/LIMITS.md, "Slow readers").
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.limits().socketSendBufferBytes());
        }
        if (config.bindAddresses().isEmpty()) {
            bindWildcard(bootstrap);
            return;
        }
        int port = config.port();
        for (InetAddress address : config.bindAddresses()) {
            listeners.add(bind(bootstrap, new InetSocketAddress(address, port)));
            if (port == 0) {
                // Every further address listens on the port the first one got, so clients need only one number.
                port = ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
            }
        }
    }

    /**
     * Listens on every address. On Linux the IPv6 wildcard is dual-stack and takes IPv4 clients too (they appear
     * as IPv4-mapped addresses); where IPv6 is disabled, the IPv4 wildcard is used instead.
     */
    private void bindWildcard(ServerBootstrap bootstrap) throws IOException {
        try {
            listeners.add(bind(bootstrap, new InetSocketAddress(InetAddress.getByName("::"), config.port())));
        } catch (IOException ipv6Failure) {
            if (ipv6Failure instanceof PortInUseException) {
                throw ipv6Failure;
            }
            listeners.add(bind(bootstrap, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), config.port())));
        }
    }

    private static Channel bind(ServerBootstrap bootstrap, InetSocketAddress address) throws IOException {
        ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            if (PortInUseException.isInUse(cause)) {
                throw new PortInUseException(address, cause);
            }
            throw new IOException("cannot listen on " + describe(address) + ": " + cause.getMessage(), cause);
        }
        return future.channel();
    }

    static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public List<SocketAddress> localAddresses() {
        List<SocketAddress> addresses = new ArrayList<>();
        for (Channel listener : listeners) {
            addresses.add(listener.localAddress());
        }
        return addresses;
    }

    /** The port the server listens on (useful when the config asked for port 0). */
    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** Total bytes of user-map updates sent to clients so far. */
    public long presenceBytesSent() {
        return room.presenceBytesSent();
    }

    /** The transport the event loops run on (epoll, io_uring or nio). */
    public Transport transport() {
        return config.transport().resolve();
    }

    /** Total bytes of v2 presence messages sent so far (welcomes not included). */
    public long v2PresenceBytesSent() {
        return room.v2PresenceBytesSent();
    }

    public int openConnections() {
        return initializer.openConnections();
    }

    /**
     * The server's counts, each room's users here and the open connections by wire, for a metrics scrape
     * (docs/METRICS.md). The counts are read on the rooms' loop, where they are written, so the future completes after
     * what the loop is doing now; it fails once the server has stopped.
     */
    public CompletableFuture<MetricsSnapshot> metrics() {
        Map<String, Integer> openByWire = new TreeMap<>();
        for (String wire : List.of("lab", "v2", "web", "pending")) {
            openByWire.put(wire, 0);
        }
        for (Channel channel : connections) {
            if (channel.isActive()) {
                openByWire.merge(wireOf(channel), 1, Integer::sum);
            }
        }
        CompletableFuture<MetricsSnapshot> snapshot = new CompletableFuture<>();
        try {
            room.metrics(openByWire).addListener(done -> {
                if (done.isSuccess()) {
                    snapshot.complete((MetricsSnapshot) done.getNow());
                } else {
                    snapshot.completeExceptionally(done.cause());
                }
            });
        } catch (RejectedExecutionException stopped) {
            snapshot.completeExceptionally(stopped);
        }
        return snapshot;
    }

    /** The label of a connection's wire in the metrics: lab, v2, web (a browser's WebSocket) or pending. */
    private static String wireOf(Channel channel) {
        if (chatlab.server.web.BrowserSessions.isBrowser(channel)) {
            return "web";
        }
        chatlab.protocol.v2.Wire wire = chatlab.server.handler.ChannelWire.detected(channel);
        return wire == null ? "pending" : wire.text();
    }

    /** Stops accepting, tells every client the server is going away, closes them, and frees all threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (!listeners.isEmpty()) {
            room.stop(new ArrayList<>(connections)).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        connections.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (history != null) {
            history.close(); // what was handed over commits first: nothing taken is lost on an orderly stop
        }
    }

}

package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accepted connections carry TCP keepalive with the configured idle time, interval and probe count, so a peer that
 * vanished without a word (host down, cable pulled) is dropped by the kernel. A registered lab client is never timed
 * out for silence: keepalive probes are answered by a live peer's kernel, so they cost a live user nothing.
 */
class TcpKeepAliveTest {
    /** /proc/net/tcp: timer kind 2 is the keepalive timer (net/ipv4/tcp_ipv4.c, get_tcp4_sock). */
    private static final int KEEPALIVE_TIMER = 2;
    /** /proc/net/tcp reports timer expiry in clock ticks of USER_HZ, 100 per second on Linux. */
    private static final int USER_HZ = 100;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void theKernelRunsAKeepaliveTimerOnASilentRegisteredConnection(Transport transport) throws Exception {
        ConnectionLimits limits = ConnectionLimits.defaults()
                .withKeepAlive(Duration.ofSeconds(45), Duration.ofSeconds(7), 3);
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults(), Duration.ZERO)
                .withTransport(transport).withConnectionLimits(limits)));
        RawLabClient client = cleanup.add(fixture.connect(80));
        client.send("quiet");
        client.awaitContains("\"quiet\"");

        int clientPort = client.localAddress().getPort();
        Await.until("the server's socket to the client to run a keepalive timer",
                () -> serverSocketTimer(fixture.server.port(), clientPort),
                timer -> timer.isPresent() && timer.get().kind() == KEEPALIVE_TIMER);
        long secondsLeft = serverSocketTimer(fixture.server.port(), clientPort).orElseThrow().ticks() / USER_HZ;
        assertThat(secondsLeft).isBetween(1L, 45L); // counting down from the configured idle time, not Linux's 7200 s
    }

    /**
     * io_uring is taken only when asked and only where the kernel allows it (Linux 5.x and later; container runtimes
     * often forbid it): there a lab client registers over it and its socket gets the same keepalive; elsewhere the
     * server refuses to start with the reason.
     */
    @org.junit.jupiter.api.Test
    void ioUringCarriesTheSameKeepaliveOrSaysWhyItCannotRun() throws Exception {
        if (!io.netty.channel.uring.IoUring.isAvailable()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(Transport.IO_URING::resolve)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the io_uring transport is not available here: ");
            return;
        }
        assertThat(Transport.IO_URING.resolve()).isEqualTo(Transport.IO_URING);
        theKernelRunsAKeepaliveTimerOnASilentRegisteredConnection(Transport.IO_URING);
        idleIntervalAndProbeCountAreSetOnEveryAcceptedSocket(Transport.IO_URING);
    }

    /** A socket's pending timer: its kind (0 none, 1 retransmit, 2 keepalive, ...) and the ticks until it fires. */
    private record Timer(int kind, long ticks) {}

    /**
     * The timer kind and ticks left of the server's end of a loopback connection, from /proc/net/tcp, or tcp6 (the
     * JDK opens IPv6 sockets where it can, and IPv4 peers then show as ::ffff:127.0.0.x).
     */
    private static Optional<Timer> serverSocketTimer(int serverPort, int clientPort) {
        List<String> lines = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> all = Files.readAllLines(Path.of(table));
                lines.addAll(all.subList(1, all.size()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + table, e);
            }
        }
        String local = String.format(Locale.ROOT, ":%04X", serverPort);
        String remote = String.format(Locale.ROOT, ":%04X", clientPort);
        for (String line : lines) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when ...
            String[] fields = line.trim().split("\\s+");
            if (fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                String[] timer = fields[5].split(":");
                return Optional.of(new Timer(Integer.parseInt(timer[0], 16), Long.parseLong(timer[1], 16)));
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void idleIntervalAndProbeCountAreSetOnEveryAcceptedSocket(Transport transport) throws Exception {
        ConnectionLimits limits = ConnectionLimits.defaults()
                .withKeepAlive(Duration.ofSeconds(45), Duration.ofSeconds(7), 3);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(transport.serverChannelClass())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted.complete(channel);
                    }
                });
        transport.keepAlive(bootstrap, limits);
        try {
            Channel listener = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            try (RawLabClient client = RawLabClient.connect(Ports.loopback(81), port)) {
                Channel channel = accepted.get(20, TimeUnit.SECONDS);
                var config = channel.config();
                assertThat(config.getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
                if (transport == Transport.EPOLL) {
                    assertThat(List.of(config.getOption(EpollChannelOption.TCP_KEEPIDLE),
                            config.getOption(EpollChannelOption.TCP_KEEPINTVL),
                            config.getOption(EpollChannelOption.TCP_KEEPCNT))).containsExactly(45, 7, 3);
                } else if (transport == Transport.IO_URING) {
                    assertThat(List.of(config.getOption(io.netty.channel.uring.IoUringChannelOption.TCP_KEEPIDLE),
                            config.getOption(io.netty.channel.uring.IoUringChannelOption.TCP_KEEPINTVL),
                            config.getOption(io.netty.channel.uring.IoUringChannelOption.TCP_KEEPCNT)))
                            .containsExactly(45, 7, 3);
                } else {
                    assertThat(List.of(config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE)),
                            config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)),
                            config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT))))
                            .containsExactly(45, 7, 3);
                }
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}

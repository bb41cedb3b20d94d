package chatlab.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Resolves a server name and connects to its addresses in turn (IPv4 and IPv6), for both wires' connections. */
final class TcpConnector {
    private TcpConnector() {}

    /**
     * @param timeout  how long each address gets before the next one is tried
     * @param pipeline sets up each attempt's pipeline
     * @throws ServerUnreachableException naming the host and why its addresses failed
     */
    static Channel connect(EventLoopGroup group, String host, int port, Optional<InetAddress> bindAddress,
            Duration timeout, Consumer<SocketChannel> pipeline) throws IOException {
        return connect(group, new ServerAddresses(host), port, bindAddress, timeout, pipeline);
    }

    /** Tries the addresses in {@code servers}' turn; one that fails is reported lost to it, so the next starts after. */
    static Channel connect(EventLoopGroup group, ServerAddresses servers, int port, Optional<InetAddress> bindAddress,
            Duration timeout, Consumer<SocketChannel> pipeline) throws IOException {
        String host = servers.host();
        List<InetAddress> addresses;
        try {
            addresses = servers.inTurn();
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve the server name '" + host + "'");
        }
        List<String> failures = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (InetAddress address : addresses) {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            pipeline.accept(ch);
                        }
                    });
            InetSocketAddress remote = new InetSocketAddress(address, port);
            ChannelFuture future = bindAddress
                    .map(local -> bootstrap.connect(remote, new InetSocketAddress(local, 0)))
                    .orElseGet(() -> bootstrap.connect(remote))
                    .awaitUninterruptibly();
            if (future.isSuccess()) {
                return future.channel();
            }
            servers.lost(address);
            String reason = ClientTexts.connectFailure(future.cause(), timeout);
            reasons.add(reason);
            failures.add(address.getHostAddress() + ": " + reason);
        }
        // One clause: the reason once when every address gave the same one, else each address with its own.
        boolean same = reasons.stream().distinct().count() == 1;
        String reason = same ? reasons.get(0) : String.join("; ", failures);
        throw new ServerUnreachableException(ClientTexts.cannotConnect(host, port, reason,
                same && reasons.get(0).equals(ClientTexts.REFUSED)), reason);
    }
}

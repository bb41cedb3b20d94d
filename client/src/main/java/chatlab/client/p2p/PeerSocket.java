package chatlab.client.p2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The UDP socket for direct messages: on the lab wire a datagram is the message's UTF-8 text, nothing else, sent
 * to the peer's address on the shared lab port.
 */
public final class PeerSocket {
    /** Largest datagram read; the lab reads 1024 bytes, chatlab takes any size UDP allows. */
    public static final int MAX_DATAGRAM_BYTES = 65_535;

    private final Channel channel;

    private PeerSocket(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds the socket with SO_REUSEADDR, as the lab does.
     *
     * @param received called with the sender's address and the datagram's bytes
     */
    public static PeerSocket bind(EventLoopGroup group, Optional<InetAddress> address, int port,
            BiConsumer<InetSocketAddress, byte[]> received) throws IOException {
        return bind(group, address, port, true, received);
    }

    /** @param reuseAddress share the port (the lab does); a v2 client binds alone so messages are not mixed up */
    public static PeerSocket bind(EventLoopGroup group, Optional<InetAddress> address, int port, boolean reuseAddress,
            BiConsumer<InetSocketAddress, byte[]> received) throws IOException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_REUSEADDR, reuseAddress)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM_BYTES))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        received.accept(packet.sender(), ByteBufUtil.getBytes(packet.content()));
                    }
                });
        InetSocketAddress local = address.map(a -> new InetSocketAddress(a, port)).orElseGet(() -> new InetSocketAddress(port));
        ChannelFuture future = bootstrap.bind(local).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IOException("cannot bind the UDP socket for direct messages to " + local + ": "
                    + future.cause().getMessage());
        }
        return new PeerSocket(future.channel());
    }

    /**
     * Binds the UDP socket of a v2 client, for this client alone (no SO_REUSEADDR): two clients sharing a port would
     * get each other's direct messages. When the port is taken, any free one is used instead and the user is told
     * (v2 peers learn the port from the server; lab clients, which always send to the lab's port, cannot reach it).
     */
    public static PeerSocket bindAlone(EventLoopGroup group, Optional<InetAddress> address, int port,
            BiConsumer<InetSocketAddress, byte[]> received, DirectOutput output) throws IOException {
        try {
            return bind(group, address, port, false, received);
        } catch (IOException taken) {
            if (port == 0) {
                throw taken;
            }
            PeerSocket any = bind(group, address, 0, false, received);
            output.info("UDP port " + port + " is taken (another client on this host?); direct messages come "
                    + "to port " + any.localAddress().getPort() + " instead. v2 peers learn it from the server; lab "
                    + "clients, which always send to port " + port + ", cannot reach you");
            return any;
        }
    }

    public Future<Void> send(InetSocketAddress recipient, byte[] payload) {
        return channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(payload), recipient));
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public Future<Void> close() {
        return channel.close();
    }
}

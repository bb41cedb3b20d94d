package chatlab.client;

import chatlab.protocol.lab.LabServerEvent;
import chatlab.protocol.lab.LabServerStreamSplitter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;

/** The TCP connection to a lab-wire server: connects, writes raw text, and splits what comes back. */
final class ServerConnection {
    private final Channel channel;

    private ServerConnection(Channel channel) {
        this.channel = channel;
    }

    /**
     * Resolves {@code host} and tries each of its addresses (IPv4 and IPv6) in turn until one accepts.
     *
     * @throws IOException naming the host and every address that failed
     */
    static ServerConnection connect(
            EventLoopGroup group,
            String host,
            int port,
            Optional<InetAddress> bindAddress,
            java.time.Duration connectTimeout,
            Consumer<LabServerEvent> events,
            Consumer<String> closed) throws IOException {
        Channel channel = TcpConnector.connect(group, host, port, bindAddress, connectTimeout,
                ch -> ch.pipeline().addLast(new Reader(events, closed)));
        return new ServerConnection(channel);
    }

    /** Writes the bytes as they are: on the lab wire a write is a message. */
    Future<Void> write(byte[] bytes) {
        return channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    Future<Void> close() {
        return channel.close();
    }

    Future<Void> closeFuture() {
        return channel.closeFuture();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    io.netty.channel.EventLoop eventLoop() {
        return channel.eventLoop();
    }

    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final LabServerStreamSplitter splitter = new LabServerStreamSplitter(ClientConfig.MAX_PENDING_MAP_BYTES);
        private final Consumer<LabServerEvent> events;
        private final Consumer<String> closed;
        private String failure;

        Reader(Consumer<LabServerEvent> events, Consumer<String> closed) {
            this.events = events;
            this.closed = closed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                splitter.feed(bytes, 0, bytes.length, events);
            } finally {
                buf.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.accept(failure == null ? "the server closed the connection" : failure);
        }
    }
}

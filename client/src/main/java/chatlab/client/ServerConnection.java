package chatlab.client;

import chatlab.protocol.lab.LabServerEvent;
import chatlab.protocol.lab.LabServerStreamSplitter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
            Duration connectTimeout,
            Consumer<LabServerEvent> events,
            Consumer<String> closed) throws IOException {
        Channel channel = TcpConnector.connect(group, host, port, bindAddress, connectTimeout, ch -> {
            // One read into a fixed buffer per turn: a read is a message, as the server reads its lab clients.
            ch.config().setRecvByteBufAllocator(
                    new FixedRecvByteBufAllocator(ClientConfig.LAB_READ_BYTES).maxMessagesPerRead(1));
            ch.pipeline().addLast(new Reader(events, closed));
        });
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

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Each channelRead is one read of the socket (one per turn, see the allocator above), so one message. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final LabServerStreamSplitter splitter = LabServerStreamSplitter.perRead(ClientConfig.MAX_PENDING_MAP_BYTES);
        private final Consumer<LabServerEvent> events;
        private final Consumer<String> closed;
        private String failure;
        private ScheduledFuture<?> pauseTimer;

        Reader(Consumer<LabServerEvent> events, Consumer<String> closed) {
            this.events = events;
            this.closed = closed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (pauseTimer != null) {
                pauseTimer.cancel(false);
                pauseTimer = null;
            }
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                splitter.feed(bytes, 0, bytes.length, events);
            } finally {
                buf.release();
            }
            if (splitter.waitsForPause()) {
                // A read that ended in '!': a map's first byte, or the end of a sentence; a pause tells.
                pauseTimer = ctx.executor().schedule(() -> {
                    pauseTimer = null;
                    splitter.pause(events);
                }, ClientConfig.LAB_PARTIAL_READ_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pauseTimer != null) {
                pauseTimer.cancel(false);
            }
            splitter.endOfStream(events);
            closed.accept(failure == null ? "the server closed the connection" : failure);
        }
    }
}

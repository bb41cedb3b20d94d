package chatlab.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One bench connection: connects from its source address, registers, reads everything the server sends (so the
 * server never sees a slow reader) and hands what it finds to the {@link BenchSession}. Its state is touched only
 * on its event loop, except the volatile flags the scenarios poll.
 */
final class BenchClient extends ChannelInboundHandlerAdapter implements Inbound {
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[64 * 1024];
        }
    };

    final int index;
    final String name;
    /** Counted as a receiver: its deliveries are tracked, its gaps are losses. */
    final boolean measured;
    private final BenchSession session;
    private final WireScanner scanner;
    private final ReceiveOrder order;
    private volatile Channel channel;
    private volatile boolean closing;
    volatile boolean connected;
    volatile boolean registered;
    volatile boolean full;
    volatile boolean closed;
    volatile long connectStartedNanos;
    volatile long registeredNanos;
    volatile long fullNanos;
    private long readNanos;

    BenchClient(BenchSession session, int index, String name, boolean measured) {
        this.session = session;
        this.index = index;
        this.name = name;
        this.measured = measured;
        this.scanner = session.wire().scanner(this);
        this.order = measured ? new ReceiveOrder() : null;
    }

    /** Starts connecting from {@code source}; the outcome shows in the flags and the session's counters. */
    ChannelFuture connect(InetAddress source) {
        connectStartedNanos = System.nanoTime();
        ChannelFuture future = session.bootstrap().clone().handler(this)
                .connect(session.target(), new InetSocketAddress(source, 0));
        channel = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess() && !closing) {
                closed = true;
                session.connectFailed(this, f.cause());
            }
        });
        return future;
    }

    /** Writes one message in one write (one flush per message, as an ordinary client does). */
    void send(byte[] bytes) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(bytes), ch.voidPromise());
        }
    }

    /** Leaves on purpose: closes the connection (a FIN, as the lab client's exit). */
    void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    Channel channel() {
        return channel;
    }

    long merged() {
        return scanner.merged();
    }

    long split() {
        return scanner.split();
    }

    long gaps() {
        return order == null ? 0 : order.gaps();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connected = true;
        session.connected(this);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(session.wire().registration(name)), ctx.voidPromise());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            int length = buf.readableBytes();
            session.stats().bytesRead.add(length);
            readNanos = System.nanoTime();
            if (buf.hasArray()) {
                scanner.read(buf.array(), buf.arrayOffset() + buf.readerIndex(), length);
            } else {
                byte[] scratch = SCRATCH.get();
                if (scratch.length < length) {
                    scratch = new byte[Integer.highestOneBit(length) << 1];
                    SCRATCH.set(scratch);
                }
                buf.getBytes(buf.readerIndex(), scratch, 0, length);
                scanner.read(scratch, 0, length);
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (!closing) {
            session.unexpectedClose(this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closing) {
            session.stats().errors.add("io", name + ": " + cause);
        }
        ctx.close();
    }

    // Inbound, on the event loop

    @Override
    public void message(int sender, long seq) {
        if (order != null) {
            session.delivered(order, sender, seq, readNanos);
        }
    }

    @Override
    public void roster(int users) {
        session.roster(this, users);
    }

    @Override
    public void presenceBytes(long bytes) {
        session.presenceBytes(this, bytes);
    }

    @Override
    public void serverError(String kind, String text, boolean fatal) {
        if (!closing) {
            session.stats().errors.add(kind, name + ": " + text);
        }
    }

    @Override
    public void ping(String token) {
        send(session.wire().pong(token));
    }
}

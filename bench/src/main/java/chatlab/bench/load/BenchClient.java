package chatlab.bench.load;

import chatlab.bench.AckPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One bench client: connects from its source address, registers, reads everything the server sends (so the server
 * never sees a slow reader) and hands what it finds to the {@link BenchSession}. Its state is touched on its
 * event loop, except the volatile flags the scenarios poll.
 *
 * <p>A server with a short listen backlog (the lab's Python server listens with a backlog of 5) drops connections
 * in a storm after the handshake: the client believes it is connected, but its name is never acknowledged and the
 * server never hears of it. A client not registered a second after connecting whose bytes are still unacknowledged
 * (TCP_INFO, epoll only) is such a half-open connection: it connects again, a few times at most, and the retry is
 * counted.
 */
public final class BenchClient implements Inbound {
    /** How often an unregistered client checks whether its connection is half-open. */
    static final long HALF_OPEN_CHECK_MILLIS = 1000;
    /** Connection attempts per client at the most. */
    static final int MAX_ATTEMPTS = 10;

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[64 * 1024];
        }
    };

    final int index;
    /** The name of the current connection: the first is b0, b1, ...; a retry adds r2, r3, ... */
    volatile String name;
    private final String baseName;
    /** Counted as a receiver: its deliveries are tracked, its gaps are losses. */
    final boolean measured;
    /**
     * A slow reader of the slow-reader scenario: being cut off by the server is what it waits for (when, in
     * {@link #cutOffNanos}), not an error.
     */
    volatile boolean expectsCutOff;
    /** When the server closed (or reset) the connection of a client that expects it; 0 until then. */
    volatile long cutOffNanos;
    /** SO_RCVBUF to ask for before connecting; 0 keeps the system's default. */
    volatile int receiveBufferBytes;
    private final BenchSession session;
    private final ReceiveOrder order;
    private InetAddress source;
    private WireScanner scanner;
    private volatile Connection current;
    private volatile boolean closing;
    private int attempts;
    volatile boolean connected;
    volatile boolean registered;
    volatile boolean full;
    volatile boolean closed;
    /** It had its first user list, or failed before it ({@link BenchSession#onArrival}). */
    final AtomicBoolean arrived = new AtomicBoolean();
    volatile long connectStartedNanos;
    volatile long registeredNanos;
    volatile long fullNanos;
    private long readNanos;

    BenchClient(BenchSession session, int index, String name, boolean measured) {
        this.session = session;
        this.index = index;
        this.name = name;
        this.baseName = name;
        this.measured = measured;
        this.order = measured ? new ReceiveOrder() : null;
    }

    /** Starts connecting from {@code source}; the outcome shows in the flags and the session's counters. */
    public ChannelFuture connect(InetAddress from) {
        source = from;
        connectStartedNanos = System.nanoTime();
        return open();
    }

    private ChannelFuture open() {
        attempts++;
        scanner = session.wire().scanner(this);
        Connection connection = new Connection();
        current = connection;
        io.netty.bootstrap.Bootstrap bootstrap = session.bootstrap().clone().handler(connection);
        if (receiveBufferBytes > 0) {
            bootstrap.option(io.netty.channel.ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        ChannelFuture future = bootstrap.connect(session.target(index), new InetSocketAddress(source, 0));
        connection.channel = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess() && !closing && current == connection) {
                closed = true;
                session.connectFailed(this, f.cause());
            }
        });
        return future;
    }

    /** Writes one message in one write (one flush per message, as an ordinary client does). */
    public void send(byte[] bytes) {
        Connection connection = current;
        Channel ch = connection == null ? null : connection.channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(bytes), ch.voidPromise());
        }
    }

    /** Stops reading the connection (its event loop reads nothing more until {@link #readOnce}). */
    public void stopReading() {
        Channel ch = current.channel;
        ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
    }

    /** After {@link #stopReading}: one read of at most {@code maxBytes}, of what is there. */
    public void readOnce(int maxBytes) {
        Channel ch = current.channel;
        ch.eventLoop().execute(() -> {
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(Math.max(1, maxBytes))
                    .maxMessagesPerRead(1));
            ch.read();
        });
    }

    /** Leaves on purpose: closes the connection (a FIN, as the lab client's exit). */
    public void close() {
        closing = true;
        Connection connection = current;
        if (connection != null && connection.channel != null) {
            connection.channel.close();
        }
    }

    public Channel channel() {
        return current.channel;
    }

    long merged() {
        return scanner.merged();
    }

    long sharedRead() {
        return scanner.sharedRead();
    }

    long split() {
        return scanner.split();
    }

    long gaps() {
        return order == null ? 0 : order.gaps();
    }

    /** Connections made beyond the first (half-open ones replaced). */
    public int retries() {
        return Math.max(0, attempts - 1);
    }

    private void checkHalfOpen(Connection connection) {
        if (current != connection || registered || closing || !connection.channel.isActive()) {
            return;
        }
        if (connection.channel instanceof EpollSocketChannel epoll && epoll.tcpInfo().unacked() > 0) {
            // A reset, not a FIN: it also clears the half-made connection on the server's side, which would otherwise
            // still be accepted later (when the backlog has room and our name is sent again) as a stale user.
            epoll.config().setSoLinger(0);
            connection.channel.close();
            if (attempts >= MAX_ATTEMPTS) {
                closed = true;
                session.stats().errors.add("half-open", name + ": the server dropped " + attempts
                        + " connections in a row after the handshake");
                return;
            }
            // A new name: should the server accept the old connection after all and then see it close, the lab server
            // would delete the name, and the new connection with it from the user map.
            String old = name;
            name = baseName + "r" + (attempts + 1);
            session.retried(this, old);
            open();
            return;
        }
        connection.channel.eventLoop().schedule(() -> checkHalfOpen(connection), HALF_OPEN_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** The handler of one connection; events of a connection that was replaced are ignored. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        volatile Channel channel;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (current != this) {
                ctx.close();
                return;
            }
            if (!connected) {
                connected = true;
                session.connected(BenchClient.this);
            }
            ctx.writeAndFlush(Unpooled.wrappedBuffer(session.wire().registration(name)), ctx.voidPromise());
            ctx.executor().schedule(() -> checkHalfOpen(this), HALF_OPEN_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (current != this) {
                    return;
                }
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

        /**
         * {@link AckPolicy#QUICK}: TCP_QUICKACK again after every read; the kernel clears it by itself, and setting it
         * also sends at once an acknowledgement it had scheduled to delay.
         */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (session.quickAck() && ctx.channel() instanceof EpollSocketChannel epoll && epoll.isActive()) {
                epoll.config().setTcpQuickAck(true);
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current == this) {
                closed = true;
                if (!closing && expectsCutOff) {
                    cutOffNanos = System.nanoTime();
                } else if (!closing) {
                    session.unexpectedClose(BenchClient.this);
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (current == this && !closing && !expectsCutOff) { // a cut-off slow reader is reset: expected
                session.stats().errors.add("io", name + ": " + cause);
            }
            ctx.close();
        }
    }

    // Inbound, on the event loop

    @Override
    public void message(int sender, long seq) {
        if (order != null) {
            session.delivered(order, sender, seq, readNanos);
        }
    }

    @Override
    public void roster(int users, long namesHash) {
        session.roster(this, users, namesHash);
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
    public boolean followsNames() {
        return session.followsNames();
    }

    @Override
    public void ping(String token) {
        send(session.wire().pong(token));
    }

    @Override
    public void welcomed() {
        byte[] next = session.wire().afterWelcome();
        if (next != null) {
            send(next);
        }
    }

    @Override
    public void subscribed() {
        session.subscribed(this);
    }

    public boolean closed() {
        return closed;
    }

    public boolean registered() {
        return registered;
    }

    public long registeredNanos() {
        return registeredNanos;
    }

    public boolean full() {
        return full;
    }

    public long connectStartedNanos() {
        return connectStartedNanos;
    }

    public boolean connected() {
        return connected;
    }

    public long cutOffNanos() {
        return cutOffNanos;
    }

    public boolean measured() {
        return measured;
    }

    public long fullNanos() {
        return fullNanos;
    }

    public String name() {
        return name;
    }

    /**
     * Marks this client as a slow reader the server is expected to cut off (its reset is then no error), reading
     * through a receive buffer of {@code receiveBufferBytes}; before it connects.
     */
    public void expectCutOff(int receiveBufferBytes) {
        this.expectsCutOff = true;
        this.receiveBufferBytes = receiveBufferBytes;
    }
}

package chatlab.bench.load;

import chatlab.bench.AckPolicy;
import chatlab.bench.BenchConfig;
import chatlab.bench.ClientProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The clients of one run and what they share: the event loops (one or two threads, epoll when available), the
 * counters, the ledger of messages in flight, and the deadline every wait respects.
 */
public final class BenchSession implements AutoCloseable {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final BenchConfig config;
    private final BenchWire wire;
    private final RunStats stats = new RunStats();
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final long deadlineNanos;
    private final boolean quickAck;
    private final List<BenchClient> clients = new ArrayList<>();
    final AtomicInteger connectedCount = new AtomicInteger();
    final AtomicInteger registeredCount = new AtomicInteger();
    final AtomicInteger failedCount = new AtomicInteger();
    final AtomicInteger retriedCount = new AtomicInteger();
    final LongAdder measuredPresenceBytes = new LongAdder();
    private volatile int fullRoster;
    private volatile boolean followsNames = true;
    /** NameHash fingerprint of the measured clients' current names: a full list has exactly these. */
    private final AtomicLong expectedNames = new AtomicLong();
    private volatile MessageLedger ledger;
    private volatile CompletionListener completions = sender -> { };
    private volatile Consumer<BenchClient> arrivals = client -> { };

    /** Told when a message has reached every receiver (the closed loop sends the next one). */
    public interface CompletionListener {
        void completed(int sender);
    }

    /**
     * Every read takes up to this much, whatever the earlier reads took. Netty's default buffer adapts to the sizes
     * read so far and shrinks to about a hundred bytes on a stream of single relays; a server write that gathers
     * several relays was then cut across reads and counted as split, though the server had sent it whole.
     */
    static final int READ_BYTES = 64 * 1024;

    public BenchSession(BenchConfig config) {
        this.config = config;
        this.wire = new BenchWire(config.wire(), config.protocol());
        this.deadlineNanos = System.nanoTime() + config.timeLimit().toNanos();
        boolean epoll = Epoll.isAvailable();
        this.quickAck = config.ackPolicy() == AckPolicy.QUICK;
        if (quickAck && !epoll) {
            throw new IllegalStateException("--ack-policy quick needs Netty's epoll transport (Linux), which is not "
                    + "available here: " + Epoll.unavailabilityCause());
        }
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()));
    }

    public BenchConfig config() {
        return config;
    }

    /** Every read is acknowledged at once ({@link AckPolicy#QUICK}). */
    boolean quickAck() {
        return quickAck;
    }

    public BenchWire wire() {
        return wire;
    }

    public RunStats stats() {
        return stats;
    }

    Bootstrap bootstrap() {
        return bootstrap;
    }

    /** The server client {@code index} connects to (one server, or the servers of a cluster in turn). */
    InetSocketAddress target(int index) {
        return config.targetFor(index);
    }

    /** Idle needs only registrations and presence bytes, not who is in each list. */
    public void followNames(boolean value) {
        followsNames = value;
    }

    boolean followsNames() {
        return followsNames;
    }

    /** A client's list is full when it holds this many users. */
    public void fullRoster(int users) {
        fullRoster = users;
    }

    public void ledger(MessageLedger value, CompletionListener listener) {
        completions = listener;
        ledger = value;
    }

    /**
     * Told once per client when it has its first user list, or when it failed before that (a join that trickles in
     * makes room for the next one).
     */
    public void onArrival(Consumer<BenchClient> listener) {
        arrivals = listener;
    }

    private void arrived(BenchClient client) {
        if (client.arrived.compareAndSet(false, true)) {
            arrivals.accept(client);
        }
    }

    public MessageLedger ledger() {
        return ledger;
    }

    /** Creates a client and remembers it (closed at the end); a measured client's name is expected in full lists. */
    public BenchClient newClient(int index, String name, boolean measured) {
        BenchClient client = new BenchClient(this, index, name, measured);
        if (measured) {
            expectedNames.addAndGet(NameHash.of(name));
        }
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Expects {@code name} in full lists too, though its client is not measured (slow-reader's slow readers). */
    public void expectInLists(String name) {
        expectedNames.addAndGet(NameHash.of(name));
    }

        /** Forgets a client that has left (churn), so the list does not grow without bound. */
    public void forget(BenchClient client) {
        synchronized (clients) {
            clients.remove(client);
        }
    }

    List<BenchClient> clients() {
        synchronized (clients) {
            return List.copyOf(clients);
        }
    }

    long nanosLeft() {
        return deadlineNanos - System.nanoTime();
    }

    public boolean timeLimitReached() {
        return nanosLeft() <= 0;
    }

    /**
     * Waits until {@code condition} holds, {@code maxNanos} pass, or the time limit is reached, checking every few
     * milliseconds. Returns whether the condition held.
     */
    public boolean await(BooleanSupplier condition, long maxNanos) {
        long until = System.nanoTime() + Math.min(maxNanos, Math.max(0, nanosLeft()));
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until >= 0 || Thread.currentThread().isInterrupted()) {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /** Sleeps until {@code nanoTime}, or the time limit; false when the time limit cut it short. */
    public boolean sleepUntil(long nanoTime) {
        await(() -> System.nanoTime() - nanoTime >= 0, nanoTime - System.nanoTime());
        return System.nanoTime() - nanoTime >= 0;
    }

    // Called by clients, on their event loops

    void connected(BenchClient client) {
        connectedCount.incrementAndGet();
    }

    void connectFailed(BenchClient client, Throwable cause) {
        failedCount.incrementAndGet();
        stats.errors.add("connect", client.name + ": " + cause);
        arrived(client);
    }

    /**
     * A client connects again under a new name: lists are expected to hold the new one, and every client's list must
     * show it again to count as full.
     */
    void retried(BenchClient client, String oldName) {
        retriedCount.incrementAndGet();
        // A peer protocol has no user lists: a client is "full" once it is in the channel, whoever joins after it.
        if (client.measured && config.protocol() == ClientProtocol.CHAT) {
            expectedNames.addAndGet(NameHash.of(client.name) - NameHash.of(oldName));
            for (BenchClient other : clients()) {
                other.full = false;
            }
        }
    }

    /** Clients whose list holds exactly the measured clients. */
    public int countFull() {
        int full = 0;
        for (BenchClient client : clients()) {
            if (client.full) {
                full++;
            }
        }
        return full;
    }

    void unexpectedClose(BenchClient client) {
        stats.errors.add("closed", client.name + ": the server closed the connection");
        arrived(client);
    }

    void roster(BenchClient client, int users, long namesHash) {
        if (!client.registered) {
            client.registeredNanos = System.nanoTime();
            client.registered = true;
            registeredCount.incrementAndGet();
            arrived(client);
        }
        if (!client.full && users == fullRoster && namesHash == expectedNames.get()) {
            client.fullNanos = System.nanoTime();
            client.full = true;
        }
    }

    /** A peer protocol's client is in the channel: registered, and its list counts as full (it has no list). */
    void subscribed(BenchClient client) {
        long now = System.nanoTime();
        if (!client.registered) {
            client.registeredNanos = now;
            client.registered = true;
            registeredCount.incrementAndGet();
        }
        if (!client.full) {
            client.fullNanos = now;
            client.full = true;
        }
    }

    void presenceBytes(BenchClient client, long bytes) {
        stats.presenceBytes.add(bytes);
        if (client.measured) {
            measuredPresenceBytes.add(bytes);
        }
    }

    void delivered(ReceiveOrder order, int sender, long seq, long nowNanos) {
        ReceiveOrder.Outcome outcome = order.accept(sender, seq);
        if (outcome == ReceiveOrder.Outcome.DUPLICATE) {
            stats.duplicated.increment();
            return;
        }
        if (outcome == ReceiveOrder.Outcome.LATE) {
            stats.late.increment();
        }
        MessageLedger current = ledger;
        MessageLedger.Delivery delivery = current == null ? null : current.deliver(sender, seq);
        if (delivery == null) {
            stats.unknownStamps.increment();
            return;
        }
        stats.deliveries.increment();
        if (delivery.measured()) {
            stats.measuredDeliveries.increment();
        }
        stats.latency(nowNanos - delivery.dueNanos(), delivery.measured());
        if (delivery.measured() && config.openLoop()) { // in a closed loop the due time is the write: no second histogram
            stats.afterWrite(nowNanos - delivery.writtenNanos());
        }
        if (delivery.complete()) {
            completions.completed(sender);
        }
    }

    /** Over the measured clients only. */
    public long merged() {
        return clients().stream().filter(c -> c.measured).mapToLong(BenchClient::merged).sum();
    }

    public long sharedRead() {
        return clients().stream().filter(c -> c.measured).mapToLong(BenchClient::sharedRead).sum();
    }

    public long split() {
        return clients().stream().filter(c -> c.measured).mapToLong(BenchClient::split).sum();
    }

    public long gaps() {
        return clients().stream().mapToLong(BenchClient::gaps).sum();
    }

    @Override
    public void close() {
        for (BenchClient client : clients()) {
            client.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    public AtomicInteger connectedCount() {
        return connectedCount;
    }

    public LongAdder measuredPresenceBytes() {
        return measuredPresenceBytes;
    }

    public AtomicInteger registeredCount() {
        return registeredCount;
    }

    public AtomicInteger failedCount() {
        return failedCount;
    }

    public AtomicInteger retriedCount() {
        return retriedCount;
    }
}

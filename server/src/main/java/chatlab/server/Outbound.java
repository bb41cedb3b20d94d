package chatlab.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The room's writes, gathered per recipient and event-loop turn, and flushed once per turn: a client that receives
 * five messages in one turn costs one system call, not five. Under load, a flush waits {@code coalesce} first, which
 * gathers more messages per call (on the loopback nearly all of a delivery's cost is the kernel's, per call).
 * Confined to the room's event loop.
 *
 * <p>A message is encoded once ({@link #share}). Small messages (chat lines, acks, presence changes) are copied into
 * the recipient's buffer for the turn, so the recipient's Netty queue gets one entry per turn instead of one per
 * message: one pass through the pipeline, no reference count or queue entry per message, and a plain {@code write}
 * of one buffer instead of a {@code writev} of many. Copying a few dozen bytes costs less than any of those. Large
 * messages (a lab user map of a big room) are not copied: each recipient gets a retained duplicate of the one
 * buffer, in order after what was copied before it.
 */
final class Outbound {
    /** Messages up to this size are copied into the recipient's buffer for the turn; larger ones are shared. */
    static final int COPY_LIMIT_BYTES = 1024;
    /**
     * When a recipient's buffer for the turn reaches this (or a quarter of the outbound soft limit, if less), it goes
     * into the recipient's Netty queue at once (unflushed), so the queue's water marks, which the outbound limits read
     * ({@link SlowReaders}), count it within the turn.
     */
    static final int TURN_BUFFER_LIMIT_BYTES = 16 * 1024;
    private static final int TURN_BUFFER_INITIAL_BYTES = 256;

    private static final AttributeKey<Pending> PENDING = AttributeKey.valueOf("chatlab.outboundPending");

    /** A recipient's writes of the current turn: its copied bytes, and the countdowns of the tracked ones among them. */
    private static final class Pending {
        long turn;
        ByteBuf copied;
        List<WriteCountdown> tracked;
    }

    private final EventExecutor loop;
    private final io.netty.util.concurrent.Ticker clock;
    private final int turnBufferLimit;
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private List<Channel> toFlush = new ArrayList<>();
    private List<Channel> flushing = new ArrayList<>();
    private final Runnable flushTask = this::flushAll;
    /** A room counts as quiet when nothing was flushed for this many coalescing windows (and {@link #QUIET_MIN_NANOS}). */
    static final int QUIET_WINDOWS = 10;
    /**
     * ...and for at least this long. In a busy room the senders' next messages come after the recipients have read
     * the last flush; on a loaded machine that takes milliseconds, and a first message flushed on its own as "after a
     * quiet spell" split the next round into two flushes (one message each, then the rest): at 100 clients in a
     * closed loop, 7.6 messages per system call instead of 9.3 (docs/BENCHMARKS.md, "Experiments").
     */
    static final long QUIET_MIN_NANOS = 5_000_000;
    /**
     * A busy flush whose window ends while messages are still arriving (the last one within half a window) waits
     * another half window, at most this many times: the senders' next messages come as a burst, and a window that
     * closes inside it sends the burst's tail in a flush of its own.
     */
    static final int MAX_EXTENSIONS = 3;

    /**
     * Coalescing pays off only when recipients get several messages per flush: waiting for more when each flush
     * carries one message each (a room at a steady, moderate rate) would only delay them. Judged over the recent
     * flushes weighted by their size (each earlier flush counts half as much as the next), so a small flush between
     * big ones (the acks of a v2 room, one to each sender) does not switch the wait off.
     */
    static final double COALESCING_PAYS_OFF_WRITES_PER_RECIPIENT = 1.5;

    private final long coalesceNanos;
    /** Whether messages are on their way to this loop's relays (through the message log): a busy flush waits for them. */
    private BooleanSupplier relaysComing = () -> false;
    private long lastFlushNanos;
    /** The wait before a busy flush: a quarter of the last flush's duration, within 1 to 4 times {@code coalesce}. */
    private long windowNanos;
    private long turn = 1;
    private boolean flushQueued;
    /** The queued flush waits a window ({@link #scheduleFlush}); it may wait longer while messages keep coming. */
    private boolean flushWaits;
    private int extensions;
    /** When the last message to share arrived: one clock read per message, not per recipient. */
    private long lastShareNanos;
    private int writesThisTurn;
    /** Writes and flushed channels of the recent flushes, each earlier flush at half the weight of the next. */
    private double recentWrites;
    private double recentChannels;

    /**
     * @param coalesce         under load, how long a flush waits to gather more (at least; see {@link #windowNanos}):
     *                         when the last flush gathered several messages per recipient and ended less than ten
     *                         windows (and 5 ms) ago, so a busy room sends each recipient several messages per system
     *                         call; a little longer while messages are still arriving ({@link #MAX_EXTENSIONS}). Any
     *                         other flush happens at the end of the turn, with no added delay.
     * @param softOutboundBytes the outbound soft limit per connection (its high-water mark)
     */
    Outbound(EventExecutor loop, Duration coalesce, int softOutboundBytes) {
        this.loop = loop;
        this.clock = loop.ticker();
        this.turnBufferLimit = Math.max(COPY_LIMIT_BYTES, Math.min(TURN_BUFFER_LIMIT_BYTES, softOutboundBytes / 4));
        this.coalesceNanos = coalesce.toNanos();
        this.windowNanos = coalesceNanos;
        this.lastShareNanos = clock.nanoTime() - TimeUnit.DAYS.toNanos(1);
    }

    EventExecutor loop() {
        return loop;
    }

    /**
     * Tells a busy flush that more relays are on their way while {@code coming} says so (messages in the message log's
     * commit, which come back to this loop within a fraction of a millisecond): the flush then waits for them as it
     * waits for messages still arriving, within the same {@link #MAX_EXTENSIONS}. Without it, a room with the log
     * flushed each commit's messages on their own while the next commit's were a moment away, fewer messages per
     * system call than the same room without the log.
     */
    void waitForRelaysWhile(BooleanSupplier coming) {
        this.relaysComing = coming;
    }

    /** Bytes to send to many recipients; the caller releases the returned buffer after the last {@link #write}. */
    ByteBuf share(byte[] bytes) {
        lastShareNanos = clock.nanoTime();
        return allocator.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
    }

    /** Queues {@code shared} for the channel (copied or as a duplicate); it is flushed at the end of this turn. */
    void write(Channel channel, ByteBuf shared) {
        queue(channel, shared, null);
    }

    /**
     * As {@link #write}, and {@code written} hears of it once the bytes are in the socket (or the write failed);
     * the caller has already counted this write in ({@link WriteCountdown#expect}).
     */
    void writeTracked(Channel channel, ByteBuf shared, WriteCountdown written) {
        queue(channel, shared, written);
    }

    /**
     * Moves what the channel was sent this turn into its Netty queue now, unflushed, so that bytes written to the
     * channel directly after this follow them. Call only on the room's event loop.
     */
    void pushPending(Channel channel) {
        Pending pending = channel.attr(PENDING).get();
        if (pending != null) {
            push(channel, pending, false);
        }
    }

    private void queue(Channel channel, ByteBuf shared, WriteCountdown written) {
        Pending pending = pendingOf(channel);
        writesThisTurn++;
        int length = shared.readableBytes();
        if (length > COPY_LIMIT_BYTES) {
            push(channel, pending, false);
            if (written == null) {
                channel.write(shared.retainedDuplicate(), channel.voidPromise());
            } else {
                channel.write(shared.retainedDuplicate()).addListener(done -> written.arrive());
            }
            return;
        }
        if (pending.copied == null) {
            pending.copied = allocator.directBuffer(Math.max(TURN_BUFFER_INITIAL_BYTES, length));
        }
        pending.copied.writeBytes(shared, shared.readerIndex(), length);
        if (written != null) {
            if (pending.tracked == null) {
                pending.tracked = new ArrayList<>(2);
            }
            pending.tracked.add(written);
        }
        if (pending.copied.readableBytes() >= turnBufferLimit) {
            push(channel, pending, false);
        }
    }

    /** The channel's pending state, noting it for this turn's flush the first time it is written in the turn. */
    private Pending pendingOf(Channel channel) {
        Pending pending = channel.attr(PENDING).get();
        if (pending == null) {
            pending = new Pending();
            channel.attr(PENDING).set(pending);
        }
        if (pending.turn != turn) {
            pending.turn = turn;
            toFlush.add(channel);
            scheduleFlush();
        }
        return pending;
    }

    private void scheduleFlush() {
        if (flushQueued) {
            return;
        }
        flushQueued = true;
        // Tasks run after the loop has read every ready socket: this one runs after all relays of the turn.
        // Busy (the last flush was recent) and gathering (recent flushes carried several messages per recipient):
        // wait one window to gather more. Otherwise flush at the end of the turn.
        boolean busy = clock.nanoTime() - lastFlushNanos < Math.max(QUIET_MIN_NANOS, QUIET_WINDOWS * windowNanos);
        boolean gathering = recentChannels > 0
                && recentWrites >= COALESCING_PAYS_OFF_WRITES_PER_RECIPIENT * recentChannels;
        if (coalesceNanos > 0 && busy && gathering) {
            flushWaits = true;
            loop.schedule(flushTask, windowNanos, TimeUnit.NANOSECONDS);
        } else {
            loop.execute(flushTask);
        }
    }

    /** Writes the copied bytes into the channel's Netty queue (and flushes it when asked); flushes anyway if asked. */
    private static void push(Channel channel, Pending pending, boolean flush) {
        ByteBuf copied = pending.copied;
        if (copied == null) {
            if (flush) {
                channel.flush();
            }
            return;
        }
        pending.copied = null;
        ChannelPromise promise;
        if (pending.tracked == null) {
            promise = channel.voidPromise();
        } else {
            List<WriteCountdown> tracked = pending.tracked;
            pending.tracked = null;
            promise = channel.newPromise();
            promise.addListener(done -> tracked.forEach(WriteCountdown::arrive));
        }
        if (flush) {
            channel.writeAndFlush(copied, promise);
        } else {
            channel.write(copied, promise);
        }
    }

    private void flushAll() {
        long start = clock.nanoTime();
        if (flushWaits && extensions < MAX_EXTENSIONS
                && (start - lastShareNanos < windowNanos / 2 || relaysComing.getAsBoolean())) {
            extensions++;
            loop.schedule(flushTask, windowNanos / 2, TimeUnit.NANOSECONDS);
            return;
        }
        flushWaits = false;
        extensions = 0;
        flushQueued = false;
        turn++;
        // A flush can close a channel, and what that sets off may queue writes for the next turn: swap lists first.
        List<Channel> batch = toFlush;
        toFlush = flushing;
        flushing = batch;
        recentWrites = recentWrites / 2 + writesThisTurn;
        recentChannels = recentChannels / 2 + batch.size();
        writesThisTurn = 0;
        try {
            for (int i = 0; i < batch.size(); i++) {
                Channel channel = batch.get(i);
                push(channel, channel.attr(PENDING).get(), true);
            }
        } finally {
            batch.clear();
            // Measured from the end: a flush to 500 recipients takes about a millisecond itself, and the next one must
            // still count as busy, or every message of a large room would be flushed on its own.
            lastFlushNanos = clock.nanoTime();
            // The senders' next messages arrive spread over about as long as the flush took to reach everyone.
            windowNanos = Math.max(coalesceNanos, Math.min((lastFlushNanos - start) / 4, 4 * coalesceNanos));
        }
    }
}

package chatlab.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * The room's writes, gathered per event-loop turn: every write of a turn goes into the recipient's outbound queue
 * without a flush, and one task at the end of the turn flushes each recipient once. A client that receives five
 * messages in one turn costs one system call, not five. Under load, a flush waits {@code coalesce} first,
 * which gathers more messages per call (on the loopback nearly all of a delivery's cost is the kernel's, per call).
 * Confined to the room's event loop.
 *
 * <p>The bytes of a message are encoded once into a pooled direct buffer ({@link #share}); each recipient gets a
 * retained duplicate, so the kernel copies straight from the one buffer and nothing is copied per recipient.
 */
final class Outbound {
    /** The turn in which a channel was last queued for the flush, so each is flushed once per turn. */
    private static final AttributeKey<long[]> QUEUED_IN_TURN = AttributeKey.valueOf("chatlab.queuedInTurn");

    private final EventExecutor loop;
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private List<Channel> toFlush = new ArrayList<>();
    private List<Channel> flushing = new ArrayList<>();
    private final Runnable flushTask = this::flushAll;
    /** A room counts as quiet when nothing was flushed for this many coalescing windows. */
    static final int QUIET_WINDOWS = 10;

    private final long coalesceNanos;
    private long lastFlushNanos;
    private long turn = 1;
    private boolean flushQueued;

    /**
     * @param coalesce under load, how long a flush waits to gather more: when the last flush was less than ten of
     *                 these ago, so a busy room sends each recipient several messages per system call. A room that
     *                 was quiet that long is flushed at the end of the turn, with no added delay.
     */
    Outbound(EventExecutor loop, java.time.Duration coalesce) {
        this.loop = loop;
        this.coalesceNanos = coalesce.toNanos();
    }

    /** Bytes to send to many recipients; the caller releases the returned buffer after the last {@link #write}. */
    ByteBuf share(byte[] bytes) {
        return allocator.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
    }

    /** Queues a copy-free duplicate of {@code shared} for the channel; it is flushed at the end of this turn. */
    void write(Channel channel, ByteBuf shared) {
        channel.write(shared.retainedDuplicate(), channel.voidPromise());
        queueFlush(channel);
    }

    /** As {@link #write}, returning a future that completes once the bytes are in the socket (or failed). */
    ChannelFuture writeTracked(Channel channel, ByteBuf shared) {
        ChannelFuture future = channel.write(shared.retainedDuplicate());
        queueFlush(channel);
        return future;
    }

    private void queueFlush(Channel channel) {
        long[] queuedIn = channel.attr(QUEUED_IN_TURN).get();
        if (queuedIn == null) {
            queuedIn = new long[1];
            channel.attr(QUEUED_IN_TURN).set(queuedIn);
        }
        if (queuedIn[0] == turn) {
            return;
        }
        queuedIn[0] = turn;
        toFlush.add(channel);
        if (!flushQueued) {
            flushQueued = true;
            // Tasks run after the loop has read every ready socket: this one runs after all relays of the turn.
            // Busy (the last flush was recent): wait one window to gather more. Quiet: flush at the end of the turn.
            boolean busy = System.nanoTime() - lastFlushNanos < QUIET_WINDOWS * coalesceNanos;
            if (coalesceNanos > 0 && busy) {
                loop.schedule(flushTask, coalesceNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            } else {
                loop.execute(flushTask);
            }
        }
    }

    private void flushAll() {
        flushQueued = false;
        turn++;
        // A flush can close a channel, and what that sets off may queue writes for the next turn: swap lists first.
        List<Channel> batch = toFlush;
        toFlush = flushing;
        flushing = batch;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).flush();
        }
        batch.clear();
        // Measured from the end: a flush to 500 recipients takes about a millisecond itself, and the next one must
        // still count as busy, or every message of a large room would be flushed on its own.
        lastFlushNanos = System.nanoTime();
    }
}

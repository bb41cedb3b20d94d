package chatlab.server;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends one client many lines from the log (a replay after a long absence, a page of history) without ever taking
 * its outbound queue past half the soft limit: a step sends up to {@link #STEP_BYTES}, and the next waits until the
 * client has read enough. So a client that reads at any speed gets everything, and is never cut off as a slow reader
 * for what it asked for (docs/LIMITS.md, *Slow readers*). Confined to the rooms' loop.
 */
final class PacedSend {
    /** Bytes one step sends at most: a few recipients' worth of one loop turn, so other work is not held up. */
    static final int STEP_BYTES = 64 * 1024;
    /** How long a step waits, when the client's queue is still too full, before it looks again. */
    static final long RETRY_MILLIS = 2;

    private final Deliveries deliveries;
    private final Channel channel;
    private final List<byte[]> lines;
    private final Runnable done;
    private final int stepBytes;
    private final long queueRoomBytes;
    private int next;

    private PacedSend(Deliveries deliveries, Channel channel, List<byte[]> lines, Runnable done) {
        this.deliveries = deliveries;
        this.channel = channel;
        this.lines = lines;
        this.done = done;
        long soft = channel.config().getWriteBufferHighWaterMark();
        this.stepBytes = (int) Math.max(1, Math.min(STEP_BYTES, soft / 4));
        this.queueRoomBytes = soft / 2;
    }

    /**
     * Sends the lines in order, then runs {@code done} on the loop; nothing more once the connection has ended.
     * Call on the rooms' loop.
     */
    static void send(Deliveries deliveries, Channel channel, List<byte[]> lines, Runnable done) {
        new PacedSend(deliveries, channel, lines, done).step();
    }

    private void step() {
        if (!channel.isActive() || deliveries.stopping()) {
            return;
        }
        deliveries.outbound().pushPending(channel); // what this loop turn gave it counts in its queue
        if (next < lines.size() && channel.bytesBeforeUnwritable() < queueRoomBytes) {
            deliveries.loop().schedule(this::step, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        int sent = 0;
        while (next < lines.size() && sent < stepBytes) {
            byte[] line = lines.get(next++);
            deliveries.sendBytes(channel, line);
            sent += line.length;
        }
        if (next < lines.size()) {
            deliveries.loop().execute(this::step);
        } else {
            done.run();
        }
    }
}

package chatlab.server;

import chatlab.server.handler.DisconnectReason;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Flow control for the fan-out, confined to the room thread.
 *
 * <p>When a recipient's queue passes its cap (Netty marks the channel unwritable at the high-water mark), the
 * senders feeding it stop being read, so a fast reader that fell behind in a burst catches up without the server
 * growing. If the recipient is still over the cap after the grace period, or its queue reaches half as much again
 * over the cap, its queue reaches twice the cap, it is a slow reader: it is cut off and the senders resume. Memory per
 * client stays bounded by about twice the cap, and nobody else waits longer than the grace period.
 */
final class SlowReaders {
    static final String CUT_OFF_REASON = "too slow: its outbound queue passed the cap";

    private final EventExecutor roomThread;
    private final Duration grace;
    private final int capBytes;
    private final Map<Channel, Set<Channel>> sendersPausedBy = new HashMap<>();
    private final Map<Channel, Integer> pausesOfSender = new HashMap<>();
    private final Map<Channel, ScheduledFuture<?>> graceTimers = new HashMap<>();

    SlowReaders(EventExecutor roomThread, Duration grace, int capBytes) {
        this.roomThread = roomThread;
        this.grace = grace;
        this.capBytes = capBytes;
    }

    /**
     * Decides whether {@code recipient} may be written to now. Returns false when it was cut off (or is closed).
     *
     * @param sender the member whose message this is, paused if the recipient is behind; null for server traffic
     */
    boolean admit(Channel recipient, Channel sender) {
        if (!recipient.isActive()) {
            return false;
        }
        if (recipient.isWritable()) {
            return true;
        }
        // bytesBeforeWritable is what must drain to reach the low-water mark (half the cap): queue > 2 x cap.
        if (recipient.bytesBeforeWritable() > capBytes + capBytes / 2) {
            cutOff(recipient);
            return false;
        }
        if (sender != null && sender != recipient && sendersPausedBy.computeIfAbsent(recipient, r -> new HashSet<>()).add(sender)) {
            if (pausesOfSender.merge(sender, 1, Integer::sum) == 1) {
                ReadGate.of(sender).pause(ReadGate.Reason.RECIPIENT_BEHIND);
            }
        }
        graceTimers.computeIfAbsent(recipient, r -> roomThread.schedule(() -> {
            graceTimers.remove(r);
            if (r.isActive() && !r.isWritable()) {
                cutOff(r);
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS));
        return true;
    }

    /** The recipient drained below its low-water mark: everyone it held up goes on. */
    void writable(Channel recipient) {
        if (recipient.isWritable()) {
            release(recipient);
        }
    }

    /** A connection ended: it holds nobody up and waits for nobody any more. */
    void forget(Channel channel) {
        release(channel);
        pausesOfSender.remove(channel);
        for (Set<Channel> senders : sendersPausedBy.values()) {
            senders.remove(channel);
        }
    }

    private void cutOff(Channel recipient) {
        DisconnectReason.record(recipient, CUT_OFF_REASON);
        recipient.close();
        release(recipient);
    }

    private void release(Channel recipient) {
        ScheduledFuture<?> timer = graceTimers.remove(recipient);
        if (timer != null) {
            timer.cancel(false);
        }
        Set<Channel> senders = sendersPausedBy.remove(recipient);
        if (senders == null) {
            return;
        }
        for (Channel sender : senders) {
            Integer left = pausesOfSender.merge(sender, -1, Integer::sum);
            if (left != null && left <= 0) {
                pausesOfSender.remove(sender);
                ReadGate.of(sender).resume(ReadGate.Reason.RECIPIENT_BEHIND);
            }
        }
    }
}

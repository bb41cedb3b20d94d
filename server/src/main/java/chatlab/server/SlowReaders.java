package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.Notices;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Outbound limits per client, confined to the room thread. Nobody waits for a slow reader: the room keeps writing
 * into each client's own queue, and a client that does not drain it is cut off, as Redis does with its
 * client-output-buffer-limit (a hard limit, and a soft limit held for some seconds) and IRC servers with their
 * send queues. Senders are never paused because of a recipient.
 *
 * <ul>
 *   <li><b>Hard limit</b> ({@code --max-outbound-bytes}): a client whose queue passes it is cut off at once, so
 *       memory per client stays bounded by it (plus one message and one turn's buffer).</li>
 *   <li><b>Soft limit</b> ({@code --soft-outbound-bytes}, Netty's high-water mark): a client whose queue passes it
 *       is <i>behind</i>; still behind after {@code --slow-reader-grace}, it is cut off. It is no longer behind once
 *       its queue has drained to half the soft limit (the low-water mark). A client that reads, but slower than the
 *       room talks, keeps its queue over half the soft limit and is cut off by this rule long before the hard
 *       limit, however its reads are timed.</li>
 * </ul>
 *
 * <p>A cut-off connection is reset (SO_LINGER 0), not closed in order: its queue is dropped anyway, and a reset
 * frees the kernel's buffers for it at once instead of holding them for a peer that does not read (a FIN cannot
 * pass a closed receive window), and tells the client at once.
 */
final class SlowReaders {
    /** Hears that a client fell behind (its queue passed the soft limit). */
    interface Listener {
        void behind(Channel channel, long queuedBytes);
    }

    private final EventExecutor roomThread;
    private final Duration grace;
    private final int softBytes;
    private final int hardBytes;
    private final Listener listener;
    private final ServerCounters counters;
    private final Map<Channel, ScheduledFuture<?>> graceTimers = new HashMap<>();

    SlowReaders(EventExecutor roomThread, Limits limits, Listener listener) {
        this(roomThread, limits, listener, new ServerCounters());
    }

    SlowReaders(EventExecutor roomThread, Limits limits, Listener listener, ServerCounters counters) {
        this.counters = counters;
        this.roomThread = roomThread;
        this.grace = limits.slowReaderGrace();
        this.softBytes = limits.effectiveSoftOutboundBytes();
        this.hardBytes = limits.maxOutboundBytes();
        this.listener = listener;
    }

    /**
     * The water marks every connection gets: unwritable (behind) over the soft limit, writable again at half of it.
     */
    static WriteBufferWaterMark waterMark(Limits limits) {
        int soft = limits.effectiveSoftOutboundBytes();
        return new WriteBufferWaterMark(soft / 2, soft);
    }

    static String hardLimitReason(int hardBytes) {
        return "too slow: its outbound queue passed the hard limit of " + hardBytes + " bytes";
    }

    static String softLimitReason(int softBytes, Duration grace) {
        return "too slow: its outbound queue stayed over the soft limit of " + softBytes + " bytes for "
                + Notices.human(grace);
    }

    /** Decides whether {@code recipient} may be written to now. Returns false when it was cut off (or is closed). */
    boolean admit(Channel recipient) {
        if (!recipient.isActive()) {
            return false;
        }
        if (recipient.isWritable()) {
            return true;
        }
        if (LingeringClose.isClosing(recipient)) {
            return false; // refused for good, its side ended: not a slow reader, nobody to send to
        }
        long queued = queuedBytes(recipient);
        if (queued > hardBytes) {
            cutOff(recipient, hardLimitReason(hardBytes));
            counters.slowReaderCut(true);
            return false;
        }
        behind(recipient, queued);
        return true;
    }

    /**
     * Whether the recipient is behind: its queue passed the soft limit and has not drained to half of it since. Its
     * writes do not hold up anyone's acknowledgement.
     */
    static boolean isBehind(Channel recipient) {
        return !recipient.isWritable();
    }

    /** The recipient's queue crossed a water mark (reported by its handler; the state is read afresh here). */
    void writabilityChanged(Channel recipient) {
        if (!recipient.isActive()) {
            return;
        }
        if (recipient.isWritable()) {
            cancelTimer(recipient); // caught up
        } else if (LingeringClose.isClosing(recipient)) {
            cancelTimer(recipient); // refused for good: its side ended, its queue is gone, and the linger ends it
        } else {
            behind(recipient, queuedBytes(recipient));
        }
    }

    /** A connection ended: nothing is timed for it any more. */
    void forget(Channel channel) {
        cancelTimer(channel);
    }

    /** Starts the grace period, unless it runs already. */
    private void behind(Channel recipient, long queued) {
        if (graceTimers.containsKey(recipient)) {
            return;
        }
        graceTimers.put(recipient, roomThread.schedule(() -> {
            graceTimers.remove(recipient);
            // Refused for good since it fell behind: not a slow reader; a cut would reset the linger (LingeringClose).
            if (recipient.isActive() && isBehind(recipient) && !LingeringClose.isClosing(recipient)) {
                cutOff(recipient, softLimitReason(softBytes, grace));
                counters.slowReaderCut(false);
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS));
        listener.behind(recipient, queued);
    }

    private void cutOff(Channel recipient, String reason) {
        cancelTimer(recipient);
        DisconnectReason.record(recipient, reason);
        try {
            recipient.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (ChannelException e) {
            // Closed meanwhile (by its own event loop): nothing left to reset.
        }
        recipient.close();
    }

    private void cancelTimer(Channel recipient) {
        ScheduledFuture<?> timer = graceTimers.remove(recipient);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Bytes in the recipient's queue, when it is unwritable (then the queue is over the low-water mark). */
    private static long queuedBytes(Channel recipient) {
        return recipient.bytesBeforeWritable() + recipient.config().getWriteBufferLowWaterMark();
    }
}

package chatlab.server;

import java.time.Duration;

/**
 * Bounds of the messages said on this server that wait to come back from the cluster (docs/CLUSTER.md, *Limits and
 * defaults*): a message is relayed and acknowledged only when the cluster hands it back in its order, and one the
 * cluster stored but never hands back (this server's consumer of the room failed) must not hold its sender, nor the
 * server's memory, for ever.
 *
 * @param pendingTimeout     how long a message may wait to come back; then its v2 sender is told it may or may not
 *                           reach the room, and the server forgets it (checked every quarter of it)
 * @param maxPendingMessages messages that may wait at once; past it a new one is refused at once
 */
public record ClusterLimits(Duration pendingTimeout, int maxPendingMessages) {
    /**
     * 15 s: three times the broker's acknowledgement timeout (5 s), so a message the broker is slow to take is refused
     * by that timeout first, with its own sentence; on a LAN a message comes back in about a millisecond.
     */
    public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofSeconds(15);
    /**
     * 10,000: far more than the messages under way at once on a healthy link (each waits about a millisecond), and at
     * about 100 bytes each a megabyte at most while the link is broken.
     */
    public static final int DEFAULT_MAX_PENDING_MESSAGES = 10_000;

    public ClusterLimits {
        if (pendingTimeout.isNegative() || pendingTimeout.isZero()) {
            throw new IllegalArgumentException("the cluster's pending timeout must be positive, got " + pendingTimeout);
        }
        if (maxPendingMessages < 1) {
            throw new IllegalArgumentException("the cluster's pending messages must be at least 1, got "
                    + maxPendingMessages);
        }
    }

    public static ClusterLimits defaults() {
        return new ClusterLimits(DEFAULT_PENDING_TIMEOUT, DEFAULT_MAX_PENDING_MESSAGES);
    }
}

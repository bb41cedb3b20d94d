package chatlab.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The presence traffic of all rooms together: the budget that paces announcements
 * ({@link ServerConfig#DEFAULT_PRESENCE_BYTES_PER_SECOND}), and the bytes sent so far. Every lab map is paid for once
 * it is sent (an announcement's, and a lab newcomer's own, which is sent at once whatever the budget: the newcomer is
 * of no use until it has one), and so is every announcement's v2 {@code presence}; the next announcement of any room
 * waits until what was sent has been paid for, so a server cannot spend more than the budget on user lists however
 * many rooms change. A v2 newcomer's copy of its room (as last announced) is counted in the totals but not paid for,
 * as before rooms. Confined to the room's loop, except the totals.
 */
final class PresenceTraffic {
    private final long bytesPerSecond;
    /** When the budget will have paid for everything sent so far. */
    private long paidAtNanos = System.nanoTime();
    private final AtomicLong labBytes = new AtomicLong();
    private final AtomicLong v2Bytes = new AtomicLong();

    PresenceTraffic(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** When an announcement may go out: once the budget has paid for what was sent. */
    long paidAtNanos() {
        return paidAtNanos;
    }

    boolean paid(long nowNanos) {
        return nowNanos - paidAtNanos >= 0;
    }

    /** Lab maps went out: paid for. */
    void sentLab(long bytes, long nowNanos) {
        labBytes.addAndGet(bytes);
        spend(bytes, nowNanos);
    }

    /** v2 presence went out; an announcement's is paid for, a newcomer's copy of its room is only counted. */
    void sentV2(long bytes, boolean announcement, long nowNanos) {
        v2Bytes.addAndGet(bytes);
        if (announcement) {
            spend(bytes, nowNanos);
        }
    }

    private void spend(long bytes, long nowNanos) {
        if (bytes > 0) {
            paidAtNanos = Math.max(paidAtNanos, nowNanos) + (long) (bytes * 1e9 / bytesPerSecond);
        }
    }

    long labBytesSent() {
        return labBytes.get();
    }

    long v2BytesSent() {
        return v2Bytes.get();
    }
}

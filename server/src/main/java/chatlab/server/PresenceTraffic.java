package chatlab.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The presence traffic of all rooms together: the budget that paces announcements
 * ({@link ServerConfig#DEFAULT_PRESENCE_BYTES_PER_SECOND}), and the bytes sent so far. Every byte of presence (an
 * announcement, a newcomer's own map) is paid for once it is sent; the next announcement of any room waits until
 * what was sent has been paid for, so a server cannot spend more than the budget on user lists however many rooms
 * change. Confined to the room's loop, except the totals.
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

    void spentLab(long bytes, long nowNanos) {
        labBytes.addAndGet(bytes);
        spend(bytes, nowNanos);
    }

    void spentV2(long bytes, long nowNanos) {
        v2Bytes.addAndGet(bytes);
        spend(bytes, nowNanos);
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

package chatlab.bench.load;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every message in flight: when it was due (closed loop: sent; open loop: scheduled), when it was written, how many receivers still
 * have to get it, and whether it falls in the measured window. One ring per sender, indexed by sequence number;
 * a slot is reused only once its message is complete (or written off as lost), so a sender never has more than
 * the ring's capacity in flight. Thread-safe: receivers on any event loop decrement the counts.
 */
public final class MessageLedger {
    private final Ring[] rings;
    private final AtomicLong outstanding = new AtomicLong();

    /** @param capacity messages in flight per sender at the most (rounded up to a power of two) */
    public MessageLedger(int senders, int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        rings = new Ring[senders];
        for (int i = 0; i < senders; i++) {
            rings[i] = new Ring(size);
        }
    }

    /**
     * Records message {@code seq} of {@code sender} before it is written.
     *
     * @return false when the ring is full (the oldest message still waits for a receiver); nothing is recorded
     */
    public boolean begin(int sender, long seq, long dueNanos, int receivers, boolean measured) {
        Ring ring = rings[sender];
        int slot = (int) (seq & ring.mask);
        if (ring.remaining.get(slot) > 0) {
            return false;
        }
        ring.seq[slot] = seq;
        ring.dueNanos[slot] = dueNanos;
        ring.writtenNanos[slot] = System.nanoTime();
        ring.measured[slot] = measured;
        outstanding.addAndGet(receivers);
        ring.remaining.set(slot, receivers); // volatile write publishes the fields above
        return true;
    }

    /**
     * One receiver got the message.
     *
     * @return its due time and whether it is measured, or null when the ledger does not know the message (it was
     *     written off, or the stamp is not the bench's)
     */
    public Delivery deliver(int sender, long seq) {
        if (sender < 0 || sender >= rings.length) {
            return null;
        }
        Ring ring = rings[sender];
        int slot = (int) (seq & ring.mask);
        int left;
        long due;
        long written;
        boolean measured;
        do {
            left = ring.remaining.get(slot); // volatile read before the plain fields
            if (left <= 0 || ring.seq[slot] != seq) {
                return null;
            }
            // Read before the count drops: once it is zero the sender may reuse the slot.
            due = ring.dueNanos[slot];
            written = ring.writtenNanos[slot];
            measured = ring.measured[slot];
        } while (!ring.remaining.compareAndSet(slot, left, left - 1));
        outstanding.decrementAndGet();
        return new Delivery(due, written, measured, left == 1);
    }

    /** Deliveries still expected. */
    public long outstanding() {
        return outstanding.get();
    }

    /**
     * @param writtenNanos when the sender began writing it (open loop: at or after its due time)
     * @param complete     true for the last receiver: the message has reached everyone
     */
    public record Delivery(long dueNanos, long writtenNanos, boolean measured, boolean complete) {}

    private static final class Ring {
        final long mask;
        final long[] seq;
        final long[] dueNanos;
        final long[] writtenNanos;
        final boolean[] measured;
        final AtomicIntegerArray remaining;

        Ring(int size) {
            mask = size - 1;
            seq = new long[size];
            dueNanos = new long[size];
            writtenNanos = new long[size];
            measured = new boolean[size];
            remaining = new AtomicIntegerArray(size);
        }
    }
}

package chatlab.bench.scenario;

import java.util.concurrent.TimeUnit;

/**
 * Open loop: each sender sends at a fixed rate on a schedule made in advance (the senders evenly offset from each
 * other), whatever the server does. A message's latency is measured from its scheduled time, not from when it was
 * written, so a server (or a bench event loop) that stalls cannot hide the delay from the messages that should
 * have gone out meanwhile: no coordinated omission. A sender that falls behind its schedule catches up at once,
 * except on the lab wire: it has no delimiter, so two writes that reach a lab server together are one message to
 * it (counted as merged, and the fault would be the bench's); there the overdue messages go out
 * {@link #LAB_CATCH_UP_GAP_NANOS} apart, still timed from their schedule.
 */
final class OpenLoop {
    /** Lab wire: the least time between two overdue writes of one sender. */
    static final long LAB_CATCH_UP_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Senders senders;
    private final long intervalNanos;
    private final long[] nextIndex;
    private TrafficWindow times;

    OpenLoop(Senders senders, double ratePerSender) {
        this.senders = senders;
        this.intervalNanos = Math.max(1, Math.round(1e9 / ratePerSender));
        this.nextIndex = new long[senders.count()];
    }

    /** Ledger capacity: ample for many seconds of delay at the rate. */
    static int ledgerCapacity(double ratePerSender) {
        return (int) Math.min(1 << 18, Math.max(1 << 12, ratePerSender * 60));
    }

    /** The n-th send of {@code sender} is due at {@code start + offset(sender) + n * interval}. */
    long due(int sender, long n) {
        return times.startNanos() + intervalNanos * sender / senders.count() + n * intervalNanos;
    }

    void start(TrafficWindow window) {
        this.times = window;
        for (int s = 0; s < senders.count(); s++) {
            int sender = s;
            senders.client(sender).channel().eventLoop().execute(() -> tick(sender));
        }
    }

    private void tick(int sender) {
        long now = System.nanoTime();
        long n = nextIndex[sender];
        long due = due(sender, n);
        boolean unframed = senders.unframed();
        long wait = 0;
        while (due - now <= 0 && times.open(due)) {
            boolean measured = times.measured(due);
            long writeNanos = System.nanoTime(); // a sender catching up writes several in one tick, each later
            if (senders.sendNext(sender, due, measured) && measured) {
                senders.stats().sendLateness(writeNanos - due);
            }
            due = due(sender, ++n);
            if (unframed && due - now <= 0) {
                wait = LAB_CATCH_UP_GAP_NANOS; // overdue already: next tick, a gap later
                break;
            }
        }
        nextIndex[sender] = n;
        if (times.open(due) && !senders.client(sender).closed()) {
            senders.client(sender).channel().eventLoop().schedule(() -> tick(sender), Math.max(wait, due - now),
                    TimeUnit.NANOSECONDS);
        }
    }
}

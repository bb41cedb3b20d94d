package chatlab.bench.scenario;

import chatlab.bench.SlowMode;
import chatlab.bench.load.BenchClient;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One slow reader of the slow-reader scenario: a registered client that, once the measured window starts, stops
 * reading (stop) or reads too little (trickle: once a second, one read of up to a quarter of what each other client
 * received in that second, and no more than its receive buffer holds). It waits to be cut off; when that happens is
 * its result. It asks for a small receive buffer, so what it leaves unread piles up at the server, whose policy is
 * what is measured, instead of in its own kernel (where it would only delay everything by the buffer's size over the
 * room's rate).
 */
final class SlowReader {
    /** SO_RCVBUF it asks for (Linux doubles it). */
    static final int RECEIVE_BUFFER_BYTES = 4096;
    /** trickle: the share of the others' bytes it reads. */
    static final double TRICKLE_FRACTION = 0.25;
    static final long TRICKLE_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BenchClient client;
    private final SlowMode mode;
    /** Bytes one of the other clients has received so far (about). */
    private final LongSupplier othersBytes;
    private volatile long stoppedNanos;
    private long lastOthersBytes;
    private ScheduledFuture<?> trickle;

    SlowReader(BenchClient client, SlowMode mode, LongSupplier othersBytes) {
        this.client = client;
        this.mode = mode;
        this.othersBytes = othersBytes;
        client.expectCutOff(RECEIVE_BUFFER_BYTES);
    }

    BenchClient client() {
        return client;
    }

    /** Stops reading at {@code nanoTime} (the start of the measured window), on its own event loop. */
    void startAt(long nanoTime) {
        client.channel().eventLoop().schedule(this::start, Math.max(0, nanoTime - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    /** Stops reading now (and, trickling, reads a little once a period from now on). */
    private void start() {
        stoppedNanos = System.nanoTime();
        client.stopReading();
        if (mode == SlowMode.TRICKLE) {
            lastOthersBytes = othersBytes.getAsLong();
            trickle = client.channel().eventLoop().scheduleAtFixedRate(this::trickle, TRICKLE_PERIOD_NANOS,
                    TRICKLE_PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void trickle() {
        if (client.closed()) {
            trickle.cancel(false);
            return;
        }
        long now = othersBytes.getAsLong();
        client.readOnce((int) Math.min(Integer.MAX_VALUE, Math.round((now - lastOthersBytes) * TRICKLE_FRACTION)));
        lastOthersBytes = now;
    }

    /** Seconds from when it stopped reading until the server cut it off; null while it is connected. */
    Double cutOffSeconds() {
        long cutOff = client.cutOffNanos();
        return cutOff == 0 || stoppedNanos == 0 ? null : (cutOff - stoppedNanos) / 1e9;
    }
}

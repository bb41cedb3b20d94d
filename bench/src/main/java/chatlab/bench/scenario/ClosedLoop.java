package chatlab.bench.scenario;

import chatlab.bench.load.BenchSession;

/**
 * Closed loop: each sender keeps {@code window} messages in flight; when one has reached every other client the
 * sender writes the next. Latency is measured from the write. The load adapts to the server: a slow server gets
 * fewer messages, so this measures capacity, not latency under a fixed load.
 */
final class ClosedLoop implements BenchSession.CompletionListener {
    private final Senders senders;
    private final int window;
    private volatile TrafficWindow times;

    ClosedLoop(Senders senders, int window) {
        this.senders = senders;
        this.window = window;
    }

    /** Ledger capacity: in-flight messages per sender complete in order, so twice the window is ample. */
    static int ledgerCapacity(int window) {
        return Math.max(64, window * 4);
    }

    void start(TrafficWindow times) {
        this.times = times;
        for (int s = 0; s < senders.count(); s++) {
            int sender = s;
            senders.client(sender).channel().eventLoop().execute(() -> {
                for (int i = 0; i < window; i++) {
                    sendOne(sender);
                }
            });
        }
    }

    @Override
    public void completed(int sender) {
        TrafficWindow current = times;
        if (current == null || !current.open(System.nanoTime())) {
            return;
        }
        var loop = senders.client(sender).channel().eventLoop();
        if (loop.inEventLoop()) {
            sendOne(sender);
        } else {
            loop.execute(() -> sendOne(sender));
        }
    }

    private void sendOne(int sender) {
        long now = System.nanoTime();
        if (times.open(now)) {
            senders.sendNext(sender, now, times.measured(now));
        }
    }
}

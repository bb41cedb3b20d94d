package chatlab.bench.scenario;

/**
 * When the senders run and which messages count: everything due from {@code startNanos}, measured when due in
 * [{@code measureStartNanos}, {@code stopNanos}), nothing sent from {@code stopNanos} on.
 */
record TrafficWindow(long startNanos, long measureStartNanos, long stopNanos) {
    boolean measured(long dueNanos) {
        return dueNanos - measureStartNanos >= 0 && dueNanos - stopNanos < 0;
    }

    boolean open(long nanos) {
        return nanos - stopNanos < 0;
    }
}

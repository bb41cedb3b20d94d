package chatlab.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The counters of one run, shared by every client; thread-safe. Latencies in microseconds. */
public final class RunStats {
    /** One hour, in microseconds: any latency above is recorded as this. */
    static final long MAX_LATENCY_MICROS = 3_600_000_000L;

    final LongAdder deliveries = new LongAdder();
    final LongAdder measuredDeliveries = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder measuredMessagesSent = new LongAdder();
    final LongAdder sendsSkipped = new LongAdder();
    final LongAdder duplicated = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder unknownStamps = new LongAdder();
    final LongAdder presenceBytes = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final ErrorTally errors = new ErrorTally();
    private final Recorder measured = new Recorder(MAX_LATENCY_MICROS, 3);
    private final Recorder progress = new Recorder(MAX_LATENCY_MICROS, 3);
    private Histogram measuredTotal;

    void latency(long nanos, boolean inWindow) {
        long micros = Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1000));
        progress.recordValue(micros);
        if (inWindow) {
            measured.recordValue(micros);
        }
    }

    /** Latencies since the last call, for the progress line. */
    Histogram progressInterval() {
        return progress.getIntervalHistogram();
    }

    /** Every measured latency; call once deliveries have stopped. */
    synchronized Histogram measuredLatency() {
        if (measuredTotal == null) {
            measuredTotal = measured.getIntervalHistogram();
        } else {
            measuredTotal.add(measured.getIntervalHistogram());
        }
        return measuredTotal;
    }

    public ErrorTally errors() {
        return errors;
    }
}

package chatlab.bench.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The counters of one run, shared by every client; thread-safe. Latencies in microseconds. */
public final class RunStats {
    /** One hour, in microseconds: any latency above is recorded as this. */
    public static final long MAX_LATENCY_MICROS = 3_600_000_000L;

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
    private final Recorder sendLateness = new Recorder(MAX_LATENCY_MICROS, 3);
    private final Recorder afterWrite = new Recorder(MAX_LATENCY_MICROS, 3);
    private Histogram measuredTotal;
    private Histogram sendLatenessTotal;
    private Histogram afterWriteTotal;

    void latency(long nanos, boolean inWindow) {
        long micros = Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1000));
        progress.recordValue(micros);
        if (inWindow) {
            measured.recordValue(micros);
        }
    }

    /**
     * Open loop: how late the generator itself wrote a measured message after its scheduled time. Latency counts
     * from the scheduled time, so this part of it is the bench's, not the server's.
     */
    public void sendLateness(long nanos) {
        sendLateness.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1000)));
    }

    /** Every measured send's lateness; call once sending has stopped. */
    public synchronized Histogram sendLateness() {
        sendLatenessTotal = accumulate(sendLatenessTotal, sendLateness);
        return sendLatenessTotal;
    }

    /** A measured delivery's time since its message was written: the server's part plus the receiving bench's. */
    public void afterWrite(long nanos) {
        afterWrite.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1000)));
    }

    /** Every measured delivery's time since the write; call once deliveries have stopped. */
    public synchronized Histogram afterWrite() {
        afterWriteTotal = accumulate(afterWriteTotal, afterWrite);
        return afterWriteTotal;
    }

    /** Latencies since the last call, for the progress line. */
    public Histogram progressInterval() {
        return progress.getIntervalHistogram();
    }

    /** Every measured latency; call once deliveries have stopped. */
    public synchronized Histogram measuredLatency() {
        measuredTotal = accumulate(measuredTotal, measured);
        return measuredTotal;
    }

    /** What the recorder took since the last call, added to what it had taken before (a later call adds the rest). */
    private static Histogram accumulate(Histogram total, Recorder recorder) {
        Histogram interval = recorder.getIntervalHistogram();
        if (total == null) {
            return interval;
        }
        total.add(interval);
        return total;
    }

    public ErrorTally errors() {
        return errors;
    }

    public LongAdder presenceBytes() {
        return presenceBytes;
    }

    public LongAdder measuredMessagesSent() {
        return measuredMessagesSent;
    }

    public LongAdder messagesSent() {
        return messagesSent;
    }

    public LongAdder sendsSkipped() {
        return sendsSkipped;
    }

    public LongAdder bytesRead() {
        return bytesRead;
    }

    public LongAdder duplicated() {
        return duplicated;
    }

    public LongAdder measuredDeliveries() {
        return measuredDeliveries;
    }

    public LongAdder deliveries() {
        return deliveries;
    }
}

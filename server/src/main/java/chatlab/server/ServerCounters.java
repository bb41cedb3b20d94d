package chatlab.server;

import chatlab.history.MessageLogEvents;
import chatlab.history.MessageLogException;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.Wire;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server counts for its metrics (docs/METRICS.md), always, whether or not anything reads them: each count is
 * one add, so the relay path pays nothing measurable for it. Two kinds of field, by the thread that writes them:
 * <ul>
 *   <li>plain {@code long}s written only on the rooms' event loop (the relay's counts: messages, deliveries, slow
 *       readers cut), read only there too, by {@link #snapshot} when a scrape asks: no lock, no atomic, no fence;</li>
 *   <li>{@link LongAdder}s for what other threads count (accepts on every event loop, bytes, logins on the
 *       authenticator's threads, the log's writer thread, refusals decided on a connection's loop).</li>
 * </ul>
 */
public final class ServerCounters {
    /**
     * Upper bounds of the log-append histogram's buckets, in seconds: an SQLite commit with its sync takes from tens
     * of microseconds (tmpfs) to tens of milliseconds (a busy disk); beyond a second the log is in trouble.
     */
    public static final double[] LOG_APPEND_BUCKETS_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
        0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    // Room loop only.
    private final long[] roomMessagesIn = new long[Wire.values().length];
    private final long[] whispersIn = new long[Wire.values().length];
    private long relayed;
    private long deliveries;
    private long sent;
    private long cutHardLimit;
    private long cutSoftLimit;

    // Any thread.
    private final LongAdder accepted = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder logins = new LongAdder();
    private final LongAdder loginFailures = new LongAdder();
    private final LongAdder[] refusals = adders(ErrorCode.values().length);
    private final LongAdder logAppends = new LongAdder();
    private final LongAdder logAppendFailures = new LongAdder();
    private final LongAdder[] logAppendBuckets = adders(LOG_APPEND_BUCKETS_SECONDS.length + 1);
    private final LongAdder logAppendNanos = new LongAdder();

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** A room message (or, with {@code whisper}, a whisper) taken from a client of this server. Room loop. */
    void messageIn(Wire wire, boolean whisper) {
        (whisper ? whispersIn : roomMessagesIn)[wire.ordinal()]++;
    }

    /** A stored room message was fanned out to {@code copies} members here. Room loop. */
    void relayed(int copies) {
        relayed++;
        deliveries += copies;
    }

    /** The room queued one message (of any kind) for a client. Room loop. */
    void sent() {
        sent++;
    }

    /** A slow reader was cut off, by the hard limit or by the soft limit's grace. Room loop. */
    void slowReaderCut(boolean hardLimit) {
        if (hardLimit) {
            cutHardLimit++;
        } else {
            cutSoftLimit++;
        }
    }

    void accepted() {
        accepted.increment();
    }

    void bytesIn(int bytes) {
        bytesIn.add(bytes);
    }

    void bytesOut(int bytes) {
        bytesOut.add(bytes);
    }

    void login(boolean success) {
        (success ? logins : loginFailures).increment();
    }

    void refused(ErrorCode code) {
        refusals[code.ordinal()].increment();
    }

    /** Counts the log's appends and their latency, and passes every event on to {@code next}. */
    MessageLogEvents countingLog(MessageLogEvents next) {
        return new MessageLogEvents() {
            @Override
            public void committed(int batches, int messages, long nanos) {
                logAppends.add(messages);
                double seconds = nanos / 1e9;
                int bucket = 0;
                while (bucket < LOG_APPEND_BUCKETS_SECONDS.length && seconds > LOG_APPEND_BUCKETS_SECONDS[bucket]) {
                    bucket++;
                }
                logAppendBuckets[bucket].increment();
                logAppendNanos.add(nanos);
                next.committed(batches, messages, nanos);
            }

            @Override
            public void failed(int batches, int messages, MessageLogException failure) {
                logAppendFailures.add(messages);
                next.failed(batches, messages, failure);
            }

            @Override
            public void trimmed(chatlab.history.Trimmed trimmed) {
                next.trimmed(trimmed);
            }

            @Override
            public void healthChanged(chatlab.history.LogHealth health) {
                next.healthChanged(health);
            }
        };
    }

    /**
     * The counts as they are now. Must run on the rooms' loop (the plain counts are read where they are written).
     */
    MetricsSnapshot.Counts snapshot() {
        long[] refused = new long[refusals.length];
        for (int i = 0; i < refused.length; i++) {
            refused[i] = refusals[i].sum();
        }
        long[] buckets = new long[logAppendBuckets.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = logAppendBuckets[i].sum();
        }
        return new MetricsSnapshot.Counts(roomMessagesIn.clone(), whispersIn.clone(), relayed, deliveries, sent,
                cutHardLimit, cutSoftLimit, accepted.sum(), bytesIn.sum(), bytesOut.sum(), logins.sum(),
                loginFailures.sum(), refused, logAppends.sum(), logAppendFailures.sum(), buckets,
                logAppendNanos.sum());
    }
}

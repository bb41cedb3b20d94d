package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.MessageLedger;
import chatlab.bench.load.RunStats;
import chatlab.bench.report.BenchTextReport;
import chatlab.bench.server.Measurement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The chat traffic of fanout and churn: the first S clients send, closed or open loop, every measured client
 * receives. Warm-up, then the measured window (the server is sampled at both of its edges), then the drain.
 */
final class Traffic {
    /** Senders start this long after the traffic is set up, so every event loop has the first sends queued. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final BenchSession session;
    private final BenchConfig config;
    private final Senders senders;
    private final MessageLedger ledger;
    private final ClosedLoop closed;
    private final OpenLoop open;
    private TrafficWindow window;
    private volatile String phase = "warm-up";

    Traffic(BenchSession session, List<BenchClient> stable) {
        this.session = session;
        this.config = session.config();
        int receivers = (int) stable.stream().filter(c -> c.measured()).count()
                - (session.wire().deliversToSender() ? 0 : 1);
        this.senders = new Senders(session, stable.subList(0, config.senders()), receivers);
        if (config.openLoop()) {
            ledger = new MessageLedger(config.senders(), OpenLoop.ledgerCapacity(config.ratePerSender()));
            open = new OpenLoop(senders, config.ratePerSender());
            closed = null;
            session.ledger(ledger, sender -> { });
        } else {
            ledger = new MessageLedger(config.senders(), ClosedLoop.ledgerCapacity(config.window()));
            closed = new ClosedLoop(senders, config.window());
            open = null;
            session.ledger(ledger, closed);
        }
    }

    /** Starts the senders; returns the window. */
    TrafficWindow start() {
        long start = System.nanoTime() + START_DELAY_NANOS;
        window = new TrafficWindow(start, start + config.warmup().toNanos(),
                start + config.warmup().toNanos() + config.duration().toNanos());
        if (open != null) {
            open.start(window);
        } else {
            closed.start(window);
        }
        return window;
    }

    /** Runs the measured window: warm-up, sample, measure, sample. False when the time limit cut it short. */
    boolean measure(Measurement measurement) {
        if (!session.sleepUntil(window.measureStartNanos())) {
            return false;
        }
        phase = "measuring";
        measurement.start();
        boolean full = session.sleepUntil(window.stopNanos());
        measurement.end();
        phase = "draining";
        return full;
    }

    /** Waits for the messages still in flight, at most the drain period. */
    void drain() {
        session.await(() -> ledger.outstanding() == 0, config.drain().toNanos());
        phase = "done";
    }

    String status() {
        RunStats stats = session.stats();
        var interval = stats.progressInterval();
        return String.format("%s, %,d deliveries/s, p50 %s, p99 %s, awaited %,d, gaps %,d, duplicated %,d, errors %,d",
                phase, interval.getTotalCount(), BenchTextReport.micros(interval.getValueAtPercentile(50)),
                BenchTextReport.micros(interval.getValueAtPercentile(99)), ledger.outstanding(), session.gaps(),
                stats.duplicated().sum(), stats.errors().total());
    }

    BenchResult.Traffic result() {
        RunStats stats = session.stats();
        double seconds = config.duration().toNanos() / 1e9;
        long deliveries = stats.measuredDeliveries().sum();
        long sent = stats.messagesSent().sum();
        long delivered = stats.deliveries().sum();
        return new BenchResult.Traffic(config.openLoop() ? "open" : "closed", seconds, sent,
                stats.measuredMessagesSent().sum(), deliveries, seconds > 0 ? deliveries / seconds : 0,
                delivered + ledger.outstanding(), delivered, ledger.outstanding(), stats.duplicated().sum(),
                session.merged(), session.sharedRead(), session.split(), stats.sendsSkipped().sum(),
                BenchResult.Latency.of(stats.measuredLatency()),
                config.openLoop() ? BenchResult.Latency.of(stats.sendLateness()) : null,
                config.openLoop() ? BenchResult.Latency.of(stats.afterWrite()) : null);
    }
}

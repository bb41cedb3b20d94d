package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.RunStats;
import chatlab.bench.load.SourceAddresses;
import chatlab.bench.report.BenchTextReport;
import chatlab.bench.server.Measurement;
import chatlab.bench.server.ServerProbe;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * join-storm: N clients connect and register all at once, or with {@code --in-flight K} as joins that trickle in (K
 * joining at a time, each waiting for its first user list before the next connects). Measures the time from the first connect until every
 * client's user list holds all N, and the presence traffic (lab: user maps; v2: welcomes and presence messages).
 */
final class JoinStormRun {
    /** After the last list is full, presence that still arrives within this long is counted too. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private JoinStormRun() {}

    static BenchRun.Outcome run(BenchSession session, ServerProbe probe, Progress progress) {
        BenchConfig config = session.config();
        int n = config.clients();
        session.fullRoster(n);
        progress.status(() -> String.format("%,d connected, %,d registered, %,d with all %,d, presence %s",
                session.connectedCount().get(), session.registeredCount().get(), session.countFull(), n,
                BenchTextReport.bytes(session.stats().presenceBytes().sum())));
        Measurement measurement = new Measurement(probe, false);
        measurement.start();
        long start = System.nanoTime();
        SourceAddresses addresses = new SourceAddresses(config.target().getAddress(), config.perAddress(), 0);
        List<BenchClient> clients = config.inFlight() == 0 ? Crowd.connect(session, n, addresses)
                : Crowd.trickle(session, n, addresses, config.inFlight());
        boolean all = Crowd.await(session, clients, session::countFull);
        Double allFull = all ? Crowd.allBy(clients, start, c -> c.fullNanos()) : null;
        Crowd.awaitQuiet(session, SETTLE_NANOS);
        measurement.end();
        Histogram perClient = new Histogram(RunStats.MAX_LATENCY_MICROS, 3);
        for (BenchClient client : clients) {
            if (client.full()) {
                perClient.recordValue(Math.min(RunStats.MAX_LATENCY_MICROS,
                        Math.max(0, (client.fullNanos() - client.connectStartedNanos()) / 1_000_000)));
            }
        }
        BenchResult.JoinStorm storm = new BenchResult.JoinStorm(allFull, session.countFull(),
                BenchResult.Latency.of(perClient), session.stats().presenceBytes().sum() / n);
        return new BenchRun.Outcome(clients, all, all ? null : Crowd.registrationFailure(session, n,
                "had the full user list"), null, measurement.usage(-1), measurement.benchCpuSeconds(), storm, null,
                null);
    }
}

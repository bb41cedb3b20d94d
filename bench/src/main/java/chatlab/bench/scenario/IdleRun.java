package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.SourceAddresses;
import chatlab.bench.report.BenchTextReport;
import chatlab.bench.server.Measurement;
import chatlab.bench.server.ServerProbe;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * idle: N clients register and stay idle (reading, and discarding, whatever the server sends). The server's RSS
 * (and for a JVM the heap after a collection) before the first connect and after the hold gives the memory per
 * connection.
 */
final class IdleRun {
    /** Presence still flowing after the hold is waited out (at most this long) before the server is sampled. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private IdleRun() {}

    static BenchRun.Outcome run(BenchSession session, ServerProbe probe, Progress progress) {
        BenchConfig config = session.config();
        int n = config.clients();
        session.fullRoster(n);
        session.followNames(false);
        String[] phase = {"joining"};
        progress.status(() -> String.format("%s: %,d connected, %,d registered, presence %s", phase[0],
                session.connectedCount().get(), session.registeredCount().get(),
                BenchTextReport.bytes(session.stats().presenceBytes().sum())));
        Measurement measurement = new Measurement(probe, true);
        measurement.start();
        List<BenchClient> clients = Crowd.connect(session, n,
                new SourceAddresses(config.target().getAddress(), config.perAddress(), 0));
        boolean all = Crowd.await(session, clients, session.registeredCount()::get);
        phase[0] = "holding";
        long holdStart = System.nanoTime();
        boolean held = all && session.sleepUntil(holdStart + config.duration().toNanos());
        phase[0] = "settling";
        Crowd.awaitQuiet(session, SETTLE_NANOS);
        double holdSeconds = (System.nanoTime() - holdStart) / 1e9;
        phase[0] = "sampling the server";
        measurement.end();
        int registered = session.registeredCount().get();
        BenchResult.Idle idle = null;
        if (measurement.hasServer()) {
            long before = measurement.serverStart().rssBytes();
            long after = measurement.serverEnd().rssBytes();
            Long heapPer = measurement.heapStart() != null && measurement.heapEnd() != null && registered > 0
                    ? (measurement.heapEnd() - measurement.heapStart()) / registered : null;
            idle = new BenchResult.Idle(holdSeconds, before, after, registered > 0 ? (after - before) / registered : null,
                    measurement.heapStart(), measurement.heapEnd(), heapPer);
        } else {
            idle = new BenchResult.Idle(holdSeconds, 0, 0, null, null, null, null);
        }
        String failure = !all ? Crowd.registrationFailure(session, n, "registered")
                : held ? null : "the time limit cut the idle hold short";
        return new BenchRun.Outcome(clients, all && held, failure, null, measurement.usage(-1),
                measurement.benchCpuSeconds(), null, idle, null);
    }
}

package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.SourceAddresses;
import chatlab.bench.server.Measurement;
import chatlab.bench.server.ServerProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * slow-reader: the fanout schedule (N clients, S open-loop senders) run twice against the same server, first with no
 * slow reader, then with K more clients that stop reading (or trickle) once the measured window starts
 * ({@link SlowReader}), so the others' latency and losses can be set side by side and each slow reader's cut-off
 * timed. On the project's machine the second of two such runs often measured worse than the first, so the run with
 * slow readers goes second: if the order errs, it errs against it. Each run has its own
 * clients, names and counters; the first run's clients are named a0, a1, ... so the second's can join while they
 * still leave. --time-limit covers both runs.
 */
final class SlowReaderRun {
    private SlowReaderRun() {}

    /** What one of the two runs measured. */
    private record Phase(BenchRun.Outcome outcome, List<SlowReader> slowReaders) {}

    static BenchRun.Outcome run(BenchSession session, ServerProbe probe, Progress progress) {
        BenchConfig config = session.config();
        BenchRun.Outcome baseline;
        BenchResult.Errors baselineErrors;
        try (BenchSession quiet = new BenchSession(config)) {
            baseline = phase(quiet, null, progress, "a", 0, "with no slow reader").outcome();
            baselineErrors = BenchResult.Errors.of(quiet.stats().errors());
        } // its clients leave, so the second run's room holds only its own clients
        if (!baseline.completed()) {
            return BenchRun.Outcome.failedEarly(List.of(), "the run with no slow reader: " + baseline.failure());
        }
        Phase slow = phase(session, probe, progress, "b", config.slowReaders(), "with slow readers");
        BenchRun.Outcome outcome = slow.outcome();
        List<Double> cutOffs = slow.slowReaders().stream().map(SlowReader::cutOffSeconds).toList();
        BenchResult.SlowReaders summary = new BenchResult.SlowReaders(config.slowMode().text(), config.slowReaders(),
                cutOffs, baseline.traffic(), baselineErrors);
        String failure = outcome.failure();
        long stillConnected = cutOffs.stream().filter(s -> s == null).count();
        if (outcome.completed() && stillConnected > 0) {
            failure = stillConnected + " of " + cutOffs.size() + " slow readers were not cut off during the run";
        }
        return new BenchRun.Outcome(outcome.clients(), outcome.completed(), failure, outcome.traffic(),
                outcome.serverUsage(), outcome.benchCpuSeconds(), null, null, null, summary);
    }

    /**
     * One run: N measured clients named {@code prefix} and their index, and {@code slowCount} slow readers
     * (slow0, slow1, ...; unmeasured, but in every full list), all registered before the traffic starts.
     */
    private static Phase phase(BenchSession session, ServerProbe probe, Progress progress, String prefix,
            int slowCount, String label) {
        BenchConfig config = session.config();
        int n = config.clients();
        session.fullRoster(n + slowCount);
        progress.status(() -> String.format("%s: joining: %,d connected, %,d with the full list of %,d", label,
                session.connectedCount().get(), session.countFull(), n + slowCount));
        SourceAddresses addresses = new SourceAddresses(config.target().getAddress(), config.perAddress(), 0);
        List<BenchClient> clients = Crowd.connect(session, n, addresses, prefix);
        List<SlowReader> slowReaders = new ArrayList<>();
        for (int i = 0; i < slowCount; i++) {
            BenchClient client = session.newClient(-1, "slow" + i, false);
            session.expectInLists(client.name());
            slowReaders.add(new SlowReader(client, config.slowMode(),
                    () -> session.stats().bytesRead().sum() / Math.max(1, n)));
            client.connect(addresses.forConnection(n + i));
        }
        List<BenchClient> everyone = Stream.concat(clients.stream(), slowReaders.stream().map(SlowReader::client))
                .toList();
        if (!Crowd.await(session, everyone, () -> everyone.stream().filter(c -> c.full()).count())) {
            return new Phase(BenchRun.Outcome.failedEarly(clients, label + ": " + Crowd.registrationFailure(session,
                    everyone.size(), "had the full user list")), slowReaders);
        }
        Traffic traffic = new Traffic(session, clients);
        progress.status(() -> label + ": " + traffic.status() + cutOffStatus(slowReaders));
        Measurement measurement = new Measurement(probe, false);
        TrafficWindow window = traffic.start();
        // They misbehave from the start of the measured window: the warm-up is the same in both runs.
        slowReaders.forEach(r -> r.startAt(window.measureStartNanos()));
        boolean whole = traffic.measure(measurement);
        traffic.drain();
        BenchResult.Traffic result = traffic.result();
        String failure = whole ? null : label + ": the time limit cut the measured window short";
        return new Phase(new BenchRun.Outcome(clients, whole, failure, result, measurement.usage(result.deliveries()),
                measurement.benchCpuSeconds(), null, null, null), slowReaders);
    }

    private static String cutOffStatus(List<SlowReader> slowReaders) {
        return slowReaders.isEmpty() ? "" : String.format(", slow readers cut off %d of %d",
                slowReaders.stream().filter(r -> r.cutOffSeconds() != null).count(), slowReaders.size());
    }
}

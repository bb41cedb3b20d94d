package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.LoadGenerator;
import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.NativeFanoutRun;
import chatlab.bench.scenario.ChurnRun;
import chatlab.bench.scenario.Crowd;
import chatlab.bench.scenario.FanoutRun;
import chatlab.bench.scenario.IdleRun;
import chatlab.bench.scenario.JoinStormRun;
import chatlab.bench.scenario.Progress;
import chatlab.bench.scenario.SlowReaderRun;
import chatlab.bench.server.CProgram;
import chatlab.bench.server.ServerProbe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Runs one scenario against one server and returns what it measured. The entry point of the bench module. */
public final class BenchRun {
    private BenchRun() {}

    /**
     * @param probe      the server process to sample, or null when its PID is unknown
     * @param serverKind chatlab, python or external: only shown in the report
     * @param progress   where the once-a-second status line goes, or null for none
     */
    public static BenchResult run(BenchConfig config, ServerProbe probe, String serverKind, PrintWriter progress) {
        String label = config.scenario().text() + " " + config.wireText() + " " + serverKind;
        if (config.generator() == LoadGenerator.C) {
            try (Progress status = new Progress(progress, label)) {
                return NativeFanoutRun.run(config, probe, serverKind, status);
            }
        }
        try (BenchSession session = new BenchSession(config); Progress status = new Progress(progress, label)) {
            Outcome outcome = switch (config.scenario()) {
                case FANOUT -> FanoutRun.run(session, probe, status);
                case JOIN_STORM -> JoinStormRun.run(session, probe, status);
                case IDLE -> IdleRun.run(session, probe, status);
                case CHURN -> ChurnRun.run(session, probe, status);
                case SLOW_READER -> SlowReaderRun.run(session, probe, status);
            };
            if (outcome.completed() && session.timeLimitReached()) {
                outcome = outcome.failed("the time limit (" + config.timeLimit() + ") was reached");
            }
            return new BenchResult(config, serverKind, probe == null ? null : probe.pid(), outcome.completed(),
                    outcome.failure(), connections(session, outcome.clients()), outcome.traffic(),
                    session.stats().presenceBytes().sum(), BenchResult.Errors.of(session.stats().errors()),
                    outcome.serverUsage(), outcome.benchCpuSeconds(), outcome.joinStorm(), outcome.idle(),
                    outcome.churn(), outcome.slowReaders());
        }
    }

    /** Compiles the C load generator now (once per JVM), so a missing compiler is reported before any run. */
    public static Path compileCGenerator() {
        return CProgram.LAB_LOAD.path();
    }

    private static BenchResult.Connections connections(BenchSession session, List<BenchClient> clients) {
        int connected = (int) clients.stream().filter(c -> c.connected()).count();
        int registered = (int) clients.stream().filter(c -> c.registered()).count();
        int failed = (int) clients.stream().filter(c -> !c.connected() && c.closed()).count();
        long first = clients.stream().mapToLong(c -> c.connectStartedNanos()).filter(t -> t != 0).min().orElse(0);
        Double allRegistered = first == 0 ? null : Crowd.allBy(clients, first, c -> c.registeredNanos());
        int retries = clients.stream().mapToInt(BenchClient::retries).sum();
        return new BenchResult.Connections(clients.size(), connected, registered, failed, retries, allRegistered);
    }

    /** What a scenario hands back; the parts that do not apply are null. */
    record Outcome(List<BenchClient> clients, boolean completed, String failure, BenchResult.Traffic traffic,
            BenchResult.ServerUsage serverUsage, double benchCpuSeconds, BenchResult.JoinStorm joinStorm,
            BenchResult.Idle idle, BenchResult.Churn churn, BenchResult.SlowReaders slowReaders) {
        Outcome(List<BenchClient> clients, boolean completed, String failure, BenchResult.Traffic traffic,
                BenchResult.ServerUsage serverUsage, double benchCpuSeconds, BenchResult.JoinStorm joinStorm,
                BenchResult.Idle idle, BenchResult.Churn churn) {
            this(clients, completed, failure, traffic, serverUsage, benchCpuSeconds, joinStorm, idle, churn, null);
        }

        static Outcome failedEarly(List<BenchClient> clients, String failure) {
            return new Outcome(clients, false, failure, null, null, 0, null, null, null);
        }

        Outcome failed(String why) {
            return new Outcome(clients, false, failure == null ? why : failure, traffic, serverUsage, benchCpuSeconds,
                    joinStorm, idle, churn, slowReaders);
        }
    }
}

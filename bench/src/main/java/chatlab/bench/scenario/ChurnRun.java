package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.SourceAddresses;
import chatlab.bench.server.Measurement;
import chatlab.bench.server.ServerProbe;
import java.util.List;

/**
 * churn: a stable room of N clients with S open-loop senders, while C churning clients join and leave at a given
 * rate: at each tick (joins per second) one churn slot, in turn, leaves (if its client registered) and joins again
 * under a new name. Latency and loss are measured for the stable clients only; churners read and discard.
 */
final class ChurnRun {
    /** Churners cycle over at least this many source addresses, so their TIME_WAIT ports never run out. */
    private static final int MIN_CHURN_ADDRESSES = 16;

    private final BenchSession session;
    private final BenchConfig config;
    private final BenchClient[] slots;
    private final SourceAddresses churnAddresses;
    private final long churnAddressCount;
    private long generation;
    private long joins;
    private long leaves;
    private long joinFailures;
    private long measuredOps;

    private ChurnRun(BenchSession session, long stableAddresses) {
        this.session = session;
        this.config = session.config();
        this.slots = new BenchClient[config.churners()];
        this.churnAddresses = new SourceAddresses(config.target().getAddress(), 1, (int) stableAddresses);
        this.churnAddressCount = Math.max(MIN_CHURN_ADDRESSES,
                2L * ((config.churners() + config.perAddress() - 1) / config.perAddress()));
    }

    static BenchRun.Outcome run(BenchSession session, ServerProbe probe, Progress progress) {
        BenchConfig config = session.config();
        session.fullRoster(config.clients());
        progress.status(() -> String.format("joining: %,d connected, %,d with the full list of %,d",
                session.connectedCount().get(), session.countFull(), config.clients()));
        SourceAddresses stableAddresses = new SourceAddresses(config.target().getAddress(), config.perAddress(), 0);
        List<BenchClient> stable = Crowd.connect(session, config.clients(), stableAddresses);
        if (!Crowd.await(session, stable, () -> stable.stream().filter(c -> c.full()).count())) {
            return BenchRun.Outcome.failedEarly(stable, Crowd.registrationFailure(session, stable.size(),
                    "had the full user list"));
        }
        ChurnRun churn = new ChurnRun(session, stableAddresses.addressesFor(config.clients()));
        Traffic traffic = new Traffic(session, stable);
        progress.status(() -> traffic.status() + String.format(", churn joins %,d leaves %,d failed %,d",
                churn.joins, churn.leaves, churn.joinFailures));
        Measurement measurement = new Measurement(probe, false);
        TrafficWindow window = traffic.start();
        boolean whole = churn.drive(window, measurement);
        churn.stop();
        traffic.drain();
        BenchResult.Traffic result = traffic.result();
        double seconds = config.duration().toNanos() / 1e9;
        BenchResult.Churn summary = new BenchResult.Churn(config.churners(), config.churnRate(), churn.joins,
                churn.leaves, churn.joinFailures, seconds > 0 ? churn.measuredOps / seconds : 0,
                session.measuredPresenceBytes().sum());
        return new BenchRun.Outcome(stable, whole, whole ? null : "the time limit cut the measured window short",
                result, measurement.usage(result.deliveries()), measurement.benchCpuSeconds(), null, null, summary);
    }

    /** One churn step per tick from the start of the traffic to its end; samples the server around the window. */
    private boolean drive(TrafficWindow window, Measurement measurement) {
        long interval = Math.max(1, Math.round(1e9 / config.churnRate()));
        boolean started = false;
        for (long tick = 0; ; tick++) {
            long due = window.startNanos() + tick * interval;
            if (!started && due - window.measureStartNanos() >= 0) {
                if (!session.sleepUntil(window.measureStartNanos())) {
                    return false;
                }
                measurement.start();
                started = true;
            }
            if (!window.open(due)) {
                break;
            }
            if (!session.sleepUntil(due)) {
                return false;
            }
            long before = joins + leaves;
            step((int) (tick % slots.length));
            if (window.measured(due)) {
                measuredOps += joins + leaves - before;
            }
        }
        if (!started) {
            measurement.start();
        }
        boolean whole = session.sleepUntil(window.stopNanos());
        measurement.end();
        return whole;
    }

    private void step(int slot) {
        BenchClient current = slots[slot];
        if (current != null) {
            if (current.registered() && !current.closed()) {
                joins++;
                leaves++;
            } else {
                joinFailures++;
            }
            current.close();
            session.forget(current);
        }
        long gen = generation++;
        BenchClient next = session.newClient(-1, "c" + slot + "g" + gen, false);
        slots[slot] = next;
        next.connect(churnAddresses.forConnection(gen % churnAddressCount));
    }

    /** The churners still in the room at the end leave too; those registered count as joins. */
    private void stop() {
        for (BenchClient client : slots) {
            if (client != null) {
                if (client.registered() && !client.closed()) {
                    joins++;
                }
                client.close();
            }
        }
    }
}

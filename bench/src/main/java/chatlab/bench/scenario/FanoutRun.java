package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.SourceAddresses;
import chatlab.bench.server.Measurement;
import chatlab.bench.server.ServerProbe;
import java.util.List;

/** fanout: N clients in the room, S of them sending; every message to every other client. */
final class FanoutRun {
    private FanoutRun() {}

    static BenchRun.Outcome run(BenchSession session, ServerProbe probe, Progress progress) {
        BenchConfig config = session.config();
        session.fullRoster(config.clients());
        progress.status(() -> String.format("joining: %,d connected, %,d registered, %,d with the full list of %,d",
                session.connectedCount().get(), session.registeredCount().get(), session.countFull(), config.clients()));
        List<BenchClient> clients = Crowd.connect(session, config.clients(),
                new SourceAddresses(config.target().getAddress(), config.perAddress(), 0));
        if (!Crowd.await(session, clients, session::countFull)) {
            return BenchRun.Outcome.failedEarly(clients, Crowd.registrationFailure(session, clients.size(),
                    "had the full user list"));
        }
        Traffic traffic = new Traffic(session, clients);
        progress.status(traffic::status);
        Measurement measurement = new Measurement(probe, false);
        traffic.start();
        boolean whole = traffic.measure(measurement);
        traffic.drain();
        BenchResult.Traffic result = traffic.result();
        return new BenchRun.Outcome(clients, whole, whole ? null : "the time limit cut the measured window short",
                result, measurement.usage(result.deliveries(), result.measuredMessages()), measurement.benchCpuSeconds(), null, null, null);
    }
}

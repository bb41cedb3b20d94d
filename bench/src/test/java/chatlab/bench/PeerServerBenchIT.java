package chatlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.report.JsonReport;
import chatlab.bench.scenario.BenchRun;
import chatlab.bench.server.PeerServer;
import chatlab.bench.server.ServerProbe;
import chatlab.bench.server.SpawnedServer;
import chatlab.protocol.v2.Wire;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * fanout against each of the field's servers, small and short, started by the bench from its Debian package with the
 * configuration it writes: every message reaches every receiver once (N-1, or N on Redis, whose senders get their own).
 * Where the package is not installed, the bench must say so instead: that is asserted then (CI installs all three, so
 * there the runs happen). Counts only, never speeds.
 */
class PeerServerBenchIT {
    private static final int CLIENTS = 12;
    private static final Duration START = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}, {1} loop")
    @CsvSource({"NGIRCD, closed", "NGIRCD, open", "REDIS, closed", "REDIS, open", "NATS, closed", "NATS, open"})
    void fanoutDeliversEveryMessageToEveryReceiverOnce(SpawnedServer.Kind kind, String loop) {
        PeerServer peer = kind.peer().orElseThrow();
        Optional<String> missing = peer.missing();
        if (missing.isPresent()) {
            BenchResult result = BenchResult.missing(config(kind, loop, new InetSocketAddress(
                    LoopbackTarget.v4(127, 0, 0, 1), 1)), kind.text(), missing.get());
            assertThat(result.success()).isFalse();
            assertThat(result.missing()).contains("Debian package " + peer.debianPackage());
            assertThat(JsonReport.of(result)).contains("\"missing\" : \"not installed: no " + peer.program());
            return;
        }
        try (SpawnedServer server = SpawnedServer.start(kind, CLIENTS, START)) {
            BenchResult result = BenchRun.run(config(kind, loop, server.address()), ServerProbe.of(server.pid()),
                    kind.text(), null);
            assertThat(result.success()).as(String.valueOf(result)).isTrue();
            int receivers = kind == SpawnedServer.Kind.REDIS ? CLIENTS : CLIENTS - 1;
            BenchResult.Traffic traffic = result.traffic();
            assertThat(traffic.messagesSent()).isPositive();
            assertThat(traffic.lost()).isZero();
            assertThat(traffic.duplicated()).isZero();
            assertThat(traffic.expectedDeliveries()).isEqualTo(traffic.messagesSent() * receivers);
            assertThat(traffic.delivered()).isEqualTo(traffic.expectedDeliveries());
            assertThat(traffic.deliveries()).isEqualTo(traffic.measuredMessages() * receivers);
            assertThat(result.connections().registered()).isEqualTo(CLIENTS);
            assertThat(result.serverUsage().cpuSeconds()).isPositive();
            assertThat(result.serverUsage().deliveriesPerCpuSecond()).isPositive();
        }
    }

    /** Closed loop with two in flight per sender, or open loop at 200 messages per second each. */
    private static BenchConfig config(SpawnedServer.Kind kind, String loop, InetSocketAddress target) {
        return BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, target).clients(CLIENTS).senders(3)
                .duration(Duration.ofSeconds(1)).warmup(Duration.ofMillis(200)).timeLimit(Duration.ofMinutes(2))
                .protocol(kind.protocol()).window(loop.equals("open") ? 1 : 2)
                .ratePerSender(loop.equals("open") ? 200 : 0).build();
    }
}

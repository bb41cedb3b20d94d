package chatlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.scenario.BenchRun;
import chatlab.bench.server.ServerProbe;
import chatlab.bench.server.SpawnedServer;
import chatlab.protocol.v2.Wire;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every scenario, small, against the lab's own Python chatserver.py as a child process (its PID known), on the lab
 * wire; a fresh server for each (its leave races can leave stale users behind).
 */
class LabPythonServerBenchIT {
    private static final int CLIENTS = 12;
    private SpawnedServer server;

    @BeforeEach
    void startServer() {
        server = SpawnedServer.start(SpawnedServer.Kind.PYTHON, CLIENTS, Duration.ofSeconds(30));
    }

    @AfterEach
    void stopServer() {
        server.close();
        assertThat(server.isAlive()).isFalse();
    }

    private BenchResult run(BenchConfig.Builder config) {
        return BenchRun.run(config.build(), ServerProbe.of(server.pid()), "python", null);
    }

    private BenchConfig.Builder config(BenchScenario scenario) {
        return BenchConfig.builder(scenario, Wire.LAB, server.address()).clients(CLIENTS).senders(3)
                .duration(Duration.ofSeconds(1)).warmup(Duration.ofMillis(200)).timeLimit(Duration.ofMinutes(2));
    }

    @Test
    void fanout() {
        BenchResult result = run(config(BenchScenario.FANOUT).window(1));
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        BenchResult.Traffic traffic = result.traffic();
        assertThat(traffic.lost()).isZero();
        assertThat(traffic.duplicated()).isZero();
        assertThat(traffic.delivered()).isEqualTo(traffic.messagesSent() * (CLIENTS - 1)).isPositive();
        assertThat(result.serverUsage().cpuSeconds()).isPositive();
        assertThat(result.serverUsage().deliveriesPerCpuSecond()).isPositive();
        assertThat(result.presenceBytes()).isPositive();
    }

    @Test
    void joinStorm() {
        BenchResult result = run(config(BenchScenario.JOIN_STORM));
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.joinStorm().fullClients()).isEqualTo(CLIENTS);
        // the lab server sends the whole map to everyone at every join
        assertThat(result.presenceBytes()).isGreaterThan((long) CLIENTS * CLIENTS);
        assertThat(result.serverUsage().cpuSeconds()).isPositive();
    }

    @Test
    void idle() {
        BenchResult result = run(config(BenchScenario.IDLE).duration(Duration.ZERO));
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.connections().registered()).isEqualTo(CLIENTS);
        assertThat(result.idle().rssAfterBytes()).isPositive();
        assertThat(result.idle().heapBeforeBytes()).as("not a JVM").isNull();
    }

    /**
     * The lab server has races on leave (a client leaving while another thread broadcasts makes {@code del} fail
     * with a KeyError: the broadcasting thread dies or closes a socket), which churn provokes; the bench reports them as
     * losses and errors. So this asserts the run and its accounting, not a clean result.
     */
    @Test
    void churn() {
        BenchResult result = run(config(BenchScenario.CHURN).ratePerSender(20).churners(3).churnRate(10));
        assertThat(result.completed()).as(String.valueOf(result)).isTrue();
        BenchResult.Traffic traffic = result.traffic();
        assertThat(traffic.messagesSent()).isPositive();
        assertThat(traffic.delivered() + traffic.lost()).isEqualTo(traffic.expectedDeliveries())
                .isEqualTo(traffic.messagesSent() * (CLIENTS - 1));
        assertThat(result.churn().joins()).isPositive();
        assertThat(result.churn().stablePresenceBytes()).isPositive();
    }
}

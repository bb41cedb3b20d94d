package chatlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.Wire;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every scenario, small, against the lab's own Python chatserver.py as a child process (its PID known), on the lab
 * wire. One server for the class: each scenario leaves the room empty again.
 */
class LabPythonServerBenchTest {
    private static final int CLIENTS = 12;
    private static SpawnedServer server;

    @BeforeAll
    static void startServer() {
        server = SpawnedServer.start(SpawnedServer.Kind.PYTHON, CLIENTS, java.util.List.of(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopServer() {
        server.close();
        assertThat(server.isAlive()).isFalse();
    }

    private static BenchResult run(BenchConfig.Builder config) {
        BenchConfig built = config.build();
        BenchResult result = BenchRun.run(built, ServerProbe.of(server.pid()), "python", null);
        // The lab server notices a leave when its recv returns nothing; wait until the room is empty again.
        emptyRoom();
        return result;
    }

    private static void emptyRoom() {
        BenchConfig probe = BenchConfig.builder(Scenario.JOIN_STORM, Wire.LAB, server.address()).clients(1)
                .timeLimit(Duration.ofSeconds(30)).build();
        chatlab.testkit.Await.until("the lab server's room to be empty", () -> {
            BenchResult alone = BenchRun.run(probe, null, "python", null);
            return alone.success();
        });
    }

    private static BenchConfig.Builder config(Scenario scenario) {
        return BenchConfig.builder(scenario, Wire.LAB, server.address()).clients(CLIENTS).senders(3)
                .duration(Duration.ofSeconds(1)).warmup(Duration.ofMillis(200)).timeLimit(Duration.ofMinutes(2));
    }

    @Test
    void fanout() {
        BenchResult result = run(config(Scenario.FANOUT).window(1));
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
        BenchResult result = run(config(Scenario.JOIN_STORM));
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.joinStorm().fullClients()).isEqualTo(CLIENTS);
        // the lab server sends the whole map to everyone at every join
        assertThat(result.presenceBytes()).isGreaterThan((long) CLIENTS * CLIENTS);
        assertThat(result.serverUsage().cpuSeconds()).isPositive();
    }

    @Test
    void idle() {
        BenchResult result = run(config(Scenario.IDLE).duration(Duration.ZERO));
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.connections().registered()).isEqualTo(CLIENTS);
        assertThat(result.idle().rssAfterBytes()).isPositive();
        assertThat(result.idle().heapBeforeBytes()).as("not a JVM").isNull();
    }

    @Test
    void churn() {
        BenchResult result = run(config(Scenario.CHURN).ratePerSender(20).churners(3).churnRate(10));
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.traffic().lost()).isZero();
        assertThat(result.churn().joins()).isPositive();
    }
}

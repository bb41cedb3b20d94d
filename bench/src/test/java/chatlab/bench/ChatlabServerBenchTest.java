package chatlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.report.BenchTextReport;
import chatlab.bench.report.CompareReport;
import chatlab.bench.report.JsonReport;
import chatlab.bench.scenario.BenchRun;
import chatlab.bench.server.ProcFiles;
import chatlab.bench.server.ServerProbe;
import chatlab.protocol.Limits;
import chatlab.protocol.v2.Wire;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario, small, against a chatlab server in this JVM (so the server's PID is this process's); a fresh
 * server for each, so no run depends on what an earlier one left behind. Counts only, never speeds: nothing lost,
 * every delivery expected, presence seen, CPU measured.
 */
class ChatlabServerBenchTest {
    private static final int CLIENTS = 20;
    private ChatServer server;
    private InetSocketAddress target;

    @BeforeEach
    void startServer() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Limits limits = Limits.defaults().withMessagesPerSecond(1e9).withBurstMessages(1_000_000)
                .withRateAbuseLimit(1_000_000);
        server = ChatServer.start(ServerConfig.defaults().withBindAddresses(List.of(loopback)).withPort(0)
                .withLimits(limits)
                .withConnectionLimits(chatlab.server.ConnectionLimits.liftedPerAddress()), ServerEvents.NONE);
        target = new InetSocketAddress(loopback, server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private BenchConfig.Builder config(BenchScenario scenario, Wire wire) {
        return BenchConfig.builder(scenario, wire, target).clients(CLIENTS).senders(4).duration(Duration.ofMillis(800))
                .warmup(Duration.ofMillis(200)).timeLimit(Duration.ofMinutes(2));
    }

    private static BenchResult run(BenchConfig config) {
        ServerProbe probe = new ServerProbe(ProcessHandle.current().pid(), ProcFiles.system(), Optional.empty());
        return BenchRun.run(config, probe, "chatlab", null);
    }

    private static void assertEveryMessageReachedEveryOtherClient(BenchResult result) {
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        BenchResult.Traffic traffic = result.traffic();
        assertThat(traffic.messagesSent()).isPositive();
        assertThat(traffic.lost()).isZero();
        assertThat(traffic.duplicated()).isZero();
        assertThat(traffic.expectedDeliveries()).isEqualTo(traffic.messagesSent() * (CLIENTS - 1));
        assertThat(traffic.delivered()).isEqualTo(traffic.expectedDeliveries());
        assertThat(traffic.deliveries()).isEqualTo(traffic.measuredMessages() * (CLIENTS - 1));
        assertThat(traffic.latencyMicros().count()).isEqualTo(traffic.deliveries());
        assertThat(result.serverUsage().cpuSeconds()).isPositive();
        assertThat(result.serverUsage().deliveriesPerCpuSecond()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void fanoutClosedLoop(Wire wire) {
        BenchResult result = run(config(BenchScenario.FANOUT, wire).window(2).build());
        assertEveryMessageReachedEveryOtherClient(result);
        assertThat(result.traffic().mode()).isEqualTo("closed");
        assertThat(result.connections().registered()).isEqualTo(CLIENTS);
        assertThat(result.presenceBytes()).isPositive();
        if (wire == Wire.V2) {
            assertThat(result.traffic().merged()).as("v2 is framed").isZero();
        } else {
            assertThat(result.traffic().split()).as("each write of relays is read whole (the bench's reads do not "
                    + "shrink to the size of single relays), and chatlab writes no relay in pieces").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void fanoutOpenLoop(Wire wire) {
        BenchResult result = run(config(BenchScenario.FANOUT, wire).ratePerSender(100).payloadBytes(200).build());
        assertEveryMessageReachedEveryOtherClient(result);
        BenchResult.Traffic traffic = result.traffic();
        assertThat(traffic.mode()).isEqualTo("open");
        assertThat(traffic.sendLatenessMicros().count()).as("one lateness per measured message")
                .isEqualTo(traffic.measuredMessages());
        assertThat(traffic.afterWriteMicros().count()).as("one time from the write per delivery")
                .isEqualTo(traffic.deliveries());
        assertThat(traffic.afterWriteMicros().p50()).as("the write is at or after the schedule")
                .isLessThanOrEqualTo(traffic.latencyMicros().p50());
        var text = new java.io.StringWriter();
        BenchTextReport.print(result, new java.io.PrintWriter(text));
        assertThat(text.toString()).contains("sends late (the bench's part of the latency)").contains("latency from the write");
        assertThat(JsonReport.of(result)).contains("\"send_lateness_us\"").contains("\"after_write_latency_us\"");
        var compared = new java.io.StringWriter();
        CompareReport.print(java.util.List.of(result, result), new java.io.PrintWriter(compared));
        assertThat(compared.toString()).contains("sends late p50/p99").contains("from the write p50/p99");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void joinStorm(Wire wire) {
        BenchResult result = run(config(BenchScenario.JOIN_STORM, wire).build());
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.joinStorm().fullClients()).isEqualTo(CLIENTS);
        assertThat(result.joinStorm().allFullMillis()).isNotNull();
        assertThat(result.joinStorm().perClientFullMillis().count()).isEqualTo(CLIENTS);
        assertThat(result.presenceBytes()).isPositive();
        assertThat(result.joinStorm().presenceBytesPerClient()).isEqualTo(result.presenceBytes() / CLIENTS);
        assertThat(result.traffic()).isNull();
        assertThat(result.serverUsage().cpuSeconds()).isPositive();
    }

    /** Joins that trickle in: 3 at a time, each waiting for its first user list before the next connects. */
    @ParameterizedTest
    @EnumSource(Wire.class)
    void joinStormTrickling(Wire wire) {
        BenchResult result = run(config(BenchScenario.JOIN_STORM, wire).inFlight(3).build());
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.connections().registered()).isEqualTo(CLIENTS);
        assertThat(result.joinStorm().fullClients()).isEqualTo(CLIENTS);
        assertThat(result.config().inFlight()).isEqualTo(3);
        var text = new java.io.StringWriter();
        BenchTextReport.print(result, new java.io.PrintWriter(text));
        assertThat(text.toString()).contains("3 in flight, each waiting for its first user list");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void idle(Wire wire) {
        BenchResult result = run(config(BenchScenario.IDLE, wire).duration(Duration.ZERO).build());
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.connections().registered()).isEqualTo(CLIENTS);
        assertThat(result.connections().allRegisteredMillis()).isNotNull();
        assertThat(result.idle().rssBeforeBytes()).isPositive();
        assertThat(result.idle().rssAfterBytes()).isPositive();
        assertThat(result.idle().bytesPerConnection()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void churn(Wire wire) {
        BenchResult result = run(config(BenchScenario.CHURN, wire).ratePerSender(50).churners(5).churnRate(20)
                .duration(Duration.ofSeconds(1)).build());
        assertEveryMessageReachedEveryOtherClient(result);
        assertThat(result.churn().joins()).isPositive();
        assertThat(result.churn().leaves()).isPositive();
        assertThat(result.churn().stablePresenceBytes()).isPositive();
    }

    @Test
    void theReportsShowTheRun() {
        BenchResult result = run(config(BenchScenario.FANOUT, Wire.LAB).clients(5).senders(1).build());
        var text = new java.io.StringWriter();
        BenchTextReport.print(result, new java.io.PrintWriter(text));
        assertThat(text.toString()).contains("fanout, lab wire, chatlab server").contains("result: complete")
                .contains("deliveries per CPU-second");
        assertThat(JsonReport.of(result)).contains("\"deliveries_per_cpu_s\"").contains("\"p99_9\"")
                .as("a closed loop has no schedule to be late on").doesNotContain("send_lateness_us");
        assertThat(result.traffic().sendLatenessMicros()).isNull();
        assertThat(result.traffic().afterWriteMicros()).isNull();
    }
}

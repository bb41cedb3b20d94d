package chatlab.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import chatlab.bench.SlowMode;
import chatlab.bench.report.BenchTextReport;
import chatlab.bench.report.CompareReport;
import chatlab.bench.report.JsonReport;
import chatlab.bench.scenario.BenchRun;
import chatlab.bench.server.ProcFiles;
import chatlab.bench.server.ServerProbe;
import chatlab.protocol.Limits;
import chatlab.protocol.v2.Wire;
import chatlab.server.ChatServer;
import chatlab.server.ConnectionLimits;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The slow-reader scenario, small and short, against a chatlab server in this JVM whose outbound limits are small
 * (so the slow readers are cut off within a second or two). Counts only, never speeds: both runs deliver everything
 * to the others, every slow reader is cut off, and the reports show it.
 */
class SlowReaderBenchTest {
    private static final int CLIENTS = 10;
    private static final int SLOW_READERS = 2;
    private ChatServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress startServer() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Limits limits = Limits.defaults().withMessagesPerSecond(1e9).withBurstMessages(1_000_000)
                .withRateAbuseLimit(1_000_000).withSoftOutboundBytes(8 * 1024)
                .withSlowReaderGrace(Duration.ofMillis(500)).withSocketSendBufferBytes(8 * 1024);
        server = ChatServer.start(ServerConfig.defaults().withBindAddresses(List.of(loopback)).withPort(0)
                .withLimits(limits).withConnectionLimits(ConnectionLimits.liftedPerAddress()), ServerEvents.NONE);
        return new InetSocketAddress(loopback, server.port());
    }

    @ParameterizedTest
    @CsvSource({"LAB, STOP", "V2, TRICKLE"})
    void theOthersGetEverythingWithAndWithoutSlowReadersAndEverySlowReaderIsCutOff(Wire wire, SlowMode mode)
            throws Exception {
        BenchConfig config = BenchConfig.builder(BenchScenario.SLOW_READER, wire, startServer()).clients(CLIENTS).senders(2)
                // On the lab wire two sends that reach the server together are one message (merged, and then too
                // long): a gentler rate there, so a busy machine does not make the bench merge its own sends.
                .ratePerSender(wire == Wire.LAB ? 50 : 100).payloadBytes(wire == Wire.LAB ? 400 : 1000)
                .slowReaders(SLOW_READERS)
                // Each slow reader is cut off 1.2 s (lab, stop) or 0.6 s (v2, trickle) after the window starts: 3 s
                // leaves room for a busy machine, and the run and its baseline each take the window.
                .slowMode(mode).duration(Duration.ofSeconds(3)).warmup(Duration.ofMillis(200))
                .timeLimit(Duration.ofMinutes(2)).build();
        ServerProbe probe = new ServerProbe(ProcessHandle.current().pid(), ProcFiles.system(), Optional.empty());

        BenchResult result = BenchRun.run(config, probe, "chatlab", null);

        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        BenchResult.SlowReaders slow = result.slowReaders();
        assertThat(slow.mode()).isEqualTo(mode.text());
        assertThat(slow.count()).isEqualTo(SLOW_READERS);
        assertThat(slow.cutOffSeconds()).hasSize(SLOW_READERS).allSatisfy(s -> assertThat(s).isNotNull().isPositive());
        for (BenchResult.Traffic traffic : List.of(result.traffic(), slow.baseline())) {
            assertThat(traffic.messagesSent()).isPositive();
            assertThat(traffic.lost()).isZero();
            assertThat(traffic.duplicated()).isZero();
            assertThat(traffic.expectedDeliveries()).as("the slow readers are not counted as receivers")
                    .isEqualTo(traffic.messagesSent() * (CLIENTS - 1));
            assertThat(traffic.delivered()).isEqualTo(traffic.expectedDeliveries());
        }
        assertThat(slow.baselineErrors().total()).isZero();
        assertThat(result.errors().total()).as("being cut off is what a slow reader waits for, not an error").isZero();
        assertThat(slow.ratio(result.traffic(), BenchResult.Latency::p99)).isPositive();

        StringWriter text = new StringWriter();
        BenchTextReport.print(result, new PrintWriter(text));
        assertThat(text.toString()).contains("slow-reader, " + wire.text() + " wire")
                .contains("slow readers: 2 of 2 cut off").contains("with no slow reader (the same schedule)")
                .contains("the others' latency with slow readers / without");
        assertThat(JsonReport.of(result)).contains("\"slow_readers\"").contains("\"cut_off_s\"")
                .contains("\"baseline_traffic\"").contains("\"p99_ratio\"");
        StringWriter compared = new StringWriter();
        CompareReport.print(List.of(result, result), new PrintWriter(compared));
        assertThat(compared.toString()).contains("slow readers cut off").contains("p99 with/without");
    }
}

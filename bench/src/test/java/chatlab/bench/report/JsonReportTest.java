package chatlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import chatlab.bench.LoadGenerator;
import chatlab.bench.SlowMode;
import chatlab.protocol.v2.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code --json} report byte for byte, for every section and every null a run can have: the files beside this
 * test are the report as docs/BENCHMARKS.md documents it, so a change of a name, an order or a number's form shows.
 */
class JsonReportTest {
    private static final InetSocketAddress V4 = new InetSocketAddress(address(127, 0, 0, 1), 5000);
    private static final InetSocketAddress V6 = new InetSocketAddress(InetAddress.getLoopbackAddress().getHostAddress()
            .contains(":") ? InetAddress.getLoopbackAddress() : address6(), 5001);

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress address6() {
        try {
            return InetAddress.getByName("::1");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static BenchResult.Latency latency(long base) {
        return new BenchResult.Latency(1000 + base, 123.456 + base, 100 + base, 200 + base, 900 + base, 1500 + base,
                2048 + base);
    }

    private static BenchResult.Traffic traffic(boolean open) {
        return new BenchResult.Traffic(open ? "open" : "closed", 10.0, 12_345, 10_000, 990_000, 99_000.5, 1_222_155,
                1_222_150, 5, 1, 2, 30, 0, 3, latency(0), open ? latency(7) : null, open ? latency(3) : null);
    }

    private static BenchResult.Errors errors() {
        Map<String, Long> kinds = new LinkedHashMap<>();
        kinds.put("connect", 2L);
        kinds.put("garbled", 1L);
        return new BenchResult.Errors(3, kinds, List.of("client c3: connect refused", "a \"quoted\" text\n"));
    }

    private static BenchResult.Errors noErrors() {
        return new BenchResult.Errors(0, Map.of(), List.of());
    }

    /** fanout, open loop, with everything a fanout run fills. */
    static BenchResult fanout(String server, double cpuSeconds) {
        BenchConfig config = BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, V4).clients(100).senders(10)
                .ratePerSender(50).duration(Duration.ofMillis(10_500)).warmup(Duration.ofSeconds(2)).build();
        return new BenchResult(config, server, 4242L, true, null,
                new BenchResult.Connections(100, 100, 100, 0, 1, 87.25), traffic(true), 512_000, noErrors(),
                new BenchResult.ServerUsage(cpuSeconds, 50_000_000, 60_000_000, 990_000 / cpuSeconds, 10_000_000L,
                        null),
                1.75, null, null, null);
    }

    /** fanout in a closed loop that failed: errors, no usage. */
    static BenchResult failedClosedLoop() {
        BenchConfig config = BenchConfig.builder(BenchScenario.FANOUT, Wire.V2, V6).window(4)
                .generator(LoadGenerator.JAVA).build();
        return new BenchResult(config, "external", null, false, "the time limit (PT5M) was reached",
                new BenchResult.Connections(100, 98, 97, 2, 0, null), traffic(false), 7, errors(), null, 0.5, null,
                null, null);
    }

    static BenchResult joinStorm(Double allFull) {
        BenchConfig config = BenchConfig.builder(BenchScenario.JOIN_STORM, Wire.LAB, V4).clients(1).build();
        return new BenchResult(config, "python", 77L, allFull != null, allFull == null ? "not every list filled" : null,
                new BenchResult.Connections(1, 1, 1, 0, 0, 3.0), null, 99, noErrors(),
                new BenchResult.ServerUsage(0.25, 1, 2, null, null, null), 0.125,
                new BenchResult.JoinStorm(allFull, 1, latency(11), 99), null, null);
    }

    static BenchResult idle(Long perConnection) {
        BenchConfig config = BenchConfig.builder(BenchScenario.IDLE, Wire.V2, V4).clients(3).build();
        return new BenchResult(config, "chatlab", 5L, true, null, new BenchResult.Connections(3, 3, 3, 0, 0, 1.5),
                null, 0, noErrors(), new BenchResult.ServerUsage(0, 0, 0, null, null, null), 0,
                null, new BenchResult.Idle(10.0, 1000, 4000, perConnection, 500L, null, perConnection), null);
    }

    static BenchResult churn() {
        BenchConfig config = BenchConfig.builder(BenchScenario.CHURN, Wire.LAB, V4).ratePerSender(20).churners(7)
                .churnRate(2.5).perAddress(3).ioThreads(2).build();
        return new BenchResult(config, "c", 9L, true, null, new BenchResult.Connections(107, 107, 107, 0, 0, 12.0),
                traffic(true), 1234, noErrors(), new BenchResult.ServerUsage(1.5, 10, 20, 1e6, 3L, 4L), 2.0, null,
                null, new BenchResult.Churn(7, 2.5, 25, 24, 1, 4.9, 777));
    }

    static BenchResult slowReader(boolean baseline) {
        BenchConfig config = BenchConfig.builder(BenchScenario.SLOW_READER, Wire.LAB, V4).ratePerSender(10).slowReaders(3)
                .slowMode(SlowMode.TRICKLE).build();
        BenchResult.SlowReaders slow = new BenchResult.SlowReaders("trickle", 3, Arrays.asList(1.25, null, 2.5),
                baseline ? traffic(true) : null, baseline ? noErrors() : errors());
        return new BenchResult(config, "chatlab", 11L, true, null, new BenchResult.Connections(103, 103, 103, 0, 0,
                20.0), traffic(true), 50, noErrors(), null, 0.75, null, null, null, slow);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = JsonReportTest.class.getResourceAsStream("json-report/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everySectionOfOneRun() throws IOException {
        assertThat(JsonReport.of(fanout("chatlab", 2.5))).isEqualTo(golden("fanout.json"));
        assertThat(JsonReport.of(failedClosedLoop())).isEqualTo(golden("failed-closed-loop.json"));
        assertThat(JsonReport.of(joinStorm(42.5))).isEqualTo(golden("join-storm.json"));
        assertThat(JsonReport.of(joinStorm(null))).isEqualTo(golden("join-storm-unfinished.json"));
        assertThat(JsonReport.of(idle(1000L))).isEqualTo(golden("idle.json"));
        assertThat(JsonReport.of(idle(null))).isEqualTo(golden("idle-unknown.json"));
        assertThat(JsonReport.of(churn())).isEqualTo(golden("churn.json"));
        assertThat(JsonReport.of(slowReader(true))).isEqualTo(golden("slow-reader.json"));
        assertThat(JsonReport.of(slowReader(false))).isEqualTo(golden("slow-reader-no-baseline.json"));
    }

    @Test
    void serversComparedAndRepeated() throws IOException {
        assertThat(JsonReport.compare(List.of(fanout("chatlab", 2.5), fanout("python", 10.0))))
                .isEqualTo(golden("compare.json"));
        assertThat(JsonReport.compare(List.of(joinStorm(42.5), joinStorm(null)))).isEqualTo(golden("compare-unknown.json"));
        assertThat(JsonReport.repeated(List.of(List.of(fanout("chatlab", 2.5), fanout("python", 10.0)),
                List.of(fanout("chatlab", 2.0), fanout("python", 12.0)))))
                .isEqualTo(golden("repeated.json"));
        assertThat(JsonReport.repeated(List.of(List.of(idle(null), idle(100L)), List.of(idle(null), idle(null)))))
                .isEqualTo(golden("repeated-unknown.json"));
    }
}

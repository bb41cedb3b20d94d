package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.server.SpawnedServer;
import chatlab.protocol.Limits;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The bench command on both wires against a server in this JVM, its JSON, its refusal of targets off the loopback,
 * and the servers it starts itself. Small runs, counts only: the numbers belong to docs/BENCHMARKS.md.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ChatServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private int startServer() throws Exception {
        Limits limits = Limits.defaults().withMessagesPerSecond(1e9).withBurstMessages(1_000_000)
                .withRateAbuseLimit(1_000_000);
        server = ChatServer.start(ServerConfig.defaults().withBindAddresses(List.of(InetAddress.getByName("127.0.0.1")))
                .withPort(0).withLimits(limits)
                .withConnectionLimits(chatlab.server.ConnectionLimits.liftedPerAddress()), ServerEvents.NONE);
        return server.port();
    }

    /** One run of the command: its exit status and what it printed. */
    record Run(int code, String out, String err) {}

    /** Runs {@code chatlab bench ARGS} in this JVM (BenchClusterIT too). */
    static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        int code = cmd.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * None of the other servers keeps what it relays, and chatlab does by default: beside them the report names
     * chatlab with its log on or off, so a reader knows which of the two was compared.
     */
    @Test
    void besideOtherServersChatlabIsNamedWithItsLogOnOrOff() {
        List<SpawnedServer.Kind> chatlabAndRedis = List.of(SpawnedServer.Kind.CHATLAB, SpawnedServer.Kind.REDIS);
        assertThat(labels(chatlabAndRedis)).containsExactly("chatlab history on", "redis");
        assertThat(labels(chatlabAndRedis, "--history", "off")).containsExactly("chatlab history off", "redis");
        assertThat(labels(List.of(SpawnedServer.Kind.CHATLAB))).containsExactly("chatlab");
        assertThat(labels(List.of(SpawnedServer.Kind.CHATLAB), "--compare-history"))
                .containsExactly("chatlab history on", "chatlab history off");
    }

    private static List<String> labels(List<SpawnedServer.Kind> kinds, String... args) {
        CommandLine cmd = Main.newCommandLine();
        List<String> all = new ArrayList<>(List.of("bench", "fanout"));
        all.addAll(List.of(args));
        cmd.parseArgs(all.toArray(String[]::new));
        BenchCommand bench = cmd.getSubcommands().get("bench").getCommand();
        return bench.spawns(kinds).stream().map(BenchCommand.Spawn::label).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lab", "v2"})
    void aSmallFanoutDeliversEveryMessageToEveryOtherClient(String wire) throws Exception {
        int port = startServer();
        Run run = bench("fanout", "--target", "127.0.0.1:" + port, "--wire", wire, "--clients", "8", "--senders", "2",
                "--duration", "1s", "--warmup", "0s", "--no-progress");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("result: complete").contains("lost 0 of").contains("errors: 0");
        // The report ends with what its own words mean; the lab wire's framing terms only on the lab wire.
        assertThat(run.out()).contains("  terms:\n    deliveries: one message arriving at one client")
                .contains("\n    lost: deliveries owed");
        if (wire.equals("lab")) {
            assertThat(run.out()).contains("\n    merged: lab wire: ", "\n    shared a read: lab wire: ",
                    "\n    split: lab wire: ");
        } else {
            assertThat(run.out()).doesNotContain("merged", "shared a read", "split");
        }
    }

    @Test
    void theHelpDefinesEveryTermOfTheReports() {
        Run help = bench("--help");
        assertThat(help.code()).isZero();
        String flowing = help.out().replaceAll("\\s+", " ");
        for (String line : chatlab.bench.report.BenchTerms.all()) {
            assertThat(flowing).contains(line);
        }
    }

    @Test
    void repeatedRunsReportEachNumbersMedianAndRange() throws Exception {
        int port = startServer();
        String[] args = {"fanout", "--target", "127.0.0.1:" + port, "--clients", "6", "--senders", "2",
                "--duration", "1s", "--warmup", "0s", "--no-progress", "--repeat", "3"};
        Run text = bench(args);
        assertThat(text.code()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).contains("3 rounds of external").contains("runs: 3 of 3 complete")
                .contains("median (lowest to highest)").contains("deliveries_per_s");

        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        Run run = bench(withJson.toArray(String[]::new));
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("repeats").asInt()).isEqualTo(3);
        assertThat(json.get("rounds")).hasSize(3);
        assertThat(json.get("rounds").get(0)).hasSize(1);
        assertThat(json.get("success").asBoolean()).isTrue();
        JsonNode perSecond = null;
        for (JsonNode metric : json.get("metrics")) {
            if (metric.get("metric").asText().equals("deliveries_per_s")) {
                perSecond = metric;
            }
        }
        assertThat(perSecond).as("deliveries_per_s among the metrics").isNotNull();
        List<Double> values = new ArrayList<>();
        perSecond.get("values").forEach(v -> values.add(v.asDouble()));
        List<Double> runs = new ArrayList<>();
        json.get("rounds").forEach(round -> runs.add(round.get(0).get("traffic").get("deliveries_per_s").asDouble()));
        assertThat(values).as("one value per round, in round order").isEqualTo(runs);
        List<Double> sorted = runs.stream().sorted().toList();
        assertThat(perSecond.get("median").asDouble()).isEqualTo(sorted.get(1));
        assertThat(perSecond.get("min").asDouble()).isEqualTo(sorted.get(0));
        assertThat(perSecond.get("max").asDouble()).isEqualTo(sorted.get(2));
        assertThat(json.get("ratios")).as("one server: nothing to compare").isEmpty();
    }

    @Test
    void jsonIsOneParseableObjectWithTheDocumentedFields() throws Exception {
        int port = startServer();
        Run run = bench("fanout", "--target", "127.0.0.1:" + port, "--wire", "v2", "--clients", "6", "--senders", "2",
                "--rate", "50", "--duration", "1s", "--warmup", "0s", "--json");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("scenario").asText()).isEqualTo("fanout");
        assertThat(json.get("wire").asText()).isEqualTo("v2");
        assertThat(json.get("success").asBoolean()).isTrue();
        assertThat(json.get("settings").get("mode").asText()).isEqualTo("open");
        JsonNode traffic = json.get("traffic");
        assertThat(traffic.get("lost").asLong()).isZero();
        assertThat(traffic.get("duplicated").asLong()).isZero();
        assertThat(traffic.get("delivered").asLong()).isEqualTo(traffic.get("expected_deliveries").asLong())
                .isEqualTo(traffic.get("messages_sent").asLong() * 5);
        assertThat(traffic.get("latency_us").get("count").asLong()).isEqualTo(traffic.get("deliveries").asLong());
        assertThat(json.get("server_usage").isNull()).as("no PID given").isTrue();
        assertThat(json.get("presence_bytes").asLong()).isPositive();
        // the progress line went to stderr, never into the JSON
        assertThat(run.err()).contains("fanout v2 external");
    }

    @Test
    void theCGeneratorRunsTheSameOpenLoopWithLessOfTheCores() throws Exception {
        int port = startServer();
        Run run = bench("fanout", "--target", "127.0.0.1:" + port, "--generator", "c", "--clients", "8", "--senders",
                "2", "--rate", "50", "--duration", "1s", "--warmup", "0s", "--json");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("settings").get("generator").asText()).isEqualTo("c");
        JsonNode traffic = json.get("traffic");
        assertThat(traffic.get("lost").asLong()).isZero();
        assertThat(traffic.get("delivered").asLong()).isEqualTo(traffic.get("messages_sent").asLong() * 7)
                .isEqualTo(2 * 50 * 7);

        Run v2 = bench("fanout", "--target", "127.0.0.1:" + port, "--generator", "c", "--wire", "v2", "--rate", "50");
        assertThat(v2.code()).isEqualTo(2);
        assertThat(v2.err()).contains("--generator c speaks the lab wire only");
        Run unknown = bench("fanout", "--generator", "rust", "--rate", "50");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown load generator 'rust'; use java or c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1:5000", "192.168.1.1:5000", "8.8.8.8:53", "[2001:db8::1]:5000", "example.com:5000",
            "0.0.0.0:5000"})
    void refusesTargetsOffTheLoopback(String target) {
        Run run = bench("fanout", "--target", target, "--no-progress");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("loopback");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void jmhPassesItsArgumentsToJmh() {
        Run run = bench("jmh", "-l", "UserMapBenchmark");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("chatlab.bench.jmh.UserMapBenchmark.labMapEncode");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(bench().code()).isEqualTo(2);
        assertThat(bench("stampede").code()).isEqualTo(2);
        assertThat(bench("fanout", "--wire", "v3").code()).isEqualTo(2);
        assertThat(bench("fanout", "--senders", "0").code()).isEqualTo(2);
        assertThat(bench("fanout", "--payload", "2000").err()).contains("1024");
        assertThat(bench("fanout", "--server-pid", "1").code()).isEqualTo(2);
        assertThat(bench("idle", "--target", "127.0.0.1:5000", "--compare", "chatlab,python").code()).isEqualTo(2);
        assertThat(bench("fanout", "--repeat", "0").code()).isEqualTo(2);
        assertThat(bench("fanout", "--repeat", "101").code()).isEqualTo(2);
        assertThat(bench("slow-reader").err()).contains("slow-reader runs its senders in an open loop");
        assertThat(bench("slow-reader", "--rate", "50", "--slow-readers", "0").err())
                .contains("slow-reader needs --slow-readers of at least 1");
        assertThat(bench("slow-reader", "--rate", "50", "--slow-mode", "nap").err())
                .contains("unknown slow mode 'nap'; use stop or trickle");
    }

    @Test
    void clusterOptionsThatDoNotFitAreUsageErrors() {
        Run noCluster = bench("fanout", "--servers", "3");
        assertThat(noCluster.code()).isEqualTo(2);
        assertThat(noCluster.err()).contains("--servers 3 starts servers joined in a cluster: give --cluster");
        assertThat(bench("join-storm", "--servers", "3", "--cluster").err()).contains("--cluster runs fanout only");
        Run offLoopback = bench("fanout", "--servers", "3", "--cluster=nats://10.0.0.1:4222");
        assertThat(offLoopback.code()).isEqualTo(2);
        assertThat(offLoopback.err()).contains("10.0.0.1 is not a loopback address");
        assertThat(bench("fanout", "--servers", "3", "--cluster=http://127.0.0.1:4222").err())
                .contains("--cluster takes the broker's address, nats://HOST:PORT");
        assertThat(bench("fanout", "--cluster", "--compare", "chatlab,python").err())
                .contains("it does not go with --compare");
        assertThat(bench("fanout", "--cluster", "--server", "python").code()).isEqualTo(2);
        assertThat(bench("fanout", "--cluster", "--broker-pid", "1").err())
                .contains("--broker-pid goes with --cluster=nats://HOST:PORT");
        assertThat(bench("fanout", "--servers", "17", "--cluster").err()).contains("--servers must be between 1 and 16");
        assertThat(bench("fanout", "--cluster", "--generator", "c").err()).contains("--generator c loads one server");
        assertThat(bench("fanout", "--cluster", "--target", "127.0.0.1:5000").code()).isEqualTo(2);
    }

    @Test
    void startsItsOwnChatlabServerAndMeasuresItsCpu() throws Exception {
        Run run = bench("join-storm", "--server", "chatlab", "--clients", "10", "--json", "--no-progress");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("server").asText()).isEqualTo("chatlab");
        assertThat(json.get("server_pid").asLong()).isPositive();
        assertThat(json.get("join_storm").get("full_clients").asInt()).isEqualTo(10);
        assertThat(json.get("server_usage").get("cpu_s").asDouble()).isPositive();
        assertThat(json.get("server_usage").get("rss_end_bytes").asLong()).isPositive();
    }
}

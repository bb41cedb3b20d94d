package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.bench.BenchConfig;
import chatlab.bench.BenchScenario;
import chatlab.client.ClientConfig;
import chatlab.cluster.ClusterConfig;
import chatlab.history.Retention;
import chatlab.protocol.v2.Wire;
import chatlab.server.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every default an option shows is the one its config record uses: each command given no options builds exactly the
 * record's defaults (so an option's default that differs from its constant fails here), and --help shows them as
 * before the constants became their one source.
 */
class OptionDefaultsTest {
    private static final InetSocketAddress TARGET = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);

    private static <T> T parsed(T command) {
        new CommandLine(command).parseArgs();
        return command;
    }

    @Test
    void theServerWithNoOptionsRunsOnTheConfigRecordsDefaults() {
        ServerCommand server = parsed(new ServerCommand());
        // A server built in code keeps no history unless asked (tests must not share a log in the home folder);
        // the command keeps it, in the default data folder, with every limit at the log's defaults.
        assertThat(server.config()).isEqualTo(ServerConfig.defaults().withHistory(
                chatlab.server.HistorySettings.in(chatlab.history.SqliteMessageLog.defaultDirectory())));
        assertThat(chatlab.server.HistorySettings.DEFAULT_ENABLED).isTrue();
        assertThat(server.logLimits()).isEqualTo(LogLimits.defaults());
        assertThat(server.authConfig()).isEqualTo(AuthConfig.defaults(AuthMode.OFF));
    }

    @Test
    void theClusterWithNoOptionsRunsOnTheConfigRecordsDefaults() {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs("--cluster", "nats://127.0.0.1:4222");
        assertThat(server.clusterSetup().config()).isEqualTo(
                ClusterConfig.of(List.of("nats://127.0.0.1:4222")).withRetention(Retention.defaults()));
    }

    @Test
    void theClientWithNoOptionsRunsOnTheConfigRecordsDefaults() {
        assertThat(parsed(new ClientCommand()).config()).isEqualTo(ClientConfig.of("localhost"));
    }

    @Test
    void theBenchWithNoOptionsRunsOnTheConfigRecordsDefaults() {
        assertThat(parsed(new BenchCommand()).config(BenchScenario.FANOUT, Wire.LAB, TARGET))
                .isEqualTo(BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, TARGET).build());
    }

    /** Every option the tables name exists: a misspelt one would silently fall back to nothing. */
    @Test
    void everyOptionATableNamesIsAnOptionOfItsCommand() {
        Map<OptionDefaults, Object> commands = new LinkedHashMap<>();
        commands.put(new OptionDefaults.Server(), new ServerCommand());
        commands.put(new OptionDefaults.Client(), new ClientCommand());
        commands.put(new OptionDefaults.Bench(), new BenchCommand());
        commands.forEach((table, command) -> {
            CommandSpec spec = new CommandLine(command).getCommandSpec();
            for (String option : table.table().keySet()) {
                assertThat(spec.findOption(option)).as(option + " of " + spec.name()).isNotNull();
                assertThat(spec.findOption(option).defaultValue()).as("no copy of " + option + "'s default").isNull();
            }
        });
    }

    /** The defaults as --help showed them when they were written out in the annotations. */
    @Test
    void helpShowsTheDefaultsAsBefore() {
        assertThat(shown(new ServerCommand())).containsAllEntriesOf(Map.ofEntries(
                Map.entry("--registration-timeout", "60s"), Map.entry("--slow-reader-grace", "5s"),
                Map.entry("--ping-interval", "30s"), Map.entry("--idle-timeout", "90s"),
                Map.entry("--tcp-keepalive-idle", "60s"), Map.entry("--tcp-keepalive-interval", "15s"),
                Map.entry("--tls-handshake-timeout", "10s"), Map.entry("--log-window", "10s"),
                Map.entry("--login-lockout", "15m"), Map.entry("--login-account-max-delay", "2s"),
                Map.entry("--presence-batch", "20ms"), Map.entry("--presence-max-delay", "500ms"),
                Map.entry("--write-coalescing", "250us"), Map.entry("--transport", "auto"),
                Map.entry("--rate", "100.0"), Map.entry("--max-users", "1000"), Map.entry("--history", "on"),
                Map.entry("--history-max-age", "90d"), Map.entry("--history-sync", "normal"),
                Map.entry("--history-commit-wait", "0us"),
                Map.entry("--history-on-join", "50"), Map.entry("--lab-history", "0"),
                Map.entry("--history-search", "on"), Map.entry("--cluster-prefix", "CHATLAB"),
                Map.entry("--cluster-replicas", "1"), Map.entry("--cluster-request-timeout", "5s"),
                Map.entry("--cluster-name-ttl", "15s"), Map.entry("--cluster-presence-interval", "5s")));
        assertThat(shown(new ClientCommand())).containsAllEntriesOf(Map.of("--min-send-gap", "50ms",
                "--connect-timeout", "5s", "--drain-timeout", "60s", "--reply-wait", "5s"));
        assertThat(shown(new BenchCommand())).containsAllEntriesOf(Map.ofEntries(Map.entry("--server", "chatlab"),
                Map.entry("--clients", "100"), Map.entry("--senders", "10"), Map.entry("--window", "1"),
                Map.entry("--rate", "0"), Map.entry("--duration", "10s"), Map.entry("--warmup", "2s"),
                Map.entry("--payload", "64"), Map.entry("--churners", "50"), Map.entry("--churn-rate", "20"),
                Map.entry("--slow-readers", "5"), Map.entry("--slow-mode", "stop"), Map.entry("--time-limit", "5m"),
                Map.entry("--drain", "10s"), Map.entry("--connect-timeout", "60s"), Map.entry("--per-address", "50"),
                Map.entry("--io-threads", "1"), Map.entry("--generator", "java")));
    }

    private static Map<String, String> shown(Object command) {
        return new CommandLine(command).getCommandSpec().options().stream()
                .filter(o -> o.defaultValueString() != null)
                .collect(Collectors.toMap(OptionSpec::longestName, OptionSpec::defaultValueString));
    }

    @Test
    void durationsAreWrittenAsTheyAreRead() {
        DurationConverter converter = new DurationConverter();
        for (Duration d : new Duration[] {Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofMillis(500),
                Duration.ofNanos(100_000), Duration.ofSeconds(90), Duration.ofHours(3), Duration.ofMillis(1),
                Duration.ofMillis(1500), Duration.ZERO}) {
            assertThat(converter.convert(DurationConverter.format(d))).isEqualTo(d);
        }
        assertThat(DurationConverter.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationConverter.format(Duration.ofHours(1))).isEqualTo("60m");
    }
}

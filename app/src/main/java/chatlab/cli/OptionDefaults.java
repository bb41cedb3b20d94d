package chatlab.cli;

import chatlab.auth.AuthConfig;
import chatlab.bench.BenchConfig;
import chatlab.bench.server.SpawnedServer;
import chatlab.client.ClientConfig;
import chatlab.cluster.ClusterConfig;
import chatlab.protocol.Limits;
import chatlab.server.ConnectionLimits;
import chatlab.history.HistoryConfig;
import chatlab.history.Retention;
import chatlab.server.HistorySettings;
import chatlab.server.ServerConfig;
import chatlab.server.Transport;
import chatlab.server.web.WebConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options that stand for a constant of a config record, taken from that constant, so the value
 * parsed and the {@code ${DEFAULT-VALUE}} that --help shows never differ from what the code uses. One table per
 * command, option to constant; durations are written as {@link DurationConverter} reads them. Options whose
 * annotation already computes its default from a constant ({@code "" + Limits.DEFAULT_MAX_USERS}) keep it there.
 */
abstract class OptionDefaults implements IDefaultValueProvider {
    private final Map<String, Object> table;

    OptionDefaults(Map<String, Object> table) {
        this.table = table;
    }

    /** The option's default as text, or null to keep its annotation's. */
    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option) {
            Object value = table.get(option.longestName());
            return value == null ? null : text(value);
        }
        return null;
    }

    Map<String, Object> table() {
        return table;
    }

    /** A default as a user would type it. */
    static String text(Object value) {
        return value instanceof Duration duration ? DurationConverter.format(duration) : String.valueOf(value);
    }

    /** {@code chatlab server}: the limits, the presence and keepalive timing, the log and the logins. */
    static final class Server extends OptionDefaults {
        Server() {
            super(Map.ofEntries(
                    Map.entry("--registration-timeout", Limits.DEFAULT_REGISTRATION_TIMEOUT),
                    Map.entry("--slow-reader-grace", Limits.DEFAULT_SLOW_READER_GRACE),
                    Map.entry("--ping-interval", Limits.DEFAULT_PING_INTERVAL),
                    Map.entry("--idle-timeout", Limits.DEFAULT_IDLE_TIMEOUT),
                    Map.entry("--tcp-keepalive-idle", ConnectionLimits.DEFAULT_KEEPALIVE_IDLE),
                    Map.entry("--tcp-keepalive-interval", ConnectionLimits.DEFAULT_KEEPALIVE_INTERVAL),
                    Map.entry("--tls-handshake-timeout", ConnectionLimits.DEFAULT_TLS_HANDSHAKE_TIMEOUT),
                    Map.entry("--log-window", LogLimits.DEFAULT_WINDOW),
                    Map.entry("--login-lockout", AuthConfig.DEFAULT_LOCKOUT),
                    Map.entry("--login-account-max-delay", AuthConfig.DEFAULT_MAX_ACCOUNT_DELAY),
                    Map.entry("--presence-batch", ServerConfig.DEFAULT_PRESENCE_BATCH_WINDOW),
                    Map.entry("--presence-max-delay", ServerConfig.DEFAULT_PRESENCE_MAX_DELAY),
                    Map.entry("--write-coalescing", ServerConfig.DEFAULT_WRITE_COALESCING),
                    Map.entry("--transport", Transport.AUTO.text()),
                    Map.entry("--web", WebConfig.defaults().enabled() ? "on" : "off"),
                    Map.entry("--http-idle-timeout", WebConfig.DEFAULT_HTTP_IDLE_TIMEOUT),
                    Map.entry("--cluster-pending-timeout", chatlab.server.ClusterLimits.DEFAULT_PENDING_TIMEOUT),
                    Map.entry("--cluster-prefix", ClusterConfig.DEFAULT_PREFIX),
                    Map.entry("--cluster-replicas", ClusterConfig.DEFAULT_REPLICAS),
                    Map.entry("--cluster-request-timeout", ClusterConfig.DEFAULT_REQUEST_TIMEOUT),
                    Map.entry("--cluster-name-ttl", ClusterConfig.DEFAULT_NAME_TTL),
                    Map.entry("--cluster-presence-interval", ClusterConfig.DEFAULT_PRESENCE_INTERVAL),
                    Map.entry("--history", ServerHistoryOptions.onOff(HistorySettings.DEFAULT_ENABLED)),
                    Map.entry("--history-max-age", Retention.DEFAULT_MAX_AGE),
                    Map.entry("--history-sync", HistoryConfig.defaults().sync().name().toLowerCase(Locale.ROOT)),
                    Map.entry("--history-commit-wait", HistoryConfig.DEFAULT_COMMIT_WAIT),
                    Map.entry("--history-search", ServerHistoryOptions.onOff(HistorySettings.DEFAULT_SEARCH))));
        }
    }

    /** {@code chatlab client}: its pacing and its patience. */
    static final class Client extends OptionDefaults {
        Client() {
            super(Map.of(
                    "--min-send-gap", ClientConfig.DEFAULT_MIN_SEND_GAP,
                    "--connect-timeout", ClientConfig.DEFAULT_CONNECT_TIMEOUT,
                    "--drain-timeout", ClientConfig.DEFAULT_DRAIN_TIMEOUT,
                    "--reply-wait", ClientConfig.DEFAULT_REPLY_WAIT));
        }
    }

    /** {@code chatlab bench}: the run's shape, as {@link BenchConfig.Builder} has it. */
    static final class Bench extends OptionDefaults {
        Bench() {
            super(Map.ofEntries(
                    Map.entry("--server", SpawnedServer.Kind.CHATLAB.text()),
                    Map.entry("--clients", BenchConfig.DEFAULT_CLIENTS),
                    Map.entry("--senders", BenchConfig.DEFAULT_SENDERS),
                    Map.entry("--window", BenchConfig.DEFAULT_WINDOW),
                    Map.entry("--rate", BenchConfig.DEFAULT_RATE_PER_SENDER),
                    Map.entry("--duration", BenchConfig.DEFAULT_DURATION),
                    Map.entry("--warmup", BenchConfig.DEFAULT_WARMUP),
                    Map.entry("--payload", BenchConfig.DEFAULT_PAYLOAD_BYTES),
                    Map.entry("--churners", BenchConfig.DEFAULT_CHURNERS),
                    Map.entry("--churn-rate", BenchConfig.DEFAULT_CHURN_RATE),
                    Map.entry("--slow-readers", BenchConfig.DEFAULT_SLOW_READERS),
                    Map.entry("--slow-mode", BenchConfig.DEFAULT_SLOW_MODE.text()),
                    Map.entry("--time-limit", BenchConfig.DEFAULT_TIME_LIMIT),
                    Map.entry("--drain", BenchConfig.DEFAULT_DRAIN),
                    Map.entry("--connect-timeout", BenchConfig.DEFAULT_CONNECT_TIMEOUT),
                    Map.entry("--io-threads", BenchConfig.DEFAULT_IO_THREADS),
                    Map.entry("--generator", BenchConfig.DEFAULT_GENERATOR.text()),
                    Map.entry("--protocol", BenchConfig.DEFAULT_PROTOCOL.text()),
                    Map.entry("--ack-policy", BenchConfig.DEFAULT_ACK_POLICY.text()),
                    Map.entry("--history", ServerHistoryOptions.onOff(HistorySettings.DEFAULT_ENABLED)),
                    Map.entry("--history-sync", HistoryConfig.defaults().sync().name().toLowerCase(Locale.ROOT)),
                    Map.entry("--history-commit-wait", HistoryConfig.DEFAULT_COMMIT_WAIT),
                    Map.entry("--history-search", ServerHistoryOptions.onOff(HistorySettings.DEFAULT_SEARCH))));
        }
    }
}

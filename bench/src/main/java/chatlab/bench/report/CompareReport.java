package chatlab.bench.report;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Runs of one scenario against several servers, side by side, with how many times better the first one is. */
public final class CompareReport {
    private CompareReport() {}

    /**
     * {@code value} is how many times better the numerator's server did than the denominator's: for a metric where
     * more is better (deliveries per CPU-second) numerator / denominator, for one where less is better (bytes, time)
     * denominator / numerator. Null when either is unknown or zero.
     */
    public record Ratio(String metric, String numerator, String denominator, @JsonProperty("ratio") Double value) {}

    /**
     * A number the comparison shows per server; {@code value} is null when a run does not know it. A {@code ranked}
     * one also gets a ratio (how many times better the first server did).
     */
    record Metric(String name, boolean moreIsBetter, Function<BenchResult, Double> value, boolean ranked) {
        Metric(String name, boolean moreIsBetter, Function<BenchResult, Double> value) {
            this(name, moreIsBetter, value, true);
        }

        /** How many times better {@code a} is than {@code b}; null when either is unknown or not above zero. */
        Double ratio(BenchResult a, BenchResult b) {
            Double x = value.apply(a);
            Double y = value.apply(b);
            if (x == null || y == null || x <= 0 || y <= 0) {
                return null;
            }
            return moreIsBetter ? x / y : y / x;
        }
    }

    static List<Metric> metrics(BenchScenario scenario) {
        return switch (scenario) {
            case FANOUT, CHURN -> trafficMetrics();
            case SLOW_READER -> {
                List<Metric> metrics = new ArrayList<>(trafficMetrics());
                metrics.add(new Metric("slow_p99_ratio", false, r -> r.slowReaders() == null ? null
                        : r.slowReaders().ratio(r.traffic(), BenchResult.Latency::p99)));
                metrics.add(new Metric("latest_cut_off_s", false, r -> r.slowReaders() == null ? null
                        : r.slowReaders().latestCutOffSeconds()));
                yield metrics;
            }
            case JOIN_STORM -> List.of(
                    new Metric("all_full_ms", false, r -> r.joinStorm() == null ? null : r.joinStorm().allFullMillis()),
                    new Metric("presence_bytes", false, r -> (double) r.presenceBytes()));
            case IDLE -> List.of(
                    new Metric("rss_bytes_per_connection", false, r -> r.idle() == null
                            || r.idle().bytesPerConnection() == null ? null : (double) r.idle().bytesPerConnection()));
        };
    }

    /**
     * The metrics of these runs: the scenario's, and when a run measured a group of processes (a cluster), what a
     * message cost in CPU time: in all (ranked), and per server and on the broker (shown, not ranked: the lone server
     * has no broker, and a cluster's server shares the work).
     */
    static List<Metric> metrics(List<BenchResult> results) {
        List<Metric> metrics = new ArrayList<>(metrics(results.get(0).config().scenario()));
        if (results.stream().anyMatch(r -> costs(r) != null)) {
            metrics.add(new Metric("cpu_us_per_message", false, r -> costs(r) == null ? null
                    : costs(r).cpuMicrosPerMessage()));
            metrics.add(new Metric("server_cpu_us_per_message", false, r -> costs(r) == null ? null
                    : costs(r).serverCpuMicrosPerMessage(), false));
            metrics.add(new Metric("broker_cpu_us_per_message", false, r -> costs(r) == null ? null
                    : costs(r).brokerCpuMicrosPerMessage(), false));
        }
        return metrics;
    }

    /** A group's costs per message, or null (one process, or no CPU measured). */
    static BenchResult.Costs costs(BenchResult r) {
        return r.serverUsage() == null ? null : r.serverUsage().costs();
    }

    private static List<Metric> trafficMetrics() {
        return List.of(
                new Metric("deliveries_per_cpu_s", true,
                        r -> r.serverUsage() == null ? null : r.serverUsage().deliveriesPerCpuSecond()),
                new Metric("deliveries_per_s", true, r -> r.traffic() == null ? null : r.traffic().deliveriesPerSecond()),
                new Metric("latency_p99_us", false,
                        r -> r.traffic() == null ? null : (double) r.traffic().latencyMicros().p99()));
    }

    public static List<Ratio> ratios(List<BenchResult> results) {
        List<Ratio> ratios = new ArrayList<>();
        if (results.size() < 2) {
            return ratios;
        }
        BenchResult first = results.get(0);
        for (Metric metric : metrics(results)) {
            if (!metric.ranked()) {
                continue;
            }
            for (BenchResult other : results.subList(1, results.size())) {
                ratios.add(new Ratio(metric.name(), first.serverKind(), other.serverKind(), metric.ratio(first, other)));
            }
        }
        return ratios;
    }

    public static void print(List<BenchResult> results, PrintWriter out) {
        BenchResult first = results.get(0);
        BenchConfig c = first.config();
        out.printf("chatlab bench %s, %s wire, compared: %s%n", c.scenario().text(), c.wireText(),
                String.join(" vs ", results.stream().map(BenchResult::serverKind).toList()));
        out.println("  " + BenchTextReport.settings(c));
        List<String[]> rows = new ArrayList<>();
        rows.add(row(results, "server", BenchResult::serverKind));
        rows.add(row(results, "result", CompareReport::outcome));
        if (mixed(results)) {
            rows.add(row(results, "protocol", r -> r.config().wireText()));
            rows.add(row(results, "receivers per message", r -> String.format("%,d", receivers(r.config()))));
        }
        rows.add(row(results, "registered", r -> String.format("%,d/%,d", r.connections().registered(),
                r.connections().attempted())));
        rows.add(row(results, "half-open retries", r -> String.format("%,d", r.connections().halfOpenRetries())));
        switch (c.scenario()) {
            case FANOUT, CHURN, SLOW_READER -> {
                rows.add(row(results, "deliveries/s", r -> String.format("%,.0f", r.traffic().deliveriesPerSecond())));
                rows.add(row(results, "deliveries/CPU-s", r -> r.serverUsage() == null
                        || r.serverUsage().deliveriesPerCpuSecond() == null ? "?"
                        : String.format("%,.0f", r.serverUsage().deliveriesPerCpuSecond())));
                rows.add(row(results, "latency p50", r -> BenchTextReport.micros(r.traffic().latencyMicros().p50())));
                rows.add(row(results, "latency p90", r -> BenchTextReport.micros(r.traffic().latencyMicros().p90())));
                rows.add(row(results, "latency p99", r -> BenchTextReport.micros(r.traffic().latencyMicros().p99())));
                rows.add(row(results, "latency p99.9", r -> BenchTextReport.micros(r.traffic().latencyMicros().p999())));
                rows.add(row(results, "latency max", r -> BenchTextReport.micros(r.traffic().latencyMicros().max())));
                if (c.openLoop()) {
                    rows.add(row(results, "sends late p50/p99", r -> BenchTextReport.micros(r.traffic().sendLatenessMicros().p50())
                            + " / " + BenchTextReport.micros(r.traffic().sendLatenessMicros().p99())));
                    rows.add(row(results, "from the write p50/p99", r -> BenchTextReport.micros(r.traffic().afterWriteMicros().p50())
                            + " / " + BenchTextReport.micros(r.traffic().afterWriteMicros().p99())));
                }
                rows.add(row(results, "lost", r -> String.format("%,d", r.traffic().lost())));
                rows.add(row(results, "duplicated", r -> String.format("%,d", r.traffic().duplicated())));
                if (c.labWire()) {
                    rows.add(row(results, "merged", r -> String.format("%,d", r.traffic().merged())));
                    rows.add(row(results, "shared a read", r -> String.format("%,d", r.traffic().sharedRead())));
                    rows.add(row(results, "split", r -> String.format("%,d", r.traffic().split())));
                }
                if (c.scenario() == BenchScenario.SLOW_READER) {
                    rows.add(row(results, "slow readers cut off", r -> String.format("%d/%d",
                            r.slowReaders().cutOff(), r.slowReaders().count())));
                    rows.add(row(results, "p99 with/without", r -> {
                        Double ratio = r.slowReaders().ratio(r.traffic(), BenchResult.Latency::p99);
                        return ratio == null ? "?" : String.format("%.2fx", ratio);
                    }));
                }
                if (c.scenario() == BenchScenario.CHURN) {
                    rows.add(row(results, "churn ops/s", r -> String.format("%.1f", r.churn().opsPerSecond())));
                    rows.add(row(results, "churn joins failed", r -> String.format("%,d", r.churn().joinFailures())));
                }
            }
            case JOIN_STORM -> {
                rows.add(row(results, "all lists full", r -> r.joinStorm().allFullMillis() == null ? "never"
                        : BenchTextReport.millis(r.joinStorm().allFullMillis())));
                rows.add(row(results, "per client p99", r -> BenchTextReport.millis(r.joinStorm().perClientFullMillis().p99())));
            }
            case IDLE -> {
                rows.add(row(results, "all registered", r -> r.connections().allRegisteredMillis() == null ? "never"
                        : BenchTextReport.millis(r.connections().allRegisteredMillis())));
                rows.add(row(results, "RSS per connection", r -> r.idle().bytesPerConnection() == null ? "?"
                        : BenchTextReport.bytes(r.idle().bytesPerConnection())));
                rows.add(row(results, "heap per connection", r -> r.idle().heapBytesPerConnection() == null ? "-"
                        : BenchTextReport.bytes(r.idle().heapBytesPerConnection())));
            }
        }
        rows.add(row(results, "presence bytes", r -> BenchTextReport.bytes(r.presenceBytes())));
        rows.add(row(results, "server CPU", r -> r.serverUsage() == null ? "?"
                : String.format("%.2f s", r.serverUsage().cpuSeconds())));
        rows.add(row(results, "server RSS", r -> r.serverUsage() == null ? "?"
                : BenchTextReport.bytes(r.serverUsage().rssEndBytes())));
        if (results.stream().anyMatch(r -> costs(r) != null)) {
            costRows(results, rows);
        }
        rows.add(row(results, "bench CPU", r -> String.format("%.2f s", r.benchCpuSeconds())));
        rows.add(row(results, "errors", r -> String.format("%,d", r.errors().total())));
        table(rows, out);
        for (Ratio ratio : ratios(results)) {
            out.printf("  %s, %s vs %s: %s%n", ratio.metric(), ratio.numerator(), ratio.denominator(),
                    ratio.value() == null ? "unknown" : String.format("%.2f (above 1: %s did better)", ratio.value(),
                            ratio.numerator()));
        }
        for (BenchResult r : results) {
            if (r.missing() != null) {
                out.printf("  %s NOT RUN, %s%n", r.serverKind(), r.missing());
            } else if (!r.completed()) {
                out.printf("  %s failed: %s%n", r.serverKind(), r.failure());
            }
            for (String sample : r.errors().samples()) {
                out.printf("  %s error: %s%n", r.serverKind(), sample);
            }
        }
        out.flush();
    }

    /** A group's CPU by role, and what a message cost (the table's "server CPU" is the group's sum). */
    private static void costRows(List<BenchResult> results, List<String[]> rows) {
        rows.add(row(results, "servers CPU", r -> costs(r) == null ? "?"
                : String.format(Locale.ROOT, "%.2f s (%d)", costs(r).serversCpuSeconds(), costs(r).servers())));
        rows.add(row(results, "broker CPU", r -> costs(r) == null || costs(r).brokerCpuSeconds() == null ? "-"
                : String.format(Locale.ROOT, "%.2f s", costs(r).brokerCpuSeconds())));
        rows.add(row(results, "CPU per message", r -> costs(r) == null ? "?"
                : BenchTextReport.perMessage(costs(r).cpuMicrosPerMessage())));
        rows.add(row(results, "per server per message", r -> costs(r) == null ? "?"
                : BenchTextReport.perMessage(costs(r).serverCpuMicrosPerMessage())));
        rows.add(row(results, "broker per message", r -> costs(r) == null || costs(r).brokerCpuMicrosPerMessage() == null
                ? "-" : BenchTextReport.perMessage(costs(r).brokerCpuMicrosPerMessage())));
    }

    /** One word for how a run went. */
    static String outcome(BenchResult r) {
        return r.missing() != null ? "NOT INSTALLED" : r.success() ? "complete" : r.completed() ? "problems" : "FAILED";
    }

    /** The servers were spoken to in more than one protocol (chatlab against the field's servers). */
    static boolean mixed(List<BenchResult> results) {
        return results.stream().map(r -> r.config().wireText()).distinct().count() > 1;
    }

    /** Deliveries each message makes: every other client, or every client where senders get their own. */
    static int receivers(BenchConfig c) {
        return c.clients() - (c.protocol().deliversToSender() ? 0 : 1);
    }

    /** A row; a run that lacks the section a cell reads (it failed before its traffic, say) shows a dash. */
    private static String[] row(List<BenchResult> results, String label, Function<BenchResult, String> cell) {
        String[] row = new String[results.size() + 1];
        row[0] = label;
        for (int i = 0; i < results.size(); i++) {
            row[i + 1] = cell(results.get(i), label, cell);
        }
        return row;
    }

    private static String cell(BenchResult result, String label, Function<BenchResult, String> cell) {
        boolean missing = switch (label) {
            case "all lists full", "per client p99" -> result.joinStorm() == null;
            case "all registered", "RSS per connection", "heap per connection" -> result.idle() == null;
            case "churn ops/s", "churn joins failed" -> result.churn() == null;
            case "slow readers cut off", "p99 with/without" -> result.slowReaders() == null;
            case "deliveries/s", "latency p50", "latency p90", "latency p99", "latency p99.9", "latency max", "lost",
                    "duplicated", "merged", "shared a read", "split" -> result.traffic() == null;
            case "sends late p50/p99", "from the write p50/p99" -> result.traffic() == null
                    || result.traffic().sendLatenessMicros() == null;
            default -> false;
        };
        return missing ? "-" : cell.apply(result);
    }

    static void table(List<String[]> rows, PrintWriter out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                line.append(i == 0 ? String.format("%-" + width[i] + "s", cell) : String.format("  %" + width[i] + "s", cell));
            }
            out.println(line);
        }
    }
}

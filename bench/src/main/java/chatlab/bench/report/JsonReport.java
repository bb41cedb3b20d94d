package chatlab.bench.report;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;

/**
 * The {@code --json} report: one JSON object per run, with stable snake_case field names (documented in
 * docs/BENCHMARKS.md). Sections that do not apply to the scenario are null; so are numbers that are unknown.
 * Jackson writes the result's records as they are (their components in order, snake_case, the names that differ
 * given on the components); the records here add what the report shows beside them.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private JsonReport() {}

    public static String of(BenchResult r) {
        return write(Run.of(r));
    }

    /** Several runs of one scenario (--compare), and the ratio of deliveries per server CPU-second to the first. */
    public static String compare(List<BenchResult> results) {
        return write(new Compare(results.stream().map(Run::of).toList(), CompareReport.ratios(results),
                results.stream().allMatch(BenchResult::success)));
    }

    /** Several rounds of one scenario ({@code rounds.get(r).get(k)}: round r, server k), with their spread. */
    public static String repeated(List<List<BenchResult>> rounds) {
        return write(new Repeated(rounds.size(), rounds.stream().map(round -> round.stream().map(Run::of).toList())
                .toList(), RepeatReport.metrics(rounds).stream().map(MetricSpread::of).toList(),
                RepeatReport.ratios(rounds).stream().map(RatioSpread::of).toList(),
                rounds.stream().flatMap(List::stream).allMatch(BenchResult::success)));
    }

    /** One run: what it was asked (the settings), then what it measured. */
    record Run(String scenario, String wire, String target, String server, Long serverPid, Settings settings,
            boolean completed, boolean success, String failure, String missing, BenchResult.Connections connections,
            BenchResult.Traffic traffic, long presenceBytes, long presenceBytesPerClient, BenchResult.Errors errors,
            BenchResult.ServerUsage serverUsage, @JsonProperty("bench_cpu_s") double benchCpuSeconds,
            BenchResult.JoinStorm joinStorm, BenchResult.Idle idle, SlowReaders slowReaders,
            BenchResult.Churn churn) {
        static Run of(BenchResult r) {
            BenchConfig c = r.config();
            return new Run(c.scenario().text(), c.wireText(), BenchTextReport.address(c), r.serverKind(),
                    r.serverPid(), Settings.of(c), r.completed(), r.success(), r.failure(), r.missing(), r.connections(),
                    r.traffic(), r.presenceBytes(), r.presenceBytes() / Math.max(1, c.clients()), r.errors(),
                    r.serverUsage(), r.benchCpuSeconds(), r.joinStorm(), r.idle(), SlowReaders.of(r), r.churn());
        }
    }

    record Settings(int clients, int senders, String mode, int window, double ratePerSender, int payloadBytes,
            @JsonProperty("warmup_s") double warmupSeconds, @JsonProperty("duration_s") double durationSeconds,
            int churners, double churnRate, int perAddress, int ioThreads, String generator, int slowReaders,
            String slowMode, int inFlight, String ackPolicy) {
        static Settings of(BenchConfig c) {
            return new Settings(c.clients(), c.senders(), c.openLoop() ? "open" : "closed", c.window(),
                    c.ratePerSender(), c.payloadBytes(), c.warmup().toMillis() / 1000.0, c.duration().toMillis() / 1000.0,
                    c.churners(), c.churnRate(), c.perAddress(), c.ioThreads(), c.generator().text(), c.slowReaders(),
                    c.slowMode().text(), c.inFlight(), c.ackPolicy().text());
        }
    }

    /** The slow readers, the others' traffic without them, and the others' latency with over without. */
    record SlowReaders(String mode, int count, int cutOff, @JsonProperty("cut_off_s") List<Double> cutOffSeconds,
            @JsonProperty("baseline_traffic") BenchResult.Traffic baseline, long baselineErrors,
            @JsonProperty("p50_ratio") Double p50Ratio, @JsonProperty("p99_ratio") Double p99Ratio) {
        static SlowReaders of(BenchResult r) {
            BenchResult.SlowReaders s = r.slowReaders();
            return s == null ? null : new SlowReaders(s.mode(), s.count(), s.cutOff(), s.cutOffSeconds(), s.baseline(),
                    s.baselineErrors().total(), s.ratio(r.traffic(), BenchResult.Latency::p50),
                    s.ratio(r.traffic(), BenchResult.Latency::p99));
        }
    }

    record Compare(List<Run> runs, List<CompareReport.Ratio> ratios, boolean success) {}

    record Repeated(int repeats, List<List<Run>> rounds, List<MetricSpread> metrics, List<RatioSpread> ratios,
            boolean success) {}

    /** A spread as the report shows it: all null, and no values, when no round knew the number. */
    record Spread(Double median, Double min, Double max, List<Double> values) {
        static Spread of(RepeatReport.Spread s) {
            return s == null ? new Spread(null, null, null, List.of()) : new Spread(s.median(), s.min(), s.max(),
                    s.values());
        }
    }

    record MetricSpread(String metric, String server, @JsonUnwrapped Spread spread) {
        static MetricSpread of(RepeatReport.MetricSpread m) {
            return new MetricSpread(m.metric(), m.server(), Spread.of(m.spread()));
        }
    }

    record RatioSpread(String metric, String numerator, String denominator, Spread perRound, Double ofMedians) {
        static RatioSpread of(RepeatReport.RatioSpread r) {
            return new RatioSpread(r.metric(), r.numerator(), r.denominator(), Spread.of(r.perRound()), r.ofMedians());
        }
    }

    private static String write(Object report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

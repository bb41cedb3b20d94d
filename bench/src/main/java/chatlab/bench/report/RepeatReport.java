package chatlab.bench.report;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The same scenario run in several rounds, each round running every server once in the same order, so a drift of
 * the machine (other work on shared cores) touches every server alike. On two shared cores one run can differ from
 * the next by a fifth; a median over rounds, with its range, says more than any single run. Ratios are taken within
 * each round (the servers ran minutes apart, not hours) and their spread is shown, besides the ratio of the medians.
 */
public final class RepeatReport {
    private RepeatReport() {}

    /** The spread of one number over the rounds, in the metric's unit. */
    public record Spread(double median, double min, double max, List<Double> values) {
        /** Null when no round knew the number. */
        static Spread of(List<Double> values) {
            List<Double> known = values.stream().filter(v -> v != null).sorted().toList();
            if (known.isEmpty()) {
                return null;
            }
            int n = known.size();
            double median = n % 2 == 1 ? known.get(n / 2) : (known.get(n / 2 - 1) + known.get(n / 2)) / 2;
            return new Spread(median, known.get(0), known.get(n - 1), values);
        }
    }

    /** One metric of one server over the rounds. */
    public record MetricSpread(String metric, String server, Spread spread) {}

    /**
     * How many times better the first server did than another, round by round ({@code perRound}), and as the ratio
     * of their medians ({@code ofMedians}).
     */
    public record RatioSpread(String metric, String numerator, String denominator, Spread perRound, Double ofMedians) {}

    /** {@code rounds.get(r).get(k)}: round r, server k. */
    public static List<MetricSpread> metrics(List<List<BenchResult>> rounds) {
        List<MetricSpread> spreads = new ArrayList<>();
        for (CompareReport.Metric metric : CompareReport.metrics(all(rounds))) {
            for (int k = 0; k < rounds.get(0).size(); k++) {
                List<Double> values = new ArrayList<>();
                for (List<BenchResult> round : rounds) {
                    values.add(metric.value().apply(round.get(k)));
                }
                spreads.add(new MetricSpread(metric.name(), rounds.get(0).get(k).serverKind(), Spread.of(values)));
            }
        }
        return spreads;
    }

    public static List<RatioSpread> ratios(List<List<BenchResult>> rounds) {
        List<RatioSpread> ratios = new ArrayList<>();
        int servers = rounds.get(0).size();
        for (CompareReport.Metric metric : CompareReport.metrics(all(rounds))) {
            if (!metric.ranked()) {
                continue;
            }
            for (int k = 1; k < servers; k++) {
                List<Double> perRound = new ArrayList<>();
                List<Double> firsts = new ArrayList<>();
                List<Double> others = new ArrayList<>();
                for (List<BenchResult> round : rounds) {
                    perRound.add(metric.ratio(round.get(0), round.get(k)));
                    firsts.add(metric.value().apply(round.get(0)));
                    others.add(metric.value().apply(round.get(k)));
                }
                Spread first = Spread.of(firsts);
                Spread other = Spread.of(others);
                Double ofMedians = null;
                if (first != null && other != null && first.median() > 0 && other.median() > 0) {
                    ofMedians = metric.moreIsBetter() ? first.median() / other.median() : other.median() / first.median();
                }
                ratios.add(new RatioSpread(metric.name(), rounds.get(0).get(0).serverKind(),
                        rounds.get(0).get(k).serverKind(), Spread.of(perRound), ofMedians));
            }
        }
        return ratios;
    }

    private static List<BenchResult> all(List<List<BenchResult>> rounds) {
        return rounds.stream().flatMap(List::stream).toList();
    }

    public static void print(List<List<BenchResult>> rounds, PrintWriter out) {
        BenchResult first = rounds.get(0).get(0);
        BenchConfig c = first.config();
        List<String> servers = rounds.get(0).stream().map(BenchResult::serverKind).toList();
        out.printf("chatlab bench %s, %s wire, %d rounds of %s%n", c.scenario().text(), c.wireText(), rounds.size(),
                String.join(", then ", servers));
        out.println("  " + BenchTextReport.settings(c));
        List<BenchResult> all = rounds.stream().flatMap(List::stream).toList();
        out.printf("  runs: %d of %d complete with nothing lost or duplicated and no errors%n",
                all.stream().filter(BenchResult::success).count(), all.size());
        for (BenchResult r : rounds.get(0)) {
            if (r.missing() != null) {
                out.printf("  %s NOT RUN in any round, %s%n", r.serverKind(), r.missing());
            }
        }
        if (CompareReport.mixed(rounds.get(0))) {
            out.printf("  protocols: %s%n", String.join(", ", rounds.get(0).stream().map(r -> r.serverKind() + " "
                    + r.config().wireText() + " (" + CompareReport.receivers(r.config()) + " receivers per message)")
                    .toList()));
        }
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("median (lowest to highest)"));
        header.addAll(servers);
        rows.add(header.toArray(String[]::new));
        List<MetricSpread> spreads = metrics(rounds);
        for (int i = 0; i < spreads.size(); i += servers.size()) {
            List<String> row = new ArrayList<>(List.of(spreads.get(i).metric()));
            for (int k = 0; k < servers.size(); k++) {
                Spread spread = spreads.get(i + k).spread();
                row.add(spread == null ? "?" : String.format("%s (%s to %s)", format(spreads.get(i).metric(),
                        spread.median()), format(spreads.get(i).metric(), spread.min()),
                        format(spreads.get(i).metric(), spread.max())));
            }
            rows.add(row.toArray(String[]::new));
        }
        if (first.traffic() != null) {
            List<String> lost = new ArrayList<>(List.of("lost, duplicated, merged (all rounds)"));
            for (int k = 0; k < servers.size(); k++) {
                int server = k;
                List<BenchResult> runs = rounds.stream().map(round -> round.get(server)).toList();
                List<BenchResult.Traffic> traffic = runs.stream().map(BenchResult::traffic).filter(t -> t != null)
                        .toList();
                lost.add(traffic.isEmpty() ? "-" : String.format("%,d, %,d, %,d",
                        traffic.stream().mapToLong(BenchResult.Traffic::lost).sum(),
                        traffic.stream().mapToLong(BenchResult.Traffic::duplicated).sum(),
                        traffic.stream().mapToLong(BenchResult.Traffic::merged).sum()));
            }
            rows.add(lost.toArray(String[]::new));
        }
        CompareReport.table(rows, out);
        for (RatioSpread ratio : ratios(rounds)) {
            out.printf(Locale.ROOT, "  %s, %s vs %s: per round %s; ratio of the medians %s (above 1: %s did better)%n",
                    ratio.metric(), ratio.numerator(), ratio.denominator(),
                    ratio.perRound() == null ? "?" : String.format(Locale.ROOT, "median %.2f (%.2f to %.2f)",
                            ratio.perRound().median(), ratio.perRound().min(), ratio.perRound().max()),
                    ratio.ofMedians() == null ? "?" : String.format(Locale.ROOT, "%.2f", ratio.ofMedians()),
                    ratio.numerator());
        }
        out.flush();
    }

    private static String format(String metric, double value) {
        return switch (metric) {
            case "latency_p99_us" -> BenchTextReport.micros(Math.round(value));
            case "all_full_ms" -> BenchTextReport.millis(value);
            case "presence_bytes" -> BenchTextReport.bytes(Math.round(value));
            case "rss_bytes_per_connection" -> String.format("%,.0f B", value);
            case "slow_p99_ratio" -> String.format(Locale.ROOT, "%.2fx", value);
            case "latest_cut_off_s" -> String.format(Locale.ROOT, "%.2f s", value);
            case "cpu_us_per_message", "server_cpu_us_per_message", "broker_cpu_us_per_message" ->
                    BenchTextReport.perMessage(value);
            default -> String.format("%,.0f", value);
        };
    }
}

package chatlab.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code --json} report: one JSON object per run, with stable snake_case field names (documented in
 * docs/BENCHMARKS.md). Sections that do not apply to the scenario are null; so are numbers that are unknown.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {}

    public static String of(BenchResult r) {
        return write(node(r));
    }

    /** Several runs of one scenario (--compare), and the ratio of deliveries per server CPU-second to the first. */
    public static String compare(List<BenchResult> results) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode runs = root.putArray("runs");
        results.forEach(r -> runs.add(node(r)));
        ArrayNode ratios = root.putArray("ratios");
        for (CompareReport.Ratio ratio : CompareReport.ratios(results)) {
            ratio(ratios, ratio.metric(), ratio.numerator(), ratio.denominator()).put("ratio", ratio.value());
        }
        root.put("success", results.stream().allMatch(BenchResult::success));
        return write(root);
    }

    /** Several rounds of one scenario ({@code rounds.get(r).get(k)}: round r, server k), with their spread. */
    public static String repeated(List<List<BenchResult>> rounds) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("repeats", rounds.size());
        ArrayNode roundsNode = root.putArray("rounds");
        for (List<BenchResult> round : rounds) {
            ArrayNode runs = roundsNode.addArray();
            round.forEach(r -> runs.add(node(r)));
        }
        ArrayNode metrics = root.putArray("metrics");
        for (RepeatReport.MetricSpread metric : RepeatReport.metrics(rounds)) {
            ObjectNode node = metrics.addObject();
            node.put("metric", metric.metric());
            node.put("server", metric.server());
            spread(node, metric.spread());
        }
        ArrayNode ratios = root.putArray("ratios");
        for (RepeatReport.RatioSpread ratio : RepeatReport.ratios(rounds)) {
            ObjectNode node = ratio(ratios, ratio.metric(), ratio.numerator(), ratio.denominator());
            spread(node.putObject("per_round"), ratio.perRound());
            node.put("of_medians", ratio.ofMedians());
        }
        root.put("success", rounds.stream().flatMap(List::stream).allMatch(BenchResult::success));
        return write(root);
    }

    /** A new entry of {@code ratios}: which metric, and which server against which. */
    private static ObjectNode ratio(ArrayNode ratios, String metric, String numerator, String denominator) {
        ObjectNode node = ratios.addObject();
        node.put("metric", metric);
        node.put("numerator", numerator);
        node.put("denominator", denominator);
        return node;
    }

    private static void spread(ObjectNode node, RepeatReport.Spread spread) {
        if (spread == null) {
            node.putNull("median");
            node.putNull("min");
            node.putNull("max");
            node.putArray("values");
            return;
        }
        node.put("median", spread.median());
        node.put("min", spread.min());
        node.put("max", spread.max());
        ArrayNode values = node.putArray("values");
        spread.values().forEach(values::add);
    }

    static ObjectNode node(BenchResult r) {
        BenchConfig c = r.config();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", c.scenario().text());
        root.put("wire", c.wire().text());
        root.put("target", TextReport.address(c));
        root.put("server", r.serverKind());
        putNullable(root, "server_pid", r.serverPid());
        ObjectNode settings = root.putObject("settings");
        settings.put("clients", c.clients());
        settings.put("senders", c.senders());
        settings.put("mode", c.openLoop() ? "open" : "closed");
        settings.put("window", c.window());
        settings.put("rate_per_sender", c.ratePerSender());
        settings.put("payload_bytes", c.payloadBytes());
        settings.put("warmup_s", c.warmup().toMillis() / 1000.0);
        settings.put("duration_s", c.duration().toMillis() / 1000.0);
        settings.put("churners", c.churners());
        settings.put("churn_rate", c.churnRate());
        settings.put("per_address", c.perAddress());
        settings.put("io_threads", c.ioThreads());
        settings.put("generator", c.generator().text());
        settings.put("slow_readers", c.slowReaders());
        settings.put("slow_mode", c.slowMode().text());
        settings.put("in_flight", c.inFlight());
        root.put("completed", r.completed());
        root.put("success", r.success());
        root.put("failure", r.failure());
        BenchResult.Connections k = r.connections();
        ObjectNode connections = root.putObject("connections");
        connections.put("attempted", k.attempted());
        connections.put("connected", k.connected());
        connections.put("registered", k.registered());
        connections.put("failed", k.failed());
        connections.put("half_open_retries", k.halfOpenRetries());
        putNullable(connections, "all_registered_ms", k.allRegisteredMillis());
        if (r.traffic() == null) {
            root.putNull("traffic");
        } else {
            traffic(root.putObject("traffic"), r.traffic());
        }
        root.put("presence_bytes", r.presenceBytes());
        root.put("presence_bytes_per_client", r.presenceBytes() / Math.max(1, c.clients()));
        ObjectNode errors = root.putObject("errors");
        errors.put("total", r.errors().total());
        ObjectNode kinds = errors.putObject("by_kind");
        r.errors().byKind().forEach(kinds::put);
        ArrayNode samples = errors.putArray("samples");
        r.errors().samples().forEach(samples::add);
        if (r.serverUsage() == null) {
            root.putNull("server_usage");
        } else {
            BenchResult.ServerUsage u = r.serverUsage();
            ObjectNode usage = root.putObject("server_usage");
            usage.put("cpu_s", u.cpuSeconds());
            usage.put("rss_start_bytes", u.rssStartBytes());
            usage.put("rss_end_bytes", u.rssEndBytes());
            putNullable(usage, "deliveries_per_cpu_s", u.deliveriesPerCpuSecond());
            putNullable(usage, "heap_start_bytes", u.heapStartBytes());
            putNullable(usage, "heap_end_bytes", u.heapEndBytes());
        }
        root.put("bench_cpu_s", r.benchCpuSeconds());
        if (r.joinStorm() == null) {
            root.putNull("join_storm");
        } else {
            BenchResult.JoinStorm s = r.joinStorm();
            ObjectNode storm = root.putObject("join_storm");
            putNullable(storm, "all_full_ms", s.allFullMillis());
            storm.put("full_clients", s.fullClients());
            latency(storm.putObject("per_client_full_ms"), s.perClientFullMillis());
            storm.put("presence_bytes_per_client", s.presenceBytesPerClient());
        }
        if (r.idle() == null) {
            root.putNull("idle");
        } else {
            BenchResult.Idle i = r.idle();
            ObjectNode idle = root.putObject("idle");
            idle.put("hold_s", i.holdSeconds());
            idle.put("rss_before_bytes", i.rssBeforeBytes());
            idle.put("rss_after_bytes", i.rssAfterBytes());
            putNullable(idle, "rss_bytes_per_connection", i.bytesPerConnection());
            putNullable(idle, "heap_before_bytes", i.heapBeforeBytes());
            putNullable(idle, "heap_after_bytes", i.heapAfterBytes());
            putNullable(idle, "heap_bytes_per_connection", i.heapBytesPerConnection());
        }
        if (r.slowReaders() == null) {
            root.putNull("slow_readers");
        } else {
            BenchResult.SlowReaders sr = r.slowReaders();
            ObjectNode slow = root.putObject("slow_readers");
            slow.put("mode", sr.mode());
            slow.put("count", sr.count());
            slow.put("cut_off", sr.cutOff());
            ArrayNode cutOffs = slow.putArray("cut_off_s");
            sr.cutOffSeconds().forEach(cutOffs::add);
            if (sr.baseline() == null) {
                slow.putNull("baseline_traffic");
            } else {
                traffic(slow.putObject("baseline_traffic"), sr.baseline());
            }
            slow.put("baseline_errors", sr.baselineErrors().total());
            putNullable(slow, "p50_ratio", sr.ratio(r.traffic(), BenchResult.Latency::p50));
            putNullable(slow, "p99_ratio", sr.ratio(r.traffic(), BenchResult.Latency::p99));
        }
        if (r.churn() == null) {
            root.putNull("churn");
        } else {
            BenchResult.Churn ch = r.churn();
            ObjectNode churn = root.putObject("churn");
            churn.put("churners", ch.churners());
            churn.put("offered_joins_per_s", ch.offeredJoinsPerSecond());
            churn.put("joins", ch.joins());
            churn.put("leaves", ch.leaves());
            churn.put("join_failures", ch.joinFailures());
            churn.put("ops_per_s", ch.opsPerSecond());
            churn.put("stable_presence_bytes", ch.stablePresenceBytes());
        }
        return root;
    }

    private static void traffic(ObjectNode traffic, BenchResult.Traffic t) {
        traffic.put("mode", t.mode());
        traffic.put("measured_s", t.measuredSeconds());
        traffic.put("messages_sent", t.messagesSent());
        traffic.put("measured_messages", t.measuredMessages());
        traffic.put("deliveries", t.deliveries());
        traffic.put("deliveries_per_s", t.deliveriesPerSecond());
        traffic.put("expected_deliveries", t.expectedDeliveries());
        traffic.put("delivered", t.delivered());
        traffic.put("lost", t.lost());
        traffic.put("duplicated", t.duplicated());
        traffic.put("merged", t.merged());
        traffic.put("shared_read", t.sharedRead());
        traffic.put("split", t.split());
        traffic.put("sends_skipped", t.sendsSkipped());
        latency(traffic.putObject("latency_us"), t.latencyMicros());
        if (t.sendLatenessMicros() != null) {
            latency(traffic.putObject("send_lateness_us"), t.sendLatenessMicros());
        }
        if (t.afterWriteMicros() != null) {
            latency(traffic.putObject("after_write_latency_us"), t.afterWriteMicros());
        }
    }

    private static void latency(ObjectNode node, BenchResult.Latency l) {
        node.put("count", l.count());
        node.put("mean", l.mean());
        node.put("p50", l.p50());
        node.put("p90", l.p90());
        node.put("p99", l.p99());
        node.put("p99_9", l.p999());
        node.put("max", l.max());
    }

    private static void putNullable(ObjectNode node, String field, Number value) {
        if (value == null) {
            node.putNull(field);
        } else if (value instanceof Double d) {
            node.put(field, d);
        } else {
            node.put(field, value.longValue());
        }
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

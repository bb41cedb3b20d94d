package chatlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.BenchResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The reports of a cluster run ({@code --servers K --cluster}): the costs per message shown for both columns, only
 * the cost in all ranked with a ratio, and nothing of it in a run of one server measured the usual way.
 */
class ClusterCostReportTest {
    /** JsonReportTest's fanout run, its usage that of a group of processes (seconds of CPU each, the last a broker). */
    private static BenchResult group(String server, double... cpu) {
        BenchResult r = JsonReportTest.fanout(server, 1);
        List<BenchResult.ProcessUsage> processes = new java.util.ArrayList<>();
        double sum = 0;
        for (int i = 0; i < cpu.length; i++) {
            boolean broker = cpu.length > 1 && i == cpu.length - 1;
            processes.add(new BenchResult.ProcessUsage(broker ? "broker" : "server", 100 + i, cpu[i], 1,
                    BenchResult.Costs.perMessage(cpu[i], r.traffic().measuredMessages())));
            sum += cpu[i];
        }
        BenchResult.ServerUsage usage = new BenchResult.ServerUsage(sum, 1, 2, r.traffic().deliveries() / sum, null,
                null, processes, BenchResult.Costs.of(processes, r.traffic().measuredMessages(),
                r.traffic().deliveries()));
        return new BenchResult(r.config(), server, r.serverPid(), r.completed(), r.failure(), r.connections(),
                r.traffic(), r.presenceBytes(), r.errors(), usage, r.benchCpuSeconds(), null, null, null);
    }

    @Test
    void aComparisonShowsEachColumnsCostsAndRanksOnlyTheCostInAll() {
        BenchResult cluster = group("chatlab x3 cluster", 3, 3, 3, 1); // 10 s over 10,000 messages: 1,000 us each
        BenchResult alone = group("chatlab alone", 2);
        List<CompareReport.Ratio> ratios = CompareReport.ratios(List.of(cluster, alone));
        assertThat(ratios).extracting(CompareReport.Ratio::metric).containsExactly("deliveries_per_cpu_s",
                "deliveries_per_s", "latency_p99_us", "cpu_us_per_message");
        assertThat(ratios.get(3).value()).isEqualTo(200.0 / 1000);
        StringWriter text = new StringWriter();
        CompareReport.print(List.of(cluster, alone), new PrintWriter(text));
        assertThat(text.toString()).containsPattern("servers CPU +9\\.00 s \\(3\\) +2\\.00 s \\(1\\)")
                .containsPattern("broker CPU +1\\.00 s +-")
                .containsPattern("CPU per message +1,000\\.0 us +200\\.0 us")
                .containsPattern("per server per message +300\\.0 us +200\\.0 us")
                .containsPattern("broker per message +100\\.0 us +-");
    }

    @Test
    void roundsShowTheCostsMediansAndTheirRatioInAll() {
        List<List<BenchResult>> rounds = List.of(
                List.of(group("chatlab x3 cluster", 3, 3, 3, 1), group("chatlab alone", 2)),
                List.of(group("chatlab x3 cluster", 4, 4, 4, 2), group("chatlab alone", 4)));
        assertThat(RepeatReport.metrics(rounds)).filteredOn(m -> m.metric().equals("broker_cpu_us_per_message"))
                .extracting(m -> m.spread() == null ? null : m.spread().median()).containsExactly(150.0, null);
        assertThat(RepeatReport.ratios(rounds)).extracting(RepeatReport.RatioSpread::metric)
                .contains("cpu_us_per_message").doesNotContain("broker_cpu_us_per_message", "server_cpu_us_per_message");
        StringWriter text = new StringWriter();
        RepeatReport.print(rounds, new PrintWriter(text));
        assertThat(text.toString()).containsPattern("server_cpu_us_per_message +350\\.0 us \\(300\\.0 us to 400\\.0 us\\) "
                + "+300\\.0 us \\(200\\.0 us to 400\\.0 us\\)");
    }

    @Test
    void oneServerMeasuredTheUsualWayHasNoCosts() {
        BenchResult a = JsonReportTest.fanout("chatlab", 1);
        BenchResult b = JsonReportTest.fanout("python", 2);
        assertThat(CompareReport.ratios(List.of(a, b))).extracting(CompareReport.Ratio::metric)
                .containsExactly("deliveries_per_cpu_s", "deliveries_per_s", "latency_p99_us");
        StringWriter text = new StringWriter();
        CompareReport.print(List.of(a, b), new PrintWriter(text));
        assertThat(text.toString()).doesNotContain("per message", "broker");
    }
}

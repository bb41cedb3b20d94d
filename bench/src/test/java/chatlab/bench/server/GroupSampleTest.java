package chatlab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import chatlab.bench.BenchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group probe (a cluster's servers and broker) against fake /proc files: its CPU is every process's, each counted
 * on its own and summed, and its costs per message are split by role.
 */
class GroupSampleTest {
    @TempDir
    Path proc;

    /** One fake process: its stat ticks (at 100 per second), its RSS in kB, and its threads' schedstat nanoseconds. */
    private void process(long pid, long ticks, long rssKb, Map<Long, Long> threads) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (java) S 1 1 1 0 -1 0 0 0 0 0 " + ticks + " 0 0 0 20 0 1 0 1 1 1");
        Files.writeString(dir.resolve("status"), "Name:\tjava\nVmRSS:\t" + rssKb + " kB\n");
        Files.writeString(dir.resolve("comm"), "java\n");
        Path tasks = dir.resolve("task");
        if (Files.exists(tasks)) {
            try (var old = Files.walk(tasks)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (var thread : threads.entrySet()) {
            Path task = Files.createDirectories(tasks.resolve(Long.toString(thread.getKey())));
            Files.writeString(task.resolve("schedstat"), thread.getValue() + " 0 1\n");
        }
    }

    private static final List<ServerProbe.Member> CLUSTER = List.of(new ServerProbe.Member(ServerProbe.SERVER, 10),
            new ServerProbe.Member(ServerProbe.SERVER, 20), new ServerProbe.Member(ServerProbe.SERVER, 30),
            new ServerProbe.Member(ServerProbe.BROKER, 40));

    @Test
    void theCpuOfEveryServerAndTheBrokerIsSummedEachCountedOnItsOwn() throws Exception {
        process(10, 100, 1000, Map.of(11L, 1_000_000_000L, 12L, 0L));
        process(20, 100, 2000, Map.of(21L, 1_000_000_000L));
        process(30, 100, 3000, Map.of(31L, 1_000_000_000L));
        process(40, 100, 500, Map.of(41L, 1_000_000_000L));
        ServerProbe probe = ServerProbe.group(CLUSTER, new ProcFiles(proc, 100));
        assertThat(probe.isGroup()).isTrue();
        assertThat(probe.pid()).isEqualTo(10);
        Measurement measurement = new Measurement(probe, false);
        measurement.start();
        // server 10: 2 s on its threads (a new thread counts from its start); server 20: 1 s; server 30: a thread
        // exited, so its ticks say 0.5 s (not its live thread's schedstat); the broker: 0.25 s.
        process(10, 300, 1100, Map.of(11L, 2_500_000_000L, 12L, 0L, 13L, 500_000_000L));
        process(20, 200, 2000, Map.of(21L, 2_000_000_000L));
        process(30, 150, 3000, Map.of(32L, 9_000_000_000L));
        process(40, 125, 600, Map.of(41L, 1_250_000_000L));
        measurement.end();

        BenchResult.ServerUsage usage = measurement.usage(99_000, 1000);
        assertThat(usage.cpuSeconds()).isCloseTo(2 + 1 + 0.5 + 0.25, within(1e-9));
        assertThat(usage.deliveriesPerCpuSecond()).isCloseTo(99_000 / 3.75, within(1e-6));
        assertThat(usage.rssEndBytes()).isEqualTo((1100 + 2000 + 3000 + 600) * 1024L);
        assertThat(usage.processes()).extracting(BenchResult.ProcessUsage::role)
                .containsExactly("server", "server", "server", "broker");
        assertThat(usage.processes()).extracting(BenchResult.ProcessUsage::pid).containsExactly(10L, 20L, 30L, 40L);
        assertThat(usage.processes().get(0).cpuSeconds()).isCloseTo(2, within(1e-9));
        assertThat(usage.processes().get(2).cpuSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(usage.processes().get(3).cpuMicrosPerMessage()).isCloseTo(250, within(1e-9));

        BenchResult.Costs costs = usage.costs();
        assertThat(costs.servers()).isEqualTo(3);
        assertThat(costs.serversCpuSeconds()).isCloseTo(3.5, within(1e-9));
        assertThat(costs.brokerCpuSeconds()).isCloseTo(0.25, within(1e-9));
        assertThat(costs.cpuMicrosPerMessage()).isCloseTo(3750, within(1e-9));
        assertThat(costs.serversCpuMicrosPerMessage()).isCloseTo(3500, within(1e-9));
        assertThat(costs.serverCpuMicrosPerMessage()).isCloseTo(3500 / 3.0, within(1e-9));
        assertThat(costs.brokerCpuMicrosPerMessage()).isCloseTo(250, within(1e-9));
        assertThat(costs.serversCpuNanosPerDelivery()).isCloseTo(3.5e9 / 99_000, within(1e-6));
    }

    @Test
    void aServerAloneHasNoBrokerCostAndAnUnmeasuredBrokerIsUnknownNotZero() {
        BenchResult.Costs alone = BenchResult.Costs.of(List.of(
                new BenchResult.ProcessUsage("server", 1, 2.0, 0, null)), 1000, 99_000);
        assertThat(alone.servers()).isEqualTo(1);
        assertThat(alone.brokerCpuSeconds()).isNull();
        assertThat(alone.brokerCpuMicrosPerMessage()).isNull();
        assertThat(alone.cpuMicrosPerMessage()).isCloseTo(2000, within(1e-9));
        assertThat(alone.serverCpuMicrosPerMessage()).isCloseTo(2000, within(1e-9));
        BenchResult.Costs noMessages = BenchResult.Costs.of(List.of(
                new BenchResult.ProcessUsage("server", 1, 2.0, 0, null)), 0, 0);
        assertThat(noMessages.cpuMicrosPerMessage()).isNull();
        assertThat(noMessages.serversCpuNanosPerDelivery()).isNull();
    }

    @Test
    void aSingleProcessProbeKeepsItsReportWithoutABreakdown() throws Exception {
        process(10, 100, 1000, Map.of(11L, 1_000_000_000L));
        Measurement measurement = new Measurement(new ServerProbe(10, new ProcFiles(proc, 100),
                java.util.Optional.empty()), false);
        measurement.start();
        process(10, 200, 1000, Map.of(11L, 2_000_000_000L));
        measurement.end();
        BenchResult.ServerUsage usage = measurement.usage(1000, 10);
        assertThat(usage.cpuSeconds()).isCloseTo(1, within(1e-9));
        assertThat(usage.processes()).isNull();
        assertThat(usage.costs()).isNull();
    }

    @Test
    void aGoneMemberIsNamedByItsRole() throws Exception {
        process(10, 100, 1000, Map.of(11L, 1L));
        ServerProbe probe = ServerProbe.group(List.of(new ServerProbe.Member(ServerProbe.SERVER, 10),
                new ServerProbe.Member(ServerProbe.BROKER, 99)), new ProcFiles(proc, 100));
        assertThatThrownBy(probe::sampleGroup).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot read /proc/99 for the broker's CPU and memory");
    }

    @Test
    void samplesOfDifferentGroupsAreNotCompared() {
        ProcFiles.Sample s = new ProcFiles.Sample(0, 0, Map.of());
        GroupSample a = new GroupSample(List.of(new ServerProbe.Member("server", 1)), List.of(s));
        GroupSample b = new GroupSample(List.of(new ServerProbe.Member("server", 2)), List.of(s));
        assertThatThrownBy(() -> b.cpuNanosSince(a)).isInstanceOf(IllegalArgumentException.class);
    }
}

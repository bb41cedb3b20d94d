package chatlab.bench.server;

import chatlab.bench.BenchResult;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Samples the server (when its PID is known) and the bench's own CPU at the edges of a measured window. */
public final class Measurement {
    private final ServerProbe probe;
    private final boolean heap;
    private ProcFiles.Sample serverStart;
    private ProcFiles.Sample serverEnd;
    /** A group probe's samples, member by member (null for one process). */
    private GroupSample groupStart;
    private GroupSample groupEnd;
    private Long heapStart;
    private Long heapEnd;
    private long benchCpuStart;
    private long benchCpuEnd;

    /** @param heap also take the heap after a collection at both ends (idle: slow, and it disturbs the server) */
    public Measurement(ServerProbe probe, boolean heap) {
        this.probe = probe;
        this.heap = heap;
    }

    public void start() {
        if (probe != null) {
            if (heap) {
                heapStart = boxed(probe.heapUsedAfterGc());
            }
            if (probe.isGroup()) {
                groupStart = probe.sampleGroup();
                serverStart = groupStart.total();
            } else {
                serverStart = probe.sample();
            }
        }
        benchCpuStart = benchCpuNanos();
    }

    public void end() {
        benchCpuEnd = benchCpuNanos();
        if (probe != null) {
            if (probe.isGroup()) {
                groupEnd = probe.sampleGroup();
                serverEnd = groupEnd.total();
            } else {
                serverEnd = probe.sample();
            }
            if (heap) {
                heapEnd = boxed(probe.heapUsedAfterGc());
            }
        }
    }

    public double benchCpuSeconds() {
        return Math.max(0, benchCpuEnd - benchCpuStart) / 1e9;
    }

    public boolean hasServer() {
        return serverStart != null && serverEnd != null;
    }

    /** The server's CPU time; a group's is the sum of its processes', each counted on its own. */
    double serverCpuSeconds() {
        return (groupStart != null ? groupEnd.cpuNanosSince(groupStart) : serverEnd.cpuNanosSince(serverStart)) / 1e9;
    }

    public ProcFiles.Sample serverStart() {
        return serverStart;
    }

    public ProcFiles.Sample serverEnd() {
        return serverEnd;
    }

    public Long heapStart() {
        return heapStart;
    }

    public Long heapEnd() {
        return heapEnd;
    }

    /** @param deliveries measured deliveries, or -1 when the scenario has none */
    public BenchResult.ServerUsage usage(long deliveries) {
        return usage(deliveries, -1);
    }

    /**
     * @param deliveries measured deliveries, or -1 when the scenario has none
     * @param messages   measured messages (a group's costs per message), or -1 when the scenario has none
     */
    public BenchResult.ServerUsage usage(long deliveries, long messages) {
        if (!hasServer()) {
            return null;
        }
        double cpu = serverCpuSeconds();
        Double perCpu = deliveries >= 0 && cpu > 0 ? deliveries / cpu : null;
        if (groupStart == null) {
            return new BenchResult.ServerUsage(cpu, serverStart.rssBytes(), serverEnd.rssBytes(), perCpu, heapStart,
                    heapEnd);
        }
        List<BenchResult.ProcessUsage> processes = processes(groupStart, groupEnd, messages);
        return new BenchResult.ServerUsage(cpu, serverStart.rssBytes(), serverEnd.rssBytes(), perCpu, heapStart,
                heapEnd, processes, BenchResult.Costs.of(processes, messages, deliveries));
    }

    /** Each process of a group over the window, in the group's order. */
    static List<BenchResult.ProcessUsage> processes(GroupSample start, GroupSample end, long messages) {
        List<Long> cpu = end.cpuNanosEachSince(start);
        List<BenchResult.ProcessUsage> processes = new ArrayList<>();
        for (int i = 0; i < cpu.size(); i++) {
            ServerProbe.Member member = end.members().get(i);
            double seconds = cpu.get(i) / 1e9;
            processes.add(new BenchResult.ProcessUsage(member.role(), member.pid(), seconds,
                    end.samples().get(i).rssBytes(), BenchResult.Costs.perMessage(seconds, messages)));
        }
        return processes;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static long benchCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}

package chatlab.bench.server;

import chatlab.bench.BenchResult;
import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

/** Samples the server (when its PID is known) and the bench's own CPU at the edges of a measured window. */
public final class Measurement {
    private final ServerProbe probe;
    private final boolean heap;
    private ProcFiles.Sample serverStart;
    private ProcFiles.Sample serverEnd;
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
            serverStart = probe.sample();
        }
        benchCpuStart = benchCpuNanos();
    }

    public void end() {
        benchCpuEnd = benchCpuNanos();
        if (probe != null) {
            serverEnd = probe.sample();
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

    double serverCpuSeconds() {
        return serverEnd.cpuNanosSince(serverStart) / 1e9;
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
        if (!hasServer()) {
            return null;
        }
        double cpu = serverCpuSeconds();
        Double perCpu = deliveries >= 0 && cpu > 0 ? deliveries / cpu : null;
        return new BenchResult.ServerUsage(cpu, serverStart.rssBytes(), serverEnd.rssBytes(), perCpu, heapStart, heapEnd);
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

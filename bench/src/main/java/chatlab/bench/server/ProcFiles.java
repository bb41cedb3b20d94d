package chatlab.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a process's CPU time and resident memory from {@code /proc} (proc(5)): {@code /proc/PID/stat} fields 14
 * and 15, utime and stime in clock ticks (10 ms here), the first field of every thread's
 * {@code /proc/PID/task/TID/schedstat} (time on a CPU in nanoseconds), and {@code VmRSS} from
 * {@code /proc/PID/status}. The root is a parameter so tests can point it at fake files.
 */
public final class ProcFiles {
    /** Field 14 of /proc/PID/stat, counted from 1; the fields after the command name start at field 3. */
    static final int UTIME_FIELD = 14;
    static final int STIME_FIELD = 15;

    private final Path root;
    private final long ticksPerSecond;

    public ProcFiles(Path root, long ticksPerSecond) {
        this.root = root;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The real /proc, with this machine's clock tick. */
    public static ProcFiles system() {
        return new ProcFiles(Path.of("/proc"), ClockTicks.perSecond());
    }

    /**
     * One look at a process.
     *
     * @param cpuNanos        utime + stime, of live and exited threads, at the clock tick's resolution
     * @param threadCpuNanos  each live thread's time on a CPU, to the nanosecond (empty without schedstat)
     */
    public record Sample(long cpuNanos, long rssBytes, Map<Long, Long> threadCpuNanos) {
        public Sample {
            threadCpuNanos = Map.copyOf(threadCpuNanos);
        }

        /**
         * CPU time from {@code earlier} to this sample: to the nanosecond from the threads' schedstat when every
         * thread of the earlier sample is still alive (a new thread counts from its start), else from the ticks of
         * /proc/PID/stat, which also hold the time of threads that have exited.
         */
        public long cpuNanosSince(Sample earlier) {
            if (!earlier.threadCpuNanos.isEmpty() && threadCpuNanos.keySet().containsAll(earlier.threadCpuNanos.keySet())) {
                long now = threadCpuNanos.values().stream().mapToLong(Long::longValue).sum();
                long then = earlier.threadCpuNanos.values().stream().mapToLong(Long::longValue).sum();
                return Math.max(0, now - then);
            }
            return Math.max(0, cpuNanos - earlier.cpuNanos);
        }
    }

    public Sample sample(long pid) throws IOException {
        Path dir = root.resolve(Long.toString(pid));
        Map<Long, Long> threads = threadCpu(dir.resolve("task"));
        long ticks = cpuTicks(Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII));
        long rssKb = rssKilobytes(Files.readString(dir.resolve("status"), StandardCharsets.UTF_8));
        return new Sample(ticks * 1_000_000_000L / ticksPerSecond, rssKb * 1024, threads);
    }

    /** Every thread's schedstat run time; empty when the kernel has no schedstat. */
    private static Map<Long, Long> threadCpu(Path taskDir) {
        Map<Long, Long> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                try {
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            schedstatNanos(Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII)));
                } catch (IOException | NumberFormatException e) {
                    // the thread exited while we looked; the comparison then falls back to the ticks
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /** The first field of /proc/PID/task/TID/schedstat: nanoseconds spent on a CPU. */
    static long schedstatNanos(String schedstat) {
        String[] fields = schedstat.trim().split("\\s+");
        return Long.parseLong(fields[0]);
    }

    /** The command name of the process ({@code /proc/PID/comm}), e.g. java or python3. */
    public String command(long pid) throws IOException {
        return Files.readString(root.resolve(Long.toString(pid)).resolve("comm"), StandardCharsets.UTF_8).strip();
    }

    /**
     * utime + stime from a /proc/PID/stat line. The command name (field 2) is in parentheses and may itself hold
     * spaces and parentheses, so the fields are counted from the last closing parenthesis.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: no command name in parentheses");
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state)
        int utime = UTIME_FIELD - 3;
        int stime = STIME_FIELD - 3;
        if (fields.length <= stime) {
            throw new IllegalArgumentException("a /proc/PID/stat line with only " + (fields.length + 2) + " fields");
        }
        return Long.parseLong(fields[utime]) + Long.parseLong(fields[stime]);
    }

    /** The VmRSS line of /proc/PID/status, in kB. */
    static long rssKilobytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB")) {
                    return Long.parseLong(parts[0]);
                }
                throw new IllegalArgumentException("an unexpected VmRSS line: " + line);
            }
        }
        throw new IllegalArgumentException("no VmRSS line (a zombie or a kernel thread?)");
    }
}

package chatlab.bench.server;

import chatlab.proc.Finished;
import chatlab.proc.Launch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a Java server uses after a full collection, through {@code jcmd PID GC.run} and {@code GC.heap_info}.
 * Optional: empty when jcmd is missing, the process is not a JVM, or jcmd does not answer within a few seconds.
 */
public final class HeapProbe {
    /** A generation's (or G1's whole heap's) line: "... total 76288K, used 1310K [...". Metaspace has no total. */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
    /** A jcmd that hangs is stopped after this, so it cannot block the bench. */
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(20);

    private final Path jcmd;

    private HeapProbe(Path jcmd) {
        this.jcmd = jcmd;
    }

    /** The jcmd next to the running JVM, or on the PATH; empty when there is none. */
    public static Optional<HeapProbe> find() {
        Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(beside)) {
            return Optional.of(new HeapProbe(beside));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "jcmd");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new HeapProbe(candidate));
            }
        }
        return Optional.empty();
    }

    /** Collects garbage in the JVM {@code pid}, then reads the heap used. */
    public OptionalLong usedAfterGc(long pid) {
        if (run(pid, "GC.run") == null) {
            return OptionalLong.empty();
        }
        String info = run(pid, "GC.heap_info");
        return info == null ? OptionalLong.empty() : parseUsedBytes(info);
    }

    /**
     * The heap used, in bytes: the sum of the "total NK, used NK" lines of GC.heap_info, which are the whole heap for
     * G1 and one line per generation for the parallel and serial collectors (young and old).
     */
    static OptionalLong parseUsedBytes(String heapInfo) {
        Matcher matcher = USED.matcher(heapInfo);
        long usedK = 0;
        boolean found = false;
        while (matcher.find()) {
            usedK += Long.parseLong(matcher.group(1));
            found = true;
        }
        return found ? OptionalLong.of(usedK * 1024) : OptionalLong.empty();
    }

    private String run(long pid, String command) {
        try {
            Finished finished = Launch.of(jcmd.toString(), Long.toString(pid), command).label("jcmd").mergeStderr()
                    .run(JCMD_TIMEOUT);
            return finished.ok() ? finished.stdout() : null;
        } catch (IOException e) {
            return null;
        }
    }
}

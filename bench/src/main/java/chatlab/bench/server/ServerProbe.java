package chatlab.bench.server;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Watches the server process: CPU time and RSS from /proc at the start and end of the measured window, and for a
 * JVM (and when jcmd exists) the heap used after a collection.
 */
public final class ServerProbe {
    private final long pid;
    private final ProcFiles proc;
    private final Optional<HeapProbe> heap;

    public ServerProbe(long pid, ProcFiles proc, Optional<HeapProbe> heap) {
        this.pid = pid;
        this.proc = proc;
        this.heap = heap;
    }

    /** The real /proc; the heap too when the process is a JVM and jcmd is found. */
    public static ServerProbe of(long pid) {
        ProcFiles proc = ProcFiles.system();
        Optional<HeapProbe> heap = Optional.empty();
        try {
            if (proc.command(pid).equals("java")) {
                heap = HeapProbe.find();
            }
        } catch (IOException e) {
            // no such process: sample() will say so
        }
        return new ServerProbe(pid, proc, heap);
    }

    public long pid() {
        return pid;
    }

    /** @throws IllegalStateException with one sentence when the process cannot be read (gone, or not ours to see) */
    public ProcFiles.Sample sample() {
        try {
            return proc.sample(pid);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + " for the server's CPU and memory ("
                    + e.getMessage() + "); is the server's PID right and is it still running?");
        }
    }

    /** Heap used after a full collection, when the server is a JVM and jcmd answers. */
    public OptionalLong heapUsedAfterGc() {
        return heap.map(h -> h.usedAfterGc(pid)).orElse(OptionalLong.empty());
    }
}

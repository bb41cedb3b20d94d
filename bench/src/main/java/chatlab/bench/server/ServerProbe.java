package chatlab.bench.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Watches the server process: CPU time and RSS from /proc at the start and end of the measured window, and for a
 * JVM (and when jcmd exists) the heap used after a collection. A group probe ({@link #group}) watches several
 * processes that serve one chat together (the servers of a cluster and their broker) and counts them all.
 */
public final class ServerProbe {
    /** Role of a chatlab server process in a group. */
    public static final String SERVER = chatlab.bench.BenchResult.ProcessUsage.SERVER;
    /** Role of the cluster's message broker (nats-server) in a group. */
    public static final String BROKER = chatlab.bench.BenchResult.ProcessUsage.BROKER;

    /** One process of a group: what it does ({@link #SERVER} or {@link #BROKER}) and its PID. */
    public record Member(String role, long pid) {}

    private final long pid;
    private final ProcFiles proc;
    private final Optional<HeapProbe> heap;
    /** Empty for one process ({@code pid}); else every process of the group, {@code pid} the first. */
    private final List<Member> members;

    public ServerProbe(long pid, ProcFiles proc, Optional<HeapProbe> heap) {
        this(pid, proc, heap, List.of());
    }

    private ServerProbe(long pid, ProcFiles proc, Optional<HeapProbe> heap, List<Member> members) {
        this.pid = pid;
        this.proc = proc;
        this.heap = heap;
        this.members = List.copyOf(members);
    }

    /** Several processes counted together; the first member's PID is the probe's. */
    public static ServerProbe group(List<Member> members, ProcFiles proc) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a group of no process");
        }
        return new ServerProbe(members.get(0).pid(), proc, Optional.empty(), members);
    }

    /** A group on the real /proc. */
    public static ServerProbe group(List<Member> members) {
        return group(members, ProcFiles.system());
    }

    /** A group probe: its usage is reported per process and summed. */
    public boolean isGroup() {
        return !members.isEmpty();
    }

    public List<Member> members() {
        return members;
    }

    /**
     * Every member, one after the other.
     *
     * @throws IllegalStateException with one sentence when a process cannot be read
     */
    public GroupSample sampleGroup() {
        List<ProcFiles.Sample> samples = new ArrayList<>(members.size());
        for (Member member : members) {
            samples.add(sample(member.pid(), member.role()));
        }
        return new GroupSample(members, samples);
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
        return isGroup() ? sampleGroup().total() : sample(pid, SERVER);
    }

    private ProcFiles.Sample sample(long processId, String role) {
        try {
            return proc.sample(processId);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + processId + " for the " + role
                    + "'s CPU and memory (" + e.getMessage() + "); is the " + role
                    + "'s PID right and is it still running?");
        }
    }

    /** Heap used after a full collection, when the server is a JVM and jcmd answers. */
    public OptionalLong heapUsedAfterGc() {
        return heap.map(h -> h.usedAfterGc(pid)).orElse(OptionalLong.empty());
    }
}

package chatlab.bench.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One look at every process of a server group (the chatlab servers of a cluster and their broker), taken member by
 * member. CPU time is counted per process ({@link ProcFiles.Sample#cpuNanosSince}: schedstat when every thread lived
 * on, else the ticks) and then summed, so a thread that exited in one process does not coarsen the others' figures.
 */
public record GroupSample(List<ServerProbe.Member> members, List<ProcFiles.Sample> samples) {
    public GroupSample {
        members = List.copyOf(members);
        samples = List.copyOf(samples);
        if (members.size() != samples.size() || members.isEmpty()) {
            throw new IllegalArgumentException("a group sample needs one sample per member, and a member");
        }
    }

    /** Each member's CPU time from {@code earlier} (the same members, in the same order) to this sample. */
    public List<Long> cpuNanosEachSince(GroupSample earlier) {
        if (!earlier.members.equals(members)) {
            throw new IllegalArgumentException("two samples of different groups: " + earlier.members + ", " + members);
        }
        List<Long> each = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            each.add(samples.get(i).cpuNanosSince(earlier.samples.get(i)));
        }
        return each;
    }

    /** The whole group's CPU time from {@code earlier}: the sum over its processes. */
    public long cpuNanosSince(GroupSample earlier) {
        return cpuNanosEachSince(earlier).stream().mapToLong(Long::longValue).sum();
    }

    /** The group's resident memory: the sum over its processes. */
    public long rssBytes() {
        return samples.stream().mapToLong(ProcFiles.Sample::rssBytes).sum();
    }

    /** The group as one sample (CPU ticks and RSS summed), for what reads a single process's sample. */
    public ProcFiles.Sample total() {
        long cpu = samples.stream().mapToLong(ProcFiles.Sample::cpuNanos).sum();
        Map<Long, Long> threads = new HashMap<>();
        samples.forEach(s -> threads.putAll(s.threadCpuNanos())); // thread ids are unique across processes
        return new ProcFiles.Sample(cpu, rssBytes(), threads);
    }
}

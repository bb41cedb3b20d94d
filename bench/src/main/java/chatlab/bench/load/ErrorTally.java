package chatlab.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors by kind (connect, closed, notice, a v2 error code, ...), with the first few texts as samples. */
public final class ErrorTally {
    static final int MAX_SAMPLES = 8;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> samples = new ArrayList<>();

    public void add(String kind, String text) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        synchronized (samples) {
            if (samples.size() < MAX_SAMPLES) {
                samples.add(kind + ": " + text);
            }
        }
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Counts by kind, sorted by kind. */
    public Map<String, Long> byKind() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((kind, count) -> sorted.put(kind, count.sum()));
        return sorted;
    }

    public List<String> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}

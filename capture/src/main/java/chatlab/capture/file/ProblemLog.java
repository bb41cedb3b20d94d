package chatlab.capture.file;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects a capture's problems in bounded memory: the first {@link #MAX_KEPT} word for word, and every problem
 * counted in a group of its kind ({@link CaptureProblem#kind()}) with its first and last frame, so that 434 frames
 * whose TCP options the snap length cut read as one line. At most {@link #MAX_GROUPS} kinds are told apart; the
 * rest share one group.
 */
public final class ProblemLog implements Consumer<CaptureProblem> {
    /** Problems kept word for word; the rest are only counted in their group. */
    public static final int MAX_KEPT = 50;
    /** Kinds told apart; {@link ProblemKinds} names fewer, so this only guards against a mistake. */
    public static final int MAX_GROUPS = 64;
    static final String OTHER_KIND = "other problems";

    /**
     * Problems of one kind.
     *
     * @param frames how many of them name a frame; {@code firstFrame} and {@code lastFrame} are 0 when none does
     * @param first the first of them, word for word
     */
    public record Group(String kind, long count, long frames, long firstFrame, long lastFrame, CaptureProblem first) {
    }

    private static final class Counter {
        final CaptureProblem first;
        long count;
        long frames;
        long firstFrame;
        long lastFrame;

        Counter(CaptureProblem first) {
            this.first = first;
        }
    }

    private final List<CaptureProblem> kept = new ArrayList<>();
    private final Map<String, Counter> groups = new LinkedHashMap<>();
    private long count;

    @Override
    public void accept(CaptureProblem p) {
        count++;
        if (kept.size() < MAX_KEPT) {
            kept.add(p);
        }
        String kind = p.kind() == null ? p.message() : p.kind();
        Counter c = groups.get(kind);
        if (c == null) {
            // the last slot is kept for everything past the limit
            c = groups.computeIfAbsent(groups.size() < MAX_GROUPS - 1 ? kind : OTHER_KIND, k -> new Counter(p));
        }
        c.count++;
        if (p.frame() > 0) {
            if (c.frames++ == 0) {
                c.firstFrame = p.frame();
            }
            c.firstFrame = Math.min(c.firstFrame, p.frame());
            c.lastFrame = Math.max(c.lastFrame, p.frame());
        }
    }

    /** How many problems there were in all. */
    public long count() {
        return count;
    }

    /** The first {@link #MAX_KEPT}, word for word, in the order they were found. */
    public List<CaptureProblem> kept() {
        return Collections.unmodifiableList(kept);
    }

    /** One group per kind, in the order each kind first occurred. */
    public List<Group> groups() {
        List<Group> out = new ArrayList<>();
        groups.forEach((kind, c) -> out.add(new Group(kind, c.count, c.frames, c.firstFrame, c.lastFrame, c.first)));
        return out;
    }
}

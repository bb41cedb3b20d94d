package chatlab.capture.flow;

import java.util.Arrays;

/** Frame numbers with an exact count but at most {@link #MAX_KEPT} kept, so memory stays bounded per flow. */
public final class FrameList {
    public static final int MAX_KEPT = 1000;

    private static final long[] EMPTY = new long[0];
    /** The list of a finding that never occurred (shared, never added to). */
    static final FrameList NONE = new FrameList();
    /** Allocated on the first frame: most connections never have most findings. */
    private long[] frames = EMPTY;
    private int kept;
    private long count;

    /** A count without frames, for a connection whose frames are not kept. */
    static FrameList countOnly(long count) {
        FrameList l = new FrameList();
        l.count = count;
        return l;
    }

    void add(long frame) {
        count++;
        if (kept < MAX_KEPT) {
            if (kept == frames.length) {
                frames = Arrays.copyOf(frames, Math.min(MAX_KEPT, Math.max(4, kept * 2)));
            }
            frames[kept++] = frame;
        }
    }

    public long count() {
        return count;
    }

    public long[] kept() {
        return Arrays.copyOf(frames, kept);
    }

    public boolean complete() {
        return kept == count;
    }

    public long first() {
        return kept > 0 ? frames[0] : 0;
    }
}

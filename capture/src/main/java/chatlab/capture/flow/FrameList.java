package chatlab.capture.flow;

import java.util.Arrays;

/** Frame numbers with an exact count but at most {@link #MAX_KEPT} kept, so memory stays bounded per flow. */
public final class FrameList {
    public static final int MAX_KEPT = 1000;

    private long[] frames = new long[4];
    private int kept;
    private long count;

    void add(long frame) {
        count++;
        if (kept < MAX_KEPT) {
            if (kept == frames.length) {
                frames = Arrays.copyOf(frames, Math.min(MAX_KEPT, kept * 2));
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

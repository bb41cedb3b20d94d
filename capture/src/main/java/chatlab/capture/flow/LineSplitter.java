package chatlab.capture.flow;

import chatlab.wire.V2Limits;
import java.util.Arrays;

/**
 * Cuts one direction of a reassembled v2 stream into lines: a line ends at {@code \n}, a {@code \r} before it is
 * dropped, blank lines are skipped. A line is at most {@link #MAX_LINE_BYTES} long; the rest of a longer one is
 * counted and dropped, and the line is reported as too long. Memory per direction is bounded by that limit.
 */
final class LineSplitter {
    /** Longest line kept, four times the v2 wire's default {@code --max-line-bytes}: 64 KiB. */
    static final int MAX_LINE_BYTES = 4 * V2Limits.DEFAULT_MAX_LINE_BYTES;

    interface Sink {
        /** A complete line, without its line end. */
        void line(byte[] line, long frame, long nanos);

        /** A line that could not be kept whole: {@code bytes} is what was kept (may be empty), and why. */
        void broken(byte[] bytes, String reason, long frame, long nanos);
    }

    private static final int FIRST_BUFFER = 256;

    private final Sink sink;
    private final ChatBudget budget;
    private byte[] buf;
    private int len;
    private long dropped;
    /** The chat budget had no room for the rest of the line. */
    private boolean starved;
    private long frame;
    private long nanos;

    LineSplitter(Sink sink, ChatBudget budget) {
        this.sink = sink;
        this.budget = budget;
    }

    void feed(byte[] data, long frame, long nanos) {
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                append(data, start, i - start, frame, nanos);
                endLine();
                start = i + 1;
            }
        }
        append(data, start, data.length - start, frame, nanos);
    }

    private void append(byte[] data, int from, int n, long frame, long nanos) {
        if (n == 0) {
            return;
        }
        if (len == 0 && dropped == 0) {
            this.frame = frame;
            this.nanos = nanos;
        }
        int keep = Math.min(n, MAX_LINE_BYTES - len);
        if (keep > 0 && !grow(len + keep, frame)) {
            starved = true;
            keep = 0;
        }
        if (keep > 0) {
            System.arraycopy(data, from, buf, len, keep);
            len += keep;
        }
        dropped += n - keep;
    }

    private boolean grow(int needed, long frame) {
        byte[] grown = budget.grow(buf, needed, FIRST_BUFFER, MAX_LINE_BYTES, frame);
        if (grown == null) {
            return false;
        }
        buf = grown;
        return true;
    }

    private void endLine() {
        if (dropped > 0) {
            sink.broken(Arrays.copyOf(buf == null ? new byte[0] : buf, Math.min(len, 80)), "a line of "
                    + (len + dropped) + " bytes, " + (starved ? "more than the chat buffer had room for"
                    : "longer than " + MAX_LINE_BYTES) + ", not decoded", frame, nanos);
        } else {
            int n = len;
            if (n > 0 && buf[n - 1] == '\r') {
                n--;
            }
            if (!blank(n)) {
                sink.line(Arrays.copyOf(buf, n), frame, nanos);
            }
        }
        reset();
    }

    private boolean blank(int n) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Ends a line that will never be finished (bytes missing after it, or the end of the capture). */
    void abandon(String reason) {
        if (len > 0 || dropped > 0) {
            if (!blank(len) || dropped > 0) {
                sink.broken(Arrays.copyOf(buf == null ? new byte[0] : buf, len), reason, frame, nanos);
            }
        }
        reset();
    }

    private void reset() {
        len = 0;
        dropped = 0;
        starved = false;
        release(); // most lines end in the segment that brought them: idle connections hold no buffer
    }

    /** Gives the buffer back to the budget. */
    void release() {
        if (buf != null) {
            budget.release(buf.length);
            buf = null;
        }
    }
}

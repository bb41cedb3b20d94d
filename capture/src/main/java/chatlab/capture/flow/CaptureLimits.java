package chatlab.capture.flow;

/**
 * Every bound on what one analysis keeps in memory, in one place; each is a {@code chatlab analyze} option
 * (docs/CAPTURE.md, "Memory"). With the defaults, any capture, of any size and any number of flows, is analysed in
 * a 256 MB heap, by every output.
 *
 * @param maxFlows TCP connections and UDP flows followed at once; past it the flows idle longest (closed ones
 *     first) are retired: their conversation row is written and their state dropped
 * @param chatBufferBytes bytes the chat reassembly may hold for all connections together: segments waiting for a
 *     hole to fill, messages and lines being put together
 * @param reportChatLines chat lines kept for the report ({@code --report}); the rest are counted
 * @param fragmentBufferBytes bytes of IP fragments waiting for the rest of their datagram, all datagrams together
 * @param fragmentTimeoutNanos capture time after a datagram's first fragment before it is given up
 */
public record CaptureLimits(int maxFlows, long chatBufferBytes, long reportChatLines, long fragmentBufferBytes,
        long fragmentTimeoutNanos) {
    /** About 600 bytes each with their sequence analysis: 100,000 take some 60 MB. */
    public static final int DEFAULT_MAX_FLOWS = 100_000;
    public static final long DEFAULT_CHAT_BUFFER_BYTES = 32L << 20;
    public static final long DEFAULT_REPORT_CHAT_LINES = 100_000;
    /** 64 datagrams of the largest size. */
    public static final long DEFAULT_FRAGMENT_BUFFER_BYTES = 4L << 20;
    /** RFC 8200 4.5: a destination gives up reassembly 60 s after the first fragment arrived. */
    public static final long DEFAULT_FRAGMENT_TIMEOUT_NANOS = 60_000_000_000L;
    /** Conversation rows kept in memory; more are written to a temporary file (never a bound on the output). */
    public static final int CONVERSATIONS_IN_MEMORY = 50_000;

    public CaptureLimits {
        if (maxFlows < 2 || chatBufferBytes < 1 || reportChatLines < 0 || fragmentBufferBytes < 1
                || fragmentTimeoutNanos < 0) {
            throw new IllegalArgumentException("a capture limit is out of range: " + this);
        }
    }

    public static CaptureLimits defaults() {
        return new CaptureLimits(DEFAULT_MAX_FLOWS, DEFAULT_CHAT_BUFFER_BYTES, DEFAULT_REPORT_CHAT_LINES,
                DEFAULT_FRAGMENT_BUFFER_BYTES, DEFAULT_FRAGMENT_TIMEOUT_NANOS);
    }

    public CaptureLimits withMaxFlows(int n) {
        return new CaptureLimits(n, chatBufferBytes, reportChatLines, fragmentBufferBytes, fragmentTimeoutNanos);
    }

    public CaptureLimits withChatBufferBytes(long n) {
        return new CaptureLimits(maxFlows, n, reportChatLines, fragmentBufferBytes, fragmentTimeoutNanos);
    }

    public CaptureLimits withReportChatLines(long n) {
        return new CaptureLimits(maxFlows, chatBufferBytes, n, fragmentBufferBytes, fragmentTimeoutNanos);
    }

    public CaptureLimits withFragmentBufferBytes(long n) {
        return new CaptureLimits(maxFlows, chatBufferBytes, reportChatLines, n, fragmentTimeoutNanos);
    }

    public CaptureLimits withFragmentTimeoutNanos(long n) {
        return new CaptureLimits(maxFlows, chatBufferBytes, reportChatLines, fragmentBufferBytes, n);
    }
}

package chatlab.capture.flow;

/**
 * Every bound on what one analysis keeps in memory, in one place; each is a {@code chatlab analyze} option
 * (docs/CAPTURE.md, "Memory"). With the defaults, any capture, of any size and any number of flows, is analysed in
 * a 256 MB heap, by every output.
 *
 * @param maxFlows TCP connections and UDP flows followed at once, or {@link #AUTO_MAX_FLOWS} for as many as fit in
 *     the heap ({@link #maxFlowsFor}); past it the flows idle longest (closed ones first) are retired: their
 *     conversation row is written and their state dropped
 * @param chatBufferBytes bytes the chat reassembly may hold for all connections together: segments waiting for a
 *     hole to fill, messages and lines being put together
 * @param reportChatLines chat lines kept for the report ({@code --report}); the rest are counted
 * @param fragmentBufferBytes bytes of IP fragments waiting for the rest of their datagram, all datagrams together
 * @param fragmentTimeoutNanos capture time after a datagram's first fragment before it is given up
 */
public record CaptureLimits(int maxFlows, long chatBufferBytes, long reportChatLines, long fragmentBufferBytes,
        long fragmentTimeoutNanos) {
    /** {@code maxFlows} chosen from the heap the JVM was given ({@link #maxFlowsFor}). */
    public static final int AUTO_MAX_FLOWS = 0;
    /** What one followed TCP connection costs: its state (about 360 bytes, measured) and its slots in the table. */
    public static final int BYTES_PER_FLOW = 400;
    /** What the chat adds per connection to the server port: its two reassemblers and their sinks (about 330, measured). */
    public static final int CHAT_BYTES_PER_FLOW = 500;
    /** Heap kept for everything else: read window, conversation rows in memory, tables growing, evidence. */
    public static final long RESERVED_HEAP_BYTES = 48L << 20;
    public static final int MIN_AUTO_FLOWS = 10_000;
    public static final int MAX_AUTO_FLOWS = 10_000_000;
    public static final long DEFAULT_CHAT_BUFFER_BYTES = 32L << 20;
    public static final long DEFAULT_REPORT_CHAT_LINES = 100_000;
    /** 64 datagrams of the largest size. */
    public static final long DEFAULT_FRAGMENT_BUFFER_BYTES = 4L << 20;
    /** RFC 8200 4.5: a destination gives up reassembly 60 s after the first fragment arrived. */
    public static final long DEFAULT_FRAGMENT_TIMEOUT_NANOS = 60_000_000_000L;
    /** Conversation rows kept in memory; more are written to a temporary file (never a bound on the output). */
    public static final int CONVERSATIONS_IN_MEMORY = 50_000;

    public CaptureLimits {
        if ((maxFlows < 2 && maxFlows != AUTO_MAX_FLOWS) || chatBufferBytes < 1 || reportChatLines < 0 || fragmentBufferBytes < 1
                || fragmentTimeoutNanos < 0) {
            throw new IllegalArgumentException("a capture limit is out of range: " + this);
        }
    }

    /**
     * As many flows as fit in a heap of {@code maxHeapBytes} next to the reserve (and the chat buffer, with the
     * chat): about 545,000 in 256 MB without the chat, 195,000 with it; at least {@value #MIN_AUTO_FLOWS}.
     */
    public long maxFlowsFor(long maxHeapBytes, boolean chat) {
        long free = maxHeapBytes - RESERVED_HEAP_BYTES - (chat ? chatBufferBytes : 0);
        long n = free / (BYTES_PER_FLOW + (chat ? CHAT_BYTES_PER_FLOW : 0));
        return Math.max(MIN_AUTO_FLOWS, Math.min(MAX_AUTO_FLOWS, n));
    }

    /** The flow limit in force: {@code maxFlows}, or what fits in this JVM's heap when it is automatic. */
    public int effectiveMaxFlows(boolean chat) {
        return maxFlows != AUTO_MAX_FLOWS ? maxFlows : (int) maxFlowsFor(Runtime.getRuntime().maxMemory(), chat);
    }

    public static CaptureLimits defaults() {
        return new CaptureLimits(AUTO_MAX_FLOWS, DEFAULT_CHAT_BUFFER_BYTES, DEFAULT_REPORT_CHAT_LINES,
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

package chatlab.capture.flow;

/**
 * The result of analysing one TCP segment, reused from packet to packet: the stream it belongs to, the analysis
 * flags, relative numbers and the window after scaling, as Wireshark shows them.
 */
public final class TcpSegment {
    public TcpConnection connection;
    /** True when the sender is the connection's first-seen endpoint ({@link TcpConnection#a()}). */
    public boolean fromA;
    public int flags;
    public long relativeSeq;
    /** Relative acknowledgement number, or -1 when the ACK bit is clear. */
    public long relativeAck;
    /** TCP payload length, or -1 when the segment is shorter than its header. */
    public int length;
    /** Window in bytes after scaling (tcp.window_size); the raw field when the scale is unknown or unused. */
    public long window;
    /** The scale factor applied, 1 when none, -1 when unknown, -2 when the handshake shows scaling is off. */
    public long windowMultiplier;
    /** Analysis findings ({@link TcpAnalysis} bits). */
    public int analysis;
    /** Human-readable rule for a retransmission class, or null. */
    public String rule;
}

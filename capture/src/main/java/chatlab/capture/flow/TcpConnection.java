package chatlab.capture.flow;

import chatlab.capture.decode.Packet;
import chatlab.capture.decode.TcpHeader;

/**
 * One TCP conversation (Wireshark's {@code tcp.stream}) with the sequence analysis Wireshark 4.0 performs in its
 * first pass, reproduced from its documented behaviour so that retransmission classes, zero-window and window-full
 * findings agree frame by frame with {@code tshark}. The state per direction is a fixed handful of numbers, so memory
 * does not grow with the number of segments. See docs/CAPTURE.md for the rules.
 */
public final class TcpConnection extends Flow {
    /** Wireshark's default out-of-order threshold before the handshake RTT is known: 3 ms. */
    static final long DEFAULT_OOO_THRESHOLD_NANOS = 3_000_000L;
    /** Wireshark's fast-retransmission window after the last duplicate ACK: 20 ms. */
    static final long FAST_RETRANSMISSION_WINDOW_NANOS = 20_000_000L;
    static final int WINDOW_UNSET = -1;
    static final int SCALE_UNKNOWN = -1;
    static final int SCALE_NONE = -2;

    /**
     * State of one direction (the segments one endpoint sends): what Wireshark's sequence analysis keeps, and the
     * smallest window for the conversation row. Kept small (about 80 bytes), as a capture may hold half a million
     * connections at once; the evidence behind the answers is only kept for the connection they are about.
     */
    public static final class Direction {
        int baseSeq;
        boolean baseSeqSet;
        boolean sawSyn;
        /** 0 means "not yet known", as in Wireshark. */
        int nextSeq;
        long nextSeqTime;
        int maxSeqToBeAcked;
        int lastAck;
        long lastAckTime;
        int dupAckNum;
        /** Last raw window field; -1 (all ones) before the first segment. */
        int window = WINDOW_UNSET;
        int winScale = SCALE_UNKNOWN;
        boolean isFirstAck;
        int lastSegmentFlags;
        int synWindowScaleOption = -1;
        /** This endpoint's SYN (or SYN-ACK) was seen with all its options: whether it announced a scale is known. */
        boolean synOptionsRead;
        long minWindow = Long.MAX_VALUE;
        /** Where the smallest window was and what it was made of; only for the connection the answers are about. */
        WindowEvidence evidence;

        /** The window-scale shift this endpoint announced in its SYN, or -1. */
        public int windowScaleOption() {
            return synWindowScaleOption;
        }

        /** -1 unknown, -2 no scaling, else the shift used for this endpoint's windows. */
        public int windowScale() {
            return winScale;
        }

        /** Smallest scaled window this endpoint advertised (RST segments excluded), or -1 if none. */
        public long minWindow() {
            return minWindow == Long.MAX_VALUE ? -1 : minWindow;
        }

        private WindowEvidence evidence() {
            return evidence == null ? WindowEvidence.NONE : evidence;
        }

        /** Smallest scaled window in segments without SYN or RST, or -1 if none (or not kept). */
        public long minWindowAfterHandshake() {
            return evidence().minWindowAfterHandshake == Long.MAX_VALUE ? -1 : evidence().minWindowAfterHandshake;
        }

        public long minWindowAfterHandshakeFrame() {
            return evidence().minWindowAfterHandshakeFrame;
        }

        public long minWindowFrame() {
            return evidence().minWindowFrame;
        }

        public long minWindowRaw() {
            return evidence().minWindowRaw;
        }

        public long minWindowMultiplier() {
            return evidence().minWindowMultiplier;
        }

        public long payloadBytes() {
            return evidence().payloadBytes;
        }

        public int initialSequence() {
            return baseSeq;
        }

        public boolean sawSyn() {
            return sawSyn;
        }

        /** Whether this endpoint's SYN was captured with all its options, so its window-scale option is known. */
        public boolean synOptionsRead() {
            return synOptionsRead;
        }

        /** The raw window of this endpoint's SYN or SYN-ACK (never scaled), or -1 when it is not in the capture. */
        public long synWindow() {
            return evidence().synWindow;
        }

        /** The smallest raw window field in segments without SYN or RST, or -1 if none. */
        public long minRawAfterHandshake() {
            return evidence().minRawAfterHandshake == Long.MAX_VALUE ? -1 : evidence().minRawAfterHandshake;
        }

        public long minRawAfterHandshakeFrame() {
            return evidence().minRawAfterHandshakeFrame;
        }
    }

    /** The smallest windows of one direction with their frames, for the answers (Q5). */
    static final class WindowEvidence {
        static final WindowEvidence NONE = new WindowEvidence();
        long minWindowFrame;
        long minWindowRaw;
        long minWindowMultiplier;
        long payloadBytes;
        long minWindowAfterHandshake = Long.MAX_VALUE;
        long minWindowAfterHandshakeFrame;
        /** The raw window of this endpoint's first SYN (never scaled), or -1. */
        long synWindow = -1;
        /** The smallest raw window field once the SYNs are left out (RST excluded), and its frame. */
        long minRawAfterHandshake = Long.MAX_VALUE;
        long minRawAfterHandshakeFrame;
    }

    final int stream;
    final Direction a = new Direction();
    final Direction b = new Direction();
    private long tsMruSyn;
    private long tsFirstRtt;
    boolean reusedPorts;

    long synFrame;
    boolean synFromA;
    long synAckFrame;
    /**
     * Per analysis finding (indexed by its bit number), how many segments had it; allocated on the first finding.
     * Only the connection the answers are about ({@link #keepFrames}) also keeps the frame numbers.
     */
    private long[] findingCounts;
    private FrameList[] findings;
    /** Keep the frames of each finding, not only their counts (the selected connection). */
    boolean keepFrames;
    /** The chat rebuilt from this connection ({@link ChatRecorder}'s state), or null. */
    Object chat;
    private static final int TRACKED = TcpAnalysis.ANY_RETRANSMISSION | TcpAnalysis.OUT_OF_ORDER
            | TcpAnalysis.LOST_SEGMENT | TcpAnalysis.DUPLICATE_ACK | TcpAnalysis.ZERO_WINDOW | TcpAnalysis.WINDOW_FULL
            | TcpAnalysis.ZERO_WINDOW_PROBE | TcpAnalysis.KEEP_ALIVE;
    long rstFrame;
    boolean finFromA;
    boolean finFromB;

    TcpConnection(int stream, Packet p, long frame, long nanos) {
        super(6, p, frame, nanos);
        this.stream = stream;
    }

    public int stream() {
        return stream;
    }

    public Direction a() {
        return a;
    }

    public Direction b() {
        return b;
    }

    /** Frame of the first SYN (without ACK) of this stream, 0 if the capture has none. */
    public long synFrame() {
        return synFrame;
    }

    public boolean synFromA() {
        return synFromA;
    }

    public long synAckFrame() {
        return synAckFrame;
    }

    /** The handshake round-trip time Wireshark uses (SYN to first pure ACK), 0 when unknown. */
    public long firstRttNanos() {
        return tsFirstRtt;
    }

    private FrameList frames(int flag) {
        int bit = Integer.numberOfTrailingZeros(flag);
        if (findings != null && findings[bit] != null) {
            return findings[bit];
        }
        long n = findingCounts == null ? 0 : findingCounts[bit];
        return n == 0 ? FrameList.NONE : FrameList.countOnly(n);
    }

    public FrameList retransmissions() {
        return frames(TcpAnalysis.RETRANSMISSION);
    }

    public FrameList fastRetransmissions() {
        return frames(TcpAnalysis.FAST_RETRANSMISSION);
    }

    public FrameList spuriousRetransmissions() {
        return frames(TcpAnalysis.SPURIOUS_RETRANSMISSION);
    }

    public FrameList outOfOrder() {
        return frames(TcpAnalysis.OUT_OF_ORDER);
    }

    public FrameList lostSegments() {
        return frames(TcpAnalysis.LOST_SEGMENT);
    }

    public FrameList duplicateAcks() {
        return frames(TcpAnalysis.DUPLICATE_ACK);
    }

    public FrameList zeroWindow() {
        return frames(TcpAnalysis.ZERO_WINDOW);
    }

    public FrameList windowFull() {
        return frames(TcpAnalysis.WINDOW_FULL);
    }

    public FrameList zeroWindowProbes() {
        return frames(TcpAnalysis.ZERO_WINDOW_PROBE);
    }

    public FrameList keepAlives() {
        return frames(TcpAnalysis.KEEP_ALIVE);
    }

    public long totalRetransmissions() {
        return retransmissions().count() + fastRetransmissions().count() + spuriousRetransmissions().count();
    }

    public boolean reusedPorts() {
        return reusedPorts;
    }

    public long rstFrame() {
        return rstFrame;
    }

    /** Both sides sent FIN, or one sent RST: the connection is over (a late segment may still come). */
    public boolean closed() {
        return rstFrame != 0 || (finFromA && finFromB);
    }

    /** Keeps the frames of every finding and the evidence of the smallest windows: the answers are about it. */
    void keepEvidence() {
        keepFrames = true;
        a.evidence = new WindowEvidence();
        b.evidence = new WindowEvidence();
    }

    /** Called for a pure SYN whose sequence number matches this stream's: Wireshark restores nextseq. */
    void restoreOnRepeatedSyn(boolean fromA) {
        Direction fwd = fromA ? a : b;
        fwd.nextSeq = fwd.maxSeqToBeAcked;
    }

    /** True when a pure SYN with this sequence number starts a new stream on the same ports (port reuse). */
    boolean isNewIncarnation(boolean fromA, int seq) {
        Direction fwd = fromA ? a : b;
        return fwd.baseSeqSet && seq != fwd.baseSeq;
    }

    /**
     * Analyses one segment in capture order and fills {@code out}. Mirrors the order of Wireshark's dissect_tcp:
     * base sequence numbers, sequence analysis, window scaling, handshake bookkeeping, then window-scale options.
     */
    void process(Packet p, long frame, long ts, int frameBytes, boolean fromA, boolean reusedFlag, TcpSegment out) {
        Direction fwd = fromA ? a : b;
        Direction rev = fromA ? b : a;
        if (p.tcpHeaderLength >= TcpHeader.MIN_LENGTH) {
            // Wireshark leaves a segment with a bogus header length out of its conversation table.
            count(frame, ts, frameBytes, fromA);
        }
        int flags = p.tcpFlags;
        int seq = p.tcpSeq;
        int ack = p.tcpAck;
        int seglen = p.tcpSegmentLength;
        int analysis = reusedFlag ? TcpAnalysis.REUSED_PORTS : 0;
        out.connection = this;
        out.fromA = fromA;
        out.flags = flags;
        out.length = seglen;
        out.rule = null;

        if ((flags & (TcpHeader.SYN | TcpHeader.ACK)) == (TcpHeader.SYN | TcpHeader.ACK) && fwd.baseSeqSet
                && seq != fwd.baseSeq) {
            fwd.baseSeq = seq;
            analysis |= TcpAnalysis.REUSED_PORTS;
            reusedPorts = true;
        }
        long window = p.tcpWindow;
        long multiplier = 0;
        if (seglen >= 0) {
            if (!fwd.baseSeqSet) {
                fwd.baseSeq = (flags & TcpHeader.SYN) != 0 ? seq : seq - 1;
                if ((flags & TcpHeader.SYN) != 0) {
                    fwd.sawSyn = true;
                }
                fwd.baseSeqSet = true;
            }
            if (!rev.baseSeqSet && (flags & TcpHeader.ACK) != 0) {
                rev.baseSeq = ack - 1;
                rev.baseSeqSet = true;
            }
            analysis = analyze(fwd, rev, frame, ts, seq, ack, seglen, flags, p.tcpWindow, analysis, out);
            if ((flags & TcpHeader.SYN) == 0) {
                if (fwd.winScale >= 0) {
                    window = (long) p.tcpWindow << fwd.winScale;
                    multiplier = 1L << fwd.winScale;
                } else {
                    multiplier = fwd.winScale;
                }
            }
            if (fwd.evidence != null) {
                fwd.evidence.payloadBytes += seglen;
            }
        }
        out.relativeSeq = (seq - fwd.baseSeq) & 0xFFFF_FFFFL;
        out.relativeAck = (flags & TcpHeader.ACK) != 0 ? (ack - rev.baseSeq) & 0xFFFF_FFFFL : -1;
        out.window = window;
        out.windowMultiplier = multiplier;
        out.analysis = analysis;
        record(frame, analysis, flags, fwd, window, p.tcpWindow, multiplier, seglen >= 0);

        if (p.tcpHeaderLength < TcpHeader.MIN_LENGTH) {
            return;
        }
        if ((flags & TcpHeader.SYN) != 0) {
            if ((flags & TcpHeader.ACK) != 0) {
                if (synAckFrame == 0) {
                    synAckFrame = frame;
                }
            } else {
                if (synFrame == 0) {
                    synFrame = frame;
                    synFromA = fromA;
                }
                tsMruSyn = ts;
            }
            fwd.isFirstAck = true;
        }
        if ((flags & (TcpHeader.SYN | TcpHeader.ACK)) == TcpHeader.ACK) {
            if (tsMruSyn != 0 && tsFirstRtt == 0) {
                tsFirstRtt = ts - tsMruSyn;
            }
            fwd.isFirstAck = false;
        }
        if (p.tcpOptionsCut) {
            // Wireshark stops at options it cannot read: no window-scale option, no check of the handshake's
            // scaling, and the segment's analysis flags are not shown (its state is updated all the same).
            return;
        }
        if ((flags & TcpHeader.SYN) != 0) {
            fwd.synOptionsRead = true;
        }
        if (p.tcpWindowScale >= 0) {
            fwd.winScale = p.tcpWindowScale;
            if ((flags & TcpHeader.SYN) != 0) {
                fwd.synWindowScaleOption = p.tcpWindowScale;
            }
        }
        if ((flags & TcpHeader.SYN) != 0) {
            // Wireshark's verify_tcp_window_scaling: scaling is used only when both SYNs carry the option.
            boolean synAck = (flags & TcpHeader.ACK) != 0;
            if (fwd.winScale == SCALE_UNKNOWN) {
                fwd.winScale = SCALE_NONE;
                rev.winScale = SCALE_NONE;
            } else if (synAck && rev.winScale == SCALE_NONE) {
                fwd.winScale = SCALE_NONE;
            }
        }
    }

    private void record(long frame, int analysis, int flags, Direction fwd, long window, int raw, long multiplier,
                        boolean haveLength) {
        if ((flags & TcpHeader.RST) != 0) {
            if (rstFrame == 0) {
                rstFrame = frame;
            }
        } else if (haveLength && window < fwd.minWindow) {
            fwd.minWindow = window;
            if (fwd.evidence != null) {
                fwd.evidence.minWindowFrame = frame;
                fwd.evidence.minWindowRaw = raw;
                fwd.evidence.minWindowMultiplier = multiplier;
            }
        }
        WindowEvidence e = fwd.evidence;
        if (e != null) {
            if ((flags & (TcpHeader.RST | TcpHeader.SYN)) == 0 && haveLength && window < e.minWindowAfterHandshake) {
                e.minWindowAfterHandshake = window;
                e.minWindowAfterHandshakeFrame = frame;
            }
            if ((flags & (TcpHeader.RST | TcpHeader.SYN)) == 0 && haveLength && raw < e.minRawAfterHandshake) {
                e.minRawAfterHandshake = raw;
                e.minRawAfterHandshakeFrame = frame;
            }
            if ((flags & TcpHeader.SYN) != 0 && e.synWindow < 0) {
                e.synWindow = raw;
            }
        }
        if ((flags & TcpHeader.FIN) != 0) {
            if (fwd == a) {
                finFromA = true;
            } else {
                finFromB = true;
            }
        }
        if (analysis == 0 || analysis == TcpAnalysis.REUSED_PORTS) {
            return;
        }
        int tracked = analysis & TRACKED;
        if (tracked == 0) {
            return;
        }
        if (findingCounts == null) {
            findingCounts = new long[TcpAnalysis.BITS];
            if (keepFrames) {
                findings = new FrameList[Integer.SIZE];
            }
        }
        for (int bits = tracked; bits != 0; bits &= bits - 1) {
            int bit = Integer.numberOfTrailingZeros(bits);
            findingCounts[bit]++;
            if (findings != null) {
                if (findings[bit] == null) {
                    findings[bit] = new FrameList();
                }
                findings[bit].add(frame);
            }
        }
    }

    /** Unsigned nanosecond difference as Wireshark computes it (a negative gap becomes huge, i.e. "not recent"). */
    private static boolean within(long now, long then, long limit) {
        return Long.compareUnsigned(now - then, limit) < 0;
    }

    private int analyze(Direction fwd, Direction rev, long frame, long ts, int seq, int ack, int seglen, int flags,
                        int window, int ta, TcpSegment out) {
        final int synFinRst = TcpHeader.SYN | TcpHeader.FIN | TcpHeader.RST;
        boolean skipToFinishedFwd = false;

        // Zero window probe: one byte at the next expected sequence number while the peer's window is zero.
        if (seglen == 1 && seq == fwd.nextSeq && rev.window == 0) {
            ta |= TcpAnalysis.ZERO_WINDOW_PROBE;
            skipToFinishedFwd = true;
        }
        if (!skipToFinishedFwd) {
            if (window == 0 && (flags & synFinRst) == 0) {
                ta |= TcpAnalysis.ZERO_WINDOW;
            }
            if (fwd.nextSeq != 0 && TcpAnalysis.gt(seq, fwd.nextSeq) && (flags & TcpHeader.RST) == 0) {
                ta |= TcpAnalysis.LOST_SEGMENT;
            }
            if ((seglen == 0 || seglen == 1) && seq == fwd.nextSeq - 1 && (flags & synFinRst) == 0) {
                ta |= TcpAnalysis.KEEP_ALIVE;
            }
            if (seglen == 0 && window != 0 && window != fwd.window && seq == fwd.nextSeq && ack == fwd.lastAck
                    && (flags & synFinRst) == 0) {
                ta |= TcpAnalysis.WINDOW_UPDATE;
            }
            if (seglen > 0 && rev.winScale != SCALE_UNKNOWN && (flags & synFinRst) == 0) {
                int shift = rev.isFirstAck ? 0 : (rev.winScale == SCALE_NONE ? 0 : rev.winScale);
                if (seq + seglen == rev.lastAck + (rev.window << shift)) {
                    ta |= TcpAnalysis.WINDOW_FULL;
                }
            }
            boolean samePure = seglen == 0 && seq == fwd.nextSeq && ack == fwd.lastAck && (flags & synFinRst) == 0;
            if (samePure && window != 0 && window == fwd.window && (rev.lastSegmentFlags & TcpAnalysis.KEEP_ALIVE) != 0) {
                ta |= TcpAnalysis.KEEP_ALIVE_ACK;
                skipToFinishedFwd = true;
            } else if (samePure && window == 0 && window == fwd.window
                    && (rev.lastSegmentFlags & TcpAnalysis.ZERO_WINDOW_PROBE) != 0) {
                ta |= TcpAnalysis.ZERO_WINDOW_PROBE_ACK;
                skipToFinishedFwd = true;
            } else if (samePure && window != 0 && window == fwd.window) {
                fwd.dupAckNum = fwd.dupAckNum == -1 ? 1 : fwd.dupAckNum + 1;
                ta |= TcpAnalysis.DUPLICATE_ACK;
            }
        }
        // finished_fwd
        if (ack != fwd.lastAck) {
            fwd.dupAckNum = 0;
        }
        if (rev.maxSeqToBeAcked != 0 && TcpAnalysis.gt(ack, rev.maxSeqToBeAcked) && (flags & TcpHeader.ACK) != 0) {
            if (TcpAnalysis.lt(rev.maxSeqToBeAcked, rev.nextSeq)) {
                rev.maxSeqToBeAcked = rev.nextSeq;
                ta |= TcpAnalysis.ACK_LOST_SEGMENT;
            } else {
                if (rev.dupAckNum == 0) {
                    ta |= TcpAnalysis.ACK_LOST_SEGMENT;
                }
                rev.dupAckNum = -1;
            }
        }
        if (seglen > 0 || (flags & (TcpHeader.SYN | TcpHeader.FIN)) != 0) {
            ta = classifyRetransmission(fwd, rev, ts, seq, seglen, flags, ta, out);
        }
        // finished_checking_retransmission_type
        int nextSeq = seq + seglen;
        if ((flags & (TcpHeader.SYN | TcpHeader.FIN)) != 0) {
            nextSeq += 1;
        }
        boolean probe = (ta & TcpAnalysis.ZERO_WINDOW_PROBE) != 0;
        if ((TcpAnalysis.gt(nextSeq, fwd.nextSeq) || fwd.nextSeq == 0) && !probe) {
            fwd.nextSeq = nextSeq;
            fwd.nextSeqTime = ts;
        }
        if ((seq == fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked == 0) && !probe) {
            fwd.maxSeqToBeAcked = fwd.nextSeq;
        }
        fwd.window = window;
        fwd.lastAck = ack;
        fwd.lastAckTime = ts;
        fwd.lastSegmentFlags = ta;
        return ta;
    }

    private int classifyRetransmission(Direction fwd, Direction rev, long ts, int seq, int seglen, int flags, int ta,
                                       TcpSegment out) {
        boolean seqNotAdvanced = fwd.nextSeq != 0 && TcpAnalysis.lt(seq, fwd.nextSeq);
        if ((ta & TcpAnalysis.KEEP_ALIVE) != 0) {
            return ta;
        }
        if (seglen > 1 && fwd.nextSeq - 1 == seq) {
            seqNotAdvanced = false;
        }
        if (seglen > 0 && rev.lastAck != 0 && TcpAnalysis.le(seq + seglen, rev.lastAck)) {
            out.rule = "spurious retransmission: the segment ends at or before what the receiver had already "
                    + "acknowledged (seq + len <= last ACK from the other side)";
            return ta | TcpAnalysis.SPURIOUS_RETRANSMISSION;
        }
        if (seqNotAdvanced && rev.dupAckNum >= 2 && rev.lastAck == seq
                && within(ts, rev.lastAckTime, FAST_RETRANSMISSION_WINDOW_NANOS)) {
            out.rule = "fast retransmission: the sequence number does not advance, it equals the ACK number of "
                    + rev.dupAckNum + " duplicate ACKs from the receiver, and it follows the last of them within 20 ms";
            return ta | TcpAnalysis.FAST_RETRANSMISSION;
        }
        long threshold = tsFirstRtt == 0 ? DEFAULT_OOO_THRESHOLD_NANOS : tsFirstRtt;
        int synFin = (flags & (TcpHeader.SYN | TcpHeader.FIN)) != 0 ? 1 : 0;
        if (seqNotAdvanced && within(ts, fwd.nextSeqTime, threshold) && fwd.nextSeq != seq + seglen + synFin) {
            return ta | TcpAnalysis.OUT_OF_ORDER;
        }
        if (seqNotAdvanced) {
            out.rule = "retransmission: the sequence number is below the next expected one (the highest seen so far), "
                    + "and neither the fast-retransmission nor the out-of-order rule applies";
            return ta | TcpAnalysis.RETRANSMISSION;
        }
        return ta;
    }

    /** The endpoint index (true = A) that acts as the client: the SYN sender, else the side not on the port. */
    public boolean clientIsA(int serverPort) {
        if (synFrame != 0) {
            return synFromA;
        }
        if (bPort == serverPort && aPort != serverPort) {
            return true;
        }
        if (aPort == serverPort && bPort != serverPort) {
            return false;
        }
        return true;
    }
}

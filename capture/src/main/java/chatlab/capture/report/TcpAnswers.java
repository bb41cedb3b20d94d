package chatlab.capture.report;

import static chatlab.capture.report.LabAnswers.map;

import chatlab.capture.decode.TcpHeader;
import chatlab.capture.file.Bytes;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.FrameCopy;
import chatlab.capture.flow.FrameList;
import chatlab.capture.flow.RetransmissionDetail;
import chatlab.capture.flow.TcpConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Q3 to Q6 on the selected connection, with the other findings of the sequence analysis. Frame lists hold at most
 * {@link FrameList#MAX_KEPT} frames; the counts are exact.
 *
 * @param syn Q3, or null when the capture starts after it
 * @param synAck Q4, or null when the capture has no SYN-ACK
 * @param handshakeRttMs from the SYN to the SYN-ACK's ACK, or null when not seen
 */
public record TcpAnswers(Syn syn, SynAck synAck, WindowScale windowScale, WindowMin windowMin,
        long[] zeroWindowFrames, long[] windowFullFrames, long[] zeroWindowProbeFrames, boolean throttled,
        Retransmissions retransmissions, long[] outOfOrderFrames, long[] lostSegmentFrames, long[] duplicateAckFrames,
        long[] keepAliveFrames, Double handshakeRttMs) implements JsonObject {

    /** Null when the analysis selected no connection. */
    static TcpAnswers of(Analysis a) {
        TcpConnection c = a.selected();
        if (c == null) {
            return null;
        }
        boolean clientA = a.clientIsA();
        TcpConnection.Direction cli = clientA ? c.a() : c.b();
        TcpConnection.Direction srv = clientA ? c.b() : c.a();
        Syn syn = Syn.of(a.synCopy(), cli);
        SynAck synAck = SynAck.of(a.synAckCopy(), a.synCopy(), srv);
        List<RetransmissionDetail> details = a.retransmissionDetails();
        return new TcpAnswers(syn, synAck, WindowScale.of(cli, srv, syn != null, synAck != null),
                new WindowMin(MinWindow.of(cli), MinWindow.of(srv)), c.zeroWindow().kept(), c.windowFull().kept(),
                c.zeroWindowProbes().kept(), c.zeroWindow().count() > 0 || c.windowFull().count() > 0,
                new Retransmissions(c.totalRetransmissions(), ClassCount.of(c.retransmissions()),
                        ClassCount.of(c.fastRetransmissions()), ClassCount.of(c.spuriousRetransmissions()), details),
                c.outOfOrder().kept(), c.lostSegments().kept(), c.duplicateAcks().kept(), c.keepAlives().kept(),
                c.firstRttNanos() == 0 ? null : c.firstRttNanos() / 1e6);
    }

    @Override
    public Map<String, Object> jsonFields() {
        return map("syn", syn, "synack", synAck, "window_scale", windowScale, "window_min", windowMin,
                "zero_window_frames", zeroWindowFrames, "window_full_frames", windowFullFrames,
                "zero_window_probe_frames", zeroWindowProbeFrames, "throttled", throttled,
                "retransmissions", retransmissions, "out_of_order_frames", outOfOrderFrames,
                "lost_segment_frames", lostSegmentFrames, "duplicate_ack_frames", duplicateAckFrames,
                "keep_alive_frames", keepAliveFrames, "handshake_rtt_ms", handshakeRttMs);
    }

    private static String flagsHex(int flags) {
        return String.format("0x%04x", flags);
    }

    private static Integer orNull(int value) {
        return value < 0 ? null : value;
    }

    /**
     * Q3: the client's SYN (relative sequence number 0).
     *
     * @param windowScaleOption the shift the client announced, or null without the option
     */
    public record Syn(long frame, long seqRaw, String flagsHex, String flags, int window, Integer windowScaleOption)
            implements JsonObject {
        /** Why the flags make it a SYN (RFC 9293 section 3.1). */
        public static final String SYN_BIT = "SYN is bit 0x002 of the flags field (the second-lowest bit of TCP header"
                + " byte 13); set here, with ACK (0x010) clear";

        static Syn of(FrameCopy syn, TcpConnection.Direction client) {
            if (syn == null) {
                return null;
            }
            int off = syn.l4Offset();
            byte[] b = syn.bytes();
            int flags = TcpHeader.flags(b, off);
            return new Syn(syn.number(), Bytes.u32be(b, off + TcpHeader.OFFSET_SEQUENCE), TcpAnswers.flagsHex(flags),
                    TcpHeader.flagNames(flags), TcpHeader.window(b, off), orNull(client.windowScaleOption()));
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("frame", frame, "seq_raw", seqRaw, "seq_relative", 0, "flags_hex", flagsHex, "flags", flags,
                    "syn_bit", SYN_BIT, "window", window, "window_scale_option", windowScaleOption);
        }
    }

    /**
     * Q4: the server's SYN-ACK (relative sequence number 0, relative acknowledgement number 1).
     *
     * @param ackDerivation how the acknowledgement number follows from the SYN
     * @param ackEqualsSynSeqPlus1 whether it does, or null when the SYN is not in the capture
     * @param windowScaleOption the shift the server announced, or null without the option
     */
    public record SynAck(long frame, long seqRaw, long ackRaw, String ackDerivation, Boolean ackEqualsSynSeqPlus1,
            String flagsHex, String flags, int window, Integer windowScaleOption) implements JsonObject {
        /** Why the flags make it a SYN-ACK. */
        public static final String SYNACK_BITS = "SYN (0x002) and ACK (0x010) are both set in the flags field";

        static SynAck of(FrameCopy sa, FrameCopy syn, TcpConnection.Direction server) {
            if (sa == null) {
                return null;
            }
            int off = sa.l4Offset();
            byte[] b = sa.bytes();
            int flags = TcpHeader.flags(b, off);
            long seq = Bytes.u32be(b, off + TcpHeader.OFFSET_SEQUENCE);
            long ack = Bytes.u32be(b, off + TcpHeader.OFFSET_ACKNOWLEDGMENT);
            Long synSeq = syn == null ? null : Bytes.u32be(syn.bytes(), syn.l4Offset() + TcpHeader.OFFSET_SEQUENCE);
            String derivation = synSeq == null
                    ? "the SYN is not in the capture; the acknowledgement names the client's ISN + 1 = " + ack
                    : "SYN seq " + synSeq + " + 1 = " + ((synSeq + 1) & 0xFFFFFFFFL)
                    + " (the SYN consumes one sequence number)";
            return new SynAck(sa.number(), seq, ack, derivation,
                    synSeq == null ? null : ((synSeq + 1) & 0xFFFFFFFFL) == ack, TcpAnswers.flagsHex(flags),
                    TcpHeader.flagNames(flags), TcpHeader.window(b, off), orNull(server.windowScaleOption()));
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("frame", frame, "seq_raw", seqRaw, "seq_relative", 0, "ack_raw", ackRaw, "ack_relative", 1,
                    "ack_derivation", ackDerivation, "ack_equals_syn_seq_plus_1", ackEqualsSynSeqPlus1,
                    "flags_hex", flagsHex, "flags", flags, "synack_bits", SYNACK_BITS, "window", window,
                    "window_scale_option", windowScaleOption);
        }
    }

    /**
     * Q5: whether window scaling (RFC 7323) is in use, and each side's shift and multiplier (null when unknown or
     * not used).
     */
    public record WindowScale(String status, Integer clientShift, Integer serverShift, Long clientMultiplier,
            Long serverMultiplier) implements JsonObject {
        static WindowScale of(TcpConnection.Direction cli, TcpConnection.Direction srv, boolean haveSyn,
                boolean haveSynAck) {
            String status;
            if (cli.windowScale() >= 0 && srv.windowScale() >= 0) {
                status = "negotiated";
            } else if (cli.windowScale() == -2 || srv.windowScale() == -2) {
                status = "not used";
            } else if (!haveSyn && !haveSynAck) {
                status = "unknown (the capture starts after the handshake)";
            } else {
                status = "unknown for one side (part of the handshake is missing)";
            }
            return new WindowScale(status, orNull(cli.windowScale()), orNull(srv.windowScale()),
                    cli.windowScale() >= 0 ? 1L << cli.windowScale() : null,
                    srv.windowScale() >= 0 ? 1L << srv.windowScale() : null);
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("status", status, "client_shift", clientShift, "server_shift", serverShift,
                    "client_multiplier", clientMultiplier, "server_multiplier", serverMultiplier);
        }
    }

    /** Q5: the smallest window each side advertised; null for a side that sent no segment. */
    public record WindowMin(MinWindow advertisedByClient, MinWindow advertisedByServer) implements JsonObject {
        @Override
        public Map<String, Object> jsonFields() {
            return map("advertised_by_client", advertisedByClient, "advertised_by_server", advertisedByServer);
        }
    }

    /**
     * The smallest window one side advertised.
     *
     * @param bytes the window in bytes (the field times the multiplier)
     * @param windowField the raw 16-bit field
     * @param afterHandshakeBytes the smallest once the SYNs are left out, or null when no later segment
     * @param afterHandshakeFrame its frame, null with it
     * @param multiplier the scale factor applied, or null when unknown
     * @param scale how the field was scaled, in words
     */
    public record MinWindow(long bytes, long frame, long windowField, Long afterHandshakeBytes,
            Long afterHandshakeFrame, Long multiplier, String scale) implements JsonObject {
        static MinWindow of(TcpConnection.Direction d) {
            if (d.minWindow() < 0) {
                return null;
            }
            long m = d.minWindowMultiplier();
            boolean after = d.minWindowAfterHandshake() >= 0;
            return new MinWindow(d.minWindow(), d.minWindowFrame(), d.minWindowRaw(),
                    after ? d.minWindowAfterHandshake() : null, after ? d.minWindowAfterHandshakeFrame() : null,
                    m > 0 ? (Long) m : m == 0 ? (Long) 1L : null,
                    m > 0 ? "scaled" : m == 0 ? "SYN window, never scaled" : m == -2 ? "no scaling in use"
                            : "unknown (no handshake seen): the raw field is shown");
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("bytes", bytes, "frame", frame, "window_field", windowField,
                    "after_handshake_bytes", afterHandshakeBytes, "after_handshake_frame", afterHandshakeFrame,
                    "multiplier", multiplier, "scale", scale);
        }
    }

    /** Q6: the retransmissions by class, each with the rule that classed it. */
    public record Retransmissions(long total, ClassCount retransmission, ClassCount fastRetransmission,
            ClassCount spuriousRetransmission, List<RetransmissionDetail> details) implements JsonObject {
        public Retransmissions {
            details = List.copyOf(details);
        }

        @Override
        public Map<String, Object> jsonFields() {
            List<Object> list = new ArrayList<>();
            for (RetransmissionDetail d : details) {
                list.add(map("frame", d.frame(), "class", d.className(), "rule", d.rule()));
            }
            return map("total", total, "retransmission", retransmission, "fast_retransmission", fastRetransmission,
                    "spurious_retransmission", spuriousRetransmission, "details", list);
        }
    }

    /** One retransmission class: the exact count and the first frames. */
    public record ClassCount(long count, long[] frames) implements JsonObject {
        static ClassCount of(FrameList l) {
            return new ClassCount(l.count(), l.kept());
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("count", count, "frames", frames);
        }
    }
}

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
        long[] zeroWindowFrames, long[] windowFullFrames, long[] zeroWindowProbeFrames, Boolean throttled,
        String throttledReason, Retransmissions retransmissions, long[] outOfOrderFrames, long[] lostSegmentFrames,
        long[] duplicateAckFrames, long[] keepAliveFrames, Double handshakeRttMs, OptionsCut optionsCut)
        implements JsonObject {
    /** RFC 7323 2.3: the largest shift a window-scale option may give. */
    public static final int MAX_SHIFT = TcpHeader.MAX_WINDOW_SHIFT;

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
        WindowScale scale = WindowScale.of(cli, srv, a.synCopy(), a.synAckCopy());
        boolean known = scale.known();
        Boolean throttled;
        String why;
        if (c.zeroWindow().count() > 0) {
            throttled = true;
            why = "yes, the receiver's window reached zero" + (c.windowFull().count() > 0
                    ? " and the sender filled it" : "") + " (frames above)";
        } else if (!known) {
            throttled = null;
            why = "unknown: no window reached zero, and whether a segment filled the receiver's window needs the "
                    + "window scale, which is unknown";
        } else if (c.windowFull().count() > 0) {
            throttled = true;
            why = "yes, the receiver's window reached zero or the sender filled it (frames above)";
        } else {
            throttled = false;
            why = "no, the window never reached zero and no segment filled it";
        }
        return new TcpAnswers(syn, synAck, scale,
                new WindowMin(MinWindow.of(cli, known, scale.clientShiftBound(), "SYN"),
                        MinWindow.of(srv, known, scale.serverShiftBound(), "SYN-ACK")),
                c.zeroWindow().kept(), c.windowFull().kept(), c.zeroWindowProbes().kept(), throttled, why,
                new Retransmissions(c.totalRetransmissions(), ClassCount.of(c.retransmissions()),
                        ClassCount.of(c.fastRetransmissions()), ClassCount.of(c.spuriousRetransmissions()), details),
                c.outOfOrder().kept(), c.lostSegments().kept(), c.duplicateAcks().kept(), c.keepAlives().kept(),
                c.firstRttNanos() == 0 ? null : c.firstRttNanos() / 1e6, a.optionsCutFrames() == 0 ? null
                        : new OptionsCut(a.optionsCutFrames(), a.firstOptionsCutFrame(), a.lastOptionsCutFrame()));
    }

    /**
     * Segments of the connection whose TCP options the snap length cut: Wireshark shows no analysis flags on them
     * (it stops at the options); chatlab classifies them from their fixed header all the same.
     */
    public record OptionsCut(long segments, long firstFrame, long lastFrame) implements JsonObject {
        @Override
        public Map<String, Object> jsonFields() {
            return map("segments", segments, "first_frame", firstFrame, "last_frame", lastFrame);
        }
    }

    @Override
    public Map<String, Object> jsonFields() {
        return map("syn", syn, "synack", synAck, "window_scale", windowScale, "window_min", windowMin,
                "zero_window_frames", zeroWindowFrames, "window_full_frames", windowFullFrames,
                "zero_window_probe_frames", zeroWindowProbeFrames, "throttled", throttled,
                "throttled_reason", throttledReason, "retransmissions", retransmissions,
                "out_of_order_frames", outOfOrderFrames, "lost_segment_frames", lostSegmentFrames,
                "duplicate_ack_frames", duplicateAckFrames, "keep_alive_frames", keepAliveFrames,
                "handshake_rtt_ms", handshakeRttMs, "options_cut", optionsCut);
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
     * Q4: the server's SYN-ACK (relative sequence number 0).
     *
     * @param ackRelative the acknowledgement relative to the client's ISN, as tshark's {@code tcp.ack}: 1, or 1 plus
     *     the bytes a Fast Open SYN carried when the server took them
     * @param ackDerivation how the acknowledgement follows from the SYN, in words and numbers
     * @param ackEqualsSynSeqPlus1 whether it is SYN seq + 1, or null when the SYN is not in the capture
     * @param synDataLength bytes of data the SYN carried (TCP Fast Open, RFC 7413), null without the SYN
     * @param ackCoversSynData whether the acknowledgement also covers those bytes (the server took the Fast Open
     *     data); null when the SYN carried none or is not in the capture
     * @param windowScaleOption the shift the server announced, or null without the option (or when unknown)
     */
    public record SynAck(long frame, long seqRaw, long ackRaw, long ackRelative, String ackDerivation,
            Boolean ackEqualsSynSeqPlus1, Integer synDataLength, Boolean ackCoversSynData, String flagsHex,
            String flags, int window, Integer windowScaleOption) implements JsonObject {
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
            if (syn == null) {
                return new SynAck(sa.number(), seq, ack, 1, "the SYN is not in the capture; the acknowledgement names "
                        + "the client's ISN + 1 = " + ack, null, null, null, TcpAnswers.flagsHex(flags),
                        TcpHeader.flagNames(flags), TcpHeader.window(b, off), orNull(server.windowScaleOption()));
            }
            long synSeq = Bytes.u32be(syn.bytes(), syn.l4Offset() + TcpHeader.OFFSET_SEQUENCE);
            int data = Math.max(0, syn.l4ReportedLength() - syn.l4HeaderLength());
            long plus1 = (synSeq + 1) & 0xFFFF_FFFFL;
            long plusData = (synSeq + 1 + data) & 0xFFFF_FFFFL;
            long relative = (ack - synSeq) & 0xFFFF_FFFFL;
            String derivation;
            Boolean coversData = null;
            if (data > 0 && ack == plusData) {
                coversData = true;
                derivation = "SYN seq " + synSeq + " + 1 (the SYN) + " + data + " (the bytes of data the SYN carried, "
                        + "TCP Fast Open, RFC 7413) = " + plusData + ": the server took the SYN's data and acknowledged "
                        + "it with the SYN, so the acknowledgement is " + relative + " relative, not 1";
            } else if (data > 0 && ack == plus1) {
                coversData = false;
                derivation = "SYN seq " + synSeq + " + 1 = " + plus1 + " (the SYN consumes one sequence number): the SYN"
                        + " also carried " + data + " bytes of data (TCP Fast Open, RFC 7413), which the server did not "
                        + "take (Wireshark: \"TCP SYN-ACK ignoring TFO data\"); the client sends them again";
            } else if (ack == plus1) {
                derivation = "SYN seq " + synSeq + " + 1 = " + plus1 + " (the SYN consumes one sequence number)";
            } else {
                if (data > 0) {
                    coversData = false;
                }
                derivation = "SYN seq " + synSeq + " + 1 = " + plus1 + (data > 0 ? " (or + " + data + " more for the "
                        + "data the SYN carried = " + plusData + ")" : "") + " was expected, but the acknowledgement is "
                        + ack + " (" + relative + " relative): it does not follow from this SYN (another connection's "
                        + "SYN, or damage)";
            }
            return new SynAck(sa.number(), seq, ack, relative, derivation, plus1 == ack, data, coversData,
                    TcpAnswers.flagsHex(flags), TcpHeader.flagNames(flags), TcpHeader.window(b, off),
                    orNull(server.windowScaleOption()));
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("frame", frame, "seq_raw", seqRaw, "seq_relative", 0, "ack_raw", ackRaw, "ack_relative",
                    ackRelative, "ack_derivation", ackDerivation, "ack_equals_syn_seq_plus_1", ackEqualsSynSeqPlus1,
                    "syn_data_len", synDataLength, "ack_covers_syn_data", ackCoversSynData,
                    "flags_hex", flagsHex, "flags", flags, "synack_bits", SYNACK_BITS, "window", window,
                    "window_scale_option", windowScaleOption);
        }
    }

    /**
     * Q5: whether window scaling (RFC 7323) is in use, and each side's shift and multiplier (null when unknown or
     * not used). Scaling is in use when both the SYN and the SYN-ACK announce it, and not in use when either is
     * captured whole without the option; otherwise (a SYN not captured, or its options cut by the snap length) it
     * is unknown, and the status says why.
     *
     * @param clientShiftBound the largest shift the client's windows may have: 0 when scaling is off, its own shift
     *     when it announced one, else 14 (RFC 7323's largest)
     */
    public record WindowScale(String status, Integer clientShift, Integer serverShift, Long clientMultiplier,
            Long serverMultiplier, int clientShiftBound, int serverShiftBound) implements JsonObject {
        public static final String NEGOTIATED = "negotiated";
        public static final String NOT_USED = "not used";

        /** Whether it is known if, and by how much, windows are scaled. */
        public boolean known() {
            return NEGOTIATED.equals(status) || NOT_USED.equals(status);
        }

        static WindowScale of(TcpConnection.Direction cli, TcpConnection.Direction srv, FrameCopy syn,
                FrameCopy synAck) {
            boolean cliKnown = cli.synOptionsRead();
            boolean srvKnown = srv.synOptionsRead();
            int cliShift = cli.windowScaleOption();
            int srvShift = srv.windowScaleOption();
            if (cliKnown && srvKnown && cliShift >= 0 && srvShift >= 0) {
                return new WindowScale(NEGOTIATED, cliShift, srvShift, 1L << cliShift, 1L << srvShift, cliShift,
                        srvShift);
            }
            if ((cliKnown && cliShift < 0) || (srvKnown && srvShift < 0)) {
                return new WindowScale(NOT_USED, null, null, null, null, 0, 0);
            }
            String status;
            if (syn == null && synAck == null) {
                status = "unknown: the capture starts after the handshake";
            } else {
                List<String> why = new ArrayList<>();
                if (!cliKnown) {
                    why.add(unread("SYN", syn));
                }
                if (!srvKnown) {
                    why.add(unread("SYN-ACK", synAck));
                }
                status = "unknown: " + String.join(", and ", why);
            }
            return new WindowScale(status, null, null, null, null, cliKnown ? cliShift : MAX_SHIFT,
                    srvKnown ? srvShift : MAX_SHIFT);
        }

        /** Why a SYN's window-scale option cannot be read. */
        private static String unread(String what, FrameCopy copy) {
            if (copy == null) {
                return "the " + what + " is not in the capture";
            }
            return "the snap length cut the TCP options of the " + what + " (frame " + copy.number() + ": "
                    + copy.bytes().length + " of " + copy.originalLength() + " bytes captured)";
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
     * @param bytes the window in bytes (the field times the multiplier), or null when the scale is unknown and so
     *     only its bounds are
     * @param frame the frame of the smallest field (with an unknown scale: the smallest after the handshake)
     * @param windowField the raw 16-bit field
     * @param afterHandshakeBytes the smallest once the SYNs are left out, or null when no later segment (or unknown)
     * @param afterHandshakeFrame its frame, null with it
     * @param multiplier the scale factor applied, or null when unknown
     * @param scale how the field was scaled, in words; with an unknown scale, what the bounds rest on
     * @param bytesMin the least the minimum can be in bytes (= bytes when known)
     * @param bytesMax the most it can be
     */
    public record MinWindow(Long bytes, long frame, long windowField, Long afterHandshakeBytes,
            Long afterHandshakeFrame, Long multiplier, String scale, long bytesMin, long bytesMax)
            implements JsonObject {
        static MinWindow of(TcpConnection.Direction d, boolean scaleKnown, int shiftBound, String syn) {
            if (d.minWindow() < 0) {
                return null;
            }
            long raw = d.minRawAfterHandshake();
            long synWindow = d.synWindow();
            if (scaleKnown || raw < 0) {
                long m = d.minWindowMultiplier();
                boolean after = d.minWindowAfterHandshake() >= 0;
                return new MinWindow(d.minWindow(), d.minWindowFrame(), d.minWindowRaw(),
                        after ? d.minWindowAfterHandshake() : null, after ? d.minWindowAfterHandshakeFrame() : null,
                        m > 0 ? m : 1L, m > 0 ? "scaled" : m == 0 ? "SYN window, never scaled" : "no scaling in use",
                        d.minWindow(), d.minWindow());
            }
            long low = synWindow >= 0 ? Math.min(synWindow, raw) : raw;
            long high = synWindow >= 0 ? Math.min(synWindow, raw << shiftBound) : raw << shiftBound;
            if (raw == 0) {
                return new MinWindow(0L, d.minRawAfterHandshakeFrame(), 0, null, null, null,
                        "zero whatever the scale, which is unknown", 0, 0);
            }
            String scale = "scale unknown: " + raw + " x 1 to " + raw + " x 2^" + shiftBound + (shiftBound == MAX_SHIFT
                    ? ", the largest shift RFC 7323 allows" : ", the shift this side announced")
                    + (synWindow >= 0 ? "; its " + syn + "'s own window, never scaled, is " + synWindow + " bytes" : "");
            return new MinWindow(low == high ? (Long) low : null, d.minRawAfterHandshakeFrame(), raw, null, null, null,
                    scale, low, high);
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("bytes", bytes, "frame", frame, "window_field", windowField,
                    "after_handshake_bytes", afterHandshakeBytes, "after_handshake_frame", afterHandshakeFrame,
                    "multiplier", multiplier, "scale", scale, "bytes_min", bytesMin, "bytes_max", bytesMax);
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

package chatlab.capture.report;

import chatlab.capture.decode.Ipv4Header;
import chatlab.capture.decode.Packet;
import chatlab.capture.decode.TcpHeader;
import chatlab.capture.decode.UdpHeader;
import chatlab.capture.file.Bytes;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.FrameCopy;
import chatlab.capture.flow.FrameList;
import chatlab.capture.flow.RetransmissionDetail;
import chatlab.capture.flow.TcpConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers to the lab's questions Q3 to Q12 as a tree of maps and lists: the JSON document of
 * {@code chatlab analyze --json}, whose field names are part of the interface (docs/CAPTURE.md), and the source the
 * text and Markdown renderers read.
 */
public final class LabAnswers {
    /** RFC 768: Length is 16 bits, the header 8 bytes. */
    public static final int UDP_MAX_PAYLOAD = UdpHeader.MAX_LENGTH_FIELD - UdpHeader.LENGTH;
    /** Over IPv4 the 16-bit Total Length also counts the 20-byte minimum IP header (RFC 791). */
    public static final int UDP_MAX_PAYLOAD_IPV4 = UdpHeader.MAX_LENGTH_FIELD - Ipv4Header.MIN_LENGTH - UdpHeader.LENGTH;
    /** IPv6's Payload Length excludes its own header (RFC 8200), so without jumbograms it is 65,535 - 8. */
    public static final int UDP_MAX_PAYLOAD_IPV6 = UdpHeader.MAX_LENGTH_FIELD - UdpHeader.LENGTH;
    public static final int MAX_PORT = 0xFFFF;

    private LabAnswers() {
    }

    public static Map<String, Object> of(Analysis a) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", a.file());
        root.put("format", a.format());
        root.put("frames", a.frames());
        root.put("tcp_connections", a.connections().size());
        root.put("udp_flows", a.udpFlows().size());
        root.put("truncated_frames", a.truncatedFrames());
        root.put("problem_count", a.problemCount());
        List<Object> problems = new ArrayList<>();
        for (CaptureProblem p : a.problems()) {
            problems.add(map("frame", p.frame(), "byte_offset", p.byteOffset(), "message", p.message()));
        }
        root.put("problems", problems);
        root.put("connection", connection(a));
        root.put("tcp", tcp(a));
        root.put("udp", udp(a));
        root.put("ports", map("largest_possible", MAX_PORT, "field_bits", 16, "largest_seen",
                a.maxPortSeen() < 0 ? null : a.maxPortSeen(), "largest_seen_frame",
                a.maxPortSeen() < 0 ? null : a.maxPortFrame()));
        root.put("ip", ip(a));
        return root;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Object connection(Analysis a) {
        TcpConnection c = a.selected();
        if (c == null) {
            return null;
        }
        boolean clientA = a.clientIsA();
        return map("stream", c.stream(),
                "client", endpoint(clientA ? c.addressA() : c.addressB(), clientA ? c.portA() : c.portB()),
                "server", endpoint(clientA ? c.addressB() : c.addressA(), clientA ? c.portB() : c.portA()),
                "first_frame", c.firstFrame(), "last_frame", c.lastFrame(), "packets", c.packets(),
                "display_filter", "tcp.stream eq " + c.stream(),
                "selected_by", a.options().client() == null
                        ? "the first connection to port " + a.options().serverPort()
                        : "the first connection from " + a.options().client() + " to port " + a.options().serverPort());
    }

    static String endpoint(String addr, int port) {
        return (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + port;
    }

    private static Object tcp(Analysis a) {
        TcpConnection c = a.selected();
        if (c == null) {
            return null;
        }
        boolean clientA = a.clientIsA();
        TcpConnection.Direction cli = clientA ? c.a() : c.b();
        TcpConnection.Direction srv = clientA ? c.b() : c.a();
        Map<String, Object> t = new LinkedHashMap<>();
        FrameCopy syn = a.synCopy();
        if (syn != null) {
            int off = syn.l4Offset();
            byte[] b = syn.bytes();
            int flags = TcpHeader.flags(b, off);
            t.put("syn", map("frame", syn.number(), "seq_raw", Bytes.u32be(b, off + TcpHeader.OFFSET_SEQUENCE),
                    "seq_relative", 0, "flags_hex", String.format("0x%04x", flags), "flags", TcpHeader.flagNames(flags),
                    "syn_bit", "SYN is bit 0x002 of the flags field (the second-lowest bit of TCP header byte 13); "
                            + "set here, with ACK (0x010) clear",
                    "window", TcpHeader.window(b, off), "window_scale_option", opt(cli.windowScaleOption())));
        } else {
            t.put("syn", null);
        }
        FrameCopy sa = a.synAckCopy();
        if (sa != null) {
            int off = sa.l4Offset();
            byte[] b = sa.bytes();
            int flags = TcpHeader.flags(b, off);
            long seq = Bytes.u32be(b, off + TcpHeader.OFFSET_SEQUENCE);
            long ack = Bytes.u32be(b, off + TcpHeader.OFFSET_ACKNOWLEDGMENT);
            Long synSeq = syn == null ? null : Bytes.u32be(syn.bytes(), syn.l4Offset() + TcpHeader.OFFSET_SEQUENCE);
            t.put("synack", map("frame", sa.number(), "seq_raw", seq, "seq_relative", 0, "ack_raw", ack,
                    "ack_relative", 1, "ack_derivation", synSeq == null
                            ? "the SYN is not in the capture; the acknowledgement names the client's ISN + 1 = " + ack
                            : "SYN seq " + synSeq + " + 1 = " + ((synSeq + 1) & 0xFFFFFFFFL)
                            + " (the SYN consumes one sequence number)",
                    "ack_equals_syn_seq_plus_1", synSeq == null ? null : ((synSeq + 1) & 0xFFFFFFFFL) == ack,
                    "flags_hex", String.format("0x%04x", flags), "flags", TcpHeader.flagNames(flags),
                    "synack_bits", "SYN (0x002) and ACK (0x010) are both set in the flags field",
                    "window", TcpHeader.window(b, off), "window_scale_option", opt(srv.windowScaleOption())));
        } else {
            t.put("synack", null);
        }
        t.put("window_scale", windowScale(cli, srv, syn != null, sa != null));
        t.put("window_min", map("advertised_by_client", windowMin(cli), "advertised_by_server", windowMin(srv)));
        t.put("zero_window_frames", frames(c.zeroWindow()));
        t.put("window_full_frames", frames(c.windowFull()));
        t.put("zero_window_probe_frames", frames(c.zeroWindowProbes()));
        t.put("throttled", c.zeroWindow().count() > 0 || c.windowFull().count() > 0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("total", c.totalRetransmissions());
        r.put("retransmission", classCount(c.retransmissions()));
        r.put("fast_retransmission", classCount(c.fastRetransmissions()));
        r.put("spurious_retransmission", classCount(c.spuriousRetransmissions()));
        List<Object> details = new ArrayList<>();
        for (RetransmissionDetail d : a.retransmissionDetails()) {
            details.add(map("frame", d.frame(), "class", d.className(), "rule", d.rule()));
        }
        r.put("details", details);
        t.put("retransmissions", r);
        t.put("out_of_order_frames", frames(c.outOfOrder()));
        t.put("lost_segment_frames", frames(c.lostSegments()));
        t.put("duplicate_ack_frames", frames(c.duplicateAcks()));
        t.put("keep_alive_frames", frames(c.keepAlives()));
        t.put("handshake_rtt_ms", c.firstRttNanos() == 0 ? null : c.firstRttNanos() / 1e6);
        return t;
    }

    private static Object opt(int v) {
        return v < 0 ? null : v;
    }

    private static Map<String, Object> windowScale(TcpConnection.Direction cli, TcpConnection.Direction srv,
                                                   boolean haveSyn, boolean haveSynAck) {
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
        return map("status", status, "client_shift", shift(cli.windowScale()), "server_shift", shift(srv.windowScale()),
                "client_multiplier", cli.windowScale() >= 0 ? 1L << cli.windowScale() : null,
                "server_multiplier", srv.windowScale() >= 0 ? 1L << srv.windowScale() : null);
    }

    private static Object shift(int s) {
        return s >= 0 ? s : null;
    }

    private static Object windowMin(TcpConnection.Direction d) {
        if (d.minWindow() < 0) {
            return null;
        }
        long m = d.minWindowMultiplier();
        return map("bytes", d.minWindow(), "frame", d.minWindowFrame(), "window_field", d.minWindowRaw(),
                "after_handshake_bytes", d.minWindowAfterHandshake() < 0 ? null : (Object) d.minWindowAfterHandshake(),
                "after_handshake_frame", d.minWindowAfterHandshake() < 0 ? null
                        : (Object) d.minWindowAfterHandshakeFrame(),
                "multiplier", m > 0 ? (Object) m : m == 0 ? (Object) 1L : null,
                "scale", m > 0 ? "scaled" : m == 0 ? "SYN window, never scaled" : m == -2 ? "no scaling in use"
                        : "unknown (no handshake seen): the raw field is shown");
    }

    private static Object frames(FrameList l) {
        return l.kept();
    }

    private static Object classCount(FrameList l) {
        return map("count", l.count(), "frames", l.kept());
    }

    private static Object udp(Analysis a) {
        Map<String, Object> u = new LinkedHashMap<>();
        FrameCopy d = a.udpCopy();
        if (d == null) {
            u.put("first", null);
        } else {
            byte[] b = d.bytes();
            int off = d.l4Offset();
            int length = UdpHeader.length(b, off);
            int payload = d.l4ReportedLength() - UdpHeader.LENGTH;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("frame", d.number());
            f.put("chosen_by", a.udpChoice());
            f.put("fields", 4);
            f.put("field_bytes", UdpHeader.FIELD_BYTES);
            f.put("header_len", UdpHeader.LENGTH);
            f.put("source_port", UdpHeader.sourcePort(b, off));
            f.put("destination_port", UdpHeader.destinationPort(b, off));
            f.put("length_field", length);
            f.put("checksum", String.format("0x%04x", UdpHeader.checksum(b, off)));
            f.put("payload_len", payload);
            f.put("length_covers", "the UDP header (8 bytes) plus the payload");
            f.put("length_matches", length == UdpHeader.LENGTH + payload);
            f.put("length_check", length + " = 8 (header) + " + payload + " (payload)"
                    + (length == UdpHeader.LENGTH + payload ? "" : " does NOT hold: the IP header says the datagram is "
                    + d.l4ReportedLength() + " bytes"));
            int captured = Math.max(0, Math.min(b.length - d.payloadOffset(), payload));
            f.put("payload_text", captured > 0 ? new String(b, d.payloadOffset(), captured,
                    java.nio.charset.StandardCharsets.UTF_8) : "");
            u.put("first", f);
        }
        u.put("max_payload", UDP_MAX_PAYLOAD);
        u.put("max_payload_ipv4", UDP_MAX_PAYLOAD_IPV4);
        u.put("max_payload_ipv6", UDP_MAX_PAYLOAD_IPV6);
        return u;
    }

    private static Object ip(Analysis a) {
        FrameCopy d = a.udpCopy();
        Map<String, Object> m = new LinkedHashMap<>();
        if (d != null && d.protocolFieldOffset() >= 0 && d.kind() == Packet.Kind.UDP) {
            m.put("udp_protocol_number", d.bytes()[d.protocolFieldOffset()] & 0xFF);
            m.put("udp_protocol_frame", d.number());
            m.put("udp_protocol_field", d.ipVersion() == 4 ? "IPv4 Protocol field, byte 9 of the IP header"
                    : "IPv6 Next Header field" + (d.protocolFieldOffset() == d.ipOffset() + 6 ? " of the fixed header"
                    : " of the last extension header"));
            m.put("read_from_capture", true);
        } else {
            m.put("udp_protocol_number", UdpHeader.PROTOCOL_NUMBER);
            m.put("udp_protocol_frame", null);
            m.put("udp_protocol_field", "no UDP datagram in the capture; 17 is the IANA-assigned number (RFC 768)");
            m.put("read_from_capture", false);
        }
        return m;
    }
}

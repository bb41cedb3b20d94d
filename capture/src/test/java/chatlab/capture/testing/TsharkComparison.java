package chatlab.capture.testing;

import chatlab.capture.decode.Packet;
import chatlab.capture.decode.TcpHeader;
import chatlab.capture.file.Frame;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.capture.flow.PacketObserver;
import chatlab.capture.flow.TcpAnalysis;
import chatlab.capture.flow.TcpConnection;
import chatlab.capture.flow.TcpSegment;
import chatlab.capture.flow.UdpFlow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares chatlab's per-frame TCP and UDP findings with tshark's fields, frame by frame and field by field.
 */
public final class TsharkComparison {
    public static final List<String> TCP_FIELDS = List.of("tcp.stream", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags",
            "tcp.len", "tcp.seq", "tcp.ack", "tcp.window_size_value", "tcp.window_size", "tcp.window_size_scalefactor");
    public static final List<String> ANALYSIS_FIELDS = List.of("retransmission", "fast_retransmission",
            "spurious_retransmission", "out_of_order", "lost_segment", "ack_lost_segment", "window_update",
            "window_full", "keep_alive", "keep_alive_ack", "duplicate_ack", "zero_window", "zero_window_probe",
            "zero_window_probe_ack", "reused_ports");
    public static final List<String> UDP_FIELDS = List.of("udp.stream", "udp.srcport", "udp.dstport", "udp.length",
            "udp.checksum");

    /**
     * @param connections every TCP connection the analysis followed, by stream number
     * @param optionsCutFrames segments whose TCP options the snap length cut: Wireshark shows no analysis flags on
     *     them (docs/CAPTURE.md), so their {@code tcp.analysis.*} fields are not compared
     * @param tsharkFlagsOnCutFrames analysis flags tshark did show on such frames (expected: none)
     */
    public record Result(Analysis analysis, List<String> mismatches, int tcpFramesCompared, int udpFramesCompared,
            List<TcpConnection> connections, int optionsCutFrames, List<String> tsharkFlagsOnCutFrames) {
    }

    private TsharkComparison() {
    }

    public static Result compare(Path capture, AnalysisOptions options) throws IOException {
        Map<Long, Map<String, String>> ours = new LinkedHashMap<>();
        Map<Integer, TcpConnection> connections = new java.util.TreeMap<>();
        java.util.Set<Long> optionsCut = new java.util.HashSet<>();
        PacketObserver observer = new PacketObserver() {
            @Override
            public void tcp(Frame f, Packet p, TcpSegment s) {
                Map<String, String> m = new HashMap<>();
                connections.put(s.connection.stream(), s.connection);
                if (p.tcpOptionsCut) {
                    optionsCut.add(f.number);
                }
                m.put("tcp.stream", Integer.toString(s.connection.stream()));
                m.put("tcp.seq_raw", Long.toString(p.tcpSeq & 0xFFFFFFFFL));
                m.put("tcp.ack_raw", Long.toString(p.tcpAck & 0xFFFFFFFFL));
                m.put("tcp.flags", String.format("0x%04x", p.tcpFlags));
                m.put("tcp.window_size_value", Integer.toString(p.tcpWindow));
                if (s.length >= 0) {
                    m.put("tcp.len", Integer.toString(s.length));
                    m.put("tcp.seq", Long.toString(s.relativeSeq));
                    if ((p.tcpFlags & TcpHeader.ACK) != 0) {
                        m.put("tcp.ack", Long.toString(s.relativeAck));
                    }
                    m.put("tcp.window_size", Long.toString(s.window));
                    if ((p.tcpFlags & TcpHeader.SYN) == 0) {
                        m.put("tcp.window_size_scalefactor", Long.toString(s.windowMultiplier));
                    }
                }
                if (p.tcpHeaderLength < TcpHeader.MIN_LENGTH) {
                    // a bogus data offset: tshark stops after the fields before it (and the lengths it derives)
                    m.keySet().retainAll(List.of("tcp.stream", "tcp.seq_raw", "tcp.seq", "tcp.len"));
                    ours.put(f.number, m);
                    return;
                }
                int a = s.analysis;
                if ((a & TcpAnalysis.ANY_RETRANSMISSION) != 0) {
                    a |= TcpAnalysis.RETRANSMISSION;
                }
                for (String name : TcpAnalysis.fieldNames(a)) {
                    m.put("tcp.analysis." + name, "1");
                }
                ours.put(f.number, m);
            }

            @Override
            public void udp(Frame f, Packet p, UdpFlow u) {
                Map<String, String> m = new HashMap<>();
                m.put("udp.stream", Integer.toString(u.stream()));
                m.put("udp.srcport", Integer.toString(p.srcPort));
                m.put("udp.dstport", Integer.toString(p.dstPort));
                m.put("udp.length", Integer.toString(p.udpLength));
                m.put("udp.checksum", String.format("0x%04x", p.udpChecksum));
                ours.put(f.number, m);
            }
        };
        Analysis analysis = new Analyzer(options, observer).analyze(capture);
        List<String> names = new ArrayList<>(TCP_FIELDS);
        ANALYSIS_FIELDS.forEach(n -> names.add("tcp.analysis." + n));
        names.addAll(UDP_FIELDS);
        Map<Long, Map<String, String>> theirs = Tshark.fields(capture, names);
        List<String> mismatches = new ArrayList<>();
        List<String> flagsOnCut = new ArrayList<>();
        int tcp = 0;
        int udp = 0;
        TreeSet<Long> frames = new TreeSet<>(theirs.keySet());
        frames.addAll(ours.keySet());
        for (long frame : frames) {
            Map<String, String> t = theirs.getOrDefault(frame, Map.of());
            Map<String, String> o = ours.getOrDefault(frame, Map.of());
            String protocols = t.getOrDefault("frame.protocols", "");
            boolean inIcmp = protocols.contains(":icmp");
            boolean theyTcp = protocols.contains(":tcp") && !inIcmp;
            boolean theyUdp = protocols.contains(":udp") && !inIcmp;
            List<String> fields = new ArrayList<>();
            if (theyTcp || o.containsKey("tcp.stream")) {
                tcp++;
                fields.addAll(TCP_FIELDS);
                ANALYSIS_FIELDS.forEach(n -> fields.add("tcp.analysis." + n));
            }
            if (theyUdp || o.containsKey("udp.stream")) {
                udp++;
                fields.addAll(UDP_FIELDS);
            }
            for (String field : fields) {
                String tv = t.get(field);
                String ov = o.get(field);
                if (field.equals("tcp.ack") && !o.containsKey("tcp.ack")) {
                    continue; // tshark shows the raw field when the ACK bit is clear
                }
                if (field.startsWith("tcp.analysis.") && optionsCut.contains(frame)) {
                    if (tv != null) {
                        flagsOnCut.add("frame " + frame + " " + field);
                    }
                    continue;
                }
                if (tv == null ? ov != null : !tv.equals(ov)) {
                    mismatches.add("frame " + frame + " " + field + ": tshark " + tv + ", chatlab " + ov);
                }
            }
        }
        return new Result(analysis, mismatches, tcp, udp, new ArrayList<>(connections.values()), optionsCut.size(),
                flagsOnCut);
    }
}

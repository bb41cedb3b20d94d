package chatlab.capture.report;

import static chatlab.capture.report.LabAnswers.map;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.FlowSummary;
import java.util.Map;

/**
 * One TCP connection or UDP flow, as {@code tshark -z conv,tcp -z conv,udp} lists it; A is the endpoint that sent
 * the first packet.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param relativeStartS seconds from the first frame of the capture
 * @param tcp the TCP findings, or null for a UDP flow
 */
public record Conversation(String protocol, int stream, String a, String b, long packets, long packetsAToB,
        long bytes, long bytesAToB, double relativeStartS, double durationS, TcpFindings tcp) implements JsonObject {

    /** The row of one flow; times relative to the capture's first frame. */
    public static Conversation of(FlowSummary f, Analysis a) {
        TcpFindings tcp = f.tcp() ? new TcpFindings(f.retransmissions(),
                f.windowMinA() < 0 ? null : f.windowMinA(), f.windowMinB() < 0 ? null : f.windowMinB(),
                f.zeroWindow(), f.handshake()) : null;
        return new Conversation(f.tcp() ? "tcp" : "udp", f.stream(), LabAnswers.endpoint(f.addressA(), f.aPort()),
                LabAnswers.endpoint(f.addressB(), f.bPort()), f.packets(), f.packetsFromA(), f.bytes(), f.bytesFromA(),
                (f.firstNanos() - a.firstNanos()) / 1e9, (f.lastNanos() - f.firstNanos()) / 1e9, tcp);
    }

    public long packetsBToA() {
        return packets - packetsAToB;
    }

    public long bytesBToA() {
        return bytes - bytesAToB;
    }

    @Override
    public Map<String, Object> jsonFields() {
        Map<String, Object> m = map("protocol", protocol, "stream", stream, "a", a, "b", b, "packets", packets,
                "packets_a_to_b", packetsAToB, "packets_b_to_a", packetsBToA(), "bytes", bytes,
                "bytes_a_to_b", bytesAToB, "bytes_b_to_a", bytesBToA(), "relative_start_s", relativeStartS,
                "duration_s", durationS);
        if (tcp != null) {
            m.putAll(tcp.jsonFields());
        }
        return m;
    }

    /**
     * What the sequence analysis found on a TCP connection.
     *
     * @param windowMinA the smallest window A advertised, in bytes, or null when A sent no segment
     * @param zeroWindow how many segments advertised a zero window
     * @param handshake whether the capture holds the connection's SYN
     */
    public record TcpFindings(long retransmissions, Long windowMinA, Long windowMinB, long zeroWindow,
            boolean handshake) {
        Map<String, Object> jsonFields() {
            return map("retransmissions", retransmissions, "window_min_a", windowMinA, "window_min_b", windowMinB,
                    "zero_window", zeroWindow, "handshake", handshake);
        }
    }
}

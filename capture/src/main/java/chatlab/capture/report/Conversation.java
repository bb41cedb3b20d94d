package chatlab.capture.report;

import static chatlab.capture.report.LabAnswers.map;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.Flow;
import chatlab.capture.flow.TcpConnection;
import chatlab.capture.flow.UdpFlow;
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

    static Conversation of(TcpConnection c, Analysis a) {
        return of("tcp", c.stream(), c, a, new TcpFindings(c.totalRetransmissions(),
                c.a().minWindow() < 0 ? null : c.a().minWindow(), c.b().minWindow() < 0 ? null : c.b().minWindow(),
                c.zeroWindow().count(), c.synFrame() != 0));
    }

    static Conversation of(UdpFlow u, Analysis a) {
        return of("udp", u.stream(), u, a, null);
    }

    private static Conversation of(String protocol, int stream, Flow f, Analysis a, TcpFindings tcp) {
        return new Conversation(protocol, stream, LabAnswers.endpoint(f.addressA(), f.portA()),
                LabAnswers.endpoint(f.addressB(), f.portB()), f.packets(), f.packetsFromA(), f.bytes(), f.bytesFromA(),
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

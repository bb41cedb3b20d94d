package chatlab.capture.report;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.TcpConnection;
import chatlab.capture.flow.UdpFlow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every TCP connection and UDP flow of the file, like {@code tshark -z conv,tcp -z conv,udp}. */
public final class ConversationsReport {
    private ConversationsReport() {
    }

    public static List<Object> json(Analysis a) {
        List<Object> out = new ArrayList<>();
        for (TcpConnection c : a.connections()) {
            Map<String, Object> m = common("tcp", c.stream(), c.addressA(), c.portA(), c.addressB(), c.portB(),
                    c.packets(), c.packetsFromA(), c.bytes(), c.bytesFromA(), c.firstNanos(), c.lastNanos(), a);
            m.put("retransmissions", c.totalRetransmissions());
            m.put("window_min_a", c.a().minWindow() < 0 ? null : c.a().minWindow());
            m.put("window_min_b", c.b().minWindow() < 0 ? null : c.b().minWindow());
            m.put("zero_window", c.zeroWindow().count());
            m.put("handshake", c.synFrame() != 0);
            out.add(m);
        }
        for (UdpFlow u : a.udpFlows()) {
            out.add(common("udp", u.stream(), u.addressA(), u.portA(), u.addressB(), u.portB(), u.packets(),
                    u.packetsFromA(), u.bytes(), u.bytesFromA(), u.firstNanos(), u.lastNanos(), a));
        }
        return out;
    }

    private static Map<String, Object> common(String proto, int stream, String addrA, int portA, String addrB,
                                              int portB, long packets, long packetsA, long bytes, long bytesA,
                                              long first, long last, Analysis a) {
        return LabAnswers.map("protocol", proto, "stream", stream, "a", LabAnswers.endpoint(addrA, portA),
                "b", LabAnswers.endpoint(addrB, portB), "packets", packets, "packets_a_to_b", packetsA,
                "packets_b_to_a", packets - packetsA, "bytes", bytes, "bytes_a_to_b", bytesA,
                "bytes_b_to_a", bytes - bytesA, "relative_start_s", (first - a.firstNanos()) / 1e9,
                "duration_s", (last - first) / 1e9);
    }

    public static void render(Analysis a, PrintWriter out) {
        out.printf("%s: %d TCP connections, %d UDP flows%n%n", a.file(), a.connections().size(), a.udpFlows().size());
        out.printf("%-4s %6s  %-45s %-45s %8s %12s %10s %10s %8s %12s%n", "", "stream", "A", "B", "packets", "bytes",
                "start s", "duration s", "retrans", "min window");
        for (Object o : json(a)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            String minWin = "";
            if ("tcp".equals(m.get("protocol"))) {
                Object wa = m.get("window_min_a");
                Object wb = m.get("window_min_b");
                minWin = (wa == null ? "-" : wa) + "/" + (wb == null ? "-" : wb);
            }
            out.printf("%-4s %6s  %-45s %-45s %8s %12s %10.6f %10.6f %8s %12s%n", m.get("protocol"), m.get("stream"),
                    m.get("a"), m.get("b"), m.get("packets"), m.get("bytes"), (Double) m.get("relative_start_s"),
                    (Double) m.get("duration_s"), m.getOrDefault("retransmissions", ""), minWin);
        }
        out.flush();
    }
}

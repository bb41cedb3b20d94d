package chatlab.capture.report;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.TcpConnection;
import chatlab.capture.flow.UdpFlow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Every TCP connection and UDP flow of the file, like {@code tshark -z conv,tcp -z conv,udp}. */
public final class ConversationsReport {
    private ConversationsReport() {
    }

    /** The TCP connections, then the UDP flows, each in the order of their first packet. */
    public static List<Conversation> json(Analysis a) {
        List<Conversation> out = new ArrayList<>();
        for (TcpConnection c : a.connections()) {
            out.add(Conversation.of(c, a));
        }
        for (UdpFlow u : a.udpFlows()) {
            out.add(Conversation.of(u, a));
        }
        return out;
    }

    public static void render(Analysis a, PrintWriter out) {
        out.printf("%s: %d TCP connections, %d UDP flows%n%n", a.file(), a.connections().size(), a.udpFlows().size());
        out.printf("%-4s %6s  %-45s %-45s %8s %12s %10s %10s %8s %12s%n", "", "stream", "A", "B", "packets", "bytes",
                "start s", "duration s", "retrans", "min window");
        for (Conversation c : json(a)) {
            Conversation.TcpFindings tcp = c.tcp();
            String minWin = tcp == null ? "" : (tcp.windowMinA() == null ? "-" : tcp.windowMinA()) + "/"
                    + (tcp.windowMinB() == null ? "-" : tcp.windowMinB());
            out.printf("%-4s %6s  %-45s %-45s %8s %12s %10.6f %10.6f %8s %12s%n", c.protocol(), c.stream(), c.a(),
                    c.b(), c.packets(), c.bytes(), c.relativeStartS(), c.durationS(),
                    tcp == null ? "" : tcp.retransmissions(), minWin);
        }
        out.flush();
    }
}

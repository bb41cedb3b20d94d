package chatlab.capture.report;

import chatlab.capture.flow.Analysis;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every TCP connection and UDP flow of the file, like {@code tshark -z conv,tcp -z conv,udp}. The rows are read
 * one at a time from the analysis's conversation tables, so a capture of millions of connections is listed in
 * constant memory.
 */
public final class ConversationsReport {
    private ConversationsReport() {
    }

    /** The TCP connections, then the UDP flows, each in the order of their first packet. */
    public static void forEach(Analysis a, Consumer<Conversation> action) {
        a.tcpConversations().forEach(f -> action.accept(Conversation.of(f, a)));
        a.udpConversations().forEach(f -> action.accept(Conversation.of(f, a)));
    }

    /** All rows as a list, for small captures and tests; {@link #writeJson} and {@link #render} stream them. */
    public static List<Conversation> json(Analysis a) {
        List<Conversation> out = new ArrayList<>();
        forEach(a, out::add);
        return out;
    }

    /** {@code {"conversations": [...]}}, one row at a time. */
    public static void writeJson(Analysis a, PrintWriter out) {
        Json.ArrayStream rows = new Json.ArrayStream(out, "conversations");
        forEach(a, rows::add);
        rows.end();
        out.flush();
    }

    public static void render(Analysis a, PrintWriter out) {
        out.printf("%s: %d TCP connections, %d UDP flows%n%n", a.file(), a.tcpConnections(), a.udpFlows());
        out.printf("%-4s %6s  %-45s %-45s %8s %12s %10s %10s %8s %12s%n", "", "stream", "A", "B", "packets", "bytes",
                "start s", "duration s", "retrans", "min window");
        forEach(a, c -> {
            Conversation.TcpFindings tcp = c.tcp();
            String minWin = tcp == null ? "" : (tcp.windowMinA() == null ? "-" : tcp.windowMinA()) + "/"
                    + (tcp.windowMinB() == null ? "-" : tcp.windowMinB());
            out.printf("%-4s %6s  %-45s %-45s %8s %12s %10.6f %10.6f %8s %12s%n", c.protocol(), c.stream(), c.a(),
                    c.b(), c.packets(), c.bytes(), c.relativeStartS(), c.durationS(),
                    tcp == null ? "" : tcp.retransmissions(), minWin);
        });
        out.flush();
    }
}

package chatlab.capture.report;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.RetransmissionDetail;
import chatlab.capture.flow.TcpConnection;
import java.io.PrintWriter;

/** The default output of {@code chatlab analyze}: each question with its answer and the evidence, as plain text. */
public final class TextReport {
    private TextReport() {
    }

    static String frames(long[] a) {
        if (a.length == 0) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length && i < 30; i++) {
            sb.append(i == 0 ? "" : ", ").append(a[i]);
        }
        if (a.length > 30) {
            sb.append(", ... (").append(a.length).append(" in all)");
        }
        return sb.toString();
    }

    public static void render(Analysis a, PrintWriter out) {
        LabAnswers answers = LabAnswers.of(a);
        out.printf("%s: %s, %d frames%n", a.file(), a.format(), a.frames());
        problems(a, out);
        out.println();
        if (a.selected() == null) {
            out.printf("No TCP connection to port %d%s was found, so Q3 to Q6 have no answer.%n",
                    a.options().serverPort(), a.options().client() == null ? "" : " from " + a.options().client());
            out.printf("TCP connections in the file: %d (see --conversations; choose with --server-port and --client).%n",
                    a.connections().size());
        } else {
            LabAnswers.Connection c = answers.connection();
            out.printf("Connection: %s -> %s (tcp.stream eq %s), %s packets, frames %s to %s; chosen as %s.%n",
                    c.client(), c.server(), c.stream(), c.packets(), c.firstFrame(), c.lastFrame(), c.selectedBy());
            others(a, out);
            out.println();
            q3(answers.tcp().syn(), out);
            q4(answers.tcp().synAck(), out);
            q5(answers.tcp(), out);
            q6(answers.tcp(), out);
        }
        udp(answers.udp().first(), out);
        LabAnswers.Ports ports = answers.ports();
        out.println("Q11  Largest port number");
        out.printf("     65535: ports are 16-bit fields (2 bytes), so 2^16 - 1. Largest seen in this capture: %s%s.%n",
                ports.largestSeen() == null ? "none" : ports.largestSeen(),
                ports.largestSeenFrame() == null ? "" : " (frame " + ports.largestSeenFrame() + ")");
        out.println();
        LabAnswers.IpProtocol ip = answers.ip();
        out.println("Q12  UDP protocol number");
        out.printf("     %s, %s%s.%n", ip.udpProtocolNumber(), ip.field(),
                ip.frame() == null ? "" : " of frame " + ip.frame());
        out.flush();
    }

    /** The other connections to the server port, so a student can pick one with --client. */
    private static void others(Analysis a, PrintWriter out) {
        int port = a.options().serverPort();
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (TcpConnection c : a.connections()) {
            if (c == a.selected() || (c.portA() != port && c.portB() != port)) {
                continue;
            }
            if (n++ < 10) {
                boolean clientA = c.clientIsA(port);
                sb.append(n == 1 ? "" : ", ").append(LabAnswers.endpoint(clientA ? c.addressA() : c.addressB(),
                        clientA ? c.portA() : c.portB())).append(" (tcp.stream eq ").append(c.stream()).append(')');
            }
        }
        if (n > 0) {
            out.printf("Other connections to port %d: %s%s; choose one with --client IP.%n", port, sb,
                    n > 10 ? " and " + (n - 10) + " more" : "");
        }
    }

    static void problems(Analysis a, PrintWriter out) {
        if (a.truncatedFrames() > 0) {
            out.printf("Note: %d frame(s) were cut by the snap length (first: frame %d); header fields are still read "
                    + "where present, payload beyond the cut is unknown.%n", a.truncatedFrames(), a.firstTruncatedFrame());
        }
        a.problems().forEach(p -> out.println("Problem: " + p));
        if (a.problemCount() > a.problems().size()) {
            out.printf("... and %d more problems.%n", a.problemCount() - a.problems().size());
        }
    }

    private static void q3(TcpAnswers.Syn syn, PrintWriter out) {
        out.println("Q3   SYN sequence number");
        if (syn == null) {
            out.println("     The capture has no SYN for this connection (it started after the handshake).");
        } else {
            out.printf("     Frame %s: sequence number %s (raw), 0 relative.%n", syn.frame(), syn.seqRaw());
            out.printf("     It is a SYN because the flags field is %s (%s): %s.%n", syn.flagsHex(), syn.flags(),
                    TcpAnswers.Syn.SYN_BIT);
        }
        out.println();
    }

    private static void q4(TcpAnswers.SynAck sa, PrintWriter out) {
        out.println("Q4   SYN-ACK sequence and acknowledgement numbers");
        if (sa == null) {
            out.println("     The capture has no SYN-ACK for this connection.");
        } else {
            out.printf("     Frame %s: sequence number %s (raw), acknowledgement number %s (raw, 1 relative).%n",
                    sa.frame(), sa.seqRaw(), sa.ackRaw());
            out.printf("     The server derived the acknowledgement as %s.%n", sa.ackDerivation());
            out.printf("     It is a SYN-ACK because the flags field is %s (%s): %s.%n", sa.flagsHex(), sa.flags(),
                    TcpAnswers.SynAck.SYNACK_BITS);
        }
        out.println();
    }

    private static void q5(TcpAnswers t, PrintWriter out) {
        out.println("Q5   Minimum advertised receive window, and throttling");
        out.printf("     Window scaling: %s (client shift %s, server shift %s).%n", t.windowScale().status(),
                orDash(t.windowScale().clientShift()), orDash(t.windowScale().serverShift()));
        minWindow("client", t.windowMin().advertisedByClient(), out);
        minWindow("server", t.windowMin().advertisedByServer(), out);
        out.printf("     Zero window (tcp.analysis.zero_window): %s.%n", frames(t.zeroWindowFrames()));
        out.printf("     Window full (tcp.analysis.window_full): %s.%n", frames(t.windowFullFrames()));
        out.printf("     Throttled: %s.%n", t.throttled()
                ? "yes, the receiver's window reached zero or the sender filled it (frames above)"
                : "no, the window never reached zero and no segment filled it");
        out.println();
    }

    private static void minWindow(String side, TcpAnswers.MinWindow w, PrintWriter out) {
        if (w == null) {
            out.printf("     Advertised by the %s: no segments.%n", side);
            return;
        }
        out.printf("     Advertised by the %s: minimum %s bytes in frame %s (window field %s x %s; %s).%n", side,
                w.bytes(), w.frame(), w.windowField(), orDash(w.multiplier()), w.scale());
        if (w.afterHandshakeBytes() != null && w.afterHandshakeFrame() != w.frame()) {
            out.printf("       After the handshake (SYNs left out): minimum %s bytes in frame %s.%n",
                    w.afterHandshakeBytes(), w.afterHandshakeFrame());
        }
    }

    private static void q6(TcpAnswers t, PrintWriter out) {
        TcpAnswers.Retransmissions r = t.retransmissions();
        out.println("Q6   Retransmissions");
        out.printf("     %s in all: %s retransmission, %s fast retransmission, %s spurious retransmission.%n",
                r.total(), r.retransmission().count(), r.fastRetransmission().count(),
                r.spuriousRetransmission().count());
        for (RetransmissionDetail d : r.details()) {
            out.printf("     Frame %s: %s%n", d.frame(), d.rule());
        }
        out.println("     Checked: for each segment carrying data (or SYN/FIN), whether its sequence number is below the"
                + " highest next sequence number already seen in that direction, as Wireshark does.");
        out.printf("     Also: out-of-order %s; previous segment not captured %s; duplicate ACKs %s.%n",
                frames(t.outOfOrderFrames()), frames(t.lostSegmentFrames()), frames(t.duplicateAckFrames()));
        out.println();
    }

    private static void udp(UdpAnswers.Datagram d, PrintWriter out) {
        if (d == null) {
            out.println("Q7-Q10  No UDP datagram of the direct chat was found (direct messages go from client to client, "
                    + "so they are in a client's capture, not the server's); the general answers follow.");
            out.println("Q7   The UDP header has 4 fields: Source Port, Destination Port, Length, Checksum.");
            out.println("Q8   Each field is 2 bytes (8-byte header).");
            out.println("Q9   Length counts the UDP header plus the payload, in bytes.");
        } else {
            out.printf("Q7   UDP datagram: frame %s (%s).%n", d.frame(), d.chosenBy());
            out.println("     The UDP header has 4 fields.");
            out.println();
            out.println("Q8   Each field is 2 bytes:");
            out.printf("       Source Port       %s%n", d.sourcePort());
            out.printf("       Destination Port  %s%n", d.destinationPort());
            out.printf("       Length            %s%n", d.lengthField());
            out.printf("       Checksum          %s%n", d.checksum());
            out.println();
            out.println("Q9   Length is the length of the UDP header plus the payload, in bytes.");
            out.printf("     Checked on this datagram: %s; payload %s.%n", d.lengthCheck(), quote(d.payloadText()));
        }
        out.println();
        out.println("Q10  Maximum UDP payload");
        out.printf("     65,535 - 8 = %,d bytes (Length is 16 bits and counts the 8-byte header); over IPv4, whose"
                + " 16-bit total length also counts its 20-byte header, %,d.%n", LabAnswers.UDP_MAX_PAYLOAD,
                LabAnswers.UDP_MAX_PAYLOAD_IPV4);
        out.println();
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String quote(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "\"" + t.replace("\n", "\\n") + "\"";
    }
}

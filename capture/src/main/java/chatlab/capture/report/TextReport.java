package chatlab.capture.report;

import chatlab.capture.flow.Analysis;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The default output of {@code chatlab analyze}: each question with its answer and the evidence, as plain text. */
public final class TextReport {
    private TextReport() {
    }

    @SuppressWarnings("unchecked")
    static Object get(Map<String, Object> m, String path) {
        Object cur = m;
        for (String k : path.split("\\.")) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<String, Object>) cur).get(k);
        }
        return cur;
    }

    static String frames(Object arr) {
        if (arr instanceof long[] a) {
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
        return "none";
    }

    public static void render(Analysis a, PrintWriter out) {
        Map<String, Object> m = LabAnswers.of(a);
        out.printf("%s: %s, %d frames%n", a.file(), a.format(), a.frames());
        problems(a, out);
        out.println();
        if (a.selected() == null) {
            out.printf("No TCP connection to port %d%s was found, so Q3 to Q6 have no answer.%n",
                    a.options().serverPort(), a.options().client() == null ? "" : " from " + a.options().client());
            out.printf("TCP connections in the file: %d (see --conversations; choose with --server-port and --client).%n",
                    a.connections().size());
        } else {
            out.printf("Connection: %s -> %s (tcp.stream eq %s), %s packets, frames %s to %s; chosen as %s.%n",
                    get(m, "connection.client"), get(m, "connection.server"), get(m, "connection.stream"),
                    get(m, "connection.packets"), get(m, "connection.first_frame"), get(m, "connection.last_frame"),
                    get(m, "connection.selected_by"));
            others(a, out);
            out.println();
            q3(m, out);
            q4(m, out);
            q5(m, out);
            q6(m, out);
        }
        udp(m, out);
        out.println("Q11  Largest port number");
        out.printf("     65535: ports are 16-bit fields (2 bytes), so 2^16 - 1. Largest seen in this capture: %s%s.%n",
                get(m, "ports.largest_seen") == null ? "none" : get(m, "ports.largest_seen"),
                get(m, "ports.largest_seen_frame") == null ? "" : " (frame " + get(m, "ports.largest_seen_frame") + ")");
        out.println();
        out.println("Q12  UDP protocol number");
        out.printf("     %s, %s%s.%n", get(m, "ip.udp_protocol_number"), get(m, "ip.udp_protocol_field"),
                get(m, "ip.udp_protocol_frame") == null ? "" : " of frame " + get(m, "ip.udp_protocol_frame"));
        out.flush();
    }

    /** The other connections to the server port, so a student can pick one with --client. */
    private static void others(Analysis a, PrintWriter out) {
        int port = a.options().serverPort();
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (chatlab.capture.flow.TcpConnection c : a.connections()) {
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

    private static void q3(Map<String, Object> m, PrintWriter out) {
        out.println("Q3   SYN sequence number");
        if (get(m, "tcp.syn") == null) {
            out.println("     The capture has no SYN for this connection (it started after the handshake).");
        } else {
            out.printf("     Frame %s: sequence number %s (raw), 0 relative.%n", get(m, "tcp.syn.frame"),
                    get(m, "tcp.syn.seq_raw"));
            out.printf("     It is a SYN because the flags field is %s (%s): %s.%n", get(m, "tcp.syn.flags_hex"),
                    get(m, "tcp.syn.flags"), get(m, "tcp.syn.syn_bit"));
        }
        out.println();
    }

    private static void q4(Map<String, Object> m, PrintWriter out) {
        out.println("Q4   SYN-ACK sequence and acknowledgement numbers");
        if (get(m, "tcp.synack") == null) {
            out.println("     The capture has no SYN-ACK for this connection.");
        } else {
            out.printf("     Frame %s: sequence number %s (raw), acknowledgement number %s (raw, 1 relative).%n",
                    get(m, "tcp.synack.frame"), get(m, "tcp.synack.seq_raw"), get(m, "tcp.synack.ack_raw"));
            out.printf("     The server derived the acknowledgement as %s.%n", get(m, "tcp.synack.ack_derivation"));
            out.printf("     It is a SYN-ACK because the flags field is %s (%s): %s.%n", get(m, "tcp.synack.flags_hex"),
                    get(m, "tcp.synack.flags"), get(m, "tcp.synack.synack_bits"));
        }
        out.println();
    }

    private static void q5(Map<String, Object> m, PrintWriter out) {
        out.println("Q5   Minimum advertised receive window, and throttling");
        out.printf("     Window scaling: %s (client shift %s, server shift %s).%n", get(m, "tcp.window_scale.status"),
                orDash(get(m, "tcp.window_scale.client_shift")), orDash(get(m, "tcp.window_scale.server_shift")));
        for (String side : List.of("client", "server")) {
            String key = "tcp.window_min.advertised_by_" + side;
            if (get(m, key) == null) {
                out.printf("     Advertised by the %s: no segments.%n", side);
            } else {
                out.printf("     Advertised by the %s: minimum %s bytes in frame %s (window field %s x %s; %s).%n", side,
                        get(m, key + ".bytes"), get(m, key + ".frame"), get(m, key + ".window_field"),
                        orDash(get(m, key + ".multiplier")), get(m, key + ".scale"));
                if (get(m, key + ".after_handshake_bytes") != null
                        && !get(m, key + ".after_handshake_frame").equals(get(m, key + ".frame"))) {
                    out.printf("       After the handshake (SYNs left out): minimum %s bytes in frame %s.%n",
                            get(m, key + ".after_handshake_bytes"), get(m, key + ".after_handshake_frame"));
                }
            }
        }
        out.printf("     Zero window (tcp.analysis.zero_window): %s.%n", frames(get(m, "tcp.zero_window_frames")));
        out.printf("     Window full (tcp.analysis.window_full): %s.%n", frames(get(m, "tcp.window_full_frames")));
        out.printf("     Throttled: %s.%n", Boolean.TRUE.equals(get(m, "tcp.throttled"))
                ? "yes, the receiver's window reached zero or the sender filled it (frames above)"
                : "no, the window never reached zero and no segment filled it");
        out.println();
    }

    @SuppressWarnings("unchecked")
    private static void q6(Map<String, Object> m, PrintWriter out) {
        out.println("Q6   Retransmissions");
        out.printf("     %s in all: %s retransmission, %s fast retransmission, %s spurious retransmission.%n",
                get(m, "tcp.retransmissions.total"), get(m, "tcp.retransmissions.retransmission.count"),
                get(m, "tcp.retransmissions.fast_retransmission.count"),
                get(m, "tcp.retransmissions.spurious_retransmission.count"));
        for (Object o : (List<Object>) get(m, "tcp.retransmissions.details")) {
            Map<String, Object> d = (Map<String, Object>) o;
            out.printf("     Frame %s: %s%n", d.get("frame"), d.get("rule"));
        }
        out.println("     Checked: for each segment carrying data (or SYN/FIN), whether its sequence number is below the"
                + " highest next sequence number already seen in that direction, as Wireshark does.");
        out.printf("     Also: out-of-order %s; previous segment not captured %s; duplicate ACKs %s.%n",
                frames(get(m, "tcp.out_of_order_frames")), frames(get(m, "tcp.lost_segment_frames")),
                frames(get(m, "tcp.duplicate_ack_frames")));
        out.println();
    }

    private static void udp(Map<String, Object> m, PrintWriter out) {
        String f = "udp.first";
        if (get(m, f) == null) {
            out.println("Q7-Q10  No UDP datagram of the direct chat was found (direct messages go from client to client, "
                    + "so they are in a client's capture, not the server's); the general answers follow.");
            out.println("Q7   The UDP header has 4 fields: Source Port, Destination Port, Length, Checksum.");
            out.println("Q8   Each field is 2 bytes (8-byte header).");
            out.println("Q9   Length counts the UDP header plus the payload, in bytes.");
        } else {
            out.printf("Q7   UDP datagram: frame %s (%s).%n", get(m, f + ".frame"), get(m, f + ".chosen_by"));
            out.println("     The UDP header has 4 fields.");
            out.println();
            out.println("Q8   Each field is 2 bytes:");
            out.printf("       Source Port       %s%n", get(m, f + ".source_port"));
            out.printf("       Destination Port  %s%n", get(m, f + ".destination_port"));
            out.printf("       Length            %s%n", get(m, f + ".length_field"));
            out.printf("       Checksum          %s%n", get(m, f + ".checksum"));
            out.println();
            out.println("Q9   Length is the length of the UDP header plus the payload, in bytes.");
            out.printf("     Checked on this datagram: %s; payload %s.%n", get(m, f + ".length_check"),
                    quote(String.valueOf(get(m, f + ".payload_text"))));
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

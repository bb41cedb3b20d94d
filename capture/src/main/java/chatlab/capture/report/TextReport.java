package chatlab.capture.report;

import chatlab.capture.file.ProblemLog;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.FrameCopy;
import chatlab.capture.flow.RetransmissionDetail;
import java.io.PrintWriter;

/**
 * The default output of {@code chatlab analyze}: each question with its answer and the evidence, as plain text,
 * then the problems of the file, alike ones grouped.
 */
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
        notes(a, out);
        out.println();
        if (a.selected() == null) {
            out.printf("No TCP connection to port %d%s was found, so Q3 to Q6 have no answer.%n",
                    a.options().serverPort(), a.options().client() == null ? "" : " from " + a.options().client());
            out.printf("TCP connections in the file: %d (see --conversations; choose with --server-port and --client).%n",
                    a.tcpConnections());
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
        udp(a, answers.udp().first(), out);
        LabAnswers.Ports ports = answers.ports();
        out.println("Q11  Largest port number");
        out.printf("     65535: ports are 16-bit fields (2 bytes), so 2^16 - 1. Largest seen in this capture: %s%s.%n",
                ports.largestSeen() == null ? "none" : ports.largestSeen(),
                ports.largestSeenFrame() == null ? "" : " (frame " + ports.largestSeenFrame() + ")");
        out.println();
        LabAnswers.IpProtocol ip = answers.ip();
        out.println("Q12  UDP protocol number");
        FrameCopy datagram = a.udpCopy() != null ? a.udpCopy() : a.firstUdpCopy();
        out.printf("     %s, %s%s.%n", ip.udpProtocolNumber(), ip.field(), ip.frame() == null ? ""
                : " of frame " + ip.frame() + (a.udpCopy() == null
                        ? " (the first UDP datagram in the capture, as none answers Q7 to Q10)" : "")
                + (datagram.fragments() > 0 ? "; the datagram came in " + datagram.fragments() + " IP fragments, "
                        + "each carrying this field" : ""));
        problems(a, out);
        out.flush();
    }

    /** The other connections to the server port, so a student can pick one with --client. */
    private static void others(Analysis a, PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        int named = 0;
        for (Analysis.PortConnection c : a.otherConnections()) {
            if (a.selected() != null && c.stream() == a.selected().stream()) {
                continue;
            }
            if (named < 10) {
                sb.append(named == 0 ? "" : ", ").append(c.client()).append(" (tcp.stream eq ").append(c.stream())
                        .append(')');
                named++;
            }
        }
        long n = a.otherConnectionCount() - (a.selected() == null ? 0 : 1);
        if (n > 0) {
            out.printf("Other connections to port %d: %s%s; choose one with --client IP.%n", a.options().serverPort(),
                    sb, n > named ? " and " + (n - named) + " more" : "");
        }
    }

    /** Before the answers: one line each on what limits them (a snap length, problems listed after them). */
    static void notes(Analysis a, PrintWriter out) {
        if (a.truncatedFrames() > 0) {
            out.printf("Note: %d frame(s) were cut by the snap length (first: frame %d); header fields are still read "
                    + "where present, payload beyond the cut is unknown.%n", a.truncatedFrames(), a.firstTruncatedFrame());
        }
        if (a.problemCount() > 0) {
            out.printf("Note: the file has %d problem(s), of %d kind(s); they are listed after the answers.%n",
                    a.problemCount(), a.problemGroups().size());
        }
    }

    /** After the answers: each kind of problem once, with its frames and the first of them word for word. */
    public static void problems(Analysis a, PrintWriter out) {
        if (a.problemCount() == 0) {
            return;
        }
        out.println();
        out.printf("Problems in the file (%d):%n", a.problemCount());
        for (ProblemLog.Group g : a.problemGroups()) {
            out.println("  " + group(g));
        }
    }

    /** {@code frames 12-880: TCP options cut by the snap length (434 frames); first: frame 12, ...}. */
    static String group(ProblemLog.Group g) {
        if (g.count() == 1) {
            return g.first().toString();
        }
        String where = g.frames() == 0 ? "" : g.firstFrame() == g.lastFrame() ? "frame " + g.firstFrame() + ": "
                : "frames " + g.firstFrame() + "-" + g.lastFrame() + ": ";
        String many = g.frames() == g.count() ? g.count() + " frames" : g.count() + " times";
        return where + g.kind() + " (" + many + "); first: " + g.first();
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
            out.printf("     Frame %s: sequence number %s (raw), acknowledgement number %s (raw, %s relative).%n",
                    sa.frame(), sa.seqRaw(), sa.ackRaw(), sa.ackRelative());
            if (Boolean.FALSE.equals(sa.ackEqualsSynSeqPlus1())) {
                out.printf("     The acknowledgement is not SYN seq + 1 (JSON: ack_equals_syn_seq_plus_1 = false): %s.%n",
                        sa.ackDerivation());
            } else {
                out.printf("     The server derived the acknowledgement as %s.%n", sa.ackDerivation());
            }
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
        if (t.windowScale().known() || t.windowFullFrames().length > 0) {
            out.printf("     Window full (tcp.analysis.window_full): %s%s.%n", frames(t.windowFullFrames()),
                    t.windowScale().known() ? "" : " (by Wireshark's rule, which here assumes the scale one SYN "
                            + "announced)");
        } else {
            out.println("     Window full (tcp.analysis.window_full): not checked: it needs the receiver's window scale.");
        }
        out.printf("     Throttled: %s.%n", t.throttledReason());
        out.println();
    }

    private static void minWindow(String side, TcpAnswers.MinWindow w, PrintWriter out) {
        if (w == null) {
            out.printf("     Advertised by the %s: no segments.%n", side);
            return;
        }
        if (w.multiplier() == null) {
            if (w.bytes() != null) {
                out.printf("     Advertised by the %s: minimum %s bytes in frame %s (window field %s; %s).%n", side,
                        w.bytes(), w.frame(), w.windowField(), w.scale());
            } else {
                out.printf("     Advertised by the %s: minimum unknown in bytes, between %s and %s; the smallest window "
                        + "field is %s, in frame %s (%s).%n", side, w.bytesMin(), w.bytesMax(), w.windowField(),
                        w.frame(), w.scale());
            }
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
        if (t.optionsCut() != null) {
            TcpAnswers.OptionsCut c = t.optionsCut();
            out.printf("     The snap length cut the TCP options of %d segment(s) of this connection (frames %d to %d): "
                    + "Wireshark shows no tcp.analysis flags on those, chatlab classifies them from their fixed header "
                    + "by the same rules, so tshark may list fewer findings.%n", c.segments(), c.firstFrame(),
                    c.lastFrame());
        }
        out.printf("     Also: out-of-order %s; previous segment not captured %s; duplicate ACKs %s.%n",
                frames(t.outOfOrderFrames()), frames(t.lostSegmentFrames()), frames(t.duplicateAckFrames()));
        out.println();
    }

    private static void udp(Analysis a, UdpAnswers.Datagram d, PrintWriter out) {
        if (d == null) {
            out.println("Q7-Q10  " + noDatagram(a) + "; the general answers follow.");
            out.println("Q7   The UDP header has 4 fields: Source Port, Destination Port, Length, Checksum.");
            out.println("Q8   Each field is 2 bytes (8-byte header).");
            out.println("Q9   Length counts the UDP header plus the payload, in bytes.");
        } else {
            out.printf("Q7   UDP datagram: frame %s (%s)%s.%n", d.frame(), d.chosenBy(), d.fragments() == null ? ""
                    : ", rebuilt from " + d.fragments() + " IP fragments in frames " + d.firstFragmentFrame() + " to "
                    + d.frame() + ", as Wireshark shows it");
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

    /** Why Q7 to Q10 have no datagram of their own. */
    private static String noDatagram(Analysis a) {
        if (a.udpFrameNote() != null || (a.options().udpFrame() > 0 && a.firstUdpCopy() != null)) {
            return "Frame " + a.options().udpFrame() + " given with --udp-frame is not a UDP datagram ("
                    + (a.udpFrameNote() == null ? "the file has only " + a.frames() + " frames" : a.udpFrameNote())
                    + "); the capture has " + a.udpPackets() + " UDP datagram(s)" + (a.firstUdpCopy() == null ? ""
                    : ", the first in frame " + a.firstUdpCopy().number() + "; give one of them, or leave the option "
                    + "out");
        }
        if (a.options().udpFrame() > 0) {
            return "Frame " + a.options().udpFrame() + " given with --udp-frame is not a UDP datagram, and the capture "
                    + "has none";
        }
        if (a.udpPackets() > 0) {
            return "No UDP datagram of the direct chat was found: the capture's " + a.udpPackets() + " UDP "
                    + "datagram(s) are all DNS, DHCP, NTP, NetBIOS, SSDP, mDNS or LLMNR"
                    + (a.options().client() == null ? "" : ", or not from or to " + a.options().client())
                    + "; give one with --udp-frame";
        }
        return "No UDP datagram of the direct chat was found (direct messages go from client to client, so they are "
                + "in a client's capture, not the server's)";
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String quote(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "\"" + t.replace("\n", "\\n") + "\"";
    }
}

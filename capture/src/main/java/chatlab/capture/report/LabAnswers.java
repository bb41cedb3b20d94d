package chatlab.capture.report;

import chatlab.capture.decode.Ipv4Header;
import chatlab.capture.decode.Packet;
import chatlab.capture.decode.UdpHeader;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.ProblemLog;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.FrameCopy;
import chatlab.capture.flow.TcpConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers to the lab's questions Q3 to Q12 for one capture: the source the text, JSON ({@code chatlab analyze
 * --json}), Markdown and testbed outputs read. Its JSON field names are part of the interface (docs/CAPTURE.md).
 *
 * @param connection the connection the TCP questions are about, or null when the capture has none
 * @param tcp Q3 to Q6 on that connection, or null with it
 * @param udp Q7 to Q10
 * @param ports Q11
 * @param ip Q12
 */
public record LabAnswers(String file, String format, long frames, int tcpConnections, int udpFlows,
        long truncatedFrames, long problemCount, List<CaptureProblem> problems, List<ProblemLog.Group> problemGroups,
        Connection connection, TcpAnswers tcp, UdpAnswers udp, Ports ports, IpProtocol ip) implements JsonObject {
    /** RFC 768: Length is 16 bits, the header 8 bytes. */
    public static final int UDP_MAX_PAYLOAD = UdpHeader.MAX_LENGTH_FIELD - UdpHeader.LENGTH;
    /** Over IPv4 the 16-bit Total Length also counts the 20-byte minimum IP header (RFC 791). */
    public static final int UDP_MAX_PAYLOAD_IPV4 = UdpHeader.MAX_LENGTH_FIELD - Ipv4Header.MIN_LENGTH - UdpHeader.LENGTH;
    /** IPv6's Payload Length excludes its own header (RFC 8200), so without jumbograms it is 65,535 - 8. */
    public static final int UDP_MAX_PAYLOAD_IPV6 = UdpHeader.MAX_LENGTH_FIELD - UdpHeader.LENGTH;
    public static final int MAX_PORT = 0xFFFF;
    /** Ports are 16-bit fields (RFC 9293, RFC 768). */
    public static final int PORT_FIELD_BITS = 16;

    public LabAnswers {
        problems = List.copyOf(problems);
        problemGroups = List.copyOf(problemGroups);
    }

    public static LabAnswers of(Analysis a) {
        return new LabAnswers(a.file(), a.format(), a.frames(), a.tcpConnections(), a.udpFlows(),
                a.truncatedFrames(), a.problemCount(), a.problems(), a.problemGroups(), Connection.of(a), TcpAnswers.of(a),
                UdpAnswers.of(a), new Ports(a.maxPortSeen() < 0 ? null : a.maxPortSeen(),
                        a.maxPortSeen() < 0 ? null : a.maxPortFrame()), IpProtocol.of(a));
    }

    @Override
    public Map<String, Object> jsonFields() {
        List<Object> problemList = new ArrayList<>();
        for (CaptureProblem p : problems) {
            problemList.add(map("frame", p.frame(), "byte_offset", p.byteOffset(), "message", p.message()));
        }
        List<Object> groupList = new ArrayList<>();
        for (ProblemLog.Group g : problemGroups) {
            groupList.add(map("kind", g.kind(), "count", g.count(), "first_frame", g.frames() == 0 ? null : g.firstFrame(),
                    "last_frame", g.frames() == 0 ? null : g.lastFrame(), "first", g.first().toString()));
        }
        return map("file", file, "format", format, "frames", frames, "tcp_connections", tcpConnections,
                "udp_flows", udpFlows, "truncated_frames", truncatedFrames, "problem_count", problemCount,
                "problems", problemList, "problem_groups", groupList, "connection", connection, "tcp", tcp, "udp", udp,
                "ports", ports, "ip", ip);
    }

    /** An ordered JSON object from name, value pairs. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** An endpoint as Wireshark writes it: {@code 10.0.0.1:5000}, {@code [2001:db8::1]:5000}. */
    static String endpoint(String addr, int port) {
        return (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + port;
    }

    /** The connection the TCP questions are about, and why it was chosen. */
    public record Connection(int stream, String client, String server, long firstFrame, long lastFrame, long packets,
            String selectedBy) implements JsonObject {
        static Connection of(Analysis a) {
            TcpConnection c = a.selected();
            if (c == null) {
                return null;
            }
            boolean clientA = a.clientIsA();
            return new Connection(c.stream(),
                    endpoint(clientA ? c.addressA() : c.addressB(), clientA ? c.portA() : c.portB()),
                    endpoint(clientA ? c.addressB() : c.addressA(), clientA ? c.portB() : c.portA()),
                    c.firstFrame(), c.lastFrame(), c.packets(), a.options().client() == null
                            ? "the first connection to port " + a.options().serverPort()
                            : "the first connection from " + a.options().client() + " to port "
                            + a.options().serverPort());
        }

        /** Wireshark's display filter that shows this connection alone. */
        public String displayFilter() {
            return "tcp.stream eq " + stream;
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("stream", stream, "client", client, "server", server, "first_frame", firstFrame,
                    "last_frame", lastFrame, "packets", packets, "display_filter", displayFilter(),
                    "selected_by", selectedBy);
        }
    }

    /**
     * Q11: the largest port number, and the largest one in the capture.
     *
     * @param largestSeen null when the capture has no TCP or UDP packet
     * @param largestSeenFrame the first frame that carries it, null with it
     */
    public record Ports(Integer largestSeen, Long largestSeenFrame) implements JsonObject {
        @Override
        public Map<String, Object> jsonFields() {
            return map("largest_possible", MAX_PORT, "field_bits", PORT_FIELD_BITS, "largest_seen", largestSeen,
                    "largest_seen_frame", largestSeenFrame);
        }
    }

    /**
     * Q12: the protocol number of UDP, read from the chosen datagram's IP header when there is one.
     *
     * @param frame the datagram it was read from, or null when it is IANA's number (no datagram)
     * @param field which IP header field holds it, or why the number is not read from the capture
     */
    public record IpProtocol(int udpProtocolNumber, Long frame, String field, boolean readFromCapture)
            implements JsonObject {
        static IpProtocol of(Analysis a) {
            FrameCopy d = a.udpCopy() != null ? a.udpCopy() : a.firstUdpCopy();
            if (d != null && d.protocolFieldOffset() >= 0 && d.kind() == Packet.Kind.UDP) {
                String field;
                if (d.ipVersion() == 4) {
                    field = "IPv4 Protocol field, byte 9 of the IP header";
                } else if (d.fragments() > 0) {
                    field = "IPv6 Next Header field of the Fragment header";
                } else {
                    field = "IPv6 Next Header field" + (d.protocolFieldOffset() == d.ipOffset() + 6
                            ? " of the fixed header" : " of the last extension header");
                }
                return new IpProtocol(d.bytes()[d.protocolFieldOffset()] & 0xFF, d.number(), field, true);
            }
            return new IpProtocol(UdpHeader.PROTOCOL_NUMBER, null,
                    "no UDP datagram in the capture; 17 is the IANA-assigned number (RFC 768)", false);
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("udp_protocol_number", udpProtocolNumber, "udp_protocol_frame", frame, "udp_protocol_field",
                    field, "read_from_capture", readFromCapture);
        }
    }
}

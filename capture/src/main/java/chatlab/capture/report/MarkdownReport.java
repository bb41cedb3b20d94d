package chatlab.capture.report;

import chatlab.capture.decode.TcpHeader;
import chatlab.capture.decode.UdpHeader;
import chatlab.capture.file.Bytes;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.FrameCopy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A report a student can hand in: {@code report.md} with every answer, the packets that prove them as annotated hex
 * dumps, and {@code ladder.svg}, a sequence diagram of the connection.
 */
public final class MarkdownReport {
    static final int MAX_DUMP_BYTES = 256;

    private MarkdownReport() {
    }

    /**
     * Writes the report into {@code dir} (created if missing) and returns the path of report.md. The file is
     * written as it is made, the chat straight from the lines the analysis kept, so its size needs no memory.
     */
    public static Path write(Analysis a, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve("report.md");
        try (PrintWriter md = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            write(a, dir, md);
            if (md.checkError()) {
                throw new IOException("cannot write " + out);
            }
        }
        return out;
    }

    private static void write(Analysis a, Path dir, PrintWriter md) throws IOException {
        md.append("# Capture analysis: ").append(String.valueOf(Path.of(a.file()).getFileName())).append("\n\n");
        md.append("Made by `chatlab analyze` from `").append(a.file()).append("` (").append(a.format()).append(", ")
                .append(Long.toString(a.frames())).append(" frames). Frame numbers count from 1, as in Wireshark.\n\n");
        md.append("## Answers\n\n```text\n");
        TextReport.render(a, md);
        md.append("```\n\n");
        LabAnswers.Connection c = LabAnswers.Connection.of(a);
        if (c != null) {
            Files.writeString(dir.resolve("ladder.svg"), SvgLadder.render(c.client(), c.server(), a.ladder(),
                    a.firstNanos()), StandardCharsets.UTF_8);
            md.append("## Sequence diagram\n\nThe connection ").append(c.client()).append(" to ").append(c.server())
                    .append(" (Wireshark display filter `").append(c.displayFilter()).append("`). ")
                    .append("Relative sequence numbers; red arrows carry a TCP analysis finding.\n\n")
                    .append("![Sequence diagram of the connection](ladder.svg)\n\n");
            if (a.synCopy() != null) {
                md.append("## Q3 evidence: the SYN, frame ").append(Long.toString(a.synCopy().number()))
                        .append("\n\n```text\n").append(tcpDump(a.synCopy())).append("```\n\n");
            }
            if (a.synAckCopy() != null) {
                md.append("## Q4 evidence: the SYN-ACK, frame ").append(Long.toString(a.synAckCopy().number()))
                        .append("\n\n```text\n").append(tcpDump(a.synAckCopy())).append("```\n\n");
            }
        }
        if (a.clientMinWindowCopy() != null || a.serverMinWindowCopy() != null) {
            md.append("## Q5 evidence: the smallest advertised windows\n\n");
            md.append("The Window field is shown raw; the answer multiplies it by the scale factor negotiated in the "
                    + "handshake (never for a SYN).\n\n");
            for (FrameCopy f : new FrameCopy[] {a.clientMinWindowCopy(), a.serverMinWindowCopy()}) {
                if (f != null) {
                    md.append("### Frame ").append(Long.toString(f.number())).append(f == a.clientMinWindowCopy()
                            ? " (client)" : " (server)").append("\n\n```text\n").append(tcpDump(f)).append("```\n\n");
                }
            }
        }
        if (!a.retransmissionCopies().isEmpty()) {
            md.append("## Q6 evidence: the first retransmission of each class\n\n");
            for (FrameCopy f : a.retransmissionCopies()) {
                String rule = a.retransmissionDetails().stream().filter(d -> d.frame() == f.number())
                        .map(d -> d.rule()).findFirst().orElse("");
                md.append("### Frame ").append(Long.toString(f.number())).append("\n\n").append(rule)
                        .append(".\n\n```text\n").append(tcpDump(f)).append("```\n\n");
            }
        }
        if (a.udpCopy() != null) {
            md.append("## Q7 to Q9 and Q12 evidence: UDP datagram, frame ").append(Long.toString(a.udpCopy().number()))
                    .append("\n\n");
            if (a.udpCopy().fragments() > 0) {
                md.append("Rebuilt from ").append(Integer.toString(a.udpCopy().fragments()))
                        .append(" IP fragments (frames ").append(Long.toString(a.udpCopy().firstFragmentFrame()))
                        .append(" to ").append(Long.toString(a.udpCopy().number())).append("): the bytes below start at"
                        + " the IP header of the first fragment, with the whole datagram's length and no fragment "
                        + "fields, as Wireshark shows the reassembled datagram.\n\n");
            }
            md.append("```text\n").append(udpDump(a.udpCopy())).append("```\n\n");
        }
        if (a.chat() != null && a.chat().total() > 0) {
            md.append("## The chat, rebuilt from the capture\n\n```text\n");
            ChatReport.render(a, md);
            md.append("```\n");
        }
    }

    static String tcpDump(FrameCopy f) {
        byte[] b = f.bytes();
        int t = f.l4Offset();
        HexDump d = new HexDump(b, Math.min(b.length, Math.max(MAX_DUMP_BYTES, t + f.l4HeaderLength())));
        int flags = TcpHeader.flags(b, t);
        d.label('s', t, 2, "TCP source port", Integer.toString(TcpHeader.sourcePort(b, t)));
        d.label('d', t + 2, 2, "TCP destination port", Integer.toString(TcpHeader.destinationPort(b, t)));
        d.label('S', t + TcpHeader.OFFSET_SEQUENCE, 4, "sequence number",
                Long.toString(Bytes.u32be(b, t + TcpHeader.OFFSET_SEQUENCE)));
        d.label('A', t + TcpHeader.OFFSET_ACKNOWLEDGMENT, 4, "acknowledgement number",
                Long.toString(Bytes.u32be(b, t + TcpHeader.OFFSET_ACKNOWLEDGMENT)));
        d.label('F', t + TcpHeader.OFFSET_FLAGS, 2, "data offset (4 bits) and flags (12 bits)",
                String.format("0x%04x: header %d bytes, flags 0x%03x = %s", Bytes.u16be(b, t + TcpHeader.OFFSET_FLAGS),
                        TcpHeader.headerLength(b, t), flags, TcpHeader.flagNames(flags)));
        d.label('W', t + TcpHeader.OFFSET_WINDOW, 2, "window (unscaled field)",
                Integer.toString(TcpHeader.window(b, t)));
        return d.render();
    }

    static String udpDump(FrameCopy f) {
        byte[] b = f.bytes();
        int u = f.l4Offset();
        HexDump d = new HexDump(b, MAX_DUMP_BYTES);
        if (f.protocolFieldOffset() >= 0) {
            d.label('P', f.protocolFieldOffset(), 1, f.ipVersion() == 4 ? "IPv4 Protocol" : "IPv6 Next Header",
                    (b[f.protocolFieldOffset()] & 0xFF) + " (UDP)");
        }
        d.label('s', u, 2, "UDP Source Port", Integer.toString(UdpHeader.sourcePort(b, u)));
        d.label('d', u + 2, 2, "UDP Destination Port", Integer.toString(UdpHeader.destinationPort(b, u)));
        d.label('L', u + 4, 2, "UDP Length (header + payload)", Integer.toString(UdpHeader.length(b, u)));
        d.label('C', u + 6, 2, "UDP Checksum", String.format("0x%04x", UdpHeader.checksum(b, u)));
        return d.render();
    }
}

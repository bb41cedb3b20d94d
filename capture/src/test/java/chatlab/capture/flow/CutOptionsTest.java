package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.TcpAnswers;
import chatlab.capture.report.TextReport;
import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snap length that cuts the TCP options ({@code tcpdump -s 64}): Linux puts 20 bytes of options on a SYN (the
 * window scale last) and 12 on every later segment, so at 64 bytes no option is read. The scale is then unknown, and
 * Q5 must say so and give bounds, never the window as if unscaled; the problems are one group after the answers.
 */
class CutOptionsTest {
    @TempDir
    Path dir;

    /** A Linux-like lab session: shift 10 both ways, the client advertising 45 x 1024 = 46,080 bytes. */
    static List<byte[]> session(PacketBuilder c) {
        PacketBuilder s = c.reversed();
        byte[] ts = PacketBuilder.TIMESTAMPS;
        List<byte[]> p = new ArrayList<>();
        p.add(c.tcp(40000, 5000, 100, 0, 0x002, 64240, PacketBuilder.linuxSynOptions(10), new byte[0]));
        p.add(s.tcp(5000, 40000, 900, 101, 0x012, 65160, PacketBuilder.linuxSynOptions(10), new byte[0]));
        p.add(c.tcp(40000, 5000, 101, 901, 0x010, 63, ts, new byte[0]));
        p.add(c.tcp(40000, 5000, 101, 901, 0x018, 63, ts, "alice".getBytes(StandardCharsets.UTF_8)));
        p.add(s.tcp(5000, 40000, 901, 106, 0x010, 64, ts, new byte[0]));
        for (int i = 0; i < 20; i++) {
            p.add(s.tcp(5000, 40000, 901 + 30L * i, 106, 0x018, 64, ts, "bob: hello alice, number 0001 "
                    .getBytes(StandardCharsets.UTF_8)));
            p.add(c.tcp(40000, 5000, 106, 931 + 30L * i, 0x010, 45, ts, new byte[0]));
        }
        return p;
    }

    private Analysis analyze(String name, PacketBuilder c, int snap) throws IOException {
        Path file = dir.resolve(name);
        try (CaptureWriter w = CaptureWriter.pcap(file, 1, ByteOrder.LITTLE_ENDIAN, false, snap)) {
            long t = LabScenario.START_NANOS;
            for (byte[] packet : session(c)) {
                w.packet(t += 1_000_000, packet);
            }
        }
        return new Analyzer(AnalysisOptions.defaults()).analyze(file);
    }

    private static String text(Analysis a) {
        StringWriter out = new StringWriter();
        TextReport.render(a, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void theWholeCaptureShowsTheScale() throws IOException {
        TcpAnswers q = LabAnswers.of(analyze("full.pcap", new PacketBuilder(), 262144)).tcp();
        assertThat(q.windowScale().status()).isEqualTo("negotiated");
        assertThat(q.windowMin().advertisedByClient().afterHandshakeBytes()).isEqualTo(46_080L);
        assertThat(q.throttled()).isFalse();
    }

    @Test
    void cutOptionsLeaveTheScaleUnknownAndGiveBounds() throws IOException {
        Analysis a = analyze("snap64.pcap", new PacketBuilder(), 64);
        TcpAnswers q = LabAnswers.of(a).tcp();
        assertThat(q.windowScale().status()).isEqualTo("unknown: the snap length cut the TCP options of the SYN (frame "
                + "1: 64 of 74 bytes captured), and the snap length cut the TCP options of the SYN-ACK (frame 2: 64 of "
                + "74 bytes captured)");
        assertThat(q.windowScale().known()).isFalse();
        TcpAnswers.MinWindow client = q.windowMin().advertisedByClient();
        assertThat(client.bytes()).as("no guess").isNull();
        assertThat(client.windowField()).isEqualTo(45);
        assertThat(client.bytesMin()).isEqualTo(45);
        assertThat(client.bytesMax()).as("45 << 14 is above the SYN's 64240").isEqualTo(64_240);
        assertThat(client.multiplier()).isNull();
        assertThat(q.throttled()).isNull();
        assertThat(q.optionsCut().segments()).isEqualTo(a.frames());
        String text = text(a);
        assertThat(text).contains("Advertised by the client: minimum unknown in bytes, between 45 and 64240; the "
                        + "smallest window field is 45, in frame 7",
                "Window full (tcp.analysis.window_full): not checked: it needs the receiver's window scale.",
                "Throttled: unknown:", "Wireshark shows no tcp.analysis flags on those")
                .doesNotContain("not used", "no scaling in use", "Throttled: no");
        // the answers first, then the problems: one line for the 45 frames alike
        assertThat(text.indexOf("Q3   SYN sequence number")).isLessThan(text.indexOf("Problems in the file"));
        assertThat(text).contains("Note: the file has 45 problem(s), of 1 kind(s); they are listed after the answers.",
                "Problems in the file (45):\n  frames 1-45: TCP options cut by the snap length (45 frames); first: "
                        + "frame 1, byte offset 74: the TCP header with its options is incomplete: 30 of 40 bytes "
                        + "present (the snap length cut the packet to 64 of 74 bytes)\n");
        assertThat(text.lines().filter(l -> l.contains("TCP options cut"))).hasSize(1);
    }

    @Test
    void ipv6CutInsideTheTcpHeaderStillHasItsPortsForQ11() throws IOException {
        Analysis a = analyze("snap64v6.pcap", new PacketBuilder().addresses("2001:db8::1", "2001:db8::2"), 64);
        assertThat(a.tcpConnections()).as("no TCP header: no stream, as in tshark").isZero();
        LabAnswers.Ports q11 = LabAnswers.of(a).ports();
        assertThat(q11.largestSeen()).isEqualTo(40000);
        assertThat(q11.largestSeenFrame()).isEqualTo(1);
        assertThat(text(a)).contains("Largest seen in this capture: 40000 (frame 1).",
                "frames 1-45: TCP header cut by the snap length (45 frames)");
    }
}

package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.report.Conversation;
import chatlab.capture.report.ConversationsReport;
import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.TextReport;
import chatlab.capture.report.UdpAnswers;
import chatlab.capture.testing.Captures;
import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A direct message too long for one packet arrives in IP fragments: Wireshark shows it as one UDP datagram in the
 * frame that completes it, and so must the answers (Q7 to Q12) and the conversation table (stream numbers as tshark's
 * {@code udp.stream}).
 */
class FragmentedDatagramsTest {
    @TempDir
    Path dir;

    static final int[][] THREE = {{0, 1480, 1}, {1480, 1480, 1}, {2960, 48, 0}};

    static byte[] text(int n) {
        return "x".repeat(n).getBytes(StandardCharsets.UTF_8);
    }

    /** The capture: a handshake (frames 1, 2), then a 3000-byte direct message in frames 3 to 5. */
    static List<byte[]> directMessageCapture() {
        PacketBuilder c = new PacketBuilder().addresses("10.0.0.1", "10.0.0.2");
        List<byte[]> p = new ArrayList<>();
        p.add(c.tcp(40000, 5000, 100, 0, 0x002, 64240, -1, new byte[0]));
        p.add(c.reversed().tcp(5000, 40000, 900, 101, 0x012, 65160, -1, new byte[0]));
        p.addAll(new PacketBuilder().addresses("10.0.0.1", "10.0.0.3").udpFragments(5000, 5000, text(3000), 0x1234,
                THREE));
        return p;
    }

    /** A UDP flow, a fragmented IPv6 flow, another UDP flow: three udp.stream numbers, 0 to 2. */
    static List<byte[]> threeFlows() {
        List<byte[]> p = new ArrayList<>();
        p.add(new PacketBuilder().udp(6000, 6001, text(10)));
        p.addAll(new PacketBuilder().addresses("2001:db8::1", "2001:db8::3").udpFragments(5000, 5000, text(3000), 77,
                new int[] {0, 1448, 1}, new int[] {1448, 1448, 1}, new int[] {2896, 112, 0}));
        p.add(new PacketBuilder().udp(7000, 7001, text(10)));
        return p;
    }

    @Test
    void theFragmentedDirectMessageIsTheUdpDatagramOfItsLastFrame() throws IOException {
        Path file = Captures.pcap(dir.resolve("fragmented.pcap"), directMessageCapture());
        Analysis a = new Analyzer(AnalysisOptions.defaults().withUdpFrame(5)).analyze(file);
        LabAnswers answers = LabAnswers.of(a);
        UdpAnswers.Datagram d = answers.udp().first();
        assertThat(d.frame()).isEqualTo(5);
        assertThat(d.sourcePort()).isEqualTo(5000);
        assertThat(d.destinationPort()).isEqualTo(5000);
        assertThat(d.lengthField()).isEqualTo(3008);
        assertThat(d.payloadLen()).isEqualTo(3000);
        assertThat(d.lengthMatches()).isTrue();
        assertThat(d.fragments()).isEqualTo(3);
        assertThat(d.firstFragmentFrame()).isEqualTo(3);
        assertThat(answers.ip().frame()).isEqualTo(5);
        assertThat(answers.ip().readFromCapture()).isTrue();
        assertThat(a.problems()).isEmpty();
        assertThat(a.fragments()).isEqualTo(3);
        assertThat(a.reassembled()).isEqualTo(1);
        StringWriter out = new StringWriter();
        TextReport.render(a, new PrintWriter(out));
        assertThat(out.toString()).contains("Q7   UDP datagram: frame 5 (the frame given with --udp-frame), rebuilt from "
                + "3 IP fragments in frames 3 to 5, as Wireshark shows it.", "Length            3008")
                .doesNotContain("not a UDP datagram", "in a client's capture");
    }

    @Test
    void aFragmentGivenWithUdpFrameIsExplained() throws IOException {
        Path file = Captures.pcap(dir.resolve("fragment.pcap"), directMessageCapture());
        Analysis a = new Analyzer(AnalysisOptions.defaults().withUdpFrame(4)).analyze(file);
        // frame 4's record: 24 + 2 x (16 + 54) for the handshake, + 16 + 1514 for the first fragment
        assertThat(a.problems()).extracting(Object::toString).containsExactly("frame 4, byte offset 1694: frame 4 given "
                + "with --udp-frame is not a UDP datagram: it is an IP fragment (ID 0x1234, bytes 1480-2959 of its "
                + "datagram, which is UDP); Wireshark shows the whole datagram in frame 5");
        StringWriter out = new StringWriter();
        TextReport.render(a, new PrintWriter(out));
        assertThat(out.toString()).contains("the capture has 1 UDP datagram(s), the first in frame 5",
                "17, IPv4 Protocol field, byte 9 of the IP header of frame 5 (the first UDP datagram in the capture");
    }

    @Test
    void aFragmentedIpv6FlowHasItsRowAndStreamNumber() throws IOException {
        Path file = Captures.pcap(dir.resolve("three.pcap"), threeFlows());
        Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(file);
        List<Conversation> rows = ConversationsReport.json(a);
        assertThat(rows).extracting(Conversation::stream).containsExactly(0, 1, 2);
        assertThat(rows).extracting(Conversation::b).containsExactly("10.0.0.2:6001", "[2001:db8::3]:5000",
                "10.0.0.2:7001");
        assertThat(rows.get(1).packets()).as("tshark counts the frame that completes it").isEqualTo(1);
    }
}

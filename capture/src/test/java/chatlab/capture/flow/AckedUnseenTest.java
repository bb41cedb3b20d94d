package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one place chatlab's sequence analysis knowingly differs from Wireshark 4.0 (docs/CAPTURE.md, "Differences"):
 * after an "ACKed unseen segment", Wireshark sets the receiver's duplicate-ACK counter, an unsigned number, to -1;
 * a later segment that does not advance then passes its "at least 2 duplicate ACKs" test, and Wireshark calls it a
 * fast retransmission with no duplicate ACK at all. chatlab keeps the counter signed: the segment, sent right after
 * the one that set the next expected number, is out of order.
 */
class AckedUnseenTest {
    @TempDir
    Path dir;

    /** Frame 5 acknowledges bytes the client never sent (in the capture); frame 8 resends frame 6 at once. */
    static List<byte[]> capture() {
        PacketBuilder c = new PacketBuilder();
        PacketBuilder s = c.reversed();
        List<byte[]> p = new ArrayList<>();
        p.add(c.tcp(40000, 5000, 100, 0, 0x002, 64240, -1, new byte[0]));
        p.add(s.tcp(5000, 40000, 900, 101, 0x012, 65160, -1, new byte[0]));
        p.add(c.tcp(40000, 5000, 101, 901, 0x010, 502, -1, new byte[0]));
        p.add(c.tcp(40000, 5000, 101, 901, 0x018, 502, -1, new byte[100]));
        p.add(s.tcp(5000, 40000, 901, 401, 0x010, 509, -1, new byte[0])); // ACKed unseen segment
        p.add(s.tcp(5000, 40000, 901, 401, 0x018, 509, -1, new byte[50]));
        p.add(s.tcp(5000, 40000, 951, 401, 0x018, 509, -1, new byte[50]));
        p.add(s.tcp(5000, 40000, 901, 401, 0x018, 509, -1, new byte[50]));
        return p;
    }

    /** 1 ms between the handshake packets (the RTT is 2 ms), 100 us between the rest. */
    static Path write(Path file) throws IOException {
        try (chatlab.capture.testing.CaptureWriter w = chatlab.capture.testing.CaptureWriter.pcap(file, 1)) {
            long t = chatlab.capture.testing.LabScenario.START_NANOS;
            List<byte[]> p = capture();
            long[] gapsMicros = {0, 1000, 1000, 1000, 100, 100, 100, 100};
            for (int i = 0; i < p.size(); i++) {
                t += gapsMicros[i] * 1000;
                w.packet(t, p.get(i));
            }
        }
        return file;
    }

    @Test
    void aSegmentAfterAnAckedUnseenSegmentIsOutOfOrderNotAFastRetransmission() throws IOException {
        Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(write(dir.resolve("unseen.pcap")));
        TcpConnection c = a.selected();
        assertThat(c.outOfOrder().kept()).containsExactly(8);
        assertThat(c.fastRetransmissions().count()).isZero();
        assertThat(c.totalRetransmissions()).isZero();
        assertThat(c.duplicateAcks().count()).as("there was no duplicate ACK").isZero();
    }
}

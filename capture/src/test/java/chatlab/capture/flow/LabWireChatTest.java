package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat rebuilt from synthetic captures of the lab's wire (tshark checks the lab session in SyntheticCapturesIT). */
class LabWireChatTest {
    @TempDir
    Path dir;

    @Test
    void chatFromALineBasedClientSplitsAtNewlines() throws IOException {
        Path file = dir.resolve("nc.pcap");
        PacketBuilder c = new PacketBuilder();
        PacketBuilder s = c.reversed();
        long t = LabScenario.START_NANOS;
        try (CaptureWriter w = CaptureWriter.pcap(file, 1)) {
            w.packet(t, c.tcp(40000, 5000, 10, 0, 0x002, 64240, -1, new byte[0]));
            w.packet(t + 1000, s.tcp(5000, 40000, 90, 11, 0x012, 64240, -1, new byte[0]));
            w.packet(t + 2000, c.tcp(40000, 5000, 11, 91, 0x018, 502, -1,
                    "carol\r\nhi\nthere\n".getBytes(StandardCharsets.UTF_8)));
        }
        Analysis a = new Analyzer(AnalysisOptions.defaults().withChat(true)).analyze(file);
        assertThat(a.chat().lines()).extracting(ChatLog.Line::kind, ChatLog.Line::text).containsExactly(
                tuple(ChatLog.Kind.REGISTER, "carol"),
                tuple(ChatLog.Kind.ROOM_MESSAGE, "hi"),
                tuple(ChatLog.Kind.ROOM_MESSAGE, "there"));
    }
}

package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's captures analysed as the run does: the files in analysis/, the summary's lines and key answers. */
class CaptureAnalysisTest {
    @TempDir
    Path out;

    /** The capture module's scripted lab session, between client1 and the webserver. */
    private void capture(String name) throws IOException {
        PacketBuilder client1 = new PacketBuilder().addresses(LabNetwork.CLIENT1.ipv4(), LabNetwork.WEBSERVER.ipv4());
        try (CaptureWriter w = CaptureWriter.pcap(out.resolve(name + ".pcap"), client1.linkType())) {
            for (LabScenario.Item item : LabScenario.build(client1, true)) {
                w.packet(item.nanos(), item.bytes());
            }
        }
    }

    @Test
    void answersTheLabsQuestionsFromTheRunsCaptures() throws IOException {
        capture(LabRun.SERVER_CAPTURE);
        capture(LabNetwork.CLIENT1.name());
        CaptureAnalysis.Summary summary = CaptureAnalysis.analyze(out, List.of(LabRun.SERVER_CAPTURE,
                LabNetwork.CLIENT1.name(), LabNetwork.CLIENT2.name()));
        assertThat(summary.problems()).containsExactly("no capture client2.pcap to analyse");
        assertThat(summary.lines()).containsExactly(
                "  chatserver.pcap      49 frames, 2 TCP connection(s), 1 UDP flow(s), 3 TCP retransmission(s)",
                "  client1.pcap         49 frames, 2 TCP connection(s), 1 UDP flow(s), 3 TCP retransmission(s)");
        assertThat(summary.retransmissions()).containsEntry(LabRun.SERVER_CAPTURE, 3L)
                .containsEntry(LabNetwork.CLIENT1.name(), 3L).hasSize(2);
        assertThat(RunReport.keyAnswers(summary.answers().get(LabRun.SERVER_CAPTURE),
                summary.answers().get(LabNetwork.CLIENT1.name()))).isEqualTo(
                "  Q3  client1's SYN: chatserver.pcap frame 1, sequence number 4294967040 (raw), flags 0x0002\n"
                + "  Q4  the SYN-ACK: frame 2, sequence number 1000, acknowledgement 4294967041 (SYN seq 4294967040"
                + " + 1 = 4294967041 (the SYN consumes one sequence number))\n"
                + "  Q6  retransmissions on client1's connection: 3\n"
                + "  Q7  a direct message: client1.pcap frame 49, UDP length field 29 = 8 header bytes + 21 payload"
                + " bytes\n");
        Path analysis = out.resolve("analysis");
        for (String file : List.of("chatserver.txt", "chatserver.json", "chatserver-conversations.txt",
                "chatserver-chat.txt", "report-chatserver/report.md", "report-chatserver/ladder.svg", "client1.txt",
                "client1.json", "answers.txt")) {
            assertThat(analysis.resolve(file)).isRegularFile();
        }
        assertThat(Files.readString(analysis.resolve("chatserver.json")))
                .contains("\"client\": \"10.20.30.11:40000\"", "\"total\": 3");
        assertThat(Files.readString(analysis.resolve("answers.txt")))
                .startsWith("The lab's Milestone 4 questions, answered from this run's captures by chatlab's analyzer.\n")
                .contains("==== chatserver.pcap (Q3 to Q6) ====\n\n" + Files.readString(analysis.resolve("chatserver.txt")),
                        "==== client1.pcap (Q7 to Q12) ====\n\n" + Files.readString(analysis.resolve("client1.txt")));
    }

    @Test
    void keyAnswersLeaveOutWhatTheCapturesDoNotHold() throws IOException {
        try (CaptureWriter w = CaptureWriter.pcap(out.resolve(LabRun.SERVER_CAPTURE + ".pcap"), 1)) {
            w.packet(LabScenario.START_NANOS, new PacketBuilder().udp(53, 53, new byte[] {1, 2, 3}));
        }
        CaptureAnalysis.Summary summary = CaptureAnalysis.analyze(out, List.of(LabRun.SERVER_CAPTURE));
        assertThat(summary.problems()).isEmpty();
        assertThat(RunReport.keyAnswers(summary.answers().get(LabRun.SERVER_CAPTURE), null)).isEmpty();
    }
}

package chatlab.capture.report;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The hand-in report: Markdown with annotated hex dumps, and an SVG ladder that is valid XML and renders. */
class MarkdownReportTest {
    @TempDir
    Path dir;

    private Analysis analysis() throws Exception {
        return analysis(dir);
    }

    /** The lab scenario's capture, written in {@code dir} and analysed with the chat transcript. */
    static Analysis analysis(Path dir) throws Exception {
        Path file = dir.resolve("lab.pcap");
        PacketBuilder pb = new PacketBuilder();
        try (CaptureWriter w = CaptureWriter.pcap(file, 1)) {
            for (LabScenario.Item item : LabScenario.build(pb, true)) {
                w.packet(item.nanos(), item.bytes());
            }
        }
        return new Analyzer(AnalysisOptions.defaults().withChat(true)).analyze(file);
    }

    @Test
    void reportHasAnswersAnnotatedDumpsAndAValidSvg() throws Exception {
        Path md = MarkdownReport.write(analysis(), dir.resolve("report"));
        String text = Files.readString(md);
        assertThat(text).contains("## Q3 evidence: the SYN, frame 1", "## Q4 evidence: the SYN-ACK, frame 2",
                "![Sequence diagram of the connection](ladder.svg)",
                "SS  bytes 38-41 (0x26-0x29): sequence number = 4294967040",
                "FF  bytes 46-47 (0x2e-0x2f): data offset (4 bits) and flags (12 bits) = 0x6002: header 24 bytes, "
                        + "flags 0x002 = SYN",
                "AA  bytes 42-45 (0x2a-0x2d): acknowledgement number = 4294967041",
                "LL  bytes 38-39 (0x26-0x27): UDP Length (header + payload) = 29",
                "PP  bytes 23-23 (0x17-0x17): IPv4 Protocol = 17 (UDP)",
                "alice (10.0.0.1) registers with the name \"alice\"", "server relays to alice (10.0.0.1): bob: hello alice");
        Path svg = md.resolveSibling("ladder.svg");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line").getLength()).isGreaterThan(40);
        assertThat(Files.readString(svg)).contains("[SYN, ACK] Seq=0 Ack=1 Len=0 Win=65160", "fast_retransmission");
    }
}

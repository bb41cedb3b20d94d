package chatlab.capture.report;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output of {@code chatlab analyze} (answers as text and JSON, conversations as text and JSON, the Markdown
 * report with its diagram), byte for byte, on captures the other tests build, against files kept in
 * {@code src/test/resources/chatlab/capture/report/golden}. The JSON field names and layout are an interface
 * (docs/CAPTURE.md): a change here must be deliberate. To rewrite the files after such a change, run this test with
 * {@code -Dchatlab.golden.update=true} and read the diff.
 */
class GoldenOutputsTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "chatlab", "capture", "report", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("chatlab.golden.update");
    /** Stands for the temporary folder in the outputs, which name the capture file by its path. */
    private static final String DIR = "<dir>";

    @TempDir
    Path dir;

    /** A capture to build, and how to analyse it. */
    record Case(String name, PacketBuilder builder, boolean handshake, int snap, AnalysisOptions options,
            boolean withUdp) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        AnalysisOptions defaults = AnalysisOptions.defaults();
        return Stream.of(
                new Case("lab_session_ipv4", new PacketBuilder(), true, 262144, defaults, true),
                new Case("lab_session_ipv6_extensions", new PacketBuilder().addresses("2001:db8::1", "2001:db8::2")
                        .ipv6Extensions(0, 60, 44), true, 262144, defaults, true),
                new Case("starts_after_handshake", new PacketBuilder(), false, 262144, defaults, true),
                new Case("snaplen_64_truncated", new PacketBuilder(), true, 64, defaults, true),
                new Case("no_udp_datagram", new PacketBuilder(), true, 262144, defaults, false),
                new Case("client_not_in_capture", new PacketBuilder(), true, 262144, defaults.withClient("10.9.9.9"),
                        true),
                new Case("other_server_port", new PacketBuilder(), true, 262144, defaults.withServerPort(6000), true),
                new Case("udp_frame_chosen", new PacketBuilder(), true, 262144, defaults.withUdpFrame(4), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputsAreUnchanged(Case c) throws IOException {
        Path file = dir.resolve(c.name + ".pcap");
        try (CaptureWriter w = CaptureWriter.pcap(file, c.builder.linkType(), ByteOrder.LITTLE_ENDIAN, false, c.snap)) {
            for (LabScenario.Item item : LabScenario.build(c.builder, c.handshake)) {
                if (c.withUdp || !item.udp()) {
                    w.packet(item.nanos(), item.bytes());
                }
            }
        }
        check(c.name, outputs(new Analyzer(c.options).analyze(file)));
    }

    /** A file cut inside its last packet, and one with a damaged record header: the problems in every output. */
    @Test
    void damagedFilesKeepTheirProblemsInEveryOutput() throws IOException {
        Path file = dir.resolve("damaged.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(file, 1, ByteOrder.BIG_ENDIAN, false, 262144)) {
            for (LabScenario.Item item : LabScenario.build(new PacketBuilder(), true)) {
                w.packet(item.nanos(), item.bytes());
            }
        }
        byte[] all = Files.readAllBytes(file);
        int frame2 = 24 + 16 + 58;
        all[frame2 + 8] = 0x7F;
        Files.write(file, Arrays.copyOf(all, all.length - 10));
        check("damaged_record_and_cut_end", outputs(new Analyzer(AnalysisOptions.defaults()).analyze(file)));
    }

    /**
     * A handshake without window scaling whose SYN-ACK acknowledges the wrong number, and the same capture without
     * its SYN; a datagram on other ports than the lab's.
     */
    @Test
    void handshakeWithoutScalingAndWithoutItsSyn() throws IOException {
        PacketBuilder c = new PacketBuilder().addresses("192.0.2.7", "192.0.2.1");
        PacketBuilder s = c.reversed();
        List<byte[]> packets = List.of(
                c.tcp(40000, 5000, 10, 0, 0x002, 64240, -1, new byte[0]),
                s.tcp(5000, 40000, 90, 12, 0x012, 65160, -1, new byte[0]),
                c.tcp(40000, 5000, 11, 91, 0x010, 1000, -1, new byte[0]),
                c.tcp(40000, 5000, 11, 91, 0x018, 1000, -1, "carol".getBytes(StandardCharsets.UTF_8)),
                s.tcp(5000, 40000, 91, 16, 0x010, 700, -1, new byte[0]),
                c.udp(41000, 42000, "over\nthere, a line of more than sixty characters so that the text is cut"
                        .getBytes(StandardCharsets.UTF_8)));
        for (int skip = 0; skip < 2; skip++) {
            Path file = dir.resolve("no_scaling_" + skip + ".pcap");
            try (CaptureWriter w = CaptureWriter.pcap(file, 1)) {
                for (int i = skip; i < packets.size(); i++) {
                    w.packet(LabScenario.START_NANOS + i * 1_000_000L, packets.get(i));
                }
            }
            check(skip == 0 ? "handshake_without_scaling" : "synack_without_syn",
                    outputs(new Analyzer(AnalysisOptions.defaults()).analyze(file)));
        }
    }

    /**
     * Seeded random damage gives answer shapes no hand-made capture has (missing halves of a handshake, windows
     * without a scale, odd lengths): the outputs of 150 such files, kept as one SHA-256.
     */
    @Test
    void randomlyDamagedCapturesGiveTheSameOutputs() throws IOException, NoSuchAlgorithmException {
        Path base = dir.resolve("base.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(base, 1, ByteOrder.LITTLE_ENDIAN, false, 262144)) {
            for (LabScenario.Item item : LabScenario.build(new PacketBuilder(), true)) {
                w.packet(item.nanos(), item.bytes());
            }
        }
        byte[] pcap = Files.readAllBytes(base);
        Random random = new Random(19);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int analysed = 0;
        for (int round = 0; round < 150; round++) {
            byte[] bad = pcap.clone();
            int edits = 1 + random.nextInt(20);
            for (int e = 0; e < edits; e++) {
                bad[24 + random.nextInt(bad.length - 24)] = (byte) random.nextInt(256);
            }
            Path f = dir.resolve("round.pcap");
            Files.write(f, bad);
            Map<String, String> out = outputs(new Analyzer(AnalysisOptions.defaults()).analyze(f));
            out.forEach((name, text) -> sha.update((name + "\n" + text).getBytes(StandardCharsets.UTF_8)));
            analysed++;
        }
        assertThat(analysed).isEqualTo(150);
        check("random_damage", Map.of("sha256.txt", HexFormat.of().formatHex(sha.digest()) + "\n"));
    }

    /** Every output, by the file name it is kept under; the temporary folder replaced by {@link #DIR}. */
    private Map<String, String> outputs(Analysis a) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("answers.json", Json.write(LabAnswers.of(a)));
        StringWriter text = new StringWriter();
        TextReport.render(a, new PrintWriter(text));
        out.put("answers.txt", text.toString());
        out.put("conversations.json", Json.write(Map.of("conversations", ConversationsReport.json(a))));
        StringWriter conversations = new StringWriter();
        ConversationsReport.render(a, new PrintWriter(conversations));
        out.put("conversations.txt", conversations.toString());
        Path report = dir.resolve("report");
        out.put("report.md", Files.readString(MarkdownReport.write(a, report)));
        Path ladder = report.resolve("ladder.svg");
        if (Files.exists(ladder)) {
            out.put("ladder.svg", Files.readString(ladder));
            Files.delete(ladder);
        }
        out.replaceAll((name, value) -> value.replace(dir.toString(), DIR));
        return out;
    }

    private static void check(String name, Map<String, String> outputs) throws IOException {
        Path folder = GOLDEN.resolve(name);
        if (UPDATE) {
            Files.createDirectories(folder);
            try (Stream<Path> old = Files.list(folder)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, String> e : outputs.entrySet()) {
                Files.writeString(folder.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        assertThat(folder).as("golden files for " + name + " (write them with -Dchatlab.golden.update=true)")
                .isDirectory();
        List<String> kept = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(p -> kept.add(p.getFileName().toString()));
        }
        assertThat(kept).as("outputs of " + name).containsExactlyInAnyOrderElementsOf(outputs.keySet());
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            assertThat(e.getValue()).as(name + "/" + e.getKey())
                    .isEqualTo(Files.readString(folder.resolve(e.getKey()), StandardCharsets.UTF_8));
        }
    }
}

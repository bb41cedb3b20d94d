package chatlab.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile files: a clear message with frame and byte offset, the rest still read, never a hang. */
class DamagedFilesTest {
    @TempDir
    Path dir;

    private Path validPcap(String name, ByteOrder order) throws IOException {
        Path file = dir.resolve(name);
        PacketBuilder pb = new PacketBuilder();
        try (CaptureWriter w = CaptureWriter.pcap(file, 1, order, false, 262144)) {
            for (LabScenario.Item item : LabScenario.build(pb, true)) {
                w.packet(item.nanos(), item.bytes());
            }
        }
        return file;
    }

    private static List<Long> readAll(Path file, List<CaptureProblem> problems) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(file, problems::add)) {
            Frame f = new Frame();
            while (r.next(f)) {
                numbers.add(f.number);
            }
        }
        return numbers;
    }

    @Test
    void fileCutInsideAPacketReportsFrameAndOffsetAndKeepsTheFramesBefore() throws IOException {
        Path file = validPcap("cut.pcap", ByteOrder.LITTLE_ENDIAN);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 10));
        List<CaptureProblem> problems = new ArrayList<>();
        List<Long> frames = readAll(file, problems);
        assertThat(frames).hasSize(48);
        assertThat(problems).hasSize(1);
        CaptureProblem p = problems.get(0);
        assertThat(p.frame()).isEqualTo(49);
        assertThat(p.byteOffset()).isEqualTo(all.length - 16 - 63);
        assertThat(p.message()).isEqualTo("the file ends inside the packet: the record says 63 bytes were captured, "
                + "only 53 are present");
    }

    @Test
    void damagedRecordHeaderIsSkippedToTheNextValidRecord() throws IOException {
        Path file = validPcap("garbage.pcap", ByteOrder.BIG_ENDIAN);
        byte[] all = Files.readAllBytes(file);
        // Frame 1 is 16 + 58 bytes after the 24-byte header; overwrite frame 2's captured length with nonsense.
        int frame2 = 24 + 16 + 58;
        all[frame2 + 8] = 0x7F;
        Files.write(file, all);
        List<CaptureProblem> problems = new ArrayList<>();
        List<Long> frames = readAll(file, problems);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).frame()).isEqualTo(2);
        assertThat(problems.get(0).byteOffset()).isEqualTo(frame2);
        assertThat(problems.get(0).message()).isEqualTo("the record header is damaged: its captured length "
                + "2130706490 is above the largest record read, 16777216 bytes; skipped 74 bytes to the next valid "
                + "record at byte offset " + (frame2 + 74));
        assertThat(frames).hasSize(48);
        Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(file);
        assertThat(a.selected()).isNotNull();
        assertThat(a.problemCount()).isEqualTo(1);
    }

    @Test
    void pcapngBlockWithBadLengthIsReportedAndSkipped() throws IOException {
        Path file = dir.resolve("bad.pcapng");
        PacketBuilder pb = new PacketBuilder();
        List<LabScenario.Item> items = LabScenario.build(pb, true);
        try (CaptureWriter w = CaptureWriter.pcapng(file, ByteOrder.LITTLE_ENDIAN)) {
            w.addInterface(1, 6);
            for (int i = 0; i < 10; i++) {
                w.packet(items.get(i).nanos(), items.get(i).bytes());
            }
            w.raw(new byte[] {6, 0, 0, 0, 0x13, 0, 0, 0, 1, 2, 3, 4}); // length 19: not a multiple of 4
            for (int i = 10; i < items.size(); i++) {
                w.packet(items.get(i).nanos(), items.get(i).bytes());
            }
        }
        List<CaptureProblem> problems = new ArrayList<>();
        List<Long> frames = readAll(file, problems);
        assertThat(frames).hasSize(items.size());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).startsWith("block type 0x00000006 has an impossible length 19; skipped 12 "
                + "bytes to the next valid block");
    }

    @Test
    void notACaptureFileIsRefusedWithOneSentence() throws IOException {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path text = Files.writeString(dir.resolve("text.pcap"), "hello, this is not a capture");
        assertThatThrownBy(() -> CaptureFiles.open(empty, p -> { })).isInstanceOf(CaptureFormatException.class)
                .hasMessage("the file is empty");
        assertThatThrownBy(() -> CaptureFiles.open(text, p -> { })).isInstanceOf(CaptureFormatException.class)
                .hasMessage("not a pcap or pcapng capture (the file starts with 0x68656c6c)");
    }

    @Test
    void snapLengthCutHeadersAreReportedPerFrame() throws IOException {
        Path file = dir.resolve("snap40.pcap");
        PacketBuilder pb = new PacketBuilder();
        try (CaptureWriter w = CaptureWriter.pcap(file, 1, ByteOrder.LITTLE_ENDIAN, false, 40)) {
            List<LabScenario.Item> items = LabScenario.build(pb, true);
            w.packet(items.get(0).nanos(), items.get(0).bytes());
        }
        Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(file);
        assertThat(a.truncatedFrames()).isEqualTo(1);
        assertThat(a.problems()).hasSize(1);
        assertThat(a.problems().get(0).toString()).isEqualTo("frame 1, byte offset 74: the TCP header is incomplete: "
                + "6 of 20 bytes present (the snap length cut the packet to 40 of 58 bytes)");
    }

    @Test
    void randomDamageNeverCrashesOrHangs() throws IOException {
        byte[] pcap = Files.readAllBytes(validPcap("fuzz.pcap", ByteOrder.LITTLE_ENDIAN));
        Path ng = dir.resolve("fuzz.pcapng");
        try (CaptureWriter w = CaptureWriter.pcapng(ng, ByteOrder.BIG_ENDIAN)) {
            w.addInterface(1, 9);
            w.addInterface(276, 0x80 | 16);
            int i = 0;
            for (LabScenario.Item item : LabScenario.build(new PacketBuilder(), true)) {
                w.packet(i++ % 2 == 0 ? 0 : 0, item.nanos(), item.bytes());
            }
        }
        byte[] pcapng = Files.readAllBytes(ng);
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 400; round++) {
                byte[] base = round % 2 == 0 ? pcap : pcapng;
                byte[] bad = base.clone();
                int edits = 1 + random.nextInt(20);
                for (int e = 0; e < edits; e++) {
                    int at = 8 + random.nextInt(bad.length - 8);
                    bad[at] = (byte) random.nextInt(256);
                }
                if (random.nextInt(4) == 0) {
                    bad = Arrays.copyOf(bad, 24 + random.nextInt(bad.length - 24));
                }
                Path f = dir.resolve("round.bin");
                Files.write(f, bad);
                try {
                    Analysis a = new Analyzer(AnalysisOptions.defaults().withChat(true)).analyze(f);
                    assertThat(a.frames()).isGreaterThanOrEqualTo(0);
                    chatlab.capture.testing.Renderings.renderAll(a, dir.resolve("report"));
                } catch (CaptureFormatException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        });
    }
}

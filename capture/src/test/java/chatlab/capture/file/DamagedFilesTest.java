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

    /** A byte of the record of frame {@code n} (1-based) of a valid pcap of the lab scenario. */
    private static int recordOffset(byte[] pcap, int n) {
        int at = 24;
        for (int i = 1; i < n; i++) {
            at += 16 + (pcap[at + 8] & 0xFF) + ((pcap[at + 9] & 0xFF) << 8);
        }
        return at;
    }

    @Test
    void aFractionOfASecondOutOfRangeIsReadAsTsharkReadsItAndFramesKeepTheirNumbers() throws IOException {
        Path file = validPcap("fraction.pcap", ByteOrder.LITTLE_ENDIAN);
        byte[] all = Files.readAllBytes(file);
        int frame2 = recordOffset(all, 2);
        long seconds = java.nio.ByteBuffer.wrap(all, frame2, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        Bytes.putI32le(all, frame2 + 4, 2_000_000);
        Files.write(file, all);
        List<CaptureProblem> problems = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(file, problems::add)) {
            Frame f = new Frame();
            while (r.next(f)) {
                times.add(f.timestampNanos);
            }
        }
        assertThat(times).as("every record is read: no frame number shifts").hasSize(49);
        assertThat(times.get(1)).isEqualTo((seconds + 2) * 1_000_000_000L);
        assertThat(problems).extracting(CaptureProblem::toString).containsExactly("frame 2, byte offset " + frame2
                + ": the microseconds field is 2000000, out of range (0 to 999999); the time is read as 2.000000 s past "
                + "the seconds field, as tshark reads it");
        Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(file);
        assertThat(a.synAckCopy().number()).isEqualTo(2);
        assertThat(a.udpCopy().number()).isEqualTo(49);
    }

    @Test
    void anOriginalLengthOfZeroCountsZeroBytesAsInTshark() throws IOException {
        Path file = validPcap("orig0.pcap", ByteOrder.LITTLE_ENDIAN);
        byte[] all = Files.readAllBytes(file);
        long before = new Analyzer(AnalysisOptions.defaults()).analyze(file).bytes();
        int frame3 = recordOffset(all, 3);
        int captured = java.nio.ByteBuffer.wrap(all, frame3 + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        Bytes.putI32le(all, frame3 + 12, 0);
        Files.write(file, all);
        Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(file);
        assertThat(a.bytes()).isEqualTo(before - captured);
        assertThat(a.frames()).isEqualTo(49);
        assertThat(a.problems()).extracting(CaptureProblem::toString).containsExactly("frame 3, byte offset " + frame3
                + ": the original length 0 is smaller than the captured length " + captured + "; the headers are read "
                + "from the " + captured + " captured bytes, and the frame counts 0 bytes, as in tshark");
        assertThat(a.selected().packets()).isEqualTo(41);
    }

    @Test
    void aTcpDataOffsetBelowFiveIsReportedAsWiresharkDoes() throws IOException {
        PacketBuilder c = new PacketBuilder();
        PacketBuilder s = c.reversed();
        Path file = chatlab.capture.testing.Captures.pcap(dir.resolve("bogus.pcap"), List.of(
                c.tcp(40000, 5000, 100, 0, 0x002, 64240, -1, new byte[0]),
                s.tcp(5000, 40000, 900, 101, 0x012, 65160, -1, new byte[0]),
                c.tcpWithDataOffset(40000, 5000, 101, 901, 0x018, 502, 4, "alice".getBytes())));
        Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(file);
        // 24 + 2 x (16 + 54) = 164 for the third record, + 16 + 14 + 20 to its TCP header, + 12 to the data offset
        assertThat(a.problems()).extracting(CaptureProblem::toString).containsExactly("frame 3, byte offset 226: bogus "
                + "TCP header length (16, must be at least 20): the data offset field says 4 words; the segment is "
                + "analysed with it, as Wireshark does, but not counted in its conversation");
        assertThat(a.selected().packets()).as("tshark -z conv,tcp leaves it out").isEqualTo(2);
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

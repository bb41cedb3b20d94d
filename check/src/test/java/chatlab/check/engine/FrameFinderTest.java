package chatlab.check.engine;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.check.Evidence;
import chatlab.check.RuleInfo;
import chatlab.check.RuleResult;
import chatlab.check.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFinderTest {
    @TempDir
    Path dir;

    /** A pcap (classic format, Ethernet) with one IPv4 frame per payload, numbered from 1. */
    private Path capture(byte[]... tcpPayloads) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(header.array());
        int i = 0;
        for (byte[] payload : tcpPayloads) {
            boolean udp = i++ == 2;
            int l4 = udp ? 8 : 20;
            ByteBuffer frame = ByteBuffer.allocate(14 + 20 + l4 + payload.length);
            frame.put(new byte[12]).putShort((short) 0x0800);
            frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4 + payload.length)).putInt(0)
                    .put((byte) 64).put((byte) (udp ? 17 : 6)).putShort((short) 0)
                    .put(new byte[] {10, 20, 30, 3}).put(new byte[] {10, 20, 30, 21});
            if (udp) {
                frame.putShort((short) 40000).putShort((short) 5000).putShort((short) (8 + payload.length))
                        .putShort((short) 0);
            } else {
                frame.putShort((short) 5000).putShort((short) 40000).putInt(1).putInt(1).put((byte) 0x50)
                        .put((byte) 0x18).putShort((short) 512).putInt(0);
            }
            frame.put(payload);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(0).putInt(0).putInt(frame.capacity()).putInt(frame.capacity());
            out.write(record.array());
            out.write(frame.array());
        }
        Path file = dir.resolve("webserver.pcap");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static RuleResult result(Evidence.PacketRef ref) {
        return new RuleResult(RuleInfo.required("S-X", "x", "lab", "place"), "s",
                Verdict.fail("e", "s", List.of(Evidence.of("what", ref), Evidence.of("no packet"))));
    }

    @Test
    void evidenceNamesTheFrameThatCarriedItsBytes() throws Exception {
        Path pcap = capture("!{\"ann\": \"10.20.30.21\"}".getBytes(StandardCharsets.UTF_8),
                "ann: hello from ann ".getBytes(StandardCharsets.UTF_8), "hello from ann".getBytes(StandardCharsets.UTF_8));
        Evidence.PacketRef tcp = new Evidence.PacketRef(false, "10.20.30.3", "10.20.30.21", 0,
                "hello from ann".getBytes(StandardCharsets.UTF_8));
        Evidence.PacketRef udp = new Evidence.PacketRef(true, "10.20.30.3", "10.20.30.21", 5000,
                "hello from ann".getBytes(StandardCharsets.UTF_8));
        Evidence.PacketRef elsewhere = new Evidence.PacketRef(false, "10.20.30.3", "10.20.30.22", 0,
                "hello from ann".getBytes(StandardCharsets.UTF_8));
        List<RuleResult> out = FrameFinder.annotate(List.of(result(tcp), result(udp), result(elsewhere)), List.of(pcap));
        assertThat(out.get(0).verdict().evidence().get(0).frame()).contains("webserver.pcap frame 2");
        assertThat(out.get(1).verdict().evidence().get(0).frame()).contains("webserver.pcap frame 3");
        assertThat(out.get(2).verdict().evidence().get(0).frame()).isEmpty();
        assertThat(out.get(0).verdict().evidence().get(1).frame()).isEmpty();
    }

    @Test
    void bytesSentInSeveralSegmentsPointAtTheFirst() throws Exception {
        Path pcap = capture("ann: hello ".getBytes(StandardCharsets.UTF_8));
        Evidence.PacketRef ref = new Evidence.PacketRef(false, "10.20.30.3", "10.20.30.21", 0,
                "ann: hello from ann cy: and hello from cy ".getBytes(StandardCharsets.UTF_8));
        assertThat(FrameFinder.annotate(List.of(result(ref)), List.of(pcap)).get(0).verdict().evidence().get(0)
                .frame()).contains("webserver.pcap frame 1");
    }
}

package chatlab.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.Frame;
import chatlab.capture.testing.PacketBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPv4 and IPv6 fragments put back together in bounded memory; overlaps and missing pieces reported. */
class FragmentReassemblerTest {
    private static final long SECOND = 1_000_000_000L;
    private final List<CaptureProblem> problems = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder(problems::add);

    private static byte[] message(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** The 3000-byte direct message of the issue: 3008 bytes of UDP in fragments of 1480, 1480 and 48. */
    private static final int[][] THREE = {{0, 1480, 1}, {1480, 1480, 1}, {2960, 48, 0}};

    private static Frame frame(long number, long nanos, byte[] data) {
        Frame f = new Frame();
        f.number = number;
        f.timestampNanos = nanos;
        f.linkType = LinkTypes.ETHERNET;
        f.data = data;
        f.capturedLength = data.length;
        f.originalLength = data.length;
        f.fileOffset = number * 100;
        f.dataFileOffset = f.fileOffset + 16;
        return f;
    }

    /** Feeds the packets in order; returns the decoded datagram of the one that completes it, or null. */
    private Packet feed(FragmentReassembler r, List<byte[]> packets, long[] nanos, Frame whole) {
        Packet done = null;
        for (int i = 0; i < packets.size(); i++) {
            Frame f = frame(i + 1, nanos == null ? i * 1000L : nanos[i], packets.get(i));
            Packet p = new Packet();
            decoder.decode(f, p);
            assertThat(p.fragment).as("packet %d is a fragment", i + 1).isTrue();
            if (r.add(f, p, whole)) {
                assertThat(done).as("one completion").isNull();
                done = new Packet();
                decoder.decodeReassembled(whole, done);
            }
        }
        return done;
    }

    private static FragmentReassembler reassembler(List<CaptureProblem> problems) {
        return new FragmentReassembler(60 * SECOND, 4 << 20, problems::add);
    }

    @Test
    void ipv4FragmentsInOrderMakeOneUdpDatagramInTheLastFrame() {
        byte[] text = message(3000);
        List<byte[]> packets = new PacketBuilder().addresses("10.0.0.1", "10.0.0.3").udpFragments(5000, 5000, text,
                0x1234, THREE);
        Frame whole = new Frame();
        Packet p = feed(reassembler(problems), packets, null, whole);
        assertThat(p.kind).isEqualTo(Packet.Kind.UDP);
        assertThat(p.udpLength).isEqualTo(3008);
        assertThat(p.srcPort).isEqualTo(5000);
        assertThat(p.payloadReportedLength()).isEqualTo(3000);
        assertThat(p.payloadCapturedLength()).isEqualTo(3000);
        assertThat(Arrays.copyOfRange(whole.data, p.payloadOffset(), p.payloadOffset() + 3000)).isEqualTo(text);
        assertThat(whole.number).isEqualTo(3);
        assertThat(whole.fragments).isEqualTo(3);
        assertThat(whole.firstFragmentFrame).isEqualTo(1);
        assertThat(problems).isEmpty();
    }

    @Test
    void ipv6FragmentsAreReassembledToo() {
        byte[] text = message(3000);
        List<byte[]> packets = new PacketBuilder().addresses("2001:db8::1", "2001:db8::3").udpFragments(5000, 5000,
                text, 0xABCD, new int[] {0, 1448, 1}, new int[] {1448, 1448, 1}, new int[] {2896, 112, 0});
        Frame whole = new Frame();
        Packet p = feed(reassembler(problems), packets, null, whole);
        assertThat(p.kind).isEqualTo(Packet.Kind.UDP);
        assertThat(p.ipVersion).isEqualTo(6);
        assertThat(p.udpLength).isEqualTo(3008);
        assertThat(p.protocol).isEqualTo(17);
        assertThat(Arrays.copyOfRange(whole.data, p.payloadOffset(), p.payloadOffset() + 3000)).isEqualTo(text);
        assertThat(problems).isEmpty();
    }

    @Test
    void fragmentsInAnyOrderCompleteWithTheLastToArrive() {
        List<byte[]> packets = new PacketBuilder().udpFragments(5000, 5000, message(3000), 7, THREE[2], THREE[0],
                THREE[1]);
        Frame whole = new Frame();
        Packet p = feed(reassembler(problems), packets, null, whole);
        assertThat(p.udpLength).isEqualTo(3008);
        assertThat(whole.number).isEqualTo(3);
    }

    @Test
    void overlappingFragmentsAreReportedAndTheLowerOffsetWins() {
        byte[] text = message(3000);
        PacketBuilder b = new PacketBuilder();
        List<byte[]> packets = new ArrayList<>(b.udpFragments(5000, 5000, text, 9, THREE[0]));
        byte[] other = text.clone();
        Arrays.fill(other, 1000, 1400, (byte) 'Z'); // a later fragment that says other bytes for 1008-1407
        packets.addAll(b.udpFragments(5000, 5000, other, 9, new int[] {1000, 1480, 1}, THREE[1], THREE[2]));
        Frame whole = new Frame();
        Packet p = feed(reassembler(problems), packets, null, whole);
        assertThat(p.udpLength).isEqualTo(3008);
        assertThat(Arrays.copyOfRange(whole.data, p.payloadOffset(), p.payloadOffset() + 3000)).isEqualTo(text);
        assertThat(problems).extracting(CaptureProblem::message).containsExactly("overlapping IP fragments: this "
                + "fragment (ID 0x9) covers bytes 1000-2479 of its datagram, frame 1 already held 0-1479; their bytes "
                + "differ (a conflict); the bytes of the fragment with the lower offset are used, as Wireshark does");
    }

    @Test
    void aDatagramMissingAFragmentIsReportedAtTheEnd() {
        FragmentReassembler r = reassembler(problems);
        List<byte[]> packets = new PacketBuilder().addresses("10.0.0.1", "10.0.0.3").udpFragments(5000, 5000,
                message(3000), 0x1234, THREE[0], THREE[2]);
        assertThat(feed(r, packets, null, new Frame())).isNull();
        r.finish();
        assertThat(problems).extracting(CaptureProblem::toString).containsExactly("frame 1, byte offset 100: IP "
                + "fragments missing: the datagram with ID 0x1234 from 10.0.0.1 to 10.0.0.3 (UDP) has bytes 0-1479, "
                + "2960-3007 in frames 1, 2; bytes 1480-2959 never came, and the capture ended first; it is not "
                + "analysed");
        assertThat(r.givenUp()).isEqualTo(1);
    }

    @Test
    void aDatagramIsGivenUpAfterTheTimeoutOfCaptureTime() {
        FragmentReassembler r = reassembler(problems);
        List<byte[]> packets = new PacketBuilder().udpFragments(5000, 5000, message(3000), 1, THREE);
        Packet p = feed(r, packets, new long[] {0, 61 * SECOND, 62 * SECOND}, new Frame());
        assertThat(p).as("the first fragment was given up before the rest came").isNull();
        assertThat(problems).first().extracting(CaptureProblem::message).asString().contains(
                "none came for 60 s of capture time (--fragment-timeout)");
    }

    @Test
    void theBufferHoldsABoundedAmountAndGivesUpTheOldestDatagram() {
        List<CaptureProblem> seen = new ArrayList<>();
        FragmentReassembler r = new FragmentReassembler(60 * SECOND, 4000, seen::add);
        PacketBuilder b = new PacketBuilder();
        List<byte[]> packets = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            packets.add(b.udpFragments(5000, 5000, message(3000), id, THREE[0]).get(0));
        }
        feed(r, packets, null, new Frame());
        assertThat(seen).hasSize(3).allSatisfy(x -> assertThat(x.message()).contains(
                "the fragment buffer (4000 bytes, --fragment-buffer-bytes) was full"));
        assertThat(seen).extracting(CaptureProblem::frame).containsExactly(1L, 2L, 3L);
    }
}

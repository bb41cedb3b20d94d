package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import chatlab.capture.testing.PacketBuilder.Link;
import chatlab.capture.testing.Renderings;
import chatlab.capture.testing.TsharkComparison;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synthetic captures of the hard cases, each compared frame by frame and field by field with tshark, then checked
 * for the lab answers the scenario was built to produce.
 */
class SyntheticCapturesIT {
    @TempDir
    Path dir;

    record Case(String name, PacketBuilder builder, ByteOrder order, boolean nanos, int snap, boolean handshake) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("ethernet_ipv4_le_us", new PacketBuilder(), ByteOrder.LITTLE_ENDIAN, false, 262144, true),
                new Case("ethernet_ipv4_be_ns", new PacketBuilder(), ByteOrder.BIG_ENDIAN, true, 262144, true),
                new Case("vlan_802_1q", new PacketBuilder().vlans(42), ByteOrder.LITTLE_ENDIAN, false, 262144, true),
                new Case("qinq_two_tags", new PacketBuilder().vlans(100, 42), ByteOrder.BIG_ENDIAN, false, 262144, true),
                new Case("linux_sll", new PacketBuilder().link(Link.SLL), ByteOrder.LITTLE_ENDIAN, false, 262144, true),
                new Case("linux_sll2", new PacketBuilder().link(Link.SLL2), ByteOrder.LITTLE_ENDIAN, true, 262144, true),
                new Case("bsd_null_loopback", new PacketBuilder().link(Link.NULL), ByteOrder.LITTLE_ENDIAN, false, 262144,
                        true),
                new Case("raw_ip", new PacketBuilder().link(Link.RAW), ByteOrder.LITTLE_ENDIAN, false, 262144, true),
                new Case("ipv4_options", new PacketBuilder().ipv4Options(new byte[] {7, 7, 4, 0, 0, 0, 0, 0}),
                        ByteOrder.LITTLE_ENDIAN, false, 262144, true),
                new Case("ipv6_extension_headers", new PacketBuilder().addresses("2001:db8::1", "2001:db8::2")
                        .ipv6Extensions(0, 60, 44), ByteOrder.LITTLE_ENDIAN, false, 262144, true),
                new Case("snaplen_64_truncated", new PacketBuilder(), ByteOrder.LITTLE_ENDIAN, false, 64, true),
                new Case("starts_after_handshake", new PacketBuilder(), ByteOrder.LITTLE_ENDIAN, false, 262144, false))
                .map(Arguments::of);
    }

    private Path write(Case c) throws IOException {
        Path file = dir.resolve(c.name + ".pcap");
        try (CaptureWriter w = CaptureWriter.pcap(file, c.builder.linkType(), c.order, c.nanos, c.snap)) {
            for (LabScenario.Item item : LabScenario.build(c.builder, c.handshake)) {
                w.packet(item.nanos(), item.bytes());
            }
        }
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTsharkFieldByField(Case c) throws IOException {
        Path file = write(c);
        TsharkComparison.Result r = TsharkComparison.compare(file, AnalysisOptions.defaults().withChat(true));
        assertThat(r.mismatches()).as("disagreements with tshark in " + c.name).isEmpty();
        assertThat(r.tcpFramesCompared()).isGreaterThan(40);
        assertThat(r.udpFramesCompared()).isEqualTo(1);
        Analysis a = r.analysis();
        TcpConnection conn = a.selected();
        assertThat(conn).isNotNull();
        assertThat(conn.stream()).isZero();
        assertThat(conn.retransmissions().count()).as("retransmissions").isEqualTo(1);
        assertThat(conn.fastRetransmissions().count()).as("fast retransmissions").isEqualTo(1);
        assertThat(conn.spuriousRetransmissions().count()).as("spurious").isEqualTo(1);
        assertThat(conn.outOfOrder().count()).as("out of order").isEqualTo(1);
        assertThat(conn.zeroWindow().count()).isEqualTo(2);
        assertThat(conn.zeroWindowProbes().count()).isEqualTo(1);
        assertThat(conn.keepAlives().count()).isEqualTo(1);
        assertThat(a.tcpConnections()).isEqualTo(2);
        assertThat(r.connections()).hasSize(2);
        // The same ports again after both FINs: a new stream from its SYN on, which tshark does not flag as
        // tcp.analysis.reused_ports (that is for a SYN on a connection that was not closed).
        TcpConnection again = r.connections().get(1);
        assertThat(again.stream()).isEqualTo(1);
        assertThat(again.reusedPorts()).isFalse();
        assertThat(again.synFrame()).isEqualTo(c.handshake ? 42 : 39);
        assertThat(again.firstFrame()).isEqualTo(again.synFrame());
        if (c.handshake) {
            assertThat(a.synCopy().number()).isEqualTo(1);
            assertThat(a.synAckCopy().number()).isEqualTo(2);
            assertThat(conn.windowFull().count()).isEqualTo(1);
            assertThat(conn.a().windowScale()).isEqualTo(7);
        } else {
            assertThat(a.synCopy()).isNull();
            assertThat(conn.a().windowScale()).isEqualTo(-1);
        }
        assertThat(a.udpCopy()).isNotNull();
        Renderings.renderAll(a, dir.resolve("report-" + c.name));
    }

    @Test
    void pcapngWithTwoInterfacesSectionsAndUnknownBlocks() throws IOException {
        Path file = dir.resolve("two_interfaces.pcapng");
        PacketBuilder eth = new PacketBuilder();
        PacketBuilder sll2 = new PacketBuilder().link(Link.SLL2);
        List<LabScenario.Item> tcp = LabScenario.build(eth, true);
        List<LabScenario.Item> udp = LabScenario.build(sll2, true);
        try (CaptureWriter w = CaptureWriter.pcapng(file, ByteOrder.BIG_ENDIAN)) {
            int ethIf = w.addInterface(1, 6);
            int sllIf = w.addInterface(276, 9);
            w.unknownBlock(0x0BAD, 10);
            for (int i = 0; i < tcp.size(); i++) {
                LabScenario.Item t = tcp.get(i);
                if (!t.udp()) {
                    w.packet(ethIf, t.nanos(), t.bytes());
                }
                if (i == 20) {
                    w.unknownBlock(0x40000BAD, 33);
                }
            }
            LabScenario.Item last = udp.get(udp.size() - 1);
            w.packet(sllIf, last.nanos(), last.bytes());
            w.section();
            int binIf = w.addInterface(101, 0x80 | 20);
            w.packet(binIf, last.nanos() + 1_000_000, new PacketBuilder().link(Link.RAW).udp(5000, 5000,
                    "second section".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        TsharkComparison.Result r = TsharkComparison.compare(file, AnalysisOptions.defaults());
        assertThat(r.mismatches()).isEmpty();
        assertThat(r.udpFramesCompared()).isEqualTo(2);
        assertThat(r.analysis().udpCopy().linkType()).isEqualTo(276);
        assertThat(r.analysis().problems()).isEmpty();
    }
}

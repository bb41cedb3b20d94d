package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.file.Bytes;
import chatlab.capture.report.Conversation;
import chatlab.capture.report.ConversationsReport;
import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.TcpAnswers;
import chatlab.capture.testing.CaptureWriter;
import chatlab.capture.testing.Captures;
import chatlab.capture.testing.LabScenario;
import chatlab.capture.testing.PacketBuilder;
import chatlab.capture.testing.Tshark;
import chatlab.capture.testing.TsharkComparison;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge cases of issue 23, each compared with tshark 4.0 frame by frame (and, where tshark has one, with its
 * answer): TCP Fast Open, TCP options cut at every snap length, a pcap record with an out-of-range fraction, an
 * original length of 0, a bogus TCP data offset, IPv4 and IPv6 fragments, and the one known difference (a segment
 * after an ACKed unseen segment).
 */
class EdgeCasesTsharkIT {
    @TempDir
    Path dir;

    private static void agrees(TsharkComparison.Result r, String what) {
        assertThat(r.mismatches()).as("disagreements with tshark in " + what).isEmpty();
        assertThat(r.tsharkFlagsOnCutFrames()).as("tshark analysis flags on frames whose options are cut, " + what)
                .isEmpty();
    }

    @ParameterizedTest(name = "server acknowledges {0} bytes of the SYN's data")
    @ValueSource(ints = {5, 0})
    void fastOpenAgreesWithTshark(int acked) throws IOException {
        Path file = Captures.pcap(dir.resolve("tfo.pcap"), FastOpenTest.capture(acked));
        TsharkComparison.Result r = TsharkComparison.compare(file, AnalysisOptions.defaults().withChat(true));
        agrees(r, "a Fast Open handshake");
        String tsharkAck = Tshark.fields(file, List.of("tcp.ack")).get(2L).get("tcp.ack");
        assertThat(LabAnswers.of(r.analysis()).tcp().synAck().ackRelative()).isEqualTo(Long.parseLong(tsharkAck))
                .isEqualTo(acked + 1);
    }

    /** The Linux-like session of {@link CutOptionsTest}, with a retransmission, cut at every length from 38 to 115. */
    @ParameterizedTest(name = "IPv{0}")
    @ValueSource(ints = {4, 6})
    void cutOptionsAtEverySnapLengthAgreeWithTshark(int version) throws Exception {
        PacketBuilder c = version == 4 ? new PacketBuilder() : new PacketBuilder().addresses("2001:db8::1", "2001:db8::2");
        List<byte[]> packets = new ArrayList<>(CutOptionsTest.session(c));
        packets.add(packets.get(5)); // a retransmission of the first relay
        Path full = Captures.pcap(dir.resolve("full" + version + ".pcap"), packets);
        int ip = version == 4 ? 20 : 40;
        int synEnd = 14 + ip + 40;
        int windowEnd = 14 + ip + 16;
        // Each length costs an editcap and a tshark run, most of it tshark's start (about 0.25 s of CPU): they run on
        // every core, and their results are judged one by one, in order, below.
        Map<Integer, Future<TsharkComparison.Result>> compared = new TreeMap<>();
        ExecutorService tools = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            for (int snap = 38; snap <= 115; snap++) {
                Path cut = dir.resolve("cut" + version + "-" + snap + ".pcap");
                int length = snap;
                compared.put(snap, tools.submit(() -> TsharkComparison.compare(Tshark.editcap(full, cut, length),
                        AnalysisOptions.defaults())));
            }
        } finally {
            tools.shutdown();
        }
        for (int snap = 38; snap <= 115; snap++) {
            TsharkComparison.Result r = compared.get(snap).get();
            agrees(r, "IPv" + version + " cut at " + snap);
            if (snap < windowEnd) {
                assertThat(r.analysis().tcpConnections()).as("no TCP header up to its window at %d", snap).isZero();
                assertThat(r.analysis().maxPortSeen()).as("Q11 reads the ports at %d", snap)
                        .isEqualTo(snap >= 14 + ip + 4 ? 40000 : -1);
                continue;
            }
            TcpAnswers q = LabAnswers.of(r.analysis()).tcp();
            assertThat(q.windowScale().known()).as("scale known at snap %d", snap).isEqualTo(snap >= synEnd);
            if (snap < synEnd) {
                assertThat(q.windowMin().advertisedByClient().bytes()).as("no guess at %d", snap).isNull();
                assertThat(r.optionsCutFrames()).isPositive();
            } else {
                assertThat(q.windowMin().advertisedByClient().afterHandshakeBytes()).isEqualTo(46_080L);
            }
            assertThat(q.retransmissions().total()).as("classified at %d", snap).isEqualTo(1);
        }
    }

    @Test
    void anOutOfRangeFractionAndAnOriginalLengthOfZeroAgreeWithTshark() throws IOException {
        Path file = dir.resolve("damaged.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(file, 1, ByteOrder.LITTLE_ENDIAN, false, 262144)) {
            for (LabScenario.Item item : LabScenario.build(new PacketBuilder(), true)) {
                w.packet(item.nanos(), item.bytes());
            }
        }
        byte[] all = Files.readAllBytes(file);
        int frame2 = 24 + 16 + 58;
        int frame3 = frame2 + 16 + 58;
        Bytes.putI32le(all, frame2 + 4, 2_000_000);
        Bytes.putI32le(all, frame3 + 12, 0);
        Files.write(file, all);
        TsharkComparison.Result r = TsharkComparison.compare(file, AnalysisOptions.defaults());
        agrees(r, "the damaged file");
        assertThat(r.analysis().frames()).isEqualTo(49);
        Tshark.ConversationRow theirs = Tshark.conversations(file, "tcp").get(0);
        Conversation ours = ConversationsReport.json(r.analysis()).get(0);
        assertThat(ours.packets()).isEqualTo(theirs.frames());
        assertThat(ours.bytes()).as("frame.len 0 counts 0 bytes").isEqualTo(theirs.bytes());
    }

    @Test
    void aBogusDataOffsetAgreesWithTshark() throws IOException {
        PacketBuilder c = new PacketBuilder();
        PacketBuilder s = c.reversed();
        Path file = Captures.pcap(dir.resolve("bogus.pcap"), List.of(
                c.tcp(40000, 5000, 100, 0, 0x002, 64240, -1, new byte[0]),
                s.tcp(5000, 40000, 900, 101, 0x012, 65160, -1, new byte[0]),
                c.tcp(40000, 5000, 101, 901, 0x010, 502, -1, new byte[0]),
                c.tcpWithDataOffset(40000, 5000, 101, 901, 0x018, 502, 4, "alice".getBytes()),
                c.tcp(40000, 5000, 101, 901, 0x018, 502, -1, "alice".getBytes()),
                s.tcp(5000, 40000, 901, 106, 0x010, 509, -1, new byte[0])));
        TsharkComparison.Result r = TsharkComparison.compare(file, AnalysisOptions.defaults());
        // tshark stops at the data offset (no flags, ack, window on frame 4) but analyses the segment: frame 5 is
        // out of order in both
        agrees(r, "a bogus data offset");
        assertThat(r.analysis().selected().outOfOrder().kept()).containsExactly(5);
        assertThat(r.analysis().problems()).extracting(p -> p.message()).anySatisfy(m -> assertThat(m)
                .startsWith("bogus TCP header length (16, must be at least 20)"));
        assertThat(ConversationsReport.json(r.analysis()).get(0).packets())
                .isEqualTo(Tshark.conversations(file, "tcp").get(0).frames());
    }

    @Test
    void fragmentedDatagramsAgreeWithTshark() throws IOException {
        Path direct = Captures.pcap(dir.resolve("direct.pcap"), FragmentedDatagramsTest.directMessageCapture());
        TsharkComparison.Result r = TsharkComparison.compare(direct, AnalysisOptions.defaults().withUdpFrame(5));
        agrees(r, "a fragmented direct message");
        assertThat(r.udpFramesCompared()).isEqualTo(1);
        Map<String, String> frame5 = Tshark.fields(direct, List.of("udp.length")).get(5L);
        assertThat(frame5.get("udp.length")).isEqualTo("3008");
        assertThat(LabAnswers.of(r.analysis()).udp().first().frame()).isEqualTo(5);

        Path three = Captures.pcap(dir.resolve("three.pcap"), FragmentedDatagramsTest.threeFlows());
        TsharkComparison.Result flows = TsharkComparison.compare(three, AnalysisOptions.defaults());
        agrees(flows, "a fragmented IPv6 flow between two others");
        List<Tshark.ConversationRow> theirs = Tshark.conversations(three, "udp");
        List<Conversation> ours = ConversationsReport.json(flows.analysis());
        assertThat(ours).hasSameSizeAs(theirs);
        assertThat(ours).extracting(Conversation::bytes).containsExactlyInAnyOrderElementsOf(
                theirs.stream().map(Tshark.ConversationRow::bytes).toList());
    }

    /** The documented difference: Wireshark calls frame 8 a fast retransmission, chatlab out-of-order. */
    @Test
    void afterAnAckedUnseenSegmentTsharkSeesAFastRetransmissionChatlabAnOutOfOrderSegment() throws IOException {
        Path file = AckedUnseenTest.write(dir.resolve("unseen.pcap"));
        TsharkComparison.Result r = TsharkComparison.compare(file, AnalysisOptions.defaults());
        assertThat(r.mismatches()).containsExactlyInAnyOrder(
                "frame 8 tcp.analysis.retransmission: tshark 1, chatlab null",
                "frame 8 tcp.analysis.fast_retransmission: tshark 1, chatlab null",
                "frame 8 tcp.analysis.out_of_order: tshark null, chatlab 1");
    }
}

package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.file.ProblemKinds;
import chatlab.capture.file.ProblemLog;
import chatlab.capture.report.Conversation;
import chatlab.capture.report.ConversationsReport;
import chatlab.capture.testing.Captures;
import chatlab.capture.testing.PacketBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every store of the analysis is bounded: the flows followed at once, the conversation rows held as objects, the
 * chat's buffers, the chat lines kept. Past a bound the analysis goes on and says what it gave up.
 */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    private static FlowSummary row(int stream) {
        return new FlowSummary(17, stream, 4, 0, 0x0A000001L, 1000 + stream, 0, 0x0A000002L, 2000, stream + 1, 1,
                100L * stream, 10, stream * 1_000L, stream * 2_000L, 0, -1, -1, 0, false);
    }

    @Test
    void conversationRowsPastTheInMemoryBoundGoToAFileAndComeBackInStreamOrder() throws IOException {
        ConversationTable t = new ConversationTable(3);
        for (int stream = 0; stream < 10; stream++) {
            t.opened(stream);
        }
        for (int stream : new int[] {7, 2, 9, 0, 1, 3, 8, 4, 6, 5}) {
            t.put(row(stream));
        }
        List<FlowSummary> back = new ArrayList<>();
        t.forEach(back::add);
        assertThat(back).extracting(FlowSummary::stream).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(back.get(7)).isEqualTo(row(7));
        t.close();
    }

    @Test
    void pastTheFlowLimitIdleFlowsAreRetiredTheirRowsKeptAndTheChatConnectionFollowed() throws IOException {
        PacketBuilder c = new PacketBuilder();
        PacketBuilder s = c.reversed();
        List<byte[]> p = new ArrayList<>();
        p.add(c.tcp(40000, 5000, 100, 0, 0x002, 64240, -1, new byte[0]));
        p.add(s.tcp(5000, 40000, 900, 101, 0x012, 65160, -1, new byte[0]));
        for (int i = 0; i < 40; i++) {
            p.add(new PacketBuilder().udp(10000 + i, 20000, "x".getBytes(StandardCharsets.UTF_8)));
        }
        p.add(c.tcp(40000, 5000, 101, 901, 0x010, 502, -1, new byte[0]));
        Path file = Captures.pcap(dir.resolve("many.pcap"), p);
        AnalysisOptions options = AnalysisOptions.defaults().withLimits(CaptureLimits.defaults().withMaxFlows(8));
        try (Analysis a = new Analyzer(options).analyze(file)) {
            assertThat(a.retiredFlows()).isPositive();
            assertThat(a.udpFlows()).isEqualTo(40);
            assertThat(a.selected().packets()).as("the connection the answers are about is never retired").isEqualTo(3);
            assertThat(a.selected().synAckFrame()).isEqualTo(2);
            List<Conversation> rows = ConversationsReport.json(a);
            assertThat(rows).hasSize(41);
            assertThat(rows).filteredOn(r -> r.protocol().equals("udp")).extracting(Conversation::stream)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).boxed().toList());
            assertThat(a.problemGroups()).extracting(ProblemLog.Group::kind).containsExactly(ProblemKinds.FLOWS_RETIRED);
            assertThat(a.problems().get(0).message()).startsWith("more than 8 flows open at once (--max-flows): the 2 "
                    + "idle longest");
        }
    }

    @Test
    void theAutomaticFlowLimitFitsTheHeap() {
        CaptureLimits l = CaptureLimits.defaults();
        assertThat(l.maxFlowsFor(256L << 20, false)).isBetween(500_000L, 600_000L);
        assertThat(l.maxFlowsFor(256L << 20, true)).isBetween(150_000L, 250_000L);
        assertThat(l.maxFlowsFor(16L << 20, false)).isEqualTo(CaptureLimits.MIN_AUTO_FLOWS);
    }

    @Test
    void aReassemblerThatCannotWaitForAHoleGoesOnAfterAGap() {
        List<String> out = new ArrayList<>();
        ChatBudget budget = new ChatBudget(300);
        StreamReassembler r = new StreamReassembler(new StreamReassembler.Sink() {
            @Override
            public void message(byte[] bytes, long frame, long nanos) {
                out.add(new String(bytes, StandardCharsets.UTF_8));
            }

            @Override
            public void gap(long missing, long frame, long nanos) {
                out.add("gap " + missing);
            }
        }, budget, (asking, frame, nanos) -> asking.giveUpWaiting(frame, nanos));
        r.synSeen(0);
        r.segment(11, "x".repeat(100).getBytes(StandardCharsets.UTF_8), true, 2, 0); // waits: 196 of 300
        r.segment(111, "y".repeat(100).getBytes(StandardCharsets.UTF_8), true, 3, 0); // no room: stop waiting
        assertThat(out).containsExactly("gap 10", "x".repeat(100), "y".repeat(100));
        assertThat(budget.refusals()).isEqualTo(1);
        r.finish();
        r.release();
        assertThat(budget.used()).isZero();
    }

    @Test
    void keptChatLinesPastTheFirstThousandsGoToAFile() throws IOException {
        List<ChatLog.Line> heard = new ArrayList<>();
        ChatLog log = new ChatLog(ChatLog.LINES_IN_MEMORY + 1000, (line, start) -> heard.add(line), () -> 0);
        int n = ChatLog.LINES_IN_MEMORY + 1500;
        for (int i = 0; i < n; i++) {
            log.add(new ChatLog.Line(i, i, ChatLog.Kind.ROOM_MESSAGE, "alice", "everyone", "text " + i, "v2",
                    i % 2 == 0 ? null : "id " + i));
        }
        log.finish();
        assertThat(heard).hasSize(n);
        List<ChatLog.Line> kept = new ArrayList<>();
        log.lines().forEach(kept::add);
        assertThat(kept).hasSize(ChatLog.LINES_IN_MEMORY + 1000);
        assertThat(kept.get(ChatLog.LINES_IN_MEMORY + 999)).isEqualTo(heard.get(ChatLog.LINES_IN_MEMORY + 999));
        assertThat(log.dropped()).isEqualTo(500);
        assertThat(log.total()).isEqualTo(n);
        log.close();
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("chatlab-chat"))
                    .filter(f -> f.toFile().lastModified() > System.currentTimeMillis() - 60_000)).isEmpty();
        }
    }
}

package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.HistoryConfig;
import chatlab.history.SqliteMessageLog;
import chatlab.protocol.Limits;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.testkit.RawLabClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History on real sockets (docs/PROTOCOL.md, *History*): a server with its message log in a test folder, clients that
 * list the feature "history", and what they get on joining, paging back, searching and coming back after a restart.
 */
class V2HistoryTest {
    static final String FEATURES = "[\"rooms\",\"history\"]";

    @TempDir
    Path dir;

    /** A server with history in {@code dir}, a rate that lets a test say hundreds of messages at once. */
    static ServerConfig config(HistorySettings history) {
        return ServerFixture.config(Limits.defaults().withMessagesPerSecond(100_000).withBurstMessages(100_000),
                Duration.ZERO).withHistory(history);
    }

    /** Says {@code first..last} as "PREFIX SEQ" in the room, then waits for the last one's ack. */
    static void say(RoomsClient client, String room, int first, int last, String prefix) throws IOException {
        for (int i = first; i <= last; i++) {
            client.send("{\"type\":\"say\",\"room\":\"" + room + "\",\"id\":\"" + prefix + i + "\",\"text\":\""
                    + prefix + " " + i + "\"}");
        }
        client.await("\"type\":\"ack\"", "\"id\":\"" + prefix + last + "\"");
    }

    /** The messages the client got from the room, in order, as "SEQ:TEXT" with an "h" before history. */
    static List<String> got(RoomsClient client, String room) {
        List<String> got = new ArrayList<>();
        for (ServerMessage message : client.messages()) {
            if (message instanceof ServerMessage.Message m && Objects.equals(m.room(), room)) {
                got.add((m.history() ? "h" : "") + m.seq() + ":" + m.text());
            }
        }
        return got;
    }

    static <T extends ServerMessage> List<T> ofType(RoomsClient client, Class<T> type) {
        return client.messages().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<String> history(long first, long last, String prefix) {
        return LongStream.rangeClosed(first, last).mapToObj(seq -> "h" + seq + ":" + prefix + " " + seq).toList();
    }

    @Test
    void aLateJoinerGetsTheLastFiftyMarkedAndPagesBackToTheFirst() throws Exception {
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES,
                        "[{\"room\":\"#dev\"}]")) {
            alice.await("\"type\":\"history\"", "\"count\":0"); // a new room: an empty page
            say(alice, "#dev", 1, 120, "m");
            try (RoomsClient bob = RoomsClient.hello(fixture.server.port(), 3, "bob", FEATURES,
                    "[{\"room\":\"#dev\"}]")) {
                assertThat(bob.await("\"type\":\"welcome\"")).contains("\"features\":[\"rooms\",\"history\"]");
                bob.await("\"type\":\"history\"", "\"room\":\"#dev\"");
                assertThat(got(bob, "#dev")).isEqualTo(history(71, 120, "m"));
                assertThat(ofType(bob, ServerMessage.HistoryEnd.class))
                        .containsExactly(new ServerMessage.HistoryEnd("#dev", null, 50, true, 71));

                bob.send("{\"type\":\"history\",\"room\":\"#dev\",\"before\":71,\"id\":\"p1\"}");
                bob.await("\"type\":\"history\"", "\"id\":\"p1\"");
                bob.send("{\"type\":\"history\",\"room\":\"#dev\",\"before\":21,\"count\":50,\"id\":\"p2\"}");
                bob.await("\"type\":\"history\"", "\"id\":\"p2\"");
                List<String> expected = new ArrayList<>(history(71, 120, "m"));
                expected.addAll(history(21, 70, "m"));
                expected.addAll(history(1, 20, "m"));
                assertThat(got(bob, "#dev")).isEqualTo(expected);
                assertThat(ofType(bob, ServerMessage.HistoryEnd.class)).containsExactly(
                        new ServerMessage.HistoryEnd("#dev", null, 50, true, 71),
                        new ServerMessage.HistoryEnd("#dev", "p1", 50, true, 21),
                        new ServerMessage.HistoryEnd("#dev", "p2", 20, false, 1));

                // Live messages are not marked, and come once.
                say(alice, "#dev", 121, 121, "m");
                bob.await("\"text\":\"m 121\"");
                assertThat(got(bob, "#dev")).endsWith("121:m 121").containsOnlyOnce("121:m 121");
            }
        }
    }

    @Test
    void aSearchFindsWordsInAnyScriptNewestFirstAndOnlyInItsRoom() throws Exception {
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES,
                        "[{\"room\":\"#dev\"},{\"room\":\"#ops\"}]")) {
            // Each new room's (empty) history page first: a message said before the page is read would be in it.
            alice.await("\"type\":\"history\"", "\"room\":\"#dev\"", "\"count\":0");
            alice.await("\"type\":\"history\"", "\"room\":\"#ops\"", "\"count\":0");
            String[] texts = {"Grüße aus Zürich", "日本語のテキストです", "zurich again, naïve café",
                "nothing to see", "Ελληνικά γράμματα"};
            for (int i = 0; i < texts.length; i++) {
                alice.send("{\"type\":\"say\",\"room\":\"#dev\",\"id\":\"d" + i + "\",\"text\":\"" + texts[i] + "\"}");
            }
            alice.send("{\"type\":\"say\",\"room\":\"#ops\",\"id\":\"o1\",\"text\":\"Zürich in ops\"}");
            alice.await("\"type\":\"ack\"", "\"id\":\"o1\"");
            alice.await("\"type\":\"ack\"", "\"id\":\"d4\"");

            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"zurich\",\"id\":\"s1\"}");
            alice.await("\"type\":\"search\"", "\"id\":\"s1\"");
            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"日本語\",\"id\":\"s2\"}");
            alice.await("\"type\":\"search\"", "\"id\":\"s2\"");
            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"ΕΛΛΗΝΙΚΆ\",\"id\":\"s3\"}");
            alice.await("\"type\":\"search\"", "\"id\":\"s3\"");
            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"zurich\",\"count\":1,\"id\":\"s4\"}");
            alice.await("\"type\":\"search\"", "\"id\":\"s4\"");
            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"  - \",\"id\":\"s5\"}");
            alice.await("\"type\":\"error\"", "\"ref\":\"s5\"");

            List<String> found = got(alice, "#dev").stream().filter(s -> s.startsWith("h")).toList();
            assertThat(found).containsExactly("h3:zurich again, naïve café", "h1:Grüße aus Zürich",
                    "h2:日本語のテキストです", "h5:Ελληνικά γράμματα", "h3:zurich again, naïve café");
            assertThat(ofType(alice, ServerMessage.SearchEnd.class)).containsExactly(
                    new ServerMessage.SearchEnd("#dev", "s1", "zurich", 2, false, 1),
                    new ServerMessage.SearchEnd("#dev", "s2", "日本語", 1, false, 2),
                    new ServerMessage.SearchEnd("#dev", "s3", "ΕΛΛΗΝΙΚΆ", 1, false, 5),
                    new ServerMessage.SearchEnd("#dev", "s4", "zurich", 1, true, 3));
            assertThat(ofType(alice, ServerMessage.Error.class)).singleElement().satisfies(error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.BAD_FIELD);
                assertThat(error.message()).isEqualTo("cannot search: nothing to search for: give at least one word "
                        + "of letters or digits");
            });
        }
    }

    /**
     * A client that comes back after the server was restarted resumes from the log: the epoch is the log's, so it is
     * sent exactly what it missed, its own messages left out.
     */
    @Test
    void aClientResumesFromTheLogAcrossARestart() throws Exception {
        String epoch;
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES,
                        "[{\"room\":\"#dev\"}]")) {
            say(alice, "#dev", 1, 30, "m");
            epoch = ofType(alice, ServerMessage.RoomState.class).get(0).epoch();
        }
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient carol = RoomsClient.hello(fixture.server.port(), 4, "carol", FEATURES,
                        "[{\"room\":\"#dev\"}]")) {
            say(carol, "#dev", 31, 35, "c");
            try (RoomsClient bob = RoomsClient.hello(fixture.server.port(), 3, "bob", FEATURES,
                    "[{\"room\":\"#dev\",\"since\":{\"epoch\":\"" + epoch + "\",\"seq\":10}}]")) {
                assertThat(ofType(bob, ServerMessage.RoomState.class).get(0).epoch()).isEqualTo(epoch);
                bob.await("\"text\":\"c 35\"");
                bob.sync("t1");
                List<String> expected = new ArrayList<>();
                LongStream.rangeClosed(11, 30).forEach(seq -> expected.add(seq + ":m " + seq));
                LongStream.rangeClosed(31, 35).forEach(seq -> expected.add(seq + ":c " + seq));
                assertThat(got(bob, "#dev")).isEqualTo(expected);
                assertThat(ofType(bob, ServerMessage.HistoryEnd.class)).isEmpty();
            }
        }
    }

    /**
     * A message stored just before the server went down, whose ack its sender never got, is resent after the restart:
     * the server knows its id from the log, acknowledges it again as a duplicate with its first seq, and neither stores
     * nor relays it a second time.
     */
    @Test
    void aMessageResentAfterARestartIsAcknowledgedAgainNotStoredTwice() throws Exception {
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES,
                        "[{\"room\":\"#dev\"}]")) {
            say(alice, "#dev", 1, 5, "m");
        }
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient bob = RoomsClient.hello(fixture.server.port(), 3, "bob", FEATURES,
                        "[{\"room\":\"#dev\"}]");
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 4, "alice", FEATURES,
                        "[{\"room\":\"#dev\"}]")) {
            alice.send("{\"type\":\"say\",\"room\":\"#dev\",\"id\":\"m5\",\"text\":\"m 5\"}");
            ServerMessage.Ack again = (ServerMessage.Ack) RoomsClient.decode(
                    alice.await("\"type\":\"ack\"", "\"id\":\"m5\""));
            assertThat(again.duplicate()).isTrue();
            assertThat(again.seq()).isEqualTo(5);
            say(alice, "#dev", 6, 6, "m");
            bob.await("\"text\":\"m 6\"");
            bob.sync("t1");
            List<String> expected = new ArrayList<>(history(1, 5, "m"));
            expected.add("6:m 6");
            assertThat(got(bob, "#dev")).isEqualTo(expected);
        }
    }

    /**
     * A room's topic is kept in the log: after a restart the room's state shows it, with who set it and when, and a
     * topic cleared before the restart stays cleared.
     */
    @Test
    void aRoomKeepsItsTopicAcrossARestart() throws Exception {
        ServerMessage.Topic set;
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES,
                        "[{\"room\":\"#dev\"},{\"room\":\"#ops\"}]")) {
            alice.send("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"release on friday, ø and 東京\"}");
            set = (ServerMessage.Topic) RoomsClient.decode(alice.await("\"type\":\"topic\"", "#dev"));
            alice.send("{\"type\":\"topic\",\"room\":\"#ops\",\"text\":\"on call: bob\"}");
            alice.await("\"type\":\"topic\"", "on call");
            alice.send("{\"type\":\"topic\",\"room\":\"#ops\",\"text\":\"\"}");
            alice.await("\"type\":\"topic\"", "#ops", "\"text\":\"\"");
            say(alice, "#dev", 1, 1, "m"); // the topics are stored in order with the appends: this one's ack comes after
        }
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient bob = RoomsClient.hello(fixture.server.port(), 3, "bob", FEATURES,
                        "[{\"room\":\"#dev\"},{\"room\":\"#ops\"}]")) {
            bob.sync("t1");
            List<ServerMessage.RoomState> states = ofType(bob, ServerMessage.RoomState.class);
            ServerMessage.RoomState dev = states.stream().filter(state -> state.room().equals("#dev")).findFirst()
                    .orElseThrow();
            ServerMessage.RoomState ops = states.stream().filter(state -> state.room().equals("#ops")).findFirst()
                    .orElseThrow();
            assertThat(dev.topic()).isEqualTo("release on friday, ø and 東京");
            assertThat(dev.topicBy()).isEqualTo("alice");
            assertThat(dev.topicTime()).isEqualTo(set.time());
            assertThat(ops.topic()).isNull();
        }
    }

    /**
     * A client that comes back after a long absence is sent what it missed paced by bytes: 600 KB to a client whose
     * outbound queue is cut off past 64 KiB. Sent at once (as before history), the queue would pass the hard limit.
     */
    @Test
    void aLongAbsenceIsReplayedPacedAndNeverCutOff() throws Exception {
        Limits small = Limits.defaults().withMessagesPerSecond(100_000).withBurstMessages(100_000)
                .withSoftOutboundBytes(16 * 1024).withMaxOutboundBytes(64 * 1024);
        ServerConfig config = ServerFixture.config(small, Duration.ZERO).withHistory(HistorySettings.in(dir));
        String padding = "x".repeat(280);
        try (ServerFixture fixture = new ServerFixture(config);
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES,
                        "[{\"room\":\"#dev\"}]")) {
            String epoch = ofType(alice, ServerMessage.RoomState.class).get(0).epoch();
            for (int i = 1; i <= 2000; i++) {
                alice.send("{\"type\":\"say\",\"room\":\"#dev\",\"id\":\"m" + i + "\",\"text\":\"m " + i + " "
                        + padding + "\"}");
                if (i % 200 == 0) {
                    alice.await("\"type\":\"ack\"", "\"id\":\"m" + i + "\""); // alice's own acks stay small
                }
            }
            try (RoomsClient bob = RoomsClient.hello(fixture.server.port(), 3, "bob", FEATURES,
                    "[{\"room\":\"#dev\",\"since\":{\"epoch\":\"" + epoch + "\",\"seq\":0}}]")) {
                bob.await("\"text\":\"m 2000 ");
                bob.sync("all");
                assertThat(bob.raw.closedByServer()).isFalse();
                assertThat(got(bob, "#dev")).hasSize(2000).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void labClientsGetNoHistoryUnlessTheServerSendsTheLastNAsRelays() throws Exception {
        HistorySettings settings = HistorySettings.in(dir).withLabMessages(3);
        try (ServerFixture fixture = new ServerFixture(config(settings));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES, null)) {
            say(alice, "#general", 1, 8, "m");
            try (RawLabClient lab = fixture.connect(3)) {
                lab.send("labby");
                lab.awaitContains("alice: m 8 ");
                assertThat(lab.receivedText()).contains("alice: m 6 ", "alice: m 7 ").doesNotContain("m 5");
                say(alice, "#general", 9, 9, "m");
                lab.awaitContains("alice: m 9 ");
            }
        }
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES, null);
                RawLabClient lab = fixture.connect(3)) {
            lab.send("labby");
            alice.awaitMembers("#general", "alice", "labby");
            say(alice, "#general", 10, 10, "m");
            lab.awaitContains("alice: m 10 ");
            assertThat(lab.receivedText()).doesNotContain("m 9");
        }
    }

    @Test
    void aServerWithoutHistoryAnswersRequestsWithHistoryOff() throws Exception {
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.off()));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES, null)) {
            assertThat(alice.await("\"type\":\"welcome\"")).contains("\"features\":[\"rooms\"]");
            alice.send("{\"type\":\"history\",\"room\":\"#general\",\"id\":\"h1\"}");
            assertThat(alice.await("\"type\":\"error\"")).isEqualTo("{\"type\":\"error\",\"room\":\"#general\","
                    + "\"code\":\"history_off\",\"message\":\"this server keeps no history (it runs with --history "
                    + "off)\",\"fatal\":false,\"ref\":\"h1\"}");
            alice.send("{\"type\":\"history\",\"room\":\"#elsewhere\",\"id\":\"h2\"}");
            assertThat(alice.await("\"ref\":\"h2\"")).contains("\"code\":\"not_in_room\"");
        }
    }

    /** Every acknowledged message is in the log, once, whoever reads it after the server stopped. */
    static List<Long> storedSeqs(Path dir, String room) throws Exception {
        try (SqliteMessageLog log = SqliteMessageLog.openForReading(SqliteMessageLog.pathIn(dir),
                HistoryConfig.defaults())) {
            List<Long> seqs = new ArrayList<>();
            long after = 0;
            while (true) {
                var page = log.after(room, after, 1000).get(30, TimeUnit.SECONDS);
                if (page.isEmpty()) {
                    return seqs;
                }
                page.forEach(m -> seqs.add(m.seq()));
                after = page.get(page.size() - 1).seq();
            }
        }
    }

    @Test
    void everyAcknowledgedMessageIsInTheLog() throws Exception {
        try (ServerFixture fixture = new ServerFixture(config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", FEATURES, null)) {
            say(alice, "#general", 1, 300, "m");
        }
        assertThat(storedSeqs(dir, "#general")).isEqualTo(LongStream.rangeClosed(1, 300).boxed().toList());
    }
}

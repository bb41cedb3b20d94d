package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.cluster.ClusterConfig;
import chatlab.server.ChatServer;
import chatlab.server.HistorySettings;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Cleanup;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two in-JVM servers of a cluster on a real nats-server: the rooms' numbers, epoch and history are the stream's, the
 * same on both (docs/CLUSTER.md, *History and resume*). Before the servers used the stream, each numbered the room
 * itself under an epoch of its own, and a client resuming on the other server was sent that server's replay.
 */
class ClusterHistoryTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern EPOCH = Pattern.compile("\"epoch\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aV2ClientResumesOnTheOtherServerWithExactlyWhatItMissed() throws Exception {
        NatsBroker broker = cleanup.add(NatsBroker.start(dir));
        int portA = Ports.freeForTcpAndUdp();
        int portB = Ports.freeForTcpAndUdp();
        server(broker, portA);
        server(broker, portB);

        RawLineClient alice = hello(portA, 191, "alice", null);
        String epoch = find(EPOCH, alice.lines().get(0));
        RawLineClient bob = hello(portB, 192, "bob", null);
        assertThat(find(EPOCH, bob.lines().get(0))).as("one epoch for the cluster").isEqualTo(epoch);
        bob.awaitLine("alice in bob's presence", l -> l.contains("\"type\":\"presence\"") && l.contains("alice"));

        List<Long> aliceSeqs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            aliceSeqs.add(say(alice, "m" + i));
        }
        for (int i = 1; i <= 3; i++) {
            int n = i;
            String seen = bob.awaitLine("m" + n + " on B", l -> l.contains("\"type\":\"message\"")
                    && l.contains("\"text\":\"m" + n + "\""));
            assertThat(Long.parseLong(find(SEQ, seen))).as("m" + n + "'s seq on B").isEqualTo(aliceSeqs.get(n - 1));
        }
        alice.close();
        bob.awaitLine("alice gone from bob's presence", l -> l.contains("\"left\":[{\"name\":\"alice\""));
        List<Long> bobSeqs = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            bobSeqs.add(say(bob, "b" + i));
        }

        // alice comes back on B, from the last seq she saw on A.
        // (As chatlab client does: with rooms and history, the room named with where she left off.)
        RawLineClient back = hello(portB, 193, "alice", ",\"features\":[\"rooms\",\"history\"],\"rooms\":[{\"room\":"
                + "\"#general\",\"since\":{\"epoch\":\"" + epoch + "\",\"seq\":" + aliceSeqs.get(2) + "}}]");
        back.awaitLine("b2 replayed", l -> l.contains("\"text\":\"b2\""));
        bob.sendLine("{\"type\":\"say\",\"id\":\"b3\",\"text\":\"b3\"}");
        back.awaitLine("b3 live", l -> l.contains("\"text\":\"b3\""));
        List<String> messages = back.lines().stream().filter(l -> l.contains("\"type\":\"message\"")).toList();
        assertThat(messages).as("exactly what she missed, once, then the live one").hasSize(3);
        assertThat(messages.get(0)).contains("\"text\":\"b1\"").contains("\"seq\":" + bobSeqs.get(0));
        assertThat(messages.get(1)).contains("\"text\":\"b2\"").contains("\"seq\":" + bobSeqs.get(1));
        assertThat(messages.get(2)).contains("\"text\":\"b3\"");

        // A newcomer with "history" on A is sent the room's last messages from the stream, said on both servers.
        RawLineClient carol = hello(portA, 194, "carol", ",\"features\":[\"history\"]");
        String end = carol.awaitLine("the history's end", l -> l.contains("\"type\":\"history\""));
        List<String> history = carol.lines().stream().filter(l -> l.contains("\"history\":true")).toList();
        assertThat(history).extracting(ClusterHistoryTest::text).containsExactly("m1", "m2", "m3", "b1", "b2", "b3");
        assertThat(end).contains("\"count\":6");
        // /history pages from the stream too; a search is refused with the log's sentence.
        carol.sendLine("{\"type\":\"history\",\"before\":" + bobSeqs.get(0) + ",\"count\":2,\"id\":\"h1\"}");
        String page = carol.awaitLine("the page's end", l -> l.contains("\"type\":\"history\"")
                && l.contains("\"id\":\"h1\""));
        assertThat(page).contains("\"count\":2").contains("\"more\":true");
        carol.sendLine("{\"type\":\"search\",\"text\":\"m1\",\"id\":\"s1\"}");
        String refused = carol.awaitLine("the search refused", l -> l.contains("\"ref\":\"s1\""));
        assertThat(refused).contains("search is not available on a cluster's message log (the broker's streams have "
                + "no word index)");
    }

    private ChatServer server(NatsBroker broker, int port) throws Exception {
        ServerConfig config = ServerConfig.defaults().withBindAddresses(List.of(InetAddress.getByName("127.0.0.1")))
                .withPort(port).withHistory(HistorySettings.in(dir.resolve("unused-" + port)));
        return cleanup.add(ChatServer.start(config, ServerEvents.NONE,
                NatsCluster.connect(ClusterConfig.of(List.of(broker.url())))));
    }

    private RawLineClient hello(int port, int octet, String name, String more) throws Exception {
        RawLineClient client = cleanup.add(RawLineClient.connect(Ports.loopback(octet), port));
        client.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\","
                + "\"udp_port\":0" + (more == null ? "" : more) + "}");
        client.awaitLineContaining("\"type\":\"welcome\"");
        return client;
    }

    /** Says {@code text} (its id too) and returns the seq its acknowledgement gave it. */
    private static long say(RawLineClient client, String text) throws Exception {
        client.sendLine("{\"type\":\"say\",\"id\":\"" + text + "\",\"text\":\"" + text + "\"}");
        String ack = client.awaitLine("ack of " + text, l -> l.contains("\"type\":\"ack\"")
                && l.contains("\"id\":\"" + text + "\""));
        return Long.parseLong(find(SEQ, ack));
    }

    private static String text(String line) {
        return find(Pattern.compile("\"text\":\"([^\"]*)\""), line);
    }

    private static String find(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        if (!matcher.find()) {
            throw new AssertionError(pattern + " not in " + line);
        }
        return matcher.group(1);
    }
}

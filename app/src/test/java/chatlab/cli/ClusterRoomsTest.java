package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.cluster.ClusterConfig;
import chatlab.server.HistorySettings;
import chatlab.testkit.Await;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.TcpRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Rooms other than the default room across the servers of a cluster: each room's members, on every server, are in its
 * member lists, counts and presence, its messages reach its members on every server and nobody else, and its topic
 * set on one server is seen on all. A lab client sees the default room alone, as on one server.
 */
class ClusterRoomsTest extends ClusterBrokerTest {
    private static final String ROOMS = ",\"features\":[\"rooms\"],\"rooms\":";

    @Test
    void threeClientsOnThreeServersInTwoRoomsEachSeeExactlyTheirRooms() throws Exception {
        int[] ports = threeServers();
        int portA = ports[0];
        int portB = ports[1];
        int portC = ports[2];
        RawLineClient alice = v2(portA, 31, "alice", ROOMS + "[{\"room\":\"#general\"},{\"room\":\"#dev\"}]");
        RawLineClient bob = v2(portB, 32, "bob", ROOMS + "[{\"room\":\"#dev\"},{\"room\":\"#ops\"}]");
        RawLineClient carol = v2(portC, 33, "carol", ROOMS + "[{\"room\":\"#ops\"},{\"room\":\"#general\"}]");
        RawLabClient labby = cleanup.add(RawLabClient.connect(Ports.loopback(34), portA));
        labby.send("labby");

        // Every server counts every server's members: bob (on B, not in #general) included.
        String everyRoom = "{\"type\":\"rooms\",\"rooms\":[{\"room\":\"#general\",\"members\":3},"
                + "{\"room\":\"#dev\",\"members\":2},{\"room\":\"#ops\",\"members\":2}]}";
        for (RawLineClient each : List.of(alice, bob, carol)) {
            awaitRooms(each, "the rooms listed with every server's members", everyRoom::equals);
        }

        alice.sendLine(say("a1", "#dev", "alice in dev"));
        alice.sendLine(say("a2", "#general", "alice in general"));
        bob.sendLine(say("b1", "#dev", "bob in dev"));
        bob.sendLine(say("b2", "#ops", "bob in ops"));
        carol.sendLine(say("c1", "#ops", "carol in ops"));
        carol.sendLine(say("c2", "#general", "carol in general"));
        for (RawLineClient each : List.of(alice, bob, carol)) {
            Await.until("both says acknowledged", () -> each.lines().stream()
                    .filter(l -> l.startsWith("{\"type\":\"ack\"")).count() == 2);
        }
        labby.awaitContains("carol: carol in general ");
        // Each gets exactly its rooms' messages from the others, once.
        Await.until("alice has bob's and carol's", () -> said(alice).size() == 2);
        Await.until("bob has alice's and carol's", () -> said(bob).size() == 2);
        Await.until("carol has alice's and bob's", () -> said(carol).size() == 2);
        assertThat(said(alice)).containsExactlyInAnyOrder("#dev bob in dev", "#general carol in general");
        assertThat(said(bob)).containsExactlyInAnyOrder("#dev alice in dev", "#ops carol in ops");
        assertThat(said(carol)).containsExactlyInAnyOrder("#ops bob in ops", "#general alice in general");

        // A newcomer on C joining #dev (which nobody on C is in) gets its members on A and B in its room message.
        RawLineClient dave = v2(portC, 35, "dave", ROOMS + "[{\"room\":\"#dev\"}]");
        String room = dave.awaitLine("#dev's room message", l -> l.startsWith("{\"type\":\"room\",\"room\":\"#dev\""));
        assertThat(names(room)).containsExactlyInAnyOrder("alice", "bob");
        // ... and the members of #dev on A and B hear of dave.
        Await.until("alice and bob hear dave joined #dev", () -> List.of(alice, bob).stream().allMatch(c -> c.lines()
                .stream().anyMatch(l -> l.startsWith("{\"type\":\"presence\",\"room\":\"#dev\",\"joined\":[{\"name\":"
                        + "\"dave\""))));

        // The lab client saw the default room alone: its messages, its members, nothing of #dev or #ops.
        String lab = labby.receivedText();
        assertThat(lab).contains("alice: alice in general ", "carol: carol in general ")
                .doesNotContain("in dev", "in ops", "\"bob\"", "\"dave\"");
        String map = lab.substring(lab.lastIndexOf("!{"), lab.indexOf('}', lab.lastIndexOf("!{")) + 1);
        assertThat(map).contains("\"labby\": \"127.0.0.34\"", "\"alice\": \"127.0.0.31\"", "\"carol\": \"127.0.0.33\"");
        assertThat(map.split(":")).hasSize(4); // those three and nobody else
    }

    @Test
    void aTopicSetOnOneServerIsSeenOnEvery() throws Exception {
        int[] ports = threeServers();
        int portA = ports[0];
        int portB = ports[1];
        int portC = ports[2];
        RawLineClient alice = v2(portA, 41, "alice", ROOMS + "[{\"room\":\"#dev\"}]");
        RawLineClient bob = v2(portB, 42, "bob", ROOMS + "[{\"room\":\"#dev\"}]");
        RawLineClient carol = v2(portC, 43, "carol", ROOMS + "[{\"room\":\"#general\"}]");
        awaitKnows(bob, "alice");

        alice.sendLine("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"release on friday\"}");
        String mine = alice.awaitLine("alice's topic", l -> l.startsWith("{\"type\":\"topic\""));
        String seen = bob.awaitLine("the topic on B", l -> l.startsWith("{\"type\":\"topic\""));
        assertThat(seen).isEqualTo(mine).contains("\"text\":\"release on friday\"", "\"by\":\"alice\"");
        // C has no member in #dev, yet lists its topic, and a newcomer there gets it in its room message.
        awaitRooms(carol, "the topic in C's list of rooms",
                list -> list.contains("{\"room\":\"#dev\",\"members\":2,\"topic\":\"release on friday\"}"));
        RawLineClient dave = v2(portC, 44, "dave", ROOMS + "[{\"room\":\"#dev\"}]");
        assertThat(dave.awaitLine("#dev's room message", l -> l.startsWith("{\"type\":\"room\",\"room\":\"#dev\"")))
                .contains("\"topic\":\"release on friday\",\"topic_by\":\"alice\"");
        // Set once, announced once on each server.
        assertThat(bob.lines()).filteredOn(l -> l.startsWith("{\"type\":\"topic\"")).hasSize(1);
        assertThat(alice.lines()).filteredOn(l -> l.startsWith("{\"type\":\"topic\"")).hasSize(1);

        // Cleared on B: cleared everywhere.
        bob.sendLine("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"\"}");
        Await.until("the topic cleared on A", () -> alice.lines().stream()
                .anyMatch(l -> l.startsWith("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"\"")));
    }

    /**
     * Two servers make one room with two spellings, neither knowing of the other's member ({@code #Dev} on A while A is
     * cut off from the broker, {@code #dev} on B meanwhile): one stream all the same, so once A is back its members
     * talk both ways, each seeing the room as spelled on its server, and history under a third spelling has both.
     * (With streams named by spelling, A's and B's messages went to two streams and never met.)
     */
    @Test
    void aRoomMadeAsDevOnOneServerAndAsdevOnAnotherIsOneRoom() throws Exception {
        NatsBroker broker = broker();
        TcpRelay partition = cleanup.add(TcpRelay.to(Integer.parseInt(broker.url().substring(
                broker.url().lastIndexOf(':') + 1))));
        // History on (its SQLite folder stays unused: a cluster's history is the stream).
        int portA = server(ClusterConfig.of(List.of("nats://127.0.0.1:" + partition.port())),
                config -> config.withHistory(HistorySettings.in(dir.resolve("unused-a"))));
        int portB = server(ClusterConfig.of(List.of(broker.url())));
        RawLineClient alice = v2(portA, 45, "alice", ",\"features\":[\"rooms\"]");

        partition.cut();
        alice.sendLine("{\"type\":\"join\",\"room\":\"#Dev\"}");
        alice.awaitLine("#Dev made on A", l -> l.startsWith("{\"type\":\"room\",\"room\":\"#Dev\""));
        RawLineClient bob = v2(portB, 46, "bob", ROOMS + "[{\"room\":\"#dev\"}]");
        bob.awaitLine("#dev made on B", l -> l.startsWith("{\"type\":\"room\",\"room\":\"#dev\""));
        partition.restore();

        // Each hears of the other in the room as its server spells it.
        alice.awaitLine("bob in #Dev on A", l -> l.startsWith("{\"type\":\"presence\",\"room\":\"#Dev\"")
                && l.contains("\"name\":\"bob\""));
        bob.awaitLine("alice in #dev on B", l -> l.startsWith("{\"type\":\"presence\",\"room\":\"#dev\"")
                && l.contains("\"name\":\"alice\""));
        // A's link is back (it brought bob): what is said now is stored, and followed from when A asked.
        alice.sendLine(say("a1", "#Dev", "alice to Dev"));
        alice.awaitLine("alice's message stored", l -> l.startsWith("{\"type\":\"ack\""));
        bob.sendLine(say("b1", "#dev", "bob to dev"));
        Await.until("each has the other's message", () -> said(alice).contains("#Dev bob to dev")
                && said(bob).contains("#dev alice to Dev"));
        assertThat(said(alice)).containsExactly("#Dev bob to dev");
        assertThat(said(bob)).containsExactly("#dev alice to Dev");

        // History under a third spelling, on A: both, from the one stream.
        RawLineClient carol = v2(portA, 47, "carol", ",\"features\":[\"rooms\",\"history\"],\"rooms\":"
                + "[{\"room\":\"#DEV\"}]");
        carol.awaitLine("the history's end", l -> l.contains("\"type\":\"history\""));
        assertThat(carol.lines()).filteredOn(l -> l.contains("\"history\":true")).extracting(l -> field(l, "text"))
                .containsExactly("alice to Dev", "bob to dev");
    }

    /** A broker and three servers of its cluster; their ports. */
    private int[] threeServers() throws Exception {
        ClusterConfig config = ClusterConfig.of(List.of(broker().url()));
        return new int[] {server(config), server(config), server(config)};
    }

    /** Asks for the list of rooms (one request at a time, at most five a second) until the answer matches. */
    private static void awaitRooms(RawLineClient client, String what, Predicate<String> matches) {
        int[] asked = {0};
        long[] askedAt = {System.nanoTime() - 1_000_000_000L};
        Await.until(what, () -> rooms(client), list -> {
            if (matches.test(list)) {
                return true;
            }
            long answered = client.lines().stream().filter(l -> l.startsWith("{\"type\":\"rooms\"")).count();
            if (answered == asked[0] && System.nanoTime() - askedAt[0] > 200_000_000L) {
                try {
                    client.sendLine("{\"type\":\"rooms\"}");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                asked[0]++;
                askedAt[0] = System.nanoTime();
            }
            return false;
        });
    }

    /** The newest answer to {@code rooms} the client got, or "" before the first. */
    private static String rooms(RawLineClient client) {
        List<String> answers = client.lines().stream().filter(l -> l.startsWith("{\"type\":\"rooms\"")).toList();
        return answers.isEmpty() ? "" : answers.get(answers.size() - 1);
    }

    /** The chat messages the client got, as "ROOM TEXT". */
    private static List<String> said(RawLineClient client) {
        return client.lines().stream().filter(l -> l.startsWith("{\"type\":\"message\"")).map(l -> field(l, "room")
                + " " + field(l, "text")).toList();
    }

    private static List<String> names(String line) {
        return java.util.Arrays.stream(line.split("\"name\":\"")).skip(1).map(s -> s.substring(0, s.indexOf('"')))
                .toList();
    }

    private static String field(String line, String name) {
        int start = line.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return line.substring(start, line.indexOf('"', start));
    }

    private static String say(String id, String room, String text) {
        return "{\"type\":\"say\",\"id\":\"" + id + "\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}";
    }

}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.Backoff;
import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.protocol.Limits;
import chatlab.server.ChatServer;
import chatlab.server.RoomConfig;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * chatlab's own client in rooms, against the real server on loopback sockets: each client sees exactly its rooms'
 * lines, each labelled with its room while it is in more than one; switching, parting, topics, names, the server's
 * refusals, and rooms resumed and joined again after the connection is lost.
 */
class V2ClientRoomsIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ChatServer server(int port, Limits limits) throws Exception {
        return server(port, limits, RoomConfig.defaults());
    }

    private ChatServer server(int port, Limits limits, RoomConfig rooms) throws Exception {
        return cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port).withLimits(limits)
                .withRooms(rooms), ServerEvents.NONE));
    }

    private V2ClientSession client(int port, int octet, RecordingClientOutput out, String name, List<String> rooms,
            Duration silentServer) throws Exception {
        V2ClientSession session = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(octet))).withUdpPort(0).withRooms(rooms)
                .withSilentServer(silentServer)
                .withReconnect(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 200)), out));
        session.start(name);
        session.registered().get();
        return session;
    }

    @Test
    void eachClientSeesOnlyItsRoomsLabelledAndSwitchesPartsAndSetsTopics() throws Exception {
        int port = Ports.freeForTcpAndUdp();
        server(port, Limits.defaults());
        RecordingClientOutput aliceOut = new RecordingClientOutput();
        V2ClientSession alice = client(port, 151, aliceOut, "alice", List.of("#dev", "#general"), Duration.ofSeconds(90));
        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = client(port, 152, bobOut, "bob", List.of("#ops", "#general"), Duration.ofSeconds(90));
        assertThat(alice.rooms()).containsExactly("#dev", "#general");
        assertThat(alice.currentRoom()).contains("#dev"); // the first --room
        assertThat(bob.currentRoom()).contains("#ops");
        Await.until("alice to see bob join #general", () -> aliceOut.has("[#general] joined bob 127.0.0.152"));

        alice.submit("dev only");
        bob.submit("ops only");
        alice.submit("/switch #general");
        alice.submit("hello both");
        Await.until("bob to get alice's line in the shared room", () -> bobOut.has("[#general] message alice [hello both]"));
        Await.until("alice's lines acknowledged in their rooms",
                () -> aliceOut.has("[#dev] ack [dev only]") && aliceOut.has("[#general] ack [hello both]"));
        Await.until("bob's line acknowledged in #ops", () -> bobOut.has("[#ops] ack [ops only]"));
        assertThat(bobOut.lines()).noneMatch(line -> line.contains("dev only"));
        assertThat(aliceOut.lines()).noneMatch(line -> line.contains("ops only"));
        assertThat(aliceOut.lines()).contains("info now talking in #general", "current #general [#dev, #general]");

        // bob joins alice's other room (spelled another way: one room) and talks there from then on.
        bob.submit("/join #DEV");
        Await.until("bob in #dev", () -> bobOut.has("[#dev] entered #dev [alice, bob]"));
        assertThat(bob.rooms()).containsExactly("#ops", "#general", "#dev");
        assertThat(bob.currentRoom()).contains("#dev");
        Await.until("alice to see bob join #dev", () -> aliceOut.has("[#dev] joined bob 127.0.0.152"));
        bob.submit("now in dev");
        Await.until("alice to get bob's line in #dev", () -> aliceOut.has("[#dev] message bob [now in dev]"));

        // Topics: set in one room, announced to its members only, shown by /topic.
        alice.submit("/topic release on friday");
        Await.until("bob to see the topic", () -> bobOut.has("[#general] topic-set #general [release on friday] by alice"));
        bob.submit("/switch #general");
        bob.submit("/topic");
        Await.until("bob's /topic", () -> bobOut.has("topic #general [release on friday] by alice"));

        // Names: the current room's users, labelled.
        bob.submit("/names");
        Await.until("bob's /names", () -> bobOut.lines().stream()
                .anyMatch(l -> l.startsWith("[#general] list {") && l.contains("alice=") && l.contains("bob=")));

        // The rooms, marked: where bob talks and where else he is.
        bob.submit("/rooms");
        Await.until("bob's /rooms", () -> bobOut.lines().stream().anyMatch(l -> l.startsWith("rooms [")));
        String rooms = bobOut.lines().stream().filter(l -> l.startsWith("rooms [")).findFirst().orElseThrow();
        assertThat(rooms).contains("*#general=2(release on friday)", "+#dev=2", "+#ops=1");

        // Part: the room bob talks in; he talks in his first room then, and alice sees him go.
        bob.submit("/part");
        Await.until("bob out of #general", () -> bobOut.has("parted #general"));
        Await.until("alice to see bob leave #general", () -> aliceOut.has("[#general] left bob"));
        assertThat(bob.rooms()).containsExactly("#ops", "#dev");
        assertThat(bob.currentRoom()).contains("#ops");
        alice.submit("after bob left");
        Await.until("alice's line acknowledged", () -> aliceOut.has("[#general] ack [after bob left]"));
        bob.submit("/switch #dev");
        bob.submit("still in dev");
        Await.until("alice to get bob's line in #dev", () -> aliceOut.has("[#dev] message bob [still in dev]"));
        assertThat(bobOut.lines()).noneMatch(line -> line.contains("after bob left"));

        // The server's refusals, as it words them.
        bob.submit("/join #two.words!");
        bob.submit("/switch #nowhere");
        Await.until("the refusals", () -> bobOut.lines().stream().anyMatch(l -> l.startsWith("problem cannot join \"#two.words!\"")));
        assertThat(bobOut.lines()).contains("problem you are not in #nowhere; /join #nowhere first");
        assertThat(bob.rooms()).containsExactly("#ops", "#dev");
        assertThat(bob.refused()).isEqualTo(2);
    }

    @Test
    void tooManyRoomsIsRefusedWithTheServersSentence() throws Exception {
        int port = Ports.freeForTcpAndUdp();
        server(port, Limits.defaults(), RoomConfig.defaults().withMaxRoomsPerClient(2));
        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession carol = client(port, 153, out, "carol", List.of("#a", "#b"), Duration.ofSeconds(90));
        carol.submit("/join #c");
        Await.until("the refusal", () -> out.has("problem cannot join #c: you are in 2 rooms, the most one client "
                + "may be in; part one first"));
        assertThat(carol.rooms()).containsExactly("#a", "#b");
        assertThat(carol.currentRoom()).contains("#a");
    }

    @Test
    void aFullServerRefusesANewRoomWithItsSentenceAndTheScriptCountsIt() throws Exception {
        int port = Ports.freeForTcpAndUdp();
        // The default room and one more; none is empty while dave is in both.
        server(port, Limits.defaults(), RoomConfig.defaults().withMaxRooms(2));
        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession dave = client(port, 156, out, "dave", List.of("#general", "#a"), Duration.ofSeconds(90));
        dave.submit("/join #b");
        Await.until("the refusal", () -> out.has("problem cannot make #b: the server has 2 rooms, the most it may "
                + "have, and none of them is empty; join an existing room"));
        assertThat(dave.rooms()).containsExactly("#general", "#a");
        assertThat(dave.currentRoom()).contains("#general");
        dave.submit("still here");
        Await.until("the line said where dave talks", () -> out.has("[#general] ack [still here]"));
        assertThat(dave.refused()).isEqualTo(1);
    }

    /**
     * The connection is lost (a cut network) while the others talk in bob's rooms: bob comes back in the same rooms,
     * talking where he talked, and gets what he missed in each room once.
     */
    @Test
    void aReconnectResumesEveryRoomAndJoinsThemAgain() throws Exception {
        int port = Ports.freeForTcpAndUdp();
        // The server gives up a silent connection after 2 s, before bob's client gives up the silent server (6 s):
        // bob's name is free again when he comes back.
        server(port, Limits.defaults().withPingInterval(Duration.ofMillis(500)).withIdleTimeout(Duration.ofSeconds(2)));
        CuttableProxy network = cleanup.add(new CuttableProxy(new InetSocketAddress("127.0.0.1", port)));
        RecordingClientOutput aliceOut = new RecordingClientOutput();
        V2ClientSession alice = client(port, 154, aliceOut, "alice", List.of("#dev", "#general"), Duration.ofSeconds(90));
        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = client(network.port(), 155, bobOut, "bob", List.of("#general"), Duration.ofSeconds(6));
        bob.submit("/join #dev");
        bob.submit("/join #ops");
        Await.until("bob in three rooms", () -> bob.rooms().equals(List.of("#general", "#dev", "#ops")));
        assertThat(bob.currentRoom()).contains("#ops"); // the last joined
        bob.submit("/switch #dev");
        assertThat(bob.currentRoom()).contains("#dev");
        Await.until("alice to see bob in #dev", () -> aliceOut.count("[#dev] joined bob ") == 1); // from the proxy
        alice.submit("before the cut");
        Await.until("bob to get it", () -> bobOut.has("[#dev] message alice [before the cut]"));

        network.cut();
        Await.until("the server to drop bob's silent connection", () -> aliceOut.count("[#dev] left bob") == 1);
        network.restore();
        alice.submit("missed in dev");
        alice.submit("/switch #general");
        alice.submit("missed in general");
        bob.submit("typed while away"); // goes to #dev, where bob talks, once he is back
        Await.until("bob back in his rooms", Duration.ofSeconds(40),
                () -> bobOut.count("[#dev] info back in the room") == 1 && bobOut.count("[#general] info back in the room") == 1
                        && bobOut.count("[#ops] info back in the room") == 1);
        assertThat(bobOut.lines()).anyMatch(l -> l.matches("\\[#\\w+\\] info back in the room; resent 1 message\\(s\\).*"));
        assertThat(bob.rooms()).containsExactly("#general", "#dev", "#ops");
        assertThat(bob.currentRoom()).contains("#dev");
        Await.until("what bob missed, each in its room", () -> bobOut.has("[#dev] message alice [missed in dev]")
                && bobOut.has("[#general] message alice [missed in general]"));
        Await.until("alice to get bob's line in #dev", () -> aliceOut.has("[#dev] message bob [typed while away]"));
        assertThat(bobOut.count("[#dev] message alice [before the cut]")).isEqualTo(1);
        assertThat(bobOut.count("[#dev] message alice [missed in dev]")).isEqualTo(1);
        assertThat(bobOut.count("[#general] message alice [missed in general]")).isEqualTo(1);
        assertThat(aliceOut.count("[#dev] message bob [typed while away]")).isEqualTo(1);
    }
}

package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.protocol.v2.ClientMessageDecoder;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.RoomSummary;
import chatlab.protocol.v2.ServerMessage;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rooms on a real server with raw clients on loopback sockets: clients with the feature "rooms" in several rooms, a
 * lab client in the default room, and a v2 client from before rooms, each seeing exactly its rooms' messages and
 * members; room names, limits, topics, and resuming each room after a reconnect.
 */
class V2RoomsTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ServerFixture server(RoomConfig rooms) throws Exception {
        return cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults(), Duration.ZERO).withRooms(rooms)));
    }

    private RoomsClient withRooms(ServerFixture fixture, int octet, String name, String rooms) throws Exception {
        return cleanup.add(RoomsClient.withRooms(fixture.server.port(), octet, name, rooms));
    }

    private RawLabClient lab(ServerFixture fixture, int octet, String name) throws Exception {
        RawLabClient lab = cleanup.add(fixture.connect(octet));
        lab.send(name);
        return lab;
    }

    private static String say(String id, String room, String text) {
        return "{\"type\":\"say\",\"id\":\"" + id + "\"" + (room == null ? "" : ",\"room\":\"" + room + "\"")
                + ",\"text\":\"" + text + "\"}";
    }

    private static String map(String... entries) {
        return RawLabClient.paddedMap("!{" + String.join(", ", entries) + "}");
    }

    @Test
    void threeV2ClientsInTwoRoomsAndALabClientEachSeeExactlyTheirRooms() throws Exception {
        ServerFixture fixture = server(RoomConfig.defaults());
        RawLabClient labby = lab(fixture, 20, "labby");
        String labbyMap = map("\"labby\": \"127.0.0.20\"");
        labby.awaitReceived(labbyMap);

        RoomsClient alice = withRooms(fixture, 21, "alice",
                "[{\"room\":\"#general\"},{\"room\":\"#dev\"}]");
        alice.awaitMembers("#general", "labby", "alice");
        alice.awaitMembers("#dev", "alice");
        String withAlice = map("\"labby\": \"127.0.0.20\"", "\"alice\": \"127.0.0.21\"");
        labby.awaitReceived(labbyMap + withAlice);
        RoomsClient bob = withRooms(fixture, 22, "bob", null); // no rooms listed: the default room
        bob.awaitMembers("#general", "labby", "alice", "bob");
        String withBob = map("\"labby\": \"127.0.0.20\"", "\"alice\": \"127.0.0.21\"", "\"bob\": \"127.0.0.22\"");
        labby.awaitReceived(labbyMap + withAlice + withBob);
        RoomsClient carol = withRooms(fixture, 23, "carol", "[{\"room\":\"#dev\"}]");
        carol.awaitMembers("#dev", "alice", "carol");
        alice.awaitMembers("#dev", "alice", "carol");

        labby.send("from lab");
        alice.await("\"room\":\"#general\"", "from lab");
        bob.await("from lab");
        alice.send(say("a1", "#dev", "dev talk"));
        carol.await("dev talk");
        assertThat(alice.await("\"type\":\"ack\"", "\"a1\"")).contains("\"room\":\"#dev\"");
        bob.send(say("b1", null, "general talk"));
        alice.await("general talk");
        labby.awaitEndsWith("bob: general talk ");
        carol.send(say("c1", "#dev", "carol here"));
        alice.await("carol here");
        carol.send(say("c2", "#general", "not in it"));
        ServerMessage.Error notIn = (ServerMessage.Error) RoomsClient.decode(carol.await("\"not_in_room\""));
        assertThat(notIn).isEqualTo(new ServerMessage.Error(ErrorCode.NOT_IN_ROOM,
                "you are not in #general; join it first", "c2", "#general"));
        carol.send(say("c3", null, "no room named")); // the default room, which carol is not in
        assertThat(RoomsClient.decode(carol.await("\"ref\":\"c3\""))).isEqualTo(new ServerMessage.Error(
                ErrorCode.NOT_IN_ROOM, "you are not in #general; join it first", "c3", "#general"));
        alice.send("{\"type\":\"whisper\",\"id\":\"w1\",\"to\":\"labby\",\"text\":\"psst\"}");
        labby.awaitEndsWith("alice: (whisper) psst ");
        for (RoomsClient client : List.of(alice, bob, carol)) {
            client.sync("end");
        }

        // The lab client: the default room's maps and relays, byte for byte as before rooms; carol is not in it.
        assertThat(labby.receivedText()).isEqualTo(labbyMap + withAlice + withBob + "bob: general talk "
                + "alice: (whisper) psst ");
        assertThat(alice.said("#general")).containsExactly("labby: from lab", "bob: general talk");
        assertThat(alice.said("#dev")).containsExactly("carol: carol here");
        assertThat(bob.said("#general")).containsExactly("labby: from lab");
        assertThat(carol.said("#dev")).containsExactly("alice: dev talk");
        assertThat(bob.raw.lines()).noneMatch(l -> l.contains("#dev"));
        assertThat(carol.raw.lines()).filteredOn(l -> l.contains("#general")).hasSize(3)
                .allMatch(l -> l.startsWith("{\"type\":\"welcome\"") || l.contains("not_in_room"));
        assertThat(alice.members("#general")).containsExactly("labby", "alice", "bob");
        assertThat(bob.members("#general")).containsExactly("labby", "alice", "bob");
        assertThat(carol.members("#dev")).containsExactly("alice", "carol");
        assertThat(carol.members("#general")).isEmpty();
        assertThat(carol.messages()).filteredOn(m -> m instanceof ServerMessage.Message)
                .allSatisfy(m -> assertThat(((ServerMessage.Message) m).room()).isEqualTo("#dev"));
    }

    @Test
    void aV2ClientFromBeforeRoomsSeesExactlyTheStreamItGotBeforeRooms() throws Exception {
        ServerFixture fixture = server(RoomConfig.defaults());
        RoomsClient alice = withRooms(fixture, 21, "alice", "[{\"room\":\"#general\"},{\"room\":\"#dev\"}]");
        alice.awaitMembers("#general", "alice");
        alice.awaitMembers("#dev", "alice");
        RoomsClient olga = cleanup.add(RoomsClient.hello(fixture.server.port(), 31, "olga", null, null));
        olga.await("\"type\":\"presence\"", "\"olga\"");
        alice.awaitMembers("#general", "alice", "olga");

        alice.send(say("a1", "#dev", "not for olga"));
        alice.await("\"a1\"");
        alice.send(say("a2", "#general", "hello olga"));
        olga.await("hello olga");
        olga.send(say("o1", null, "hi"));
        olga.await("\"o1\"");
        alice.send("{\"type\":\"topic\",\"room\":\"#general\",\"text\":\"a topic olga never sees\"}");
        alice.await("\"type\":\"topic\"");
        alice.send("{\"type\":\"join\",\"room\":\"#elsewhere\"}");
        alice.await("\"room\":\"#elsewhere\"");
        alice.send("{\"type\":\"part\",\"room\":\"#elsewhere\"}");
        alice.send("{\"type\":\"part\",\"room\":\"#general\"}");
        olga.await("\"left\":[{\"name\":\"alice\"");
        olga.send("{\"type\":\"join\",\"room\":\"#dev\"}");
        olga.await("\"feature_required\"");
        olga.send(say("o2", null, "alone now"));
        olga.await("\"o2\"");
        olga.sync("end");

        List<String> normal = new ArrayList<>();
        for (String line : olga.raw.lines()) {
            normal.add(line.replaceAll("\"(time|joined)\":\"[^\"]+\"", "\"$1\":\"T\"")
                    .replaceAll("\"epoch\":\"[^\"]+\"", "\"epoch\":\"E\""));
        }
        String aliceUser = "{\"name\":\"alice\",\"address\":\"127.0.0.21\",\"udp_port\":0,\"wire\":\"v2\",\"joined\":\"T\"}";
        String olgaUser = "{\"name\":\"olga\",\"address\":\"127.0.0.31\",\"udp_port\":0,\"wire\":\"v2\",\"joined\":\"T\"}";
        assertThat(normal).containsExactly(
                "{\"type\":\"welcome\",\"version\":2,\"server\":\"" + ChatServer.SOFTWARE + "\",\"name\":\"olga\","
                        + "\"address\":\"127.0.0.31\",\"limits\":{\"max_line_bytes\":16384,\"max_message_bytes\":4096,"
                        + "\"max_name_chars\":32,\"messages_per_second\":100.0,\"burst_messages\":200,"
                        + "\"ping_interval_ms\":30000,\"idle_timeout_ms\":90000},\"users\":[" + olgaUser + "],"
                        + "\"epoch\":\"E\",\"users_follow\":true}",
                "{\"type\":\"presence\",\"joined\":[" + aliceUser + "],\"left\":[]}",
                "{\"type\":\"presence\",\"joined\":[" + olgaUser + "],\"left\":[]}",
                "{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hello olga\",\"seq\":1,\"time\":\"T\",\"id\":\"a2\","
                        + "\"wire\":\"v2\"}",
                "{\"type\":\"ack\",\"id\":\"o1\",\"seq\":2,\"time\":\"T\"}",
                "{\"type\":\"presence\",\"joined\":[],\"left\":[{\"name\":\"alice\",\"reason\":\"parted\"}]}",
                "{\"type\":\"error\",\"code\":\"feature_required\",\"message\":\"join needs the feature \\\"rooms\\\" "
                        + "in your hello\",\"fatal\":false}",
                "{\"type\":\"ack\",\"id\":\"o2\",\"seq\":3,\"time\":\"T\"}",
                "{\"type\":\"pong\",\"token\":\"end\"}");
    }

    @Test
    void roomNamesFollowTheRulesLookAlikesAreOneRoomAndTheLimitsHold() throws Exception {
        ServerFixture fixture = server(RoomConfig.defaults().withMaxRooms(3).withMaxRoomsPerClient(2));
        RoomsClient alice = withRooms(fixture, 21, "alice", null);
        RoomsClient bob = withRooms(fixture, 22, "bob", null);
        RoomsClient carol = withRooms(fixture, 23, "carol", null);

        alice.send("{\"type\":\"join\",\"room\":\"#two words\"}");
        assertThat(RoomsClient.decode(alice.await("room_name_invalid"))).isEqualTo(new ServerMessage.Error(
                ErrorCode.ROOM_NAME_INVALID, "cannot join \"#two words\": a room name may not contain a space or "
                + "control character (U+0020); after '#' only letters, digits, '-', '_' and '.' are allowed", null,
                "#two words"));
        alice.send("{\"type\":\"join\",\"room\":\"#Ѕerver\"}");
        alice.await("cannot join \\\"#Ѕerver\\\": the room name \\\"#Ѕerver\\\" is reserved");
        alice.send("{\"type\":\"join\",\"room\":\"general\"}");
        alice.await("cannot join \\\"general\\\": a room name begins with '#'");

        alice.send("{\"type\":\"join\",\"room\":\"#Dev\"}");
        alice.await("\"type\":\"room\"", "\"room\":\"#Dev\"");
        bob.send("{\"type\":\"join\",\"room\":\"#dev\"}");
        bob.await("\"type\":\"room\"", "\"room\":\"#Dev\"");
        carol.send("{\"type\":\"join\",\"room\":\"#d\u0435v\"}"); // a Cyrillic e
        carol.await("\"type\":\"room\"", "\"room\":\"#Dev\"");
        alice.awaitMembers("#Dev", "alice", "bob", "carol");

        alice.send("{\"type\":\"join\",\"room\":\"#other\"}");
        assertThat(RoomsClient.decode(alice.await("too_many_rooms"))).isEqualTo(new ServerMessage.Error(
                ErrorCode.TOO_MANY_ROOMS, "cannot join #other: you are in 2 rooms, the most one client may be in; "
                + "part one first", null, "#other"));
        bob.send("{\"type\":\"part\",\"room\":\"#general\"}");
        bob.await("{\"type\":\"part\",\"room\":\"#general\"}");
        bob.send("{\"type\":\"join\",\"room\":\"#x\"}");
        bob.await("\"type\":\"room\"", "\"room\":\"#x\"");
        carol.send("{\"type\":\"part\",\"room\":\"#general\"}");
        carol.send("{\"type\":\"join\",\"room\":\"#y\"}");
        assertThat(RoomsClient.decode(carol.await("rooms_full"))).isEqualTo(new ServerMessage.Error(
                ErrorCode.ROOMS_FULL, "cannot make #y: the server has 3 rooms, the most it may have, and none of them "
                + "is empty; join an existing room", null, "#y"));
        bob.send("{\"type\":\"part\",\"room\":\"#x\"}");
        bob.await("{\"type\":\"part\",\"room\":\"#x\"}");
        carol.send("{\"type\":\"join\",\"room\":\"#y\"}");
        carol.await("\"type\":\"room\"", "\"room\":\"#y\"");
        bob.send("{\"type\":\"part\",\"room\":\"#x\"}");
        assertThat(RoomsClient.decode(bob.await("not_in_room")))
                .isEqualTo(new ServerMessage.Error(ErrorCode.NOT_IN_ROOM, "you are not in #x; join it first", null, "#x"));

        carol.send("{\"type\":\"rooms\"}");
        ServerMessage.RoomList list = (ServerMessage.RoomList) RoomsClient.decode(carol.await("\"type\":\"rooms\""));
        assertThat(list.rooms()).containsExactly(new RoomSummary("#general", 1, null), new RoomSummary("#Dev", 3, null),
                new RoomSummary("#y", 1, null));
    }

    @Test
    void aTopicIsAnnouncedToItsRoomKeptForNewcomersAndListed() throws Exception {
        ServerFixture fixture = server(RoomConfig.defaults());
        RoomsClient alice = withRooms(fixture, 21, "alice", "[{\"room\":\"#dev\"}]");
        RoomsClient bob = withRooms(fixture, 22, "bob", "[{\"room\":\"#dev\"}]");
        RoomsClient carol = withRooms(fixture, 23, "carol", null);
        alice.awaitMembers("#dev", "alice", "bob");

        alice.send("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"release on friday\"}");
        for (RoomsClient member : List.of(alice, bob)) {
            ServerMessage.Topic topic = (ServerMessage.Topic) RoomsClient.decode(member.await("\"type\":\"topic\""));
            assertThat(topic.room()).isEqualTo("#dev");
            assertThat(topic.text()).isEqualTo("release on friday");
            assertThat(topic.by()).isEqualTo("alice");
        }
        carol.sync("after the topic");
        assertThat(carol.raw.lines()).noneMatch(l -> l.contains("friday"));

        RoomsClient dave = withRooms(fixture, 24, "dave", "[{\"room\":\"#dev\"}]");
        ServerMessage.RoomState state = (ServerMessage.RoomState) RoomsClient.decode(dave.await("\"type\":\"room\""));
        assertThat(state.topic()).isEqualTo("release on friday");
        assertThat(state.topicBy()).isEqualTo("alice");
        assertThat(state.topicTime()).isNotNull();

        carol.send("{\"type\":\"rooms\"}");
        ServerMessage.RoomList list = (ServerMessage.RoomList) RoomsClient.decode(carol.await("\"type\":\"rooms\""));
        assertThat(list.rooms()).containsExactly(new RoomSummary("#general", 1, null),
                new RoomSummary("#dev", 3, "release on friday"));

        bob.send("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"" + "t".repeat(301) + "\"}");
        assertThat(RoomsClient.decode(bob.await("topic_invalid"))).isEqualTo(new ServerMessage.Error(
                ErrorCode.TOPIC_INVALID, "the topic has 301 characters, over the limit of 300, and was not set",
                null, "#dev"));
        bob.send("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"a\\u001bb\"}");
        bob.await("the topic contains the control character U+001B and was not set");
        carol.send("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"hijack\"}");
        carol.await("you are not in #dev; join it first");

        bob.send("{\"type\":\"topic\",\"room\":\"#dev\",\"text\":\"\"}");
        dave.await("\"type\":\"topic\"", "\"text\":\"\"", "\"by\":\"bob\"");
        RoomsClient erin = withRooms(fixture, 25, "erin", "[{\"room\":\"#dev\"}]");
        assertThat(((ServerMessage.RoomState) RoomsClient.decode(erin.await("\"type\":\"room\""))).topic()).isNull();
    }

    @Test
    void aClientThatComesBackResumesEachRoomFromTheLastMessageItSawThere() throws Exception {
        ServerFixture fixture = server(RoomConfig.defaults());
        RawLabClient labby = lab(fixture, 20, "labby");
        labby.awaitContains("\"labby\"");
        RoomsClient alice = withRooms(fixture, 21, "alice", "[{\"room\":\"#general\"},{\"room\":\"#dev\"}]");
        RoomsClient bob = withRooms(fixture, 22, "bob", "[{\"room\":\"#dev\"}]");
        alice.awaitMembers("#dev", "alice", "bob");
        alice.awaitMembers("#general", "labby", "alice");
        labby.awaitContains("\"alice\"");
        bob.send(say("d1", "#dev", "dev one"));
        labby.send("general one");
        alice.await("dev one");
        alice.await("general one");
        String generalEpoch = epochOf(alice, "#general");
        String devEpoch = epochOf(alice, "#dev");
        long devSeq = seqOf(alice, "dev one");
        long generalSeq = seqOf(alice, "general one");

        alice.raw.vanish();
        Await.until("alice's leave", () -> fixture.events.lines().stream().anyMatch(l -> l.startsWith("leave alice")));
        bob.send(say("d2", "#dev", "dev two"));
        bob.send(say("d3", "#dev", "dev three"));
        bob.await("\"d3\"");
        labby.send("general two");
        bob.sync("said");

        RoomsClient back = withRooms(fixture, 21, "alice", "[{\"room\":\"#general\",\"since\":{\"epoch\":\""
                + generalEpoch + "\",\"seq\":" + generalSeq + "}},{\"room\":\"#dev\",\"since\":{\"epoch\":\""
                + devEpoch + "\",\"seq\":" + devSeq + "}}]");
        back.await("dev three");
        back.await("general two");
        back.sync("replayed");
        assertThat(back.said("#general")).containsExactly("labby: general two");
        assertThat(back.said("#dev")).containsExactly("bob: dev two", "bob: dev three");
        List<String> kinds = new ArrayList<>();
        for (ServerMessage message : back.messages()) {
            kinds.add(message.type().tag() + (message instanceof ServerMessage.RoomState s ? " " + s.room() : ""));
        }
        assertThat(kinds.subList(0, 6)).as("each room's state, then what was missed there")
                .containsExactly("welcome", "room #general", "message", "room #dev", "message", "message");

        // The same with join after the welcome: a client in the default room alone joins #dev with since.
        RoomsClient again = withRooms(fixture, 26, "alice2", null);
        again.send("{\"type\":\"join\",\"room\":\"#dev\",\"since\":{\"epoch\":\"" + devEpoch + "\",\"seq\":"
                + (devSeq + 1) + "}}");
        again.await("dev three");
        again.sync("joined");
        assertThat(again.said("#dev")).containsExactly("bob: dev three");
        // From another epoch (a server that restarted, or a room made again) everything the room kept is sent.
        RoomsClient stranger = withRooms(fixture, 27, "carol", "[{\"room\":\"#dev\",\"since\":{\"epoch\":\"old\","
                + "\"seq\":99}}]");
        stranger.await("dev three");
        stranger.sync("joined");
        assertThat(stranger.said("#dev")).containsExactly("bob: dev one", "bob: dev two", "bob: dev three");
    }

    @Test
    void maxUsersCountsTheUsersOfAllRoomsTogether() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults().withMaxUsers(2),
                Duration.ZERO).withRooms(RoomConfig.defaults())));
        int port = fixture.server.port();
        RoomsClient alice = cleanup.add(RoomsClient.hello(port, 21, "alice", "[\"rooms\"]", "[{\"room\":\"#dev\"}]"));
        alice.awaitMembers("#dev", "alice");
        RoomsClient bob = cleanup.add(RoomsClient.hello(port, 22, "bob", "[\"rooms\"]", "[{\"room\":\"#ops\"}]"));
        bob.awaitMembers("#ops", "bob");
        assertThat(alice.members("#general")).isEmpty(); // the default room is empty: only the server is full

        RawLineClient carol = cleanup.add(RawLineClient.connect(Ports.loopback(23), port));
        carol.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"carol\",\"features\":[\"rooms\"],"
                + "\"rooms\":[{\"room\":\"#qa\"}]}");
        ServerMessage.Error full = (ServerMessage.Error) RoomsClient.decode(carol.awaitLineContaining("\"room_full\""));
        assertThat(full.message()).isEqualTo("cannot register: the room is full (2 users); try again later");
        assertThat(full.fatal()).isTrue();
        carol.awaitClosedByServer();
        RawLabClient labby = lab(fixture, 24, "labby"); // the lab's room is empty, and still full
        labby.awaitContains("cannot register: the room is full (2 users); try again later");
        labby.awaitClosedByServer();

        bob.close(); // one leaves #ops: a place is free on the whole server
        Await.until("bob's leave to be logged", () -> fixture.events.lines().stream().anyMatch(l -> l.startsWith("leave bob")));
        RoomsClient dave = cleanup.add(RoomsClient.hello(port, 25, "dave", "[\"rooms\"]", "[{\"room\":\"#qa\"}]"));
        dave.awaitMembers("#qa", "dave");
    }

    @Test
    void aHelloThatNamesMoreThan64RoomsIsRefusedByTheServer() throws Exception {
        ServerFixture fixture = server(RoomConfig.defaults());
        StringBuilder rooms = new StringBuilder("[");
        for (int i = 0; i <= ClientMessageDecoder.MAX_HELLO_ROOMS; i++) { // 65 rooms
            rooms.append(i == 0 ? "" : ",").append("{\"room\":\"#r").append(i).append("\"}");
        }
        RawLineClient greedy = cleanup.add(RawLineClient.connect(Ports.loopback(21), fixture.server.port()));
        greedy.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"greedy\",\"features\":[\"rooms\"],"
                + "\"rooms\":" + rooms + "]}");
        ServerMessage.Error refused = (ServerMessage.Error) RoomsClient.decode(greedy.awaitLineContaining("\"error\""));
        assertThat(refused.code()).isEqualTo(ErrorCode.BAD_FIELD);
        assertThat(refused.message()).isEqualTo("field \"rooms\" must be a list of at most 64 objects");
        assertThat(greedy.lines()).noneMatch(l -> l.contains("\"welcome\""));

        // Exactly 64 are decoded: the client is put in the first 20 (the rooms per client) and told of the rest.
        RoomsClient full = withRooms(fixture, 22, "full", rooms.substring(0, rooms.lastIndexOf(",")) + "]");
        full.await("\"too_many_rooms\"", "#r63");
    }

    private static String epochOf(RoomsClient client, String room) {
        return client.messages().stream().filter(m -> m instanceof ServerMessage.RoomState s && s.room().equals(room))
                .map(m -> ((ServerMessage.RoomState) m).epoch()).findFirst().orElseThrow();
    }

    private static long seqOf(RoomsClient client, String text) {
        return client.messages().stream().filter(m -> m instanceof ServerMessage.Message msg && msg.text().equals(text))
                .mapToLong(m -> ((ServerMessage.Message) m).seq()).findFirst().orElseThrow();
    }
}

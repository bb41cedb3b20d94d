package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits of docs/LIMITS.md checked at their exact edge on the real server: the documented default (not only a
 * smaller test value) and the option that moves it, on both wires, the last allowed unit taken and the next refused.
 */
class ConfiguredLimitsTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ServerFixture server(ServerConfig config) throws Exception {
        return cleanup.add(new ServerFixture(config));
    }

    private RawLineClient v2(ServerFixture fixture, int octet, String name) throws Exception {
        RawLineClient client = cleanup.add(RawLineClient.connect(Ports.loopback(octet), fixture.server.port()));
        client.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":0}");
        return client;
    }

    private RawLabClient lab(ServerFixture fixture, int octet, String name) throws Exception {
        RawLabClient client = cleanup.add(fixture.connect(octet));
        client.send(name);
        return client;
    }

    /** {@code --max-name-chars}: counted in characters (code points), not bytes, the same on both wires. */
    @Test
    void theNameLimitIsTheOptionsInCharactersOnBothWires() throws Exception {
        ServerFixture fixture = server(ServerFixture.config(Limits.defaults().withMaxNameChars(8), Duration.ZERO));
        String eight = "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"; // 8 characters, 16 bytes
        String emoji = "\uD83D\uDC4B".repeat(8); // 8 characters, 32 bytes
        RawLabClient labEight = lab(fixture, 11, eight);
        labEight.awaitContains("\"" + "\\u00e9".repeat(8) + "\": \"127.0.0.11\"");
        v2(fixture, 12, emoji).awaitLineContaining("\"type\":\"welcome\"");

        String refusal = "cannot register: the name has 9 characters; the limit is 8; reconnect with another name";
        RawLabClient labNine = lab(fixture, 13, "ninechars");
        labNine.awaitClosedByServer();
        assertThat(labNine.receivedText()).isEqualTo("server: " + refusal + " ");
        RawLineClient v2Nine = v2(fixture, 14, eight + "x");
        assertThat(v2Nine.awaitLineContaining("\"type\":\"error\"")).contains("\"code\":\"name_invalid\"")
                .contains(refusal);
        v2Nine.awaitClosedByServer();
        assertThat(labEight.closedByServer()).isFalse();
    }

    /** The default name limit is 32 characters: 32 are a name, 33 are refused. */
    @Test
    void theDefaultNameLimitIs32Characters() throws Exception {
        ServerFixture fixture = server(ServerFixture.config(Limits.defaults(), Duration.ZERO));
        v2(fixture, 11, "n".repeat(32)).awaitLineContaining("\"type\":\"welcome\"");
        RawLineClient longer = v2(fixture, 12, "n".repeat(33));
        assertThat(longer.awaitLineContaining("\"type\":\"error\"")).contains("\"code\":\"name_invalid\"")
                .contains("cannot register: the name has 33 characters; the limit is 32; reconnect with another name");
        RawLabClient lab = lab(fixture, 13, "m".repeat(33));
        lab.awaitClosedByServer();
        assertThat(lab.receivedText()).isEqualTo(
                "server: cannot register: the name has 33 characters; the limit is 32; reconnect with another name ");
    }

    /**
     * The default message limit is 4096 bytes of UTF-8 (bytes, not characters), on both wires: 4096 are relayed,
     * 4097 are refused with the sentence, and the connection stays.
     */
    @Test
    void theDefaultMessageLimitIs4096BytesOfUtf8OnBothWires() throws Exception {
        ServerFixture fixture = server(ServerFixture.config(Limits.defaults(), Duration.ZERO));
        RawLineClient bob = v2(fixture, 12, "bob");
        bob.awaitLineContaining("\"type\":\"welcome\"");
        RawLabClient alice = lab(fixture, 11, "alice");
        bob.awaitLineContaining("\"alice\"");
        RawLineClient carol = v2(fixture, 13, "carol");
        carol.awaitLineContaining("\"type\":\"welcome\"");

        String fits = "\u00e9".repeat(2048); // 2048 characters, 4096 bytes
        alice.awaitReadByServer();
        alice.send(fits);
        alice.awaitReadByServer();
        alice.send(fits + "x");
        alice.awaitEndsWith("server: your message of 4097 bytes is over the limit of 4096 bytes and was not relayed ");
        carol.sendLine("{\"type\":\"say\",\"id\":\"fits\",\"text\":\"" + fits + "\"}");
        carol.awaitLineContaining("{\"type\":\"ack\",\"id\":\"fits\"");
        carol.sendLine("{\"type\":\"say\",\"id\":\"over\",\"text\":\"" + fits + "y\"}");
        assertThat(carol.awaitLineContaining("\"ref\":\"over\"")).contains("\"code\":\"message_too_long\"")
                .contains("your message of 4097 bytes is over the limit of 4096 bytes and was not relayed");
        alice.send("after");
        carol.sendLine("{\"type\":\"say\",\"id\":\"after\",\"text\":\"after too\"}");

        bob.awaitLineContaining("after too");
        bob.awaitLineContaining("\"text\":\"after\"");
        List<String> texts = bob.lines().stream().filter(l -> l.startsWith("{\"type\":\"message\"")).toList();
        assertThat(texts).hasSize(4);
        assertThat(texts.get(0)).contains("\"from\":\"alice\"").contains("\"text\":\"" + fits + "\"");
        assertThat(texts).filteredOn(l -> l.contains("\"from\":\"carol\"")).first().asString()
                .contains("\"text\":\"" + fits + "\"");
        assertThat(alice.closedByServer()).isFalse();
        assertThat(carol.closedByServer()).isFalse();
    }

    /**
     * {@code --max-rooms-per-client}: a hello that lists more rooms than the limit is put in the first ones and told
     * {@code too_many_rooms} for each of the rest (docs/LIMITS.md), and stays connected.
     */
    @Test
    void aHelloListingMoreRoomsThanTheLimitJoinsTheFirstAndIsToldOfEachOfTheRest() throws Exception {
        ServerFixture fixture = server(ServerFixture.config(Limits.defaults(), Duration.ZERO)
                .withRooms(RoomConfig.defaults().withMaxRoomsPerClient(3)));
        RoomsClient alice = cleanup.add(RoomsClient.withRooms(fixture.server.port(), 21, "alice",
                "[{\"room\":\"#a\"},{\"room\":\"#b\"},{\"room\":\"#c\"},{\"room\":\"#d\"},{\"room\":\"#e\"}]"));
        for (String room : List.of("#d", "#e")) {
            assertThat(RoomsClient.decode(alice.await("too_many_rooms", "\"" + room + "\""))).isEqualTo(
                    new ServerMessage.Error(ErrorCode.TOO_MANY_ROOMS, "cannot join " + room + ": you are in 3 rooms, "
                            + "the most one client may be in; part one first", null, room));
        }
        alice.sync("after the hello");
        assertThat(alice.messages()).filteredOn(m -> m instanceof ServerMessage.RoomState)
                .map(m -> ((ServerMessage.RoomState) m).room()).containsExactly("#a", "#b", "#c");
        alice.send("{\"type\":\"part\",\"room\":\"#a\"}");
        alice.send("{\"type\":\"join\",\"room\":\"#d\"}");
        alice.await("\"type\":\"room\"", "\"room\":\"#d\"");
    }

    /**
     * {@code --rate} and {@code --burst} on v2: the burst is relayed (the hello takes a token too), what is over it is
     * refused with {@code rate_limited} and reaches nobody; the listener's own messages go on.
     */
    @Test
    void aV2BurstIsRelayedAndWhatIsOverItReachesNobody() throws Exception {
        ServerFixture fixture = server(ServerFixture.config(Limits.defaults().withMessagesPerSecond(0.001)
                .withBurstMessages(4).withRateAbuseLimit(50), Duration.ZERO));
        RawLineClient bob = v2(fixture, 12, "bob");
        bob.awaitLineContaining("\"type\":\"welcome\"");
        RawLineClient flooder = v2(fixture, 11, "flooder");
        flooder.awaitLineContaining("\"type\":\"welcome\"");
        StringBuilder flood = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            flood.append("{\"type\":\"say\",\"id\":\"f").append(i).append("\",\"text\":\"flood ").append(i).append("\"}\n");
        }
        flooder.send(flood.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 4; i <= 8; i++) {
            assertThat(flooder.awaitLineContaining("\"ref\":\"f" + i + "\"")).contains("\"code\":\"rate_limited\"");
        }
        bob.sendLine("{\"type\":\"say\",\"id\":\"b\",\"text\":\"bob goes on\"}");
        bob.awaitLineContaining("{\"type\":\"ack\",\"id\":\"b\"");
        flooder.awaitLineContaining("bob goes on");
        bob.awaitLineContaining("flood 3");
        assertThat(bob.lines()).filteredOn(l -> l.contains("\"text\":\"flood ")).hasSize(3);
        assertThat(flooder.closedByServer()).isFalse();
    }

    /**
     * {@code --max-topic-chars} moves the topic limit (characters, not bytes), and a room name is {@code #} and 1 to 32
     * characters: the last allowed is taken, the next refused with its sentence, and the client stays.
     */
    @Test
    void theTopicLimitIsTheOptionsAndARoomNameHasAtMost32Characters() throws Exception {
        ServerFixture fixture = server(ServerFixture.config(Limits.defaults(), Duration.ZERO)
                .withRooms(new RoomConfig(RoomConfig.defaults().defaultRoom(), 1000, 20, 10)));
        RoomsClient alice = cleanup.add(RoomsClient.withRooms(fixture.server.port(), 21, "alice", null));
        String room32 = "#" + "r".repeat(32);
        alice.send("{\"type\":\"join\",\"room\":\"" + room32 + "\"}");
        alice.await("\"type\":\"room\"", "\"room\":\"" + room32 + "\"");
        alice.send("{\"type\":\"join\",\"room\":\"" + room32 + "s\"}");
        assertThat(RoomsClient.decode(alice.await("room_name_invalid"))).isEqualTo(new ServerMessage.Error(
                ErrorCode.ROOM_NAME_INVALID, "cannot join \"" + room32 + "s\": a room name has 1 to 32 characters "
                + "after '#', not 33", null, room32 + "s"));

        String ten = "\u00e9".repeat(10); // 10 characters, 20 bytes
        alice.send("{\"type\":\"topic\",\"room\":\"" + room32 + "\",\"text\":\"" + ten + "\"}");
        assertThat(alice.await("\"type\":\"topic\"")).contains(ten);
        alice.send("{\"type\":\"topic\",\"room\":\"" + room32 + "\",\"text\":\"" + ten + "x\"}");
        assertThat(RoomsClient.decode(alice.await("topic_invalid"))).isEqualTo(new ServerMessage.Error(
                ErrorCode.TOPIC_INVALID, "the topic has 11 characters, over the limit of 10, and was not set", null,
                room32));
        alice.sync("still here");
    }
}

package chatlab.protocol.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every v2 message type encodes to one line and decodes back to an equal record. */
class V2CodecTest {
    private static final Instant TIME = Instant.parse("2026-11-25T13:38:31.098670694Z");

    private final ClientMessageEncoder clientEncoder = new ClientMessageEncoder();
    private final ClientMessageDecoder clientDecoder = new ClientMessageDecoder();
    private final ServerMessageEncoder serverEncoder = new ServerMessageEncoder();
    private final ServerMessageDecoder serverDecoder = new ServerMessageDecoder();

    static byte[] withoutNewline(byte[] line) {
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        byte[] body = Arrays.copyOf(line, line.length - 1);
        for (byte b : body) {
            assertThat(b).isNotEqualTo((byte) '\n');
        }
        return body;
    }

    @Test
    void everyClientMessageRoundTrips() {
        List<ClientMessage> messages = List.of(
                new ClientMessage.Hello(2, "bøb 👋", "chatlab-client/1", 5000, List.of("dm-ack", "whisper")),
                new ClientMessage.Hello(2, "alice", "c", 0, List.of(), "n,,n=alice,r=abc",
                        new ClientMessage.Resume("k2f9x", 41)),
                new ClientMessage.Proof("c=biws,r=abc,p=AAAA"),
                new ClientMessage.Rekeyed("c3RvcmVk", "c2VydmVy"),
                new ClientMessage.Say("id-1", "line one\nline two \"quoted\" \\ back", false),
                new ClientMessage.Say("id-2", "waves", true),
                new ClientMessage.Whisper("id-3", "alice", "psst"),
                new ClientMessage.Ping("t1"),
                new ClientMessage.Pong("t1"),
                new ClientMessage.Bye(),
                new ClientMessage.Hello(2, "carol", "c", 0, List.of("rooms"), null, null, List.of(
                        new ClientMessage.Join("#general", new ClientMessage.Resume("k2f9x", 41)),
                        new ClientMessage.Join("#dev", null))),
                new ClientMessage.Say("id-4", "in a room", false, "#dev"),
                new ClientMessage.Join("#dev", null),
                new ClientMessage.Join("#dev", new ClientMessage.Resume("e1", 7)),
                new ClientMessage.Part("#dev"),
                new ClientMessage.Topic("#dev", "release on friday"),
                new ClientMessage.Topic("#dev", ""),
                new ClientMessage.ListRooms(),
                new ClientMessage.Hello(2, "dave", "c", 0, List.of(), null, null, null, "Qx7_0-Zz9aB3cD4eF5gH6i"));
        for (ClientMessage message : messages) {
            assertThat(clientDecoder.decode(withoutNewline(clientEncoder.encode(message)))).isEqualTo(message);
        }
    }

    @Test
    void everyServerMessageRoundTrips() throws Exception {
        UserInfo alice = new UserInfo("alice", "10.20.30.11", 5000, Wire.V2, TIME);
        UserInfo bob = new UserInfo("bob", "fd00::c", 5000, Wire.LAB, TIME);
        List<ServerMessage> messages = List.of(
                new ServerMessage.Welcome(2, "chatlab/1", "alice", "10.20.30.11",
                        new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20.5, 40, 30000, 90000), List.of(bob, alice)),
                new ServerMessage.Welcome(2, "chatlab/1", "alice", "::1",
                        new ServerMessage.AnnouncedLimits(1, 1, 1, 1, 1, 1, 1), List.of(alice), "v=AAAA", "k2f9x"),
                new ServerMessage.Challenge("SCRAM-SHA-256", "r=abc,s=AAAA,i=4096"),
                new ServerMessage.Rekey("AAAA", 600000),
                new ServerMessage.Joined(bob),
                new ServerMessage.Left("bob", "closed by the client"),
                new ServerMessage.Message("alice", "hi", 7, TIME, "id-1", false, Wire.V2),
                new ServerMessage.Message("bob", "from the lab", 8, TIME, null, false, Wire.LAB),
                new ServerMessage.Message("alice", "waves", 9, TIME, "id-2", true, Wire.V2),
                new ServerMessage.Ack("id-1", 7, TIME, false),
                new ServerMessage.Ack("id-1", 7, TIME, true),
                new ServerMessage.Whisper("alice", "id-3", "psst", TIME),
                new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", "id-4"),
                new ServerMessage.Error(ErrorCode.SHUTDOWN, "bye", null),
                new ServerMessage.Ping("k1"),
                new ServerMessage.Pong("k1"),
                new ServerMessage.Welcome(2, "chatlab/1", "carol", "::1",
                        new ServerMessage.AnnouncedLimits(1, 1, 1, 1, 1, 1, 1), List.of(alice), null, "k2f9x", false,
                        List.of("rooms"), "#general"),
                new ServerMessage.Message("alice", "hi", 7, TIME, "id-1", false, Wire.V2, "#dev"),
                new ServerMessage.Ack("id-1", 7, TIME, false, "#dev"),
                new ServerMessage.Error(ErrorCode.NOT_IN_ROOM, "you are not in #dev; join it first", "id-5", "#dev"),
                new ServerMessage.Presence(List.of(alice), List.of(new ServerMessage.Left("bob", "parted")), "#dev"),
                new ServerMessage.RoomState("#dev", "e1", "release on friday", "alice", TIME, List.of(alice, bob)),
                new ServerMessage.RoomState("#dev", "e1", null, null, null, List.of()),
                new ServerMessage.Topic("#dev", "release on friday", "alice", TIME),
                new ServerMessage.Parted("#dev"),
                new ServerMessage.RoomList(List.of(new RoomSummary("#general", 12, null),
                        new RoomSummary("#dev", 3, "release on friday"))));
        for (ServerMessage message : messages) {
            assertThat(serverDecoder.decode(withoutNewline(serverEncoder.encode(message)))).isEqualTo(message);
        }
    }

    /** A message about the default room to a client from before rooms names no room: the bytes it always got. */
    @Test
    void roomsAddTheirFieldsOnlyWhereThereIsARoomToName() {
        assertThat(new String(serverEncoder.encode(new ServerMessage.Message("alice", "hi", 7, TIME, "id-1", false,
                Wire.V2)), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hi\","
                + "\"seq\":7,\"time\":\"2026-11-25T13:38:31.098670694Z\",\"id\":\"id-1\",\"wire\":\"v2\"}\n");
        assertThat(new String(serverEncoder.encode(new ServerMessage.Message("alice", "hi", 7, TIME, "id-1", false,
                Wire.V2, "#dev")), StandardCharsets.UTF_8)).startsWith("{\"type\":\"message\",\"room\":\"#dev\",\"from\"");
        assertThat(new String(serverEncoder.encode(new ServerMessage.Presence(List.of(), List.of())),
                StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"presence\",\"joined\":[],\"left\":[]}\n");
        assertThat(new String(serverEncoder.encode(new ServerMessage.RoomList(List.of(
                new RoomSummary("#general", 2, null), new RoomSummary("#dev", 0, "kept")))), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"rooms\",\"rooms\":[{\"room\":\"#general\",\"members\":2},"
                        + "{\"room\":\"#dev\",\"members\":0,\"topic\":\"kept\"}]}\n");
        assertThat(clientDecoder.decode("{\"type\":\"hello\",\"version\":2,\"name\":\"a\",\"rooms\":\"#dev\"}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD,
                "field \"rooms\" must be a list of at most 64 objects", null));
    }

    @Test
    void everyPeerMessageRoundTripsAndPlainTextIsALabDatagram() {
        PeerMessageEncoder encoder = new PeerMessageEncoder();
        PeerMessageDecoder decoder = new PeerMessageDecoder();
        PeerMessage dm = new PeerMessage.Dm("alice", "id-5", "hello 👋");
        PeerMessage ack = new PeerMessage.DmAck("id-5");
        assertThat(decoder.decode(encoder.encode(dm))).contains(dm);
        assertThat(decoder.decode(encoder.encode(ack))).contains(ack);
        assertThat(decoder.decode(" hi from the lab".getBytes(StandardCharsets.UTF_8))).isEqualTo(Optional.empty());
        assertThat(decoder.decode("{not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        // Unknown fields are ignored: room for a signature later.
        assertThat(decoder.decode("{\"type\":\"dm\",\"from\":\"a\",\"id\":\"1\",\"text\":\"x\",\"sig\":\"AAAA\"}"
                .getBytes(StandardCharsets.UTF_8))).contains(new PeerMessage.Dm("a", "1", "x"));
    }

    @Test
    void everyErrorCodeAndTypeTagIsUniqueAndErrorsHaveASentence() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.ofCode(code.code())).contains(code);
            assertThat(code.sentence()).isNotBlank();
        }
        for (V2Type type : V2Type.values()) {
            assertThat(V2Type.ofTag(type.tag())).contains(type);
        }
    }

    @Test
    void malformedLinesBecomeErrorValuesWithTheRightCode() {
        assertThat(clientDecoder.decode("{\"type\":\"say\",\"id\":\"\",\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD, "field \"id\" must have 1 to 64 characters", null));
        assertThat(clientDecoder.decode("{\"type\":\"hello\",\"version\":\"2\",\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD, "field \"version\" must be a whole number", null));
        assertThat(clientDecoder.decode("{\"type\":\"welcome\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClientMessage.Malformed(ErrorCode.UNKNOWN_TYPE, "\"welcome\" is not a message a client sends", null));
        assertThat(clientDecoder.decode("{\"type\":\"hello\",\"version\":2,\"name\":\"a\",\"udp_port\":70000}"
                .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD, "field \"udp_port\" must be between 0 and 65535", null));
    }

    /** A hello's session is 22 to 128 base64url characters, or absent; anything else is named. */
    @Test
    void aHellosSessionIsBase64UrlOfASafeLength() {
        String hello = "{\"type\":\"hello\",\"version\":2,\"name\":\"a\",\"session\":";
        String rule = "field \"session\" must be 22 to 128 characters of A-Z, a-z, 0-9, _ and -";
        for (String bad : new String[] {"\"short\"", "\"" + "a".repeat(129) + "\"", "\"" + "a".repeat(21) + "+\"",
                "\"" + "a".repeat(30) + " \""}) {
            assertThat(clientDecoder.decode((hello + bad + "}").getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD, rule, null));
        }
        assertThat(clientDecoder.decode((hello + "7}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD, "field \"session\" must be a string", null));
        assertThat(clientDecoder.decode((hello + "\"" + "a".repeat(22) + "\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ClientMessage.Hello.class).extracting(m -> ((ClientMessage.Hello) m).session())
                .isEqualTo("a".repeat(22));
    }

    @Test
    void presenceRoundTripsPlainAndDeflated() throws V2DecodeException {
        List<UserInfo> joined = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            joined.add(new UserInfo("user-" + i, "127.0.0." + (2 + i % 200), 40_000 + i, i % 2 == 0 ? Wire.V2 : Wire.LAB, TIME));
        }
        ServerMessage.Presence presence = new ServerMessage.Presence(joined,
                List.of(new ServerMessage.Left("gone", "said bye"), new ServerMessage.Left("ünï", "")));
        byte[] plain = serverEncoder.encode(presence);
        assertThat(serverDecoder.decode(withoutNewline(plain))).isEqualTo(presence);
        byte[] deflated = serverEncoder.deflated(plain);
        assertThat(new String(deflated, StandardCharsets.UTF_8)).startsWith("{\"type\":\"z\",\"data\":\"");
        assertThat(serverDecoder.decode(withoutNewline(deflated))).isEqualTo(new ServerMessage.Deflated(presence));
        // A user list of names and addresses is repetitive: deflate takes it to a fraction, base64 included.
        assertThat(deflated.length).isLessThan(plain.length / 4);
        assertThat(serverEncoder.encode(new ServerMessage.Deflated(presence))).isEqualTo(deflated);
    }

    @Test
    void aDeflatedMessageMayNotHoldAnotherNorInflatePastTheCapNorBeBroken() {
        byte[] inner = serverEncoder.deflated(serverEncoder.encode(new ServerMessage.Ping("x")));
        byte[] nested = serverEncoder.deflated(inner);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(V2DecodeException.class,
                () -> serverDecoder.decode(withoutNewline(nested)))).hasMessageContaining("must not hold another");
        // About 9 MB of spaces inside a valid JSON string deflate to a few kilobytes: a bomb, refused at the cap.
        byte[] huge = new byte[ServerMessageDecoder.MAX_INFLATED_BYTES + 1_000_000];
        Arrays.fill(huge, (byte) ' ');
        byte[] prefix = "{\"type\":\"ping\",\"token\":\"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, huge, 0, prefix.length);
        huge[huge.length - 3] = '"';
        huge[huge.length - 2] = '}';
        huge[huge.length - 1] = '\n';
        byte[] bomb = serverEncoder.deflated(huge);
        assertThat(bomb.length).isLessThan(20_000);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(V2DecodeException.class,
                () -> serverDecoder.decode(withoutNewline(bomb)))).hasMessageContaining("inflates past");
        for (String broken : List.of("{\"type\":\"z\",\"data\":\"not base64!\"}", "{\"type\":\"z\",\"data\":\"AAAA\"}",
                "{\"type\":\"z\"}")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(V2DecodeException.class,
                    () -> serverDecoder.decode(broken.getBytes(StandardCharsets.UTF_8)))).isNotNull();
        }
    }

    @Test
    void nestingDeeperThanTheLimitIsNamedAndTheLimitGiven() {
        ClientMessage deep = clientDecoder.decode(
                "{\"type\":\"ping\",\"x\":[[[[[[[[{}]]]]]]]]}".getBytes(StandardCharsets.UTF_8));
        assertThat(deep).isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FRAME,
                "the line is nested too deeply: JSON objects and lists may be nested at most 8 levels", null));
        ClientMessage eight = clientDecoder.decode(
                "{\"type\":\"ping\",\"token\":\"{[{[\\\"\",\"x\":[[[[[[1]]]]]]}".getBytes(StandardCharsets.UTF_8));
        assertThat(eight).isEqualTo(new ClientMessage.Ping("{[{[\""));
        ClientMessage broken = clientDecoder.decode("{\"type\": [".getBytes(StandardCharsets.UTF_8));
        assertThat(broken).isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FRAME, "the line is not valid JSON", null));
    }
}

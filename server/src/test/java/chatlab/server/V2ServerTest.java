package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.Wire;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The v2 wire against the real server with scripted clients: every message type and every error code. */
class V2ServerTest {
    private final Cleanup cleanup = new Cleanup();
    private final ServerMessageDecoder decoder = new ServerMessageDecoder();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ServerFixture server(Limits limits) throws Exception {
        return cleanup.add(new ServerFixture(limits));
    }

    private RawLineClient v2(ServerFixture fixture, int octet) throws Exception {
        return cleanup.add(RawLineClient.connect(Ports.loopback(octet), fixture.server.port()));
    }

    private ServerMessage decode(String line) {
        try {
            return decoder.decode(line.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("undecodable line from the server: " + line, e);
        }
    }

    private static String hello(String name, int udpPort) {
        return "{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":" + udpPort + "}";
    }

    private ServerMessage.Error awaitError(RawLineClient client, ErrorCode code) {
        String line = client.awaitLine("error " + code.code(), l -> l.contains("\"code\":\"" + code.code() + "\""));
        return (ServerMessage.Error) decode(line);
    }

    private RawLineClient registered(ServerFixture fixture, int octet, String name) throws Exception {
        RawLineClient client = v2(fixture, octet);
        client.sendLine(hello(name, 7000 + octet));
        client.awaitLineContaining("\"type\":\"welcome\"");
        // Presence is announced once the room is quiet: wait until everyone has been told of this client.
        client.awaitLine("the presence naming " + name,
                l -> l.startsWith("{\"type\":\"presence\"") && l.contains("\"name\":\"" + name + "\""));
        return client;
    }

    @Test
    void helloGetsAWelcomeWithLimitsAndUsersAndEveryoneGetsThePresence() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLineClient alice = registered(fixture, 11, "alice");
        RawLineClient bob = v2(fixture, 12);
        bob.sendLine(hello("bøb", 5555));
        ServerMessage.Welcome welcome = (ServerMessage.Welcome) decode(bob.awaitLineContaining("\"type\":\"welcome\""));
        assertThat(welcome.version()).isEqualTo(2);
        assertThat(welcome.name()).isEqualTo("bøb");
        assertThat(welcome.address()).isEqualTo("127.0.0.12");
        assertThat(welcome.limits().maxMessageBytes()).isEqualTo(Limits.DEFAULT_MAX_MESSAGE_BYTES);
        assertThat(welcome.users()).extracting(u -> u.name() + "@" + u.address() + ":" + u.udpPort() + "/" + u.wire().text())
                .containsExactly("bøb@127.0.0.12:5555/v2");
        assertThat(welcome.usersFollow()).isTrue();
        // The room follows at once, as one presence message (the same bytes for everyone joining now).
        ServerMessage.Presence room = (ServerMessage.Presence) decode(bob.awaitLineContaining("\"type\":\"presence\""));
        assertThat(room.joined()).extracting(u -> u.name() + "@" + u.address() + ":" + u.udpPort() + "/" + u.wire().text())
                .containsExactly("alice@127.0.0.11:7011/v2");
        for (RawLineClient client : List.of(alice, bob)) {
            ServerMessage.Presence presence = (ServerMessage.Presence) decode(client.awaitLine("a presence with bøb",
                    l -> l.startsWith("{\"type\":\"presence\"") && l.contains("bøb")));
            assertThat(presence.joined()).extracting(u -> u.name() + ":" + u.udpPort()).containsExactly("bøb:5555");
            assertThat(presence.left()).isEmpty();
        }
    }

    @Test
    void sayIsStampedDeliveredAcknowledgedAndAResendIsNotDeliveredTwice() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLineClient alice = registered(fixture, 11, "alice");
        RawLineClient bob = registered(fixture, 12, "bob");
        alice.sendLine("{\"type\":\"say\",\"id\":\"a1\",\"text\":\"hello 👋\"}");
        ServerMessage.Message message = (ServerMessage.Message) decode(bob.awaitLineContaining("\"type\":\"message\""));
        assertThat(message.from()).isEqualTo("alice");
        assertThat(message.text()).isEqualTo("hello 👋");
        assertThat(message.id()).isEqualTo("a1");
        assertThat(message.wire()).isEqualTo(Wire.V2);
        ServerMessage.Ack ack = (ServerMessage.Ack) decode(alice.awaitLineContaining("\"type\":\"ack\""));
        assertThat(ack.id()).isEqualTo("a1");
        assertThat(ack.seq()).isEqualTo(message.seq());
        assertThat(ack.duplicate()).isFalse();

        // The same id again (a client resending after a reconnect): acknowledged as a duplicate, not delivered.
        alice.sendLine("{\"type\":\"say\",\"id\":\"a1\",\"text\":\"hello 👋\"}");
        alice.awaitLine("a duplicate ack", l -> l.contains("\"duplicate\":true"));
        alice.sendLine("{\"type\":\"say\",\"id\":\"a2\",\"text\":\"second\",\"action\":true}");
        ServerMessage.Message second = (ServerMessage.Message) decode(bob.awaitLineContaining("\"second\""));
        assertThat(second.seq()).isEqualTo(message.seq() + 1);
        assertThat(second.action()).isTrue();
        assertThat(bob.lines().stream().filter(l -> l.contains("\"type\":\"message\""))).hasSize(2);
    }

    /** The server listens elsewhere than 5000 and lab clients' UDP port is configured: that port is announced. */
    @Test
    void labUsersAreAnnouncedWithTheConfiguredLabUdpPortNotTheServersPort() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults(), Duration.ZERO)
                .withLabUdpPort(6123)));
        RawLabClient lab = cleanup.add(fixture.connect(23));
        lab.send("labby");
        lab.awaitReceived(RawLabClient.paddedMap("!{\"labby\": \"127.0.0.23\"}"));
        RawLineClient v2 = v2(fixture, 24);
        v2.sendLine(hello("vee", 6000));
        v2.awaitLineContaining("\"type\":\"welcome\"");
        ServerMessage.Presence room = (ServerMessage.Presence) decode(v2.awaitLineContaining("\"type\":\"presence\""));
        assertThat(fixture.server.port()).isNotEqualTo(6123);
        assertThat(room.joined()).extracting(u -> u.name() + "/" + u.wire().text() + ":" + u.udpPort())
                .containsExactly("labby/lab:6123");
    }

    @Test
    void aMixedRoomTranslatesPresenceAndMessagesBetweenTheWires() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLabClient lab = cleanup.add(fixture.connect(21));
        lab.send("labby");
        lab.awaitReceived(RawLabClient.paddedMap("!{\"labby\": \"127.0.0.21\"}"));
        RawLineClient v2 = v2(fixture, 22);
        v2.sendLine(hello("vee", 6000));
        ServerMessage.Welcome welcome = (ServerMessage.Welcome) decode(v2.awaitLineContaining("\"type\":\"welcome\""));
        assertThat(welcome.users()).extracting(u -> u.name() + "/" + u.wire().text() + ":" + u.udpPort())
                .containsExactly("vee/v2:6000");
        ServerMessage.Presence room = (ServerMessage.Presence) decode(v2.awaitLineContaining("\"type\":\"presence\""));
        assertThat(room.joined()).extracting(u -> u.name() + "/" + u.wire().text() + ":" + u.udpPort())
                .containsExactly("labby/lab:5000"); // the lab's port, not the server's: lab clients listen there
        lab.awaitReceived(RawLabClient.paddedMap("!{\"labby\": \"127.0.0.21\"}")
                + RawLabClient.paddedMap("!{\"labby\": \"127.0.0.21\", \"vee\": \"127.0.0.22\"}"));

        v2.sendLine("{\"type\":\"say\",\"id\":\"1\",\"text\":\"from v2\"}");
        lab.awaitEndsWith("vee: from v2 ");
        v2.sendLine("{\"type\":\"say\",\"id\":\"2\",\"text\":\"waves\",\"action\":true}");
        lab.awaitEndsWith("vee: * vee waves ");
        lab.send("from lab");
        ServerMessage.Message fromLab = (ServerMessage.Message) decode(v2.awaitLineContaining("from lab"));
        assertThat(fromLab.from()).isEqualTo("labby");
        assertThat(fromLab.wire()).isEqualTo(Wire.LAB);
        assertThat(fromLab.id()).isNull();

        v2.sendLine("{\"type\":\"whisper\",\"id\":\"w1\",\"to\":\"labby\",\"text\":\"psst\"}");
        lab.awaitEndsWith("vee: (whisper) psst ");
        v2.awaitLine("the whisper's ack", l -> l.contains("\"type\":\"ack\"") && l.contains("\"w1\""));

        lab.close();
        ServerMessage.Presence presence = (ServerMessage.Presence) decode(v2.awaitLine("labby's leave",
                l -> l.startsWith("{\"type\":\"presence\"") && l.contains("\"left\":[{")));
        assertThat(presence.left()).containsExactly(new ServerMessage.Left("labby", "closed by the client"));
    }

    @Test
    void aNewcomersWhisperWaitsBehindItsHeldMessageForTheAnnouncement() throws Exception {
        // 800 bytes per second: labby's own map spends the budget for over a second, so vee's first message is
        // held for the announcement. Its whisper, sent right behind it, must neither overtake it nor reach labby
        // before labby has been told that vee exists.
        ServerFixture fixture = cleanup.add(ServerFixture.withTinyPresenceBudget());
        RawLabClient lab = cleanup.add(RawLabClient.connect(Ports.loopback(11), fixture.server.port()));
        lab.send("labby");
        lab.awaitReceived(RawLabClient.paddedMap("!{\"labby\": \"127.0.0.11\"}"));
        RawLineClient vee = v2(fixture, 12);
        vee.sendLine(hello("vee", 0));
        vee.awaitLineContaining("\"type\":\"welcome\"");
        vee.sendLine("{\"type\":\"say\",\"id\":\"1\",\"text\":\"hello\"}");
        vee.sendLine("{\"type\":\"whisper\",\"id\":\"w1\",\"to\":\"labby\",\"text\":\"psst\"}");
        lab.awaitEndsWith("vee: (whisper) psst ");
        assertThat(lab.receivedText()).isEqualTo(RawLabClient.paddedMap("!{\"labby\": \"127.0.0.11\"}")
                + RawLabClient.paddedMap("!{\"labby\": \"127.0.0.11\", \"vee\": \"127.0.0.12\"}") + "vee: hello vee: (whisper) psst ");
    }

    @Test
    void whispersReachV2UsersAndUnknownNamesGetAnError() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLineClient alice = registered(fixture, 11, "alice");
        RawLineClient bob = registered(fixture, 12, "bob");
        alice.sendLine("{\"type\":\"whisper\",\"id\":\"w1\",\"to\":\"bob\",\"text\":\"secret\"}");
        ServerMessage.Whisper whisper = (ServerMessage.Whisper) decode(bob.awaitLineContaining("\"type\":\"whisper\""));
        assertThat(whisper.from()).isEqualTo("alice");
        assertThat(whisper.text()).isEqualTo("secret");
        alice.sendLine("{\"type\":\"whisper\",\"id\":\"w2\",\"to\":\"nobody\",\"text\":\"?\"}");
        ServerMessage.Error error = awaitError(alice, ErrorCode.UNKNOWN_USER);
        assertThat(error.ref()).isEqualTo("w2");
        assertThat(error.message()).isEqualTo("no user named \"nobody\" is in the room");
        assertThat(alice.closedByServer()).isFalse();
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLineClient alice = registered(fixture, 11, "alice");
        alice.sendLine("{\"type\":\"ping\",\"token\":\"t-42\"}");
        assertThat(decode(alice.awaitLineContaining("\"pong\""))).isEqualTo(new ServerMessage.Pong("t-42"));
    }

    @Test
    void nonFatalErrorsKeepTheConnection() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMaxMessageBytes(16).withMaxLineBytes(256));
        RawLineClient client = v2(fixture, 11);
        client.sendLine("{\"type\":\"say\",\"id\":\"early\",\"text\":\"too soon\"}");
        assertThat(awaitError(client, ErrorCode.NOT_REGISTERED).ref()).isEqualTo("early");
        client.sendLine("{\"type\": not json");
        assertThat(awaitError(client, ErrorCode.BAD_FRAME).message()).isEqualTo("the line is not valid JSON");
        client.sendLine("[1,2,3]");
        client.awaitLine("not an object", l -> l.contains("the line is not a JSON object"));
        client.sendLine("{\"type\":\"teleport\",\"id\":\"t\"}");
        ServerMessage.Error unknown = awaitError(client, ErrorCode.UNKNOWN_TYPE);
        assertThat(unknown.message()).isEqualTo("unknown message type \"teleport\"");
        assertThat(unknown.ref()).isEqualTo("t");
        client.sendLine(hello("alice", 0));
        client.awaitLineContaining("\"type\":\"welcome\"");
        client.sendLine(hello("alice", 0));
        awaitError(client, ErrorCode.ALREADY_REGISTERED);
        client.sendLine("{\"type\":\"say\",\"id\":\"x\"}");
        assertThat(awaitError(client, ErrorCode.BAD_FIELD).message()).isEqualTo("field \"text\" must be a string");
        client.sendLine("{\"type\":\"say\",\"id\":\"long\",\"text\":\"" + "x".repeat(17) + "\"}");
        ServerMessage.Error tooLong = awaitError(client, ErrorCode.MESSAGE_TOO_LONG);
        assertThat(tooLong.ref()).isEqualTo("long");
        assertThat(tooLong.message()).isEqualTo("your message of 17 bytes is over the limit of 16 bytes and was not relayed");
        client.sendLine("{\"type\":\"say\",\"id\":\"huge\",\"text\":\"" + "y".repeat(1000) + "\"}");
        assertThat(awaitError(client, ErrorCode.TOO_LONG).message())
                .isEqualTo("the line is longer than 256 bytes and was discarded");
        client.sendLine("{\"type\":\"ping\",\"token\":\"still-here\"}");
        client.awaitLineContaining("still-here");
        assertThat(client.closedByServer()).isFalse();
    }

    @Test
    void textRulesAreTheLabSendersRulesAndALongTextReachesLabClientsInParts() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLabClient bob = cleanup.add(fixture.connect(12));
        bob.send("bob");
        bob.awaitContains("\"bob\"");
        RawLineClient alice = registered(fixture, 11, "alice");
        alice.sendLine("{\"type\":\"say\",\"id\":\"c\",\"text\":\"\\u001b[2K\\rforged\"}");
        ServerMessage.Error control = awaitError(alice, ErrorCode.BAD_FIELD);
        assertThat(control.ref()).isEqualTo("c");
        assertThat(control.message()).isEqualTo("your message contains the control character U+001B and was not "
                + "relayed; control characters (line breaks included) are not allowed, so send one message per line");
        alice.sendLine("{\"type\":\"say\",\"id\":\"m\",\"text\":\"x!{\\\"alice\\\": \\\"127.0.0.66\\\"}\"}");
        String marker = alice.awaitLine("the error about m", l -> l.contains("\"ref\":\"m\""));
        assertThat(((ServerMessage.Error) decode(marker)).message()).isEqualTo("your message contains \"!\" followed by "
                + "\"{\", which the lab's client could take for its list of users, and was not relayed");
        String text = "y".repeat(2000);
        alice.sendLine("{\"type\":\"say\",\"id\":\"long\",\"text\":\"" + text + "\"}");
        // "alice: " + 1016 bytes + " " is 1024; the last part is not padded.
        bob.awaitEndsWith("alice: " + "y".repeat(1016) + " " + "alice: " + "y".repeat(984) + " ");
        assertThat(bob.receivedText()).doesNotContain("forged").doesNotContain("127.0.0.66");
    }

    @Test
    void aLineOverTheLimitIsRefusedBeforeItsNewlineAndAnEndlessOneClosesTheConnection() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMaxLineBytes(256).withMaxDiscardBytes(64 * 1024));
        RawLineClient client = registered(fixture, 11, "alice");
        client.send("{\"type\":\"say\",\"id\":\"x\",\"text\":\"".concat("z".repeat(300)).getBytes(StandardCharsets.UTF_8));
        assertThat(awaitError(client, ErrorCode.TOO_LONG).message())
                .isEqualTo("the line is longer than 256 bytes and was discarded");
        client.send("z\n{\"type\":\"ping\",\"token\":\"next line\"}\n".getBytes(StandardCharsets.UTF_8));
        client.awaitLineContaining("next line");
        byte[] chunk = "z".repeat(16 * 1024).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 4096 && !client.closedByServer(); i++) { // at most 64 MiB
            try {
                client.send(chunk);
            } catch (java.io.IOException closed) {
                break;
            }
        }
        ServerMessage.Error endless = awaitError(client, ErrorCode.ENDLESS_LINE);
        assertThat(endless.fatal()).isTrue();
        assertThat(endless.message()).isEqualTo("you sent more than 65536 bytes without a newline; closing the connection");
        client.awaitClosedByServer();
        Await.until("the reason to be logged", () -> fixture.events.lines().stream()
                .anyMatch(l -> l.matches("leave alice: sent \\d+ bytes without a newline \\(limit 65536\\)")));
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsCalledThatNotInvalid() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLineClient client = v2(fixture, 11);
        client.sendLine("{\"type\":\"ping\",\"deep\":[[[[[[[[[\"]]]]]]]]]\"]]]]]]]]]}");
        assertThat(awaitError(client, ErrorCode.BAD_FRAME).message())
                .isEqualTo("the line is nested too deeply: JSON objects and lists may be nested at most 8 levels");
        client.sendLine("{\"type\":\"ping\",\"token\":\"[[[[[[[[[[\",\"ok\":[[[[[[[1]]]]]]]}");
        client.awaitLineContaining("\"pong\"");
    }

    @Test
    void rateLimitRefusesThenAbuseCloses() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMessagesPerSecond(0.001).withBurstMessages(2).withRateAbuseLimit(5));
        RawLineClient client = registered(fixture, 11, "spammer");
        StringBuilder burst = new StringBuilder(); // one write: the server may hang up before a second one
        for (int i = 0; i < 8; i++) {
            burst.append("{\"type\":\"say\",\"id\":\"m").append(i).append("\",\"text\":\"spam\"}\n");
        }
        client.send(burst.toString().getBytes(StandardCharsets.UTF_8));
        ServerMessage.Error limited = awaitError(client, ErrorCode.RATE_LIMITED);
        assertThat(limited.ref()).isEqualTo("m1"); // the hello took the first of the two tokens
        assertThat(limited.message()).startsWith("you are sending too fast (limit 0.001 messages per second, bursts of 2)");
        ServerMessage.Error abuse = awaitError(client, ErrorCode.RATE_ABUSE);
        assertThat(abuse.fatal()).isTrue();
        client.awaitClosedByServer();
        Await.until("the abuse to be logged", () -> fixture.events.lines().stream()
                .anyMatch(l -> l.equals("leave spammer: 5 messages in a row refused")));
    }

    @Test
    void fatalErrorsAreSentBeforeTheConnectionCloses() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMaxUsers(2).withMaxConnectionsPerAddress(2));
        registered(fixture, 11, "alice");

        RawLineClient future = v2(fixture, 12);
        future.sendLine("{\"type\":\"hello\",\"version\":3,\"name\":\"x\"}");
        assertThat(awaitError(future, ErrorCode.UNSUPPORTED_VERSION).message())
                .isEqualTo("this server speaks chatlab wire version 2; the client asked for version 3");
        future.awaitClosedByServer();

        RawLineClient badName = v2(fixture, 13);
        badName.sendLine(hello("#ops", 0));
        assertThat(awaitError(badName, ErrorCode.NAME_INVALID).message())
                .isEqualTo("cannot register: the name may not begin with '#'; reconnect with another name");
        badName.awaitClosedByServer();

        RawLineClient impostor = v2(fixture, 14);
        impostor.sendLine(hello("alice", 0));
        awaitError(impostor, ErrorCode.NAME_TAKEN);
        impostor.awaitClosedByServer();

        registered(fixture, 15, "bob");
        RawLineClient third = v2(fixture, 16);
        third.sendLine(hello("carol", 0));
        assertThat(awaitError(third, ErrorCode.ROOM_FULL).message()).isEqualTo("cannot register: the room is full (2 users); try again later");
        third.awaitClosedByServer();

        // Each connection is set up on one of several event loops: make sure the first two are in before the third.
        RawLineClient one = v2(fixture, 17);
        one.sendLine("{\"type\":\"ping\",\"token\":\"one\"}");
        one.awaitLineContaining("\"one\"");
        RawLineClient two = v2(fixture, 17);
        two.sendLine("{\"type\":\"ping\",\"token\":\"two\"}");
        two.awaitLineContaining("\"two\"");
        RawLineClient three = v2(fixture, 17);
        three.sendLine(hello("dave", 0));
        assertThat(awaitError(three, ErrorCode.TOO_MANY_FROM_ADDRESS).fatal()).isTrue();
        three.awaitClosedByServer();
        assertThat(one.closedByServer()).isFalse();
        assertThat(two.closedByServer()).isFalse();
    }

    @Test
    void silenceGetsPingsThenAnIdleTimeoutAndNoHelloARegistrationTimeout() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withPingInterval(Duration.ofMillis(200))
                .withIdleTimeout(Duration.ofMillis(600)).withRegistrationTimeout(Duration.ofMillis(400)));
        RawLineClient quiet = registered(fixture, 11, "quiet");
        quiet.awaitLineContaining("\"type\":\"ping\"");
        ServerMessage.Error idle = awaitError(quiet, ErrorCode.IDLE_TIMEOUT);
        assertThat(idle.message()).isEqualTo("nothing received within 600 ms; closing the connection");
        quiet.awaitClosedByServer();

        RawLineClient shy = v2(fixture, 12);
        shy.send("{".getBytes(StandardCharsets.UTF_8)); // v2 by its first byte, then nothing
        assertThat(awaitError(shy, ErrorCode.REGISTRATION_TIMEOUT).fatal()).isTrue();
        shy.awaitClosedByServer();
    }

    @Test
    void shutdownIsAFatalErrorForV2Clients() throws Exception {
        ServerFixture fixture = new ServerFixture(Limits.defaults());
        RawLineClient alice = cleanup.add(RawLineClient.connect(Ports.loopback(11), fixture.server.port()));
        alice.sendLine(hello("alice", 0));
        alice.awaitLineContaining("welcome");
        fixture.close();
        assertThat(awaitError(alice, ErrorCode.SHUTDOWN).message()).isEqualTo("the server is shutting down; goodbye");
        alice.awaitClosedByServer();
    }

    @Test
    void splitAndMergedReadsDecodeTheSame() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLineClient bob = registered(fixture, 12, "bob");
        RawLineClient alice = v2(fixture, 11);
        // A hello and two says in one write...
        alice.send((hello("alice", 0) + "\n{\"type\":\"say\",\"id\":\"1\",\"text\":\"merged\"}\r\n\n"
                + "{\"type\":\"say\",\"id\":\"2\",\"text\":\"too\"}\n").getBytes(StandardCharsets.UTF_8));
        bob.awaitLineContaining("\"merged\"");
        bob.awaitLineContaining("\"too\"");
        // ...and a say one byte at a time, a character split in the middle.
        for (byte b : "{\"type\":\"say\",\"id\":\"3\",\"text\":\"sp€lit\"}\n".getBytes(StandardCharsets.UTF_8)) {
            alice.send(new byte[] {b});
        }
        bob.awaitLineContaining("\"sp€lit\"");
        Await.until("three acks", () -> alice.lines().stream().filter(l -> l.contains("\"type\":\"ack\"")).count() == 3);
    }

    @Test
    void aV2ClientOverTheConnectionLimitIsToldInJson() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMaxConnections(1));
        registered(fixture, 11, "alice");
        RawLineClient late = v2(fixture, 12);
        late.sendLine(hello("bob", 0));
        ServerMessage.Error full = awaitError(late, ErrorCode.SERVER_FULL);
        assertThat(full.message()).isEqualTo("the server is full (1 connections); try again later");
        late.awaitClosedByServer();
    }

    @Test
    void byeLeavesWithThatReason() throws Exception {
        ServerFixture fixture = server(Limits.defaults());
        RawLineClient alice = registered(fixture, 11, "alice");
        RawLineClient bob = registered(fixture, 12, "bob");
        bob.sendLine("{\"type\":\"bye\"}");
        ServerMessage.Presence presence = (ServerMessage.Presence) decode(alice.awaitLineContaining("said bye"));
        assertThat(presence.left()).containsExactly(new ServerMessage.Left("bob", "said bye"));
        assertThat(presence.joined()).isEmpty();
        assertThat(List.of(bob)).allSatisfy(RawLineClient::awaitClosedByServer);
    }
}

package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/LIMITS.md, *refusals in a row* ({@code --rate-abuse-limit}): messages refused for any reason (not UTF-8, too
 * long, malformed, a control character; v2 also too fast) count on both wires; a message that is taken starts the
 * count again; at the limit the client is told and closed, and the room goes on.
 */
class RefusalsInARowTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /** Sends one message in a read of its own and waits for the server's answer to it. */
    private static void refused(RawLabClient client, byte[] message, String notice) throws Exception {
        client.awaitReadByServer();
        client.send(message);
        client.awaitEndsWith("server: " + notice + " ");
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String tooLong(int bytes) {
        return "your message of " + bytes + " bytes is over the limit of 16 bytes and was not relayed";
    }

    /**
     * Not UTF-8, too long, a control character: each counts towards the limit; a relayed message starts the count
     * again; at the limit the client is told and closed, and the room goes on.
     */
    @Test
    void refusalsInARowForAnyReasonCloseALabClientAndARelayedMessageStartsTheCountAgain() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(
                Limits.defaults().withMaxMessageBytes(16).withRateAbuseLimit(4), Duration.ZERO)));
        RawLabClient bob = cleanup.add(fixture.registered(12, "bob"));
        RawLabClient alice = cleanup.add(fixture.registered(11, "alice"));
        bob.awaitContains("\"alice\": \"127.0.0.11\"");

        refused(alice, new byte[] {'b', 'a', 'd', (byte) 0xc3, (byte) 0x28},
                "your message (5 bytes) is not valid UTF-8 and was not relayed");
        refused(alice, text("x".repeat(17)), tooLong(17));
        refused(alice, text("ring\u0007"), "your message contains the control character U+0007 and was not relayed; "
                + "control characters (line breaks included) are not allowed, so send one message per line");
        alice.awaitReadByServer();
        alice.send("good one");
        bob.awaitEndsWith("alice: good one ");

        refused(alice, text("x".repeat(18)), tooLong(18));
        refused(alice, text("x".repeat(19)), tooLong(19));
        refused(alice, text("x".repeat(20)), tooLong(20));
        alice.awaitReadByServer();
        alice.send("good two");
        bob.awaitEndsWith("alice: good two ");
        assertThat(alice.closedByServer()).isFalse();

        refused(alice, text("x".repeat(21)), tooLong(21));
        refused(alice, text("x".repeat(22)), tooLong(22));
        refused(alice, text("x".repeat(23)), tooLong(23));
        alice.awaitReadByServer();
        alice.send("x".repeat(24));
        alice.awaitEndsWith("server: 4 messages in a row were refused; closing the connection ");
        alice.awaitClosedByServer();
        Await.until("the reason to be logged", () -> fixture.events.has("leave alice: 4 messages in a row refused"));

        bob.awaitEndsWith(RawLabClient.paddedMap("!{\"bob\": \"127.0.0.12\"}"));
        assertThat(bob.receivedText()).doesNotContain("xxxxxxxxxxxxxxxxx").doesNotContain("ring");
        RawLabClient carol = cleanup.add(fixture.registered(13, "carol"));
        carol.awaitReadByServer();
        carol.send("the room goes on");
        bob.awaitEndsWith("carol: the room goes on ");
    }

    private static void v2Refused(RawLineClient client, byte[] line, String ref, String code) throws Exception {
        client.send(line);
        client.awaitLine(code + " for " + ref, l -> l.contains("\"code\":\"" + code + "\"") && l.contains(ref));
    }

    private static byte[] say(String id, String text) {
        return text("{\"type\":\"say\",\"id\":\"" + id + "\",\"text\":\"" + text + "\"}\n");
    }

    /** The same on v2: a malformed line, a line over the limit, a text over the limit, a control character. */
    @Test
    void refusalsInARowForAnyReasonCloseAV2ClientAndATakenMessageStartsTheCountAgain() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults()
                .withMaxMessageBytes(16).withMaxLineBytes(256).withRateAbuseLimit(4), Duration.ZERO)));
        RawLabClient bob = cleanup.add(fixture.registered(12, "bob"));
        RawLineClient alice = cleanup.add(RawLineClient.connect(Ports.loopback(11), fixture.server.port()));
        alice.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"alice\",\"client\":\"test\",\"udp_port\":0}");
        alice.awaitLineContaining("\"type\":\"welcome\"");
        bob.awaitContains("\"alice\": \"127.0.0.11\"");

        for (int round = 1; round <= 2; round++) {
            v2Refused(alice, text("{\"type\": not json " + round + "\n"), "not valid JSON", "bad_frame");
            v2Refused(alice, say("long" + round, "x".repeat(17)), "\"ref\":\"long" + round + "\"", "message_too_long");
            v2Refused(alice, say("bell" + round, "ring\\u0007"), "\"ref\":\"bell" + round + "\"", "bad_field");
            alice.send(say("good" + round, "good " + round));
            alice.awaitLineContaining("{\"type\":\"ack\",\"id\":\"good" + round + "\"");
            bob.awaitEndsWith("alice: good " + round + " ");
        }
        assertThat(alice.closedByServer()).isFalse();

        v2Refused(alice, say("huge", "y".repeat(300)), "longer than 256 bytes", "too_long");
        v2Refused(alice, say("long3", "x".repeat(17)), "\"ref\":\"long3\"", "message_too_long");
        v2Refused(alice, say("bell3", "ring\\u0007"), "\"ref\":\"bell3\"", "bad_field");
        alice.send(say("last", "x".repeat(18)));
        assertThat(alice.awaitLineContaining("\"code\":\"rate_abuse\"")).contains("\"fatal\":true")
                .contains("4 messages in a row were refused; closing the connection");
        alice.awaitClosedByServer();
        Await.until("the reason to be logged", () -> fixture.events.has("leave alice: 4 messages in a row refused"));
        bob.awaitEndsWith(RawLabClient.paddedMap("!{\"bob\": \"127.0.0.12\"}"));
        assertThat(bob.receivedText()).doesNotContain("xxxxxxxxxxxxxxxxx").doesNotContain("ring");
    }
}

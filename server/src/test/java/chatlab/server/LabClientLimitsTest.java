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
 * Two promises of docs/LIMITS.md about lab clients that no other test held the server to: refusals in a row for any
 * reason close a lab client too ({@code --rate-abuse-limit}), and a lab client is never timed out for silence
 * ({@code --idle-timeout} is v2's alone).
 */
class LabClientLimitsTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private static RawLabClient registered(ServerFixture fixture, int octet, String name) throws Exception {
        RawLabClient client = fixture.connect(octet);
        client.send(name);
        client.awaitContains("\"" + name + "\": \"127.0.0." + octet + "\"");
        return client;
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
        RawLabClient bob = cleanup.add(registered(fixture, 12, "bob"));
        RawLabClient alice = cleanup.add(registered(fixture, 11, "alice"));
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
        RawLabClient carol = cleanup.add(registered(fixture, 13, "carol"));
        carol.awaitReadByServer();
        carol.send("the room goes on");
        bob.awaitEndsWith("carol: the room goes on ");
    }

    /**
     * With a short idle timeout, silent v2 clients are pinged and closed one after another while a lab client,
     * silent longer than both, is never sent a ping nor closed, and still chats afterwards.
     */
    @Test
    void aSilentLabClientIsNeverTimedOutWhileSilentV2ClientsAre() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults()
                .withPingInterval(Duration.ofMillis(100)).withIdleTimeout(Duration.ofMillis(400)), Duration.ZERO)));
        RawLabClient quiet = cleanup.add(registered(fixture, 11, "quiet"));
        int heardBefore = quiet.receivedBytes();

        for (int octet = 21; octet <= 23; octet++) { // three idle timeouts, one after another: 1.2 s of silence
            RawLineClient v2 = cleanup.add(RawLineClient.connect(Ports.loopback(octet), fixture.server.port()));
            v2.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"v2-" + octet + "\",\"client\":\"test\",\"udp_port\":0}");
            v2.awaitLineContaining("\"type\":\"ping\"");
            assertThat(v2.awaitLineContaining("\"code\":\"idle_timeout\""))
                    .contains("nothing received within 400 ms; closing the connection");
            v2.awaitClosedByServer();
        }

        assertThat(quiet.closedByServer()).isFalse();
        // All it was sent meanwhile is the user maps of the v2 clients coming and going: no ping, no notice.
        String heard = quiet.receivedText().substring(heardBefore);
        assertThat(heard.replaceAll("!\\{[^}]*\\} *", "")).isEmpty();
        assertThat(fixture.events.lines()).noneMatch(l -> l.startsWith("leave quiet"));
        RawLabClient other = cleanup.add(registered(fixture, 12, "other"));
        quiet.awaitContains("\"other\": \"127.0.0.12\"");
        quiet.send("still here");
        other.awaitEndsWith("quiet: still here ");
    }
}

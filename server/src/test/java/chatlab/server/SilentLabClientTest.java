package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/LIMITS.md, *idle timeout*: a lab client is never timed out for silence ({@code --idle-timeout} and
 * {@code --ping-interval} are v2's alone; a lab user may be quiet for hours and its client sends nothing meanwhile).
 */
class SilentLabClientTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /**
     * With a short idle timeout, silent v2 clients are pinged and closed one after another while a lab client,
     * silent longer than both, is never sent a ping nor closed, and still chats afterwards.
     */
    @Test
    void aSilentLabClientIsNeverTimedOutWhileSilentV2ClientsAre() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults()
                .withPingInterval(Duration.ofMillis(100)).withIdleTimeout(Duration.ofMillis(400)), Duration.ZERO)));
        RawLabClient quiet = cleanup.add(fixture.registered(11, "quiet"));
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
        RawLabClient other = cleanup.add(fixture.registered(12, "other"));
        quiet.awaitContains("\"other\": \"127.0.0.12\"");
        quiet.send("still here");
        other.awaitEndsWith("quiet: still here ");
    }
}

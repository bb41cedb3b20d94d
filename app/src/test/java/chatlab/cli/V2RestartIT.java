package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.Backoff;
import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server is killed (SIGKILL, no goodbye) in the middle of a conversation and started again: the v2 clients
 * reconnect, resend what was not acknowledged, and no acknowledged message is lost and none is shown twice.
 */
class V2RestartIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /** {@code chatlab server} with its message log in {@code data}: started again there, it keeps the log. */
    private ScriptedProcess startServer(int port, java.nio.file.Path data) {
        ScriptedProcess server = cleanup.add(ChatlabJar.start("server", java.util.Map.of("XDG_DATA_HOME",
                data.toString()), "server", "--bind", "127.0.0.1", "--port", Integer.toString(port)));
        server.awaitStderr("listening on");
        return server;
    }

    private V2ClientSession client(int port, int octet, RecordingClientOutput out, String name) throws Exception {
        V2ClientSession session = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(octet))).withUdpPort(0)
                .withReconnect(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 200)), out));
        session.start(name);
        return session;
    }

    @Test
    void noAcknowledgedMessageIsLostAndNoneIsShownTwice(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data)
            throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(81));
        ScriptedProcess first = startServer(port, data);
        RecordingClientOutput aliceOut = new RecordingClientOutput();
        V2ClientSession alice = client(port, 81, aliceOut, "alice");
        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = client(port, 82, bobOut, "bob");
        Await.until("alice and bob to see each other", () -> alice.users().map(u -> u.containsKey("bob")).orElse(false)
                && bob.users().map(u -> u.containsKey("alice")).orElse(false));

        for (int i = 1; i <= 10; i++) {
            alice.submit("m" + i);
        }
        Await.until("the first ten acknowledged", () -> aliceOut.count("ack [") == 10);
        for (int i = 11; i <= 20; i++) {
            alice.submit("m" + i); // in flight when the server dies
        }
        first.kill();
        int killedAt = aliceOut.lines().size();
        List<String> ackedBeforeKill = aliceOut.lines().subList(0, killedAt).stream()
                .filter(l -> l.startsWith("ack [")).map(l -> l.substring(5, l.length() - 1)).toList();
        for (int i = 21; i <= 25; i++) {
            alice.submit("m" + i); // typed while the server is away
        }

        startServer(port, data); // the same data folder, as a restarted server has
        Await.until("both back in the room", () -> aliceOut.count("info back in the room") >= 1
                && bobOut.count("info back in the room") >= 1
                && alice.users().map(u -> u.containsKey("bob")).orElse(false));
        for (int i = 26; i <= 30; i++) {
            alice.submit("m" + i);
        }
        Await.until("every message acknowledged", alice::unacknowledged, n -> n == 0);
        assertThat(aliceOut.lines()).anyMatch(l -> l.matches("info back in the room; resent \\d+ message\\(s\\) .*"));
        Await.until("bob to get the messages sent after both were back",
                () -> bobOut.has("message alice [m30]") && bobOut.has("message alice [m26]"));

        for (int i = 1; i <= 30; i++) {
            assertThat(bobOut.count("message alice [m" + i + "]")).as("times bob was shown m" + i).isLessThanOrEqualTo(1);
            assertThat(aliceOut.count("ack [m" + i + "]") + aliceOut.count("ack-duplicate [m" + i + "]"))
                    .as("acknowledgements of m" + i).isGreaterThanOrEqualTo(1);
        }
        assertThat(ackedBeforeKill).isNotEmpty();
        for (String text : ackedBeforeKill) {
            assertThat(bobOut.has("message alice [" + text + "]")).as(text + " was acknowledged before the kill").isTrue();
        }
        // Typed while the server was away and resent after it came back: replayed to bob even when alice was back
        // first, shown once.
        for (int i = 21; i <= 30; i++) {
            int n = i;
            Await.until("bob to get m" + n, () -> bobOut.has("message alice [m" + n + "]"));
        }
        // In all, bob saw each of the 30 exactly once, except those the dead server took and never passed on.
        for (int i = 1; i <= 30; i++) {
            assertThat(bobOut.count("message alice [m" + i + "]")).as("m" + i).isLessThanOrEqualTo(1);
        }
    }
}

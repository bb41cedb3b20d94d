package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lab's own Python client, unmodified in behaviour, against the Java server: registration, the user map
 * (checked through the client's own #ls), chatroom relays, direct messages between the Python clients over the
 * addresses the Java server announced, and leaving. A raw observer records the exact bytes on the wire.
 */
class PythonClientsOnJavaServerIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void closeAll() throws Exception {
        cleanup.close();
    }

    private <T extends AutoCloseable> T track(T resource) {
        return cleanup.add(resource);
    }

    @Test
    void pythonClientsChatThroughTheJavaServer() throws Exception {
        InetAddress a = Ports.loopback(11);
        InetAddress b = Ports.loopback(12);
        InetAddress c = Ports.loopback(13);
        int port = Ports.freeForTcpAndUdp(a, b, c);
        RecordingServerEvents events = new RecordingServerEvents();
        ChatServer server = track(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1")))
                .withPort(port).withLimits(Limits.defaults()), events));

        RawLabClient observer = track(RawLabClient.connect(Ports.loopback(14), server.port()));
        observer.send("observer");
        observer.awaitReceived(RawLabClient.paddedMap("!{\"observer\": \"127.0.0.14\"}"));

        ScriptedProcess alice = track(LabPrograms.startClient("alice", "127.0.0.1", port, a));
        alice.typeLine("alice");
        Await.until("alice to join", () -> events.has("join alice 127.0.0.11"));
        ScriptedProcess bob = track(LabPrograms.startClient("bøb", "127.0.0.1", port, b));
        bob.typeLine("bøb");
        Await.until("bøb to join", () -> events.has("join bøb 127.0.0.12"));
        ScriptedProcess carol = track(LabPrograms.startClient("carol", "127.0.0.1", port, c));
        carol.typeLine("carol");
        Await.until("carol to join", () -> events.has("join carol 127.0.0.13"));

        String full = "{'observer': '127.0.0.14', 'alice': '127.0.0.11', 'bøb': '127.0.0.12', 'carol': '127.0.0.13'}";
        for (ScriptedProcess client : List.of(alice, bob, carol)) {
            // The lab client prints its ACTIVE_USERS for #ls: proof it parsed the Java server's map.
            Await.until(client.describe() + " to list all four users", () -> {
                if (!client.stdout().contains(full)) {
                    client.typeLine("#ls");
                    return false;
                }
                return true;
            });
        }
        String wireMap = RawLabClient.paddedMap("!{\"observer\": \"127.0.0.14\", \"alice\": \"127.0.0.11\", "
                + "\"b\\u00f8b\": \"127.0.0.12\", \"carol\": \"127.0.0.13\"}");
        observer.awaitEndsWith(wireMap);

        alice.typeLine("hello from alice");
        bob.awaitStdout("incoming msg from chatserver (alice: hello from alice )");
        carol.awaitStdout("incoming msg from chatserver (alice: hello from alice )");
        observer.awaitEndsWith(wireMap + "alice: hello from alice ");
        assertThat(alice.stdout()).doesNotContain("hello from alice");

        bob.typeLine("grüße, 👋");
        alice.awaitStdout("incoming msg from chatserver (bøb: grüße, 👋 )");
        observer.awaitEndsWith("bøb: grüße, 👋 ");

        bob.typeLine("@alice: psst, direct");
        alice.awaitStdout("Incoming msg (P2P) from bøb: psst, direct");
        carol.typeLine("@bøb:to you: with colons");
        bob.awaitStdout("Incoming msg (P2P) from carol:to you: with colons");
        assertThat(carol.stdout()).doesNotContain("Incoming msg (P2P)");

        carol.closeInput();
        observer.awaitEndsWith(RawLabClient.paddedMap(
                "!{\"observer\": \"127.0.0.14\", \"alice\": \"127.0.0.11\", \"b\\u00f8b\": \"127.0.0.12\"}"));
        Await.until("carol's leave to be logged", () -> events.lines().stream().anyMatch(l -> l.startsWith("leave carol: ")));
        assertThat(carol.awaitExit(Duration.ofSeconds(20))).isZero();
        alice.typeUntil("#ls", "{'observer': '127.0.0.14', 'alice': '127.0.0.11', 'bøb': '127.0.0.12'}");
        assertThat(alice.stderr()).as(alice.describe()).doesNotContain("Traceback");
        assertThat(bob.stderr()).as(bob.describe()).doesNotContain("Traceback");
    }
}

package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client against the lab's own Python server, in a room with the lab's Python client and a raw observer
 * that records the exact bytes the Python server relays, which are exactly what the Java client sent.
 */
class JavaClientsOnPythonServerIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void closeAll() throws Exception {
        cleanup.close();
    }

    private <T extends AutoCloseable> T track(T resource) {
        return cleanup.add(resource);
    }

    private ClientSession javaClient(int port, InetAddress local, RecordingClientOutput output, String name) throws Exception {
        ClientSession session = track(new ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(local)).withUdpPort(port), output));
        session.start(name);
        return session;
    }

    @Test
    void javaClientsChatThroughThePythonServerWithAPythonPeer() throws Exception {
        InetAddress a = Ports.loopback(21);
        InetAddress b = Ports.loopback(22);
        InetAddress c = Ports.loopback(23);
        int port = Ports.freeForTcpAndUdp(a, b, c);
        ScriptedProcess server = track(LabPrograms.startServer(InetAddress.getByName("127.0.0.1"), port));

        RawLabClient observer = track(RawLabClient.connect(Ports.loopback(24), port));
        observer.send("observer");
        observer.awaitReceived("!{\"observer\": \"127.0.0.24\"}");

        RecordingClientOutput aliceOut = new RecordingClientOutput();
        ClientSession alice = javaClient(port, a, aliceOut, "ålice");
        server.awaitStdout("ålice with IP address:127.0.0.21, has connected");
        RecordingClientOutput bobOut = new RecordingClientOutput();
        ClientSession bob = javaClient(port, b, bobOut, "bob");
        server.awaitStdout("bob with IP address:127.0.0.22, has connected");
        ScriptedProcess carol = track(LabPrograms.startClient("carol", "127.0.0.1", port, c));
        carol.typeLine("carol");
        String all = "{observer=127.0.0.24, ålice=127.0.0.21, bob=127.0.0.22, carol=127.0.0.23}";
        Await.until("both Java clients to hold the full map", () -> aliceOut.has("map " + all) && bobOut.has("map " + all));
        assertThat(aliceOut.lines()).contains("joined bob 127.0.0.22", "joined carol 127.0.0.23");
        observer.awaitEndsWith("!{\"observer\": \"127.0.0.24\", \"\\u00e5lice\": \"127.0.0.21\", \"bob\": \"127.0.0.22\", "
                + "\"carol\": \"127.0.0.23\"}");

        // The lab's server sends a map and a relay without framing: had carol not read her map yet, the relay would
        // arrive in the same recv() and her json.loads would fail. Wait until she has it.
        Await.until("carol to hold the full map", () -> {
            carol.typeLine("#ls");
            return carol.stdout().contains("'carol': '127.0.0.23'}");
        });

        // Chatroom: the Java client sends the bare text, so the Python server relays exactly "NAME: TEXT ".
        alice.submit("hi from java");
        alice.submit("and a second message right after");
        observer.awaitEndsWith("ålice: hi from java ålice: and a second message right after ");
        Await.until("bob to see both messages", () -> bobOut.has("chatroom [ålice: hi from java ]")
                && bobOut.has("chatroom [ålice: and a second message right after ]"));
        carol.awaitStdout("incoming msg from chatserver (ålice: hi from java )");

        carol.typeLine("hello from python");
        Await.until("alice to see carol", () -> aliceOut.has("chatroom [carol: hello from python ]"));

        // Direct messages both ways between the Java and the Python client, attributed through the map.
        alice.submit("@carol: straight to you");
        carol.awaitStdout("Incoming msg (P2P) from ålice: straight to you");
        carol.typeLine("@bob: p2p back");
        Await.until("bob to get carol's datagram", () -> bobOut.has("direct carol@127.0.0.23 [ p2p back]"));
        bob.submit("@nobody: hello?");
        assertThat(bobOut.lines()).contains("unknown nobody");

        // Leaving: the Python server sees the close and tells the room.
        bob.finish().get();
        Await.until("alice to see bob leave", () -> aliceOut.has("left bob"));
        // The Python server tells each client in turn: ask carol's client until its map shows bob gone.
        carol.typeUntil("#ls", "{'observer': '127.0.0.24', 'ålice': '127.0.0.21', 'carol': '127.0.0.23'}");
        assertThat(bob.ended().get()).isNotEmpty();
        assertThat(server.stderr()).as(server.describe()).doesNotContain("Traceback");
        assertThat(carol.isAlive()).as(carol.describe()).isTrue();
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.Backoff;
import chatlab.client.ClientConfig;
import chatlab.client.ClientSession;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.cluster.ClusterConfig;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three chatlab servers and a real nats-server on the loopback, clients of both wires spread over them: one chat.
 * Everyone's user map lists the users of every server; a message said on one server reaches the members of every
 * other server once, in one order that every server agrees on; a server that stops takes its users out of the lists.
 */
class ClusterServersTest {
    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void threeServersAreOneChat() throws Exception {
        NatsBroker broker = cleanup.add(NatsBroker.start(dir));
        int portA = Ports.freeForTcpAndUdp(Ports.loopback(61), Ports.loopback(64));
        int portB = Ports.freeForTcpAndUdp(Ports.loopback(62));
        int portC = Ports.freeForTcpAndUdp(Ports.loopback(63));
        server(broker, portA);
        server(broker, portB);
        ChatServer serverC = server(broker, portC);

        RecordingClientOutput aliceOut = new RecordingClientOutput();
        ClientSession alice = cleanup.add(new ClientSession(client(portA, 61), aliceOut)); // lab wire, on A
        alice.start("alice");
        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = cleanup.add(new V2ClientSession(client(portB, 62), bobOut)); // v2, on B
        bob.start("bob");
        RecordingClientOutput carolOut = new RecordingClientOutput();
        ClientSession carol = cleanup.add(new ClientSession(client(portC, 63), carolOut)); // lab wire, on C
        carol.start("carol");
        RecordingClientOutput daveOut = new RecordingClientOutput();
        V2ClientSession dave = cleanup.add(new V2ClientSession(client(portA, 64), daveOut)); // v2, on A
        dave.start("dave");

        Set<String> everyone = Set.of("alice", "bob", "carol", "dave");
        Await.until("every user map lists the users of every server", () -> List.of(alice.users(), bob.users(),
                carol.users(), dave.users()), maps -> maps.stream().allMatch(m -> m.map(Map::keySet)
                        .map(everyone::equals).orElse(false)));
        // The lab map carries each user's address as its own server announced it.
        assertThat(carol.users().orElseThrow()).containsEntry("alice", "127.0.0.61").containsEntry("bob", "127.0.0.62");

        // One message from each server, then a burst from three servers at once.
        alice.submit("hello from A");
        Await.until("alice's message on B and C", () -> bobOut.has("message alice [hello from A]")
                && carolOut.lines().stream().anyMatch(l -> l.contains("hello from A")));
        for (int i = 0; i < 20; i++) {
            alice.submit("a" + i);
            bob.submit("b" + i);
            carol.submit("c" + i);
        }
        Await.until("dave (on A) has everything", () -> daveOut.count("message ") >= 61);
        Await.until("bob (on B) has alice's and carol's", () -> bobOut.count("message ") >= 41);
        Await.until("every say acknowledged", () -> bob.unacknowledged() == 0);
        // Once each: 1 + 20 from alice, 20 from bob, 20 from carol, none twice.
        assertThat(daveOut.count("message ")).isEqualTo(61);
        assertThat(bobOut.count("message ")).isEqualTo(41);
        // One order: dave (on A) and bob (on B) saw alice's and carol's messages interleaved the same way.
        assertThat(said(bobOut, "alice", "carol")).isEqualTo(said(daveOut, "alice", "carol"));

        // A server that stops takes its users out of every list (its goodbye), without waiting for silence.
        serverC.close();
        Await.until("carol leaves the lists on A and B", () -> List.of(alice.users(), bob.users(), dave.users()),
                maps -> maps.stream().allMatch(m -> m.map(u -> !u.containsKey("carol") && u.size() == 3)
                        .orElse(false)));
    }

    /** The messages of those senders, in the order the client got them. */
    private static List<String> said(RecordingClientOutput out, String... senders) {
        return out.lines().stream()
                .filter(line -> java.util.Arrays.stream(senders).anyMatch(s -> line.startsWith("message " + s + " ")))
                .toList();
    }

    private ChatServer server(NatsBroker broker, int port) throws Exception {
        ClusterConfig cluster = ClusterConfig.of(List.of(broker.url()));
        return cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port).withLabUdpPort(port),
                ServerEvents.NONE, NatsCluster.connect(cluster)));
    }

    private static ClientConfig client(int serverPort, int octet) {
        return ClientConfig.of("127.0.0.1").withPort(serverPort).withBindAddress(Optional.of(Ports.loopback(octet)))
                .withUdpPort(serverPort).withDmRetry(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 4));
    }
}

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
import chatlab.testkit.MetricsScrape;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.StartingGun;
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
        int portA = server(broker, Ports.loopback(61), Ports.loopback(64)).port();
        int portB = server(broker, Ports.loopback(62), Ports.loopback(66)).port();
        ChatServer serverC = server(broker, Ports.loopback(63), Ports.loopback(65));
        int portC = serverC.port();

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
        RecordingClientOutput erinOut = new RecordingClientOutput();
        V2ClientSession erin = cleanup.add(new V2ClientSession(client(portC, 65), erinOut)); // v2, on C
        erin.start("erin");
        RecordingClientOutput frankOut = new RecordingClientOutput();
        V2ClientSession frank = cleanup.add(new V2ClientSession(client(portB, 66), frankOut)); // v2, on B, silent
        frank.start("frank");

        Set<String> everyone = Set.of("alice", "bob", "carol", "dave", "erin", "frank");
        Await.until("every user map lists the users of every server", () -> List.of(alice.users(), bob.users(),
                carol.users(), dave.users(), erin.users(), frank.users()), maps -> maps.stream()
                        .allMatch(m -> m.map(Map::keySet).map(everyone::equals).orElse(false)));
        // The lab map carries each user's address as its own server announced it.
        assertThat(carol.users().orElseThrow()).containsEntry("alice", "127.0.0.61").containsEntry("bob", "127.0.0.62");

        // A lab user's message reaches both wires on the other servers, once.
        alice.submit("hello from A");
        Await.until("alice's message on B and C", () -> bobOut.has("message alice [hello from A]")
                && erinOut.has("message alice [hello from A]")
                && carolOut.lines().stream().anyMatch(l -> l.contains("hello from A")));
        // A burst from three servers at once (v2 clients: the lab wire has no framing, so a lab client's quick
        // messages may arrive as one).
        for (int i = 0; i < 20; i++) {
            bob.submit("b" + i);
            dave.submit("d" + i);
            erin.submit("e" + i);
        }
        Await.until("frank (on B) has everything", frankOut::lines,
                lines -> lines.stream().filter(l -> l.startsWith("message ")).count() >= 61);
        Await.until("every say acknowledged", () -> bob.unacknowledged() == 0 && dave.unacknowledged() == 0
                && erin.unacknowledged() == 0);
        Await.until("dave and erin have the others'", () -> daveOut.count("message ") >= 41
                && erinOut.count("message ") >= 41);
        // Once each: 1 from alice and 20 each from bob, dave and erin; nobody gets their own back.
        assertThat(frankOut.count("message ")).isEqualTo(61);
        assertThat(daveOut.count("message ")).isEqualTo(41);
        assertThat(erinOut.count("message ")).isEqualTo(41);
        assertThat(carolOut.lines()).filteredOn(l -> l.contains("hello from A")).hasSize(1);
        // One order: servers B and C relayed bob's and dave's messages interleaved the same way, A and B bob's and
        // erin's.
        assertThat(said(erinOut, "bob", "dave")).hasSize(40).isEqualTo(said(frankOut, "bob", "dave"));
        assertThat(said(daveOut, "bob", "erin")).hasSize(40).isEqualTo(said(frankOut, "bob", "erin"));

        // A server that stops takes its users out of every list (its goodbye), without waiting for silence.
        serverC.close();
        Await.until("carol and erin leave the lists on A and B", () -> List.of(alice.users(), bob.users(),
                dave.users(), frank.users()), maps -> maps.stream().allMatch(m -> m.map(Map::keySet)
                        .map(Set.of("alice", "bob", "dave", "frank")::equals).orElse(false)));
    }

    /**
     * The foundation's name race, spread over three servers: 100 lab clients, a third on each server, send the same
     * name at once; exactly one gets in (the claim in the cluster's key-value bucket decides), the other 99 are
     * refused and closed, and after the winner leaves, the name is free again on another server.
     */
    @Test
    void aHundredClientsRacingForOneNameOverThreeServersHaveOneWinner() throws Exception {
        NatsBroker broker = cleanup.add(NatsBroker.start(dir));
        int[] ports = new int[3];
        for (int s = 0; s < 3; s++) {
            ports[s] = server(broker).port();
        }
        List<RawLabClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clients.add(cleanup.add(RawLabClient.connect(Ports.loopback(100 + i), ports[i % 3])));
        }
        StartingGun.fire(100, i -> clients.get(i).send("samename"));
        Await.until("99 clients refused", () -> clients.stream().filter(RawLabClient::closedByServer).count(),
                refused -> refused == 99);
        List<RawLabClient> winners = clients.stream().filter(c -> !c.closedByServer()).toList();
        assertThat(winners).hasSize(1);
        winners.get(0).awaitContains("samename");
        for (RawLabClient loser : clients) {
            if (loser != winners.get(0)) {
                assertThat(loser.receivedText()).contains("taken");
            }
        }

        // Once the winner leaves, the name is free again, on any server.
        int winnerServer = ports[clients.indexOf(winners.get(0)) % 3];
        winners.get(0).close();
        int other = ports[0] == winnerServer ? ports[1] : ports[0];
        Await.until("the name free again on another server", () -> {
            try (RawLabClient again = RawLabClient.connect(Ports.loopback(99), other)) {
                again.send("samename");
                Await.until("an answer", () -> again.closedByServer() || again.receivedText().contains("samename"));
                return !again.closedByServer();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A server cut off from the broker without a goodbye (as if killed, or behind a partition) has its users taken
     * out of the other servers' lists after three missed rosters; the other servers go on talking.
     */
    @Test
    void aSilentServersUsersLeaveTheOthersLists() throws Exception {
        NatsBroker broker = cleanup.add(NatsBroker.start(dir));
        int portA = Ports.freeForTcpAndUdp(Ports.loopback(81));
        int portB = Ports.freeForTcpAndUdp(Ports.loopback(82));
        ClusterConfig fast = ClusterConfig.of(List.of(broker.url())).withPresenceInterval(Duration.ofMillis(300));
        cleanup.add(ChatServer.start(serverConfig(portA), ServerEvents.NONE, NatsCluster.connect(fast)));
        NatsCluster silent = NatsCluster.connect(fast);
        cleanup.add(ChatServer.start(serverConfig(portB), ServerEvents.NONE, silent));
        RecordingClientOutput aliceOut = new RecordingClientOutput();
        ClientSession alice = cleanup.add(new ClientSession(client(portA, 81), aliceOut));
        alice.start("alice");
        V2ClientSession bob = cleanup.add(new V2ClientSession(client(portB, 82), new RecordingClientOutput()));
        bob.start("bob");
        Await.until("alice sees bob", () -> alice.users().map(u -> u.containsKey("bob")).orElse(false));

        long cut = System.nanoTime();
        silent.cutOff();
        Await.until("bob leaves alice's map", () -> alice.users().map(u -> u.keySet().equals(Set.of("alice")))
                .orElse(false));
        // Three intervals of silence, checked every interval: at most four, plus the presence batch.
        assertThat(Duration.ofNanos(System.nanoTime() - cut)).isGreaterThanOrEqualTo(Duration.ofMillis(900))
                .isLessThan(Duration.ofSeconds(10));
    }

    /**
     * The broker is killed (SIGKILL) mid-conversation and started again: while it is away a sender is told its
     * message was not relayed; after it is back the servers reconnect by themselves and the conversation goes on;
     * every message a sender had acknowledged reached the other server's member once.
     */
    /** ... and server A's metrics follow its link: down while the broker is away, one reconnect after it. */
    @Test
    void theServersRideOutABrokerRestart() throws Exception {
        NatsBroker broker = cleanup.add(NatsBroker.start(dir));
        int portA = Ports.freeForTcpAndUdp(Ports.loopback(71));
        ServerMetrics metricsA = cleanup.add(ServerMetrics.listen(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        NatsCluster linkA = NatsCluster.connect(ClusterConfig.of(List.of(broker.url())));
        metricsA.serve(cleanup.add(ChatServer.start(serverConfig(portA), ServerEvents.NONE, linkA, true)), linkA);
        MetricsScrape up = MetricsScrape.get(metricsA.port());
        assertThat(up.count("chatlab_cluster_link_up")).isEqualTo(1);
        assertThat(up.count("chatlab_cluster_reconnects_total")).isZero();
        int portB = server(broker, Ports.loopback(72)).port();
        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = cleanup.add(new V2ClientSession(client(portA, 71), bobOut));
        bob.start("bob");
        RecordingClientOutput erinOut = new RecordingClientOutput();
        V2ClientSession erin = cleanup.add(new V2ClientSession(client(portB, 72), erinOut));
        erin.start("erin");
        Await.until("bob and erin see each other", () -> bob.users().map(u -> u.containsKey("erin")).orElse(false)
                && erin.users().map(u -> u.containsKey("bob")).orElse(false));
        bob.submit("before");
        Await.until("erin has bob's first", () -> erinOut.has("message bob [before]"));

        broker.kill();
        int[] n = {0};
        Await.until("bob is told the broker is away", () -> {
            if (bob.unacknowledged() == 0) {
                bob.submit("away " + n[0]++);
            }
            return bobOut.has("problem the cluster's message broker is unreachable: message not stored");
        });
        assertThat(MetricsScrape.get(metricsA.port()).count("chatlab_cluster_link_up")).isZero();
        broker.start();
        Await.until("bob's messages reach erin again", Duration.ofSeconds(60), () -> {
            if (bob.unacknowledged() == 0) {
                bob.submit("back " + n[0]++);
            }
            return erinOut.lines().stream().anyMatch(l -> l.startsWith("message bob [back "));
        });
        Await.until("bob's last say settled", () -> bob.unacknowledged() == 0);
        MetricsScrape back = MetricsScrape.get(metricsA.port());
        assertThat(back.count("chatlab_cluster_link_up")).isEqualTo(1);
        assertThat(back.count("chatlab_cluster_reconnects_total")).isEqualTo(1);
        // Every refusal bob saw is counted (the client may show one problem for several refusals of a resent say).
        assertThat(back.count("chatlab_refusals_total{reason=\"cluster_unavailable\"}")).isPositive()
                .isGreaterThanOrEqualTo(bobOut.count("problem the cluster's message broker is unreachable"));
        List<String> acknowledged = bobOut.lines().stream().filter(l -> l.startsWith("ack ["))
                .map(l -> l.substring("ack ".length())).toList();
        assertThat(acknowledged).contains("[before]");
        Await.until("erin has every acknowledged message", erinOut::lines, lines -> acknowledged.stream()
                .allMatch(text -> lines.contains("message bob " + text)));
        for (String text : acknowledged) {
            assertThat(erinOut.lines()).as(text).filteredOn(("message bob " + text)::equals).hasSize(1);
        }
    }

    /** The messages of those senders, in the order the client got them. */
    private static List<String> said(RecordingClientOutput out, String... senders) {
        return out.lines().stream()
                .filter(line -> java.util.Arrays.stream(senders).anyMatch(s -> line.startsWith("message " + s + " ")))
                .toList();
    }

    /**
     * A server of the cluster on a port free for TCP and for UDP on {@code udpAddresses}. The port is found just before
     * the server binds it, and found again if something took it meanwhile (the servers' own links to the broker take
     * ports of the same range).
     */
    private ChatServer server(NatsBroker broker, InetAddress... udpAddresses) throws Exception {
        ClusterConfig cluster = ClusterConfig.of(List.of(broker.url()));
        for (int attempt = 1; ; attempt++) {
            int port = Ports.freeForTcpAndUdp(udpAddresses);
            NatsCluster link = NatsCluster.connect(cluster);
            try {
                return cleanup.add(ChatServer.start(serverConfig(port), ServerEvents.NONE, link));
            } catch (chatlab.server.PortInUseException taken) { // the failed start closed its link
                if (attempt == 5) {
                    throw taken;
                }
            }
        }
    }

    private static ServerConfig serverConfig(int port) throws Exception {
        return ServerConfig.defaults().withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                .withLabUdpPort(port);
    }

    private static ClientConfig client(int serverPort, int octet) {
        return ClientConfig.of("127.0.0.1").withPort(serverPort).withBindAddress(Optional.of(Ports.loopback(octet)))
                .withUdpPort(serverPort).withDmRetry(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 4));
    }
}

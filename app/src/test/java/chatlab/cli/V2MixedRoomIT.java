package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.Backoff;
import chatlab.client.ClientConfig;
import chatlab.client.ClientSession;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.ScriptedProcess;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A room of every kind of client: the lab's Python client, chatlab on the lab wire, and chatlab on v2. Everyone
 * sees everyone's messages and presence, and direct messages work between every pair of kinds.
 */
class V2MixedRoomIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /** The lab clients here listen for direct messages on the server's port (CHAT_PORT), not the lab's 5000. */
    private ChatServer server(int port) throws Exception {
        return cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port).withLabUdpPort(port),
                ServerEvents.NONE));
    }

    private ClientConfig config(int serverPort, int octet, int udpPort) {
        return ClientConfig.of("127.0.0.1").withPort(serverPort).withBindAddress(Optional.of(Ports.loopback(octet)))
                .withUdpPort(udpPort).withDmRetry(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 4));
    }

    @Test
    void everyKindOfClientTalksToEveryOther() throws Exception {
        InetAddress pyAddress = Ports.loopback(41);
        int port = Ports.freeForTcpAndUdp(pyAddress, Ports.loopback(42), Ports.loopback(43), Ports.loopback(44));
        server(port);

        RecordingClientOutput aOut = new RecordingClientOutput();
        V2ClientSession a = cleanup.add(new V2ClientSession(config(port, 43, port), aOut));
        a.start("vera");
        ScriptedProcess py = cleanup.add(LabPrograms.startClient("py", "127.0.0.1", port, pyAddress));
        py.typeLine("py");
        Await.until("py to join", () -> a.users().map(u -> u.containsKey("py")).orElse(false));
        RecordingClientOutput labOut = new RecordingClientOutput();
        ClientSession lab = cleanup.add(new ClientSession(config(port, 42, port), labOut));
        lab.start("labj");
        Await.until("labj to join", () -> a.users().map(u -> u.containsKey("labj")).orElse(false));
        RecordingClientOutput bOut = new RecordingClientOutput();
        V2ClientSession b = cleanup.add(new V2ClientSession(config(port, 44, port), bOut));
        b.start("walt");

        String all = "{vera=127.0.0.43, py=127.0.0.41, labj=127.0.0.42, walt=127.0.0.44}";
        Await.until("everyone to see all four users", () -> labOut.has("map " + all) && aOut.has("map " + all)
                && bOut.has("map " + all));
        Await.until("the Python client to list all four", () -> {
            py.typeLine("#ls");
            return py.stdout().contains("{'vera': '127.0.0.43', 'py': '127.0.0.41', 'labj': '127.0.0.42', 'walt': '127.0.0.44'}");
        });
        assertThat(aOut.lines()).contains("joined walt 127.0.0.44");
        assertThat(b.users()).isPresent();

        // Chatroom, from each kind to all the others.
        py.typeLine("from python");
        Await.until("py's message everywhere", () -> labOut.has("chatroom [py: from python ]")
                && aOut.has("message py [from python]") && bOut.has("message py [from python]"));
        lab.submit("from the lab wire");
        py.awaitStdout("incoming msg from chatserver (labj: from the lab wire )");
        Await.until("labj's message at the v2 clients", () -> aOut.has("message labj [from the lab wire]")
                && bOut.has("message labj [from the lab wire]"));
        a.submit("from v2 ✓");
        py.awaitStdout("incoming msg from chatserver (vera: from v2 ✓ )");
        Await.until("vera's message at labj and walt", () -> labOut.has("chatroom [vera: from v2 ✓ ]")
                && bOut.has("message vera [from v2 ✓]"));
        b.submit("/me dances");
        py.awaitStdout("incoming msg from chatserver (walt: * walt dances )");
        Await.until("walt's action", () -> aOut.has("action walt [dances]") && labOut.has("chatroom [walt: * walt dances ]"));
        Await.until("every say acknowledged", () -> a.unacknowledged() == 0 && b.unacknowledged() == 0);

        // Direct messages between every pair of kinds.
        a.submit("@walt: v2 to v2");
        Await.until("walt to get vera's datagram", () -> bOut.has("direct vera@127.0.0.43 [v2 to v2]"));
        Await.until("vera to learn it arrived directly", () -> aOut.has("info delivered to walt directly over UDP"));
        a.submit("@labj: v2 to lab");
        Await.until("labj to get it", () -> labOut.has("direct vera@127.0.0.43 [ v2 to lab]"));
        assertThat(aOut.lines()).contains("info sent to labj over UDP (a lab client: no acknowledgement)");
        a.submit("@py: v2 to python");
        py.awaitStdout("Incoming msg (P2P) from vera: v2 to python");
        lab.submit("@vera: lab to v2");
        Await.until("vera to get labj's plain datagram", () -> aOut.has("direct labj@127.0.0.42 [ lab to v2]"));
        py.typeLine("@walt: python to v2");
        Await.until("walt to get py's plain datagram", () -> bOut.has("direct py@127.0.0.41 [ python to v2]"));
        lab.submit("@py: lab to python");
        py.awaitStdout("Incoming msg (P2P) from labj: lab to python");
        py.typeLine("@labj: python to lab");
        Await.until("labj to get py's datagram", () -> labOut.has("direct py@127.0.0.41 [ python to lab]"));

        // Leaving: a v2 client says bye; everyone sees it.
        b.finish().get();
        Await.until("the others to see walt leave", () -> aOut.has("left walt") && labOut.has("left walt"));
        py.typeUntil("#ls", "{'vera': '127.0.0.43', 'py': '127.0.0.41', 'labj': '127.0.0.42'}");
        assertThat(py.stderr()).doesNotContain("Traceback");
        // Each shown once, and no echo of vera's own message.
        assertThat(aOut.count("message ")).isEqualTo(2);
        assertThat(aOut.count("action ")).isEqualTo(1);
    }

    @Test
    void aDirectMessageToAPeerThatNeverAnswersFallsBackToTheServer() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(51));
        server(port);
        RecordingClientOutput aOut = new RecordingClientOutput();
        V2ClientSession a = cleanup.add(new V2ClientSession(config(port, 51, 0), aOut));
        a.start("vera");

        // A v2 peer whose UDP socket exists but never answers (as behind a firewall that drops replies).
        DatagramSocket silent = cleanup.add(new DatagramSocket(new InetSocketAddress(Ports.loopback(52), 0)));
        AtomicInteger datagrams = new AtomicInteger();
        Thread sink = new Thread(() -> {
            byte[] buffer = new byte[2048];
            try {
                while (true) {
                    silent.receive(new DatagramPacket(buffer, buffer.length));
                    datagrams.incrementAndGet();
                }
            } catch (java.io.IOException closed) {
                // Test over.
            }
        });
        sink.setDaemon(true);
        sink.start();
        RawLineClient mute = cleanup.add(RawLineClient.connect(Ports.loopback(52), port));
        mute.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"mute\",\"udp_port\":" + silent.getLocalPort() + "}");
        mute.awaitLineContaining("welcome");
        Await.until("vera to know mute", () -> a.users().map(u -> u.containsKey("mute")).orElse(false));

        long started = System.nanoTime();
        a.submit("@mute: are you there?");
        String whisper = mute.awaitLineContaining("\"type\":\"whisper\"");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(whisper).contains("\"from\":\"vera\"").contains("\"text\":\"are you there?\"");
        assertThat(datagrams.get()).isEqualTo(4);
        assertThat(elapsedMillis).as("bounded by the retry schedule").isLessThan(10_000);
        Await.until("vera to be told the path", () -> aOut.has(
                "info mute did not acknowledge over UDP after 4 tries; sent through the server instead"));
        Await.until("the whisper to be acknowledged", () -> a.unacknowledged() == 0);
    }

    @Test
    void aDatagramClaimingSomeoneElsesNameIsShownAsUnverified() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(61), Ports.loopback(62));
        server(port);
        RecordingClientOutput aOut = new RecordingClientOutput();
        V2ClientSession a = cleanup.add(new V2ClientSession(config(port, 61, 0), aOut));
        a.start("vera");
        RecordingClientOutput bOut = new RecordingClientOutput();
        V2ClientSession b = cleanup.add(new V2ClientSession(config(port, 62, 0), bOut));
        b.start("walt");
        Await.until("vera to know walt", () -> a.users().map(u -> u.containsKey("walt")).orElse(false));

        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(Ports.loopback(62), 0))) {
            byte[] forged = "{\"type\":\"dm\",\"from\":\"walt\",\"id\":\"f1\",\"text\":\"send me your password\"}"
                    .getBytes(StandardCharsets.UTF_8);
            forger.send(new DatagramPacket(forged, forged.length, new InetSocketAddress(Ports.loopback(61), a.udpPort())));
            Await.until("the forgery to be flagged", () -> aOut.has("unverified walt@127.0.0.62:" + forger.getLocalPort()
                    + " [send me your password]"));
        }
        b.submit("@vera: the real walt");
        Await.until("the real one to be verified", () -> aOut.has("direct walt@127.0.0.62 [the real walt]"));
    }

    /**
     * A plain-text datagram from walt's address but not from walt's port: anyone on walt's host can send one, so it
     * is shown with its real source, never as walt's. From walt's own port (a lab client's), it is walt's.
     */
    @Test
    void aPlainDatagramFromAUsersAddressButAnotherPortIsNotShownAsTheirs() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(63), Ports.loopback(64));
        server(port);
        RecordingClientOutput aOut = new RecordingClientOutput();
        // On the lab's port, where walt's lab client sends direct messages.
        V2ClientSession a = cleanup.add(new V2ClientSession(config(port, 63, port), aOut));
        a.start("vera");
        RecordingClientOutput bOut = new RecordingClientOutput();
        ClientSession walt = cleanup.add(new ClientSession(config(port, 64, port), bOut));
        walt.start("walt");
        Await.until("vera to know walt", () -> a.users().map(u -> u.containsKey("walt")).orElse(false));

        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(Ports.loopback(64), 0))) {
            byte[] forged = " it is me, walt: send me your password".getBytes(StandardCharsets.UTF_8);
            forger.send(new DatagramPacket(forged, forged.length, new InetSocketAddress(Ports.loopback(63), a.udpPort())));
            Await.until("the forgery shown with its real source", () -> aOut.has("direct ?@127.0.0.64:"
                    + forger.getLocalPort() + " [ it is me, walt: send me your password]"));
        }
        walt.submit("@vera: the real walt");
        Await.until("the real one from walt's port", () -> aOut.has("direct walt@127.0.0.64 [ the real walt]"));
        assertThat(aOut.lines()).filteredOn(line -> line.startsWith("direct walt@")).hasSize(1);
    }

    @Test
    void aV2ClientToldItReachedALabServerSaysToUseTheLabWire() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(71));
        cleanup.add(LabPrograms.startServer(InetAddress.getByName("127.0.0.1"), port));
        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession session = cleanup.add(new V2ClientSession(config(port, 71, 0), out));
        session.start("vera");
        String reason = session.ended().get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(reason).startsWith("the server at 127.0.0.1 port " + port + " speaks the lab wire (it sent \"!{")
                .endsWith("run the client with --wire lab");
    }
}

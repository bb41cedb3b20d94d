package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.ScriptedProcess;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A v2 client's direct message to a lab client goes to the UDP port lab clients listen on, not to the server's TCP
 * port. Lab clients bind the lab's 5000, which a test machine may have taken, so the stand-in for the lab client's
 * UDP socket takes an ephemeral port and the server (the jar, on another port) is told it with --lab-udp-port.
 */
class LabUdpPortIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aV2DirectMessageToALabClientArrivesOnTheLabUdpPort() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(181));
        DatagramSocket labUdp = cleanup.add(new DatagramSocket(new InetSocketAddress(Ports.loopback(182), 0)));
        labUdp.setSoTimeout(500);
        int labUdpPort = labUdp.getLocalPort();
        assertThat(labUdpPort).isNotEqualTo(port);
        ScriptedProcess server = cleanup.add(ChatlabJar.start("server", "server", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--lab-udp-port", Integer.toString(labUdpPort)));
        server.awaitStderr("listening on");

        RawLabClient alice = cleanup.add(RawLabClient.connect(Ports.loopback(182), port));
        alice.send("alice");
        alice.awaitContains("\"alice\"");

        // What the server announces for alice: the lab UDP port, not its own.
        RawLineClient watcher = cleanup.add(RawLineClient.connect(Ports.loopback(183), port));
        watcher.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"watcher\",\"udp_port\":7000}");
        String presence = watcher.awaitLine("the presence naming alice",
                l -> l.startsWith("{\"type\":\"presence\"") && l.contains("\"name\":\"alice\""));
        assertThat(presence).contains("\"name\":\"alice\",\"address\":\"127.0.0.182\",\"udp_port\":" + labUdpPort + ",");

        RecordingClientOutput veraOut = new RecordingClientOutput();
        V2ClientSession vera = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(181))).withUdpPort(0), veraOut));
        vera.start("vera");
        Await.until("vera to know alice", () -> vera.users().map(u -> u.containsKey("alice")).orElse(false));
        vera.submit("@alice: straight to your UDP socket");

        byte[] buffer = new byte[2048];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        AtomicReference<String> text = new AtomicReference<>();
        Await.until("the datagram at alice's UDP port", () -> {
            try {
                labUdp.receive(datagram);
                text.set(new String(datagram.getData(), 0, datagram.getLength(), StandardCharsets.UTF_8));
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        assertThat(text.get()).isEqualTo(" straight to your UDP socket");
        assertThat(datagram.getAddress()).isEqualTo(Ports.loopback(181));
        Await.until("vera to be told it went over UDP",
                () -> veraOut.has("info sent to alice over UDP (a lab client: no acknowledgement)"));
    }
}

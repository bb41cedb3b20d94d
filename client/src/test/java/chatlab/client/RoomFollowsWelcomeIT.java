package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import chatlab.testkit.Await;
import chatlab.testkit.Ports;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A v2 welcome that names only the newcomer, the room following in the next presence message: a direct message
 * typed before the room arrives is sent once it does, not refused as addressed to an unknown name.
 */
class RoomFollowsWelcomeIT {
    @Test
    void aDirectMessageTypedBeforeTheRoomArrivesIsSentWhenItDoes() throws Exception {
        InetAddress bobAddress = Ports.loopback(176);
        try (ServerSocket fake = new ServerSocket();
             DatagramSocket bob = new DatagramSocket(new InetSocketAddress(bobAddress, 0))) {
            fake.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            bob.setSoTimeout(10_000);
            RecordingClientOutput out = new RecordingClientOutput();
            try (V2ClientSession session = new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(fake.getLocalPort())
                    .withBindAddress(Optional.of(Ports.loopback(175))).withUdpPort(0), out)) {
                session.start("alice");
                try (Socket server = fake.accept()) {
                    server.getInputStream().read(new byte[4096]); // the hello
                    ServerMessageEncoder encoder = new ServerMessageEncoder();
                    OutputStream toClient = server.getOutputStream();
                    toClient.write(encoder.encode(new ServerMessage.Welcome(2, "fake", "alice", "127.0.0.175",
                            new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20, 40, 30000, 90000),
                            List.of(new UserInfo("alice", "127.0.0.175", session.udpPort(), Wire.V2, Instant.now())),
                            null, "epoch", true)));
                    toClient.flush();
                    session.registered().get();

                    session.submit("@bob: are you there?");
                    assertThat(out.lines()).as("not refused while the room is on its way")
                            .noneMatch(line -> line.startsWith("unknown"));

                    toClient.write(encoder.encode(new ServerMessage.Presence(List.of(new UserInfo("bob",
                            bobAddress.getHostAddress(), bob.getLocalPort(), Wire.LAB, Instant.now())), List.of())));
                    toClient.flush();
                    DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
                    bob.receive(packet);
                    assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8))
                            .contains("are you there?");
                    Await.until("the client to say it was sent", () -> out.lines().stream()
                            .anyMatch(line -> line.contains("sent to bob over UDP")));
                }
            }
        }
    }
}

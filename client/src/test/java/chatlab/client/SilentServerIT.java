package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.testkit.Await;
import chatlab.testkit.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A server that goes silent without closing (a crash, a cut cable) is noticed, and the client reconnects. */
class SilentServerIT {
    @Test
    void aServerSilentPastTheLimitIsDroppedAndReconnected() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket fake = new ServerSocket()) {
            fake.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Thread acceptor = new Thread(() -> {
                ServerMessageEncoder encoder = new ServerMessageEncoder();
                try {
                    for (int i = 0; i < 2; i++) {
                        Socket socket = fake.accept();
                        accepted.add(socket);
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
                        socket.getOutputStream().write(encoder.encode(new ServerMessage.Welcome(2, "fake", "alice",
                                "127.0.0.171", new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20, 40, 30000, 90000),
                                List.of(new chatlab.protocol.v2.UserInfo("alice", "127.0.0.171", 0,
                                        chatlab.protocol.v2.Wire.V2, Instant.now())))));
                        socket.getOutputStream().flush();
                        // ...and then nothing, without closing.
                    }
                } catch (Exception closed) {
                    // The test is over.
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();

            RecordingClientOutput out = new RecordingClientOutput();
            try (V2ClientSession session = new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(fake.getLocalPort())
                    .withBindAddress(Optional.of(Ports.loopback(171))).withUdpPort(0)
                    .withSilentServer(Duration.ofSeconds(1))
                    .withReconnect(new Backoff(Duration.ofMillis(100), Duration.ofMillis(200), 5)), out)) {
                session.start("alice");
                session.registered().get();
                Await.until("the silent server to be given up and reached again", () -> accepted.size() == 2);
                assertThat(out.lines()).anyMatch(l -> l.startsWith("info lost the server (no word from the server for 1.0 s)"));
            } finally {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}

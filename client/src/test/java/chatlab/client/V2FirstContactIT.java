package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a newcomer reads when the server is not there, goes away, or is no chat server at all: the exact text. */
class V2FirstContactIT {
    private static InetAddress localhost() throws Exception {
        return InetAddress.getByName("127.0.0.1");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, localhost())) {
            return probe.getLocalPort();
        }
    }

    private static ClientConfig config(int port, int octet) {
        return ClientConfig.of("127.0.0.1").withPort(port).withBindAddress(Optional.of(Ports.loopback(octet)))
                .withUdpPort(0).withReconnect(new Backoff(Duration.ofMillis(100), Duration.ofMillis(200), 200));
    }

    @Test
    void noServerIsOneClauseAndAQuestion() throws Exception {
        int port = closedPort();
        try (V2ClientSession session = new V2ClientSession(config(port, 181), new RecordingClientOutput())) {
            assertThatThrownBy(() -> session.start("alice")).hasMessage("cannot connect to 127.0.0.1 port " + port
                    + " (connection refused); is chatlab server running there?");
        }
        try (ClientSession session = new ClientSession(config(port, 181), new RecordingClientOutput())) {
            assertThatThrownBy(() -> session.start("alice")).hasMessage("cannot connect to 127.0.0.1 port " + port
                    + " (connection refused); is chatlab server running there?");
        }
    }

    @Test
    void aWebServerIsNamedAsOneWithTheFirstLineItSent() throws Exception {
        try (ServerSocket web = new ServerSocket(0, 5, localhost())) {
            RecordingClientOutput out = new RecordingClientOutput();
            try (V2ClientSession session = new V2ClientSession(config(web.getLocalPort(), 182), out)) {
                session.start("alice");
                try (Socket http = web.accept()) {
                    new BufferedReader(new InputStreamReader(http.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    http.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    String reason = session.ended().get(20, TimeUnit.SECONDS);
                    assertThat(reason).isEqualTo("127.0.0.1 port " + web.getLocalPort() + " is not a chat server: it "
                            + "answered \"HTTP/1.1 400 Bad Request\" (a web server); check --server and --port");
                }
            }
        }
    }

    @Test
    void somethingElseIsQuotedEscapedAndCut() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 5, localhost())) {
            try (V2ClientSession session = new V2ClientSession(config(other.getLocalPort(), 183), new RecordingClientOutput())) {
                session.start("alice");
                try (Socket peer = other.accept()) {
                    peer.getOutputStream().write(("\u001b[31mSSH-2.0-OpenSSH_9.2 " + "x".repeat(100) + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    assertThat(session.ended().get(20, TimeUnit.SECONDS)).isEqualTo("127.0.0.1 port "
                            + other.getLocalPort() + " is not a chatlab server: it answered \"^[[31mSSH-2.0-OpenSSH_9.2 "
                            + "x".repeat(34) + "…\"; check --server and --port (for a lab chat server, run the client "
                            + "with --wire lab)");
                }
            }
        }
    }

    /** Welcomes the client on {@code socket} after reading its hello. */
    private static void welcome(Socket socket, String name, int udpPort) throws Exception {
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        socket.getOutputStream().write(new ServerMessageEncoder().encode(new ServerMessage.Welcome(2, "fake", name,
                "127.0.0.184", new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20, 40, 30000, 90000),
                List.of(new UserInfo(name, "127.0.0.184", udpPort, Wire.V2, Instant.now())), null, "epoch", false)));
        socket.getOutputStream().flush();
    }

    @Test
    void reconnectingIsOneShortLinePerAttemptAndOneWhenBack() throws Exception {
        RecordingClientOutput out = new RecordingClientOutput();
        ServerSocket first = new ServerSocket(0, 5, localhost());
        InetSocketAddress address = (InetSocketAddress) first.getLocalSocketAddress();
        try (V2ClientSession session = new V2ClientSession(config(first.getLocalPort(), 184), out)) {
            session.start("alice");
            try (first; Socket socket = first.accept()) {
                welcome(socket, "alice", session.udpPort());
                session.registered().get(20, TimeUnit.SECONDS);
            }
            // The server closed the connection and its port: a line for the loss, then one per refused attempt.
            Await.until("two refused attempts", () -> out.count("info attempt ") >= 2);
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(address);
                try (Socket socket = again.accept()) {
                    welcome(socket, "alice", session.udpPort());
                    Await.until("back in the room", () -> out.has("info back in the room"));
                }
            }
        }
        List<String> infos = out.lines().stream().filter(line -> line.startsWith("info ")).toList();
        assertThat(infos.get(0)).matches("info lost the server \\(the server closed the connection\\); trying "
                + "again in \\d\\.\\d s");
        assertThat(infos.subList(1, infos.indexOf("info back in the room"))).isNotEmpty().allSatisfy(line ->
                assertThat(line).matches("info attempt \\d+: connection refused; trying again in \\d\\.\\d s"));
        assertThat(infos).allSatisfy(line -> assertThat(line).doesNotContain("\n").hasSizeLessThan(80));
    }
}

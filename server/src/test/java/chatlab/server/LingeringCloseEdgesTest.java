package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.TcpQueues;
import chatlab.testkit.TestCa;
import chatlab.testkit.TrustAnything;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection refused for good and closed lingering ({@link LingeringClose}) at its edges: TLS, resets, stops. */
class LingeringCloseEdgesTest {
    private static final String REFUSED = "2 messages in a row were refused; closing the connection ";
    private static final String LEFT = "leave alice: 2 messages in a row refused";

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private static Limits twoInARow() {
        return Limits.defaults().withMaxMessageBytes(16).withRateAbuseLimit(2);
    }

    /**
     * alice (connected from 127.0.0.11) registers, is refused for good (two messages too long in a row) and sees the
     * server's FIN; she does not close.
     */
    private static RawLabClient refusedAlice(RawLabClient alice) throws IOException {
        alice.send("alice");
        alice.awaitContains("\"alice\": \"127.0.0.11\"");
        alice.send("x".repeat(17));
        alice.awaitContains("over the limit of 16 bytes");
        alice.awaitReadByServer();
        alice.send("x".repeat(18));
        alice.awaitContains(REFUSED);
        alice.awaitClosedByServer();
        return alice;
    }

    @Test
    void aClientThatResetsWhileTheServerLingersLeavesWithTheRefusalsReason() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(twoInARow(), Duration.ZERO)));
        RawLabClient alice = refusedAlice(cleanup.add(fixture.connect(11)));
        alice.send("more");
        alice.vanish();

        Await.until("alice to leave", () -> fixture.events.lines().stream().anyMatch(l -> l.startsWith("leave alice")));
        assertThat(fixture.events.lines()).filteredOn(l -> l.startsWith("leave alice")).containsExactly(LEFT);
        assertThat(fixture.events.lines()).noneMatch(l -> l.contains("internal") || l.contains("bug"));
        Await.until("the connection to be forgotten", () -> fixture.server.openConnections() == 0);
    }

    @Test
    void aClientThatHalfClosesWhileTheServerLingersIsClosedAndLeavesOnce() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(twoInARow(), Duration.ZERO)));
        RawLabClient alice = refusedAlice(cleanup.add(fixture.connect(11)));
        alice.shutdownOutput();

        Await.until("alice to leave", () -> fixture.events.has(LEFT));
        Await.until("the connection to be forgotten", () -> fixture.server.openConnections() == 0);
        assertThat(fixture.events.lines()).filteredOn(l -> l.startsWith("leave alice")).containsExactly(LEFT);
    }

    @Test
    void aStopClosesAClientThatNeverClosesAndLogsItsLeaveOnce() throws Exception {
        ServerFixture fixture = new ServerFixture(ServerFixture.config(Limits.defaults(), Duration.ZERO));
        RawLabClient alice = cleanup.add(fixture.registered(11, "alice"));
        alice.stopReading(); // nor does it read: only the server's close ends the connection
        fixture.close();

        alice.resumeReading();
        alice.awaitContains("the server is shutting down; goodbye");
        alice.awaitClosedByServer();
        assertThat(fixture.events.lines()).filteredOn(l -> l.startsWith("leave alice")).hasSize(1);
        assertThat(fixture.events.lines()).noneMatch(l -> l.contains("internal") || l.contains("bug"));
    }

    /**
     * The server stops while it lingers for a member it refused for good: her leave is logged once, with the refusal
     * that ended her connection, not as the stop's (her side is ended: she was not sent the stop's goodbye either).
     */
    @Test
    void aStopWhileTheServerLingersLogsTheRefusedMembersLeaveWithItsRefusal() throws Exception {
        ServerFixture fixture = new ServerFixture(ServerFixture.config(twoInARow(), Duration.ZERO));
        RawLabClient alice = refusedAlice(cleanup.add(fixture.connect(11)));
        fixture.close();

        assertThat(fixture.events.lines()).filteredOn(l -> l.startsWith("leave alice")).containsExactly(LEFT);
        assertThat(alice.receivedText()).doesNotContain("shutting down");
    }

    /** What the server reads and drops while it lingers is still read from the socket: counted in the metrics. */
    @Test
    void theBytesReadWhileTheServerLingersAreCounted() throws Exception {
        RecordingServerEvents events = new RecordingServerEvents();
        ChatServer server = cleanup.add(ChatServer.start(ServerFixture.config(twoInARow(), Duration.ZERO), events,
                null, true));
        RawLabClient alice = refusedAlice(cleanup.add(RawLabClient.connect(Ports.loopback(11), server.port())));
        alice.send("y".repeat(1000)); // read and dropped while the server lingers
        alice.awaitReadByServer();
        long sent = "alice".length() + 17 + 18 + 1000;

        Await.until("every byte alice sent counted", () -> server.metrics().join().counts().bytesIn(),
                counted -> counted == sent);
    }

    @Test
    void aTlsClientRefusedForGoodGetsTheRefusalAndCloseNotify() throws Exception {
        TestCa ca = TestCa.create(dir);
        TestCa.Issued issued = ca.issue("server", "ip:127.0.0.1");
        SslContext tls = SslContextBuilder.forServer(issued.certificate().toFile(), issued.key().toFile()).build();
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(twoInARow(), Duration.ZERO)
                .withSecurity(ServerSecurity.none().withTls(tls, false))));
        SSLSocket alice = tlsClient(fixture.server.port());
        InputStream in = alice.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();

        alice.getOutputStream().write("alice".getBytes(StandardCharsets.UTF_8));
        readUntil(in, got, "\"alice\": \"127.0.0.11\"");
        alice.getOutputStream().write("x".repeat(17).getBytes(StandardCharsets.UTF_8));
        readUntil(in, got, "over the limit of 16 bytes");
        awaitReadByServer(alice); // one lab message per read
        alice.getOutputStream().write("x".repeat(18).getBytes(StandardCharsets.UTF_8));
        int end = readUntil(in, got, null); // to the end of the stream: the server's close_notify
        assertThat(end).isEqualTo(-1);
        assertThat(got.toString(StandardCharsets.UTF_8)).contains(REFUSED);
        alice.getOutputStream().write("still here".getBytes(StandardCharsets.UTF_8)); // TLS 1.3: a half-close

        Await.until("alice to leave", () -> fixture.events.has(LEFT));
        assertThat(fixture.events.lines()).noneMatch(l -> l.contains("internal") || l.contains("bug")
                || l.contains("tls"));
        assertThat(fixture.events.lines()).filteredOn(l -> l.startsWith("leave alice")).containsExactly(LEFT);
    }

    /**
     * alice fell behind (her queue passed the soft limit) and, still in her grace, was refused for good; then she read
     * everything, the refusal included, and sees the server's FIN. She is no slow reader any more: while the server
     * lingers for her, the grace that ran out must not cut her off (a reset, and a slow reader counted).
     */
    @Test
    void aClientRefusedForGoodWhileBehindIsNotCutOffAsASlowReaderWhileTheServerLingers() throws Exception {
        // Runs out during the linger: alice is refused well within 1.9 s of falling behind, and lingered for 2 s.
        Duration grace = Duration.ofMillis(1900);
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults()
                .withSoftOutboundBytes(4096).withSocketSendBufferBytes(4096).withSlowReaderGrace(grace)
                .withRateAbuseLimit(1), Duration.ZERO)));
        RawLabClient bob = cleanup.add(fixture.registered(12, "bob"));
        RawLabClient alice = cleanup.add(RawLabClient.connect(Ports.loopback(11), InetAddress.getLoopbackAddress(),
                fixture.server.port(), 4096));
        alice.send("alice");
        alice.awaitContains("\"alice\": \"127.0.0.11\"");
        bob.awaitContains("\"alice\": \"127.0.0.11\"");
        alice.stopReading();
        for (int i = 0; i < 12 && !fixture.events.has("behind alice"); i++) {
            bob.awaitReadByServer();
            bob.send(i + "y".repeat(3000));
        }
        Await.until("alice to fall behind", () -> fixture.events.has("behind alice"));
        alice.send(new byte[] {(byte) 0xff, (byte) 0xfe}); // not UTF-8: refused for good (one refusal in a row)
        alice.awaitReadByServer();
        alice.resumeReading();
        alice.awaitContains("in a row were refused; closing the connection ");
        alice.awaitClosedByServer(); // the server's FIN; she does not close, so the server lingers its 2 s

        Await.until("alice to leave", () -> fixture.events.lines().stream().anyMatch(l -> l.startsWith("leave alice")));
        assertThat(fixture.events.lines()).filteredOn(l -> l.startsWith("leave alice"))
                .containsExactly("leave alice: 1 messages in a row refused");
        MetricsSnapshot metrics = fixture.server.metrics().get();
        assertThat(metrics.counts().cutSoftLimit()).as("slow readers cut at the soft limit").isZero();
    }

    /** Reads into {@code got} until it holds {@code marker} (or, when null, to the end); returns the last read. */
    private static int readUntil(InputStream in, ByteArrayOutputStream got, String marker) throws IOException {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            got.write(buffer, 0, n);
            if (marker != null && got.toString(StandardCharsets.UTF_8).contains(marker)) {
                return n;
            }
        }
        return n;
    }

    private static void awaitReadByServer(Socket socket) {
        InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
        InetSocketAddress server = (InetSocketAddress) socket.getRemoteSocketAddress();
        Await.until("the server's kernel to acknowledge what was sent", () -> TcpQueues.of(local, server),
                q -> q.isPresent() && q.get().sendQueue() == 0);
        Await.until("the server to read what was sent", () -> TcpQueues.of(server, local),
                q -> q.isPresent() && q.get().receiveQueue() == 0);
    }

    private SSLSocket tlsClient(int port) throws Exception {
        Socket plain = cleanup.add(new Socket());
        plain.bind(new InetSocketAddress(Ports.loopback(11), 0));
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        plain.setSoTimeout(20_000);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAnything()}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        socket.startHandshake();
        return cleanup.add(socket);
    }
}

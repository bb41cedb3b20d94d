package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.server.ChatServer;
import chatlab.server.ConnectionLimits;
import chatlab.server.ServerConfig;
import chatlab.server.ServerSecurity;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.TrustAnything;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's TLS under misuse, on real sockets, with the exact lines the log gets: client-initiated renegotiation is
 * refused, the handshake timeout is the configured one and is logged as a timeout, and a failed handshake is logged
 * with the engine's reason (not as an internal error, not as "closed by the client").
 */
class TlsHandshakeLimitsTest {
    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();
    private CapturedServerLog log;
    private ChatServer server;

    @BeforeEach
    void start() throws Exception {
        var tls = LocalhostTls.serverContext(dir);
        log = cleanup.add(new CapturedServerLog());
        LoggingServerEvents events = cleanup.add(new LoggingServerEvents(LogLimits.defaults()));
        server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(0)
                .withConnectionLimits(ConnectionLimits.defaults().withTlsHandshakeTimeout(Duration.ofSeconds(1)))
                .withSecurity(ServerSecurity.none().withTls(tls, false)), events));
    }

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private Socket plain(int octet) throws IOException {
        Socket socket = cleanup.add(new Socket());
        socket.bind(new InetSocketAddress(Ports.loopback(octet), 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()), 10_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** A TLS 1.2 client that trusts any certificate (the test is about the server), with the given suites. */
    private SSLSocket tls12(int octet, String... suites) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAnything()}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain(octet), "localhost", server.port(), true);
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        if (suites.length > 0) {
            socket.setEnabledCipherSuites(suites);
        }
        return cleanup.add(socket);
    }

    private void awaitLogLine(String line) {
        Await.until("the log line \"" + line + "\"", log::messages, messages -> messages.contains(line));
    }

    /** The client as the server's log names it (a layered TLS socket does not know its local address). */
    private static String remote(int octet, Socket socket) {
        return "/127.0.0." + octet + ":" + socket.getLocalPort();
    }

    @Test
    void aTls12ClientThatStartsARenegotiationIsClosed() throws Exception {
        SSLSocket client = tls12(101);
        client.startHandshake();
        client.getOutputStream().write("alice".getBytes(StandardCharsets.UTF_8));
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[4096];
        int read = in.read(buffer);
        assertThat(new String(buffer, 0, read, StandardCharsets.UTF_8)).contains("\"alice\": \"127.0.0.101\"");

        // On an established connection the JDK sends its ClientHello and returns; the answer comes with the next read.
        client.startHandshake();
        assertThat(readEnds(in)).as("the server closed the connection").isTrue();
        awaitLogLine("leave alice from 127.0.0.101: client-initiated tls renegotiation refused");
    }

    /** Whether reading ends (end of stream or an error other than the read timeout): the server closed the connection. */
    private static boolean readEnds(InputStream in) {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException closed) {
            return true;
        }
    }

    @Test
    void aHandshakeThatNeverFinishesIsClosedAtTheTimeoutAndLoggedAsATimeout() throws Exception {
        Socket socket = plain(102);
        socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a TLS record header, no more
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        awaitLogLine("disconnect " + remote(102, socket) + " (never registered): tls handshake timed out after 1 s");
    }

    @Test
    void aFailedHandshakeIsLoggedWithItsReason() throws Exception {
        // A TLS 1.2 client offering only a CBC suite, which the server does not take.
        SSLSocket client = tls12(103, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
        assertThatThrownBy(client::startHandshake).isInstanceOf(IOException.class);
        awaitLogLine("disconnect " + remote(103, client) + " (never registered): tls handshake failed: "
                + "no cipher suites in common");
        assertThat(log.messages()).noneMatch(line -> line.contains("internal error"));
    }

    @Test
    void aClientThatLeavesDuringTheHandshakeIsLoggedAsSuch() throws Exception {
        Socket socket = plain(104);
        socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
        String remote = remote(104, socket);
        socket.close();
        awaitLogLine("disconnect " + remote + " (never registered): closed by the client during the tls handshake");
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import chatlab.server.ConnectionLimits;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.server.ServerSecurity;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SECURITY.md, *Handshake timeout*, and docs/LIMITS.md, *unregistered connections per address*: a TLS handshake
 * under way counts among its address's unregistered connections, so one address cannot hold the server's table with
 * handshakes it never finishes (each held up to {@code --tls-handshake-timeout}); other addresses are not affected.
 */
class TlsHandshakesPendingTest {
    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void handshakesThatNeverFinishCountAsUnregisteredConnectionsOfTheirAddress() throws Exception {
        var tls = LocalhostTls.serverContext(dir);
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(0)
                .withPresenceBatchWindow(Duration.ZERO)
                .withConnectionLimits(ConnectionLimits.defaults().withTlsHandshakeTimeout(Duration.ofMinutes(1)))
                .withSecurity(ServerSecurity.none().withTls(tls, false)), ServerEvents.NONE));

        List<Socket> handshakes = new ArrayList<>();
        for (int i = 0; i < ConnectionLimits.DEFAULT_MAX_PENDING_PER_ADDRESS; i++) {
            Socket socket = cleanup.add(new Socket());
            socket.bind(new InetSocketAddress(Ports.loopback(121), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()), 10_000);
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // a TLS record header begun, no more
            handshakes.add(socket);
        }
        Await.until("the four handshakes in the server's table", server::openConnections, open -> open == 4);

        RawLabClient fifth = cleanup.add(RawLabClient.connect(Ports.loopback(121), server.port()));
        fifth.awaitClosedByServer();
        assertThat(fifth.receivedText()).isEqualTo("server: too many connections from your address have not "
                + "registered yet (limit 4); closing this one ");

        RawLabClient other = cleanup.add(RawLabClient.connect(Ports.loopback(122), server.port()));
        other.send("other");
        other.awaitContains("\"other\": \"127.0.0.122\"");

        // A handshake that ends frees its slot.
        handshakes.get(0).close();
        Await.until("the closed handshake to leave the table", server::openConnections, open -> open == 4);
        RawLabClient again = cleanup.add(RawLabClient.connect(Ports.loopback(121), server.port()));
        again.send("again");
        again.awaitContains("\"again\": \"127.0.0.121\"");
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.auth.Authenticator;
import chatlab.auth.UserStore;
import chatlab.auth.Verifier;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.server.ServerSecurity;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawHttp;
import chatlab.testkit.RawLineClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web client over TLS on the chat port: the server finds TLS by the first byte and HTTP inside it, the page comes
 * over https and opens its WebSocket over wss, a password login works, and a verifier weaker than the server wants is
 * upgraded by the page (a rekey, computed in the browser, only inside TLS). Plain http on the same port still works.
 */
class WebTlsIT {
    private static final String PASSWORD = "over tls";

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void thePageAndItsWebSocketComeOverTlsAndALoginThereIsUpgraded() throws Exception {
        DevCertificate.create("localhost", List.of(InetAddress.getByName("127.0.0.1")),
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)))
                .write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        var tls = TlsContexts.server(dir.resolve("cert.pem").toFile(), dir.resolve("key.pem").toFile());
        UserStore store = cleanup.add(UserStore.open(dir.resolve("users.db"), Clock.systemUTC()));
        // Stored with fewer PBKDF2 iterations than the server wants: a login over TLS is asked for a stronger one.
        store.add("eve", Verifier.derive(PASSWORD, 4096, new SecureRandom()));
        AuthConfig config = AuthConfig.defaults(AuthMode.OPTIONAL).withIterations(5000);
        Authenticator authenticator = cleanup.add(new Authenticator(store, config, Clock.systemUTC()));
        int port = Ports.freeForTcpAndUdp(Ports.loopback(100));
        cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                .withSecurity(ServerSecurity.none().withAuthenticator(authenticator).withTls(tls, false)),
                ServerEvents.NONE));
        RawLineClient witness = RawV2User.join(cleanup, 100, port, "witness");

        ChatPage page = new ChatPage(cleanup.add(new HeadlessChromium(1100, 800, true)))
                .open("https://127.0.0.1:" + port + "/");
        assertThat(page.browser.script("return location.protocol + ' ' + window.isSecureContext"))
                .isEqualTo("https: true");
        page.join("eve", PASSWORD).awaitJoined();
        page.type("from https");
        witness.awaitLineContaining("\"from\":\"eve\",\"text\":\"from https\"");
        Await.until("eve's verifier upgraded by the page", () -> iterations(store, "eve"), n -> n == 5000);
        assertThat(store.find("eve").orElseThrow().verifier().matches(PASSWORD)).isTrue();

        // The same port still serves plain http to whoever asks for it.
        assertThat(RawHttp.request(port, "GET", "/").status()).isEqualTo(200);
    }

    private static int iterations(UserStore store, String name) {
        try {
            return store.find(name).orElseThrow().verifier().iterations();
        } catch (chatlab.auth.UserStoreException e) {
            throw new AssertionError(e);
        }
    }
}

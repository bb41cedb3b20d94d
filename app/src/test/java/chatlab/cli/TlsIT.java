package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.client.tls.KnownServers;
import chatlab.client.tls.TlsHandshakeException;
import chatlab.client.tls.TlsSettings;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.server.ServerSecurity;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on the shared port: pinned, trusted on first use, wrong pin, expired, required, and lab clients still served. */
class TlsIT {
    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private DevCertificate certificate(String file, Instant notBefore, Instant notAfter) throws Exception {
        DevCertificate certificate = DevCertificate.create("localhost",
                List.of(InetAddress.getByName("127.0.0.1")), notBefore, notAfter);
        certificate.write(dir.resolve(file + "-cert.pem"), dir.resolve(file + "-key.pem"));
        return certificate;
    }

    private ChatServer server(String file, boolean requireTls) throws Exception {
        var tls = TlsContexts.server(dir.resolve(file + "-cert.pem").toFile(), dir.resolve(file + "-key.pem").toFile());
        return cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(0)
                .withSecurity(ServerSecurity.none().withTls(tls, requireTls)), ServerEvents.NONE));
    }

    private V2ClientSession client(ChatServer server, int octet, Optional<String> pin, RecordingClientOutput out) {
        ClientConfig config = ClientConfig.of("localhost").withPort(server.port())
                .withBindAddress(Optional.of(Ports.loopback(octet))).withUdpPort(0)
                .withTls(Optional.of(new TlsSettings(pin, new KnownServers(dir.resolve("known_servers")))));
        return cleanup.add(new V2ClientSession(config, out));
    }

    private static Instant now() {
        return Instant.now();
    }

    @Test
    void aPinnedClientChatsOverTlsAndALabClientIsServedOnTheSamePort() throws Exception {
        DevCertificate certificate = certificate("good", now().minusSeconds(60), now().plus(Duration.ofDays(1)));
        ChatServer server = server("good", false);
        RawLabClient lab = cleanup.add(RawLabClient.connect(Ports.loopback(131), server.port()));
        lab.send("labby");
        lab.awaitContains("\"labby\"");

        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession alice = client(server, 132, Optional.of(certificate.fingerprint()), out);
        alice.start("alice");
        Await.until("alice to be welcomed over TLS", out::lines, lines -> alice.registered().isDone());
        alice.submit("over TLS");
        lab.awaitEndsWith("alice: over TLS ");
        lab.send("plain text back");
        Await.until("alice to get the lab message", () -> out.has("message labby [plain text back]"));
    }

    @Test
    void aWrongPinIsRefusedWithBothFingerprints() throws Exception {
        DevCertificate certificate = certificate("good", now().minusSeconds(60), now().plus(Duration.ofDays(1)));
        ChatServer server = server("good", false);
        String wrong = "00:".repeat(31) + "00";
        V2ClientSession alice = client(server, 133, Optional.of(wrong), new RecordingClientOutput());
        assertThatThrownBy(() -> alice.start("alice"))
                .isInstanceOf(TlsHandshakeException.class)
                .hasMessageContaining("does not match the pin: its SHA-256 fingerprint is " + certificate.fingerprint());
    }

    @Test
    void anExpiredCertificateIsRefusedEvenWhenPinned() throws Exception {
        DevCertificate expired = certificate("old", now().minus(Duration.ofDays(30)), now().minus(Duration.ofDays(1)));
        ChatServer server = server("old", false);
        V2ClientSession alice = client(server, 134, Optional.of(expired.fingerprint()), new RecordingClientOutput());
        assertThatThrownBy(() -> alice.start("alice")).isInstanceOf(TlsHandshakeException.class)
                .hasMessageContaining("expired on");
    }

    @Test
    void anUnknownCertificateIsOfferedForTrustOnFirstUseThenRemembered() throws Exception {
        DevCertificate certificate = certificate("good", now().minusSeconds(60), now().plus(Duration.ofDays(1)));
        ChatServer server = server("good", false);
        V2ClientSession first = client(server, 135, Optional.empty(), new RecordingClientOutput());
        TlsHandshakeException refused = (TlsHandshakeException) catchStart(first);
        assertThat(refused.untrusted()).get().extracting(u -> u.fingerprint()).isEqualTo(certificate.fingerprint());

        new KnownServers(dir.resolve("known_servers")).remember("localhost:" + server.port(), certificate.fingerprint());
        V2ClientSession second = client(server, 136, Optional.empty(), new RecordingClientOutput());
        second.start("bob");
        second.registered().get(20, TimeUnit.SECONDS);

        // The server's certificate changes: the remembered one no longer matches, and the client says so loudly.
        server.close();
        certificate("other", now().minusSeconds(60), now().plus(Duration.ofDays(1)));
        var tls = TlsContexts.server(dir.resolve("other-cert.pem").toFile(), dir.resolve("other-key.pem").toFile());
        ChatServer impostor = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(server.port())
                .withSecurity(ServerSecurity.none().withTls(tls, false)), ServerEvents.NONE));
        V2ClientSession third = client(impostor, 137, Optional.empty(), new RecordingClientOutput());
        assertThatThrownBy(() -> third.start("carol")).hasMessageContaining("CHANGED since you trusted it");
    }

    private static Exception catchStart(V2ClientSession session) {
        try {
            session.start("someone");
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the start should have failed");
    }

    @Test
    void overTlsAWeakVerifierIsUpgradedAtLoginWithoutThePasswordCrossingTheWire() throws Exception {
        DevCertificate certificate = certificate("good", now().minusSeconds(60), now().plus(Duration.ofDays(1)));
        chatlab.auth.UserStore store = cleanup.add(chatlab.auth.UserStore.open(dir.resolve("users.db"), java.time.Clock.systemUTC()));
        store.add("alice", chatlab.auth.Verifier.derive("correct horse battery", 4096, new java.security.SecureRandom()));
        chatlab.auth.Authenticator authenticator = cleanup.add(new chatlab.auth.Authenticator(store,
                chatlab.auth.AuthConfig.defaults(chatlab.auth.AuthMode.REQUIRED).withIterations(8192), java.time.Clock.systemUTC()));
        var tls = TlsContexts.server(dir.resolve("good-cert.pem").toFile(), dir.resolve("good-key.pem").toFile());
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(0)
                .withSecurity(ServerSecurity.none().withAuthenticator(authenticator).withTls(tls, true)), ServerEvents.NONE));
        ClientConfig config = ClientConfig.of("localhost").withPort(server.port())
                .withBindAddress(Optional.of(Ports.loopback(140))).withUdpPort(0)
                .withTls(Optional.of(new TlsSettings(Optional.of(certificate.fingerprint()),
                        new KnownServers(dir.resolve("known_servers")))));
        V2ClientSession alice = cleanup.add(new V2ClientSession(config, new RecordingClientOutput(),
                (n, why) -> Optional.empty(), "correct horse battery"));
        alice.start("alice");
        alice.registered().get(20, TimeUnit.SECONDS);
        Await.until("the verifier to be upgraded", () -> {
            try {
                return store.find("alice").orElseThrow().verifier().iterations() == 8192;
            } catch (chatlab.auth.UserStoreException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(store.find("alice").orElseThrow().verifier().matches("correct horse battery")).isTrue();
    }

    @Test
    void requireTlsRefusesPlainV2LoginsButServesLabClients() throws Exception {
        certificate("good", now().minusSeconds(60), now().plus(Duration.ofDays(1)));
        ChatServer server = server("good", true);
        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession plain = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(server.port())
                .withBindAddress(Optional.of(Ports.loopback(138))).withUdpPort(0), out));
        plain.start("alice");
        assertThat(plain.ended().get(20, TimeUnit.SECONDS))
                .isEqualTo("this server accepts v2 logins only over TLS; connect with --tls");
        RawLabClient lab = cleanup.add(RawLabClient.connect(Ports.loopback(139), server.port()));
        lab.send("labby");
        lab.awaitReceived(RawLabClient.paddedMap("!{\"labby\": \"127.0.0.139\"}"));
    }
}

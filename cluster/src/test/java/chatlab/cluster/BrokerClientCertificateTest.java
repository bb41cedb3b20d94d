package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.testkit.NatsBroker;
import chatlab.testkit.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster-tls-cert} and {@code --cluster-tls-key} against a real nats-server that asks every client for a
 * certificate its CA signed ({@code --tlsverify --tlscacert}): joined with the client certificate, refused without it
 * or with one another CA signed. A bad certificate or key file is one line naming it, never quoting the key.
 */
class BrokerClientCertificateTest extends OwnBrokersTest {
    private NatsLink link(String url, BrokerFiles files) throws Exception {
        return link(ClusterConfig.of(List.of(url)).withAccess(BrokerAccess.load(files)));
    }

    private NatsLink refusedLink(String url, BrokerFiles files) throws Exception {
        return link(ClusterConfig.of(List.of(url)).withAccess(BrokerAccess.load(files))
                .withRequestTimeout(REFUSAL_TIMEOUT));
    }

    private NatsLink link(ClusterConfig config) throws Exception {
        return open.add(NatsLink.connect(config, "client certificate test"));
    }

    @Test
    void aBrokerThatAsksForAClientCertificateIsJoinedWithOneItsCaSignedAndRefusedWithout() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued brokerCertificate = ca.issue("broker", "ip:127.0.0.1");
        NatsBroker broker = open.add(NatsBroker.start(dir.resolve("broker"), List.of("--tls", "--tlscert",
                brokerCertificate.certificate().toString(), "--tlskey", brokerCertificate.key().toString(),
                "--tlsverify", "--tlscacert", ca.certificate().toString())));
        TestCa.Issued client = ca.issueClient("chatlab-server");
        BrokerFiles trusting = BrokerFiles.none().withTlsCa(ca.certificate());

        NatsLink link = link(broker.tlsUrl(), trusting.withClientCertificate(client.certificate(), client.key()));
        assertThat(link.state()).isEqualTo(NatsLink.State.CONNECTED);
        BrokerAccessTest.roundTrip(link);

        // The broker ends the handshake; jnats sees only a timeout, the link says what the broker asked for.
        assertThatThrownBy(() -> refusedLink(broker.tlsUrl(), trusting)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("Unable to connect to NATS servers: [" + broker.tlsUrl() + "] (the broker "
                        + "asked for this server's TLS certificate and it has none");
        TestCa.Issued stranger = TestCa.create(dir.resolve("other-ca")).issueClient("stranger");
        assertThatThrownBy(() -> refusedLink(broker.tlsUrl(),
                trusting.withClientCertificate(stranger.certificate(), stranger.key())))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Unable to connect to NATS servers: [" + broker.tlsUrl() + "] (the broker "
                        + "asked for this server's TLS certificate and did not take the one it showed (is it signed "
                        + "by a CA the broker trusts, and still valid?)");
    }

    @Test
    void aBadCertificateOrKeyFileIsAnErrorNamingIt() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued client = ca.issueClient("client");
        TestCa.Issued other = ca.issueClient("other");

        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> load(missing, client.key())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the TLS client certificate file " + missing + ": no such file");
        assertThatThrownBy(() -> load(client.certificate(), missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the TLS client key file " + missing + ": no such file");
        Path notes = Files.writeString(dir.resolve("notes.pem"), "not a certificate\n");
        assertThatThrownBy(() -> load(notes, client.key())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the TLS client certificate file " + notes + ": ");
        // The certificate where the key should be.
        assertThatThrownBy(() -> load(client.certificate(), client.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the TLS client key file " + client.certificate() + ": it holds no PEM private "
                        + "key (-----BEGIN PRIVATE KEY-----)");
        assertThatThrownBy(() -> load(client.certificate(), other.key())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the TLS client key file " + other.key() + ": it is not the private key of the "
                        + "certificate in " + client.certificate());

        String body = Files.readString(client.key()).replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "").strip();
        Path sec1 = Files.writeString(dir.resolve("sec1.pem"),
                "-----BEGIN EC PRIVATE KEY-----\n" + body + "\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> load(client.certificate(), sec1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the TLS client key file " + sec1 + ": its key is PKCS#1 or SEC1 (BEGIN RSA or "
                        + "EC PRIVATE KEY), not PKCS#8; convert it with openssl pkcs8 -topk8 -nocrypt -in " + sec1
                        + " -out key.pem");
        Path garbled = Files.writeString(dir.resolve("garbled.pem"),
                "-----BEGIN PRIVATE KEY-----\n" + body.substring(0, 40) + "\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> load(client.certificate(), garbled)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the TLS client key file " + garbled + ": ")
                .hasMessageNotContaining(body.substring(0, 40));
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        assertThatThrownBy(() -> BrokerFiles.none().withClientCertificate(dir.resolve("client.pem"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a TLS client certificate needs its key, and a key its certificate");
    }

    @Test
    void aKeyFileOthersMayReadIsWarnedOf() throws Exception {
        TestCa.Issued client = TestCa.create(dir.resolve("ca")).issueClient("client");
        Files.setPosixFilePermissions(client.key(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(BrokerFiles.none().withClientCertificate(client.certificate(), client.key()).looseModes())
                .containsExactly("the TLS client key file " + client.key() + " may be read by others than its owner "
                        + "(rw-r--r--): whoever reads it can join the cluster as this server; chmod 600 "
                        + client.key());
    }

    private static BrokerAccess load(Path certificate, Path key) {
        return BrokerAccess.load(BrokerFiles.none().withClientCertificate(certificate, key));
    }
}

package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.testkit.NatsBroker;
import chatlab.testkit.TestCa;
import io.nats.client.NKey;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster-tls-ca} and {@code --cluster-nkey} against a real nats-server on the loopback: a TLS broker whose
 * certificate the test's CA signed is joined with that CA and refused without it (the JVM's default CAs do not know
 * it) and when its certificate names another host; a broker that lists the test's user NKey is joined with its seed
 * and refused without it or with another user's. Bad files are errors naming the file, never quoting the seed.
 */
class BrokerAccessTest extends OwnBrokersTest {
    private NatsLink link(String url, BrokerAccess access) throws Exception {
        return open.add(NatsLink.connect(ClusterConfig.of(List.of(url)).withAccess(access), "access test"));
    }

    private NatsLink refusedLink(String url, BrokerAccess access) throws Exception {
        return open.add(NatsLink.connect(ClusterConfig.of(List.of(url)).withAccess(access)
                .withRequestTimeout(REFUSAL_TIMEOUT), "access test"));
    }

    /** A message there and back through the broker: the link works, not only its handshake. */
    static void roundTrip(NatsLink link) throws Exception {
        Subscription subscription = link.connection().subscribe("chatlab.test.access");
        link.connection().publish("chatlab.test.access", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(subscription.nextMessage(Duration.ofSeconds(10)).getData())
                .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    private NatsBroker tlsBroker(TestCa.Issued certificate) throws IOException {
        return open.add(NatsBroker.start(dir.resolve("broker"), List.of("--tls", "--tlscert",
                certificate.certificate().toString(), "--tlskey", certificate.key().toString())));
    }

    @Test
    void aTlsBrokerIsJoinedWithItsCaAndRefusedWithoutIt() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        NatsBroker broker = tlsBroker(ca.issue("broker", "ip:127.0.0.1"));

        NatsLink link = link(broker.tlsUrl(), BrokerAccess.load(ca.certificate(), null));
        assertThat(link.state()).isEqualTo(NatsLink.State.CONNECTED);
        roundTrip(link);
        // The CA makes the link TLS whatever the URL's scheme.
        roundTrip(link(broker.url(), BrokerAccess.load(ca.certificate(), null)));

        assertThatThrownBy(() -> link(broker.tlsUrl(), BrokerAccess.none())).isInstanceOf(IOException.class)
                .hasMessageContaining("(unable to find valid certification path to requested target)");
    }

    @Test
    void aCertificateOurCaSignedForAnotherHostIsRefused() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        NatsBroker broker = tlsBroker(ca.issue("elsewhere", "dns:elsewhere.test"));

        assertThatThrownBy(() -> link(broker.tlsUrl(), BrokerAccess.load(ca.certificate(), null)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("(No subject alternative names matching IP address 127.0.0.1 found)");
    }

    @Test
    void aBrokerThatListsTheUsersNKeyIsJoinedWithItsSeedAndRefusedWithoutIt() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        NatsBroker broker = open.add(NatsBroker.startForNKeyUser(dir.resolve("broker"),
                new String(user.getPublicKey())));
        Path seed = seedFile("user.nk", "# a NATS user seed\n" + new String(user.getSeed()) + "\n");

        NatsLink link = link(broker.url(), BrokerAccess.load(null, seed));
        assertThat(link.state()).isEqualTo(NatsLink.State.CONNECTED);
        roundTrip(link);

        assertThatThrownBy(() -> refusedLink(broker.url(), BrokerAccess.none())).isInstanceOf(IOException.class)
                .hasMessageContaining("Authorization Violation");
        Path stranger = seedFile("stranger.nk", new String(NKey.createUser(new SecureRandom()).getSeed()));
        assertThatThrownBy(() -> refusedLink(broker.url(), BrokerAccess.load(null, stranger)))
                .isInstanceOf(IOException.class).hasMessageContaining("Authorization Violation");
    }

    private Path seedFile(String name, String text) throws IOException {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void aBadCaFileIsAnErrorNamingIt() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> BrokerAccess.load(missing, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the CA certificate file " + missing + ": no such file");
        Path text = Files.writeString(dir.resolve("notes.pem"), "not a certificate\n");
        assertThatThrownBy(() -> BrokerAccess.load(text, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the CA certificate file " + text + ": ");
    }

    @Test
    void aBadSeedFileIsAnErrorNamingItAndNeverQuotingTheSeed() throws Exception {
        Path missing = dir.resolve("missing.nk");
        assertThatThrownBy(() -> BrokerAccess.load(null, missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the NKey seed file " + missing + ": no such file");

        String account = new String(NKey.createAccount(new SecureRandom()).getSeed());
        Path accountSeed = seedFile("account.nk", account + "\n");
        assertThatThrownBy(() -> BrokerAccess.load(null, accountSeed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the NKey seed file " + accountSeed + ": it holds no NATS user seed (a line of 58 "
                        + "characters starting with SU)");

        String seed = new String(NKey.createUser(new SecureRandom()).getSeed());
        String broken = seed.substring(0, 20) + (seed.charAt(20) == 'A' ? 'B' : 'A') + seed.substring(21);
        Path brokenSeed = seedFile("broken.nk", broken + "\n");
        assertThatThrownBy(() -> BrokerAccess.load(null, brokenSeed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the NKey seed file " + brokenSeed + ": its seed is not a valid")
                .hasMessageNotContaining(broken.substring(2, 40))
                .hasNoCause();
    }

    @Test
    void aSeedFileOthersMayReadIsWarnedOf() throws Exception {
        Path seed = seedFile("user.nk", new String(NKey.createUser(new SecureRandom()).getSeed()) + "\n");
        assertThat(UserNKey.looseModes(seed)).isEmpty();
        Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(UserNKey.looseModes(seed)).contains("the NKey seed file " + seed + " may be read by others than its "
                + "owner (rw-r--r--): whoever reads it can join the cluster as this server; chmod 600 " + seed);
    }
}

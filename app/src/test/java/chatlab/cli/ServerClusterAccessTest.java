package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.testkit.NatsBroker;
import io.nats.client.NKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code chatlab server --cluster-tls-ca FILE --cluster-tls-cert FILE --cluster-tls-key FILE --cluster-nkey FILE
 * --cluster-creds FILE}: a bad file, or options that do not go together, are one line and exit status 2 before
 * anything starts; a broker that refuses the server is a user error saying why, and the seed lets the server in (the
 * TLS side, the credentials file and the client certificate are tested on the link, {@code BrokerAccessTest},
 * {@code BrokerCredentialsTest}, {@code BrokerClientCertificateTest}).
 */
class ServerClusterAccessTest extends ClusterBrokerTest {
    @Test
    void aMissingOrWrongFileIsAUsageErrorOfOneLineNamingIt() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThat(run(2, "server", "--cluster", "nats://127.0.0.1:1", "--cluster-tls-ca", missing.toString()))
                .isEqualTo("chatlab: cannot use the CA certificate file " + missing + ": no such file"
                        + System.lineSeparator());
        Path notASeed = Files.writeString(dir.resolve("user.nk"), "not a seed\n");
        assertThat(run(2, "server", "--cluster", "nats://127.0.0.1:1", "--cluster-nkey", notASeed.toString()))
                .isEqualTo("chatlab: cannot use the NKey seed file " + notASeed + ": it holds no NATS user seed (a line "
                        + "of 58 characters starting with SU)" + System.lineSeparator());
        assertThat(run(2, "server", "--cluster-nkey", notASeed.toString()))
                .isEqualTo("chatlab: --cluster-nkey needs --cluster" + System.lineSeparator());

        Path notCreds = Files.writeString(dir.resolve("user.creds"), "not credentials\n");
        assertThat(run(2, "server", "--cluster", "nats://127.0.0.1:1", "--cluster-creds", notCreds.toString()))
                .isEqualTo("chatlab: cannot use the NATS credentials file " + notCreds + ": it is not a NATS "
                        + "credentials file (it needs a -----BEGIN NATS USER JWT----- section and a -----BEGIN USER "
                        + "NKEY SEED----- section, as nsc generate creds writes)" + System.lineSeparator());
        assertThat(run(2, "server", "--cluster-creds", notCreds.toString()))
                .isEqualTo("chatlab: --cluster-creds needs --cluster" + System.lineSeparator());
        assertThat(run(2, "server", "--cluster", "nats://127.0.0.1:1", "--cluster-creds", notCreds.toString(),
                "--cluster-nkey", notASeed.toString()))
                .isEqualTo("chatlab: --cluster-creds and --cluster-nkey are two ways to log in to the brokers: give "
                        + "one" + System.lineSeparator());

        Path missingKey = dir.resolve("client-key.pem");
        assertThat(run(2, "server", "--cluster", "nats://127.0.0.1:1", "--cluster-tls-cert", notASeed.toString()))
                .isEqualTo("chatlab: --cluster-tls-cert and --cluster-tls-key go together: the certificate and its "
                        + "private key" + System.lineSeparator());
        assertThat(run(2, "server", "--cluster", "nats://127.0.0.1:1", "--cluster-tls-cert", notASeed.toString(),
                "--cluster-tls-key", missingKey.toString()))
                .isEqualTo("chatlab: cannot use the TLS client certificate file " + notASeed + ": not PEM "
                        + "certificates (No certificate data found)" + System.lineSeparator());
    }

    @Test
    void aBrokerThatRefusesTheServerIsAUserErrorSayingWhyAndTheSeedLetsItIn() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        NatsBroker broker = cleanup.add(NatsBroker.startForNKeyUser(dir.resolve("broker"),
                new String(user.getPublicKey())));
        Path seed = Files.writeString(dir.resolve("user.nk"), new String(user.getSeed()) + "\n");
        Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-------"));

        ServerCommand refused = new ServerCommand();
        // The link fails only when its connect timeout (the request timeout, 5 s by default) is over, even after the
        // broker's "Authorization Violation", which comes within milliseconds on the loopback.
        new CommandLine(refused).parseArgs("--cluster", broker.url(), "--cluster-request-timeout", "2s");
        assertThatThrownBy(() -> refused.clusterLink(refused.clusterSetup())).isInstanceOf(UserError.class)
                .hasMessageStartingWith("cannot reach the cluster's broker at " + broker.url() + ": ")
                .hasMessageContaining("Authorization Violation")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(UserError.EXIT_USER_ERROR));

        ServerCommand admitted = new ServerCommand();
        new CommandLine(admitted).parseArgs("--cluster", broker.url(), "--cluster-nkey", seed.toString());
        try (chatlab.server.ClusterLink link = admitted.clusterLink(admitted.clusterSetup())) {
            assertThat(((NatsCluster) link).linkUp()).isTrue();
        }
    }
}

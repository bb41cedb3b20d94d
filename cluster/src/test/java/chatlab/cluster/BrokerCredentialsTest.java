package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.history.LoggedMessage;
import chatlab.protocol.v2.Wire;
import chatlab.testkit.NatsBroker;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster-creds} against a real nats-server in operator mode (the operator, its account with JetStream, and
 * the users made by {@link NatsOperator}, as nsc would): a user's credentials file joins the cluster, messages go
 * round and the room streams work; without it, or with a user of an account the broker does not know, the broker
 * refuses. A bad file is an error naming it, never quoting its seed.
 */
class BrokerCredentialsTest extends OwnBrokersTest {
    private static BrokerAccess creds(Path file) {
        return BrokerAccess.load(BrokerFiles.none().withCreds(file));
    }

    private NatsLink link(ClusterConfig config) throws Exception {
        return open.add(NatsLink.connect(config, "creds test"));
    }

    @Test
    void anOperatorModeBrokerIsJoinedWithACredsFileAndRefusedWithoutIt() throws Exception {
        NatsOperator operator = NatsOperator.create();
        NatsBroker broker = open.add(NatsBroker.start(dir.resolve("broker"),
                List.of("-c", operator.config(dir.resolve("broker")).toString())));
        ClusterConfig config = ClusterConfig.of(List.of(broker.url()))
                .withAccess(creds(operator.user(dir.resolve("chatlab.creds"))));

        NatsLink link = link(config);
        assertThat(link.state()).isEqualTo(NatsLink.State.CONNECTED);
        BrokerAccessTest.roundTrip(link);
        // JetStream in the account: the log makes its bucket and a room's stream, stores and reads back.
        JetStreamMessageLog log = open.add(JetStreamMessageLog.open(link, config));
        LoggedMessage said = new LoggedMessage("#general", 1, Instant.parse("2026-12-07T18:00:00Z"), "alice", Wire.V2,
                "a1", "hello through the operator's account", false);
        log.append(List.of(said)).get(30, TimeUnit.SECONDS);
        assertThat(log.last("#general", 10).get(30, TimeUnit.SECONDS)).containsExactly(said);

        ClusterConfig refused = ClusterConfig.of(List.of(broker.url())).withRequestTimeout(REFUSAL_TIMEOUT);
        assertThatThrownBy(() -> link(refused)).isInstanceOf(IOException.class)
                .hasMessageContaining("Authorization Violation");
        Path stranger = operator.userOfAnUnknownAccount(dir.resolve("stranger.creds"));
        assertThatThrownBy(() -> link(refused.withAccess(creds(stranger))))
                .isInstanceOf(IOException.class).hasMessageContaining("Authorization Violation");
    }

    @Test
    void aBadCredsFileIsAnErrorNamingItAndNeverQuotingTheSeed() throws Exception {
        Path missing = dir.resolve("missing.creds");
        assertThatThrownBy(() -> creds(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the NATS credentials file " + missing + ": no such file");

        Path seedOnly = Files.writeString(dir.resolve("seed-only.creds"),
                new String(NKey.createUser(new SecureRandom()).getSeed()) + "\n");
        assertThatThrownBy(() -> creds(seedOnly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the NATS credentials file " + seedOnly + ": it is not a NATS credentials file "
                        + "(it needs a -----BEGIN NATS USER JWT----- section and a -----BEGIN USER NKEY SEED----- "
                        + "section, as nsc generate creds writes)");

        NatsOperator operator = NatsOperator.create();
        Path good = operator.user(dir.resolve("good.creds"));
        String text = Files.readString(good);
        String jwt = text.lines().skip(1).findFirst().orElseThrow();
        String seed = text.lines().filter(l -> l.startsWith("SU")).findFirst().orElseThrow();

        String brokenSeed = seed.substring(0, 20) + (seed.charAt(20) == 'A' ? 'B' : 'A') + seed.substring(21);
        Path broken = NatsOperator.creds(dir.resolve("broken.creds"), jwt, brokenSeed);
        assertThatThrownBy(() -> creds(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the NATS credentials file " + broken + ": its seed is not a valid NATS NKey "
                        + "seed (a character or its checksum is wrong)")
                .hasNoCause();

        Path accountSeed = NatsOperator.creds(dir.resolve("account.creds"), jwt,
                new String(NKey.createAccount(new SecureRandom()).getSeed()));
        assertThatThrownBy(() -> creds(accountSeed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the NATS credentials file " + accountSeed + ": its seed is not a user's (a "
                        + "user seed starts with SU)");

        NKey other = NKey.createUser(new SecureRandom());
        Path mixed = NatsOperator.creds(dir.resolve("mixed.creds"), jwt, new String(other.getSeed()));
        assertThatThrownBy(() -> creds(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the NATS credentials file " + mixed + ": its JWT is for the user U")
                .hasMessageEndingWith(" but its seed is the user " + new String(other.getPublicKey()) + "'s");

        Path garbled = NatsOperator.creds(dir.resolve("garbled.creds"), "not-a-jwt", seed);
        assertThatThrownBy(() -> creds(garbled)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use the NATS credentials file " + garbled + ": its JWT is not a valid JWT (three "
                        + "base64url parts, the middle one JSON)");

        Path expired = operator.expiredUser(dir.resolve("expired.creds"));
        assertThatThrownBy(() -> creds(expired)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the NATS credentials file " + expired + ": its JWT expired at ");

        for (Path file : List.of(broken, accountSeed, mixed, garbled)) {
            String secret = Files.readString(file).lines().filter(l -> l.startsWith("S")).findFirst().orElseThrow();
            assertThatThrownBy(() -> creds(file)).hasMessageNotContaining(secret.substring(2, 40));
        }
    }

    @Test
    void aCredsFileGivenWithAnNKeyIsRefused() {
        assertThatThrownBy(() -> BrokerFiles.none().withNKey(dir.resolve("user.nk")).withCreds(dir.resolve("u.creds")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an NKey seed and a credentials file are two logins: give one");
    }

    @Test
    void aCredsFileOthersMayReadIsWarnedOf() throws Exception {
        Path file = NatsOperator.create().user(dir.resolve("chatlab.creds"));
        BrokerFiles files = BrokerFiles.none().withCreds(file);
        assertThat(files.looseModes()).isEmpty();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(files.looseModes()).containsExactly("the NATS credentials file " + file + " may be read by others "
                + "than its owner (rw-r-----): whoever reads it can join the cluster as this server; chmod 600 "
                + file);
    }
}

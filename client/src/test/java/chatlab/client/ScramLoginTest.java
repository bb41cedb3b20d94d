package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The client side of SCRAM-SHA-256 against a server written out here from RFC 5802 section 3. */
class ScramLoginTest {
    private static final ScramMechanism SHA_256 = ScramMechanism.SCRAM_SHA_256;
    private static final String PASSWORD = "correct horse battery";
    private static final byte[] SALT = "sixteen byte salt".getBytes(StandardCharsets.US_ASCII);

    /** One server side of an exchange: the messages it sends and what it checks. */
    private static final class Server {
        final String clientFirstBare;
        final String serverFirst;
        final byte[] storedKey;
        final byte[] serverKey;

        Server(String clientFirst, int iterations, String password) {
            clientFirstBare = clientFirst.substring(clientFirst.indexOf("n="));
            String clientNonce = clientFirstBare.substring(clientFirstBare.indexOf(",r=") + 3);
            serverFirst = "r=" + clientNonce + "servernonce,s=" + Base64.getEncoder().encodeToString(SALT)
                    + ",i=" + iterations;
            byte[] salted = ScramFunctions.saltedPassword(SHA_256, StringPreparation.SASL_PREPARATION,
                    password.toCharArray(), SALT, iterations);
            storedKey = ScramFunctions.storedKey(SHA_256, ScramFunctions.clientKey(SHA_256, salted));
            serverKey = ScramFunctions.serverKey(SHA_256, salted);
        }

        private String authMessage(String clientFinal) {
            return clientFirstBare + "," + serverFirst + "," + clientFinal.substring(0, clientFinal.indexOf(",p="));
        }

        boolean proofChecksOut(String clientFinal) {
            byte[] proof = Base64.getDecoder().decode(clientFinal.substring(clientFinal.indexOf(",p=") + 3));
            return ScramFunctions.verifyClientProof(SHA_256, proof, storedKey, authMessage(clientFinal));
        }

        String serverFinal(String clientFinal) {
            return "v=" + Base64.getEncoder().encodeToString(
                    ScramFunctions.serverSignature(SHA_256, serverKey, authMessage(clientFinal)));
        }
    }

    /** A login through to the server's proof. */
    private static ScramLogin loggedIn(int iterations) throws Exception {
        ScramLogin login = new ScramLogin(PASSWORD);
        Server server = new Server(login.clientFirst("alice"), iterations, PASSWORD);
        String clientFinal = login.answer(server.serverFirst).clientFinal();
        login.checkServer(server.serverFinal(clientFinal));
        return login;
    }

    @Test
    void aGuestSendsNoLoginAndTakesNoChallenge() throws Exception {
        ScramLogin guest = new ScramLogin(null);
        assertThat(guest.clientFirst("alice")).isNull();
        guest.checkServer(null);
        assertThatThrownBy(() -> guest.answer("r=abc,s=c2FsdA==,i=4096")).isInstanceOf(ScramLogin.Failure.class)
                .hasMessage("the server sent a login challenge this client did not ask for");
    }

    @Test
    void aLoginProvesThePasswordAndChecksTheServersProof() throws Exception {
        ScramLogin login = new ScramLogin(PASSWORD);
        String clientFirst = login.clientFirst("alice");
        assertThat(clientFirst).startsWith("n,,n=alice,r=").doesNotContain(PASSWORD);
        Server server = new Server(clientFirst, 4096, PASSWORD);
        ClientMessage.Proof proof = login.answer(server.serverFirst);
        assertThat(proof.clientFinal()).doesNotContain(PASSWORD);
        assertThat(server.proofChecksOut(proof.clientFinal())).isTrue();
        login.checkServer(server.serverFinal(proof.clientFinal()));
    }

    @Test
    void aLowIterationCountIsRefusedBeforeThePasswordIsUsed() {
        ScramLogin login = new ScramLogin(PASSWORD);
        Server server = new Server(login.clientFirst("alice"), 4095, PASSWORD);
        assertThatThrownBy(() -> login.answer(server.serverFirst)).isInstanceOf(ScramLogin.Failure.class)
                .hasMessage("the server asked for 4095 PBKDF2 iterations; at least 4096 are required (RFC 7677), so "
                        + "the password was not used");
        String noCount = server.serverFirst.substring(0, server.serverFirst.indexOf(",i="));
        assertThatThrownBy(() -> login.answer(noCount)).hasMessageStartingWith("the server asked for 0 PBKDF2");
        assertThatThrownBy(() -> login.answer(noCount + ",i=40960000000")).as("more digits than a count has")
                .hasMessageStartingWith("the server asked for 0 PBKDF2");
    }

    @Test
    void aHugeIterationCountIsRefusedBeforeThePasswordIsUsed() {
        ScramLogin login = new ScramLogin(PASSWORD);
        String serverFirst = new Server(login.clientFirst("alice"), 4096, PASSWORD).serverFirst;
        String huge = serverFirst.substring(0, serverFirst.indexOf(",i=")) + ",i=2147483647";
        assertThatThrownBy(() -> login.answer(huge)).isInstanceOf(ScramLogin.Failure.class)
                .hasMessage("the server asked for 2147483647 PBKDF2 iterations; this client computes at most 10000000, "
                        + "so the password was not used");
    }

    @Test
    void aChallengeWithSomeoneElsesNonceIsMalformed() {
        ScramLogin login = new ScramLogin(PASSWORD);
        login.clientFirst("alice");
        assertThatThrownBy(() -> login.answer("r=notournonce,s=" + Base64.getEncoder().encodeToString(SALT) + ",i=4096"))
                .isInstanceOf(ScramLogin.Failure.class)
                .hasMessageStartingWith("the server's login challenge is malformed: ");
    }

    @Test
    void aWelcomeWithoutTheServersProofEndsAPasswordLogin() {
        ScramLogin login = new ScramLogin(PASSWORD);
        Server server = new Server(login.clientFirst("alice"), 4096, PASSWORD);
        assertThatThrownBy(() -> {
            login.answer(server.serverFirst);
            login.checkServer(null);
        }).isInstanceOf(ScramLogin.Failure.class)
                .hasMessage("the server did not check your password, so it cannot prove it is the server you meant; "
                        + "the name is not protected there (join without a password to chat as a guest)");
    }

    @Test
    void aServerThatDoesNotKnowThePasswordCannotProveItself() {
        ScramLogin login = new ScramLogin(PASSWORD);
        Server impostor = new Server(login.clientFirst("alice"), 4096, "another password");
        assertThatThrownBy(() -> {
            String clientFinal = login.answer(impostor.serverFirst).clientFinal();
            assertThat(impostor.proofChecksOut(clientFinal)).isFalse();
            login.checkServer(impostor.serverFinal(clientFinal));
        }).isInstanceOf(ScramLogin.Failure.class)
                .hasMessageStartingWith("the server could not prove it knows your password (")
                .hasMessageEndingWith("); it may not be the server you meant to reach");
    }

    @Test
    void aRekeyBeforeTheWelcomeWaitsForTheServersProof() throws Exception {
        ScramLogin login = new ScramLogin(PASSWORD);
        Server server = new Server(login.clientFirst("alice"), 4096, PASSWORD);
        String clientFinal = login.answer(server.serverFirst).clientFinal();
        ServerMessage.Rekey rekey = new ServerMessage.Rekey(Base64.getEncoder().encodeToString(SALT), 8192);
        assertThat(login.rekey(rekey, false, true)).isEqualTo(ScramLogin.RekeyAnswer.LATER);

        login.checkServer(server.serverFinal(clientFinal));
        assertThat(login.takeEarlyRekey()).contains(rekey);
        assertThat(login.takeEarlyRekey()).as("once").isEmpty();
        assertThat(login.rekey(rekey, false, true)).isEqualTo(ScramLogin.RekeyAnswer.ANSWER);
    }

    @Test
    void aRekeyIsAnsweredOnlyInsideTlsToAVerifiedServerAndOnlyForAStrongerVerifier() throws Exception {
        String salt = Base64.getEncoder().encodeToString(SALT);
        ScramLogin login = loggedIn(10_000);
        assertThat(login.rekey(new ServerMessage.Rekey(salt, 20_000), true, false)).as("in clear")
                .isEqualTo(ScramLogin.RekeyAnswer.DECLINE);
        assertThat(login.rekey(new ServerMessage.Rekey(salt, 9_999), true, true)).as("weaker than the login's")
                .isEqualTo(ScramLogin.RekeyAnswer.DECLINE);
        assertThat(login.rekey(new ServerMessage.Rekey(salt, 10_000), true, true))
                .isEqualTo(ScramLogin.RekeyAnswer.ANSWER);

        ScramLogin guest = new ScramLogin(null);
        guest.clientFirst("alice");
        assertThat(guest.rekey(new ServerMessage.Rekey(salt, 20_000), true, true)).as("no password, no verifier")
                .isEqualTo(ScramLogin.RekeyAnswer.DECLINE);
    }

    @Test
    void aNewConnectionMustBeProvedAgain() throws Exception {
        ScramLogin login = loggedIn(4096);
        login.clientFirst("alice");
        ServerMessage.Rekey rekey = new ServerMessage.Rekey(Base64.getEncoder().encodeToString(SALT), 8192);
        assertThat(login.rekey(rekey, false, true)).isEqualTo(ScramLogin.RekeyAnswer.LATER);
    }

    @Test
    void theNewVerifierIsTheOneThePasswordMakesForTheSaltAndCount() throws Exception {
        ScramLogin login = loggedIn(4096);
        ClientMessage.Rekeyed rekeyed = login.verifier(new ServerMessage.Rekey(Base64.getEncoder().encodeToString(SALT),
                5000));
        Server expected = new Server("n,,n=alice,r=x", 5000, PASSWORD);
        assertThat(rekeyed.storedKey()).isEqualTo(Base64.getEncoder().encodeToString(expected.storedKey));
        assertThat(rekeyed.serverKey()).isEqualTo(Base64.getEncoder().encodeToString(expected.serverKey));
    }

    @Test
    void aPasswordIsAskedForOnceThenUsedOnTheNextConnection() {
        ScramLogin login = new ScramLogin(null);
        assertThat(login.awaitingPassword()).isFalse();
        assertThat(login.startAsking()).isTrue();
        assertThat(login.awaitingPassword()).isTrue();
        login.passwordGiven(PASSWORD);
        assertThat(login.awaitingPassword()).isFalse();
        assertThat(login.clientFirst("alice")).startsWith("n,,n=alice,r=");
        assertThat(login.startAsking()).as("the server still wants one: it did not take ours").isFalse();
    }
}

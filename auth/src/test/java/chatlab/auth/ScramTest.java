package chatlab.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ongres.scram.client.ScramClient;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScramTest {
    // RFC 7677 section 3: user "user", password "pencil".
    private static final String CLIENT_FIRST_BARE = "n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL_WITHOUT_PROOF = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private final SecureRandom random = new SecureRandom();

    @Test
    void theVerifierOfPencilChecksTheRfc7677ProofAndMakesItsServerSignature() {
        Verifier verifier = Verifier.derive("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        String authMessage = CLIENT_FIRST_BARE + "," + SERVER_FIRST + "," + CLIENT_FINAL_WITHOUT_PROOF;
        byte[] clientSignature = Scram.hmac(verifier.storedKey(), authMessage);
        byte[] clientKey = Scram.xor(Base64.getDecoder().decode(PROOF), clientSignature);
        assertThat(Scram.hash(clientKey)).isEqualTo(verifier.storedKey());
        assertThat(Base64.getEncoder().encodeToString(Scram.hmac(verifier.serverKey(), authMessage))).isEqualTo(SERVER_SIGNATURE);
        assertThat(verifier.matches("pencil")).isTrue();
        assertThat(verifier.matches("pencil ")).isFalse();
    }

    private ScramServerExchange exchange(Map<String, Verifier> accounts) {
        return new ScramServerExchange(name -> Optional.ofNullable(accounts.get(name)), new DecoyVerifiers(4096, random), random);
    }

    private static ScramClient client(String user, String password) {
        return ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username(user)
                .password(password.toCharArray()).build();
    }

    @Test
    void anIndependentClientLibraryLogsInAndVerifiesTheServer() throws Exception {
        Verifier verifier = Verifier.derive("correct horse", 4096, random);
        ScramServerExchange server = exchange(Map.of("alice", verifier));
        ScramClient client = client("alice", "correct horse");
        String serverFirst = server.serverFirst(client.clientFirstMessage().toString());
        client.serverFirstMessage(serverFirst);
        Optional<String> serverFinal = server.serverFinal(client.clientFinalMessage().toString());
        assertThat(serverFinal).isPresent();
        client.serverFinalMessage(serverFinal.get()); // throws if our signature were wrong
        assertThat(server.user()).isEqualTo("alice");
    }

    @Test
    void aWrongPasswordFails() throws Exception {
        ScramServerExchange server = exchange(Map.of("alice", Verifier.derive("correct horse", 4096, random)));
        ScramClient client = client("alice", "wrong horse");
        client.serverFirstMessage(server.serverFirst(client.clientFirstMessage().toString()));
        assertThat(server.serverFinal(client.clientFinalMessage().toString())).isEmpty();
    }

    @Test
    void anUnknownNameLooksTheSameUntilItFails() throws Exception {
        DecoyVerifiers decoys = new DecoyVerifiers(4096, random);
        ScramServerExchange a = new ScramServerExchange(n -> Optional.empty(), decoys, random);
        ScramServerExchange b = new ScramServerExchange(n -> Optional.empty(), decoys, random);
        String saltA = a.serverFirst("n,,n=ghost,r=abc").split(",")[1];
        String saltB = b.serverFirst("n,,n=ghost,r=def").split(",")[1];
        assertThat(saltA).isEqualTo(saltB).startsWith("s=");
        assertThat(a.serverFirst("n,,n=ghost,r=abc")).endsWith(",i=4096");
        ScramClient guesser = client("ghost", "guess");
        guesser.serverFirstMessage(a.serverFirst(guesser.clientFirstMessage().toString()));
        assertThat(a.serverFinal(guesser.clientFinalMessage().toString())).isEmpty();
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        ScramServerExchange server = exchange(Map.of());
        assertThatThrownBy(() -> server.serverFirst("p=tls-unique,,n=a,r=b")).hasMessageContaining("channel binding");
        assertThatThrownBy(() -> server.serverFirst("x,,n=a,r=b")).hasMessageContaining("GS2 header");
        assertThatThrownBy(() -> server.serverFirst("n,,r=b")).hasMessageContaining("n=USER,r=NONCE");
        assertThatThrownBy(() -> server.serverFinal("c=biws,r=x,p=AAAA")).hasMessageContaining("before client-first");
        assertThatThrownBy(() -> ScramServerExchange.unescapeName("a=2Cb=3Dc=zz")).hasMessageContaining("escape");
    }

    @Test
    void aReplayedClientFinalFailsAgainstANewNonce() throws Exception {
        Verifier verifier = Verifier.derive("pw", 4096, random);
        ScramServerExchange first = exchange(Map.of("alice", verifier));
        ScramClient client = client("alice", "pw");
        String clientFirst = client.clientFirstMessage().toString();
        client.serverFirstMessage(first.serverFirst(clientFirst));
        String clientFinal = client.clientFinalMessage().toString();
        assertThat(first.serverFinal(clientFinal)).isPresent();
        // A captured login played again: the server's new nonce no longer matches.
        ScramServerExchange replay = exchange(Map.of("alice", verifier));
        replay.serverFirst(clientFirst);
        assertThatThrownBy(() -> replay.serverFinal(clientFinal)).hasMessageContaining("nonce does not match");
    }

    @Test
    void saslPrepMapsSpacesAndNormalizes() {
        assertThat(SaslPrep.prepare("a\u00a0b")).isEqualTo("a b");
        assertThat(SaslPrep.prepare("I\u00adX")).isEqualTo("IX");
        assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");
        assertThatThrownBy(() -> SaslPrep.prepare("a\u0007")).hasMessageContaining("control");
    }
}

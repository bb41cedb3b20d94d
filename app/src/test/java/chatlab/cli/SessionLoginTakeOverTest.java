package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import com.ongres.scram.client.ScramClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SECURITY.md, *A session takes its own name back*: where a name belongs to an account, the login is checked
 * before the take-over. Someone who learnt alice's session (it crosses a network without TLS in clear) and sends it
 * without her password, or with a wrong one, is refused and alice's connection is left alone; only alice's own
 * login with that session moves her name.
 */
class SessionLoginTakeOverTest {
    private static final String SESSION = "s3ss10n-0f-al1ce_AAAAAAAA";

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();
    private final ClientMessageEncoder encoder = new ClientMessageEncoder();
    private final ServerMessageDecoder decoder = new ServerMessageDecoder();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /** A SCRAM login with the independent ongres client whose hello carries the session; the connection stays open. */
    private RawLineClient login(int port, int octet, String password) throws Exception {
        RawLineClient raw = cleanup.add(RawLineClient.connect(Ports.loopback(octet), port));
        ScramClient scram = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username("alice")
                .password(password.toCharArray()).build();
        raw.send(encoder.encode(new ClientMessage.Hello(2, "alice", "ongres-scram", 0, List.of(),
                scram.clientFirstMessage().toString(), null, null, SESSION)));
        ServerMessage.Challenge challenge = (ServerMessage.Challenge) decoder.decode(
                raw.awaitLineContaining("\"challenge\"").getBytes(StandardCharsets.UTF_8));
        scram.serverFirstMessage(challenge.serverFirst());
        raw.send(encoder.encode(new ClientMessage.Proof(scram.clientFinalMessage().toString())));
        raw.awaitLine("a welcome or an error", l -> l.contains("\"type\":\"welcome\"") || l.contains("\"type\":\"error\""));
        return raw;
    }

    @Test
    void theSameSessionWithoutThePasswordTakesNothingOver() throws Exception {
        List<String> logins = new CopyOnWriteArrayList<>();
        AuthServer auth = AuthServer.start(cleanup, dir,
                AuthConfig.defaults(AuthMode.REQUIRED).withIterations(AuthConfig.MIN_ITERATIONS), 0, logins,
                "alice", "alice's password");
        int port = auth.server().port();
        RawLineClient alice = login(port, 71, "alice's password");
        assertThat(alice.lines()).anyMatch(l -> l.contains("\"type\":\"welcome\""));

        RawLineClient noPassword = cleanup.add(RawLineClient.connect(Ports.loopback(72), port));
        noPassword.send(encoder.encode(new ClientMessage.Hello(2, "alice", "thief", 0, List.of(), null, null, null,
                SESSION)));
        assertThat(noPassword.awaitLineContaining("\"type\":\"error\"")).contains("\"code\":\"auth_required\"");
        noPassword.awaitClosedByServer();

        RawLineClient wrongPassword = login(port, 73, "a guess");
        assertThat(wrongPassword.awaitLineContaining("\"type\":\"error\"")).contains("\"code\":\"login_failed\"");
        wrongPassword.awaitClosedByServer();

        // alice was not disturbed: she is still alice, on her connection.
        alice.sendLine("{\"type\":\"say\",\"id\":\"a1\",\"text\":\"still me\"}");
        alice.awaitLineContaining("{\"type\":\"ack\",\"id\":\"a1\"");
        assertThat(alice.lines()).noneMatch(l -> l.contains("replaced"));
        assertThat(alice.closedByServer()).isFalse();

        // Her own login with the session does take the name over: the refusals above were the login's doing.
        RawLineClient aliceAgain = login(port, 74, "alice's password");
        assertThat(aliceAgain.lines()).anyMatch(l -> l.contains("\"type\":\"welcome\""));
        assertThat(alice.awaitLineContaining("\"code\":\"replaced\"")).contains("\"fatal\":true");
        alice.awaitClosedByServer();
        assertThat(logins).containsExactly("ok alice", "failed alice: wrong password", "ok alice");
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login attacks of issue 17 against a real server and user store, on the loopback: a guesser at one address
 * must not shut out anyone at another, nor learn which names are registered, nor lock an owner out of her account.
 */
class LoginAbuseIT {
    private static final String PROMPT =
            "server: password for the name you sent? Type it and press Enter (the lab wire sends it in clear text) ";
    private static final String FAILED = "server: login failed; closing the connection ";
    private static final String ADDRESS_BUSY = "server: too many logins from your address are under way (limit 4); "
            + "your password was not checked; try again in a few seconds ";

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();
    private final List<String> logins = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private static AuthConfig config(Duration firstDelay, Duration maxDelay, int lockoutFailures) {
        return AuthConfig.defaults(AuthMode.REQUIRED).withIterations(AuthConfig.MIN_ITERATIONS)
                .withDelays(firstDelay, maxDelay).withLockout(lockoutFailures, Duration.ofMinutes(5));
    }

    /** One lab login in one write (name, then password, each a line), answered and closed (or joined). */
    private RawLabClient labLogin(int octet, int port, String name, String password) throws Exception {
        RawLabClient client = cleanup.add(RawLabClient.connect(Ports.loopback(octet), port));
        client.send(name + "\n" + password + "\n");
        return client;
    }

    private void failOnce(int octet, int port, String name) throws Exception {
        RawLabClient guess = labLogin(octet, port, name, "a wrong guess");
        guess.awaitClosedByServer();
        assertThat(guess.receivedText()).isEqualTo(PROMPT + FAILED);
    }

    /**
     * The first attack: 16 lab logins from one address, each waiting out its failure delay, used to hold
     * all 16 password-check slots, and every other lab login failed at once with "login failed". Now that address
     * gets 4 logins under way and a distinct "busy" answer for the rest (not counted), and a user at another address
     * logs in every time.
     */
    @Test
    void sixteenSlowLoginsFromOneAddressShutOutNobodyElse() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(141), Ports.loopback(142));
        // chatlab's client (a JVM, slow to start on a busy machine) starts first: it reads its password from standard
        // input before it connects, so it comes from the guessers' address only once the password is typed, below,
        // and its start overlaps the first delay instead of eating into the time the guesses are under way.
        ScriptedProcess patient = cleanup.add(ChatlabJar.start("patient bob", "client", "--server", "127.0.0.1",
                "--port", Integer.toString(port), "--bind", "127.0.0.141", "--udp-port", "0", "--name", "bob",
                "--password-stdin"));
        // The address's logins are answered one after another, each after its delay, so the test takes about the
        // first delay and five of the longest (four guesses, then the patient client). The first guess is answered
        // after 5 s: until then the four slots are held, and the patient client (whose JVM has had that and the
        // first delay to start; connecting and being answered took under 1 s on a busy machine) must be told so.
        AuthServer.start(cleanup, dir, config(Duration.ofMillis(2500), Duration.ofSeconds(5), 100), port, logins,
                "alice", "alice's password", "bob", "bob's password");
        failOnce(141, port, "alice");
        failOnce(141, port, "alice"); // answered after 2.5 s; each of the guesser's next answers now waits 5 s
        List<RawLabClient> guesses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            guesses.add(labLogin(141, port, "alice", "guess " + i));
        }
        // While they wait: v2 from the same address is told it is busy, with its own code...
        assertThat(AuthServer.scramLogin(port, Ports.loopback(141), "bob", "bob's password"))
                .contains("\"code\":\"login_busy\"").contains("too many logins from your address are under way");
        // chatlab's client from that address is told the same, and tries again (with its backoff) until it gets in.
        patient.typeLine("bob's password");
        patient.awaitStdout("the server said: too many logins from your address are under way");
        // ...and bob, at another address, gets in every time, 6 of 6.
        for (int i = 0; i < 6; i++) {
            RawLabClient bob = labLogin(142, port, "bob", "bob's password");
            bob.awaitContains("\"bob\": \"127.0.0.142\"");
            assertThat(bob.receivedText()).startsWith(PROMPT + "!{");
            bob.close();
        }
        for (RawLabClient guess : guesses) {
            guess.awaitClosedByServer();
        }
        patient.awaitStdout("connected to 127.0.0.1 as bob");
        List<String> answers = guesses.stream().map(RawLabClient::receivedText).toList();
        assertThat(answers).filteredOn(text -> text.equals(PROMPT + FAILED)).hasSize(4);
        assertThat(answers).filteredOn(text -> text.equals(PROMPT + ADDRESS_BUSY)).hasSize(12);
        // Busy answers are not failures: two before, then only the four that were checked.
        assertThat(logins).filteredOn(l -> l.equals("failed alice: wrong password")).hasSize(6);
        Await.until("the patient client's login", () -> logins.stream().filter(l -> l.equals("ok bob")).count() == 7);
        patient.closeInput();
        assertThat(patient.awaitExit(Duration.ofSeconds(30))).as(patient.describe()).isZero();
    }

    /**
     * The second attack: under --auth required, a registered name followed by anything in the first write
     * got "send your name alone" and any other name the password prompt: about 900 probes a second told registered
     * names apart. Now every answer before the password, and the answer to it, is the same byte for byte, and counts
     * the same (a failure for the name either way).
     */
    @Test
    void everyAnswerReadsTheSameForRegisteredAndUnknownNames() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(150));
        AuthServer.start(cleanup, dir, config(Duration.ofMillis(50), Duration.ofMillis(200), 100), port, logins,
                "alice", "alice's password");
        String[][] firstWrites = {
            {"alice", "zed"},                                   // the name alone, as the lab client sends it
            {"alicealice's password", "zedalice's password"},   // name and password typed ahead, in one read
            {"alice\n", "zed\n"},                               // a line, as nc sends it
            {"alice x", "zed x"},
        };
        int octet = 150;
        for (String[] pair : firstWrites) {
            List<String> transcripts = new ArrayList<>();
            for (String first : pair) {
                RawLabClient client = cleanup.add(RawLabClient.connect(Ports.loopback(++octet), port));
                client.send(first);
                client.awaitReceived(PROMPT);
                client.send(first.endsWith("\n") ? "a wrong guess\n" : "a wrong guess");
                client.awaitClosedByServer();
                transcripts.add(client.receivedText());
            }
            assertThat(transcripts.get(0)).as(pair[0]).isEqualTo(transcripts.get(1)).isEqualTo(PROMPT + FAILED);
        }
        assertThat(logins).contains("failed alice: wrong password", "failed zed: no such user",
                "failed zed x: no such user", "failed zedalice's password: no such user");
        // A registered name with more behind it is logged without what follows: it may be the password.
        assertThat(logins).contains("failed alice (followed by 16 more characters, not logged: they may hold a password)"
                + ": no such user");
        assertThat(logins).noneMatch(l -> l.startsWith("failed alicealice's password"));
    }

    /**
     * The third attack: ten wrong guesses at alice from one address locked the real alice out on both
     * wires, and the address's lockout blocked every user behind it. Now only that address is locked out of alice:
     * alice logs in from elsewhere on both wires, and bob, behind the guesser's address, is only slowed.
     */
    @Test
    void theOwnerGetsInFromAnotherAddressWhileTheGuessersAddressIsLockedOut() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(161), Ports.loopback(162), Ports.loopback(163));
        AuthServer.start(cleanup, dir, config(Duration.ofMillis(50), Duration.ofMillis(200), 5), port, logins,
                "alice", "alice's password", "bob", "bob's password");
        for (int i = 0; i < 5; i++) {
            failOnce(161, port, "alice");
        }
        RawLabClient guesserWithThePassword = labLogin(161, port, "alice", "alice's password");
        guesserWithThePassword.awaitClosedByServer();
        assertThat(guesserWithThePassword.receivedText()).isEqualTo(PROMPT + FAILED);
        assertThat(logins).contains("failed alice: locked out after too many failures from this address");

        RawLabClient ownerOnTheLabWire = labLogin(162, port, "alice", "alice's password");
        ownerOnTheLabWire.awaitContains("\"alice\": \"127.0.0.162\"");
        ownerOnTheLabWire.close();
        assertThat(AuthServer.scramLogin(port, Ports.loopback(163), "alice", "alice's password"))
                .contains("\"type\":\"welcome\"");

        RawLabClient bobBehindTheGuesser = labLogin(161, port, "bob", "bob's password");
        bobBehindTheGuesser.awaitContains("\"bob\": \"127.0.0.161\"");
        assertThat(logins).containsSubsequence("ok alice", "ok alice", "ok bob");
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.auth.UserStore;
import chatlab.auth.Verifier;
import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.server.ChatServer;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins on both wires against a real server and a real user store. */
class AuthIT {
    private static final int TEST_ITERATIONS = 4096;

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();
    private final List<String> logins = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private UserStore store;

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ChatServer server(AuthConfig config, int port, String... accounts) throws Exception {
        AuthServer started = AuthServer.start(cleanup, dir, config, port, logins, accounts);
        store = started.store();
        return started.server();
    }

    private static AuthConfig config(AuthMode mode) {
        return AuthConfig.defaults(mode).withIterations(TEST_ITERATIONS)
                .withDelays(Duration.ofMillis(50), Duration.ofMillis(400)).withLockout(10, Duration.ofSeconds(2));
    }

    @Test
    void theLabPythonClientLogsInFailsWithAWrongPasswordAndLearnsNothingAboutNames() throws Exception {
        InetAddress a = Ports.loopback(91);
        InetAddress b = Ports.loopback(92);
        InetAddress c = Ports.loopback(93);
        int port = Ports.freeForTcpAndUdp(a, b, c);
        server(config(AuthMode.REQUIRED), port, "alice", "correct horse battery", "bob", "bob's password");

        ScriptedProcess alice = cleanup.add(LabPrograms.startClient("alice", "127.0.0.1", port, a));
        alice.typeLine("alice");
        alice.awaitStdout("incoming msg from chatserver (server: password for the name you sent? Type it and press "
                + "Enter (the lab wire sends it in clear text) )");
        alice.typeLine("correct horse battery");
        Await.until("alice to be in the room", () -> {
            alice.typeLine("#ls");
            return alice.stdout().contains("{'alice': '127.0.0.91'}");
        });

        ScriptedProcess wrong = cleanup.add(LabPrograms.startClient("bob", "127.0.0.1", port, b));
        wrong.typeLine("bob");
        wrong.awaitStdout("(server: password for the name you sent? ");
        wrong.typeLine("guess");
        wrong.awaitStdout("incoming msg from chatserver (server: login failed; closing the connection )");

        ScriptedProcess ghost = cleanup.add(LabPrograms.startClient("mallory", "127.0.0.1", port, c));
        ghost.typeLine("mallory");
        ghost.awaitStdout("(server: password for the name you sent? ");
        ghost.typeLine("guess");
        ghost.awaitStdout("incoming msg from chatserver (server: login failed; closing the connection )");

        // A registered name and an unknown one read the same, byte for byte. The lab client prints its ">" prompt
        // from its input thread, racing the lines its receiving thread prints: the prompts are not the server's words.
        String bobSaw = wrong.stdout().replace(">", "");
        String malforySaw = ghost.stdout().replace(">", "");
        assertThat(malforySaw).isEqualTo(bobSaw);
        assertThat(logins).contains("ok alice", "failed bob: wrong password", "failed mallory: no such user");
        assertThat(alice.stdout()).doesNotContain("bob").doesNotContain("mallory");
    }

    @Test
    void nothingTypedBeforeASuccessfulLoginIsRelayed() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(94));
        server(config(AuthMode.OPTIONAL), port, "alice", "correct horse battery");
        RawLabClient observer = cleanup.add(RawLabClient.connect(Ports.loopback(95), port));
        observer.send("guest\n");
        observer.awaitReceived(RawLabClient.paddedMap("!{\"guest\": \"127.0.0.95\"}")); // optional: an unregistered name joins as a guest

        RawLabClient alice = cleanup.add(RawLabClient.connect(Ports.loopback(94), port));
        alice.send("alice\ncorrect horse battery\ntyped too early\n");
        observer.awaitEndsWith(RawLabClient.paddedMap("!{\"guest\": \"127.0.0.95\", \"alice\": \"127.0.0.94\"}"));
        alice.send("after the login\n");
        observer.awaitEndsWith("alice: after the login ");
        assertThat(observer.receivedText()).doesNotContain("typed too early").doesNotContain("correct horse");

        RawLabClient intruder = cleanup.add(RawLabClient.connect(Ports.loopback(96), port));
        intruder.send("alice\nwrong\nsneaky message\n");
        intruder.awaitClosedByServer();
        assertThat(observer.receivedText()).doesNotContain("sneaky").doesNotContain("wrong");
    }

    @Test
    void v2LogsInWithScramAndTheServerProvesItself() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(101));
        server(config(AuthMode.REQUIRED), port, "alice", "correct horse battery");
        ClientConfig config = ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(101))).withUdpPort(0);

        RecordingClientOutput ok = new RecordingClientOutput();
        V2ClientSession alice = cleanup.add(new V2ClientSession(config, ok, (n, why) -> Optional.empty(), "correct horse battery"));
        alice.start("alice");
        alice.registered().get(20, TimeUnit.SECONDS);
        assertThat(logins).contains("ok alice");

        RecordingClientOutput wrongOut = new RecordingClientOutput();
        V2ClientSession wrong = cleanup.add(new V2ClientSession(config.withBindAddress(Optional.of(Ports.loopback(102))),
                wrongOut, (n, why) -> Optional.empty(), "not it"));
        wrong.start("alice");
        assertThat(wrong.ended().get(20, TimeUnit.SECONDS)).isEqualTo("login failed; closing the connection");

        // No password at first: the server says so, the client asks, and logs in.
        List<String> asked = new CopyOnWriteArrayList<>();
        RecordingClientOutput promptedOut = new RecordingClientOutput();
        store.add("carol", Verifier.derive("carol's password", TEST_ITERATIONS, random));
        V2ClientSession carol = cleanup.add(new V2ClientSession(config.withBindAddress(Optional.of(Ports.loopback(103))),
                promptedOut, (n, why) -> {
                    asked.add(n + ": " + why);
                    return Optional.of("carol's password");
                }, null));
        carol.start("carol");
        carol.registered().get(20, TimeUnit.SECONDS);
        assertThat(asked).containsExactly("carol: this server lets only registered users in; log in with your password");
    }

    @Test
    void aRaisedIterationCountUpgradesLabLoginsButNeverSendsAVerifierInClear() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(104));
        AuthConfig config = config(AuthMode.REQUIRED).withIterations(8192);
        server(config, port);
        store.add("alice", Verifier.derive("correct horse battery", TEST_ITERATIONS, random));
        store.add("labby", Verifier.derive("lab password", TEST_ITERATIONS, random));
        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession alice = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(104))).withUdpPort(0), out,
                (n, why) -> Optional.empty(), "correct horse battery"));
        alice.start("alice");
        alice.registered().get(20, TimeUnit.SECONDS);

        RawLabClient labby = cleanup.add(RawLabClient.connect(Ports.loopback(105), port));
        labby.send("labby");
        labby.awaitContains("password for the name you sent?");
        labby.send("lab password");
        labby.awaitContains("\"labby\"");
        Await.until("the lab login to upgrade the verifier", () -> iterationsOf("labby") == 8192);
        assertThat(store.find("labby").orElseThrow().verifier().matches("lab password")).isTrue();
        // Plain v2 never rekeys: a new verifier in clear would let an eavesdropper log in as alice.
        assertThat(iterationsOf("alice")).isEqualTo(TEST_ITERATIONS);
    }

    @Test
    void aClientWithAPasswordRefusesAServerThatCannotProveItself() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(106));
        server(config(AuthMode.OPTIONAL), port, "alice", "correct horse battery");
        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession guest = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(106))).withUdpPort(0), out,
                (n, why) -> Optional.empty(), "some password"));
        guest.start("nobody-registered");
        assertThat(guest.ended().get(20, TimeUnit.SECONDS)).startsWith("the server did not check your password");
    }

    @Test
    void aPasswordTypedAheadOfThePromptIsNeverShownOrLoggedAsAName() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(107));
        List<String> refusals = new CopyOnWriteArrayList<>();
        server(config(AuthMode.OPTIONAL), port, "alice", "correct horse battery");
        RawLabClient observer = cleanup.add(RawLabClient.connect(Ports.loopback(108), port));
        observer.send("watcher");
        observer.awaitContains("\"watcher\"");
        RawLabClient hasty = cleanup.add(RawLabClient.connect(Ports.loopback(107), port));
        hasty.send("alicecorrect horse battery"); // the lab client's two sends, arrived as one read
        hasty.awaitClosedByServer();
        assertThat(hasty.receivedText())
                .isEqualTo("server: cannot register: send your name alone, then your password when the server asks for it ");
        assertThat(observer.receivedText()).doesNotContain("correct horse");
        assertThat(logins).noneMatch(l -> l.contains("correct horse"));
        assertThat(refusals).isEmpty();
    }

    @Test
    void aGuestCannotTakeALookAlikeOfARegisteredName() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(109));
        server(config(AuthMode.OPTIONAL), port, "alice", "correct horse battery");
        for (String lookAlike : List.of("ALICE", "Alice\u200d", "a\u0301lice", "\uff41lice", "\u0430lice", "a1ice")) {
            RawLabClient guest = cleanup.add(RawLabClient.connect(Ports.loopback(109), port));
            guest.send(lookAlike + "\n");
            guest.awaitClosedByServer();
            assertThat(guest.receivedText()).as(lookAlike)
                    .isEqualTo("server: cannot register: the name is too close to a registered name; reconnect with another name ");
        }
    }

    /** docs/SECURITY.md: lock and remove act on the next login; a session already open stays open until it ends. */
    @Test
    void sessionsOpenWhenTheirAccountsAreLockedOrRemovedStayOpenUntilTheyEnd() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(131), Ports.loopback(132), Ports.loopback(133));
        server(config(AuthMode.REQUIRED), port, "alice", "correct horse battery", "bob", "bob's password");
        RawLabClient alice = cleanup.add(RawLabClient.connect(Ports.loopback(131), port));
        alice.send("alice");
        alice.awaitContains("password for the name you sent?");
        alice.send("correct horse battery");
        alice.awaitContains("\"alice\": \"127.0.0.131\"");
        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(132))).withUdpPort(0), bobOut,
                (n, why) -> Optional.empty(), "bob's password"));
        bob.start("bob");
        bob.registered().get(20, TimeUnit.SECONDS);
        alice.awaitContains("\"bob\": \"127.0.0.132\"");

        // As `chatlab users lock alice` and `chatlab users remove bob` do: another handle on the same file.
        try (UserStore admin = UserStore.openExisting(store.path(), java.time.Clock.systemUTC())) {
            admin.setLocked("alice", true);
            admin.remove("bob");
        }
        // The next logins are refused: the server has seen both changes.
        assertThat(AuthServer.scramLogin(port, Ports.loopback(133), "alice", "correct horse battery"))
                .contains("\"type\":\"error\"");
        assertThat(AuthServer.scramLogin(port, Ports.loopback(133), "bob", "bob's password"))
                .contains("\"type\":\"error\"");
        Await.until("both refusals to be logged", () -> logins.contains("failed alice: the account is locked")
                && logins.contains("failed bob: no such user"));

        // The sessions opened before stay open, and chat both ways.
        alice.send("still here");
        Await.until("bob to get alice's line", () -> bobOut.lines().stream()
                .anyMatch(l -> l.contains("alice") && l.contains("still here")));
        assertThat(bob.submit("me too")).isTrue();
        alice.awaitEndsWith("bob: me too ");
        assertThat(alice.closedByServer()).isFalse();
        assertThat(bob.ended()).isNotDone();
    }

    private int iterationsOf(String name) {
        try {
            return store.find(name).orElseThrow().verifier().iterations();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHundredParallelLoginsAllSucceed() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(110));
        String[] accounts = new String[200];
        for (int i = 0; i < 100; i++) {
            accounts[2 * i] = "user" + i;
            accounts[2 * i + 1] = "password-" + i;
        }
        server(config(AuthMode.REQUIRED), port, accounts);
        ExecutorService pool = Executors.newFixedThreadPool(25);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                results.add(pool.submit(() -> AuthServer.scramLogin(port, Ports.loopback(110 + n % 100), "user" + n, "password-" + n)));
            }
            for (Future<String> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).contains("\"type\":\"welcome\"").contains("\"scram_final\"");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(logins.stream().filter(l -> l.startsWith("ok "))).hasSize(100);
    }


    @Test
    void parallelGuessesWaitTheirTurn() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(125));
        AuthConfig config = AuthConfig.defaults(AuthMode.REQUIRED).withIterations(TEST_ITERATIONS)
                .withDelays(Duration.ofMillis(200), Duration.ofSeconds(5)).withLockout(50, Duration.ofMinutes(1))
                .withConcurrency(AuthConfig.DEFAULT_MAX_PASSWORD_CHECKS, 5);
        server(config, port, "alice", "correct horse battery");
        long started = System.nanoTime();
        List<RawLabClient> guessers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RawLabClient guesser = cleanup.add(RawLabClient.connect(Ports.loopback(125), port));
            guesser.send("alice\nguess" + i + "\n");
            guessers.add(guesser);
        }
        for (RawLabClient guesser : guessers) {
            guesser.awaitClosedByServer();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // Answered one after another: 0 + 200 + 400 + 800 + 1600 ms of delays at least.
        assertThat(millis).isGreaterThanOrEqualTo(3000);
    }

    /** From one address at one account: slowed, then that pair locked out; the owner elsewhere gets in meanwhile. */
    @Test
    void guessingIsSlowedThenLockedOutAndTheLockoutExpires() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(120));
        AuthConfig config = AuthConfig.defaults(AuthMode.REQUIRED).withIterations(TEST_ITERATIONS)
                .withDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withLockout(6, Duration.ofSeconds(3));
        server(config, port, "alice", "correct horse battery");
        List<Long> answerMillis = new ArrayList<>();
        for (int attempt = 1; attempt <= 7; attempt++) {
            long started = System.nanoTime();
            RawLabClient guesser = cleanup.add(RawLabClient.connect(Ports.loopback(121), port));
            guesser.send("alice\nguess" + attempt + "\n");
            guesser.awaitClosedByServer();
            answerMillis.add((System.nanoTime() - started) / 1_000_000);
            assertThat(guesser.receivedText()).endsWith("server: login failed; closing the connection ");
        }
        // Delays before answering: 0, then 100, 200, 400, 800 ms, then the 1 s cap.
        assertThat(answerMillis.get(4)).isGreaterThanOrEqualTo(800);
        assertThat(answerMillis.get(6)).isGreaterThanOrEqualTo(1000);
        long total = answerMillis.stream().mapToLong(Long::longValue).sum();
        System.out.printf("guessing: 7 attempts took %d ms (%.0f attempts per minute at that pace; %s)%n",
                total, 7 * 60_000.0 / total, answerMillis);

        // Locked out now: from the guesser's address even the right password fails...
        RawLabClient locked = cleanup.add(RawLabClient.connect(Ports.loopback(121), port));
        locked.send("alice\ncorrect horse battery\n");
        locked.awaitClosedByServer();
        assertThat(locked.receivedText()).endsWith("server: login failed; closing the connection ");
        assertThat(logins).anyMatch(l -> l.equals("failed alice: locked out after too many failures from this address"));
        // ...while the owner, from her own address, gets in.
        RawLabClient owner = cleanup.add(RawLabClient.connect(Ports.loopback(122), port));
        owner.send("alice\ncorrect horse battery\n");
        owner.awaitContains("!{\"alice\": \"127.0.0.122\"}");
        owner.close();

        // After the lockout the right password works again from the guesser's address too.
        Await.until("the lockout to expire", Duration.ofSeconds(20), () -> {
            try (RawLabClient retry = RawLabClient.connect(Ports.loopback(121), port)) {
                retry.send("alice\ncorrect horse battery\n");
                Await.until("an answer", () -> retry.closedByServer() || retry.receivedText().contains("!{"));
                return retry.receivedText().contains("!{\"alice\"");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}

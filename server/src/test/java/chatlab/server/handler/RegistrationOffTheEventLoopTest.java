package chatlab.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.auth.Authenticator;
import chatlab.auth.UserStore;
import chatlab.auth.Verifier;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.server.ServerSecurity;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration with {@code --auth optional} never reads the user store on the event loop that runs the room. The
 * store's every call takes its lock; while the test holds that lock the store is as good as a disk that does not
 * answer, and everything but a login's own store work must go on regardless.
 */
class RegistrationOffTheEventLoopTest {
    private static final int ITERATIONS = 4096;

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();
    private final SecureRandom random = new SecureRandom();
    private UserStore store;
    private Authenticator authenticator;

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ChatServer server(String... accounts) throws Exception {
        store = cleanup.add(UserStore.open(dir.resolve("users.db"), Clock.systemUTC()));
        for (String account : accounts) {
            store.add(account, Verifier.derive(account + "'s password", ITERATIONS, random));
        }
        authenticator = cleanup.add(new Authenticator(store, AuthConfig.defaults(AuthMode.OPTIONAL)
                .withIterations(ITERATIONS).withNamesRefresh(Duration.ofMillis(20)), Clock.systemUTC()));
        return cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getLoopbackAddress())).withPort(0)
                .withPresenceBatchWindow(Duration.ZERO)
                .withSecurity(ServerSecurity.none().withAuthenticator(authenticator)), ServerEvents.NONE));
    }

    private RawLabClient lab(ChatServer server, int octet) throws Exception {
        return cleanup.add(RawLabClient.connect(Ports.loopback(octet), server.port()));
    }

    private static String hello(String name, String scram) {
        return "{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":7000"
                + (scram == null ? "" : ",\"scram\":\"" + scram + "\"") + "}";
    }

    @Test
    void aStuckUserStoreHoldsUpOnlyTheLoginsThatNeedIt() throws Exception {
        ChatServer server = server("alice");
        RawLabClient watcher = lab(server, 161);
        RawLineClient v2Alice = cleanup.add(RawLineClient.connect(Ports.loopback(166), server.port()));
        synchronized (store) {
            // First, so the loop has long read it by the end: a v2 login needs the account's salt from the store, so
            // its challenge waits, and a ping sent right behind the hello waits with it (answers keep their order).
            v2Alice.send((hello("alice", "n,,n=alice,r=abcdef") + "\n{\"type\":\"ping\",\"token\":\"behind\"}\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

            watcher.send("watcher\n");
            watcher.awaitContains("\"watcher\"");

            RawLabClient bob = lab(server, 162);
            bob.send("bob\n");
            watcher.awaitContains("\"bob\"");
            bob.send("hi while the store is stuck\n");
            watcher.awaitContains("bob: hi while the store is stuck");

            RawLabClient lookAlike = lab(server, 163);
            lookAlike.send("ALICE\n");
            lookAlike.awaitClosedByServer();
            assertThat(lookAlike.receivedText()).contains("the name is too close to a registered name");

            RawLabClient hasty = lab(server, 164);
            hasty.send("alicealice's password");
            hasty.awaitClosedByServer();
            assertThat(hasty.receivedText()).contains("send your name alone");

            RawLabClient alice = lab(server, 165);
            alice.send("alice\n");
            alice.awaitContains("password for the name you sent?");

            RawLineClient v2Guest = cleanup.add(RawLineClient.connect(Ports.loopback(167), server.port()));
            v2Guest.sendLine(hello("carol", null));
            v2Guest.awaitLineContaining("\"type\":\"welcome\"");

            v2Guest.sendLine("{\"type\":\"ping\",\"token\":\"loop-alive\"}");
            v2Guest.awaitLineContaining("loop-alive");
            assertThat(v2Alice.lines()).noneMatch(line -> line.contains("\"challenge\"") || line.contains("behind"));
        }
        v2Alice.awaitLineContaining("\"pong\"");
        List<String> answers = v2Alice.lines();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0)).contains("\"type\":\"challenge\"").contains("r=abcdef");
        assertThat(answers.get(1)).contains("\"token\":\"behind\"");
    }

    @Test
    void anAccountAddedOrRemovedByAnotherProcessIsSeenWithinTheRefreshInterval() throws Exception {
        ChatServer server = server("alice");
        try (UserStore usersCommand = UserStore.openExisting(dir.resolve("users.db"), Clock.systemUTC())) {
            usersCommand.add("dave", Verifier.derive("dave's password", ITERATIONS, random));
            Await.until("the server to see dave's account", () -> authenticator.needsLogin("dave"));
            RawLabClient dave = lab(server, 171);
            dave.send("dave\n");
            dave.awaitContains("password for the name you sent?");

            usersCommand.remove("dave");
            Await.until("the server to see dave's account gone", () -> !authenticator.needsLogin("dave"));
            RawLabClient guest = lab(server, 172);
            guest.send("dave\n");
            guest.awaitContains("{\"dave\": \"127.0.0.172\"}");
        }
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered name logs in from the page with SCRAM-SHA-256 computed by the browser (WebCrypto): the right password
 * gets in, a wrong one does not, a guest may not take the name, and the password itself never crosses the wire.
 */
class WebLoginIT {
    private static final int TEST_ITERATIONS = 4096;
    private static final String PASSWORD = "correct horse battery stäple";

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();
    private final List<String> logins = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void theRightPasswordGetsInAndAWrongOneDoesNot() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(98));
        AuthServer.start(cleanup, dir, AuthConfig.defaults(AuthMode.OPTIONAL).withIterations(TEST_ITERATIONS)
                .withDelays(Duration.ofMillis(50), Duration.ofMillis(400)), port, logins, "dora", PASSWORD);
        String url = "http://127.0.0.1:" + port + "/";
        // A v2 client in the room hears everything the room hears: the password must never be in it.
        RawLineClient witness = RawV2User.join(cleanup, 98, port, "witness");

        ChatPage wrong = new ChatPage(cleanup.add(new HeadlessChromium())).open(url);
        wrong.join("dora", "not the password");
        Await.until("the login refused", wrong::loginError, e -> e.equals("login failed; closing the connection"));
        assertThat(wrong.element("chat").isDisplayed()).isFalse();
        Await.until("the failure logged", () -> logins.stream().anyMatch(l -> l.startsWith("failed dora: ")));

        wrong.join("dora", null); // a guest under a registered name
        Await.until("the password asked for", wrong::loginError,
                e -> e.equals("the name \"dora\" is registered; log in with its password"));

        ChatPage right = new ChatPage(cleanup.add(new HeadlessChromium())).open(url);
        right.join("dora", PASSWORD).awaitJoined(); // the page checked the server's proof before it says so
        assertThat(logins).contains("ok dora");
        right.awaitMembers("dora", "witness");
        right.type("logged in from a browser");
        witness.awaitLineContaining("\"from\":\"dora\",\"text\":\"logged in from a browser\"");
        assertThat(witness.lines()).noneMatch(l -> l.contains("horse"));
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/LIMITS.md, *lab password checks* ({@code --max-password-checks}), and docs/SECURITY.md, *Busy is not "wrong
 * password"*: while the server's check slots are all taken, a lab login from another address is not checked, is told
 * the server is busy (not "login failed"), and is not counted as a failure: it gets in at once afterwards.
 */
class PasswordCheckSlotsTest {
    private static final String PROMPT =
            "server: password for the name you sent? Type it and press Enter (the lab wire sends it in clear text) ";
    private static final String BUSY = "server: the server is busy checking other logins; your password was not "
            + "checked; try again in a few seconds ";
    /** About a second of PBKDF2 per check on this project's machine: the first check is still running when the second comes. */
    private static final int SLOW_ITERATIONS = 3_000_000;

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private RawLabClient labLogin(int octet, int port, String name, String password) throws Exception {
        RawLabClient client = cleanup.add(RawLabClient.connect(Ports.loopback(octet), port));
        client.send(name + "\n" + password + "\n");
        return client;
    }

    @Test
    void aLoginThatFindsEveryCheckSlotTakenIsToldBusyAndNotCounted() throws Exception {
        List<String> logins = new CopyOnWriteArrayList<>();
        AuthServer auth = AuthServer.start(cleanup, dir, AuthConfig.defaults(AuthMode.REQUIRED)
                        .withIterations(SLOW_ITERATIONS).withConcurrency(1, 4), 0, logins,
                "alice", "alice's password", "bob", "bob's password");
        int port = auth.server().port();

        RawLabClient alice = labLogin(151, port, "alice", "alice's password");
        alice.awaitReadByServer(); // her check has taken the only slot
        RawLabClient bob = labLogin(152, port, "bob", "bob's password");
        bob.awaitClosedByServer();
        assertThat(bob.receivedText()).isEqualTo(PROMPT + BUSY);

        alice.awaitContains("\"alice\": \"127.0.0.151\"");
        RawLabClient bobAgain = labLogin(152, port, "bob", "bob's password");
        bobAgain.awaitContains("\"bob\": \"127.0.0.152\"");
        assertThat(bobAgain.receivedText()).startsWith(PROMPT + "!{");
        // The busy answer was neither a login nor a failure.
        assertThat(logins).containsExactly("ok alice", "ok bob");
    }
}

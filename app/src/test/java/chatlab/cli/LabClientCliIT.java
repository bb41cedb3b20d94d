package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Cleanup;
import chatlab.testkit.ScriptedLabServer;
import chatlab.testkit.ScriptedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `chatlab client --wire lab` as a process, against lab servers that other people wrote, each played by a script in
 * this test: one that asks for a password in its own words, one that sends long relays in one write, one whose
 * greeting ends in '!'. The client must get along with each as the lab's Python client does.
 */
class LabClientCliIT {
    private final Cleanup cleanup = new Cleanup();
    private ScriptedLabServer server;

    @AfterEach
    void close() throws Exception {
        cleanup.close();
        if (server != null) {
            server.close();
        }
    }

    /** Listens, starts the client process, and accepts its connection. */
    private ScriptedProcess client(String... more) throws IOException {
        server = ScriptedLabServer.listen();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("client", "--wire", "lab",
                "--server", "127.0.0.1", "--port", Integer.toString(server.port()), "--bind", "127.0.0.151",
                "--udp-port", "0", "--name", "alice"));
        args.addAll(java.util.List.of(more));
        ScriptedProcess process = cleanup.add(ChatlabJar.start("alice", args.toArray(String[]::new)));
        server.accept();
        return process;
    }

    @Test
    void aServerWithItsOwnPasswordPromptLetsTheClientIn() throws Exception {
        ScriptedProcess alice = client("--lab-output");
        assertThat(server.read()).isEqualTo("alice");
        alice.typeLine("s3cret");
        alice.typeLine("hello, room");
        server.write("Enter your password");
        assertThat(server.read()).isEqualTo("s3cret");
        server.write("!{\"alice\": \"127.0.0.151\"}");
        assertThat(server.read()).isEqualTo("hello, room");
        alice.closeInput();
        assertThat(server.read()).as("the client leaves at the end of its input").isNull();
        assertThat(alice.awaitExit(Duration.ofSeconds(30))).as(alice.describe()).isZero();
        assertThat(alice.stdout()).contains("incoming msg from chatserver (Enter your password)\n")
                .doesNotContain("s3cret");
    }

    @Test
    void theEndOfInputBeforeTheServerTookTheNameEndsTheClient() throws Exception {
        // The last line waits --reply-wait (5 s by default) for the silent server's answer: 1 s is enough to show
        // that the client then ends, without waiting for a map.
        ScriptedProcess alice = client("--reply-wait", "1s");
        assertThat(server.read()).isEqualTo("alice");
        server.write("Enter your password");
        alice.typeLine("wrong guess");
        alice.closeInput();
        assertThat(server.read()).isEqualTo("wrong guess");
        // The server keeps silent (no map, no close): the client must not wait for it.
        assertThat(alice.awaitExit(Duration.ofSeconds(30))).as(alice.describe())
                .isEqualTo(ClientCommand.EXIT_NOT_ALL_DELIVERED);
        assertThat(alice.stdout()).contains(" Enter your password\n")
                .endsWith("input ended before the server accepted the name\n");
    }

    @Test
    void longRelaysInOneWriteAreOneLineEachUnderLabOutput() throws Exception {
        ScriptedProcess alice = client("--lab-output");
        assertThat(server.read()).isEqualTo("alice");
        server.write("!{\"alice\": \"127.0.0.151\", \"bob\": \"127.0.0.152\"}");
        // Small reads first: an adaptive buffer would shrink after them and cut the long ones below.
        for (int i = 0; i < 40; i++) {
            String relay = "bob: " + i + " ";
            server.write(relay);
            alice.awaitStdout("incoming msg from chatserver (" + relay + ")\n");
        }
        for (int size : new int[] {1023, 1024, 1025, 2048, 4095, 4096}) {
            String relay = "bob: " + "é".repeat((size - 6) / 2) + "x".repeat((size - 6) % 2) + " ";
            assertThat(relay.getBytes(StandardCharsets.UTF_8)).hasSize(size);
            server.write(relay);
            alice.awaitStdout("incoming msg from chatserver (" + relay + ")\n");
        }
        alice.closeInput();
        assertThat(alice.awaitExit(Duration.ofSeconds(30))).as(alice.describe()).isZero();
        assertThat(alice.stdout().lines().filter(line -> line.startsWith("incoming msg"))).hasSize(46);
    }

    @Test
    void aGreetingEndingInAnExclamationMarkIsShownWhole() throws Exception {
        ScriptedProcess alice = client("--lab-output");
        assertThat(server.read()).isEqualTo("alice");
        server.write("Du er naa logget inn!");
        alice.awaitStdout("incoming msg from chatserver (Du er naa logget inn!)\n");
        server.write("!{\"alice\": \"127.0.0.151\"}");
        alice.typeLine("takk");
        assertThat(server.read()).isEqualTo("takk");
        alice.closeInput();
        assertThat(alice.awaitExit(Duration.ofSeconds(30))).as(alice.describe()).isZero();
        assertThat(alice.stdout()).doesNotContain("(!)").doesNotContain("(Du er naa logget inn)");
    }
}

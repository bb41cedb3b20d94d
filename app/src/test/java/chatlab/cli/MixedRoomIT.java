package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tour from the README, run for real: `chatlab server` and `chatlab client` processes in a room with the lab's
 * Python client, chatroom and direct messages in every direction, then Ctrl-D, then SIGTERM.
 */
class MixedRoomIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void stopAll() throws Exception {
        cleanup.close();
    }

    private ScriptedProcess track(ScriptedProcess process) {
        return cleanup.add(process);
    }

    @Test
    void labWireJavaClientsAndPythonClientsShareARoomOnTheJavaServer() {
        InetAddress a = Ports.loopback(31);
        InetAddress b = Ports.loopback(32);
        InetAddress c = Ports.loopback(33);
        int port = Ports.freeForTcpAndUdp(a, b, c);
        String p = Integer.toString(port);
        ScriptedProcess server = track(ChatlabJar.start("server", "server", "--bind", "127.0.0.1", "--port", p));
        server.awaitStderr("listening on");

        ScriptedProcess alice = track(ChatlabJar.start("alice", "client", "--wire", "lab", "--server", "localhost",
                "--port", p, "--bind", "127.0.0.31", "--udp-port", p, "--name", "alice"));
        server.awaitStderr("join alice from 127.0.0.31");
        ScriptedProcess bob = track(ChatlabJar.start("bob", "client", "--wire", "lab", "--server", "127.0.0.1",
                "--port", p, "--bind", "127.0.0.32", "--udp-port", p, "--lab-output"));
        bob.typeLine("bob"); // asked for, as the lab client asks
        server.awaitStderr("join bob from 127.0.0.32");
        ScriptedProcess carol = track(LabPrograms.startClient("carol", "127.0.0.1", port, c));
        carol.typeLine("carol");
        server.awaitStderr("join carol from 127.0.0.33");
        alice.awaitStdout("* carol joined from 127.0.0.33");
        Await.until("carol's client to know all three", () -> {
            carol.typeLine("#ls");
            return carol.stdout().contains("{'alice': '127.0.0.31', 'bob': '127.0.0.32', 'carol': '127.0.0.33'}");
        });

        alice.typeLine("hello everyone");
        bob.awaitStdout("incoming msg from chatserver (alice: hello everyone )\n");
        carol.awaitStdout("incoming msg from chatserver (alice: hello everyone )\n");
        carol.typeLine("hi from python");
        alice.awaitStdout(" carol: hi from python\n");
        bob.awaitStdout("incoming msg from chatserver (carol: hi from python )\n");

        alice.typeLine("@carol: java to python");
        carol.awaitStdout("Incoming msg (P2P) from alice: java to python\n");
        carol.typeLine("@bob: python to java");
        bob.awaitStdout("Incoming msg (P2P) from carol: python to java\n");
        bob.typeLine("@alice: java to java");
        alice.awaitStdout(" [direct] bob: java to java\n");
        bob.typeLine("@zed: anyone?");
        bob.awaitStdout("zed is not registered\n");
        bob.typeLine("#ls");
        bob.awaitStdout("{'alice': '127.0.0.31', 'bob': '127.0.0.32', 'carol': '127.0.0.33'}\n");
        alice.typeLine("#ls");
        alice.awaitStdout("  carol  127.0.0.33\n");

        // Ctrl-D (end of input): bob leaves cleanly, after his last message went out.
        bob.typeLine("last words");
        bob.closeInput();
        assertThat(bob.awaitExit(Duration.ofSeconds(20))).as(bob.describe()).isZero();
        alice.awaitStdout(" bob: last words\n");
        alice.awaitStdout("* bob left\n");
        server.awaitStderr("leave bob from 127.0.0.32: closed by the client");

        // SIGTERM: the server tells everyone, closes, exits 0; the Java client reports it and ends.
        server.terminate();
        assertThat(server.awaitExit(Duration.ofSeconds(20))).as(server.describe()).isZero();
        alice.awaitStdout("server: the server is shutting down; goodbye");
        assertThat(alice.awaitExit(Duration.ofSeconds(20))).as(alice.describe()).isEqualTo(ClientCommand.EXIT_DISCONNECTED);
        server.awaitStderr("SIGTERM received; shutting down");
    }

    /** The Java client here speaks v2 (the default) and still prints what the lab client prints. */
    @Test
    void labOutputPrintsWhatThePythonClientPrintsForTheSameSession() {
        InetAddress py = Ports.loopback(41);
        InetAddress java = Ports.loopback(42);
        InetAddress talker = Ports.loopback(43);
        int port = Ports.freeForTcpAndUdp(py, java, talker);
        String p = Integer.toString(port);
        // The lab's programs here take direct messages on CHAT_PORT, not the lab's 5000: the server announces that.
        ScriptedProcess server = track(ChatlabJar.start("server", "server", "--bind", "127.0.0.1", "--port", p,
                "--lab-udp-port", p));
        server.awaitStderr("listening on");
        ScriptedProcess pythonClient = track(LabPrograms.startClient("python", "127.0.0.1", port, py));
        pythonClient.typeLine("pyth");
        server.awaitStderr("join pyth from");
        ScriptedProcess javaClient = track(ChatlabJar.start("java", "client", "--server", "127.0.0.1", "--port", p,
                "--bind", "127.0.0.42", "--udp-port", p, "--lab-output", "--name", "jav"));
        server.awaitStderr("join jav from");
        ScriptedProcess other = track(LabPrograms.startClient("talker", "127.0.0.1", port, talker));
        other.typeLine("tälker");
        server.awaitStderr("join tälker from");
        Await.until("the talker to know everyone", () -> {
            other.typeLine("#ls");
            return other.stdout().contains("'tälker': '127.0.0.43'}");
        });

        other.typeLine("first message");
        pythonClient.awaitStdout("(tälker: first message )");
        javaClient.awaitStdout("(tälker: first message )");
        other.typeLine("@pyth: hej");
        other.typeLine("@jav: hej");
        pythonClient.awaitStdout("Incoming msg (P2P) from tälker: hej");
        javaClient.awaitStdout("Incoming msg (P2P) from tälker: hej");
        pythonClient.typeLine("@nobody: x");
        javaClient.typeLine("@nobody: x");
        pythonClient.awaitStdout("nobody is not registered");
        javaClient.awaitStdout("nobody is not registered");

        // The Python client prints its input prompts on stdout too; everything else must match line for line.
        String expected = withoutPrompts(pythonClient.stdout());
        Await.until("the Java client's output to match the Python client's", javaClient::stdout,
                out -> out.equals(expected));
    }

    /** Drops input() prompts: the name question and the '>' before each line. */
    private static String withoutPrompts(String stdout) {
        String text = stdout.replace("First enter your name to register it in the server: ", "");
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String cleaned = line;
            while (cleaned.startsWith(">")) {
                cleaned = cleaned.substring(1);
            }
            out.append(cleaned).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.Backoff;
import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code chatlab client} on the v2 wire as a process fed by a pipe, as the README shows for scripts. */
class V2ClientCliIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aScriptsLinesAllArrivePacedToTheRateLimitAndTheClientExitsCleanly() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(141), Ports.loopback(142));
        // A tight limit (20 per second, bursts of 40), so the client's pacing is what gets every line through.
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withLimits(chatlab.protocol.Limits.defaults().withMessagesPerSecond(20).withBurstMessages(40))
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port), ServerEvents.NONE));
        RawLabClient listener = cleanup.add(RawLabClient.connect(Ports.loopback(142), server.port()));
        listener.send("listener");
        listener.awaitContains("\"listener\"");

        ScriptedProcess robot = cleanup.add(ChatlabJar.start("robot", "client", "--server", "127.0.0.1", "--port",
                Integer.toString(port), "--bind", "127.0.0.141", "--udp-port", "0", "--name", "robot"));
        // 100 lines at once: more than the burst of 40 the server allows, so the client must pace them.
        StringBuilder lines = new StringBuilder("hello from a script\n@listener: and a direct one\n");
        for (int i = 1; i <= 100; i++) {
            lines.append("line ").append(i).append('\n');
        }
        for (String line : lines.toString().split("\n")) {
            robot.typeLine(line);
        }
        robot.closeInput();
        assertThat(robot.awaitExit(Duration.ofSeconds(60))).as(robot.describe()).isZero();
        listener.awaitContains("robot: hello from a script ");
        for (int i = 1; i <= 100; i++) {
            listener.awaitContains("robot: line " + i + " ");
        }
        assertThat(robot.stdout()).doesNotContain("too fast").doesNotContain("disconnected");
        assertThat(robot.stdout()).contains("sent to listener over UDP (a lab client: no acknowledgement)");
        // Its own messages, as the others see them, once the server acknowledged them: one line each, marked.
        assertThat(robot.stdout()).containsPattern("\\d\\d:\\d\\d:\\d\\d robot: hello from a script \u2713\n")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d \\[direct to listener\\] and a direct one\n");
        for (int i = 1; i <= 100; i++) {
            assertThat(robot.stdout()).contains(" robot: line " + i + " \u2713\n");
        }
    }

    /** {@code chatlab server} with its message log in {@code data}: a server started again there keeps it. */
    private ScriptedProcess serverProcess(int port, java.nio.file.Path data) {
        ScriptedProcess server = cleanup.add(ChatlabJar.start("server", java.util.Map.of("XDG_DATA_HOME",
                data.toString()), "server", "--bind", "127.0.0.1", "--port", Integer.toString(port)));
        server.awaitStderr("listening on");
        return server;
    }

    private ScriptedProcess robot(int port, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("client", "--server", "127.0.0.1", "--port",
                Integer.toString(port), "--bind", "127.0.0.145", "--udp-port", "0", "--name", "robot"));
        args.addAll(List.of(more));
        return cleanup.add(ChatlabJar.start("robot", args.toArray(String[]::new)));
    }

    /**
     * `seq 1 200 | chatlab client` with the server killed (SIGKILL) halfway and started again: the client keeps
     * reconnecting after the end of its input until every line is acknowledged, then exits 0, and a listener that
     * reconnects too gets every line once.
     */
    @Test
    void atTheEndOfInputEverythingReadIsDeliveredAcrossAServerRestart(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path data) throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(145), Ports.loopback(146));
        ScriptedProcess first = serverProcess(port, data);
        RecordingClientOutput earOut = new RecordingClientOutput();
        V2ClientSession ear = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(146))).withUdpPort(0)
                .withReconnect(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 200)), earOut));
        ear.start("ear");
        ear.registered().get(20, TimeUnit.SECONDS);

        ScriptedProcess robot = robot(port);
        for (int i = 1; i <= 100; i++) {
            robot.typeLine("m" + i);
        }
        Await.until("the listener to get the first lines", () -> earOut.has("message robot [m1]"));
        first.kill(); // while lines are in flight
        for (int i = 101; i <= 200; i++) {
            robot.typeLine("m" + i);
        }
        robot.closeInput();
        robot.awaitStdout("lost the server");
        assertThat(robot.isAlive()).as("waits for the server instead of leaving: " + robot.describe()).isTrue();

        serverProcess(port, data); // the same data folder: the restarted server keeps its log
        assertThat(robot.awaitExit(Duration.ofSeconds(90))).as(robot.describe()).isZero();
        for (int i = 1; i <= 200; i++) {
            int n = i;
            Await.until("the listener to get m" + n, () -> earOut.has("message robot [m" + n + "]"));
            assertThat(earOut.count("message robot [m" + n + "]")).as("times m" + n + " was shown").isEqualTo(1);
        }
        assertThat(robot.stdout()).doesNotContain("not delivered");
    }

    @Test
    void whatTheServerNeverAcknowledgesIsCountedAndTheExitStatusSaysSo(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path data) throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(145));
        ScriptedProcess server = serverProcess(port, data);
        ScriptedProcess robot = robot(port, "--drain-timeout", "3s");
        robot.awaitStdout("connected to 127.0.0.1 as robot");
        server.kill();
        robot.awaitStdout("lost the server");
        robot.typeLine("one");
        robot.typeLine("two");
        robot.typeLine("three");
        robot.closeInput();
        assertThat(robot.awaitExit(Duration.ofSeconds(60))).as(robot.describe())
                .isEqualTo(ClientCommand.EXIT_NOT_ALL_DELIVERED);
        assertThat(robot.stdout())
                .contains("input ended; waiting up to 3 s (--drain-timeout) for the server to take 3 messages\n")
                .endsWith("3 messages were not delivered: the server did not acknowledge them within 3 s "
                        + "(--drain-timeout)\n");
    }

    @Test
    void refusedLinesAreCountedAfterTheRestAndTheExitStatusSaysSo() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(145), Ports.loopback(147));
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port), ServerEvents.NONE));
        RawLabClient listener = cleanup.add(RawLabClient.connect(Ports.loopback(147), server.port()));
        listener.send("listener");
        listener.awaitContains("\"listener\"");
        ScriptedProcess robot = robot(port);
        robot.typeLine("first");
        robot.typeLine("/frobnicate");
        robot.typeLine("x".repeat(5000));
        robot.typeLine("a bell \u0007 here");
        robot.typeLine("@nobody: hello?");
        robot.typeLine("last");
        robot.closeInput();
        assertThat(robot.awaitExit(Duration.ofSeconds(60))).as(robot.describe())
                .isEqualTo(ClientCommand.EXIT_NOT_ALL_DELIVERED);
        listener.awaitContains("robot: first ");
        listener.awaitContains("robot: last ");
        assertThat(listener.receivedText()).doesNotContain("xxxxx").doesNotContain("bell");
        // Someone not in the room is news about the room, not a fault of the line: not counted.
        assertThat(robot.stdout()).contains("unknown command /frobnicate").contains("nobody is not registered")
                .endsWith("3 input lines were refused (see above)\n");
    }

    @Test
    void aRefusedNameExitsWithTheDisconnectedStatus() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(143));
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port), ServerEvents.NONE));
        RawLabClient taken = cleanup.add(RawLabClient.connect(Ports.loopback(144), server.port()));
        taken.send("robot");
        taken.awaitContains("\"robot\"");
        ScriptedProcess robot = cleanup.add(ChatlabJar.start("robot", "client", "--server", "127.0.0.1", "--port",
                Integer.toString(port), "--bind", "127.0.0.143", "--udp-port", "0", "--name", "robot"));
        robot.typeLine("hello?");
        assertThat(robot.awaitExit(Duration.ofSeconds(60))).isEqualTo(ClientCommand.EXIT_DISCONNECTED);
        Await.until("the reason to be shown", robot::stdout, out -> out.contains("is taken"));
    }
}

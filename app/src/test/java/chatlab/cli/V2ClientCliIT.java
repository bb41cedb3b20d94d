package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code chatlab client} processes fed by pipes (the plain line mode scripts use), each in a room of its own and
 * one they share, against a {@code chatlab server} process that keeps history: each prints only its rooms' lines,
 * each labelled with its room; switching, joining late (the room's history shown as such), topics, names, parting;
 * and after the server is killed and started again, both are back in their rooms.
 */
class V2ClientRoomsCliIT {
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d ";
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ScriptedProcess server(int port, Path data) {
        ScriptedProcess server = cleanup.add(ChatlabJar.start("server", Map.of("XDG_DATA_HOME", data.toString()),
                "server", "--bind", "127.0.0.1", "--port", Integer.toString(port)));
        server.awaitStderr("listening on");
        return server;
    }

    private ScriptedProcess client(int port, int octet, String name, String... rooms) {
        List<String> args = new ArrayList<>(List.of("client", "--server", "127.0.0.1", "--port", Integer.toString(port),
                "--bind", "127.0.0.1" + octet, "--udp-port", "0", "--name", name));
        for (String room : rooms) {
            args.addAll(List.of("--room", room));
        }
        ScriptedProcess client = cleanup.add(ChatlabJar.start(name, args.toArray(String[]::new)));
        client.awaitStdout("connected to 127.0.0.1 as " + name);
        return client;
    }

    @Test
    void twoClientsInTheirOwnRoomsAndASharedOne(@TempDir Path data) throws Exception {
        int port = Ports.freeForTcpAndUdp();
        ScriptedProcess first = server(port, data);
        ScriptedProcess alice = client(port, 71, "alice", "#dev", "#general");
        ScriptedProcess bob = client(port, 72, "bob", "ops", "#general"); // a room may be given without its '#'
        alice.awaitStdout("#general you joined #general");
        bob.awaitStdout(" you joined #ops; 1 user here: bob"); // the first room: one room, no label yet
        alice.awaitStdout("#general * bob joined from 127.0.0.172");

        alice.typeLine("dev only");
        bob.typeLine("ops only");
        alice.typeLine("/switch #general");
        alice.typeLine("hello both");
        bob.awaitStdout("#general alice: hello both");
        alice.awaitStdout("#dev alice: dev only \u2713");
        bob.awaitStdout("#ops bob: ops only \u2713");
        alice.awaitStdout("now talking in #general");

        alice.typeLine("/topic release on friday");
        bob.awaitStdout("#general alice set the topic of #general: release on friday");
        bob.typeLine("/names");
        bob.awaitStdout("#ops 1 user:");

        // bob joins #dev late: what was said there is shown as history, never as chat; he talks there from now on.
        bob.typeLine("/join #dev");
        bob.typeLine("bob in dev");
        alice.awaitStdout("#dev bob: bob in dev");
        bob.awaitStdout("#dev you joined #dev; 2 users here: alice, bob");
        bob.awaitStdout("#dev (history) alice: dev only\n"); // the page is printed once it has all come
        assertThat(bob.stdout()).containsPattern(TIME + "#dev \\(history\\) alice: dev only\n")
                .doesNotContainPattern(TIME + "#dev alice: dev only");

        bob.typeLine("/part #general");
        bob.awaitStdout("you left #general");
        alice.awaitStdout("#general * bob left");
        alice.typeLine("only alice hears this");
        alice.awaitStdout("#general alice: only alice hears this \u2713");

        // The server dies and comes back (its log kept): both clients are back in their rooms, talking where they
        // talked.
        first.kill();
        bob.awaitStdout("lost the server");
        server(port, data);
        alice.awaitStdout("#general back in the room");
        alice.awaitStdout("#dev back in the room");
        bob.awaitStdout("#ops back in the room");
        bob.awaitStdout("#dev back in the room");
        bob.typeLine("bob after the restart");
        alice.awaitStdout("#dev bob: bob after the restart");
        alice.typeLine("alice after the restart");
        alice.awaitStdout("#general alice: alice after the restart \u2713");

        // A script's last line asks the server something: the answer is printed before the client leaves.
        alice.typeLine("/search restart");
        alice.closeInput();
        bob.closeInput();
        assertThat(alice.awaitExit(Duration.ofSeconds(60))).as(alice.describe()).isZero();
        assertThat(bob.awaitExit(Duration.ofSeconds(60))).as(bob.describe()).isZero();
        assertThat(alice.stdout()).containsPattern(TIME + "#general 1 message in #general match \"restart\", newest first:\n"
                + "\\d\\d:\\d\\d:\\d\\d #general \\(history\\) alice: alice after the restart\n");
        // Each printed only its rooms' lines.
        assertThat(alice.stdout()).doesNotContain("ops only");
        assertThat(bob.stdout()).doesNotContain("only alice hears this").doesNotContain("alice after the restart");
        // Every chat line of a client in several rooms names its room.
        for (ScriptedProcess client : List.of(alice, bob)) {
            assertThat(client.stdout().lines().filter(l -> l.matches(TIME + "\\S+: .*")))
                    .as(client.describe()).isEmpty();
        }
    }
}

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
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A v2 client ({@code chatlab client}, a real process) on a name with two addresses, as a cluster's DNS name has
 * (docs/CLIENT.md, *Several servers*): the JVM's hosts file ({@code -Djdk.net.hosts.file}) gives {@code chat.test}
 * both servers' loopback addresses, so the client resolves it with {@code InetAddress.getAllByName} as it would a
 * real name. When the server it is on goes away it moves to the other; in a cluster on a real nats-server, a server
 * killed with SIGKILL costs its v2 users nothing acknowledged and shows them nothing twice, and the other servers
 * drop its other users within the documented time (docs/CLUSTER.md).
 */
class ClusterFailoverIT {
    private static final String NAME = "chat.test";
    /**
     * The cluster servers' presence interval here (5 s by default): shorter, so that the test does not wait out the
     * default's 15 to 20 s, and long enough that a busy machine's pauses do not make a live server look silent.
     */
    private static final Duration PRESENCE_INTERVAL = Duration.ofSeconds(2);
    /**
     * docs/CLUSTER.md (Presence): a silent server's users leave the others' lists three to four presence intervals
     * after its last roster (15 to 20 s with the default interval).
     */
    private static final Duration DROPPED_WITHIN = PRESENCE_INTERVAL.multipliedBy(4);
    /** The documented time, and room for a busy two-core machine. */
    private static final Duration DROPPED_DEADLINE = DROPPED_WITHIN.plusSeconds(15);
    private static final Duration MOVED_DEADLINE = Duration.ofSeconds(90);
    /**
     * The cluster servers' name TTL here: far longer than the client takes to come back, so that it is back on the
     * other server only because it took its name over with its session, not because A's claim ran out.
     */
    private static final Duration NAME_TTL = Duration.ofSeconds(120);
    /** Well within the TTL: what a take-over needs (the client's reconnect and one round trip to the broker). */
    private static final Duration TAKEN_OVER_WITHIN = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aV2ClientMovesToTheNamesOtherServerWhenItsServerGoesAway() throws Exception {
        int port = Ports.freeForTcpAndUdp();
        ChatServer first = cleanup.add(ChatServer.start(standalone(171, port), ServerEvents.NONE));
        ChatServer second = cleanup.add(ChatServer.start(standalone(172, port), ServerEvents.NONE));
        RawLabClient onFirst = cleanup.add(RawLabClient.connect(Ports.loopback(173), Ports.loopback(171), port, 0));
        onFirst.send("one");
        onFirst.awaitContains("\"one\"");
        RawLabClient onSecond = cleanup.add(RawLabClient.connect(Ports.loopback(174), Ports.loopback(172), port, 0));
        onSecond.send("two");
        onSecond.awaitContains("\"two\"");

        ScriptedProcess robot = client("robot", port, hostsFile(171, 172));
        robot.typeLine("before");
        onFirst.awaitContains("robot: before ");
        robot.awaitStdout("robot: before \u2713");

        first.close(); // the server the client is on goes away
        robot.awaitStdout("lost the server");
        robot.typeLine("after");
        onSecond.awaitContains("robot: after ");
        robot.awaitStdout("robot: after \u2713");
        robot.closeInput();
        assertThat(robot.awaitExit(Duration.ofSeconds(60))).as(robot.describe()).isZero();
        assertThat(second.openConnections()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSigkilledServersV2ClientResumesOnTheOtherWithNothingLostAndNothingTwice() throws Exception {
        NatsBroker broker = cleanup.add(NatsBroker.start(dir));
        int port = Ports.freeForTcpAndUdp();
        ScriptedProcess serverA = clusterServer("A", 175, port, broker);
        clusterServer("B", 176, port, broker);

        // carol (lab) is on A and does not come back; bob (v2) is on B and stays.
        RawLabClient carol = cleanup.add(RawLabClient.connect(Ports.loopback(177), Ports.loopback(175), port, 0));
        carol.send("carol");
        carol.awaitContains("\"carol\"");
        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = cleanup.add(new V2ClientSession(ClientConfig.of(Ports.loopback(176).getHostAddress())
                .withPort(port).withBindAddress(Optional.of(Ports.loopback(178))).withUdpPort(0)
                .withReconnect(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 200)), bobOut));
        bob.start("bob");

        // alice (v2, a process) resolves chat.test to A then B: she is on A.
        ScriptedProcess alice = client("alice", port, hostsFile(175, 176));
        Await.until("bob to see alice and carol", () -> bob.users().map(u -> u.containsKey("alice")
                && u.containsKey("carol")).orElse(false));
        for (int i = 1; i <= 10; i++) {
            alice.typeLine("a" + i);
        }
        alice.awaitStdout("alice: a10 \u2713");
        for (int i = 1; i <= 3; i++) {
            bob.submit("b" + i);
        }
        alice.awaitStdout("bob: b3");
        for (int i = 11; i <= 20; i++) {
            alice.typeLine("a" + i); // some in flight when A dies
        }
        serverA.kill(); // SIGKILL: no goodbye to the cluster, nor to the clients
        long killedAt = System.nanoTime();
        for (int i = 4; i <= 8; i++) {
            bob.submit("b" + i); // said while alice is away
        }
        for (int i = 21; i <= 25; i++) {
            alice.typeLine("a" + i); // typed while she is away
        }

        Await.until("alice to be back on B", MOVED_DEADLINE, () -> alice.stdout().contains("back in the room"));
        Duration moved = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("alice was back in the room on B " + moved.toMillis() + " ms after A was killed");
        // A's claim of her name (120 s) and B's copy of A's roster still held it: her session took it over, so she
        // was never refused and is back long before either would have let her in.
        assertThat(alice.stdout()).doesNotContain("may still hold the name");
        assertThat(moved).as("a take-over, not the claim's expiry").isLessThan(TAKEN_OVER_WITHIN);

        Await.until("carol to leave bob's list", DROPPED_DEADLINE,
                () -> bob.users().map(u -> !u.containsKey("carol")).orElse(false));
        Duration dropped = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("carol left B's lists " + dropped.toMillis() + " ms after A was killed");
        assertThat(dropped).as("the documented time (and a busy machine's slack)").isLessThan(DROPPED_DEADLINE);
        // What was said while she was away reaches her from the stream (before she leaves: at the end of its input
        // the client waits for its acknowledgements, not for a replay still on its way).
        alice.awaitStdout(" bob: b8\n");
        alice.closeInput(); // she leaves once everything she typed is acknowledged
        assertThat(alice.awaitExit(MOVED_DEADLINE)).as(alice.describe()).isZero();
        for (int i = 1; i <= 25; i++) {
            int n = i;
            Await.until("bob to get a" + n, () -> bobOut.has("message alice [a" + n + "]"));
        }
        for (int i = 1; i <= 25; i++) {
            assertThat(bobOut.count("message alice [a" + i + "]")).as("times bob was shown a" + i).isEqualTo(1);
        }
        String seen = alice.stdout();
        String stream = streamOf(broker);
        for (int i = 1; i <= 8; i++) {
            assertThat(count(seen, " bob: b" + i + "\n")).as("times alice was shown b" + i + ":\n"
                    + alice.describe() + "\nbob:\n" + String.join("\n", bobOut.lines()) + "\nstream:\n" + stream)
                    .isEqualTo(1);
        }
        assertThat(bob.users().orElseThrow()).doesNotContainKey("carol");
    }

    /** The default room's stream as the servers read it: seq, sender, text (for a failure's message). */
    private static String streamOf(NatsBroker broker) throws Exception {
        chatlab.cluster.ClusterConfig config = chatlab.cluster.ClusterConfig.of(List.of(broker.url()));
        try (chatlab.cluster.NatsLink link = chatlab.cluster.NatsLink.connect(config, "test");
                chatlab.cluster.JetStreamMessageLog log = chatlab.cluster.JetStreamMessageLog.open(link, config)) {
            StringBuilder out = new StringBuilder("epoch " + log.epoch() + "\n");
            for (chatlab.history.LoggedMessage m : log.after("#general", 0, 1000).get()) {
                out.append(m.seq()).append(' ').append(m.from()).append(": ").append(m.text()).append('\n');
            }
            return out.toString();
        }
    }

    private ServerConfig standalone(int octet, int port) {
        return ServerConfig.defaults().withBindAddresses(List.of(Ports.loopback(octet))).withPort(port);
    }

    private ScriptedProcess clusterServer(String label, int octet, int port, NatsBroker broker) {
        ScriptedProcess server = cleanup.add(ChatlabJar.start("server " + label, "server", "--bind",
                Ports.loopback(octet).getHostAddress(), "--port", Integer.toString(port), "--cluster", broker.url(),
                "--cluster-name-ttl", NAME_TTL.toSeconds() + "s", "--cluster-presence-interval",
                PRESENCE_INTERVAL.toSeconds() + "s"));
        server.awaitStderr("listening on");
        return server;
    }

    /** {@code chat.test} answering with 127.0.0.{@code first}, then 127.0.0.{@code second}. */
    private Path hostsFile(int first, int second) throws Exception {
        Path hosts = dir.resolve("hosts-" + first + "-" + second);
        Files.writeString(hosts, Ports.loopback(first).getHostAddress() + " " + NAME + "\n"
                + Ports.loopback(second).getHostAddress() + " " + NAME + "\n"
                + "127.0.0.1 localhost\n");
        return hosts;
    }

    /** {@code chatlab client --server chat.test}, the name resolved through {@code hosts}. */
    private ScriptedProcess client(String name, int port, Path hosts) {
        List<String> args = new ArrayList<>(List.of("client", "--server", NAME, "--port", Integer.toString(port),
                "--udp-port", "0", "--name", name, "--drain-timeout", "120s"));
        return cleanup.add(ChatlabJar.start(name, Map.of("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts),
                args.toArray(String[]::new)));
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}

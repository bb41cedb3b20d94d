package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpdump on loopback while two {@code chatlab client}s (the v2 wire, the default) chat through {@code chatlab
 * server} and send each other a direct message over UDP; {@code chatlab analyze --chat} must rebuild that chat.
 */
class AnalyzeV2ChatIT {
    private final Cleanup cleanup = new Cleanup();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private static String tool(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new AssertionError(name + " is not installed; this test needs it: "
                + "DEBIAN_FRONTEND=noninteractive apt-get install -y tcpdump");
    }

    private static String analyzeChat(Path pcap, int port) {
        StringWriter out = new StringWriter();
        var cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(new StringWriter()));
        cmd.execute("analyze", "--chat", "--server-port", Integer.toString(port), pcap.toString());
        return out.toString();
    }

    @Test
    void theChatOfTwoV2ClientsIsRebuiltFromTheCapture() throws Exception {
        InetAddress server = Ports.loopback(161);
        InetAddress a = Ports.loopback(162);
        InetAddress b = Ports.loopback(163);
        int port = Ports.freeForTcpAndUdp(server, a, b);
        String p = Integer.toString(port);
        String srv = server.getHostAddress();
        String aIp = a.getHostAddress();
        String bIp = b.getHostAddress();
        Path pcap = dir.resolve("v2-chat.pcap");

        ScriptedProcess dump = cleanup.add(ScriptedProcess.start("tcpdump", List.of(tool("tcpdump"), "-Z", "root",
                "--immediate-mode", "-U", "-i", "lo", "-w", pcap.toString(),
                "host " + srv + " or (host " + aIp + " and host " + bIp + ")"), Map.of()));
        dump.awaitStderr("listening on");
        ScriptedProcess chatServer = cleanup.add(ChatlabJar.start("server", "server", "--bind", srv, "--port", p));
        chatServer.awaitStderr("listening on");
        ScriptedProcess alice = cleanup.add(ChatlabJar.start("alice", "client", "--server", srv, "--port", p,
                "--bind", aIp, "--udp-port", "0", "--name", "alice"));
        alice.awaitStdout("connected to");
        ScriptedProcess bob = cleanup.add(ChatlabJar.start("bob", "client", "--server", srv, "--port", p,
                "--bind", bIp, "--udp-port", "0", "--name", "bob"));
        bob.awaitStdout("connected to");
        alice.awaitStdout("bob");

        alice.typeLine("hello, room");
        bob.awaitStdout("alice: hello, room");
        bob.typeLine("hi alice");
        alice.awaitStdout("bob: hi alice");
        alice.typeLine("@bob: psst");
        alice.awaitStdout("delivered to bob directly over UDP");
        bob.awaitStdout("psst");
        bob.closeInput();
        assertThat(bob.awaitExit(Duration.ofSeconds(30))).as(bob.describe()).isZero();

        String A = "alice (" + aIp + ")";
        String B = "bob (" + bIp + ")";
        String S = "server (" + srv + ")";
        List<String> expected = List.of(
                A + " registers with the name \"alice\" (v2 wire, UDP port ",
                B + " registers with the name \"bob\" (v2 wire, UDP port ",
                // chatlab's client lists the features "rooms" and "history": its welcome names only itself, and the
                // room comes in a "room" message, then the room's history (neither decoded by the analyzer yet).
                S + " to " + A + ": active users {alice=" + aIp + "} [welcome as alice, alice: v2 wire, UDP port ",
                S + " to " + A + ": message of type \"room\" (not decoded)",
                S + " to " + A + ": message of type \"history\" (not decoded)",
                S + " to " + B + ": active users {bob=" + bIp + "} [welcome as bob, bob: v2 wire, UDP port ",
                S + " to " + A + ": bob joined [" + bIp + ", v2 wire, UDP port ",
                A + " to everyone: hello, room [id ",
                S + " to " + A + ": acknowledges ",
                "server relays to " + B + ": alice: hello, room [seq 1, id ",
                B + " to everyone: hi alice [id ",
                "server relays to " + A + ": bob: hi alice [seq 2, id ",
                A + " to " + B + " (UDP direct): psst [id ",
                B + " to " + A + " (UDP direct): acknowledges ",
                B + " to " + S + ": bob left [says bye]",
                S + " to " + A + ": bob left");
        // tcpdump writes each packet as it comes (-U); wait until the capture holds the whole conversation
        Await.until("the capture to hold the whole chat", () -> analyzeChat(pcap, port),
                out -> expected.stream().allMatch(out::contains));
        String out = analyzeChat(pcap, port);
        assertThat(out).doesNotContain("bad v2 line", "bytes missing");
        // Everything is decoded but the rooms' and history's messages (the analyzer does not know them yet).
        assertThat(out.lines().filter(l -> l.contains("not decoded")))
                .allMatch(l -> l.endsWith("message of type \"room\" (not decoded)")
                        || l.endsWith("message of type \"history\" (not decoded)"));
        // No frame's line twice (alice's welcome frame, which also holds the empty room, once was).
        List<String> lines = out.lines().skip(2).filter(l -> l.matches(" *\\d+\\.\\d{6}  #.*"))
                .map(l -> l.substring(12)).toList();
        assertThat(lines).doesNotHaveDuplicates();
        assertThat(out.indexOf(A + " to everyone: hello, room")).isLessThan(out.indexOf(B + " to everyone: hi alice"));
    }
}

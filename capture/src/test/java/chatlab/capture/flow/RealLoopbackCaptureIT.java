package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.report.Json;
import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.TcpAnswers;
import chatlab.capture.report.UdpAnswers;
import chatlab.capture.testing.Proc;
import chatlab.capture.testing.Tshark;
import chatlab.capture.testing.TsharkComparison;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real captures: tcpdump (or dumpcap for pcapng) on loopback while the lab's own Python chat server and two Python
 * clients chat over TCP and send each other direct UDP messages; every answer is then compared with tshark.
 */
class RealLoopbackCaptureIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The lab's Python programs: in the labpython module, or where testkit kept them before. */
    private static final Path LAB = java.util.stream.Stream.of(
                    Path.of("..", "labpython", "src", "main", "resources", "chatlab", "labpython"),
                    Path.of("..", "testkit", "src", "main", "resources", "chatlab", "testkit", "lab"))
            .filter(p -> Files.exists(p.resolve("chatserver.py"))).findFirst()
            .orElse(Path.of("..", "labpython", "src", "main", "resources", "chatlab", "labpython"));
    private static final String SERVER_IP = "127.0.0.10";
    private static final String ALICE_IP = "127.0.0.11";
    private static final String BOB_IP = "127.0.0.12";

    @TempDir
    Path dir;

    private static String which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool).toString();
            }
        }
        throw new AssertionError(tool + " is not installed, and this test captures real traffic with it: install it "
                + "with 'DEBIAN_FRONTEND=noninteractive apt-get install -y tcpdump tshark'");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs the lab chat while capturing; returns the capture file. */
    private Path captureLabChat(String how, int port) throws Exception {
        Tshark.require();
        assertThat(LAB.resolve("chatserver.py")).as("the lab's Python programs in labpython").exists();
        Path file = dir.resolve("lab-" + how + (how.equals("dumpcap") ? ".pcapng" : ".pcap"));
        String filter = "port " + port;
        List<String> capture = switch (how) {
            case "lo" -> List.of(which("tcpdump"), "-Z", "root", "--immediate-mode", "-U", "-i", "lo", "-w",
                    file.toString(), filter);
            case "any" -> List.of(which("tcpdump"), "-Z", "root", "--immediate-mode", "-U", "-i", "any", "-w",
                    file.toString(), filter);
            default -> List.of(which("dumpcap"), "-q", "-i", "lo", "-f", filter, "-w", file.toString());
        };
        Map<String, String> env = Map.of("CHAT_PORT", Integer.toString(port), "CHAT_SERVER", SERVER_IP,
                "CHAT_SERVER_IP", SERVER_IP);
        try (Proc dump = Proc.start(how, capture, Map.of())) {
            dump.await(() -> dump.output().contains("listening on") || dump.output().contains("Capturing on"), WAIT,
                    "the capture to start");
            try (Proc server = Proc.start("chatserver", List.of("python3", "-u", LAB.resolve("chatserver.py").toString()),
                    env)) {
                server.awaitOutput("Waiting for connection", WAIT);
                try (Proc alice = client("alice", ALICE_IP, env); Proc bob = client("bob", BOB_IP, env)) {
                    server.awaitOutput("bob with IP address:" + BOB_IP, WAIT);
                    alice.await(() -> {
                        try {
                            alice.send("#ls");
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                        return alice.output().contains("'bob': '" + BOB_IP + "'");
                    }, WAIT, "alice to learn bob's address");
                    alice.send("hello room");
                    bob.awaitOutput("incoming msg from chatserver (alice: hello room )", WAIT);
                    alice.send("@bob: hi bob");
                    bob.awaitOutput("Incoming msg (P2P) from alice: hi bob", WAIT);
                    bob.send("@alice: hi alice");
                    alice.awaitOutput("Incoming msg (P2P) from bob: hi alice", WAIT);
                    alice.closeInput();
                    alice.waitExit(WAIT);
                    bob.closeInput();
                    bob.waitExit(WAIT);
                    // Both clients closed: wait until the capture shows each side of both connections ending it.
                    dump.await(() -> ends(file).size() >= 4, WAIT, () -> "the capture to show both connections closed "
                            + "(FIN or RST from each side); seen so far: " + ends(file) + "; the server said: "
                            + server.output() + "; alice: " + alice.output() + "; bob: " + bob.output());
                }
            }
        }
        return file;
    }

    /**
     * Segments with FIN or RST in the capture so far, as "FIN from port P" (a partly written last record is simply
     * not counted).
     */
    private static List<String> ends(Path file) {
        List<String> ends = new ArrayList<>();
        try {
            new Analyzer(AnalysisOptions.defaults(), new PacketObserver() {
                @Override
                public void tcp(chatlab.capture.file.Frame f, chatlab.capture.decode.Packet p, TcpSegment s) {
                    if ((p.tcpFlags & 0x005) != 0) {
                        ends.add(((p.tcpFlags & 0x004) != 0 ? "RST" : "FIN") + " from port " + p.srcPort);
                    }
                }
            }).analyze(file);
        } catch (IOException e) {
            ends.add("(capture unreadable: " + e.getMessage() + ")");
        }
        return ends;
    }

    private Proc client(String name, String ip, Map<String, String> env) throws IOException {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("CHAT_CLIENT_IP", ip);
        Proc p = Proc.start(name, List.of("python3", "-u", LAB.resolve("chatclient.py").toString()), e);
        p.send(name);
        p.awaitOutput("Connection Established", WAIT);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lo", "any", "dumpcap"})
    void labChatCaptureAgreesWithTshark(String how) throws Exception {
        int port = freePort();
        Path file = captureLabChat(how, port);
        AnalysisOptions options = AnalysisOptions.defaults().withServerPort(port).withChat(true);
        TsharkComparison.Result r = TsharkComparison.compare(file, options);
        assertThat(r.mismatches()).as("disagreements with tshark").isEmpty();
        Analysis a = r.analysis();
        assertThat(a.problems()).isEmpty();
        assertThat(a.tcpConnections()).isEqualTo(2);
        LabAnswers answers = LabAnswers.of(a);
        String json = Json.write(answers);
        assertThat(json).contains("\"client\": \"" + ALICE_IP + ":");
        assertThat(a.synCopy()).isNotNull();
        assertThat(a.synAckCopy()).isNotNull();
        assertThat(a.udpCopy()).isNotNull();
        UdpAnswers.Datagram udp = answers.udp().first();
        assertThat(udp.payloadText()).isEqualTo(" hi bob");
        assertThat(udp.lengthField()).isEqualTo(8 + 7);
        assertThat(udp.sourcePort()).isEqualTo(port);
        // tshark's own values for the chosen frames
        Map<Long, Map<String, String>> t = Tshark.fields(file, List.of("tcp.seq_raw", "tcp.ack_raw", "tcp.flags",
                "udp.length", "udp.checksum", "ip.proto"));
        TcpAnswers.Syn syn = answers.tcp().syn();
        TcpAnswers.SynAck synack = answers.tcp().synAck();
        assertThat(Long.toString(syn.seqRaw())).isEqualTo(t.get(a.synCopy().number()).get("tcp.seq_raw"));
        assertThat(syn.flagsHex()).isEqualTo(t.get(a.synCopy().number()).get("tcp.flags"));
        assertThat(Long.toString(synack.seqRaw())).isEqualTo(t.get(a.synAckCopy().number()).get("tcp.seq_raw"));
        assertThat(Long.toString(synack.ackRaw())).isEqualTo(t.get(a.synAckCopy().number()).get("tcp.ack_raw"));
        assertThat(synack.ackEqualsSynSeqPlus1()).isTrue();
        assertThat(udp.checksum()).isEqualTo(t.get(a.udpCopy().number()).get("udp.checksum"));
        assertThat(Integer.toString(answers.ip().udpProtocolNumber()))
                .isEqualTo(t.get(a.udpCopy().number()).get("ip.proto"));
        // bob's connection when asked for
        Analysis forBob = new Analyzer(options.withClient(BOB_IP)).analyze(file);
        assertThat(forBob.selected().stream()).isEqualTo(1);
        // the chat, rebuilt
        List<String> chat = new ArrayList<>();
        a.chat().lines().forEach(l -> chat.add(l.kind() + " " + l.from() + " -> " + l.to() + ": " + l.text()));
        String alice = "alice (" + ALICE_IP + ")";
        String bob = "bob (" + BOB_IP + ")";
        String server = "server (" + SERVER_IP + ")";
        assertThat(chat).contains(
                "REGISTER " + alice + " -> " + server + ": alice",
                "REGISTER " + bob + " -> " + server + ": bob",
                "ROOM_MESSAGE " + alice + " -> everyone: hello room",
                "RELAY alice -> " + bob + ": hello room",
                "DIRECT_MESSAGE " + alice + " -> " + bob + ":  hi bob",
                "DIRECT_MESSAGE " + bob + " -> " + alice + ":  hi alice");
        assertThat(a.chat().nameOf(BOB_IP)).isEqualTo("bob");
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.testbed.Tools;
import chatlab.testkit.Await;
import chatlab.testkit.ScriptedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lab in network namespaces, as root: {@code chatlab testbed} as a real process from the shaded jar, with
 * a namespace prefix of its own so a testbed someone has up is never touched. Every test checks that no namespace,
 * process or file is left behind.
 */
class TestbedIT {
    private static final String PREFIX = "chatlabit-";
    private static final Path RUN_DIR = Path.of("/run", PREFIX + "testbed");
    private static final Path ETC_NETNS = Path.of("/etc/netns");
    /** A run plays about 10 s of scenario; JVMs starting on a busy two-core machine make it longer. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    private boolean etcNetnsExisted;
    /** A private copy of the jar, made once: other builds in the same tree may rebuild target/chatlab.jar. */
    private static Path jar;
    private final List<ScriptedProcess> processes = new ArrayList<>();

    @BeforeAll
    static void rootToolsAndJar() throws IOException {
        // A developer without root or the packages skips these; CI (root, .ci/run installs them) must never skip.
        boolean ci = System.getenv("CI") != null;
        requireOrSkip(ci, Tools.effectiveUid() == 0, "the testbed needs root (CI runs as root)");
        for (Tools.Tool tool : List.of(Tools.IP, Tools.SETSID, Tools.DNSMASQ, Tools.TCPDUMP, Tools.NFT)) {
            requireOrSkip(ci, Tools.find(tool.command()).isPresent(), tool.command() + " is not installed");
        }
        jar = Files.createTempFile("chatlab-testbed-it-", ".jar");
        Files.copy(ChatlabJar.jar(), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var file = new java.util.jar.JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .as("target/chatlab.jar is the shaded jar (another build may be rewriting it)").isNotNull();
        }
    }

    private static void requireOrSkip(boolean ci, boolean condition, String why) {
        if (ci) {
            assertThat(condition).as(why).isTrue();
        } else {
            assumeTrue(condition, why);
        }
    }

    @AfterAll
    static void removeJar() throws IOException {
        if (jar != null) {
            Files.deleteIfExists(jar);
        }
    }

    @BeforeEach
    void nothingOfOursYet() throws Exception {
        if (!namespaces().isEmpty() || Files.exists(RUN_DIR)) {
            // A build killed in the middle of this test left its testbed: remove it, as a person would.
            assertThat(chatlab("testbed", "down", "--prefix", PREFIX).awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(namespaces()).as("namespaces left by an earlier run").isEmpty();
        etcNetnsExisted = Files.isDirectory(ETC_NETNS);
    }

    @AfterEach
    void leavesNothingBehind() throws Exception {
        for (ScriptedProcess p : processes) {
            p.close();
        }
        // A failed test still cleans up, so the next one starts from nothing.
        ScriptedProcess down = chatlab("testbed", "down", "--prefix", PREFIX);
        assertThat(down.awaitExit(Duration.ofMinutes(1))).isZero();
        assertThat(down.stdout()).as("down after the test found something left").contains("nothing to remove");
        assertThat(namespaces()).isEmpty();
        assertThat(RUN_DIR).doesNotExist();
        assertThat(Files.isDirectory(ETC_NETNS)).isEqualTo(etcNetnsExisted);
        if (etcNetnsExisted) {
            try (Stream<Path> entries = Files.list(ETC_NETNS)) {
                assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(PREFIX));
            }
        }
        assertThat(processesMentioning(RUN_DIR.toString())).isEmpty();
        assertThat(processesMentioning(temp.toString())).isEmpty();
    }

    @Test
    void upIsReusedStatusShowsTheHostsDnsAnswersAndDownIsIdempotent() throws Exception {
        List<String> rootBefore = rootNetwork();
        ScriptedProcess up = chatlab("testbed", "up", "--prefix", PREFIX);
        assertThat(up.awaitExit(Duration.ofMinutes(1))).as(up.describe()).isZero();
        assertThat(up.stdout()).contains("The testbed is up.", "client1    10.20.30.11", "dnsmasq");
        assertThat(namespaces()).containsExactlyInAnyOrder(PREFIX + "switch", PREFIX + "dnsserver", PREFIX + "webserver",
                PREFIX + "client1", PREFIX + "client2", PREFIX + "client3");

        ScriptedProcess again = chatlab("testbed", "up", "--prefix", PREFIX);
        assertThat(again.awaitExit(Duration.ofMinutes(1))).isZero();
        assertThat(again.stdout()).contains("already up; nothing was changed");
        assertThat(namespaces()).hasSize(6);

        // Every host resolves the chat server through dnsserver, A and AAAA, as in the lab.
        ScriptedProcess v4 = chatlab("testbed", "shell", "--prefix", PREFIX, "client1", "--", "getent", "ahostsv4",
                "chat.ttm4200.com");
        assertThat(v4.awaitExit(Duration.ofMinutes(1))).as(v4.describe()).isZero();
        assertThat(v4.stdout()).contains("10.20.30.3");
        ScriptedProcess v6 = chatlab("testbed", "shell", "--prefix", PREFIX, "client3", "--", "getent", "ahostsv6",
                "chat.ttm4200.com");
        assertThat(v6.awaitExit(Duration.ofMinutes(1))).isZero();
        assertThat(v6.stdout()).contains("fd00::3");
        ScriptedProcess addresses = chatlab("testbed", "shell", "--prefix", PREFIX, "webserver", "--", "ip", "-o", "addr");
        assertThat(addresses.awaitExit(Duration.ofMinutes(1))).isZero();
        assertThat(addresses.stdout()).contains("10.20.30.3/24", "fd00::3/64");

        // Nothing of the lab is in the machine's own namespace: no interface, address or route of it appeared there.
        // (Other tests on this machine may change the root namespace meanwhile, so only what is new is looked at.)
        List<String> added = new ArrayList<>(rootNetwork());
        added.removeAll(rootBefore);
        assertThat(added).noneMatch(item -> Stream.of("10.20.30.", "fd00::3", "fd00::1", "webserver", "dnsserver",
                "client", "br0", "eth0").anyMatch(item::contains));

        ScriptedProcess status = chatlab("testbed", "status", "--prefix", PREFIX);
        assertThat(status.awaitExit(Duration.ofMinutes(1))).isZero();
        assertThat(status.stdout()).contains("The testbed is up.", "chat.ttm4200.com -> 10.20.30.3, fd00::3");
        Matcher dns = Pattern.compile("dnsmasq on dnsserver, pid (\\d+)").matcher(status.stdout());
        assertThat(dns.find()).isTrue();
        long dnsmasq = Long.parseLong(dns.group(1));

        ScriptedProcess down = chatlab("testbed", "down", "--prefix", PREFIX);
        assertThat(down.awaitExit(Duration.ofMinutes(1))).isZero();
        assertThat(down.stdout()).contains("stopped dnsmasq (pid " + dnsmasq + ")", "deleted namespace " + PREFIX
                + "switch", "The testbed is down.");
        assertThat(ProcessHandle.of(dnsmasq).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void theLabWithChatlabAndPacketLoss() throws Exception {
        Path out = temp.resolve("chatlab-loss");
        ScriptedProcess run = chatlab("testbed", "run", "--prefix", PREFIX, "--out", out.toString(), "--loss", "20");
        assertThat(run.awaitExit(RUN_TIMEOUT)).as(run.describe()).isZero();
        String summary = read(out.resolve("summary.txt"));
        assertThat(summary).contains("Result: OK", "Crashes: none", "loss      20% of TCP packets");
        checkTranscripts(out);
        checkAnalysis(out);
        long retransmissions;
        try (Analysis server = new Analyzer(AnalysisOptions.defaults()).analyze(out.resolve("chatserver.pcap"))) {
            retransmissions = server.tcpRetransmissions();
        }
        assertThat(retransmissions).as("retransmissions in chatserver.pcap with 20% loss").isPositive();
        assertEnded(summary);
    }

    @Test
    void theLabWithTheLabsPythonPrograms() throws Exception {
        Path out = temp.resolve("python");
        ScriptedProcess run = chatlab("testbed", "run", "--prefix", PREFIX, "--out", out.toString(), "--server",
                "python", "--clients", "python");
        assertThat(run.awaitExit(RUN_TIMEOUT)).as(run.describe()).isZero();
        String summary = read(out.resolve("summary.txt"));
        assertThat(summary).contains("Result: OK", "Crashes: none", "server    python", "client2 python");
        assertThat(read(out.resolve("transcripts/server.txt"))).contains("alice with IP address:10.20.30.11, has connected");
        checkTranscripts(out);
        checkAnalysis(out);
        assertEnded(summary);
    }

    @Test
    void ctrlCInTheMiddleOfARunStopsEverythingAndRemovesTheTestbed() throws Exception {
        Path out = temp.resolve("interrupted");
        ScriptedProcess run = chatlab("testbed", "run", "--prefix", PREFIX, "--out", out.toString());
        run.awaitStdout("bob joins");
        assertThat(namespaces()).hasSize(6);
        run("kill", "-INT", Long.toString(run.pid()));
        assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run.describe()).isEqualTo(TestbedCommand.EXIT_INTERRUPTED);
        assertThat(run.stdout()).contains("took the testbed down", "Result: INTERRUPTED");
        assertThat(namespaces()).isEmpty();
        String summary = read(out.resolve("summary.txt"));
        assertThat(summary).contains("interrupted (Ctrl-C or SIGTERM)");
        assertEnded(summary);
    }

    /**
     * The cluster scenario: a broker, three servers behind chat.ttm4200.com, six clients; the first server killed with
     * SIGKILL, another cut off from the broker for longer than the presence timeout and healed. Asserts the summary's
     * numbers for the clients that were not on the killed server (alice and bob are, by the scenario's design).
     */
    @Test
    void theClusterScenarioSurvivesAKilledServerAndAPartition() throws Exception {
        Path out = temp.resolve("cluster");
        ScriptedProcess run = chatlab("testbed", "run", "--prefix", PREFIX, "--out", out.toString(), "--scenario",
                "cluster");
        assertThat(run.awaitExit(Duration.ofMinutes(9))).as(run.describe()).isZero();
        String summary = read(out.resolve("summary.txt"));
        assertThat(summary).contains("Result: OK").doesNotContain("Disconnected by their server");
        // The v2 client of the killed server moved to another through the name and missed nothing (below).
        assertThat(summary).containsPattern("moved: alice \\(v2\\) reconnected through chat.ttm4200.com to "
                + "webserver[23]? at");
        assertThat(summary).contains("chat.ttm4200.com -> ", "10.20.30.3", "10.20.30.5", "10.20.30.6",
                "client1  alice  chatlab  v2  wire, through chat.ttm4200.com");
        // The dead server's users left the other v2 clients' lists within the documented time.
        assertThat(summary).containsPattern("the dead server's users left the others' lists within [0-9.]+ s "
                + "\\(documented: 20 s, measured at the clients\\): yes");
        assertThat(summary).contains("left: alice from carol's list", "left: bob from erin's list",
                "bob (lab client) cannot move");
        // The partition: the cut-off server's users left the lists, and came back after the heal.
        assertThat(summary).containsPattern("Partition: webserver[23]? cut off from the broker .* healed at \\+[0-9.]+ s "
                + "after 2[5-9]\\.[0-9]+ s; [1-9][0-9]* packets dropped");
        assertThat(summary).contains("partition observed: yes; healed: yes");
        // Nothing lost or doubled that the scenario does not explain.
        assertThat(summary).contains("unexpected: 0 lost, 0 doubled");
        Matcher row = Pattern.compile("\\n  (\\w+) +client\\d +(v2|lab) +\\S+ +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\S+)")
                .matcher(summary);
        int rows = 0;
        while (row.find()) {
            rows++;
            String name = row.group(1);
            int expected = Integer.parseInt(row.group(3));
            int delivered = Integer.parseInt(row.group(4));
            int doubled = Integer.parseInt(row.group(6));
            assertThat(expected).as(name + " expected").isPositive();
            assertThat(doubled).as(name + " doubled").isZero();
            if (!name.equals("bob")) {
                // Every client but the lab client of the killed server (which cannot reconnect): every message once,
                // the one that moved and the ones whose server was cut off from the broker included.
                assertThat(delivered).as(name + " delivered").isEqualTo(expected);
            }
            if (row.group(2).equals("v2")) {
                String[] acked = row.group(7).split("/");
                assertThat(acked[0]).as(name + "'s messages acknowledged").isEqualTo(acked[1]);
            }
        }
        assertThat(rows).isEqualTo(6);
        assertThat(read(out.resolve("transcripts/client3.txt"))).contains("* alice left", "* erin left", "* erin joined");
        for (String capture : List.of("chatserver.pcap", "webserver2.pcap", "webserver3.pcap", "broker.pcap",
                "client1.pcap", "client2.pcap")) {
            assertThat(Files.size(out.resolve(capture))).as(capture).isGreaterThan(24);
        }
        assertThat(out.resolve("analysis/broker.txt")).isRegularFile();
        assertEnded(summary);
    }

    /** Every chatroom and direct message arrived where it should, checked here independently of the summary. */
    private static void checkTranscripts(Path out) throws IOException {
        String client1 = read(out.resolve("transcripts/client1.txt"));
        String client2 = read(out.resolve("transcripts/client2.txt"));
        String client3 = read(out.resolve("transcripts/client3.txt"));
        assertThat(client2).contains("incoming msg from chatserver (alice: hello, room )",
                "Incoming msg (P2P) from alice: psst bob, this goes straight to you over UDP",
                "Incoming msg (P2P) from alice: welcome back, bob",
                "incoming msg from chatserver (carol: bye for now )");
        assertThat(client3).contains("incoming msg from chatserver (alice: hello, room )",
                "incoming msg from chatserver (bob: hi alice, hi carol )",
                "incoming msg from chatserver (alice: is bob gone? )",
                "incoming msg from chatserver (bob: I am back )",
                "{'alice': '10.20.30.11', 'bob': '10.20.30.12', 'carol': '10.20.30.13'}",
                "bob is not registered",
                "{'alice': '10.20.30.11', 'carol': '10.20.30.13', 'bob': '10.20.30.12'}");
        assertThat(client1).contains("incoming msg from chatserver (bob: hi alice, hi carol )",
                "Incoming msg (P2P) from bob: got it, alice",
                "Incoming msg (P2P) from carol: carol here, also direct",
                "incoming msg from chatserver (bob: I am back )");
        // bob was away when alice asked whether he was gone.
        assertThat(client2).doesNotContain("is bob gone?");
    }

    /** A SYN, a SYN-ACK and a UDP datagram of a direct message in the analysis. */
    private static void checkAnalysis(Path out) throws IOException {
        String answers = read(out.resolve("analysis/answers.txt"));
        assertThat(answers).contains("Q3", "Q4", "Q12");
        String server = read(out.resolve("analysis/chatserver.json"));
        assertThat(server).containsPattern("\"syn\": ?\\{\\s*\"frame\"").containsPattern("\"synack\": ?\\{\\s*\"frame\"")
                .contains("10.20.30.11");
        String client1 = read(out.resolve("analysis/client1.json"));
        assertThat(client1).containsPattern("\"first\": ?\\{\\s*\"frame\"").containsPattern("\"source_port\": ?5000")
                .containsPattern("\"destination_port\": ?5000");
        assertThat(out.resolve("analysis/report-chatserver/report.md")).isRegularFile();
        assertThat(out.resolve("analysis/report-chatserver/ladder.svg")).isRegularFile();
        for (String capture : List.of("chatserver.pcap", "client1.pcap", "client2.pcap")) {
            assertThat(Files.size(out.resolve(capture))).as(capture).isGreaterThan(24);
        }
    }

    /** Every PID the summary names has ended. */
    private static void assertEnded(String summary) {
        Matcher pid = Pattern.compile("pid (\\d+)").matcher(summary);
        int count = 0;
        while (pid.find()) {
            long number = Long.parseLong(pid.group(1));
            count++;
            assertThat(ProcessHandle.of(number).map(ProcessHandle::isAlive).orElse(false)).as("pid " + number).isFalse();
        }
        assertThat(count).isPositive();
    }

    /**
     * Runs chatlab from a private copy of the jar: other builds in the same tree may rebuild target/chatlab.jar
     * while a run is going, and a JVM cannot load classes from a jar replaced under it.
     */
    private ScriptedProcess chatlab(String... args) {
        // A run started in the background by a shell without job control inherits SIGINT ignored, and so would the
        // JVM (which then never sees the Ctrl-C this class sends): env restores the default first (coreutils 8.31+).
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ScriptedProcess p = ScriptedProcess.start("chatlab " + String.join(" ", args), command, java.util.Map.of());
        processes.add(p);
        return p;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Await.until(String.join(" ", command) + " to exit", () -> !p.isAlive());
        return output;
    }

    /** The root namespace's interface names, addresses and routes, sorted. */
    private static List<String> rootNetwork() throws Exception {
        List<String> items = new ArrayList<>();
        for (String line : run("ip", "-o", "link", "show").split("\n")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1) {
                items.add("link " + parts[1]);
            }
        }
        for (String line : run("ip", "-o", "addr", "show").split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length > 3) {
                items.add("addr " + parts[1] + " " + parts[3]);
            }
        }
        for (String family : List.of("-4", "-6")) {
            for (String line : run("ip", family, "route", "show", "table", "all").split("\n")) {
                if (!line.isBlank()) {
                    items.add("route " + line.strip());
                }
            }
        }
        return items.stream().sorted().toList();
    }

    private static List<String> namespaces() throws IOException {
        Path netns = Path.of("/run/netns");
        if (!Files.isDirectory(netns)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(netns)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX)).toList();
        }
    }

    /** PIDs of processes whose command line mentions {@code text}. */
    private static List<Long> processesMentioning(String text) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir : proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(text) && Long.parseLong(dir.getFileName().toString()) != ProcessHandle.current().pid()) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // The process ended while we looked.
                }
            }
        }
        return found;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}

package chatlab.check.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatlab.check.CheckRequest;
import chatlab.check.Network;
import chatlab.check.Target;
import chatlab.testbed.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Programs run unmodified in the lab's network, as root: the lab's own programs find chat.ttm4200.com and their own
 * address by themselves. Namespaces under a prefix of these tests' own ({@value #PREFIX}, then the process id), which
 * are gone after each test. One check at a time here; other test classes run beside.
 */
@Execution(ExecutionMode.SAME_THREAD)
class NamespaceCheckIT {
    static final String PREFIX = "ckt";

    @TempDir
    Path temp;

    @BeforeAll
    static void root() {
        // A developer without root or the packages skips these; CI (root) must never skip.
        boolean ci = System.getenv("CI") != null;
        boolean ready = Tools.effectiveUid() == 0 && Stream.of("ip", "dnsmasq", "unshare", "tcpdump", "setsid")
                .allMatch(t -> Tools.find(t).isPresent());
        if (ci) {
            assertThat(ready).as("root and iproute2, dnsmasq, util-linux, tcpdump").isTrue();
        } else {
            assumeTrue(ready, "the lab's network needs root and iproute2, dnsmasq, util-linux, tcpdump");
        }
    }

    private static CheckRequest inTheLab(Target target, List<String> command, Path report) {
        CheckRequest request = LabProgramsCheckIT.generous(CheckRequest.of(target, command).withPrefix(PREFIX)
                .withReportDir(report));
        assertThat(request.network()).isEqualTo(Network.NAMESPACES);
        return request;
    }

    @AfterEach
    void nothingIsLeft() throws Exception {
        try (Stream<Path> netns = Files.exists(Path.of("/run/netns")) ? Files.list(Path.of("/run/netns"))
                : Stream.empty()) {
            assertThat(netns.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX))).isEmpty();
        }
        try (Stream<Path> etc = Files.exists(Path.of("/etc/netns")) ? Files.list(Path.of("/etc/netns"))
                : Stream.empty()) {
            assertThat(etc.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX))).isEmpty();
        }
        try (Stream<Path> run = Files.list(Path.of("/run"))) {
            assertThat(run.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX))).isEmpty();
        }
    }

    @Test
    void theLabsOwnServerPassesUnmodifiedWithCapturesInTheReport() throws Exception {
        Path report = temp.resolve("report");
        CheckRequest request = inTheLab(Target.SERVER, Programs.python("chatserver.py"), report);
        Programs.Run run = Programs.check(request.withTimeouts(request.timeouts()
                .withStall(LabProgramsCheckIT.SHORT_STALL)));
        assertThat(run.outcome().passed()).as(run.summary()).isTrue();
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("S-LONG-OVER", "S-SLOW-READER");
        // It bound gethostbyname(gethostname()), which the check made the webserver's lab address.
        assertThat(run.progress()).anyMatch(l -> l.contains("started the server") && l.contains("on webserver, "
                + "10.20.30.3 port 5000"));
        assertThat(run.about("S-REGISTER")).contains("PASS");
        assertThat(report.resolve("captures/webserver.pcap")).isNotEmptyFile();
        assertThat(report.resolve("captures/client2.pcap")).isNotEmptyFile();
        assertThat(report.resolve("report.md")).content().contains("# chatlab check server: PASS");
        assertThat(report.resolve("result.json")).content().contains("\"network\" : \"namespaces\"");
        assertThat(report.resolve("programs/server-relay.txt")).content().contains("has connected");
    }

    @Test
    void aFaultyServersEvidenceNamesTheFrameInTheCapture() throws Exception {
        CheckRequest request = inTheLab(Target.SERVER, Programs.python("server_relays_to_sender.py"),
                temp.resolve("report")).withRules(Set.of("S-RELAY-NOT-SENDER", "S-RELAY-OTHERS"), Set.of());
        Programs.Run run = Programs.check(request);
        assertThat(run.failed()).as(run.summary()).containsExactly("S-RELAY-NOT-SENDER");
        assertThat(run.about("S-RELAY-NOT-SENDER")).contains("ann (10.20.30.21) received \"ann: hello from ann ")
                .containsPattern("\\[webserver\\.pcap frame \\d+\\]");
    }

    @Test
    void theLabsOwnClientPassesUnmodified() throws Exception {
        Programs.Run run = Programs.check(inTheLab(Target.CLIENT, Programs.python("chatclient.py"),
                temp.resolve("report")));
        assertThat(run.outcome().passed()).as(run.summary()).isTrue();
        assertThat(run.failed()).as(run.summary()).containsExactly("C-SERVER-LEAVES-QUIETLY");
        assertThat(run.about("C-REGISTER")).contains("alice was registered from 10.20.30.11");
    }

    @Test
    void aClientSendingDirectMessagesToTheServerIsShownTheFrame() throws Exception {
        CheckRequest request = inTheLab(Target.CLIENT, Programs.python("client_dm_to_server.py"),
                temp.resolve("report")).withRules(Set.of("C-DM-SEND"), Set.of());
        Programs.Run run = Programs.check(request);
        assertThat(run.failed()).as(run.summary()).containsExactly("C-DM-SEND");
        assertThat(run.about("C-DM-SEND")).contains("the server (10.20.30.3:5000) received \" hi bob, just between us\"")
                .containsPattern("\\[client1\\.pcap frame \\d+\\]");
    }
}

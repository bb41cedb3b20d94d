package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.check.Catalogue;
import chatlab.check.RuleInfo;
import chatlab.check.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chatlab check} in-process: its usage errors, and the rules it lists. */
class CheckCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void rulesListsEveryRuleWithItsKindAndLabText() {
        assertThat(run("check", "rules")).isZero();
        for (Target target : Target.values()) {
            for (RuleInfo rule : Catalogue.rules(target)) {
                assertThat(out.toString()).contains("  " + rule.id() + " (" + rule.requirement().word() + ")",
                        "lab: \"" + rule.labText() + "\"");
            }
        }
    }

    @Test
    void anUnknownRuleIsAUsageError() {
        assertThat(run("check", "server", "--only", "S-NOPE", "--", "python3", "x.py")).isEqualTo(2);
        assertThat(err.toString()).startsWith("chatlab: 'S-NOPE' is not a server rule; `chatlab check rules` lists them");
        assertThat(run("check", "client", "--skip", "S-LEAVE", "--", "python3", "x.py")).isEqualTo(2);
    }

    @Test
    void portsGoWithTheLoopbackOnly() {
        assertThat(run("check", "server", "--port", "6000", "--", "python3", "x.py")).isEqualTo(2);
        assertThat(err.toString()).contains("--port and --udp-port go with --host");
    }

    @Test
    void aProgramIsRequired() {
        assertThat(run("check", "server")).isEqualTo(2);
        assertThat(err.toString()).contains("missing required parameter: 'COMMAND'");
        assertThat(run("check", "client", "--copies", "4", "--", "x")).isEqualTo(2);
    }

    @Test
    void aServerThatNeverListensFailsEveryRequiredRuleWithExitStatusFour() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        int status = run("check", "server", "--host", "127.0.0.1", "--port", Integer.toString(free), "--quiet",
                "--start-timeout", "1s", "--only", "S-REGISTER,S-RELAY-OTHERS", "--", "python3", "-c",
                "import time; time.sleep(30)");
        assertThat(status).isEqualTo(CheckCommand.EXIT_FAILED);
        assertThat(out.toString()).contains("FAIL    required S-REGISTER",
                "the server did not listen on port " + free + " within 1 s",
                "RESULT: FAIL (S-REGISTER, S-RELAY-OTHERS)");
    }
}

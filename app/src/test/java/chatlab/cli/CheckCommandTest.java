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
    /** What one {@code chatlab check ...} printed and returned. */
    private record Ran(int status, String out, String err) {}

    private static Ran check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.newCommandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Ran(line.execute(all), out.toString(), err.toString());
    }

    @Test
    void rulesListsEveryRuleWithItsKindAndLabText() {
        Ran ran = check("rules");
        assertThat(ran.status()).isZero();
        for (Target target : Target.values()) {
            for (RuleInfo rule : Catalogue.rules(target)) {
                assertThat(ran.out()).contains("  " + rule.id() + " (" + rule.requirement().word() + ")",
                        "lab: \"" + rule.labText() + "\"");
            }
        }
    }

    @Test
    void anUnknownRuleIsAUsageError() {
        Ran ran = check("server", "--only", "S-NOPE", "--", "python3", "x.py");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err()).startsWith("chatlab: 'S-NOPE' is not a server rule; `chatlab check rules` lists them");
        assertThat(check("client", "--skip", "S-LEAVE", "--", "python3", "x.py").status()).isEqualTo(2);
    }

    @Test
    void portsGoWithTheLoopbackOnly() {
        Ran ran = check("server", "--port", "6000", "--", "python3", "x.py");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err()).contains("--port and --udp-port go with --host");
    }

    @Test
    void aProgramIsRequired() {
        Ran ran = check("server");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err()).contains("missing required parameter: 'COMMAND'");
        assertThat(check("client", "--copies", "4", "--", "x").status()).isEqualTo(2);
    }

    @Test
    void aServerThatNeverListensFailsEveryRequiredRuleWithExitStatusFour() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        Ran ran = check("server", "--host", "127.0.0.1", "--port", Integer.toString(free), "--quiet",
                "--start-timeout", "1s", "--only", "S-REGISTER,S-RELAY-OTHERS", "--", "python3", "-c",
                "import time; time.sleep(30)");
        assertThat(ran.status()).isEqualTo(CheckCommand.EXIT_FAILED);
        assertThat(ran.out()).contains("FAIL    required S-REGISTER",
                "the server did not listen on port " + free + " within 1 s",
                "RESULT: FAIL (S-REGISTER, S-RELAY-OTHERS)");
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The testbed's command line in-process: help everywhere, and mistakes as one line before anything is touched. */
class TestbedCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "run", "shell"})
    void everyTestbedSubcommandHasHelp(String subcommand) {
        assertThat(run("testbed", subcommand, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: chatlab testbed " + subcommand);
    }

    @org.junit.jupiter.api.Test
    void theTestbedListsItsSubcommands() {
        assertThat(run("testbed")).isZero();
        assertThat(out.toString()).contains("up", "down", "status", "run", "shell", "chatlab testbed run");
    }

    @org.junit.jupiter.api.Test
    void runsGoUnderTheXdgStateDirectoryNeverTheCurrentFolder() {
        assertThat(TestbedRunsFolder.base(java.util.Map.of("XDG_STATE_HOME", "/var/state"), "/home/ann"))
                .isEqualTo(java.nio.file.Path.of("/var/state/chatlab/testbed-runs"));
        assertThat(TestbedRunsFolder.base(java.util.Map.of(), "/home/ann"))
                .isEqualTo(java.nio.file.Path.of("/home/ann/.local/state/chatlab/testbed-runs"));
        // The XDG spec: an empty or relative value is ignored.
        assertThat(TestbedRunsFolder.base(java.util.Map.of("XDG_STATE_HOME", ""), "/home/ann"))
                .isEqualTo(java.nio.file.Path.of("/home/ann/.local/state/chatlab/testbed-runs"));
        assertThat(TestbedRunsFolder.base(java.util.Map.of("XDG_STATE_HOME", "state"), "/home/ann"))
                .isEqualTo(java.nio.file.Path.of("/home/ann/.local/state/chatlab/testbed-runs"));
        assertThat(TestbedRunsFolder.newRun(java.nio.file.Path.of("/r"), java.time.LocalDateTime.of(2026, 12, 7, 9, 30, 12)))
                .isEqualTo(java.nio.file.Path.of("/r/testbed-run-20261207-093012"));

        CommandLine cmd = Main.newCommandLine();
        CommandLine.ParseResult parsed = cmd.parseArgs("testbed", "run");
        TestbedRunCommand run = (TestbedRunCommand) parsed.subcommand().subcommand().commandSpec().userObject();
        java.nio.file.Path out = run.options().out();
        assertThat(out).isAbsolute()
                .hasParentRaw(TestbedRunsFolder.base(System.getenv(), System.getProperty("user.home")));
        assertThat(out.getFileName().toString()).matches("testbed-run-\\d{8}-\\d{6}");
        assertThat(out.startsWith(java.nio.file.Path.of("").toAbsolutePath())).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "run --server java                          | 'java' is not a program; use chatlab or python",
        "run --clients chatlab,python               | give one program for each of the 3 clients",
        "run --loss 80                              | the loss must be between 0 and 50 percent, not 80",
        "run --scenario /no/such/file.txt           | no scenario file /no/such/file.txt (the built-in scenarios are lab, quick, cluster)",
        "run --time-limit soon                      | 'soon' is not a duration",
        "run --scenario cluster --loss 10           | the cluster scenario chooses its own servers and clients and has no packet loss",
        "run --scenario cluster --clients python    | leave out --server, --clients and --loss",
    })
    void mistakesAreOneLineAndExitTwo(String args, String message) {
        assertThat(run(("testbed " + args).split(" "))).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("\tat ");
    }
}

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "run --server java                          | 'java' is not a program; use chatlab or python",
        "run --clients chatlab,python               | give one program for each of the 3 clients",
        "run --loss 80                              | the loss must be between 0 and 50 percent, not 80",
        "run --scenario /no/such/file.txt           | no scenario file /no/such/file.txt (the built-in scenarios are lab, quick)",
        "run --time-limit soon                      | 'soon' is not a duration",
    })
    void mistakesAreOneLineAndExitTwo(String args, String message) {
        assertThat(run(("testbed " + args).split(" "))).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("\tat ");
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A small relay bench on each wire runs to completion; the numbers themselves belong to docs/BENCHMARKS.md. */
class BenchCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"lab", "v2"})
    void aSmallRunDeliversEveryMessageToEveryOtherClient(String wire) {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        int code = cmd.execute("bench", "--wire", wire, "--clients", "5", "--senders", "2", "--messages", "50");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("complete: 400 of 400 deliveries");
    }
}

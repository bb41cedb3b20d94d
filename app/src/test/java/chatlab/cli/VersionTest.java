package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** chatlab --version names the version and the commit the build was made from. */
class VersionTest {
    @Test
    void theVersionNamesTheCommitOfThisBuild() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        assertThat(cmd.execute("--version")).isZero();
        String[] lines = out.toString().split("\\R");
        assertThat(lines[0]).matches("chatlab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{12}(-dirty)?\\)");
        assertThat(lines[1]).startsWith("Java " + System.getProperty("java.version") + " (");
        // This build ran in the repository: the commit is HEAD's (the test and the build see the same HEAD).
        Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(head).isZero();
        assertThat(lines[0]).contains("(commit " + head);
    }
}

package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** chatlab --version names the version and the commit the build was made from. */
class VersionIT {
    @Test
    void theVersionNamesTheCommitOfThisBuild() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        assertThat(cmd.execute("--version")).isZero();
        String[] lines = out.toString().split("\\R");
        assertThat(lines[1]).startsWith("Java " + System.getProperty("java.version") + " (");
        // The build and this test see the same checkout: in git the commit is HEAD's, outside git it is unknown.
        String head = null;
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
            head = git.exitValue() == 0 ? text : null;
        } catch (java.io.IOException noGit) {
            // no git on this machine: the build could not ask either
        }
        if (head != null) {
            assertThat(lines[0]).matches("chatlab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{12}(-dirty)?\\)")
                    .contains("(commit " + head);
        } else {
            assertThat(lines[0]).matches("chatlab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit unknown\\)");
        }
    }
}

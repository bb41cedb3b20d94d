package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clone's ./chatlab builds with Maven when the jar is missing; with its output going to a log (a pipe, not a
 * terminal) nothing in it may be a colour code. A copy of the launcher in a folder whose POM does not parse makes
 * Maven fail fast, offline, with [ERROR] lines: the lines Maven would colour on a terminal.
 */
class LauncherIT {
    @TempDir
    Path clone;

    @Test
    void theBuildsOutputInALogHasNoColourCodes() throws Exception {
        Files.copy(Path.of("..", "chatlab"), clone.resolve("chatlab"));
        clone.resolve("chatlab").toFile().setExecutable(true);
        Files.writeString(clone.resolve("pom.xml"), "<project><not-closed>\n");
        ProcessBuilder builder = new ProcessBuilder(clone.resolve("chatlab").toString(), "--version")
                .directory(clone.toFile()).redirectErrorStream(true);
        builder.environment().put("MAVEN_OPTS", "");
        builder.environment().put("TERM", "xterm-256color"); // a colour terminal's name, but the output is a pipe
        builder.environment().put("XDG_CACHE_HOME", clone.resolve("cache").toString());
        Process launcher = builder.start();
        String log = new String(launcher.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(log).isEqualTo(1);
        assertThat(log).contains("chatlab: building the jar", "[ERROR]", "chatlab: the build failed");
        assertThat(log).as("colour codes (ESC) in:%n%s", log).doesNotContain("\u001b");
    }
}

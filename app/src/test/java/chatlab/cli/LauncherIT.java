package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clone's ./chatlab builds with Maven when the jar is missing; with its output going to a log (a pipe, not a
 * terminal) nothing in it may be a colour code. A copy of the launcher in a folder whose POM does not parse makes
 * Maven fail fast, offline, with [ERROR] lines: the lines Maven would colour on a terminal.
 */
class LauncherIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

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
        String log = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(log).isEqualTo(1);
        assertThat(log).contains("chatlab: building the jar", "[ERROR]", "chatlab: the build failed");
        assertThat(log).as("colour codes (ESC) in:%n%s", log).doesNotContain("\u001b");
    }

    /**
     * The release's launcher starts a server with the JVM options the build wrote from the code (target/launcher,
     * lib/ in the archive), other commands without them, and none when the user picks a collector. A stand-in java
     * prints the arguments it was given.
     */
    @Test
    void aServerGetsTheJvmOptionsTheBuildWroteFromTheCode() throws Exception {
        Path options = Path.of("target", "launcher", LauncherFiles.SERVER_JVM_OPTIONS).toAbsolutePath();
        assertThat(options).as("written by the build (LauncherFiles)").isRegularFile();
        Path java = Files.createDirectories(clone.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        java.toFile().setExecutable(true);
        Path jar = Files.writeString(clone.resolve("chatlab.jar"), "not run");
        Map<String, String> env = Map.of("JAVA_HOME", clone.resolve("jdk").toString(), "CHATLAB_JAR", jar.toString(),
                "CHATLAB_SERVER_JVM_OPTIONS", options.toString(), "CHATLAB_JAVA_OPTS", "");
        Path launcher = Path.of("src/dist/bin/chatlab").toAbsolutePath();

        List<String> expected = new ArrayList<>(ChatServer.RECOMMENDED_JVM_OPTIONS);
        expected.addAll(List.of("-jar", jar.toString(), "server", "--port", "1"));
        assertThat(printed(env, launcher.toString(), "server", "--port", "1")).containsExactlyElementsOf(expected);
        assertThat(printed(env, launcher.toString(), "client")).containsExactly("-jar", jar.toString(), "client");
        Map<String, String> ownCollector = new HashMap<>(env);
        ownCollector.put("CHATLAB_JAVA_OPTS", "-XX:+UseParallelGC");
        assertThat(printed(ownCollector, launcher.toString(), "server"))
                .containsExactly("-XX:+UseParallelGC", "-jar", jar.toString(), "server");
    }

    /** The lines a command printed (the stand-in java's arguments). */
    private static List<String> printed(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}

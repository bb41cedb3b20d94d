package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's copy of the server's JVM options is written from the code, and the launcher holds none itself. */
class LauncherFilesTest {
    @TempDir
    Path dir;

    @Test
    void theServersJvmOptionsFileHoldsTheRecommendedOptionsInOrder() throws Exception {
        Path file = LauncherFiles.write(dir.resolve("launcher"));
        assertThat(Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")))
                .containsExactlyElementsOf(ChatServer.RECOMMENDED_JVM_OPTIONS);
    }

    @Test
    void theLaunchersCarryNoCopyOfTheOptions() throws Exception {
        for (Path launcher : new Path[] {Path.of("src/dist/bin/chatlab"), Path.of("../chatlab")}) {
            String script = Files.readString(launcher);
            for (String option : ChatServer.RECOMMENDED_JVM_OPTIONS) {
                assertThat(script).as(launcher + " copies " + option).doesNotContain(option);
            }
            assertThat(script).contains(LauncherFiles.SERVER_JVM_OPTIONS);
        }
    }
}

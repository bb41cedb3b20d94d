package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md: the testbed uses the capture module, the wire facts and the process runner, never the chat's
 * own modules.
 */
class TestbedImportsTest {
    @Test
    void importsOnlyTheJdkCaptureWireFactsProcessesAndTheLabsPrograms() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String imported = line.replace("import static ", "import ").replaceFirst("^import ", "");
                    if (line.startsWith("import ") && !imported.startsWith("java.")
                            && !imported.startsWith("chatlab.capture.") && !imported.startsWith("chatlab.wire.")
                            && !imported.startsWith("chatlab.labpython.") && !imported.startsWith("chatlab.proc.")
                            && !imported.startsWith("org.junit.") && !imported.startsWith("org.assertj.")) {
                        found.add(file + ": " + line);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
